// Team reviews against the database: creating a review (audited, made active), per-reviewer Done,
// values stamped with the active review, blinding in the evidence table, exports and library
// completeness, colleagues' progress from an import, consensus values with their origin, and backups.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describe as describeRange } from '@shared/anchoring';
import type { Annotation, AnnotationId, DocumentId, FieldTag, ReviewerId, Setting } from '@shared/model';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { addImportedAnnotations, createAnnotation, filledFieldKeysByDocument } from '../../../renderer/src/db/annotations';
import { readAllTables, restoreBackup } from '../../../renderer/src/db/backup';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { readEvidenceTable } from '../../../renderer/src/db/evidence';
import { loadExportInput } from '../../../renderer/src/db/exports';
import { REVIEWER_KEY } from '../../../renderer/src/db/funnel';
import {
  ACTIVE_REVIEW_KEY,
  checkReview,
  createReview,
  listReviewValues,
  readBlindingContext,
  recordConsensus,
  setActiveReview,
  setReviewerProgress,
} from '../../../renderer/src/db/reviews';
import { longFormCsv } from '@shared/export/csv';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const corpus = bundledDocuments();
const DOC = documentIdOf(corpus[0]!.text) as DocumentId;
const OTHER_DOC = documentIdOf(corpus[1]!.text) as DocumentId;
const ANA = 'ana-0001' as ReviewerId;
const BEN = 'ben-0001' as ReviewerId;
const JUDY = 'judy-0001' as ReviewerId;
let db: MarginDatabase;

/** Makes `id` the reviewer at this device, as their own device would be (tests stand in for sync). */
async function beReviewer(id: ReviewerId, name: string): Promise<void> {
  await db.settings.put({ key: REVIEWER_KEY, value: { id, name, initials: name[0], createdAt: '', chosen: true } } satisfies Setting);
}

function tag(text: string): FieldTag {
  return { fieldKey: 'indication', schemaId: 'car-t-autoimmune@1', value: { type: 'text', text }, status: 'parsed', reason: null, qualifier: null };
}

function colleagueValue(id: string, creatorId: ReviewerId, creator: string, text: string): Annotation {
  const body = corpus[0]!.text;
  return {
    id: id as AnnotationId,
    documentId: DOC,
    target: describeRange(body, 10, 30),
    color: 'yellow',
    note: '',
    tags: [],
    field: tag(text),
    creator,
    creatorId,
    createdAt: '2026-12-01T10:00:00.000Z',
    modifiedAt: '2026-12-01T10:00:00.000Z',
    deletedAt: null,
  };
}

async function makeReview() {
  return createReview(db, {
    name: 'CAR-T dual extraction',
    protocolId: 'CRD42025012345',
    schemaKey: 'car-t-autoimmune@1',
    documentIds: [DOC],
    members: [
      { reviewerId: ANA, name: 'Ana Ruiz', role: 'extractor' },
      { reviewerId: BEN, name: 'Ben Okafor', role: 'extractor' },
      { reviewerId: JUDY, name: 'Judy Li', role: 'adjudicator' },
    ],
    blinded: true,
  });
}

beforeEach(async () => {
  db = freshDatabase();
  await upsertDocuments(db, corpus.slice(0, 2));
  await beReviewer(BEN, 'Ben Okafor');
});
afterEach(() => db.close());

