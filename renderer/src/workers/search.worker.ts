// One shard of the search index (see shared/search/shards.ts): its SQLite FTS5 database, in OPFS
// where it can, under the name the renderer gave the worker; requests are answered one at a time,
// in order, so a search never sees a half-applied batch.
import { openIndex, serveSearch } from './search-host';
import type { SearchRequest, SearchResponse } from './search-protocol';

/** The part of a dedicated worker's global scope used here (the renderer compiles with the DOM library, not WebWorker). */
interface WorkerScope {
  name: string;
  onmessage: ((event: MessageEvent<SearchRequest>) => void) | null;
  postMessage(message: SearchResponse): void;
}

const scope = self as unknown as WorkerScope;
serveSearch(
  {
    onRequest: (listener) => (scope.onmessage = (event) => listener(event.data)),
    postMessage: (message) => scope.postMessage(message),
  },
  openIndex(true, scope.name),
);
