// The search benchmark's shards in Node worker threads, driven through the app's own search client
// (search-client.ts): documents routed by the hash of their id, every search asked of every shard at
// once and merged in the client, exactly as in the app, with worker_threads standing in for Web Workers.
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'vite';
import type { SearchWorker } from '../../renderer/src/workers/search-client';
import type { SearchRequest, SearchResponse } from '../../renderer/src/workers/search-protocol';
import { CPU_REQUEST } from './thread-cpu';

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

export interface ShardThread extends SearchWorker {
  /** The thread's CPU time so far (ask when it is idle: the answer comes between requests). */
  cpuMs(): Promise<number>;
}

/** A worker thread behind the interface the search client expects of a Web Worker. */
export function shardThread(file: string, name: string): ShardThread {
  const thread = new Worker(file, { workerData: { name }, name });
  const asked: ((ms: number) => void)[] = [];
  const worker: ShardThread = {
    onmessage: null,
    onerror: null,
    postMessage: (message: SearchRequest) => thread.postMessage(message),
    terminate: () => void thread.terminate(),
    cpuMs: () =>
      new Promise((resolve) => {
        asked.push(resolve);
        thread.postMessage(CPU_REQUEST);
      }),
  };
  thread.on('message', (data: SearchResponse | { cpuMs: number }) => {
    if ('cpuMs' in data) asked.shift()?.(data.cpuMs);
    else worker.onmessage?.({ data } as MessageEvent<SearchResponse>);
  });
  thread.on('error', (error) => worker.onerror?.({ message: error.message, preventDefault: () => undefined } as ErrorEvent));
  return worker;
}
