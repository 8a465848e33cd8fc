// The re-anchoring worker: re-anchors a document's annotations off the main thread (10,000 of them
// on a megabyte of text take long enough to drop frames). Loaded by reanchor-client as a module worker.
import { handleReanchorRequest } from './reanchor-protocol';
import type { ReanchorRequest, ReanchorResponse } from './reanchor-protocol';

/** The part of a dedicated worker's global scope used here (the renderer compiles with the DOM library, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ReanchorRequest>) => void) | null;
  postMessage(message: ReanchorResponse): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (event) => scope.postMessage(handleReanchorRequest(event.data));
