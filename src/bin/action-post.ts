/** The Action's post step (action.yml runs.post). */

import { postStep } from '../action/post.js';

await postStep();
