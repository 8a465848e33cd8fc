// @vitest-environment node
// The blinding rule: extractors blind to each other per document until every extractor is Done,
// adjudicators see all, a reviewer always sees their own; examples and fast-check properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Annotation, AnnotationId, DocumentId, ReviewerId } from '@shared/model';
import type { Review, ReviewerProgress, ReviewId } from '@shared/review/model';
import { allExtractorsDone, canSee, extractorsOf, hiddenCount, visibleAnnotations } from '@shared/review/blinding';
import type { BlindingContext } from '@shared/review/blinding';

const A = 'ana' as ReviewerId;
const B = 'ben' as ReviewerId;
const J = 'judge' as ReviewerId;
const OUTSIDER = 'outsider' as ReviewerId;
const D1 = 'd1' as DocumentId;
const D2 = 'd2' as DocumentId;
const OTHER = 'd-other' as DocumentId;
const R = 'review-1' as ReviewId;

function review(blinded = true): Review {
  return {
    id: R,
    name: 'CAR-T',
    protocolId: null,
    schemaKey: 's@1',
    documentIds: [D1, D2],
    members: [
      { reviewerId: A, name: 'Ana', role: 'extractor', joinedAt: '' },
      { reviewerId: B, name: 'Ben', role: 'extractor', joinedAt: '' },
      { reviewerId: J, name: 'Judge', role: 'adjudicator', joinedAt: '' },
    ],
    blinded,
    createdAt: '',
    createdBy: A,
  };
}

function done(reviewerId: ReviewerId, documentId: DocumentId, status: ReviewerProgress['status'] = 'done'): ReviewerProgress {
  return { reviewId: R, documentId, reviewerId, status, updatedAt: '' };
}

let serial = 0;
function mark(creatorId: ReviewerId | undefined, documentId: DocumentId, reviewId?: ReviewId): Annotation {
  serial++;
  return {
    id: `a${serial}` as AnnotationId,
    documentId,
    target: null,
    color: 'yellow',
    note: '',
    tags: [],
    field: null,
    creator: creatorId ?? 'someone',
    ...(creatorId ? { creatorId } : {}),
    ...(reviewId ? { reviewId } : {}),
    createdAt: '',
    modifiedAt: '',
    deletedAt: null,
  };
}

describe('who sees whose marks', () => {
  const ctx = (viewer: ReviewerId, progress: ReviewerProgress[] = [], blinded = true): BlindingContext => ({ viewer, reviews: [review(blinded)], progress });

  it("an extractor sees their own marks and none of the other extractor's or the adjudicator's on a review document", () => {
    expect(canSee(ctx(B), mark(B, D1))).toBe(true);
    expect(canSee(ctx(B), mark(A, D1))).toBe(false);
    expect(canSee(ctx(B), mark(J, D1, R))).toBe(false);
  });

  it('blinding lifts per document once every extractor is Done, and only then', () => {
    expect(canSee(ctx(B, [done(B, D1)]), mark(A, D1))).toBe(false);
    expect(canSee(ctx(B, [done(B, D1), done(A, D1, 'in-progress')]), mark(A, D1))).toBe(false);
    expect(canSee(ctx(B, [done(B, D1), done(A, D1)]), mark(A, D1))).toBe(true);
    // Done on one document lifts nothing on another.
    expect(canSee(ctx(B, [done(B, D1), done(A, D1)]), mark(A, D2))).toBe(false);
    expect(allExtractorsDone(review(), D1, [done(A, D1), done(B, D1)])).toBe(true);
  });

  it('adjudicators see everything; unblinded reviews hide nothing', () => {
    expect(canSee(ctx(J), mark(A, D1))).toBe(true);
    expect(canSee(ctx(J), mark(B, D2, R))).toBe(true);
    expect(canSee(ctx(B, [], false), mark(A, D1))).toBe(true);
  });

  it("documents outside the review, and an outsider's or unattributed solo marks, stay visible", () => {
    expect(canSee(ctx(B), mark(A, OTHER))).toBe(true);
    expect(canSee(ctx(B), mark(OUTSIDER, D1))).toBe(true);
    expect(canSee(ctx(B), mark(undefined, D1))).toBe(true);
    // ...unless made in the review: an outsider's mark carrying the review's id is review work.
    expect(canSee(ctx(B), mark(OUTSIDER, D1, R))).toBe(false);
  });

  it('filters a list and counts what it hid', () => {
    const list = [mark(A, D1), mark(B, D1), mark(A, OTHER)];
    expect(visibleAnnotations(ctx(B), list).map((a) => a.creatorId)).toEqual([B, A]);
    expect(hiddenCount(ctx(B), list)).toBe(1);
    // Nothing hidden: the very same array, so memoized screens do not redraw.
    expect(visibleAnnotations(ctx(J), list)).toBe(list);
  });
});

