// Runs imports in order, a bounded window of files read and queued in the parse worker ahead of the
// one being stored, and keeps each file's outcome for the import dialog. Files dropped while a batch
// runs join that batch. Parsing happens in the parse Worker under the reviewer's time limit per file;
// Cancel ends the files being read and every file still waiting.
import { create } from 'zustand';
import { tooLargeReason } from '@shared/import/limits';
import type { ImportResult } from '@shared/import/types';
import type { DocumentMeta } from '@shared/model';
import type { MarginDatabase } from '../../db/database';
import { describeStorageError } from '../../db/errors';
import { asOneStep } from '../../db/history';
import { getImportTimeLimitSeconds, resolveHeldDuplicates, storeImportBatch, storeImportResult } from '../../db/imports';
import type { DuplicateChoice, FileImportOutcome, HeldDuplicate, ParsedFile } from '../../db/imports';
import { CANCELLED_REASON, createParseClient } from './parse-client';
import type { ParseClient } from './parse-client';
import { PASTED_FILE_NAME, pastedDocument } from './paste';
import { unreadableReason } from './parse-protocol';

/** A file is read only when its turn comes, and not at all when it is over the limit. */
export type ImportSource =
  /** `blob`, where the source is a File: sent to the parse worker as it is, which reads it there. */
  | { kind: 'file'; name: string; size: number; read: () => Promise<Uint8Array>; blob?: Blob }
  | { kind: 'pasted'; title: string; text: string };

export type ImportRowState = 'waiting' | 'reading' | 'cancelled' | FileImportOutcome['status'];

export interface ImportRow {
  id: number;
  /** A file, or text pasted into the dialog: the summary counts them apart ("1 pasted text", not "1 file"). */
  kind: ImportSource['kind'];
  name: string;
  state: ImportRowState;
  added: DocumentMeta[];
  alreadyPresent: DocumentMeta[];
  reason: string | null;
  /** Likely duplicates of library records, waiting for the reviewer's choice. */
  held: HeldDuplicate[];
  /** What the reviewer's choices did, in words, once applied. */
  resolved: string | null;
}

interface ImportState {
  dialogOpen: boolean;
  busy: boolean;
  rows: ImportRow[];
  openDialog: () => void;
  closeDialog: () => void;
  clearResults: () => void;
}

export const useImportStore = create<ImportState>()((set) => ({
  dialogOpen: false,
  busy: false,
  rows: [],
  openDialog: () => set({ dialogOpen: true }),
  closeDialog: () => set({ dialogOpen: false }),
  clearResults: () => set((s) => (s.busy ? {} : { rows: [] })),
}));

interface Job {
  id: number;
  source: ImportSource;
  db: MarginDatabase;
  maxBytes: number;
}

const queue: Job[] = [];
let nextRowId = 1;
let draining: Promise<void> | null = null;
/** Aborts the files being read and queued in the worker; replaced once aborted. */
let current: AbortController | null = null;
/**
 * The parse workers, each with its own client (its own order, time limits and restarts). Two where
 * the machine has two cores or more: reading, decoding, detecting and hashing a file is the
 * import's longest chain, and one worker left the window's thread idle for two thirds of an import
 * of 5,000 files; the queue still stores files in the order they were given.
 */
const parsers: { client: ParseClient; inFlight: number }[] = [];

function parserCount(): number {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  return Math.min(2, cores);
}

/** The parse client with the fewest files in flight; its count is released when the file is done. */
function parseClient(): { client: ParseClient; release: () => void } {
  if (parsers.length === 0) for (let i = 0; i < parserCount(); i++) parsers.push({ client: createParseClient(), inFlight: 0 });
  const slot = parsers.reduce((best, next) => (next.inFlight < best.inFlight ? next : best));
  slot.inFlight++;
  return { client: slot.client, release: () => void slot.inFlight-- };
}

export function fileSource(file: File): ImportSource {
  return { kind: 'file', name: file.name, size: file.size, read: async () => new Uint8Array(await file.arrayBuffer()), blob: file };
}

export function openedFileSource(file: { name: string; bytes: Uint8Array }): ImportSource {
  // A copy per read: the parse worker takes the bytes it is sent (transferred), and may need them twice.
  return { kind: 'file', name: file.name, size: file.bytes.length, read: async () => file.bytes.slice() };
}

function nameOf(source: ImportSource): string {
  return source.kind === 'file' ? source.name : `${PASTED_FILE_NAME}: ${source.title.trim() || 'untitled'}`;
}

/** What reading one source gave: documents to store, or already its outcome (too large, unreadable, cancelled). */
type ReadSource = { result: ImportResult } | { outcome: FileImportOutcome };

