// Writes one automatic snapshot: the streamed backup of every table, stored with its size, then the
// oldest beyond `keep` pruned. Apart from snapshots.ts (which holds the hooks) so that the snapshot
// worker runs it with a connection of its own: reading a 50 MB text out of IndexedDB, turning it
// into one JSON line and compressing it held the window for seconds when it ran there.
import type { MarginDatabase, Snapshot } from './database';
import { openDatabase } from './database';
import { writeStreamedBackup } from './backup-stream';

/** A kept snapshot as the list shows it: everything but its data, with the data's size. */
export type SnapshotSummary = Omit<Snapshot, 'data' | 'bytes'> & { bytes: number };

export function summaryOf(snapshot: Snapshot): SnapshotSummary {
  const { data, bytes, ...rest } = snapshot;
  // Snapshots stored before their size was recorded are measured from their data.
  return { ...rest, bytes: bytes ?? data.byteLength };
}

export async function pruneSnapshots(db: MarginDatabase, keep: number): Promise<void> {
  await db.transaction('rw', db.snapshots, async () => {
    const old = await db.snapshots.orderBy('takenAt').reverse().offset(keep).primaryKeys();
    await db.snapshots.bulkDelete(old);
  });
}

export interface SnapshotRequest {
  /** The database to copy, by name: the worker opens its own connection to it. */
  database: string;
  reason: Snapshot['reason'];
  takenAt: string;
  keep: number;
}

export type SnapshotResponse = { snapshot: SnapshotSummary } | { error: string };

/** Takes the snapshot and keeps the newest `keep`; the caller has decided that one is due. */
export async function writeSnapshot(db: MarginDatabase, { reason, takenAt, keep }: Omit<SnapshotRequest, 'database'>): Promise<SnapshotSummary> {
  // A streamed backup (format 2, unsigned: it never leaves this device), so a snapshot of any size
  // is made chunk by chunk as backups are.
  const written = await writeStreamedBackup(db, { now: takenAt });
  const data = new Uint8Array(await written.file.arrayBuffer());
  const snapshot: Snapshot = {
    id: crypto.randomUUID(),
    takenAt,
    reason,
    documents: written.header.counts.documents,
    annotations: written.liveAnnotations,
    auditEntries: written.header.counts.audit,
    bytes: data.byteLength,
    data,
  };
  await db.snapshots.add(snapshot);
  await pruneSnapshots(db, keep);
  return summaryOf(snapshot);
}

/** What the snapshot worker does with a request: opens the database by name, writes, closes. */
export async function answerSnapshotRequest(request: SnapshotRequest): Promise<SnapshotResponse> {
  const db = openDatabase(request.database);
  try {
    return { snapshot: await writeSnapshot(db, request) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error ?? 'unknown error') };
  } finally {
    db.close();
  }
}
