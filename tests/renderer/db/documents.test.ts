import { describe, expect, it, vi } from 'vitest';
import type { AnnotationId, IncomingDocument } from '@shared/model';
import { documentIdOf, listDocuments, upsertDocuments } from '../../../renderer/src/db/documents';
import { setReviewStatus } from '../../../renderer/src/db/statuses';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const NOW = '2026-11-22T10:00:00.000Z';

describe('upsertDocuments', () => {
  it('hashes each text with Web Crypto, giving the same ids as the pure SHA-256', async () => {
    const db = freshDatabase();
    const corpus = bundledDocuments();
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    try {
      const report = await upsertDocuments(db, corpus, { now: NOW });
      // Each text's UTF-8 bytes went to Web Crypto (the audit chain hashes through it too).
      const hashedLengths = digest.mock.calls.map(([, data]) => (data as Uint8Array).byteLength);
      for (const doc of corpus) expect(hashedLengths).toContain(new TextEncoder().encode(doc.text).byteLength);
      expect(report.added.map((meta) => meta.id)).toEqual(corpus.map((doc) => documentIdOf(doc.text)));
    } finally {
      digest.mockRestore();
    }
  });

  it('stores the corpus once: a second start adds nothing', async () => {
    const db = freshDatabase();
    const corpus = bundledDocuments();
    const first = await upsertDocuments(db, corpus, { now: NOW });
    expect(first.added).toHaveLength(5);
    const second = await upsertDocuments(db, corpus, { now: '2026-11-23T10:00:00.000Z' });
    expect(second.added).toHaveLength(0);
    expect(second.alreadyPresent).toHaveLength(5);
    expect(await db.documents.count()).toBe(5);
    expect(await db.texts.count()).toBe(5);
    const [stored] = await listDocuments(db);
    expect(stored!.addedAt).toBe(NOW);
    expect(stored!.id).toBe(documentIdOf(corpus[0]!.text));
    expect((await db.texts.get(stored!.id))!.text).toBe(corpus[0]!.text);
  });

  it('adds only the new documents of a new corpus version and touches no annotation or status', async () => {
    const db = freshDatabase();
    const corpus = bundledDocuments();
    await upsertDocuments(db, corpus.slice(0, 3), { now: NOW });
    const id = documentIdOf(corpus[0]!.text);
    await setReviewStatus(db, id, 'done', { now: NOW });
    await db.annotations.add({
      id: 'a1' as AnnotationId,
      documentId: id,
      target: null,
      color: 'red',
      note: 'kept',
      tags: [],
      field: null,
      creator: 'Reviewer',
      createdAt: NOW,
      modifiedAt: NOW,
      deletedAt: null,
    });
    const v2: IncomingDocument[] = corpus.map((d) => ({ ...d, meta: { ...d.meta, corpusVersion: 2, title: `${d.meta.title} (v2 title)` } }));
    const report = await upsertDocuments(db, v2, { now: '2026-12-01T00:00:00.000Z' });
    expect(report.added.map((d) => d.fileName)).toEqual([corpus[3]!.meta.fileName, corpus[4]!.meta.fileName]);
    expect(await db.documents.count()).toBe(5);
    // Existing records are not rewritten.
    expect((await db.documents.get(id))!.title).toBe(corpus[0]!.meta.title);
    expect((await db.statuses.get(id))!.status).toBe('done');
    expect((await db.annotations.get('a1' as AnnotationId))!.note).toBe('kept');
  });

  it('writes nothing when one write of the batch fails (one transaction)', async () => {
    const db = freshDatabase();
    const corpus = bundledDocuments();
    // New texts are added without a read first (bulkAdd), so that is the write that fails here.
    vi.spyOn(db.texts, 'bulkAdd').mockImplementation(() => Promise.reject(Object.assign(new Error('Quota exceeded'), { name: 'QuotaExceededError' })) as never);
    await expect(upsertDocuments(db, corpus, { now: NOW })).rejects.toThrow(/Quota/);
    expect(await db.documents.count()).toBe(0);
    expect(await db.texts.count()).toBe(0);
    expect(await db.audit.count()).toBe(0);
  });

  it('writes nothing when its audit entries cannot be written (records and log in one transaction)', async () => {
    const db = freshDatabase();
    vi.spyOn(db.audit, 'bulkAdd').mockImplementation(() => Promise.reject(Object.assign(new Error('Quota exceeded'), { name: 'QuotaExceededError' })) as never);
    await expect(upsertDocuments(db, bundledDocuments(), { now: NOW })).rejects.toThrow(/Quota/);
    expect(await db.documents.count()).toBe(0);
    expect(await db.texts.count()).toBe(0);
  });

  it('stores a text that appears twice in one batch once', async () => {
    const db = freshDatabase();
    const [doc] = bundledDocuments();
    const report = await upsertDocuments(db, [doc!, { ...doc!, meta: { ...doc!.meta, fileName: 'copy.txt' } }], { now: NOW });
    expect(report.added).toHaveLength(1);
    expect(await db.documents.count()).toBe(1);
  });
  it('stores a document whose text was left stored without it, replacing that text and logging what it was', async () => {
    const db = freshDatabase();
    const [doc] = bundledDocuments();
    const id = documentIdOf(doc!.text);
    // A text left under this id without its document (written outside the funnel, as a damaged store might hold it).
    await db.texts.put({ id, text: 'left over' });
    const report = await upsertDocuments(db, [doc!], { now: NOW });
    expect(report.added.map((d) => d.id)).toEqual([id]);
    expect((await db.texts.get(id))!.text).toBe(doc!.text);
    const entries = (await db.audit.toArray()).filter((e) => e.key === id);
    expect(entries.find((e) => e.table === 'texts')).toMatchObject({ before: { id, sha256: id, length: 'left over'.length }, after: { id, sha256: id, length: doc!.text.length } });
    expect(entries.find((e) => e.table === 'documents')).toMatchObject({ before: null, after: { id } });
  });
});
