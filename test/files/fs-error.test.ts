import { describe, expect, it } from 'vitest';
import { diskFullError, longestMountPoint, mountPointOf } from '../../src/files/fs-error.js';

const MOUNTINFO = [
  '23 1 0:21 / / rw,relatime - overlay overlay rw',
  '24 23 0:22 / /proc rw,nosuid - proc proc rw',
  '30 23 0:30 / /work rw,relatime - ext4 /dev/sda1 rw',
  '31 30 0:31 / /work/project rw,relatime - tmpfs tmpfs rw,size=64k',
  '32 30 0:32 / /work/my\\040disk rw,relatime - tmpfs tmpfs rw',
  '',
].join('\n');

describe('longestMountPoint', () => {
  it.each([
    ['/work/project/pydebug.lock', '/work/project'],
    ['/work/project', '/work/project'],
    ['/work/projects/x', '/work'],
    ['/work/my disk/a', '/work/my disk'],
    ['/etc/passwd', '/'],
  ])('%s is on %s', (path, mount) => {
    expect(longestMountPoint(MOUNTINFO, path)).toBe(mount);
  });

  it('is undefined when no line covers the path', () => {
    expect(longestMountPoint('', '/x')).toBeUndefined();
  });
});

describe('diskFullError', () => {
  it('names the path, the mount point and what was kept', () => {
    const e = diskFullError(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), '/proc/self/status', 'pydebug.lock was not changed');
    expect(mountPointOf('/proc/self/status')).toBe('/proc');
    expect(e.message).toBe('cannot write /proc/self/status: no space left on the file system mounted at /proc; pydebug.lock was not changed');
    expect(e.hint).toBe('free space on /proc (df -h /proc), then run the command again');
  });
});
