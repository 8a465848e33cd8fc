// Runs imports one file at a time (a PDF can take seconds and the machine may be small) and keeps
// each file's outcome for the import dialog. Files dropped while a batch runs join that batch.
// Parsing happens in the parse Worker under the reviewer's time limit; Cancel ends the file being
// read and every file still waiting.
import { create } from 'zustand';
import { tooLargeReason } from '@shared/import/limits';
import type { DocumentMeta } from '@shared/model';
import type { MarginDatabase } from '../../db/database';
import { describeStorageError } from '../../db/errors';
import { asOneStep } from '../../db/history';
import { getImportTimeLimitSeconds, resolveHeldDuplicates, storeImportResult, storeImportedDocuments } from '../../db/imports';
import type { DuplicateChoice, FileImportOutcome, HeldDuplicate } from '../../db/imports';
import { CANCELLED_REASON, createParseClient } from './parse-client';
import type { ParseClient } from './parse-client';
import { PASTED_FILE_NAME, pastedDocument } from './paste';

/** A file is read only when its turn comes, and not at all when it is over the limit. */
export type ImportSource =
  | { kind: 'file'; name: string; size: number; read: () => Promise<Uint8Array> }
  | { kind: 'pasted'; title: string; text: string };

export type ImportRowState = 'waiting' | 'reading' | 'cancelled' | FileImportOutcome['status'];

export interface ImportRow {
  id: number;
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
/** Aborts the file being read; replaced for each file. */
let current: AbortController | null = null;
let parser: ParseClient | null = null;

function parseClient(): ParseClient {
  parser ??= createParseClient();
  return parser;
}

export function fileSource(file: File): ImportSource {
  return { kind: 'file', name: file.name, size: file.size, read: async () => new Uint8Array(await file.arrayBuffer()) };
}

export function openedFileSource(file: { name: string; bytes: Uint8Array }): ImportSource {
  return { kind: 'file', name: file.name, size: file.bytes.length, read: async () => file.bytes };
}

function nameOf(source: ImportSource): string {
  return source.kind === 'file' ? source.name : `${PASTED_FILE_NAME}: ${source.title.trim() || 'untitled'}`;
}

/** Reads, parses and stores one source; every failure, expected or not, becomes a reason in words. */
export async function importSource(db: MarginDatabase, source: ImportSource, maxBytes: number, signal?: AbortSignal): Promise<FileImportOutcome> {
  const now = new Date().toISOString();
  if (source.kind === 'pasted') {
    const size = new TextEncoder().encode(source.text).length;
    if (size > maxBytes) return { status: 'failed', reason: tooLargeReason(size, maxBytes) };
    if (source.text.trim().length === 0) return { status: 'failed', reason: 'There is no text to import.' };
    return storeImportedDocuments(db, [pastedDocument(source.title, source.text)], { now });
  }
  if (source.size > maxBytes) return { status: 'failed', reason: tooLargeReason(source.size, maxBytes) };
  let bytes: Uint8Array;
  try {
    bytes = await source.read();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failed', reason: `Margin could not read this file (${message.slice(0, 160)}). A folder cannot be imported; choose the files in it.` };
  }
  const timeLimitMs = (await getImportTimeLimitSeconds(db)) * 1000;
  const result = await parseClient().parse(source.name, bytes, { maxBytes, timeLimitMs, ...(signal ? { signal } : {}) });
  // Cancelled while the result was on its way: nothing is stored.
  if (signal?.aborted) return { status: 'failed', reason: CANCELLED_REASON };
  return storeImportResult(db, result, { now, holdDuplicates: true });
}

function setRow(id: number, changes: Partial<ImportRow>): void {
  useImportStore.setState((s) => ({ rows: s.rows.map((row) => (row.id === id ? { ...row, ...changes } : row)) }));
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

async function drainQueue(): Promise<void> {
  for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
    setRow(job.id, { state: 'reading' });
    const controller = new AbortController();
    current = controller;
    const outcome = await importSource(job.db, job.source, job.maxBytes, controller.signal).catch(
      (error: unknown): FileImportOutcome => ({ status: 'failed', reason: `Margin could not import this file (${error instanceof Error ? error.message : String(error)}).` }),
    );
    current = null;
    setRow(job.id, controller.signal.aborted ? { state: 'cancelled', reason: CANCELLED_REASON } : outcomeChanges(outcome));
  }
}

/**
 * Adds sources to the import, opens the dialog to show their progress, and resolves when every
 * queued file is done. A new batch replaces the results of a finished one.
 */
export function enqueueImport(db: MarginDatabase, sources: ImportSource[], maxBytes: number): Promise<void> {
  if (sources.length === 0) return draining ?? Promise.resolve();
  const rows: ImportRow[] = sources.map((source) => ({ id: nextRowId++, name: nameOf(source), state: 'waiting', added: [], alreadyPresent: [], reason: null, held: [], resolved: null }));
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
  parser?.dispose();
  parser = null;
  useImportStore.setState({ dialogOpen: false, busy: false, rows: [] });
}
