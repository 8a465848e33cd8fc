// Unit and component tests. DOM tests run in jsdom with fake-indexeddb; node-side tests say
// `// @vitest-environment node` at their top. `electron` resolves to a mock so no test loads it.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      '@shared': resolve(import.meta.dirname, 'shared'),
      electron: resolve(import.meta.dirname, 'tests/setup/electron-mock.ts'),
    },
  },
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'tests/build/**', 'node_modules/**'],
    environment: 'jsdom',
    setupFiles: ['tests/setup/setup.ts'],
    restoreMocks: true,
    testTimeout: 20_000,
  },
});
