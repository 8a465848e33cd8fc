// Re-anchoring from the renderer without blocking it: requests go to one module worker (bundled by
// Vite from reanchor.worker.ts), answers come back as promises. Where Worker is missing (tests in
// jsdom, very old hosts) the same work runs inline, so callers never need two paths.
import type { Anchor } from '@shared/anchoring';
import type { TextSelectors } from '@shared/model';
import { handleReanchorRequest } from './reanchor-protocol';
import type { ReanchorRequest, ReanchorResponse } from './reanchor-protocol';

/** What the client needs of a Worker; tests pass a stand-in. */
export interface ReanchorWorker {
  onmessage: ((event: MessageEvent<ReanchorResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: ReanchorRequest): void;
  terminate(): void;
}

export interface ReanchorClient {
  /** reanchorAll (see shared/anchoring) in the worker: one anchor or orphan per target, in order. */
  reanchorAll(oldText: string | null, newText: string, targets: readonly TextSelectors[]): Promise<Anchor[]>;
  /** Stops the worker; requests still running are rejected. */
  dispose(): void;
}

function moduleWorker(): ReanchorWorker | null {
  if (typeof Worker === 'undefined') return null;
  // The literal `new Worker(new URL(…, import.meta.url), { type: 'module' })` is what Vite and
  // electron-vite recognise and bundle as a separate worker chunk.
  return new Worker(new URL('./reanchor.worker.ts', import.meta.url), { type: 'module', name: 'margin-reanchor' });
}

/**
 * A client owning at most one worker, started on the first request and started again after a
 * crash. `createWorker` returns null where workers are unavailable; the work then runs inline.
 */
export function createReanchorClient(createWorker: () => ReanchorWorker | null = moduleWorker): ReanchorClient {
  let worker: ReanchorWorker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (anchors: Anchor[]) => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };

  const started = (): ReanchorWorker | null => {
    if (worker) return worker;
    worker = createWorker();
    if (!worker) return null;
    worker.onmessage = (event) => {
      const answer = event.data;
      const waiting = pending.get(answer.id);
      if (!waiting) return;
      pending.delete(answer.id);
      if ('error' in answer) waiting.reject(new Error(`Re-anchoring failed: ${answer.error}`));
      else waiting.resolve(answer.anchors);
    };
    worker.onerror = (event) => {
      // A crashed worker answers nothing more: reject what it held and start afresh next time.
      event.preventDefault?.();
      worker?.terminate();
      worker = null;
      failAll(new Error(`The re-anchoring worker stopped: ${event.message || 'unknown error'}`));
    };
    return worker;
  };

  return {
    reanchorAll(oldText, newText, targets) {
      const request: ReanchorRequest = { id: nextId++, oldText, newText, targets: [...targets] };
      const running = started();
      if (!running) {
        const answer = handleReanchorRequest(request);
        return 'error' in answer ? Promise.reject(new Error(`Re-anchoring failed: ${answer.error}`)) : Promise.resolve(answer.anchors);
      }
      return new Promise<Anchor[]>((resolve, reject) => {
        pending.set(request.id, { resolve, reject });
        running.postMessage(request);
      });
    },
    dispose() {
      worker?.terminate();
      worker = null;
      failAll(new Error('The re-anchoring client was disposed.'));
    },
  };
}
