// Takes one automatic snapshot off the main thread, with its own connection to the database: the
// reading, JSON and compressing of a store holding a 50 MB text froze the window for seconds there.
import { answerSnapshotRequest } from './snapshot-writer';
import type { SnapshotRequest, SnapshotResponse } from './snapshot-writer';

interface WorkerScope {
  onmessage: ((event: MessageEvent<SnapshotRequest>) => void) | null;
  postMessage(message: SnapshotResponse): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (event) => {
  void answerSnapshotRequest(event.data).then((response) => scope.postMessage(response));
};
