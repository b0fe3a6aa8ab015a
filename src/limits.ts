/**
 * Bounds on what people type that more than one entry point checks (the CLI's options, the
 * Action's inputs): one number each, so the two never disagree.
 */

/** Upper bound of --jobs and --parallel (and the Action's jobs input): more is a typo, not a machine. */
export const MAX_JOBS = 256;