/** A source's bytes (or its File, for the worker to read) and the time limit to parse them under, or already its outcome. */
type FetchedSource = { bytes: Uint8Array | Blob; timeLimitMs: number } | { result: ImportResult } | { outcome: FileImportOutcome };

/**
 * Reads one source's bytes (no parsing yet), turning a failure into a reason in words; a File is
 * left for the parse worker to read. Cheap to start early: the next files are on their way while
 * the worker parses this one.
 */
async function fetchSource(limitSeconds: Promise<number>, source: ImportSource, maxBytes: number): Promise<FetchedSource> {
  if (source.kind === 'pasted') {
    const size = new TextEncoder().encode(source.text).length;
    if (size > maxBytes) return { outcome: { status: 'failed', reason: tooLargeReason(size, maxBytes, 'pasted text') } };
    if (source.text.trim().length === 0) return { outcome: { status: 'failed', reason: 'There is no text to import.' } };
    return { result: { ok: true, documents: [pastedDocument(source.title, source.text)] } };
  }
  if (source.size > maxBytes) return { outcome: { status: 'failed', reason: tooLargeReason(source.size, maxBytes) } };
  const limit = limitSeconds;
  let bytes: Uint8Array | Blob;
  try {
    // A File goes to the parse worker unread: copying 50 KB files here was a quarter of the window's work in an import.
    bytes = source.blob ?? (await source.read());
  } catch (error) {
    await limit.catch(() => undefined);
    return { outcome: { status: 'failed', reason: unreadableReason(error) } };
  }
  try {
    return { bytes, timeLimitMs: (await limit) * 1000 };
  } catch (error) {
    return { outcome: { status: 'failed', reason: `Margin could not import this file (${error instanceof Error ? error.message : String(error)}).` } };
  }
}

/**
 * Parses fetched bytes in the parse worker, under the time limit; the clock starts when the worker
 * starts on the file. `reread` lets the worker's client read the file again when the worker is
 * ended for another file queued ahead of it.
 */
async function parseFetched(source: ImportSource, fetched: FetchedSource, maxBytes: number, signal?: AbortSignal): Promise<ReadSource> {
  if (!('bytes' in fetched)) return fetched;
  const { client, release } = parseClient();
  const result = await client
    .parse(source.kind === 'file' ? source.name : PASTED_FILE_NAME, fetched.bytes, {
      maxBytes,
      timeLimitMs: fetched.timeLimitMs,
      ...(signal ? { signal } : {}),
      ...(source.kind === 'file' ? { reread: source.read } : {}),
    })
    .finally(release);
  // Cancelled while the result was on its way: nothing is stored.
  if (signal?.aborted) return { outcome: { status: 'failed', reason: CANCELLED_REASON } };
  return { result };
}

/** Reads and parses one source (in the parse worker); every failure, expected or not, becomes a reason in words. */
async function readSource(db: MarginDatabase, source: ImportSource, maxBytes: number, signal?: AbortSignal): Promise<ReadSource> {
  return parseFetched(source, await fetchSource(getImportTimeLimitSeconds(db), source, maxBytes), maxBytes, signal);
}

/** Reads, parses and stores one source on its own. */
export async function importSource(db: MarginDatabase, source: ImportSource, maxBytes: number, signal?: AbortSignal): Promise<FileImportOutcome> {
  const read = await readSource(db, source, maxBytes, signal);
  if ('outcome' in read) return read.outcome;
  return storeImportResult(db, read.result, { now: new Date().toISOString(), holdDuplicates: true });
}

function setRow(id: number, changes: Partial<ImportRow>): void {
  setRows(new Map([[id, changes]]));
}

/**
 * Changes several rows in one store update: a batch of 200 files is one update, not 200 passes
 * over every row (5,000 files made that quadratic).
 */
function setRows(changes: ReadonlyMap<number, Partial<ImportRow>>): void {
  if (changes.size === 0) return;
  useImportStore.setState((s) => {
    const rows = s.rows.slice();
    // Rows are appended in id order, so a changed row is found by binary search.
    for (const [id, change] of changes) {
      let low = 0;
      let high = rows.length - 1;
      while (low <= high) {
        const mid = (low + high) >> 1;
        const row = rows[mid]!;
        if (row.id === id) {
          rows[mid] = { ...row, ...change };
          break;
        }
        if (row.id < id) low = mid + 1;
        else high = mid - 1;
      }
    }
    return { rows };
  });
}

