import { build } from 'vite';
import { writeFileSync } from 'node:fs';
await build({ configFile: false, root: '/work/wt/ingest/tests/bench/ingest-page', base: './', logLevel: 'warn', resolve: { alias: { '@shared': '/work/wt/ingest/shared' } }, worker: { format: 'es' }, build: { outDir: '/work/wt/ingest/dist/bench-ingest', emptyOutDir: true, minify: false } });
writeFileSync('/work/wt/ingest/dist/bench-ingest/_headers', '');
