// Imports repository: stores what one file (or one pasted text) yielded, all or nothing, and says
// per file whether it was imported, was already in the library, or failed and why.
import { useLiveQuery } from 'dexie-react-hooks';
import { DuplicateFinder } from '@shared/import/duplicates';
import type { DuplicateReason } from '@shared/import/duplicates';
import { titleFromFileName } from '@shared/import/incoming';
import { detectMetadata } from '@shared/import/metadata';
import type { ImportResult } from '@shared/import/types';
import type { DocumentMeta, IncomingDocument, Setting } from '@shared/model';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { sha256HexAsync } from '@shared/hash';
import { upsertDocuments } from './documents';
import { describeStorageError } from './errors';
import { runChange } from './funnel';

/** An incoming record that looks like one in the library, held until the reviewer keeps, merges or skips it. */
export interface HeldDuplicate {
  incoming: IncomingDocument;
  existing: DocumentMeta;
  reason: DuplicateReason;
}

export type DuplicateChoice = 'keep' | 'merge' | 'skip';

export type FileImportOutcome =
  /** At least one new document; a file of several records may also hold some already stored. */
  | { status: 'imported'; added: DocumentMeta[]; alreadyPresent: DocumentMeta[] }
  /** Some records look like library records: those wait for the reviewer; the others are stored. */
  | { status: 'review'; added: DocumentMeta[]; alreadyPresent: DocumentMeta[]; held: HeldDuplicate[] }
  | { status: 'already-present'; alreadyPresent: DocumentMeta[] }
  | { status: 'failed'; reason: string };

export const IMPORT_MAX_BYTES_KEY = 'importMaxBytes';
export const MEGABYTE = 1024 * 1024;
export const DEFAULT_IMPORT_MAX_BYTES = 50 * MEGABYTE;
/** Above this a file would be read whole into the renderer's memory for little gain; no article is that big. */
export const LARGEST_IMPORT_LIMIT_MB = 1024;

/**
 * Fills what the format did not state from the text itself (a PubMed record without a DOI may name
 * one in its abstract; a page without a title tag may open with one). A title that is only the file
 * name counts as not stated. Stated facts are never overwritten. With `detected` (the parser already
 * ran the same detection on this text) nothing is looked for again: it would find the same.
 */
export function completeMetadata(doc: IncomingDocument, detected = false): IncomingDocument {
  const { meta, text } = doc;
  const titleFromName = meta.title === titleFromFileName(meta.fileName);
  const missing =
    titleFromName ||
    meta.authors.length === 0 ||
    meta.doi === null ||
    meta.pmid === null ||
    meta.trialRegistration === null ||
    meta.publishedDate === null ||
    meta.type === 'other';
  const found = missing && !detected ? detectMetadata(text) : null;
  return {
    ...doc,
    text,
    meta: {
      ...meta,
      title: titleFromName && found?.title ? found.title : meta.title,
      authors: meta.authors.length > 0 ? meta.authors : (found?.authors ?? []),
      doi: meta.doi ?? found?.doi ?? null,
      pmid: meta.pmid ?? found?.pmid ?? null,
      trialRegistration: meta.trialRegistration ?? found?.trialRegistration ?? null,
      publishedDate: meta.publishedDate ?? found?.publishedDate ?? null,
      type: meta.type === 'other' ? (found?.type ?? 'other') : meta.type,
      origin: 'imported',
      corpusVersion: null,
    },
  };
}

/**
 * Writes one file's documents in one transaction (upsertDocuments skips those already stored by
 * content hash). A storage failure, such as a full quota, writes nothing and becomes a failed outcome.
 */
export async function storeImportedDocuments(
  db: MarginDatabase,
  documents: IncomingDocument[],
  options: { now?: string; label?: string; metadataDetected?: boolean } = {},
): Promise<FileImportOutcome> {
  if (documents.length === 0) return { status: 'failed', reason: 'This file holds no document to import.' };
  const { metadataDetected = false, ...upsertOptions } = options;
  try {
    const report = await upsertDocuments(db, documents.map((doc) => completeMetadata(doc, metadataDetected)), { ...upsertOptions, label: options.label ?? 'import' });
    if (report.added.length > 0) return { status: 'imported', added: report.added, alreadyPresent: report.alreadyPresent };
    return { status: 'already-present', alreadyPresent: report.alreadyPresent };
  } catch (error) {
    return { status: 'failed', reason: describeStorageError(error) };
  }
}

/**
 * Splits incoming documents into those to store and those that look like library records under
 * another text (same DOI or PMID; or the same title, year and first author). A text already stored
 * is not held: storing reports it as already present, as before.
 */
