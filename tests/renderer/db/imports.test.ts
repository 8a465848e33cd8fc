import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IncomingDocument } from '@shared/model';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { describeStorageError } from '../../../renderer/src/db/errors';
import {
  DEFAULT_IMPORT_MAX_BYTES,
  IMPORT_MAX_BYTES_KEY,
  MEGABYTE,
  completeMetadata,
  getImportMaxBytes,
  setImportMaxMegabytes,
  storeImportBatch,
  storeImportResult,
  storeImportedDocuments,
} from '../../../renderer/src/db/imports';
import { parseFile } from '../../../renderer/src/features/import/parsers';
import { importedDocument } from '@shared/import/incoming';
import { textDocument } from '@shared/import/text';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const NOW = '2026-11-22T10:00:00.000Z';
const fixture = (name: string): Uint8Array => readFileSync(resolve(import.meta.dirname, '../../fixtures/import', name));
const parse = (name: string, bytes: Uint8Array) => parseFile(name, bytes, { maxBytes: DEFAULT_IMPORT_MAX_BYTES });
const HTML_TITLE = 'CAR-T Cells: Are We Closer to Drug-Free Remission Than We Think?';

let db: MarginDatabase;
beforeEach(async () => {
  db = freshDatabase();
  await upsertDocuments(db, bundledDocuments(), { now: NOW });
});
afterEach(() => db.close());

function quotaError(): Error {
  return Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
}

describe('storing an imported file', () => {
  it('imports a web page as one document marked as imported, text and all', async () => {
    const result = await parse('rheumatologist.html', fixture('article-with-chrome.html'));
    const outcome = await storeImportResult(db, result, { now: NOW });
    expect(outcome.status).toBe('imported');
    if (outcome.status !== 'imported') return;
    expect(outcome.added).toHaveLength(1);
    const [meta] = outcome.added;
    expect(meta).toMatchObject({ title: HTML_TITLE, origin: 'imported', corpusVersion: null, fileName: 'rheumatologist.html', addedAt: NOW });
    expect(await db.documents.count()).toBe(6);
    const stored = await db.texts.get(meta!.id);
    expect(stored?.text).toContain('Müller et al. evaluated 15 patients');
    expect(meta!.id).toBe(documentIdOf(stored!.text));
  });

  it('reports the same file imported again as already present and stores nothing more', async () => {
    const bytes = fixture('article-with-chrome.html');
    const first = await storeImportResult(db, await parse('page.html', bytes), { now: NOW });
    const second = await storeImportResult(db, await parse('same page, renamed.html', bytes), { now: '2026-11-23T10:00:00.000Z' });
    expect(second.status).toBe('already-present');
    if (second.status !== 'already-present' || first.status !== 'imported') throw new Error('unexpected outcomes');
    expect(second.alreadyPresent.map((d) => d.id)).toEqual(first.added.map((d) => d.id));
    expect(second.alreadyPresent[0]!.fileName).toBe('page.html');
    expect(await db.documents.count()).toBe(6);
    expect(await db.texts.count()).toBe(6);
  });

  it('imports the three records of a MEDLINE file in one transaction', async () => {
    const transaction = vi.spyOn(db, 'transaction');
    const outcome = await storeImportResult(db, await parse('three.nbib', fixture('three-records.nbib')), { now: NOW });
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(outcome.status).toBe('imported');
    if (outcome.status !== 'imported') return;
    expect(outcome.added.map((d) => d.pmid)).toEqual(['39086061', '40851234', '38990001']);
    expect(await db.documents.where('origin').equals('imported').count()).toBe(3);
  });

  it('writes nothing of a file whose write fails midway, and says why in words', async () => {
    const result = await parse('three.nbib', fixture('three-records.nbib'));
    // The documents are written, then their texts fail: the documents must not stay. New texts
    // are added without a read first (bulkAdd), so that is the write that fails.
    let calls = 0;
    vi.spyOn(db.texts, 'bulkAdd').mockImplementation(() => {
      calls += 1;
      return Promise.reject(quotaError()) as never;
    });
    const outcome = await storeImportResult(db, result, { now: NOW });
    expect(calls).toBe(1);
    expect(outcome).toEqual({ status: 'failed', reason: describeStorageError(quotaError()) });
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/storage quota is full/);
    expect(await db.documents.count()).toBe(5);
    expect(await db.texts.count()).toBe(5);
  });

  it('passes on the reason of a file the parser could not read, storing nothing', async () => {
    const outcome = await storeImportResult(db, await parse('empty.html', fixture('scripts-only.html')), { now: NOW });
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/no readable text/);
    expect(await db.documents.count()).toBe(5);
  });

  it('stores what the format left out, filled from the text', async () => {
    const doc = importedDocument('record.nbib', 'A record title\n\nRESULTS: see doi: 10.1000/xyz.123 and NCT04561557.', { title: 'A record title', pmid: '7' });
    const outcome = await storeImportedDocuments(db, [doc], { now: NOW });
    expect(outcome).toMatchObject({ status: 'imported', added: [{ title: 'A record title', pmid: '7', doi: '10.1000/xyz.123', trialRegistration: 'NCT04561557' }] });
    expect(await db.documents.get(documentIdOf(doc.text))).toMatchObject({ doi: '10.1000/xyz.123' });
  });

  it('imports the new records of a file and counts those already stored', async () => {
    const result = await parse('three.nbib', fixture('three-records.nbib'));
    if (!result.ok) throw new Error(result.reason);
    await storeImportedDocuments(db, result.documents.slice(0, 1), { now: NOW });
    const outcome = await storeImportedDocuments(db, result.documents, { now: NOW });
    expect(outcome).toMatchObject({ status: 'imported', added: [{ pmid: '40851234' }, { pmid: '38990001' }], alreadyPresent: [{ pmid: '39086061' }] });
  });
});

