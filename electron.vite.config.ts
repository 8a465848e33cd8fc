// Builds the desktop app: main (ESM), preload (CommonJS, required by a sandboxed preload) and the renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { pageSecurity } from './scripts/page-security';
import { START_CHUNKS, START_PRELOAD } from './scripts/start-chunks';

const alias = { '@shared': resolve(import.meta.dirname, 'shared') };

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      // Bundle zod and the rest: out/ then runs on its own, and the packaged app ships no node_modules.
      externalizeDeps: false,
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    resolve: { alias },
    plugins: [react(), pageSecurity({ headersFile: false })],
    // The search worker loads sqlite-wasm, whose ES module finds sqlite3.wasm through import.meta.url:
    // an ES worker keeps that URL, so the wasm is emitted as an asset beside it; the dev server must
    // not pre-bundle the package (it would lose the file).
    worker: { format: 'es' },
    optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
    build: {
      outDir: 'out/renderer',
      modulePreload: START_PRELOAD,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') }, output: START_CHUNKS },
    },
  },
});
