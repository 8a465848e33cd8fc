// Applies the blinding rule to one request: which sync document an id stands for (only documents
// of the requester's review are recognised) and whether the requester may have it, reading the
// review and the extractors' progress from what the deciding side holds.
import type { ReviewStatusValue } from '../model';
import { mayReceive } from './access';
import type { AccessDecision } from './access';
import { readRecords, syncDocumentId } from './layout';
import type { SyncDocContent, SyncDocMeta } from './layout';
import type { PeerIdentity } from './peer';

/** Reads a sync document as this side holds it now, without asking any peer; null when not held. */
export type ReadLocal = (documentId: string) => Promise<SyncDocContent | null>;

/** Every sync document id of a review that `who` could ask for, with what it holds. */
export function reviewDocIds(who: PeerIdentity, documentIds: readonly string[], reviewerIds: readonly string[]): Map<string, SyncDocMeta> {
  const out = new Map<string, SyncDocMeta>();
  const review: SyncDocMeta = { kind: 'review', reviewId: who.reviewId };
  out.set(syncDocumentId(review), review);
  const people = new Set<string>([...reviewerIds, who.reviewerId]);
  for (const documentId of documentIds) {
    const consensus: SyncDocMeta = { kind: 'consensus', reviewId: who.reviewId, documentId: documentId as never };
    out.set(syncDocumentId(consensus), consensus);
    for (const reviewerId of people) {
      const meta: SyncDocMeta = { kind: 'reviewer', reviewId: who.reviewId, documentId: documentId as never, reviewerId: reviewerId as never };
      out.set(syncDocumentId(meta), meta);
    }
  }
  return out;
}

export async function decideAccess(who: PeerIdentity, documentId: string, readLocal: ReadLocal): Promise<AccessDecision> {
  const reviewDocId = syncDocumentId({ kind: 'review', reviewId: who.reviewId });
  if (documentId === reviewDocId) return { allowed: true };
  const reviewContent = await readLocal(reviewDocId);
  const review = reviewContent === null ? null : readRecords(reviewContent).review;
  const known = reviewDocIds(who, review?.documentIds ?? [], review?.members.map((m) => m.reviewerId) ?? []);
  const meta = known.get(documentId);
  if (meta === undefined) return { allowed: false, reason: 'not a document of this review (yet)' };
  if (meta.kind === 'review') return { allowed: true };
  // Progress as the review document announces it: every device holds that document, and reading
  // it never means loading a reviewer's thousands of annotations to learn one status.
  const progress = new Map<string, { status: ReviewStatusValue; at: string }>();
  if (reviewContent !== null) {
    for (const p of readRecords(reviewContent).reviewProgress) {
      const seen = progress.get(p.reviewerId);
      if (p.documentId === meta.documentId && (seen === undefined || seen.at <= p.updatedAt)) progress.set(p.reviewerId, { status: p.status, at: p.updatedAt });
    }
  }
  return mayReceive(who.reviewerId, meta, review, (_documentId, reviewerId) => progress.get(reviewerId)?.status ?? null);
}
