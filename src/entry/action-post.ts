/** The Action's post step (action.yml runs.post). */
import { post } from '../action/post.js';

await post();
