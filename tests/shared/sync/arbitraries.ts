// fast-check arbitraries for the sync tests: review annotations and progress with awkward ids and
// text (quotes, separators, emoji, "__proto__"), since every one becomes a key or a serialized value.
import fc from 'fast-check';
import type { Annotation, AnnotationId, DocumentId, ReviewerId } from '@shared/model';
import type { ReviewerProgress, ReviewId } from '@shared/review/model';

export const awkwardText = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', '"', '\\', '\u0000', '💊 mg/m²', ':'));

export function annotationArb(reviewId: ReviewId, documentId: DocumentId, creatorId: ReviewerId): fc.Arbitrary<Annotation> {
  return fc.record({
    id: fc.oneof(fc.uuid(), fc.constantFrom('__proto__', 'a:b', 'constructor')).map((s) => s as AnnotationId),
    note: awkwardText,
    tags: fc.array(awkwardText, { maxLength: 3 }),
    color: fc.constantFrom('yellow' as const, 'red' as const, 'green' as const),
    deleted: fc.boolean(),
    value: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)), { nil: null }),
  }).map((r) => ({
    id: r.id,
    documentId,
    target: null,
    color: r.color,
    note: r.note,
    tags: r.tags,
    field: r.value === null ? null : { fieldKey: 'age', schemaId: 'core', value: { kind: 'number', value: r.value, unit: null, text: String(r.value) } as never, status: 'parsed' as const, reason: null, qualifier: null },
    creator: 'Reviewer',
    creatorId,
    createdAt: '2026-12-01T10:00:00.000Z',
    modifiedAt: '2026-12-01T10:00:00.000Z',
    deletedAt: r.deleted ? '2026-12-01T11:00:00.000Z' : null,
    reviewId,
  }));
}

export function progressArb(reviewId: ReviewId, documentId: DocumentId, reviewerId: ReviewerId): fc.Arbitrary<ReviewerProgress> {
  return fc.constantFrom('not-started' as const, 'in-progress' as const, 'done' as const).map((status) => ({ reviewId, documentId, reviewerId, status, updatedAt: '2026-12-01T12:00:00.000Z' }));
}
