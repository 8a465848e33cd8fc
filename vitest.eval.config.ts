// The assistant's evaluation (`npm run eval:assistant`): the suggestion engine on the labelled set,
// in Node, writing bench-results/assistant-eval.json.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared') } },
  test: {
    include: ['tests/eval/**/*.eval.ts'],
    environment: 'node',
    testTimeout: 120_000,
  },
});
