// The search benchmark's shards in Node worker threads, driven through the app's own search client
// (search-client.ts): documents routed by the hash of their id, every search asked of every shard at
// once and merged in the client, exactly as in the app, with worker_threads standing in for Web Workers.
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'vite';
import type { SearchWorker } from '../../renderer/src/workers/search-client';
import type { SearchRequest, SearchResponse } from '../../renderer/src/workers/search-protocol';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT_DIR = resolve(ROOT, 'out/bench-search');
const FILE = 'search-shard-thread.mjs';

/** Bundles search-shard-thread.ts for Node (packages such as sqlite-wasm stay imports of node_modules). */
export async function buildShardThread(): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    resolve: { alias: { '@shared': resolve(ROOT, 'shared') } },
    build: {
      ssr: resolve(import.meta.dirname, 'search-shard-thread.ts'),
      outDir: OUT_DIR,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: FILE } },
    },
  });
  return resolve(OUT_DIR, FILE);
}

/** A worker thread behind the interface the search client expects of a Web Worker. */
export function shardThread(file: string, name: string): SearchWorker {
  const thread = new Worker(file, { workerData: { name }, name });
  const worker: SearchWorker = {
    onmessage: null,
    onerror: null,
    postMessage: (message: SearchRequest) => thread.postMessage(message),
    terminate: () => void thread.terminate(),
  };
  thread.on('message', (data: SearchResponse) => worker.onmessage?.({ data } as MessageEvent<SearchResponse>));
  thread.on('error', (error) => worker.onerror?.({ message: error.message, preventDefault: () => undefined } as ErrorEvent));
  return worker;
}
