// One shard of the search index in a Node worker thread, for the search benchmark: the same host
// (search-host.ts `serveSearch`, `openIndex`) the app's search worker runs, on an in-memory
// database like the benchmark's baseline. Bundled by search-threads.ts before the benchmark runs.
import { parentPort, workerData } from 'node:worker_threads';
import { openIndex, serveSearch } from '../../renderer/src/workers/search-host';
import type { SearchRequest } from '../../renderer/src/workers/search-protocol';

const port = parentPort;
if (!port) throw new Error('search-shard-thread runs as a worker thread');
const { name } = workerData as { name: string };
serveSearch(
  {
    onRequest: (listener) => port.on('message', (request: SearchRequest) => listener(request)),
    postMessage: (message) => port.postMessage(message),
  },
  openIndex(false, name, 'the benchmark keeps each shard in memory, as its baseline'),
);
