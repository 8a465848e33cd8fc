// listAnnotations reads a document's live annotations in pages of the position index: whatever the
// starts (shared by more than a page, far apart, absent), it returns exactly the live records.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation, AnnotationId, DocumentId } from '@shared/model';
import { describe as describeSelectors } from '@shared/anchoring';
import { createAnnotation, listAnnotations } from '../../../renderer/src/db/annotations';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { scopeOf, undo } from '../../../renderer/src/db/history';
import { bundledDocuments } from '../../helpers/corpus';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { freshDatabase } from '../../helpers/db';

const DOC = 'a'.repeat(64) as DocumentId;
const OTHER = 'b'.repeat(64) as DocumentId;
let open: MarginDatabase[] = [];
afterEach(() => {
  for (const db of open) db.close();
  open = [];
});

function record(n: number, documentId: DocumentId, start: number | null, deleted: boolean): Annotation {
  return {
    id: `annotation-${String(n).padStart(4, '0')}` as AnnotationId,
    documentId,
    target:
      start === null
        ? null
        : { position: { type: 'TextPositionSelector', start, end: start + 5 }, quote: { type: 'TextQuoteSelector', exact: 'quote', prefix: '', suffix: '' } },
    color: 'yellow',
    note: '',
    tags: [],
    field: null,
    creator: 'Reviewer 1',
    createdAt: '2025-03-14T09:00:00.000Z',
    modifiedAt: '2025-03-14T09:00:00.000Z',
    deletedAt: deleted ? '2025-03-15T09:00:00.000Z' : null,
  };
}

const ids = (list: Annotation[]) => list.map((a) => a.id).sort();

describe('listAnnotations', () => {
  it('returns exactly the live annotations of the document, page size and starts whatever they are (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            // Few distinct starts, so that many share one, and sometimes none (a value without a source).
            start: fc.option(fc.constantFrom(0, 7, 7, 7, 120, 5_000), { nil: null, freq: 6 }),
            deleted: fc.boolean(),
            other: fc.boolean(),
          }),
          { maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 6 }),
        async (specs, pageSize) => {
          const db = freshDatabase();
          open.push(db);
          const records = specs.map((s, n) => record(n, s.other ? OTHER : DOC, s.start, s.deleted));
          await db.annotations.bulkPut(records);
          const listed = await listAnnotations(db, DOC, pageSize);
          expect(ids(listed)).toEqual(ids(records.filter((r) => r.documentId === DOC && r.deletedAt === null)));
          expect(new Set(listed.map((a) => a.id)).size).toBe(listed.length);
          expect(listed.find((a) => a.id === records[0]?.id)).toEqual(records[0]?.documentId === DOC && !records[0]?.deletedAt ? records[0] : undefined);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads a document with no annotations as an empty list', async () => {
    const db = freshDatabase();
    open.push(db);
    expect(await listAnnotations(db, DOC)).toEqual([]);
  });
});

describe('areas of PDF pages', () => {
  const area = { type: 'AreaSelector' as const, page: 2, x: 0.1, y: 0.2, width: 0.5, height: 0.3, pageWidth: 595, pageHeight: 842 };

  it('stores an area with no text target, in the audit log and undoable like any annotation, and refuses a quote and an area at once or an area off its page', async () => {
    const db = freshDatabase();
    open.push(db);
    const corpus = bundledDocuments();
    await upsertDocuments(db, corpus.slice(0, 1), { now: '2026-12-01T10:00:00.000Z' });
    const id = documentIdOf(corpus[0]!.text) as DocumentId;
    const text = corpus[0]!.text;
    const created = await createAnnotation(db, { documentId: id, target: null, area, color: 'blue', tags: ['table 2'] }, { label: 'area' });
    expect(await db.annotations.get(created.id)).toMatchObject({ target: null, area, tags: ['table 2'] });
    const audit = await db.audit.toArray();
    expect(audit.at(-1)).toMatchObject({ action: 'annotation.create', label: 'area', key: created.id });
    await expect(createAnnotation(db, { documentId: id, target: describeSelectors(text, 0, 5), area, color: 'blue' })).rejects.toThrow(/either a quote or an area/);
    await expect(createAnnotation(db, { documentId: id, target: null, area: { ...area, x: 0.8 }, color: 'blue' })).rejects.toThrow(/not on its page/);
    expect(await db.annotations.count()).toBe(1);
    await undo(db, scopeOf(id));
    expect((await db.annotations.get(created.id))?.deletedAt ?? null).not.toBeNull();
  });
});
