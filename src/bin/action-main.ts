/** The Action's main step (action.yml runs.main). */

import { fileURLToPath } from 'node:url';
import { mainStep } from '../action/main.js';

// Bundled as dist/action/main.js: the CLI bundle is dist/cli.js.
await mainStep(process.env, { cliJs: fileURLToPath(new URL('../cli.js', import.meta.url)) });
