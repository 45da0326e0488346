import { defineConfig } from 'vitest/config';

/**
 * Three projects: unit tests sit beside their code; integration tests use real SQLite files, real HTTP
 * against the vendor sandboxes and the real keychain; e2e drives Debian Chromium against the web host.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          // Tests that start the real core worker transpile the whole core on start-up (tsx).
          testTimeout: 30_000,
          include: [
            'src-main/**/*.test.ts',
            'src-shared/**/*.test.ts',
            'src-preload/**/*.test.ts',
            'src-renderer/**/*.test.{ts,tsx}',
            'migrations/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
