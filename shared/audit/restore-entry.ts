// A restore is logged chunk by chunk, not record by record: a million restored annotations made a
// million hash-chained entries (17 minutes of hashing and index writes). One entry names what it
// wrote by the backup's chunk — its SHA-256 as the signed header lists it, how many records, the
// first and last key — so the log still says exactly what came in, and it stays one chain.
import type { AuditEntry, AuditedTable } from '../model';

/** What one restore entry's `after` holds: the records of one chunk (of one document) it wrote. */
export interface RestoredChunk {
  /** The backup's digest (`sha256:` of its chunk list, which its signature covers) and its date. */
  backup: string;
  createdAt: string;
  /** The chunk, counted from 1, of how many the file holds. */
  chunk: number;
  chunks: number;
  /** Hex SHA-256 of the chunk's compressed bytes, as the backup's header lists it. */
  sha256: string;
  /** Records of the chunk written (those of `documentId` when the entry names one), first and last key. */
  records: number;
  first: string;
  last: string;
  /** Of those, how many replaced a different stored record (each kept in the entry's `before`). */
  replaced: number;
  /** Keys of records of the chunk a merge did not take, because the stored record won. */
  notTaken: string[];
}

/** The `before` of a restore entry: the records the restore overwrote or removed, as the log keeps them. */
export interface RestoreBefore {
  records: unknown[];
}

/** The `after` of an entry for records a replace removed (the backup does not hold them). */
export interface RemovedByRestore {
  removed: number;
  first: string;
  last: string;
}

export function restoredChunkEntry(fields: RestoredChunk, before: readonly unknown[]): { key: string; before: RestoreBefore | null; after: { restoredChunk: RestoredChunk } } {
  return { key: `backup chunk ${fields.chunk} of ${fields.chunks}`, before: before.length > 0 ? { records: [...before] } : null, after: { restoredChunk: fields } };
}

export function removedByRestoreEntry(keys: readonly string[], before: readonly unknown[]): { key: string; before: RestoreBefore; after: { removedByRestore: RemovedByRestore } } {
  return { key: 'not in the backup', before: { records: [...before] }, after: { removedByRestore: { removed: keys.length, first: keys[0] ?? '', last: keys.at(-1) ?? '' } } };
}

function isRestore(entry: Pick<AuditEntry, 'action'>): boolean {
  return entry.action.startsWith('backup.restore.');
}

function member<T>(value: unknown, name: string): T | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, name) ? ((value as Record<string, unknown>)[name] as T) : null;
}

/** The chunk a restore entry wrote, or null for any other entry (a record's own change). */
export function restoredChunkOf(entry: Pick<AuditEntry, 'action' | 'after'>): RestoredChunk | null {
  return isRestore(entry) ? member<RestoredChunk>(entry.after, 'restoredChunk') : null;
}

export function removedByRestoreOf(entry: Pick<AuditEntry, 'action' | 'after'>): RemovedByRestore | null {
  return isRestore(entry) ? member<RemovedByRestore>(entry.after, 'removedByRestore') : null;
}

const PLURAL: Record<AuditedTable, [string, string]> = {
  documents: ['document', 'documents'],
  texts: ['document text', 'document texts'],
  annotations: ['annotation record', 'annotation records'],
  statuses: ['review status', 'review statuses'],
  schemas: ['extraction schema', 'extraction schemas'],
  settings: ['setting', 'settings'],
  originals: ['original file', 'original files'],
  reviews: ['team review', 'team reviews'],
  progress: ['reviewer progress record', 'reviewer progress records'],
  suggestionRejections: ['rejected suggestion', 'rejected suggestions'],
};

function counted(n: number, table: AuditedTable): string {
  const [one, many] = PLURAL[table];
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

function range(first: string, last: string): string {
  return first === last ? first : `${first} … ${last}`;
}

/** A restore entry in words, or null when the entry is not one of a restore's chunk or removal entries. */
export function describeRestoreEntry(entry: AuditEntry): { summary: string; lines: { what: string; from: string | null; to: string | null }[] } | null {
  const chunk = restoredChunkOf(entry);
  if (chunk !== null) {
    const replaced = chunk.replaced > 0 ? `, ${chunk.replaced.toLocaleString('en')} of them replacing what was stored` : '';
    const lines = [
      { what: 'Records', from: null, to: range(chunk.first, chunk.last) },
      { what: `Chunk ${chunk.chunk} of ${chunk.chunks}, SHA-256`, from: null, to: chunk.sha256 },
      { what: 'Backup', from: null, to: `made ${chunk.createdAt}, ${chunk.backup}` },
    ];
    if (chunk.notTaken.length > 0) lines.push({ what: 'Kept as stored (newer here)', from: null, to: chunk.notTaken.join(', ') });
    const verb = entry.action === 'backup.restore.merge' ? 'Merged' : 'Restored';
    return { summary: `${verb} ${counted(chunk.records, entry.table)} from a backup${replaced}`, lines };
  }
  const removed = removedByRestoreOf(entry);
  if (removed !== null) {
    return { summary: `Removed ${counted(removed.removed, entry.table)} the restored backup does not hold`, lines: [{ what: 'Records', from: range(removed.first, removed.last), to: null }] };
  }
  return null;
}
