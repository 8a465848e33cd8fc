// Messages between the page and the sync worker. Automerge's wasm and the WebSocket live in the
// worker (the page's policy allows neither wasm compilation nor other origins); the page sends
// records to write and receives documents that changed, as plain data.
import type { BundleDoc } from '@shared/sync/bundle';
import type { SyncDocMeta } from '@shared/sync/layout';
import type { PeerIdentity } from '@shared/sync/peer';

export interface DocRecords {
  meta: SyncDocMeta;
  records: Array<[key: string, value: string]>;
}

export type SyncRequest =
  | { id: number; type: 'start'; who: PeerIdentity; url: string | null; token: string; databaseName: string }
  | { id: number; type: 'write'; docs: DocRecords[] }
  | { id: number; type: 'read-wanted' }
  | { id: number; type: 'export' }
  | { id: number; type: 'import'; docs: BundleDoc[] }
  | { id: number; type: 'stop' };

export type SyncAnswer =
  | { type: 'done' }
  | { type: 'written'; count: number }
  | { type: 'docs'; docs: DocRecords[] }
  | { type: 'exported'; docs: BundleDoc[] }
  | { type: 'imported'; merged: number; withheld: number };

export interface SyncStatusEvent {
  type: 'status';
  /** Whether the sync server is connected now (false without an address: offline by choice). */
  connected: boolean;
  /** When every document this device writes was last known to be on the server. */
  lastSyncedAt: string | null;
  /** This device's documents with changes the server has not confirmed. */
  waiting: number;
}

/** A document changed here (a peer's changes arrived): its records, already checked against blinding. */
export interface SyncChangedEvent {
  type: 'changed';
  docs: DocRecords[];
}

export type SyncResponse = { id: number; ok: true; answer: SyncAnswer } | { id: number; ok: false; message: string } | SyncStatusEvent | SyncChangedEvent;
