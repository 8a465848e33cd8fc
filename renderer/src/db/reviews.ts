// Team reviews repository (issue 11): reviews and their members, the device's active review, each
// reviewer's Done per document, and the blinding context every read of annotations is filtered by.
// Every write is one action through the change funnel, so it is audited and named.
import { useLiveQuery } from 'dexie-react-hooks';
import type { Annotation, AnnotationId, DocumentId, FieldTag, ReviewerId, ReviewStatusValue, Setting, TextSelectors } from '@shared/model';
import type { BlindingContext } from '@shared/review/blinding';
import { REVIEW_ROLES } from '@shared/review/model';
import type { ConsensusOrigin, Review, ReviewerProgress, ReviewId, ReviewMember, ReviewRole } from '@shared/review/model';
import { progressKey, storedProgress } from '@shared/review/progress';
import type { StoredProgress } from '@shared/review/progress';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { REVIEWER_KEY, reviewerOf, runChange } from './funnel';
import type { ChangeWriter } from './funnel';
import { rememberReviewers } from './reviewers';
import { readBlindingContext, visibleToViewer } from './blinding';

export { readBlindingContext, visibleToViewer };

/** The review this device works in: a setting, so it survives a restart and is audited when switched. */
export const ACTIVE_REVIEW_KEY = 'activeReview';

export interface NewReview {
  name: string;
  protocolId?: string | null;
  schemaKey: string;
  documentIds: readonly DocumentId[];
  members: readonly { reviewerId: string; name: string; role: ReviewRole }[];
  blinded: boolean;
}

export type ReviewCheck = { ok: true } | { ok: false; message: string };

/** What a review must hold before it is stored; each refusal says what to change. */
export function checkReview(input: NewReview): ReviewCheck {
  if (!input.name.trim()) return { ok: false, message: 'Give the review a name.' };
  if (input.name.trim().length > 200) return { ok: false, message: 'A review name of at most 200 characters, please.' };
  if (input.documentIds.length === 0) return { ok: false, message: 'Choose at least one document for the review.' };
  if (input.members.length === 0) return { ok: false, message: 'Add at least one member.' };
  const ids = new Set<string>();
  for (const member of input.members) {
    if (!member.reviewerId.trim()) return { ok: false, message: `Give ${member.name.trim() || 'each member'} a reviewer id.` };
    if (!member.name.trim()) return { ok: false, message: `Give the member ${member.reviewerId} a name.` };
    if (!REVIEW_ROLES.includes(member.role)) return { ok: false, message: `${member.name} has no role.` };
    if (ids.has(member.reviewerId.trim())) return { ok: false, message: `${member.name} is listed twice.` };
    ids.add(member.reviewerId.trim());
  }
  if (input.blinded && input.members.filter((m) => m.role === 'extractor').length < 2) {
    return { ok: false, message: 'A blinded review needs at least two extractors.' };
  }
  return { ok: true };
}

function newReviewId(): ReviewId {
  return crypto.randomUUID() as ReviewId;
}

/** Stores a new review as one action and makes it this device's active review. */
export async function createReview(db: MarginDatabase, input: NewReview, options: { now?: string } = {}): Promise<Review> {
  const check = checkReview(input);
  if (!check.ok) throw new Error(check.message);
  return runChange(db, { action: 'review.create', label: 'create a team review', documentId: null, undo: { refused: 'Creating a review is not undone; it can be left inactive.' }, now: options.now }, async (writer) => {
    for (const id of input.documentIds) if (!(await writer.get('documents', id))) throw new Error('A document chosen for the review is no longer in the library.');
    // Members join a millisecond apart in the order the creator listed them: synced devices order
    // members by when they joined, so extractor A stays the same person on every device.
    const joined = Date.parse(writer.now);
    const members: ReviewMember[] = input.members.map((m, i) => ({ reviewerId: m.reviewerId.trim() as ReviewerId, name: m.name.trim(), role: m.role, joinedAt: Number.isNaN(joined) ? writer.now : new Date(joined + i).toISOString() }));
    const review: Review = {
      id: newReviewId(),
      name: input.name.trim(),
      protocolId: input.protocolId?.trim() || null,
      schemaKey: input.schemaKey,
      documentIds: [...new Set(input.documentIds)],
      members,
      blinded: input.blinded,
      createdAt: writer.now,
      createdBy: (writer.reviewerId ?? members[0]!.reviewerId) as ReviewerId,
    };
    await writer.put<Review>('reviews', review);
    await writer.put<Setting>('settings', { key: ACTIVE_REVIEW_KEY, value: review.id });
    // Members are named everywhere their values appear (exports, the adjudication view).
    await rememberReviewers(writer, new Map(members.map((m) => [m.reviewerId, m.name])));
    return review;
  });
}

