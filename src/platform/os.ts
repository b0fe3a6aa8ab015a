/** Which system this is, for the modules that differ between Linux and macOS. */

import { platform as osPlatform } from 'node:os';

export const isMac = osPlatform() === 'darwin';
