// The benchmarks (`npm run bench`): drawing, adding and hit-testing highlights and the evidence table in
// Debian's Chromium against the web build (served by the end-to-end global setup), and re-anchoring in Node.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared') } },
  test: {
    include: ['tests/bench/**/*.bench.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