/** Makes `reviewId` (or no review: solo work) this device's active review. */
export async function setActiveReview(db: MarginDatabase, reviewId: ReviewId | null, options: { now?: string } = {}): Promise<void> {
  await runChange(db, { action: 'settings.active-review', label: 'active review', documentId: null, now: options.now }, async (writer) => {
    if (reviewId !== null && !(await writer.get('reviews', reviewId))) throw new Error('That review is no longer stored.');
    await writer.put<Setting>('settings', { key: ACTIVE_REVIEW_KEY, value: reviewId });
  });
}

/** The active review id as stored; anything malformed is no review. */
export function activeReviewIdOf(setting: Setting | undefined): ReviewId | null {
  return typeof setting?.value === 'string' && setting.value ? (setting.value as ReviewId) : null;
}

/** Part of an action: the active review, when it holds `documentId` and this reviewer is a member of it. */
export async function activeReviewFor(writer: ChangeWriter, documentId: DocumentId): Promise<Review | null> {
  const id = activeReviewIdOf(await writer.get<Setting>('settings', ACTIVE_REVIEW_KEY));
  if (id === null) return null;
  const review = await writer.get<Review>('reviews', id);
  if (!review || !review.documentIds.includes(documentId)) return null;
  return review.members.some((m) => m.reviewerId === writer.reviewerId) ? review : null;
}

/**
 * Sets one reviewer's status for one document of a review (the reviewer at this device unless told),
 * as one action. Done here is the reviewer's own: it never touches the solo status of `statuses`.
 */
export async function setReviewerProgress(
  db: MarginDatabase,
  reviewId: ReviewId,
  documentId: DocumentId,
  status: ReviewStatusValue,
  options: { reviewerId?: ReviewerId; now?: string } = {},
): Promise<ReviewerProgress> {
  return runChange(db, { action: 'review.progress', label: status === 'done' ? 'Done in the review' : 'status in the review', documentId, now: options.now }, async (writer) => {
    const review = await writer.get<Review>('reviews', reviewId);
    if (!review) throw new Error('That review is no longer stored.');
    if (!review.documentIds.includes(documentId)) throw new Error('That document is not part of the review.');
    const reviewerId = options.reviewerId ?? writer.reviewerId;
    if (!reviewerId || !review.members.some((m) => m.reviewerId === reviewerId)) throw new Error('Only a member of the review can mark a document in it.');
    const progress = storedProgress({ reviewId, documentId, reviewerId, status, updatedAt: writer.now });
    await writer.put<StoredProgress>('progress', progress);
    return progress;
  });
}

/** Part of an action that writes a value in a review: the reviewer's Not started becomes In progress. */
export async function markReviewInProgress(writer: ChangeWriter, review: Review, documentId: DocumentId): Promise<void> {
  if (!writer.reviewerId) return;
  const key = progressKey(review.id, documentId, writer.reviewerId);
  const current = await writer.get<StoredProgress>('progress', key);
  if (!current || current.status === 'not-started') {
    await writer.put<StoredProgress>('progress', storedProgress({ reviewId: review.id, documentId, reviewerId: writer.reviewerId, status: 'in-progress', updatedAt: writer.now }));
  }
}

