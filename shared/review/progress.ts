// The stored form of a reviewer's progress on one document of a review: the shared record plus the
// one string key the change funnel and the audit log address every record by.
import type { DocumentId, ReviewerId } from '../model';
import type { ReviewerProgress, ReviewId } from './model';

/**
 * `ReviewerProgress` as Dexie keeps it. `id` is added (not part of the shared shape) because the
 * funnel, undo and the audit log name a record by one string key; it is derived, never chosen.
 */
export type StoredProgress = ReviewerProgress & { id: string };

/** The key of (review, document, reviewer), as a JSON array so no id can run into the next. */
export function progressKey(reviewId: ReviewId, documentId: DocumentId, reviewerId: ReviewerId): string {
  return JSON.stringify([reviewId, documentId, reviewerId]);
}

export function storedProgress(progress: ReviewerProgress): StoredProgress {
  return { ...progress, id: progressKey(progress.reviewId, progress.documentId, progress.reviewerId) };
}
