/** The Action's main step (action.yml runs.main). */
import { run } from '../action/main.js';

await run();