export async function listReviews(db: MarginDatabase): Promise<Review[]> {
  const reviews = await db.reviews.toArray();
  return reviews.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

export interface ReviewDesk {
  reviews: Review[];
  active: Review | null;
  viewer: ReviewerId | null;
  progress: StoredProgress[];
}

/** Every review, the active one, this reviewer and all progress, live; undefined while reading. */
export function useReviewDesk(): ReviewDesk | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => {
    const [reviews, progress, [active, reviewer]] = await Promise.all([listReviews(db), db.progress.toArray(), db.settings.bulkGet([ACTIVE_REVIEW_KEY, REVIEWER_KEY])]);
    const activeId = activeReviewIdOf(active);
    return { reviews, progress, active: reviews.find((r) => r.id === activeId) ?? null, viewer: reviewerOf(reviewer)?.id ?? null };
  }, [db]);
}

/** The live blinding context; undefined while reading. */
export function useBlindingContext(): BlindingContext | undefined {
  const db = useDatabase();
  return useLiveQuery(() => readBlindingContext(db), [db]);
}

/**
 * The live field values (extractors' and consensus) of a review's documents that this reviewer may
 * see: everything for an adjudicator, an extractor's own only until blinding lifts. The adjudication
 * view and the review's agreement read this, so it is read by the field index: a review of 10,000
 * annotations holds a few hundred values, and highlights and notes compare nothing.
 */
export async function listReviewValues(db: MarginDatabase, review: Review): Promise<Annotation[]> {
  const documents = new Set<string>(review.documentIds);
  const values = await db.annotations.where('field.fieldKey').aboveOrEqual('').filter((a) => documents.has(a.documentId)).toArray();
  return visibleToViewer(db, values.filter((a) => a.deletedAt === null && a.field !== null));
}

/** The adjudicator's consensus to record for one field (and instance) of one document. */
export type ConsensusChoice =
  | { kind: 'take'; source: Annotation }
  | { kind: 'write'; field: FieldTag; target: TextSelectors | null };

/**
 * Records the consensus value of one field and instance as one action: taken from an extractor's
 * value (its value and quote, with where it came from) or written by the adjudicator with a quote of
 * their own. An earlier consensus for the same field and instance is replaced (kept as a tombstone,
 * so undo brings it back). Only an adjudicator of the review may decide.
 */
export async function recordConsensus(db: MarginDatabase, reviewId: ReviewId, documentId: DocumentId, choice: ConsensusChoice, options: { now?: string } = {}): Promise<Annotation> {
  const label = choice.kind === 'take' ? 'take a value as consensus' : 'write a consensus value';
  return runChange(db, { action: choice.kind === 'take' ? 'consensus.take' : 'consensus.write', label, documentId, now: options.now }, async (writer) => {
    const review = await writer.get<Review>('reviews', reviewId);
    if (!review || !review.documentIds.includes(documentId)) throw new Error('That document is not part of the review.');
    if (!review.members.some((m) => m.reviewerId === writer.reviewerId && m.role === 'adjudicator')) throw new Error('Only an adjudicator of the review records consensus values.');
    const field: FieldTag = choice.kind === 'take' ? choice.source.field! : choice.field;
    if (choice.kind === 'take' && (choice.source.field === null || choice.source.documentId !== documentId)) throw new Error('That value cannot be taken: it belongs to no field of this document.');
    const instance = field.instance ?? null;
    const existing = (await db.annotations.where('documentId').equals(documentId).toArray()).filter(
      (a) => a.deletedAt === null && a.consensus?.reviewId === reviewId && a.field?.fieldKey === field.fieldKey && (a.field.instance ?? null) === instance,
    );
    const retired = existing.map((a) => ({ ...a, deletedAt: writer.now, modifiedAt: writer.now, ...(writer.reviewerId ? { modifiedBy: writer.reviewerId } : {}) }));
    await writer.putMany('annotations', retired);
    const consensus: ConsensusOrigin =
      choice.kind === 'take'
        ? { reviewId, takenFrom: choice.source.creatorId ?? null, sourceAnnotationId: choice.source.id }
        : { reviewId, takenFrom: null, sourceAnnotationId: null };
    const annotation: Annotation = {
      id: crypto.randomUUID() as AnnotationId,
      documentId,
      target: choice.kind === 'take' ? choice.source.target : choice.target,
      color: choice.kind === 'take' ? choice.source.color : 'yellow',
      note: '',
      tags: [],
      field: { ...field, review: { state: choice.kind === 'take' ? 'confirmed' : 'corrected', by: writer.reviewerId, at: writer.now } },
      creator: writer.actor.name,
      ...(writer.reviewerId ? { creatorId: writer.reviewerId, modifiedBy: writer.reviewerId } : {}),
      createdAt: writer.now,
      modifiedAt: writer.now,
      deletedAt: null,
      reviewId,
      consensus,
    };
    await writer.put('annotations', annotation);
    return annotation;
  });
}

