import { defineConfig } from 'vitest/config';

// The server suites run once per database: always SQLite, and PostgreSQL when TEST_DATABASE_URL is set.
const postgres = Boolean(process.env.TEST_DATABASE_URL);
const serverInclude = ['apps/server/src/**/*.test.ts', 'apps/server/test/**/*.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    globalSetup: ['./scripts/test-global-setup.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/common/src/**/*.test.ts',
            'apps/web/src/**/*.test.ts',
            'apps/server/src/**/*.unit.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'server-sqlite',
          include: serverInclude,
          exclude: ['**/*.unit.test.ts'],
          env: { SHOUWANG_TEST_DIALECT: 'sqlite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(postgres
        ? [
            {
              test: {
                name: 'server-postgres',
                include: serverInclude,
                exclude: ['**/*.unit.test.ts'],
                env: { SHOUWANG_TEST_DIALECT: 'postgres' },
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
