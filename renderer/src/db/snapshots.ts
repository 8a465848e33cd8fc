// Automatic local snapshots, as reference managers keep them: a rolling set of compressed copies of
// every data table, taken on a schedule while Margin is open (only when something changed), listed
// with their date and counts, and restorable in one step. A restore first snapshots the present,
// so going back to a snapshot can itself be gone back on. Snapshots are streamed backups (format 2);
// older ones, one gzip-compressed format 1 text, still restore.
import { readBackup } from '@shared/export/backup';
import type { Setting } from '@shared/model';
import { useEffect } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useDatabase } from './context';
import { restoreBackup } from './backup';
import { checkStreamedBackup, restoreStreamedBackup, writeStreamedBackup } from './backup-stream';
import type { MarginDatabase, Snapshot } from './database';
import { runChange } from './funnel';

export const SNAPSHOT_SETTINGS_KEY = 'snapshots';

export interface SnapshotSettings {
  /** How many snapshots are kept; the oldest go first. */
  keep: number;
  /** Minutes between scheduled snapshots while Margin is open. */
  everyMinutes: number;
}

export const DEFAULT_SNAPSHOT_SETTINGS: SnapshotSettings = { keep: 10, everyMinutes: 30 };
export const SNAPSHOT_LIMITS = { keep: { min: 1, max: 100 }, everyMinutes: { min: 5, max: 24 * 60 } } as const;

export function readSnapshotSettings(stored: unknown): SnapshotSettings {
  const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<SnapshotSettings>;
  const within = (n: unknown, { min, max }: { min: number; max: number }, fallback: number) =>
    typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : fallback;
  return {
    keep: within(value.keep, SNAPSHOT_LIMITS.keep, DEFAULT_SNAPSHOT_SETTINGS.keep),
    everyMinutes: within(value.everyMinutes, SNAPSHOT_LIMITS.everyMinutes, DEFAULT_SNAPSHOT_SETTINGS.everyMinutes),
  };
}

export async function saveSnapshotSettings(db: MarginDatabase, settings: SnapshotSettings): Promise<SnapshotSettings> {
  const checked = readSnapshotSettings(settings);
  if (checked.keep !== settings.keep || checked.everyMinutes !== settings.everyMinutes) {
    throw new RangeError(
      `Keep between ${SNAPSHOT_LIMITS.keep.min} and ${SNAPSHOT_LIMITS.keep.max} snapshots, taken every ${SNAPSHOT_LIMITS.everyMinutes.min} to ${SNAPSHOT_LIMITS.everyMinutes.max} minutes.`,
    );
  }
  await runChange(db, { action: 'settings.snapshots', label: 'snapshot settings', documentId: null }, async (writer) => {
    await writer.put<Setting>('settings', { key: SNAPSHOT_SETTINGS_KEY, value: checked });
  });
  await pruneSnapshots(db, checked.keep);
  return checked;
}

async function gunzip(bytes: Uint8Array): Promise<string> {
  const stream = new Response(bytes as Uint8Array<ArrayBuffer>).body!.pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

async function pruneSnapshots(db: MarginDatabase, keep: number): Promise<void> {
  await db.transaction('rw', db.snapshots, async () => {
    const old = await db.snapshots.orderBy('takenAt').reverse().offset(keep).primaryKeys();
    await db.snapshots.bulkDelete(old);
  });
}

/**
 * Takes a snapshot of every data table and keeps the newest `keep`. A scheduled one is skipped
 * (null) when nothing was logged since the newest snapshot: a copy of a copy helps nobody.
 */
export async function takeSnapshot(db: MarginDatabase, reason: Snapshot['reason'], options: { now?: string } = {}): Promise<Snapshot | null> {
  if (reason === 'scheduled') {
    const [newest, logged] = await Promise.all([db.snapshots.orderBy('takenAt').last(), db.audit.count()]);
    if (newest && newest.auditEntries === logged) return null;
  }
  const takenAt = options.now ?? new Date().toISOString();
  // A streamed backup (format 2, unsigned: it never leaves this device), so a snapshot of any size
  // is made chunk by chunk as backups are.
  const written = await writeStreamedBackup(db, { now: takenAt });
  const snapshot: Snapshot = {
    id: crypto.randomUUID(),
    takenAt,
    reason,
    documents: written.header.counts.documents,
    annotations: written.liveAnnotations,
    auditEntries: written.header.counts.audit,
    data: new Uint8Array(await written.file.arrayBuffer()),
  };
  await db.snapshots.add(snapshot);
  const settings = readSnapshotSettings((await db.settings.get(SNAPSHOT_SETTINGS_KEY))?.value);
  await pruneSnapshots(db, settings.keep);
  return snapshot;
}

/**
 * Makes the data exactly what the snapshot holds, after a snapshot of the present. The snapshot is
 * read and checked completely first: a damaged one changes nothing.
 */
export async function restoreSnapshot(db: MarginDatabase, id: string): Promise<void> {
  const snapshot = await db.snapshots.get(id);
  if (!snapshot) throw new Error('That snapshot is no longer kept.');
  // Snapshots taken before backups were streamed are one gzip-compressed format 1 text.
  const isGzip = snapshot.data[0] === 0x1f && snapshot.data[1] === 0x8b;
  if (!isGzip) {
    const checked = await checkStreamedBackup(new Blob([snapshot.data as Uint8Array<ArrayBuffer>]));
    if (!checked.ok) throw new Error(`The snapshot cannot be restored: ${checked.reason} Nothing was changed.`);
    await takeSnapshot(db, 'before-restore');
    await restoreStreamedBackup(db, checked.backup, 'replace');
    return;
  }
  let text: string;
  try {
    text = await gunzip(snapshot.data);
  } catch {
    throw new Error('The snapshot is damaged and cannot be read. Nothing was changed.');
  }
  const read = readBackup(text);
  if (!read.ok) throw new Error(`The snapshot cannot be restored: ${read.reason} Nothing was changed.`);
  await takeSnapshot(db, 'before-restore');
  await restoreBackup(db, read.backup.data, 'replace');
}

export type SnapshotSummary = Omit<Snapshot, 'data'> & { bytes: number };

/** The kept snapshots, newest first, without their data; undefined while reading. */
export function useSnapshots(): SnapshotSummary[] | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => {
    const all = await db.snapshots.orderBy('takenAt').reverse().toArray();
    return all.map(({ data, ...rest }) => ({ ...rest, bytes: data.byteLength }));
  }, [db]);
}

export function useSnapshotSettings(): SnapshotSettings {
  const db = useDatabase();
  const stored = useLiveQuery(() => db.settings.get(SNAPSHOT_SETTINGS_KEY), [db]);
  return readSnapshotSettings(stored?.value);
}

/**
 * Takes the scheduled snapshots while the app is open: one shortly after start, then one every
 * `everyMinutes`, each only if something changed. A failure (a full disk) is reported once per
 * attempt to `onError` and never stops the reviewer's work.
 */
export function useSnapshotSchedule(onError: (error: unknown) => void): void {
  const db = useDatabase();
  const { everyMinutes } = useSnapshotSettings();
  useEffect(() => {
    const run = () => void takeSnapshot(db, 'scheduled').catch(onError);
    const first = setTimeout(run, 60_000);
    const every = setInterval(run, everyMinutes * 60_000);
    return () => {
      clearTimeout(first);
      clearInterval(every);
    };
  }, [db, everyMinutes, onError]);
}
