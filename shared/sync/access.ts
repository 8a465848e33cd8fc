// Who may receive which sync document: blinding (issue 11 item 2) held by the sync server and the
// client alike. One pure rule, so the server's refusal and the client's not asking cannot drift;
// the adjudication lane's blinding rules may replace `blindingLifted` when they are merged.
import type { DocumentId, ReviewerId, ReviewStatusValue } from '../model';
import type { Review } from '../review/model';
import type { SyncDocMeta } from './layout';

/** A reviewer's status on one document, as far as the asking side knows it (null: not known). */
export type ProgressOf = (documentId: DocumentId, reviewerId: ReviewerId) => ReviewStatusValue | null;

/** In a blinded review, values become visible between extractors once every extractor has marked the document Done. */
export function blindingLifted(review: Review, documentId: DocumentId, progressOf: ProgressOf): boolean {
  const extractors = review.members.filter((m) => m.role === 'extractor');
  return extractors.length > 0 && extractors.every((m) => progressOf(documentId, m.reviewerId) === 'done');
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether `requester` may receive the sync document `doc`. The review document goes to anyone who
 * holds the server's token (a new member reads it to join). A reviewer document goes to its owner
 * and to adjudicators; to another extractor only when the review is not blinded or blinding has
 * lifted for that document. A consensus document is an adjudicator's work and goes to extractors
 * only after blinding lifts. Where the review is not known yet, only the owner receives it.
 */
export function mayReceive(requester: ReviewerId, doc: SyncDocMeta, review: Review | null, progressOf: ProgressOf): AccessDecision {
  if (doc.kind === 'review') return { allowed: true };
  if (doc.kind === 'reviewer' && doc.reviewerId === requester) return { allowed: true };
  if (review === null || review.id !== doc.reviewId) return { allowed: false, reason: 'the review is not known here yet' };
  const member = review.members.find((m) => m.reviewerId === requester);
  if (member === undefined) return { allowed: false, reason: 'the reviewer is not a member of the review' };
  if (member.role === 'adjudicator') return { allowed: true };
  if (!review.blinded) return { allowed: true };
  if (blindingLifted(review, doc.documentId, progressOf)) return { allowed: true };
  return { allowed: false, reason: 'blinded: not every extractor has marked the document Done' };
}