function outcomeChanges(outcome: FileImportOutcome): Partial<ImportRow> {
  switch (outcome.status) {
    case 'imported':
      return { state: 'imported', added: outcome.added, alreadyPresent: outcome.alreadyPresent };
    case 'already-present':
      return { state: 'already-present', alreadyPresent: outcome.alreadyPresent };
    case 'review':
      return { state: 'review', added: outcome.added, alreadyPresent: outcome.alreadyPresent, held: outcome.held };
    case 'failed':
      return { state: 'failed', reason: outcome.reason };
  }
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Applies the reviewer's choice for each held record of a row (keep, merge or skip), as one undo
 * step, and shows what it did. A storage failure leaves the row in review with the reason.
 */
export async function resolveReview(db: MarginDatabase, rowId: number, choices: readonly DuplicateChoice[]): Promise<void> {
  const row = useImportStore.getState().rows.find((r) => r.id === rowId);
  if (row === undefined || row.state !== 'review') return;
  try {
    const done = await asOneStep('import', () =>
      resolveHeldDuplicates(db, row.held.map((held, i) => ({ held, choice: choices[i] ?? 'skip' })), { now: new Date().toISOString() }),
    );
    const added = [...row.added, ...done.added];
    const parts = [
      done.added.length > 0 ? `${plural(done.added.length, 'duplicate', 'duplicates')} kept as new` : null,
      done.merged.length > 0 ? `${plural(done.merged.length, 'merged', 'merged')} into the library's record` : null,
      done.skipped > 0 ? `${done.skipped} skipped` : null,
    ].filter((part) => part !== null);
    setRow(rowId, {
      state: added.length > 0 ? 'imported' : 'already-present',
      added,
      alreadyPresent: [...row.alreadyPresent, ...done.merged],
      held: [],
      resolved: `Reviewed: ${parts.join(', ')}.`,
    });
  } catch (error) {
    setRow(rowId, { state: 'failed', held: [], reason: describeStorageError(error) });
  }
}

async function drain(): Promise<void> {
  try {
    // The files of one batch are undone as one step, though each file is stored all or nothing.
    await asOneStep('import', drainQueue);
  } finally {
    draining = null;
    useImportStore.setState({ busy: false });
  }
}

/**
 * Files read but not stored yet go into one transaction together, up to this many files or
 * characters: thousands of small files are bound by transactions, not bytes. A batch is also
 * stored when the queue runs dry and at most BATCH_WAIT_MS after its first file was read, so a
 * file never waits for a slow one behind it to show as imported.
 */
const BATCH_FILES = 200;
const BATCH_CHARS = 16 * 1024 * 1024;
const BATCH_WAIT_MS = 200;
/**
 * Files read and handed to the parse worker ahead of the one being stored, at most: enough that the
 * worker always has the next file (a round trip per file, in turn, was most of an import of small
 * files), few enough that a folder of large PDFs is not all in memory at once.
 */
const AHEAD_FILES = 16;
const AHEAD_BYTES = 32 * 1024 * 1024;

async function drainQueue(): Promise<void> {
  let batch: { id: number; file: ParsedFile }[] = [];
  let batchDb: MarginDatabase | null = null;
  let chars = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const storing = new Set<Promise<void>>();
  // Takes the batch synchronously, so a flush from the timer and one from the loop never share files.
  const flush = async () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (batch.length === 0 || batchDb === null) return;
    const pending = batch;
    const target = batchDb;
    batch = [];
    batchDb = null;
    chars = 0;
    // One batch is stored at a time, in order, while the files after it are read and parsed: the
    // parse worker and IndexedDB work side by side instead of taking turns.
    const previous = Promise.all([...storing]);
    const stored = previous
      .then(() => storeImportBatch(target, pending.map((entry) => entry.file), { now: new Date().toISOString() }))
      .then((outcomes) => setRows(new Map(pending.map((file, i) => [file.id, outcomeChanges(outcomes[i]!)]))));
    storing.add(stored);
    const done = () => void storing.delete(stored);
    stored.then(done, done);
    // Reading goes on while this batch is stored, but not past the next one (memory stays bounded).
    await previous;
  };
  // Waits for every batch handed to storage (the next citation file is checked against them).
  const settled = async () => {
    await flush();
    await Promise.all(storing);
  };
  // The time limit is read once per database for the whole batch of files: a read per file would
  // wait behind the batch being stored (its transaction holds the settings table too), which made
  // reading and storing take turns again.
  const limits = new Map<MarginDatabase, Promise<number>>();
  const limitOf = (db: MarginDatabase): Promise<number> => {
    let limit = limits.get(db);
    if (limit === undefined) {
      limit = getImportTimeLimitSeconds(db);
      // A failed read is tried again with the next file.
      limit.catch(() => limits.delete(db));
      limits.set(db, limit);
    }
    return limit;
  };
  // The files ahead: read, and queued in the parse worker, while this one is handled, so the worker
  // never waits for the window's thread and the window's thread never waits for one round trip
  // per file. Bounded in files and bytes (always at least one file), so memory stays small.
  const ahead: { job: Job; size: number; signal: AbortSignal; read: Promise<ReadSource> }[] = [];
  let aheadBytes = 0;
  const fillAhead = () => {
    while (queue.length > 0 && (ahead.length === 0 || (ahead.length < AHEAD_FILES && aheadBytes < AHEAD_BYTES))) {
      const job = queue.shift()!;
      // One controller for the files in flight: Stop ends them all (and the worker) at once.
      if (current === null || current.signal.aborted) current = new AbortController();
      const { signal } = current;
      const size = job.source.kind === 'file' ? job.source.size : 0;
      const read = fetchSource(limitOf(job.db), job.source, job.maxBytes)
        .then((fetched) => parseFetched(job.source, fetched, job.maxBytes, signal))
        .catch((error: unknown): ReadSource => ({ outcome: { status: 'failed', reason: `Margin could not import this file (${error instanceof Error ? error.message : String(error)}).` } }));
      ahead.push({ job, size, signal, read });
      aheadBytes += size;
    }
  };
  fillAhead();
  for (let next = ahead.shift(); next !== undefined; next = ahead.shift()) {
    const { job, signal } = next;
    aheadBytes -= next.size;
    // "Reading" is the file the import is on; the ones behind it stay "waiting" until their turn.
    setRow(job.id, { state: 'reading' });
    const read = await next.read;
    fillAhead();
    if (signal.aborted) setRow(job.id, { state: 'cancelled', reason: CANCELLED_REASON });
    else if ('outcome' in read) setRow(job.id, outcomeChanges(read.outcome));
    else if (!read.result.ok) setRow(job.id, { state: 'failed', reason: read.result.reason });
    else if (read.result.citations === true) {
      // Citation records are checked against the library, which must hold the batch read before them.
      await settled();
      setRow(job.id, outcomeChanges(await storeImportResult(job.db, read.result, { now: new Date().toISOString(), holdDuplicates: true })));
    } else {
      if (batchDb !== null && batchDb !== job.db) await flush();
      batchDb = job.db;
      batch.push({ id: job.id, file: { documents: read.result.documents, metadataDetected: read.result.metadataDetected === true, ...(read.result.ids ? { ids: read.result.ids } : {}) } });
      chars += read.result.documents.reduce((sum, doc) => sum + doc.text.length, 0);
      // A failure here also fails the loop's next flush, which reports it.
      timer ??= setTimeout(() => void flush().catch(() => undefined), BATCH_WAIT_MS);
    }
    if (batch.length >= BATCH_FILES || chars >= BATCH_CHARS || ahead.length === 0) await flush();
    // Files dropped while the loop waited join the window.
    fillAhead();
  }
  current = null;
  await settled();
}

