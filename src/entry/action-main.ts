/** The Action's main step (action.yml runs.main). */
import { fileURLToPath } from 'node:url';
import { run } from '../action/main.js';

// Bundled as dist/action/main.js: the CLI bundle is dist/cli.js.
await run(process.env, { cliJs: fileURLToPath(new URL('../cli.js', import.meta.url)) });
