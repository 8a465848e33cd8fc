// Document notes against the database (issue 15 point 15): written, edited and deleted through the
// change funnel (audited with the reviewer named, undoable, checked against the text the edit began
// from), kept by backups, read back once from their own JSON-LD export, and blinded in a review.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackup, readBackup } from '@shared/export/backup';
import { importWebAnnotations, webAnnotationJsonLd } from '@shared/export/web-annotation';
import { markdownSummary } from '@shared/export/markdown';
import { isDocumentNote } from '@shared/evidence';
import type { DocumentId, ReviewerId, Setting } from '@shared/model';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { addImportedAnnotations, createDocumentNote, deleteAnnotations, DOCUMENT_NOTE_MAX, editDocumentNote, EditConflict, listAnnotations, updateAnnotation } from '../../../renderer/src/db/annotations';
import { readAuditLog } from '../../../renderer/src/db/audit';
import { readAllTables, restoreBackup } from '../../../renderer/src/db/backup';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { loadExportInput } from '../../../renderer/src/db/exports';
import { REVIEWER_KEY } from '../../../renderer/src/db/funnel';
import { scopeOf, undo, redo } from '../../../renderer/src/db/history';
import { createReview, setReviewerProgress } from '../../../renderer/src/db/reviews';
import { searchNoteOf } from '../../../renderer/src/db/search-index';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const corpus = bundledDocuments();
const DOC = documentIdOf(corpus[0]!.text) as DocumentId;
const ANA = 'ana-0001' as ReviewerId;
const BEN = 'ben-0001' as ReviewerId;
let db: MarginDatabase;
const opened: MarginDatabase[] = [];

async function beReviewer(on: MarginDatabase, id: ReviewerId, name: string): Promise<void> {
  await on.settings.put({ key: REVIEWER_KEY, value: { id, name, initials: name[0], createdAt: '', chosen: true } } satisfies Setting);
}

beforeEach(async () => {
  db = freshDatabase();
  opened.push(db);
  await upsertDocuments(db, corpus.slice(0, 2));
  await beReviewer(db, ANA, 'Ana Ruiz');
});
afterEach(() => {
  for (const d of opened.splice(0)) d.close();
});

const liveNotes = async (on = db) => (await listAnnotations(on, DOC)).filter(isDocumentNote);

