// Backups of any size (format 2, shared/export/backup-stream.ts): written table by table in pages of
// records, each page gzip-compressed into its own chunk, and restored chunk by chunk inside one
// IndexedDB transaction, so a million annotations never become one string and a failed restore
// leaves the database exactly as it was.
import { Dexie } from 'dexie';
import { sealEntries } from '@shared/audit/chain';
import { removedByRestoreEntry, restoredChunkEntry } from '@shared/audit/restore-entry';
import { mergeRule } from '@shared/export/backup';
import type { BackupCounts } from '@shared/export/backup';
import { BackupChecker, decodeRecords, headerLine, looksStreamed, parseHeader, recordKey, STREAM_TABLES, streamCovered, streamHeaderOf } from '@shared/export/backup-stream';
import type { ChunkEntry, RecordKey, StreamHeader, StreamTable } from '@shared/export/backup-stream';
import { originalForBackup, originalFromBackup } from '@shared/export/backup';
import type { AuditEntry, AuditedTable, DocumentId, DocumentOriginal, Setting, StoredSchema } from '@shared/model';
import type { FileSignature } from '@shared/signing';
import { LOCAL_SETTINGS, RestoreRefused } from './backup';
import type { RestoreMode } from './backup';
import type { MarginDatabase } from './database';
import { sha256HexDigest } from './digest';
import { rebuildFieldCounts } from './field-counts';
import { forgetHistoryAfterRestore } from './history';
import { DEVICE_KEY, forAudit, notifyCommitted, REVIEWER_KEY, reviewerOf, runChange, sameRecord, SYSTEM_ACTOR } from './funnel';
import type { RecordChange } from './funnel';

/** Records per read and per chunk: small enough that a chunk is a few megabytes, large enough to compress well. */
const PAGE = 10_000;
/** Texts and original files are large records: fewer a page, so a chunk stays a few tens of megabytes at most. */
const PAGE_OF: Partial<Record<StreamTable, number>> = { texts: 200, originals: 4 };
/** A chunk is closed early once its NDJSON passes this many characters (a page of 200 long texts). */
const CHUNK_CHARS = 16 * 2 ** 20;
/**
 * The restore keeps each change (for the search index and sync, told after the commit) up to this
 * many; past it they are not held in memory, and the listeners are told that everything changed.
 */
const CHANGE_NOTICE_LIMIT = 50_000;

export interface BackupProgress {
  phase: 'reading' | 'checking' | 'writing';
  /** Records done so far, and of how many (null while not yet known). */
  done: number;
  total: number | null;
}

export type OnProgress = (progress: BackupProgress) => void;

type AnyTable = Dexie.Table<object, RecordKey>;

function tableOf(db: MarginDatabase, table: StreamTable): AnyTable {
  return db[table] as unknown as AnyTable;
}

function allTables(db: MarginDatabase): AnyTable[] {
  return STREAM_TABLES.map((t) => tableOf(db, t));
}

