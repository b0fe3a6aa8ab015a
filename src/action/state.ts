/** Names of the state the main step hands to the post step (GITHUB_STATE). */
export const STATE_HOME = 'pydebug-home';
export const STATE_RETRY_SAVES = 'pydebug-retry-saves';
