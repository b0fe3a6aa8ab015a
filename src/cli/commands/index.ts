import { cleanCommand } from './clean.js';
import { initCommand } from './init.js';
import { inspectCommand } from './inspect.js';
import { listCommand } from './list.js';
import { lockCommand } from './lock.js';
import { matrixCommand } from './matrix.js';
import { runCommand } from './run.js';
import { syncCommand } from './sync.js';
import type { Command } from './types.js';
import { whichCommand } from './which.js';

export type { Command };

export const COMMANDS: Command[] = [initCommand, lockCommand, syncCommand, whichCommand, runCommand, listCommand, inspectCommand, matrixCommand, cleanCommand];
