// Tests of the build output rather than the sources: the built main bundle against the mocked
// `electron`, and a Linux package made around a stand-in Electron binary. Apart from the unit tests
// because they build and package (seconds of full CPU), which would slow the parallel unit run.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@shared': resolve(import.meta.dirname, 'shared'),
      electron: resolve(import.meta.dirname, 'tests/setup/electron-mock.ts'),
    },
  },
  test: {
    include: ['tests/build/**/*.test.ts'],
    environment: 'node',
    restoreMocks: true,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