export async function findHeldDuplicates(db: MarginDatabase, documents: IncomingDocument[]): Promise<{ fresh: IncomingDocument[]; held: HeldDuplicate[] }> {
  const library = await db.documents.toArray();
  const ids = new Set<string>(library.map((doc) => doc.id));
  const finder = new DuplicateFinder(library);
  const fresh: IncomingDocument[] = [];
  const held: HeldDuplicate[] = [];
  for (const doc of documents.map((doc) => completeMetadata(doc))) {
    const match = ids.has(await sha256HexAsync(doc.text)) ? null : finder.find(doc.meta);
    if (match === null) fresh.push(doc);
    else held.push({ incoming: doc, existing: match.existing, reason: match.reason });
  }
  return { fresh, held };
}

/**
 * A parser's result stored: its reason if it could not read the file, else what storing it did.
 * With `holdDuplicates` (the import dialog) the records of a citation export that look like library
 * records are not stored but returned for review.
 */
export async function storeImportResult(
  db: MarginDatabase,
  result: ImportResult,
  options: { now?: string; label?: string; holdDuplicates?: boolean } = {},
): Promise<FileImportOutcome> {
  if (!result.ok) return { status: 'failed', reason: result.reason };
  const { holdDuplicates = false, ...storeOptions } = options;
  if (!holdDuplicates || result.citations !== true) return storeImportedDocuments(db, result.documents, { ...storeOptions, metadataDetected: result.metadataDetected === true });
  const { fresh, held } = await findHeldDuplicates(db, result.documents);
  if (held.length === 0) return storeImportedDocuments(db, fresh, storeOptions);
  if (fresh.length === 0) return { status: 'review', added: [], alreadyPresent: [], held };
  const stored = await storeImportedDocuments(db, fresh, storeOptions);
  if (stored.status === 'failed') return stored;
  return { status: 'review', added: stored.status === 'imported' ? stored.added : [], alreadyPresent: stored.alreadyPresent, held };
}

/** What the reviewer's choices did. */
export interface DuplicateResolution {
  added: DocumentMeta[];
  merged: DocumentMeta[];
  skipped: number;
}

const MERGED_FIELDS = ['journal', 'publishedDate', 'doi', 'pmid', 'trialRegistration'] as const;

/**
 * Carries out the reviewer's choice for each held record, as one action: "keep" stores it as a new
 * document, "merge" fills what the library's record lacks (authors, journal, date, DOI, PMID,
 * registration, type) from it without touching its text or anything it states, "skip" drops it.
 */
export async function resolveHeldDuplicates(
  db: MarginDatabase,
  decisions: { held: HeldDuplicate; choice: DuplicateChoice }[],
  options: { now?: string } = {},
): Promise<DuplicateResolution> {
  const kept = decisions.filter((d) => d.choice === 'keep').map((d) => d.held.incoming);
  const merging = decisions.filter((d) => d.choice === 'merge');
  const skipped = decisions.filter((d) => d.choice === 'skip').length;
  const stored = kept.length > 0 ? await upsertDocuments(db, kept, { label: 'import', ...options }) : { added: [], alreadyPresent: [] };
  const merged: DocumentMeta[] = [];
  for (const { held } of merging) {
    const after = await runChange(db, { action: 'document.merge', label: 'merge a duplicate record', documentId: held.existing.id, now: options.now }, async (writer) => {
      const before = await writer.get<DocumentMeta>('documents', held.existing.id);
      if (!before) throw new Error('That document is no longer in the library.');
      const facts = held.incoming.meta;
      const next: DocumentMeta = { ...before, authors: before.authors.length > 0 ? before.authors : facts.authors, type: before.type === 'other' ? facts.type : before.type };
      for (const field of MERGED_FIELDS) if (next[field] === null && facts[field] !== null) next[field] = facts[field];
      await writer.put('documents', next);
      return next;
    });
    merged.push(after);
  }
  return { added: stored.added, merged, skipped };
}

export const IMPORT_TIME_LIMIT_KEY = 'importTimeLimitSeconds';
export const DEFAULT_IMPORT_TIME_LIMIT_SECONDS = 60;
export const SHORTEST_IMPORT_TIME_LIMIT_SECONDS = 2;
export const LONGEST_IMPORT_TIME_LIMIT_SECONDS = 3600;

/** A stored time limit if it is a sane number of seconds, else the default. */
export function importTimeLimitOf(stored: unknown): number {
  return typeof stored === 'number' && Number.isInteger(stored) && stored >= SHORTEST_IMPORT_TIME_LIMIT_SECONDS && stored <= LONGEST_IMPORT_TIME_LIMIT_SECONDS
    ? stored
    : DEFAULT_IMPORT_TIME_LIMIT_SECONDS;
}

/** Stores how long Margin may read one file before it gives up, in whole seconds. */
export async function setImportTimeLimitSeconds(db: MarginDatabase, seconds: number): Promise<void> {
  if (importTimeLimitOf(seconds) !== seconds) {
    throw new RangeError(`The time limit must be a whole number of seconds from ${SHORTEST_IMPORT_TIME_LIMIT_SECONDS} to ${LONGEST_IMPORT_TIME_LIMIT_SECONDS}.`);
  }
  await runChange(db, { action: 'settings.import-time-limit', label: 'import time limit', documentId: null }, async (writer) => {
    await writer.put<Setting>('settings', { key: IMPORT_TIME_LIMIT_KEY, value: seconds });
  });
}

