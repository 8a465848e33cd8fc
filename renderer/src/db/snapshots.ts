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
import { checkStreamedBackup, restoreStreamedBackup } from './backup-stream';
import type { MarginDatabase, Snapshot } from './database';
import { runChange } from './funnel';
import { pruneSnapshots, summaryOf, writeSnapshot } from './snapshot-writer';
import type { SnapshotRequest, SnapshotResponse, SnapshotSummary } from './snapshot-writer';

export type { SnapshotSummary } from './snapshot-writer';

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

/** What takeSnapshot needs of a Worker; tests pass a stand-in. */
export interface SnapshotWorker {
  onmessage: ((event: MessageEvent<SnapshotResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: SnapshotRequest): void;
  terminate(): void;
}

function moduleWorker(): SnapshotWorker | null {
  if (typeof Worker === 'undefined' || typeof indexedDB === 'undefined') return null;
  // The literal form is what Vite and electron-vite bundle as a separate worker chunk.
  return new Worker(new URL('./snapshot.worker.ts', import.meta.url), { type: 'module', name: 'margin-snapshot' });
}

function inWorker(worker: SnapshotWorker, request: SnapshotRequest): Promise<SnapshotSummary> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      worker.terminate();
      const answer = event.data;
      if ('error' in answer) reject(new Error(`The snapshot could not be taken: ${answer.error}`));
      else resolve(answer.snapshot);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      reject(new Error(`The snapshot could not be taken: ${event.message || 'its worker stopped'}`));
    };
    worker.postMessage(request);
  });
}

/**
 * Takes a snapshot of every data table and keeps the newest `keep`. A scheduled one is skipped
 * (null) when nothing was logged since the newest snapshot: a copy of a copy helps nobody. The copy
 * is made in a worker with its own connection, so this thread reads none of the data (a 50 MB text
 * read, stringified and compressed here froze the window for seconds); only where there are no
 * workers (jsdom) is it made here.
 */
export async function takeSnapshot(
  db: MarginDatabase,
  reason: Snapshot['reason'],
  options: { now?: string; createWorker?: () => SnapshotWorker | null } = {},
): Promise<SnapshotSummary | null> {
  if (reason === 'scheduled') {
    const [newest, logged] = await Promise.all([db.snapshots.orderBy('takenAt').last(), db.audit.count()]);
    if (newest && newest.auditEntries === logged) return null;
  }
  const takenAt = options.now ?? new Date().toISOString();
  const { keep } = readSnapshotSettings((await db.settings.get(SNAPSHOT_SETTINGS_KEY))?.value);
  const worker = (options.createWorker ?? moduleWorker)();
  if (worker) return inWorker(worker, { database: db.name, reason, takenAt, keep });
  return writeSnapshot(db, { reason, takenAt, keep });
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

/** The kept snapshots, newest first, without their data; undefined while reading. */
export function useSnapshots(): SnapshotSummary[] | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => (await db.snapshots.orderBy('takenAt').reverse().toArray()).map(summaryOf), [db]);
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
