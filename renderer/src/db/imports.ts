// Imports repository: stores what one file (or one pasted text) yielded, all or nothing, and says
// per file whether it was imported, was already in the library, or failed and why.
import { useLiveQuery } from 'dexie-react-hooks';
import { titleFromFileName } from '@shared/import/incoming';
import { detectMetadata } from '@shared/import/metadata';
import type { ImportResult } from '@shared/import/types';
import type { DocumentMeta, IncomingDocument, Setting } from '@shared/model';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { upsertDocuments } from './documents';
import { describeStorageError } from './errors';
import { runChange } from './funnel';

export type FileImportOutcome =
  /** At least one new document; a file of several records may also hold some already stored. */
  | { status: 'imported'; added: DocumentMeta[]; alreadyPresent: DocumentMeta[] }
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
 * name counts as not stated. Stated facts are never overwritten.
 */
export function completeMetadata(doc: IncomingDocument): IncomingDocument {
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
  const found = missing ? detectMetadata(text) : null;
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
export async function storeImportedDocuments(db: MarginDatabase, documents: IncomingDocument[], options: { now?: string; label?: string } = {}): Promise<FileImportOutcome> {
  if (documents.length === 0) return { status: 'failed', reason: 'This file holds no document to import.' };
  try {
    const report = await upsertDocuments(db, documents.map(completeMetadata), { ...options, label: options.label ?? 'import' });
    if (report.added.length > 0) return { status: 'imported', added: report.added, alreadyPresent: report.alreadyPresent };
    return { status: 'already-present', alreadyPresent: report.alreadyPresent };
  } catch (error) {
    return { status: 'failed', reason: describeStorageError(error) };
  }
}

/** A parser's result stored: its reason if it could not read the file, else what storing it did. */
export async function storeImportResult(db: MarginDatabase, result: ImportResult, options: { now?: string; label?: string } = {}): Promise<FileImportOutcome> {
  if (!result.ok) return { status: 'failed', reason: result.reason };
  return storeImportedDocuments(db, result.documents, options);
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
