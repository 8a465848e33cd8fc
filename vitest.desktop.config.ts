// Desktop end-to-end tests: the built app in the real Electron, driven by playwright-core. They run
// wherever Electron's binary is installed and skip with a one-line reason where it is not.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared') } },
  test: {
    include: ['tests/desktop/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['tests/desktop/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
  },
});