/**
 * Part of an import: colleagues' statuses a file states (a colleague's own export says which
 * documents they finished). Kept only for a review stored here, a document of it and a member of it,
 * never for the reviewer at this device (nobody's file marks my work Done), and only when newer.
 */
export async function recordColleagueProgress(writer: ChangeWriter, incoming: readonly ReviewerProgress[]): Promise<void> {
  for (const progress of incoming) {
    if (progress.reviewerId === writer.reviewerId) continue;
    const review = await writer.get<Review>('reviews', progress.reviewId);
    if (!review || !review.documentIds.includes(progress.documentId) || !review.members.some((m) => m.reviewerId === progress.reviewerId)) continue;
    const stored = storedProgress(progress);
    const current = await writer.get<StoredProgress>('progress', stored.id);
    if (current && current.updatedAt >= stored.updatedAt) continue;
    await writer.put<StoredProgress>('progress', stored);
  }
}

/**
 * Part of an import: a colleague's annotations that name no review are taken as work in the stored
 * review that holds their document and counts their creator as a member (the active one first), so
 * blinding, the adjudication view and the exports treat them as that member's review work. Reads
 * inside the action's transaction (the funnel's covers the reviews table).
 */
export async function assignImportedToReviews(db: MarginDatabase, writer: ChangeWriter, annotations: readonly Annotation[]): Promise<Annotation[]> {
  const reviews = await db.reviews.toArray();
  if (reviews.length === 0) return [...annotations];
  const activeId = activeReviewIdOf(await writer.get<Setting>('settings', ACTIVE_REVIEW_KEY));
  const ordered = [...reviews].sort((a, b) => Number(b.id === activeId) - Number(a.id === activeId));
  return annotations.map((a) => {
    if (a.reviewId || !a.creatorId) return a;
    const review = ordered.find((r) => r.documentIds.includes(a.documentId) && r.members.some((m) => m.reviewerId === a.creatorId));
    return review ? { ...a, reviewId: review.id } : a;
  });
}

export interface ReviewWork {
  review: Review;
  /** What this reviewer may see of the review's documents' live field values (see listReviewValues). */
  annotations: Annotation[];
  documents: { id: DocumentId; title: string }[];
  /** Reviewers' names, for A, B and every consensus origin. */
  names: ReadonlyMap<string, string>;
}

/** The active review's documents, visible annotations and names, live; null without an active review. */
export function useReviewWork(review: Review | null): ReviewWork | null | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => {
    if (!review) return null;
    // Read again when progress changes, since blinding may lift.
    await db.progress.where('reviewId').equals(review.id).count();
    const [annotations, metas] = await Promise.all([listReviewValues(db, review), db.documents.bulkGet(review.documentIds)]);
    const names = new Map<string, string>();
    for (const a of annotations) if (a.creatorId) names.set(a.creatorId, a.creator);
    for (const m of review.members) names.set(m.reviewerId, m.name);
    const documents = metas.filter((m) => m !== undefined).map((m) => ({ id: m.id, title: m.title }));
    return { review, annotations, documents, names };
  }, [db, review]);
}
