// The page's side of the sync worker: requests go out as promises, status and changed documents
// come back as events. Tests pass a stand-in worker (or a host run inline in Node).
import type { BundleDoc } from '@shared/sync/bundle';
import type { PeerIdentity } from '@shared/sync/peer';
import type { DocRecords, SyncAnswer, SyncChangedEvent, SyncRequest, SyncResponse, SyncStatusEvent } from './sync-protocol';

export interface SyncWorkerLike {
  onmessage: ((event: MessageEvent<SyncResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: SyncRequest): void;
  terminate(): void;
}

export interface SyncEvents {
  status(event: SyncStatusEvent): void;
  changed(event: SyncChangedEvent): void;
  failed(message: string): void;
}

export interface SyncClient {
  start(who: PeerIdentity, url: string | null, token: string, databaseName: string): Promise<void>;
  write(docs: DocRecords[]): Promise<number>;
  readWanted(): Promise<DocRecords[]>;
  exportDocs(): Promise<BundleDoc[]>;
  importDocs(docs: BundleDoc[]): Promise<{ merged: number; withheld: number }>;
  stop(): Promise<void>;
  dispose(): void;
}

export function moduleSyncWorker(): SyncWorkerLike | null {
  if (typeof Worker === 'undefined') return null;
  // The literal form Vite and electron-vite recognise and bundle (with automerge.wasm) as a worker chunk.
  return new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module', name: 'margin-sync' });
}

type Body = SyncRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export function createSyncClient(worker: SyncWorkerLike, events: SyncEvents): SyncClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (answer: SyncAnswer) => void; reject: (error: Error) => void }>();
  worker.onmessage = (event) => {
    const message = event.data;
    if ('type' in message && message.type === 'status') return events.status(message);
    if ('type' in message && message.type === 'changed') return events.changed(message);
    const reply = message as Extract<SyncResponse, { id: number }>;
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.answer);
    else waiting.reject(new Error(reply.message));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    const message = `Sync stopped: ${event.message || 'its worker failed to start'}`;
    for (const { reject } of pending.values()) reject(new Error(message));
    pending.clear();
    events.failed(message);
  };
  const send = <T extends SyncAnswer['type']>(body: Body): Promise<Extract<SyncAnswer, { type: T }>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (answer: SyncAnswer) => void, reject });
      worker.postMessage({ ...body, id } as SyncRequest);
    });
  return {
    start: async (who, url, token, databaseName) => {
      await send<'done'>({ type: 'start', who, url, token, databaseName });
    },
    write: async (docs) => (await send<'written'>({ type: 'write', docs })).count,
    readWanted: async () => (await send<'docs'>({ type: 'read-wanted' })).docs,
    exportDocs: async () => (await send<'exported'>({ type: 'export' })).docs,
    importDocs: async (docs) => {
      const { merged, withheld } = await send<'imported'>({ type: 'import', docs });
      return { merged, withheld };
    },
    stop: async () => {
      await send<'done'>({ type: 'stop' });
    },
    dispose: () => worker.terminate(),
  };
}
