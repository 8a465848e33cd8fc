// End-to-end tests: the web build (dist/web) served on loopback and driven in Debian's Chromium.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The sync test drives a creator's replica from Node, which imports shared/ by its alias.
  // The report's end-to-end test renders the shared export fixtures, which import through @shared.
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared') } },
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