describe('document notes in the database', () => {
  it('writes a note as an annotation on the whole document, audited under the reviewer, undone and redone', async () => {
    const note = await createDocumentNote(db, DOC, '  Excluded at full text: wrong population  ', { now: '2026-12-01T20:00:00.000Z' });
    expect(note).toMatchObject({ documentId: DOC, target: null, field: null, note: 'Excluded at full text: wrong population', creator: 'Ana Ruiz', creatorId: ANA, createdAt: '2026-12-01T20:00:00.000Z' });
    expect(note.area).toBeUndefined();
    const entry = (await readAuditLog(db)).at(-1)!;
    expect(entry).toMatchObject({ table: 'annotations', key: note.id, documentId: DOC, actor: { id: ANA, name: 'Ana Ruiz' }, label: 'document note', before: null });

    expect(await undo(db, scopeOf(DOC))).toBe('Undone: document note');
    expect(await liveNotes()).toEqual([]);
    await redo(db, scopeOf(DOC));
    expect((await liveNotes()).map((n) => n.note)).toEqual(['Excluded at full text: wrong population']);
  });

  it('refuses an empty or overlong note, saving nothing', async () => {
    await expect(createDocumentNote(db, DOC, ' \n ')).rejects.toThrow('A document note needs some text.');
    await expect(createDocumentNote(db, DOC, 'x'.repeat(DOCUMENT_NOTE_MAX + 1))).rejects.toThrow(/at most 20,000 characters/);
    expect(await db.annotations.count()).toBe(0);
  });

  it('edits against the text the edit began from: a change made elsewhere meanwhile refuses it', async () => {
    const note = await createDocumentNote(db, DOC, 'Asked the authors for the per-patient table', { now: '2026-12-01T20:00:00.000Z' });
    await beReviewer(db, BEN, 'Ben Okafor');
    const edited = await editDocumentNote(db, note.id, 'Asked the authors; reply due in May', note.note, { now: '2026-12-01T20:05:00.000Z' });
    expect(edited).toMatchObject({ note: 'Asked the authors; reply due in May', creatorId: ANA, modifiedBy: BEN, modifiedAt: '2026-12-01T20:05:00.000Z' });
    // Another window's edit: the first window still holds the old text as its base.
    await updateAnnotation(db, note.id, { note: 'Authors replied: table attached' });
    await expect(editDocumentNote(db, note.id, 'My version', 'Asked the authors; reply due in May')).rejects.toBeInstanceOf(EditConflict);
    expect((await liveNotes())[0]!.note).toBe('Authors replied: table attached');
  });

  it('deletes a note as a tombstone that undo brings back, and keeps several notes per document', async () => {
    const first = await createDocumentNote(db, DOC, 'First');
    await createDocumentNote(db, DOC, 'Second');
    await deleteAnnotations(db, [first.id], { label: 'delete document note' });
    expect((await liveNotes()).map((n) => n.note)).toEqual(['Second']);
    expect((await db.annotations.get(first.id))!.deletedAt).not.toBeNull();
    expect(await undo(db, scopeOf(DOC))).toBe('Undone: delete document note');
    expect((await liveNotes()).map((n) => n.note).sort()).toEqual(['First', 'Second']);
  });

  it('is kept by a backup and a restore into an empty library', async () => {
    await createDocumentNote(db, DOC, 'Excluded: wrong population');
    const read = readBackup(createBackup(await readAllTables(db), '2026-12-01T21:00:00.000Z'));
    if (!read.ok) throw new Error(read.reason);
    const target = freshDatabase();
    opened.push(target);
    await restoreBackup(target, read.backup.data, 'replace');
    const restored = await liveNotes(target);
    expect(restored.map((n) => [n.note, n.creatorId, n.target])).toEqual([['Excluded: wrong population', ANA, null]]);
  });

  it('exports to Markdown and JSON-LD; importing its own JSON-LD twice adds nothing', async () => {
    await createDocumentNote(db, DOC, 'Asked the authors for the per-patient table');
    const input = await loadExportInput(db, [DOC], '2026-12-01T21:00:00.000Z');
    expect(markdownSummary(input)).toMatch(/### Document notes\n\n\*Note:\* Asked the authors for the per-patient table\n\n— Ana Ruiz, /);
    const json = JSON.parse(webAnnotationJsonLd(input)) as unknown;
    const stored = await Promise.all((await db.documents.toArray()).map(async (meta) => ({ meta, text: (await db.texts.get(meta.id))!.text })));
    for (let round = 0; round < 2; round++) {
      const read = importWebAnnotations(json, stored);
      const written = await addImportedAnnotations(db, read.annotations, { sourceIds: read.sourceIds });
      expect(written.added).toEqual([]);
    }
    // Into another library, once: the second import finds the first.
    const other = freshDatabase();
    opened.push(other);
    await upsertDocuments(other, corpus.slice(0, 2));
    const read = importWebAnnotations(json, stored);
    expect((await addImportedAnnotations(other, read.annotations, { sourceIds: read.sourceIds })).added).toHaveLength(1);
    expect((await addImportedAnnotations(other, importWebAnnotations(json, stored).annotations)).added).toHaveLength(0);
    expect((await liveNotes(other)).map((n) => n.note)).toEqual(['Asked the authors for the per-patient table']);
  });

  it('is searched as a document note', async () => {
    const note = await createDocumentNote(db, DOC, 'Excluded at full text: wrong population');
    expect(searchNoteOf(note, DEFAULT_SCHEMA)).toMatchObject({ label: 'Document note', note: 'Excluded at full text: wrong population', quote: '', start: null });
  });

  it("in a blinded review, a colleague's document note stays hidden until every extractor is Done", async () => {
    const review = await createReview(db, {
      name: 'Dual screening',
      protocolId: null,
      schemaKey: 'car-t-autoimmune@1',
      documentIds: [DOC],
      members: [
        { reviewerId: ANA, name: 'Ana Ruiz', role: 'extractor' },
        { reviewerId: BEN, name: 'Ben Okafor', role: 'extractor' },
      ],
      blinded: true,
    });
    const anas = await createDocumentNote(db, DOC, 'Ana: exclude, wrong population');
    expect(anas.reviewId).toBe(review.id);
    await beReviewer(db, BEN, 'Ben Okafor');
    const exported = async () => (await loadExportInput(db, [DOC], '2026-12-01T21:00:00.000Z')).annotations.filter(isDocumentNote).map((a) => a.note);
    expect(await exported()).toEqual([]);
    await createDocumentNote(db, DOC, 'Ben: include');
    expect(await exported()).toEqual(['Ben: include']);
    await setReviewerProgress(db, review.id, DOC, 'done');
    await beReviewer(db, ANA, 'Ana Ruiz');
    await setReviewerProgress(db, review.id, DOC, 'done');
    await beReviewer(db, BEN, 'Ben Okafor');
    expect((await exported()).sort()).toEqual(['Ana: exclude, wrong population', 'Ben: include']);
  });
});
