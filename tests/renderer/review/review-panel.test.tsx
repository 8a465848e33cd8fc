// The Review tab as an adjudicator meets it: both extractors' values side by side with the state in
// words, agreement and kappa for the document, take A by button, the origin shown (keys: the e2e).
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { describe as describeRange } from '@shared/anchoring';
import type { Annotation, AnnotationId, DocumentId, ReviewerId, Setting } from '@shared/model';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { addImportedAnnotations } from '../../../renderer/src/db/annotations';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { REVIEWER_KEY } from '../../../renderer/src/db/funnel';
import { createReview } from '../../../renderer/src/db/reviews';
import { ReviewPanel } from '../../../renderer/src/features/review/review-panel';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const corpus = bundledDocuments();
const DOC = documentIdOf(corpus[1]!.text) as DocumentId;
let db: MarginDatabase;
afterEach(() => db?.close());

function value(id: string, creatorId: string, creator: string, fieldKey: string, v: Annotation['field'] extends infer F ? (F extends { value: infer V } ? V : never) : never, quote: string): Annotation {
  const text = corpus[1]!.text;
  const at = text.indexOf(quote);
  return {
    id: id as AnnotationId,
    documentId: DOC,
    target: describeRange(text, at, at + quote.length),
    color: 'yellow',
    note: '',
    tags: [],
    field: { fieldKey, schemaId: 'car-t-autoimmune@2', value: v, status: 'parsed', reason: null, qualifier: null },
    creator,
    creatorId: creatorId as ReviewerId,
    createdAt: '2026-12-01T10:00:00.000Z',
    modifiedAt: '2026-12-01T10:00:00.000Z',
    deletedAt: null,
  };
}

describe('ReviewPanel', () => {
  it('shows A beside B with the state, agreement and kappa, and records consensus with its origin', async () => {
    db = await deskWithCorpus(DOC);
    await db.settings.put({ key: REVIEWER_KEY, value: { id: 'judy', name: 'Judy Li', initials: 'JL', createdAt: '', chosen: true } } satisfies Setting);
    await createReview(db, {
      name: 'Dual',
      schemaKey: 'car-t-autoimmune@2',
      documentIds: [DOC],
      members: [
        { reviewerId: 'judy', name: 'Judy Li', role: 'adjudicator' },
        { reviewerId: 'ana', name: 'Ana Ruiz', role: 'extractor' },
        { reviewerId: 'ben', name: 'Ben Okafor', role: 'extractor' },
      ],
      blinded: true,
    });
    const grade = (g: number) => ({ type: 'grade' as const, scale: 'ASTCT-CRS' as const, grade: g, bound: 'exact' as const });
    await addImportedAnnotations(db, [
      value('a1', 'ana', 'Ana Ruiz', 'crs_grade', grade(1), 'neutropenia (grade 4)'),
      value('b1', 'ben', 'Ben Okafor', 'crs_grade', grade(2), 'neutropenia (grade 4)'),
    ]);
    renderWithDatabase(db, <ReviewPanel />);
    const row = await screen.findByRole('row', { name: 'CRS grade: Disagree' });
    expect(within(row).getByText('Disagree')).toBeTruthy();
    // One categorical item, A = grade 1, B = grade 2: p_o = 0, p_e = 0, κ = 0.
    expect(screen.getByLabelText('Agreement on this document').textContent).toMatch(/^This document: 0 of 1 agree \(0%\); κ 0\.00/);
    fireEvent.click(within(row).getByRole('button', { name: 'Take A for CRS grade' }));
    await waitFor(async () => expect((await db.annotations.toArray()).some((a) => a.consensus?.takenFrom === 'ana')).toBe(true), { timeout: 20_000 });
    await waitFor(() => expect(within(screen.getByRole('row', { name: 'CRS grade: Disagree' })).getByText(/taken from Ana Ruiz/)).toBeTruthy(), { timeout: 10_000 });
    const consensus = (await db.annotations.toArray()).filter((a) => a.consensus && a.deletedAt === null);
    expect(consensus.map((a) => [a.consensus!.takenFrom, a.consensus!.sourceAnnotationId])).toEqual([['ana', 'a1']]);
  }, 90_000);
});