/** The time limit in seconds, live; the default until the stored value has been read. */
export function useImportTimeLimitSeconds(): number {
  const db = useDatabase();
  const stored = useLiveQuery(() => db.settings.get(IMPORT_TIME_LIMIT_KEY), [db]);
  return importTimeLimitOf(stored?.value);
}

export async function getImportTimeLimitSeconds(db: MarginDatabase): Promise<number> {
  return importTimeLimitOf((await db.settings.get(IMPORT_TIME_LIMIT_KEY))?.value);
}

/** What the parser read from one file: its documents, and whether it already looked for their metadata. */
export interface ParsedFile {
  documents: IncomingDocument[];
  metadataDetected?: boolean;
  /** Each document's id (the SHA-256 of its text) when the parser already hashed it. */
  ids?: readonly string[];
}

/**
 * Stores the documents of several files in one transaction (the import of thousands of small files
 * is bound by transactions, not bytes) and says per file what happened, as storeImportedDocuments
 * would have. All or nothing: a storage failure fails every file of the batch and writes nothing.
 */
export async function storeImportBatch(db: MarginDatabase, files: readonly ParsedFile[], options: { now?: string } = {}): Promise<FileImportOutcome[]> {
  const completed = files.map(({ documents, metadataDetected = false }) => documents.map((doc) => completeMetadata(doc, metadataDetected)));
  let report: Awaited<ReturnType<typeof upsertDocuments>>;
  try {
    // Ids the parser gave count only when it gave one per document: a mismatch is hashed again here.
    const ids = files.flatMap(({ documents, ids: given }): (string | undefined)[] =>
      given !== undefined && given.length === documents.length ? [...given] : documents.map(() => undefined),
    );
    report = await upsertDocuments(db, completed.flat(), { ...options, label: 'import', ids });
  } catch (error) {
    const reason = describeStorageError(error);
    return files.map(() => ({ status: 'failed', reason }));
  }
  const added = new Map(report.added.map((meta) => [meta.id as string, meta]));
  const present = new Map(report.alreadyPresent.map((meta) => [meta.id as string, meta]));
  let next = 0;
  return completed.map((documents): FileImportOutcome => {
    if (documents.length === 0) return { status: 'failed', reason: 'This file holds no document to import.' };
    const mine = report.ids.slice(next, next + documents.length);
    next += documents.length;
    const fileAdded: DocumentMeta[] = [];
    const filePresent: DocumentMeta[] = [];
    for (const id of mine) {
      const fresh = added.get(id);
      // The first file of the batch to bring a text adds it; any other holds it as already present.
      if (fresh !== undefined) {
        fileAdded.push(fresh);
        added.delete(id);
        present.set(id, fresh);
      } else {
        const stored = present.get(id);
        if (stored !== undefined) filePresent.push(stored);
      }
    }
    return fileAdded.length > 0 ? { status: 'imported', added: fileAdded, alreadyPresent: filePresent } : { status: 'already-present', alreadyPresent: filePresent };
  });
}

/** A stored limit if it is a sane number of bytes, else the default. */
export function importMaxBytesOf(stored: unknown): number {
  return typeof stored === 'number' && Number.isFinite(stored) && stored >= MEGABYTE && stored <= LARGEST_IMPORT_LIMIT_MB * MEGABYTE
    ? stored
    : DEFAULT_IMPORT_MAX_BYTES;
}

export async function getImportMaxBytes(db: MarginDatabase): Promise<number> {
  return importMaxBytesOf((await db.settings.get(IMPORT_MAX_BYTES_KEY))?.value);
}

/** Stores the largest file the reviewer lets Margin import, in whole megabytes. */
export async function setImportMaxMegabytes(db: MarginDatabase, megabytes: number): Promise<void> {
  if (!Number.isInteger(megabytes) || megabytes < 1 || megabytes > LARGEST_IMPORT_LIMIT_MB) {
    throw new RangeError(`The import limit must be a whole number of megabytes from 1 to ${LARGEST_IMPORT_LIMIT_MB}.`);
  }
  await runChange(db, { action: 'settings.import-limit', label: 'import size limit', documentId: null }, async (writer) => {
    await writer.put<Setting>('settings', { key: IMPORT_MAX_BYTES_KEY, value: megabytes * MEGABYTE });
  });
}

/** The limit in bytes; the default until the stored value has been read. */
export function useImportMaxBytes(): number {
  const db = useDatabase();
  const stored = useLiveQuery(() => db.settings.get(IMPORT_MAX_BYTES_KEY), [db]);
  return importMaxBytesOf(stored?.value);
}