describe('team reviews in the database', () => {
  it('refuses a review without a name, documents, members or two extractors when blinded', () => {
    const base = { name: 'R', schemaKey: 's@1', documentIds: [DOC], members: [{ reviewerId: 'x', name: 'X', role: 'extractor' as const }], blinded: false };
    expect(checkReview({ ...base, name: ' ' })).toEqual({ ok: false, message: 'Give the review a name.' });
    expect(checkReview({ ...base, documentIds: [] }).ok).toBe(false);
    expect(checkReview({ ...base, members: [] }).ok).toBe(false);
    expect(checkReview({ ...base, blinded: true })).toEqual({ ok: false, message: 'A blinded review needs at least two extractors.' });
    expect(checkReview({ ...base, members: [...base.members, ...base.members] }).ok).toBe(false);
    expect(checkReview(base)).toEqual({ ok: true });
  });

  it('stores a review through the funnel (audited), makes it active and names its members', async () => {
    const review = await makeReview();
    expect(await db.reviews.get(review.id)).toMatchObject({ name: 'CAR-T dual extraction', protocolId: 'CRD42025012345', blinded: true });
    expect((await db.settings.get(ACTIVE_REVIEW_KEY))?.value).toBe(review.id);
    const entries = (await db.audit.toArray()).filter((e) => e.table === 'reviews');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actor.id).toBe(BEN);
    await setActiveReview(db, null);
    expect((await db.settings.get(ACTIVE_REVIEW_KEY))?.value).toBeNull();
  });

  it("stamps values made in the active review, keeps a colleague's hidden until both are Done, then shows them everywhere", async () => {
    const review = await makeReview();
    await addImportedAnnotations(db, [colleagueValue('ana-1', ANA, 'Ana Ruiz', 'Refractory SLE')]);
    const mine = await createAnnotation(db, { documentId: DOC, target: describeRange(corpus[0]!.text, 40, 60), color: 'yellow', field: tag('SLE') });
    expect(mine.reviewId).toBe(review.id);
    // Writing a value in the review starts the reviewer's own progress, and leaves the solo status working.
    expect((await db.progress.toArray()).map((p) => [p.reviewerId, p.status])).toEqual([[BEN, 'in-progress']]);

    const seen = async () => ({
      table: (await readEvidenceTable(db)).values.map((v) => v.id),
      exported: (await loadExportInput(db, [DOC], '2026-12-01T12:00:00Z')).annotations.map((a) => a.id),
      filled: (await filledFieldKeysByDocument(db)).get(DOC)?.size ?? 0,
      adjudication: (await listReviewValues(db, review)).map((a) => a.id),
    });
    expect(await seen()).toEqual({ table: [mine.id], exported: [mine.id], filled: 1, adjudication: [mine.id] });

    await setReviewerProgress(db, review.id, DOC, 'done');
    expect((await seen()).table).toEqual([mine.id]);
    // Ana's own file says she is done: then, and only then, Ben sees her value.
    await addImportedAnnotations(db, [], { progress: [{ reviewId: review.id, documentId: DOC, reviewerId: ANA, status: 'done', updatedAt: '2026-12-01T11:00:00.000Z' }] });
    const after = await seen();
    expect(after.table.sort()).toEqual(['ana-1', mine.id].sort());
    expect(after.exported.sort()).toEqual(['ana-1', mine.id].sort());
  });

  it('names a member in exports by the review, even while blinding hides every value of theirs', async () => {
    const review = await makeReview();
    await addImportedAnnotations(db, [], { progress: [{ reviewId: review.id, documentId: DOC, reviewerId: ANA, status: 'done', updatedAt: '2026-12-01T11:00:00.000Z' }] });
    const input = await loadExportInput(db, [DOC], '2026-12-01T12:00:00Z');
    expect(input.annotations).toEqual([]);
    expect(input.reviewers?.get(ANA)).toBe('Ana Ruiz');
    expect(input.reviewers?.get(JUDY)).toBe('Judy Li');
  });

  it("never takes the viewer's own progress from a file, nor progress of a non-member or a review not stored", async () => {
    const review = await makeReview();
    await addImportedAnnotations(db, [], {
      progress: [
        { reviewId: review.id, documentId: DOC, reviewerId: BEN, status: 'done', updatedAt: '2026-12-01T11:00:00.000Z' },
        { reviewId: review.id, documentId: DOC, reviewerId: 'stranger' as ReviewerId, status: 'done', updatedAt: '2026-12-01T11:00:00.000Z' },
        { reviewId: 'elsewhere' as never, documentId: DOC, reviewerId: ANA, status: 'done', updatedAt: '2026-12-01T11:00:00.000Z' },
      ],
    });
    expect(await db.progress.count()).toBe(0);
  });

  it('an adjudicator sees both extractors, records consensus with its origin, and a second decision replaces the first', async () => {
    const review = await makeReview();
    await addImportedAnnotations(db, [colleagueValue('ana-1', ANA, 'Ana Ruiz', 'Refractory SLE'), colleagueValue('ben-1', BEN, 'Ben Okafor', 'SLE')]);
    await expect(recordConsensus(db, review.id, DOC, { kind: 'take', source: (await db.annotations.get('ana-1' as AnnotationId))! })).rejects.toThrow(/Only an adjudicator/);
    // A highlight without a value compares nothing: the adjudication does not read it.
    await addImportedAnnotations(db, [{ ...colleagueValue('ana-highlight', ANA, 'Ana Ruiz', ''), field: null }]);
    await beReviewer(JUDY, 'Judy Li');
    expect((await listReviewValues(db, review)).map((a) => a.id).sort()).toEqual(['ana-1', 'ben-1']);
    const taken = await recordConsensus(db, review.id, DOC, { kind: 'take', source: (await db.annotations.get('ana-1' as AnnotationId))! });
    expect(taken.consensus).toEqual({ reviewId: review.id, takenFrom: ANA, sourceAnnotationId: 'ana-1' });
    expect(taken.field?.value).toEqual({ type: 'text', text: 'Refractory SLE' });
    const written = await recordConsensus(db, review.id, DOC, { kind: 'write', field: tag('Refractory systemic lupus'), target: null });
    expect(written.consensus).toEqual({ reviewId: review.id, takenFrom: null, sourceAnnotationId: null });
    expect((await db.annotations.get(taken.id))!.deletedAt).not.toBeNull();

    // The long form names each extractor and the consensus with where it came from.
    const csv = longFormCsv(await loadExportInput(db, [DOC], '2026-12-01T12:00:00Z'));
    expect(csv).toContain('Refractory SLE');
    expect(csv).toMatch(/Refractory SLE,.*Ana Ruiz,ana-0001,no,/);
    expect(csv).toMatch(/Refractory systemic lupus,.*Judy Li,judy-0001,written by the adjudicator,/);
  });

  it('keeps reviews and progress through a backup and restore', async () => {
    const review = await makeReview();
    await setReviewerProgress(db, review.id, DOC, 'done');
    const data = await readAllTables(db);
    expect(data.reviews).toHaveLength(1);
    expect(data.progress).toHaveLength(1);
    const target = freshDatabase();
    await upsertDocuments(target, corpus.slice(0, 2));
    await restoreBackup(target, data, 'replace');
    expect((await target.reviews.toArray()).map((r) => r.id)).toEqual([review.id]);
    expect((await readBlindingContext(target)).progress.map((p) => p.status)).toEqual(['done']);
    target.close();
  });

  it('refuses progress on a document outside the review, or for a non-member', async () => {
    const review = await makeReview();
    await expect(setReviewerProgress(db, review.id, OTHER_DOC, 'done')).rejects.toThrow('That document is not part of the review.');
    await beReviewer('stranger' as ReviewerId, 'Stranger');
    await expect(setReviewerProgress(db, review.id, DOC, 'done')).rejects.toThrow(/Only a member/);
  });
});
