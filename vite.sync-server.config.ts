// Builds scripts/sync-server.ts into one Node module (out/sync-server/sync-server.mjs) for
// `npm run sync-server`: Node 20 cannot run TypeScript, and the server shares shared/sync with the app.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared') } },
  build: {
    ssr: resolve(import.meta.dirname, 'scripts/sync-server.ts'),
    outDir: process.env.MARGIN_SYNC_SERVER_OUT ?? resolve(import.meta.dirname, 'out/sync-server'),
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { format: 'es', entryFileNames: 'sync-server.mjs' } },
  },
  ssr: { target: 'node' },
});
