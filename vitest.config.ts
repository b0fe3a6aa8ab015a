import { defineConfig } from 'vitest/config';
import { e2eBlockedReason } from './test/support/provision.js';

// Two projects: fast unit tests of the pure core and the edges, and end-to-end tests that build
// real CPython once per run (test/e2e/global-setup.ts, which first fetches what they need) and
// share the store. Where the e2e tests cannot run and npm test cannot fix that itself (not root,
// build packages missing), the e2e project is left out, with one line saying what to install.
const e2eBlocked = e2eBlockedReason();
if (e2eBlocked) process.stderr.write(`${e2eBlocked}\n`);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          testTimeout: 30_000,
        },
      },
      ...(e2eBlocked
        ? []
        : [
            {
              test: {
                name: 'e2e',
                include: ['test/e2e/**/*.test.ts'],
                globalSetup: ['test/e2e/global-setup.ts'],
                testTimeout: 15 * 60_000,
                hookTimeout: 15 * 60_000,
              },
            },
          ]),
    ],
  },
});
