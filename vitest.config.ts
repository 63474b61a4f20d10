import { defineConfig } from 'vitest/config';

const sources = '{apps,packages}/*/src/**';

export default defineConfig({
  test: {
    reporters: ['default', './packages/testkit/src/vitest/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [`${sources}/*.test.ts`],
          exclude: [`${sources}/*.integration.test.ts`, '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: [`${sources}/*.integration.test.ts`],
          environment: 'node',
          // The second records every query shape and fails the run on one no index serves
          // (docs/database.md#index-coverage).
          globalSetup: [
            './packages/testkit/src/vitest/global-setup.ts',
            './packages/db/src/index-coverage/global-setup.ts',
          ],
          // The embedded FerretDB is built on first use (minutes on a cold machine) in global setup;
          // tests themselves talk to real services, so allow more than the default 5 s.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
