// One shard of the search index in a Node worker thread, for the search benchmark: the same host
// (search-host.ts `serveSearch`, `openIndex`) the app's search worker runs, on an in-memory
// database like the benchmark's baseline. Bundled by search-threads.ts before the benchmark runs.
import { parentPort, workerData } from 'node:worker_threads';
import { openIndex, serveSearch } from '../../renderer/src/workers/search-host';
import type { SearchRequest } from '../../renderer/src/workers/search-protocol';
import { CPU_REQUEST, threadCpuMs } from './thread-cpu';

const port = parentPort;
if (!port) throw new Error('search-shard-thread runs as a worker thread');
const { name } = workerData as { name: string };
serveSearch(
  {
    // The benchmark's own question (not the app's protocol): how much CPU this thread has used so far.
    onRequest: (listener) => port.on('message', (request: SearchRequest | typeof CPU_REQUEST) => (request === CPU_REQUEST ? port.postMessage({ cpuMs: threadCpuMs() }) : listener(request))),
    postMessage: (message) => port.postMessage(message),
  },
  openIndex(false, name, 'the benchmark keeps each shard in memory, as its baseline'),
);