describe('blinding properties', () => {
  const reviewer = fc.constantFrom(A, B, J, OUTSIDER);
  const document = fc.constantFrom(D1, D2, OTHER);
  const annotation = fc.tuple(fc.option(reviewer, { nil: undefined }), document, fc.boolean()).map(([c, d, inReview]) => mark(c, d, inReview ? R : undefined));
  const progress = fc.array(
    fc.tuple(fc.constantFrom(A, B), fc.constantFrom(D1, D2), fc.constantFrom('done' as const, 'in-progress' as const)).map(([r, d, s]) => done(r, d, s)),
    { maxLength: 6 },
  );
  const context = fc.tuple(reviewer, progress, fc.boolean()).map(([viewer, p, blinded]): BlindingContext => ({ viewer, reviews: [review(blinded)], progress: p }));

  it('a reviewer always sees their own marks', () => {
    fc.assert(fc.property(context, annotation, (c, a) => {
      if (a.creatorId === c.viewer) expect(canSee(c, a)).toBe(true);
    }));
  });

  it('an adjudicator and a non-member see everything', () => {
    fc.assert(fc.property(context, fc.array(annotation), (c, list) => {
      if (c.viewer === J || c.viewer === OUTSIDER) expect(visibleAnnotations(c, list)).toHaveLength(list.length);
    }));
  });

  it("an extractor never sees another member's mark on a review document that an extractor has not finished", () => {
    fc.assert(fc.property(context, annotation, (c, a) => {
      const r = c.reviews[0]!;
      const otherMember = a.creatorId !== undefined && a.creatorId !== c.viewer && r.members.some((m) => m.reviewerId === a.creatorId);
      if (r.blinded && (c.viewer === A || c.viewer === B) && otherMember && r.documentIds.includes(a.documentId) && !allExtractorsDone(r, a.documentId, c.progress)) {
        expect(canSee(c, a)).toBe(false);
      }
    }));
  });

  it('once every extractor is Done on a document, everyone sees all of it', () => {
    fc.assert(fc.property(context, annotation, (c, a) => {
      if (allExtractorsDone(c.reviews[0]!, a.documentId, c.progress)) expect(canSee(c, a)).toBe(true);
    }));
  });

  it('filtering keeps order and only drops marks canSee refuses', () => {
    fc.assert(fc.property(context, fc.array(annotation), (c, list) => {
      expect(visibleAnnotations(c, list)).toEqual(list.filter((a) => canSee(c, a)));
    }));
  });
});

describe('extractor A and B', () => {
  it('are the same people whatever order a device stored the members in: by joining time, then id', () => {
    const listed = review();
    const members = [
      { reviewerId: 'zed' as ReviewerId, name: 'Zed', role: 'extractor' as const, joinedAt: '2026-12-01T09:00:00.000Z' },
      { reviewerId: 'amy' as ReviewerId, name: 'Amy', role: 'extractor' as const, joinedAt: '2026-12-01T09:00:00.001Z' },
      { reviewerId: J, name: 'Judge', role: 'adjudicator' as const, joinedAt: '2026-12-01T08:00:00.000Z' },
    ];
    expect(extractorsOf({ ...listed, members })).toEqual(['zed', 'amy']);
    expect(extractorsOf({ ...listed, members: [...members].reverse() })).toEqual(['zed', 'amy']);
    // Joined at the same moment: by id, on every device.
    const tied = members.map((m) => ({ ...m, joinedAt: '' }));
    expect(extractorsOf({ ...listed, members: tied })).toEqual(['amy', 'zed']);
    expect(extractorsOf({ ...listed, members: [...tied].reverse() })).toEqual(['amy', 'zed']);
  });
});