async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function gunzip(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

async function sha256OfBytes(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** One page of a table after `after` in primary-key order. */
function page(db: MarginDatabase, table: StreamTable, after: RecordKey | null, limit: number): Promise<object[]> {
  const store = tableOf(db, table);
  return (after === null ? store.orderBy(':id') : store.where(':id').above(after)).limit(limit).toArray();
}

export interface WrittenBackup {
  /** The file: the header line, then the chunks. */
  file: Blob;
  header: StreamHeader;
  /** Annotations not deleted, counted as they were read (for the reviewer's notice). */
  liveAnnotations: number;
}

/**
 * Writes every table as a streamed backup. The pages are read in one read-only transaction, so the
 * backup is one consistent picture even while the reviewer works; compressing and hashing each
 * chunk is not an IndexedDB request, so `Dexie.waitFor` keeps the transaction open meanwhile. Each
 * chunk becomes a Blob at once, so the compressed file is not held in the JS heap either.
 */
export async function writeStreamedBackup(
  db: MarginDatabase,
  options: {
    now: string;
    sign?: (covered: unknown) => Promise<FileSignature | undefined>;
    onProgress?: OnProgress;
    /** Records a page (tests pass a few, to get many chunks from a small database). */
    pageSize?: number;
  },
): Promise<WrittenBackup> {
  const chunks: ChunkEntry[] = [];
  const parts: Blob[] = [];
  let liveAnnotations = 0;
  await db.transaction('r', allTables(db), async () => {
    const counts = await Promise.all(allTables(db).map((t) => t.count()));
    const total = counts.reduce((a, b) => a + b, 0);
    let done = 0;
    for (const table of STREAM_TABLES) {
      let after: RecordKey | null = null;
      const limit = Math.min(options.pageSize ?? PAGE, PAGE_OF[table] ?? PAGE);
      for (;;) {
        const records = await page(db, table, after, limit);
        if (records.length === 0) break;
        after = recordKey(table, records[records.length - 1]!);
        if (table === 'annotations') for (const record of records) if ((record as { deletedAt: unknown }).deletedAt === null) liveAnnotations++;
        // Cut a page further where its text would pass CHUNK_CHARS (long texts, big PDFs).
        let from = 0;
        while (from < records.length) {
          let text = '';
          let to = from;
          while (to < records.length && (to === from || text.length < CHUNK_CHARS)) {
            const record = table === 'originals' ? originalForBackup(records[to] as DocumentOriginal) : records[to];
            text += JSON.stringify(record) + '\n';
            to++;
          }
          const bytes = await Dexie.waitFor(gzip(text));
          const sha256 = await Dexie.waitFor(sha256OfBytes(bytes));
          chunks.push({ table, records: to - from, bytes: bytes.byteLength, sha256 });
          parts.push(new Blob([bytes]));
          done += to - from;
          from = to;
        }
        options.onProgress?.({ phase: 'reading', done, total });
        if (records.length < limit) break;
      }
    }
  });
  const unsigned = streamHeaderOf(options.now, chunks);
  const signature = options.sign ? await options.sign(streamCovered(unsigned)) : undefined;
  const header: StreamHeader = signature === undefined ? unsigned : { ...unsigned, signature };
  return { file: new Blob([headerLine(header), ...parts], { type: 'application/octet-stream' }), header, liveAnnotations };
}

/** A streamed backup whose every chunk was read and checked: the only kind `restoreStreamedBackup` takes. */
export interface CheckedStreamedBackup {
  readonly file: Blob;
  readonly header: StreamHeader;
  /** Where each chunk starts in the file. */
  readonly offsets: readonly number[];
  readonly documentIds: ReadonlySet<string>;
  /** The counts a restore dialog shows, in the old format's terms. */
  readonly counts: BackupCounts;
}

export type CheckStreamedResult = { ok: true; backup: CheckedStreamedBackup } | { ok: false; reason: string };

const HEADER_PROBE = 64 * 1024;

/** The file's first line, or null when it has none within `limit` bytes (it is not format 2). */
async function firstLine(file: Blob, limit: number): Promise<{ line: string; end: number } | null> {
  let size = Math.min(HEADER_PROBE, file.size);
  for (;;) {
    const bytes = new Uint8Array(await file.slice(0, size).arrayBuffer());
    const at = bytes.indexOf(0x0a);
    if (at >= 0) return { line: new TextDecoder().decode(bytes.subarray(0, at)), end: at + 1 };
    if (size >= file.size || size >= limit) return null;
    size = Math.min(file.size, size * 4);
  }
}

/** True when the file starts as a format 2 backup does (else it is the one-JSON format 1, or not a backup). */
export async function isStreamedBackup(file: Blob): Promise<boolean> {
  const head = new TextDecoder().decode(new Uint8Array(await file.slice(0, 64).arrayBuffer()));
  return looksStreamed(head);
}

async function readChunk(file: Blob, header: StreamHeader, offsets: readonly number[], index: number): Promise<{ ok: true; records: unknown[] } | { ok: false; reason: string }> {
  const chunk = header.chunks[index]!;
  const where = `chunk ${index + 1} of ${header.chunks.length} (${chunk.table})`;
  const start = offsets[index]!;
  if (start + chunk.bytes > file.size) return { ok: false, reason: 'The backup is incomplete: the file ends early, as if it was cut short while being saved or copied.' };
  const bytes = new Uint8Array(await file.slice(start, start + chunk.bytes).arrayBuffer());
  if ((await sha256OfBytes(bytes)) !== chunk.sha256) {
    return { ok: false, reason: `The backup has been changed or damaged since it was made: ${where} does not match its SHA-256.` };
  }
  let text: string;
  try {
    text = await gunzip(bytes);
  } catch {
    return { ok: false, reason: `The backup is damaged: ${where} cannot be decompressed.` };
  }
  const records = decodeRecords(text);
  return records === null ? { ok: false, reason: `The backup is damaged: ${where} does not hold one record a line.` } : { ok: true, records };
}

/**
 * Reads and checks a whole streamed backup before anything is written: the header and its digest,
 * then every chunk (its SHA-256, its records, their keys, links and the history's chain). Memory
 * grows with one chunk and the documents' ids, not with the file. The signature is the caller's
 * to check (`streamCovered(header)`, as the restore dialog does), since it needs this device's keys.
 */
export async function checkStreamedBackup(file: Blob, onProgress?: OnProgress): Promise<CheckStreamedResult> {
  const first = await firstLine(file, 64 * 2 ** 20);
  if (first === null) return { ok: false, reason: 'The backup is damaged: its header is not readable.' };
  const parsed = parseHeader(first.line);
  if (!parsed.ok) return parsed;
  const { header } = parsed;
  const offsets: number[] = [];
  let at = first.end;
  for (const chunk of header.chunks) {
    offsets.push(at);
    at += chunk.bytes;
  }
  if (at > file.size) return { ok: false, reason: 'The backup is incomplete: the file ends early, as if it was cut short while being saved or copied.' };
  if (at < file.size) return { ok: false, reason: 'The backup is damaged: it holds bytes after its last chunk.' };
  const checker = new BackupChecker(header, sha256HexDigest);
  const total = header.chunks.reduce((n, c) => n + c.records, 0);
  let done = 0;
  for (let index = 0; index < header.chunks.length; index++) {
    const read = await readChunk(file, header, offsets, index);
    if (!read.ok) return read;
    const checked = await checker.check(index, read.records);
    if (!checked.ok) return checked;
    done += checked.records.length;
    onProgress?.({ phase: 'checking', done, total });
  }
  const problem = checker.finish();
  if (problem !== null) return { ok: false, reason: problem };
  const { audit: _audit, ...counts } = header.counts;
  return { ok: true, backup: { file, header, offsets, documentIds: checker.documentIds, counts } };
}

/** The document a record belongs to, for the History of that document; null for library-wide records. */
function documentOf(table: StreamTable, record: object): string | null {
  if (table === 'documents' || table === 'texts' || table === 'originals') return String((record as { id: unknown }).id);
  if (table === 'annotations' || table === 'statuses' || table === 'progress' || table === 'suggestionRejections') return String((record as { documentId: unknown }).documentId);
  return null;
}

/** Tables a restore writes, with the rule for a record stored on both sides (merge). */
const WRITTEN: readonly Exclude<StreamTable, 'audit'>[] = ['documents', 'texts', 'annotations', 'statuses', 'schemas', 'settings', 'originals', 'reviews', 'progress', 'suggestionRejections'];

export interface StreamedRestoreOptions {
  now?: string;
  /** Told after each chunk is written (and may throw, which aborts the restore: the tests' failure midway). */
  onProgress?: OnProgress;
}

/**
 * Makes the database hold a checked streamed backup (replace) or both (merge), as one logical action.
 *
 * All or nothing: every write of the restore, and its audit entries, happen in ONE IndexedDB
 * readwrite transaction; each chunk is read from the file, decompressed and parsed under
 * `Dexie.waitFor`, which keeps the transaction alive while that non-IndexedDB work runs. IndexedDB
 * guarantees a transaction commits wholly or not at all — also when the tab is closed or the
 * machine stops half-way, and on a full disk (QuotaExceededError aborts it). The alternatives were
 * weaker: there is no transaction across two databases, so a staging database cannot be swapped in
 * atomically, and a pre-restore snapshot put back by script is lost with the tab that would put it
 * back. The browser, not the JS heap, holds the uncommitted writes — on disk, as Margin runs
 * (Electron's persistent partition, a browser's normal profile), where one transaction of 2,000,000
 * records of 1 KB commits — so memory grows only with one chunk. An off-the-record window keeps
 * IndexedDB in memory, where such a transaction (and the 1M-annotation restore) aborts with
 * QuotaExceededError whatever `estimate()` says: nothing is changed, and the restore dialog says
 * there was not enough room. The records are checked again as they are written (the same file was
 * checked by `checkStreamedBackup`), so a file changed between the two reads aborts the restore as
 * well.
 *
 * The log: one hash-chained entry per chunk and document (shared/audit/restore-entry.ts) naming the
 * chunk's SHA-256 from the signed header, how many records it wrote and the first and last key, and
 * keeping every stored record it overwrote; what a replace removes is logged likewise. One entry a
 * record made a million-annotation restore spend most of its time hashing and indexing the log.
 * A restore is not undoable, and the undo steps before it are dropped (`forgetHistoryAfterRestore`).
 */
export async function restoreStreamedBackup(db: MarginDatabase, backup: CheckedStreamedBackup, mode: RestoreMode, options: StreamedRestoreOptions = {}): Promise<BackupCounts> {
  const now = options.now ?? new Date().toISOString();
  // The device's chain and the reviewer exist before the restore is logged (made and logged once,
  // as any first change makes them): a no-op change through the funnel creates what is missing.
  await runChange(db, { action: 'backup.restore.prepare', label: 'device identity', documentId: null, undo: { refused: 'Nothing to undo.' }, now }, async () => undefined);
  const { file, header, offsets } = backup;
  const total = header.chunks.reduce((n, c) => n + c.records, 0);
  const action = `backup.restore.${mode}`;
  const label = mode === 'replace' ? 'restore a backup' : 'merge a backup';
  let notices: RecordChange[] | null = [];

  const counts = await db.transaction('rw', [...allTables(db), db.fieldCounts], async () => {
    const [deviceSetting, reviewerSetting] = await db.settings.bulkGet([DEVICE_KEY, REVIEWER_KEY]);
    const chain = String((deviceSetting?.value as { id?: unknown } | undefined)?.id ?? '');
    if (!chain) throw new Error('This device has no identity to log the restore with.');
    const reviewer = reviewerOf(reviewerSetting);
    const actor = reviewer === null ? SYSTEM_ACTOR : { id: reviewer.id, name: reviewer.name };
    const checker = new BackupChecker(header, sha256HexDigest);
    let done = 0;

    const chunksOf = (table: StreamTable) => header.chunks.flatMap((c, i) => (c.table === table ? [i] : []));
    const readChecked = async (index: number): Promise<object[]> => {
      const read = await Dexie.waitFor(readChunk(file, header, offsets, index));
      if (!read.ok) throw new RestoreRefused(`${read.reason} Nothing was changed.`);
      const checked = await Dexie.waitFor(checker.check(index, read.records));
      if (!checked.ok) throw new RestoreRefused(`${checked.reason} Nothing was changed.`);
      return checked.records;
    };
    const step = (records: number) => {
      done += records;
      options.onProgress?.({ phase: 'writing', done, total });
    };

    // The backup's history first: its entries this database lacks are added, and an entry of the
    // same chain and number must be the same entry. Then this restore's own entries follow the end
    // of this device's chain. The checker sees chunks in file order, so documents come before all.
    const ordered = [...chunksOf('documents'), ...chunksOf('audit'), ...header.chunks.flatMap((c, i) => (c.table !== 'documents' && c.table !== 'audit' ? [i] : []))];
    const logOf = async (drafts: Pick<AuditEntry, 'table' | 'key' | 'documentId' | 'before' | 'after'>[]) => {
      if (drafts.length === 0) return;
      const last = await db.audit.where('[chain+seq]').between([chain, Dexie.minKey], [chain, Dexie.maxKey]).last();
      const full = drafts.map((draft) => ({ chain, at: now, actor, action, label, ...draft }));
      await db.audit.bulkAdd(await Dexie.waitFor(sealEntries(full, last ? { seq: last.seq, hash: last.hash } : null, sha256HexDigest)));
    };
    const notice = (change: RecordChange) => {
      if (notices === null) return;
      notices.push(change);
      if (notices.length > CHANGE_NOTICE_LIMIT) notices = null;
    };

    // The keys stored before the restore: a record whose key is not among them replaces nothing,
    // so it needs no read; in a replace, what the backup does not bring back is removed at the end.
    const stored = new Map<StreamTable, Set<string>>();
    for (const table of WRITTEN) stored.set(table, new Set((await tableOf(db, table).toCollection().primaryKeys()) as string[]));
    const storedSchemas = (await db.schemas.toArray()) as StoredSchema[];
    const activeKept = mode === 'merge' && storedSchemas.some((s) => s.active);
    const documentIds = new Set<string>(backup.documentIds);
    if (mode === 'merge') for (const key of stored.get('documents')!) documentIds.add(key);

    for (const index of ordered) {
      const chunk = header.chunks[index]!;
      const table = chunk.table;
      const records = await readChecked(index);
      if (table === 'audit') {
        const entries = records as AuditEntry[];
        const mine = await db.audit.bulkGet(entries.map((e) => [e.chain, e.seq]));
        const fresh = entries.filter((entry, i) => {
          const here = mine[i];
          if (here !== undefined && here.hash !== entry.hash) throw new RestoreRefused(`The backup’s history differs from this device’s at entry ${entry.seq}. Nothing was changed.`);
          return here === undefined;
        });
        await db.audit.bulkAdd(fresh);
        step(records.length);
        continue;
      }
      let incoming = table === 'originals' ? records.map((r) => originalFromBackup(r as Parameters<typeof originalFromBackup>[0])) : records;
      // This device's identity is its own (see LOCAL_SETTINGS); records of documents not kept go.
      if (table === 'settings') incoming = incoming.filter((s) => !LOCAL_SETTINGS.has((s as Setting).key));
      if (table === 'progress' || table === 'suggestionRejections') incoming = incoming.filter((r) => documentIds.has((r as { documentId: string }).documentId));
      const keys = incoming.map((r) => recordKey(table, r) as string);
      const storedKeys = stored.get(table)!;
      const store = tableOf(db, table);
      const present = keys.flatMap((key, i) => (storedKeys.has(key) ? [i] : []));
      const found = present.length > 0 ? await store.bulkGet(present.map((i) => keys[i]!)) : [];
      const before = new Map<number, object>();
      present.forEach((i, n) => {
        if (found[n] !== undefined) before.set(i, found[n]);
      });
      // One entry per document the chunk's written records belong to (so each document's History
      // shows the restore), naming the chunk; a record written otherwise than the backup holds it
      // (a merged schema made inactive) is logged on its own, with both versions.
      const groups = new Map<string | null, { keys: string[]; replaced: unknown[]; notTaken: string[] }>();
      const groupOf = (record: object) => {
        const documentId = documentOf(table, record);
        let group = groups.get(documentId);
        if (group === undefined) groups.set(documentId, (group = { keys: [], replaced: [], notTaken: [] }));
        return group;
      };
      const single: Pick<AuditEntry, 'table' | 'key' | 'documentId' | 'before' | 'after'>[] = [];
      const written: object[] = [];
      incoming.forEach((record, i) => {
        const key = keys[i]!;
        const mine = before.get(i);
        let theirs = record;
        if (mode === 'merge' && mine !== undefined && !mergeRule(table, mine, record)) {
          if (!sameRecord(mine, record)) groupOf(record).notTaken.push(key);
          return;
        }
        if (mode === 'merge' && table === 'schemas' && mine === undefined && activeKept) theirs = { ...(record as StoredSchema), active: false };
        if (mode === 'replace') storedKeys.delete(key);
        // Only a stored record can be the same: a new key is a change without comparing anything.
        if (mine !== undefined && sameRecord(mine, theirs)) return;
        written.push(theirs);
        notice({ table: table as AuditedTable, key, before: mine ?? null, after: theirs });
        if (theirs !== record) {
          single.push({ table: table as AuditedTable, key, documentId: null, before: forAudit(table as AuditedTable, mine), after: forAudit(table as AuditedTable, theirs) });
          return;
        }
        const group = groupOf(record);
        group.keys.push(key);
        if (mine !== undefined) group.replaced.push(forAudit(table as AuditedTable, mine));
      });
      await store.bulkPut(written);
      const drafts = [...groups].flatMap(([documentId, group]) => {
        if (group.keys.length === 0 && group.notTaken.length === 0) return [];
        const entry = restoredChunkEntry(
          {
            backup: header.digest,
            createdAt: header.createdAt,
            chunk: index + 1,
            chunks: header.chunks.length,
            sha256: chunk.sha256,
            records: group.keys.length,
            first: group.keys[0] ?? '',
            last: group.keys.at(-1) ?? '',
            replaced: group.replaced.length,
            notTaken: group.notTaken,
          },
          group.replaced,
        );
        return [{ table: table as AuditedTable, documentId: documentId as DocumentId | null, ...entry }];
      });
      await logOf([...drafts, ...single]);
      step(records.length);
    }
    const problem = checker.finish();
    if (problem !== null) throw new RestoreRefused(`${problem} Nothing was changed.`);

    if (mode === 'replace') {
      for (const [table, keys] of stored) {
        if (table === 'settings') for (const key of LOCAL_SETTINGS) keys.delete(key);
        const all = [...keys].sort();
        for (let from = 0; from < all.length; from += PAGE) {
          const batch = all.slice(from, from + PAGE);
          const store = tableOf(db, table);
          const removed = (await store.bulkGet(batch)).map((record, i) => ({ key: batch[i]!, record }));
          await store.bulkDelete(batch);
          // One entry per document, as for what was written; the removed records are kept in it.
          const groups = new Map<string | null, { keys: string[]; records: unknown[] }>();
          for (const { key, record } of removed) {
            if (record === undefined) continue;
            const documentId = documentOf(table, record);
            let group = groups.get(documentId);
            if (group === undefined) groups.set(documentId, (group = { keys: [], records: [] }));
            group.keys.push(key);
            group.records.push(forAudit(table as AuditedTable, record));
            notice({ table: table as AuditedTable, key, before: record, after: null });
          }
          await logOf([...groups].map(([documentId, group]) => ({ table: table as AuditedTable, documentId: documentId as DocumentId | null, ...removedByRestoreEntry(group.keys, group.records) })));
        }
      }
    }
    // Derived from the annotations, not restored: built again from what the restore left.
    await rebuildFieldCounts(db);
    const [documents, texts, annotations, statuses, schemas, settings, originals, reviews, progress, suggestionRejections] = await Promise.all(
      WRITTEN.map((t) => tableOf(db, t).count()),
    );
    const after: BackupCounts = { documents: documents!, texts: texts!, annotations: annotations!, statuses: statuses!, schemas: schemas!, settings: settings!, originals, reviews, progress, suggestionRejections };
    return { counts: after, documentIdsAfter: notices === null ? new Set((await db.documents.toCollection().primaryKeys()) as string[]) : new Set<string>() };
  });
  forgetHistoryAfterRestore();
  // After the commit only. Past the limit the listeners hear, without records, that every document
  // and the schemas changed: the search index re-reads them all, and sync (which sends only records
  // it is given) sends nothing of a restore it could not be told record by record.
  notifyCommitted(
    db,
    notices ?? [
      ...[...counts.documentIdsAfter].map((key): RecordChange => ({ table: 'documents', key, before: null, after: null })),
      { table: 'schemas', key: '*', before: null, after: null },
    ],
  );
  return counts.counts;
}