describe('completeMetadata', () => {
  const record = (text: string, meta: Partial<IncomingDocument['meta']> = {}): IncomingDocument => {
    const doc = textDocument('notes.txt', text);
    return { ...doc, meta: { ...doc.meta, title: 'notes', authors: [], doi: null, pmid: null, trialRegistration: null, publishedDate: null, type: 'other', ...meta } };
  };
  const TEXT = 'Anti-CD19 CAR T Cells in Refractory Lupus Nephritis\n\nPublished January 30, 2025. PMID: 40851234. doi: 10.1002/art.42933. Registered as NCT04561557.';

  it('fills what the format did not state from the text', () => {
    const { meta } = completeMetadata(record(TEXT));
    expect(meta).toMatchObject({
      title: 'Anti-CD19 CAR T Cells in Refractory Lupus Nephritis',
      doi: '10.1002/art.42933',
      pmid: '40851234',
      trialRegistration: 'NCT04561557',
      publishedDate: '2025-01-30',
      origin: 'imported',
    });
  });

  it('never overwrites what the format stated', () => {
    const stated = { title: 'Stated title', doi: '10.1000/stated', pmid: '1', trialRegistration: 'NCT00000001', publishedDate: '2020', authors: ['A. Author'], type: 'review' as const };
    expect(completeMetadata(record(TEXT, stated)).meta).toMatchObject(stated);
  });

  it('keeps the text exactly', () => {
    expect(completeMetadata(record(TEXT)).text).toBe(TEXT);
  });

  it('does not look again at a text whose parser already looked (plain text is detected in the worker)', () => {
    // What detection left unset stays unset: the same detection would find the same, so it is not rerun.
    expect(completeMetadata(record(TEXT), true).meta).toMatchObject({ title: 'notes', doi: null, pmid: null, origin: 'imported', corpusVersion: null });
  });

  it('a plain text file comes from the parser with its metadata detected, and is stored with exactly it', async () => {
    const bytes = new TextEncoder().encode(TEXT);
    const result = await parse('notes.txt', bytes);
    expect(result).toMatchObject({ ok: true, metadataDetected: true, documents: [{ meta: { doi: '10.1002/art.42933', pmid: '40851234' } }] });
    const [outcome] = await storeImportBatch(db, [{ documents: result.ok ? result.documents : [], metadataDetected: true }], { now: NOW });
    expect(outcome).toMatchObject({ status: 'imported', added: [{ title: 'Anti-CD19 CAR T Cells in Refractory Lupus Nephritis', doi: '10.1002/art.42933', trialRegistration: 'NCT04561557' }] });
  });
});

describe('the import size limit setting', () => {
  it('is 50 MB until the reviewer sets it, then what they set', async () => {
    expect(await getImportMaxBytes(db)).toBe(50 * MEGABYTE);
    await setImportMaxMegabytes(db, 5);
    expect(await getImportMaxBytes(db)).toBe(5 * MEGABYTE);
    expect((await db.settings.get(IMPORT_MAX_BYTES_KEY))?.value).toBe(5 * MEGABYTE);
  });

  it('refuses a limit that is not a whole number of megabytes in range, and ignores a corrupt stored one', async () => {
    await expect(setImportMaxMegabytes(db, 0)).rejects.toThrow(RangeError);
    await expect(setImportMaxMegabytes(db, 2.5)).rejects.toThrow(RangeError);
    await db.settings.put({ key: IMPORT_MAX_BYTES_KEY, value: 'lots' });
    expect(await getImportMaxBytes(db)).toBe(DEFAULT_IMPORT_MAX_BYTES);
  });
});
