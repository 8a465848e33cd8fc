// The browser build of the same renderer: static files in dist/web, with the bundled corpus copied
// to dist/web/documents so the web host can fetch it, and a _headers file for the server. Relative base so any static server's root works.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { pageSecurity } from './scripts/page-security';
import { START_CHUNKS, START_PRELOAD } from './scripts/start-chunks';

export default defineConfig({
  root: 'renderer',
  base: './',
  publicDir: resolve(import.meta.dirname, 'resources'),
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared') } },
  plugins: [react(), pageSecurity({ headersFile: true })],
  // The search worker loads sqlite-wasm, whose ES module finds sqlite3.wasm through import.meta.url:
  // an ES worker keeps that URL, so the wasm is emitted as an asset beside it; the dev server must
  // not pre-bundle the package (it would lose the file).
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
  build: {
    outDir: resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    modulePreload: START_PRELOAD,
    rolldownOptions: { output: START_CHUNKS },
  },
});
