/** The Action's post run (action.yml runs.post). */

import { postRun } from '../action/post.js';

await postRun();
