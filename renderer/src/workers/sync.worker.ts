// The sync worker's entry: answers the page's requests in order and passes on the host's events.
import { SyncHost } from './sync-host';
import type { SyncRequest, SyncResponse } from './sync-protocol';

const scope = self as unknown as { onmessage: ((event: MessageEvent<SyncRequest>) => void) | null; postMessage(message: SyncResponse): void };
const host = new SyncHost((message) => scope.postMessage(message));
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event) => {
  const request = event.data;
  // One request at a time, in the order sent: a write is never overtaken by an export.
  queue = queue.then(async () => {
    try {
      scope.postMessage({ id: request.id, ok: true, answer: await host.handle(request) });
    } catch (error) {
      scope.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  });
};
