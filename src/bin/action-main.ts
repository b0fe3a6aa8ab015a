/** The Action's main run (action.yml runs.main). */

import { fileURLToPath } from 'node:url';
import { mainRun } from '../action/main.js';

// Bundled as dist/action/main.js: the CLI bundle is dist/cli.js.
await mainRun(process.env, { cliJs: fileURLToPath(new URL('../cli.js', import.meta.url)) });
