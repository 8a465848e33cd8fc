// Who may see whose annotations for a document (issue 11): in a blinded review an extractor never
// sees another member's marks on a document until every extractor of that review has marked it
// Done; adjudicators see everything; a reviewer always sees their own. Pure: every screen, search
// and export asks this one rule through the same filter.
import type { Annotation, DocumentId, ReviewerId } from '../model';
import type { Review, ReviewerProgress } from './model';

/** What blinding looks at in a mark: its document, who made it, in which review (an annotation, or the library's counts of one reviewer's values). */
export type WorkOf = Pick<Annotation, 'documentId' | 'creatorId' | 'reviewId'>;

export interface BlindingContext {
  /** The reviewer at this device; null before anyone was named (such a device is nobody's member). */
  viewer: ReviewerId | null;
  reviews: readonly Review[];
  progress: readonly ReviewerProgress[];
}

/**
 * The extractors of a review, by id, in the order they joined (then by id): the same order on
 * every device, whatever order a device stored the members in, so "A" is one person team-wide.
 */
export function extractorsOf(review: Review): ReviewerId[] {
  return review.members
    .filter((m) => m.role === 'extractor')
    .sort((a, b) => (a.joinedAt < b.joinedAt ? -1 : a.joinedAt > b.joinedAt ? 1 : a.reviewerId < b.reviewerId ? -1 : a.reviewerId > b.reviewerId ? 1 : 0))
    .map((m) => m.reviewerId);
}

/** Whether every extractor of `review` has marked `documentId` Done (blinding lifts then). */
export function allExtractorsDone(review: Review, documentId: DocumentId, progress: readonly ReviewerProgress[]): boolean {
  const extractors = extractorsOf(review);
  if (extractors.length === 0) return true;
  return extractors.every((id) => progress.some((p) => p.reviewId === review.id && p.documentId === documentId && p.reviewerId === id && p.status === 'done'));
}

/** The role of `viewer` in `review`, or null when they are not a member. */
export function roleIn(review: Review, viewer: ReviewerId | null): 'extractor' | 'adjudicator' | null {
  if (viewer === null) return null;
  return review.members.find((m) => m.reviewerId === viewer)?.role ?? null;
}

/**
 * The reviews that blind the viewer on a document now: blinded, holding the document, the viewer an
 * extractor of it, and not every extractor Done. Empty for an adjudicator or outside any review.
 */
export function blindingReviews(context: BlindingContext, documentId: DocumentId): Review[] {
  return context.reviews.filter(
    (review) =>
      review.blinded && review.documentIds.includes(documentId) && roleIn(review, context.viewer) === 'extractor' && !allExtractorsDone(review, documentId, context.progress),
  );
}

/**
 * Whether the viewer may see `annotation`. Hidden only when a review blinds the viewer on its
 * document and the annotation is someone else's work in that review: made in it (`reviewId`), or
 * made by another of its members (a colleague's file imported before it carried a review id). The
 * viewer's own marks, and marks of people outside the review (a solo reading before), stay visible.
 */
export function canSee(context: BlindingContext, annotation: WorkOf): boolean {
  if (context.viewer !== null && annotation.creatorId === context.viewer) return true;
  const blinding = blindingReviews(context, annotation.documentId);
  if (blinding.length === 0) return true;
  return !blinding.some(
    (review) => annotation.reviewId === review.id || (annotation.creatorId !== undefined && review.members.some((m) => m.reviewerId === annotation.creatorId)),
  );
}

/** The annotations the viewer may see, in the order given; the same array when nothing is hidden. */
export function visibleAnnotations<T extends WorkOf>(context: BlindingContext, annotations: readonly T[]): readonly T[] {
  // Most screens run outside any blinded review: skip the per-annotation walk then.
  if (!context.reviews.some((r) => r.blinded && roleIn(r, context.viewer) === 'extractor')) return annotations;
  const cache = new Map<DocumentId, boolean>();
  const blinded = (documentId: DocumentId) => {
    let known = cache.get(documentId);
    if (known === undefined) cache.set(documentId, (known = blindingReviews(context, documentId).length > 0));
    return known;
  };
  const out = annotations.filter((a) => !blinded(a.documentId) || canSee(context, a));
  return out.length === annotations.length ? annotations : out;
}

/** How many of the viewer's colleagues' annotations on a document are hidden (a screen says so, never silently). */
export function hiddenCount(context: BlindingContext, annotations: readonly Annotation[]): number {
  return annotations.length - visibleAnnotations(context, annotations).length;
}

/** No reviews: nothing is ever hidden (solo work, and tests of screens that predate reviews). */
export const NO_BLINDING: BlindingContext = { viewer: null, reviews: [], progress: [] };