/**
 * Adds sources to the import, opens the dialog to show their progress, and resolves when every
 * queued file is done. A new batch replaces the results of a finished one.
 */
export function enqueueImport(db: MarginDatabase, sources: ImportSource[], maxBytes: number): Promise<void> {
  if (sources.length === 0) return draining ?? Promise.resolve();
  const rows: ImportRow[] = sources.map((source) => ({ id: nextRowId++, kind: source.kind, name: nameOf(source), state: 'waiting', added: [], alreadyPresent: [], reason: null, held: [], resolved: null }));
  useImportStore.setState((s) => ({ dialogOpen: true, busy: true, rows: s.busy ? [...s.rows, ...rows] : rows }));
  queue.push(...sources.map((source, i) => ({ id: rows[i]!.id, source, db, maxBytes })));
  draining ??= drain();
  return draining;
}

/**
 * Stops the import: the file being read is ended (its worker terminated, nothing stored) and the
 * files still waiting are not read. Files already stored stay, each whole.
 */
export function cancelImport(): void {
  const waiting = new Set(queue.splice(0).map((job) => job.id));
  current?.abort();
  useImportStore.setState((s) => ({
    rows: s.rows.map((row) => (waiting.has(row.id) ? { ...row, state: 'cancelled', reason: CANCELLED_REASON } : row)),
  }));
}

/** Tests start each case with no dialog, no results and an empty queue. */
export function resetImportStore(): void {
  queue.length = 0;
  current?.abort();
  current = null;
  for (const { client } of parsers.splice(0)) client.dispose();
  useImportStore.setState({ dialogOpen: false, busy: false, rows: [] });
}
