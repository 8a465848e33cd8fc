// The search worker: holds the SQLite FTS5 index (in OPFS where it can) and answers the renderer's
// requests one at a time, in order, so a search never sees a half-applied batch.
import { handleSearchRequest, openIndex } from './search-host';
import type { SearchRequest, SearchResponse } from './search-protocol';

/** The part of a dedicated worker's global scope used here (the renderer compiles with the DOM library, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<SearchRequest>) => void) | null;
  postMessage(message: SearchResponse): void;
}

const scope = self as unknown as WorkerScope;
const index = openIndex(true);
let queue: Promise<unknown> = Promise.resolve();
scope.onmessage = (event) => {
  queue = queue.then(async () => scope.postMessage(await handleSearchRequest(index, event.data)));
};
