// The segmentation worker: splits a long text into the reader's blocks off the main thread (a 50 MB
// text takes seconds, which would freeze the window). Loaded by segment-client as a module worker.
import { handleSegmentRequest, transferablesOf } from './segment-protocol';
import type { SegmentRequest, SegmentResponse } from './segment-protocol';

/** The part of a dedicated worker's global scope used here (the renderer compiles with the DOM library, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<SegmentRequest>) => void) | null;
  postMessage(message: SegmentResponse, transfer: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (event) => {
  const answer = handleSegmentRequest(event.data);
  scope.postMessage(answer, transferablesOf(answer));
};
