import { defineConfig } from 'vitest/config';

// `npm run e2e`: journeys in a real browser (Debian's Chromium). One file at a time: each starts
// a portal and a browser, and two Chromiums on two CPUs make timings flaky.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
