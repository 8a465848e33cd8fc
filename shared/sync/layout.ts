// The Automerge document layout of a team review (issue 11 item 5): one document per (review,
// document, reviewer) with that reviewer's annotations and progress, one consensus document per
// (review, document), and one review document. Every record is ONE serialized value in a flat map,
// so a document with thousands of annotations loads as thousands of strings, not a deep object tree.
import { canonicalJson } from '../canonical-json';
import { utf8Encode } from '../hash';
import type { Annotation, DocumentId, ReviewerId } from '../model';
import type { Review, ReviewerProgress, ReviewId, ReviewMember } from '../review/model';
import { base58CheckEncode, sha256Raw } from './base58';

export const SYNC_FORMAT = 'margin-sync';
export const SYNC_FORMAT_VERSION = 1;

/** What one sync document holds, written into it once (its first change) so any peer can read it. */
export type SyncDocMeta =
  | { kind: 'review'; reviewId: ReviewId }
  | { kind: 'reviewer'; reviewId: ReviewId; documentId: DocumentId; reviewerId: ReviewerId }
  | { kind: 'consensus'; reviewId: ReviewId; documentId: DocumentId };

/**
 * A sync document's content as plain data: its header and a flat map of record key → serialized
 * record. The Automerge layer stores each value as one immutable string.
 */
export interface SyncDocContent {
  meta: SyncDocMeta;
  records: Map<string, string>;
}

/** The stable name of a sync document; its Automerge id is derived from it. */
export function syncDocName(meta: SyncDocMeta): string {
  const parts: string[] = [SYNC_FORMAT, String(SYNC_FORMAT_VERSION), meta.kind, meta.reviewId];
  if (meta.kind !== 'review') parts.push(meta.documentId);
  if (meta.kind === 'reviewer') parts.push(meta.reviewerId);
  // JSON of the parts, not a join: an id holding the separator cannot make two names equal.
  return JSON.stringify(parts);
}

/**
 * The automerge-repo document id of a sync document: Base58Check of the first 16 bytes of its
 * name's SHA-256. Every device derives the same id, so a reviewer's document written offline on
 * two devices is one document, never two that race for a place in an index.
 */
export function syncDocumentId(meta: SyncDocMeta): string {
  return base58CheckEncode(sha256Raw(utf8Encode(syncDocName(meta))).subarray(0, 16));
}

export function serializeMeta(meta: SyncDocMeta): string {
  return canonicalJson({ format: SYNC_FORMAT, version: SYNC_FORMAT_VERSION, ...meta });
}

const ID = /^[A-Za-z0-9._:@-]{1,200}$/;

/** Reads a header back; null when it is not one Margin wrote (another app's document, or damage). */
export function parseMeta(text: unknown): SyncDocMeta | null {
  if (typeof text !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.format !== SYNC_FORMAT || v.version !== SYNC_FORMAT_VERSION) return null;
  const isId = (x: unknown): x is string => typeof x === 'string' && ID.test(x);
  if (!isId(v.reviewId)) return null;
  const reviewId = v.reviewId as ReviewId;
  if (v.kind === 'review') return { kind: 'review', reviewId };
  if (!isId(v.documentId)) return null;
  const documentId = v.documentId as DocumentId;
  if (v.kind === 'consensus') return { kind: 'consensus', reviewId, documentId };
  if (v.kind === 'reviewer' && isId(v.reviewerId)) return { kind: 'reviewer', reviewId, documentId, reviewerId: v.reviewerId as ReviewerId };
  return null;
}

export function sameMeta(a: SyncDocMeta, b: SyncDocMeta): boolean {
  return syncDocName(a) === syncDocName(b);
}

// Record keys: a prefix for the record's kind and the record's own id after it.
const ANNOTATION = 'annotation:';
const MEMBER = 'member:';
const PROGRESS = 'progress';
const REVIEW = 'review';
const REVIEW_PROGRESS = 'progress:';

export function annotationKey(id: string): string {
  return ANNOTATION + id;
}

/**
 * Which sync document an annotation belongs in: a consensus value in its document's consensus
 * document, a review annotation in its creator's document; none for work outside any review.
 */
export function syncDocOfAnnotation(annotation: Annotation): SyncDocMeta | null {
  const reviewId = annotation.consensus?.reviewId ?? annotation.reviewId ?? null;
  if (reviewId === null) return null;
  if (annotation.consensus !== undefined) return { kind: 'consensus', reviewId, documentId: annotation.documentId };
  if (annotation.creatorId === undefined) return null;
  return { kind: 'reviewer', reviewId, documentId: annotation.documentId, reviewerId: annotation.creatorId };
}

/** The records of a reviewer document: the reviewer's annotations on it, and their progress. */
export function reviewerDocRecords(annotations: readonly Annotation[], progress: ReviewerProgress | null): Map<string, string> {
  const records = new Map<string, string>();
  for (const annotation of annotations) records.set(annotationKey(annotation.id), canonicalJson(annotation));
  if (progress !== null) records.set(PROGRESS, canonicalJson(progress));
  return records;
}

/** The records of a consensus document: the adjudicator's consensus values. */
export function consensusDocRecords(annotations: readonly Annotation[]): Map<string, string> {
  return reviewerDocRecords(annotations, null);
}

export function progressKey(documentId: string, reviewerId: string): string {
  return REVIEW_PROGRESS + JSON.stringify([documentId, reviewerId]);
}

/**
 * The records of a review document: the review without its members, one record per member, and
 * every reviewer's progress per document. Progress is repeated here from the reviewer documents
 * because it is not blinded: every device holds the review document, so any two peers can tell
 * whether blinding has lifted without holding each other's work.
 */
export function reviewDocRecords(review: Review | null, progress: readonly ReviewerProgress[] = []): Map<string, string> {
  const records = new Map<string, string>();
  if (review !== null) {
    records.set(REVIEW, canonicalJson({ ...review, members: [] }));
    // One record per member, so two reviewers who join at the same time are both kept.
    for (const member of review.members) records.set(MEMBER + member.reviewerId, canonicalJson(member));
  }
  for (const p of progress) records.set(progressKey(p.documentId, p.reviewerId), canonicalJson(p));
  return records;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What a document's records hold, with the keys that could not be read (never silently dropped). */
export interface ReadRecords {
  annotations: Annotation[];
  progress: ReviewerProgress | null;
  review: Review | null;
  /** In a review document: every reviewer's progress on every document, as they announced it. */
  reviewProgress: ReviewerProgress[];
  unreadable: string[];
}

/**
 * Reads a sync document's records back. A record is taken only where it belongs: an annotation
 * whose id, document, review or creator disagree with its key or its document's header is
 * unreadable (a peer cannot put a value into another reviewer's name by writing it here).
 */
export function readRecords(content: SyncDocContent): ReadRecords {
  const { meta } = content;
  const out: ReadRecords = { annotations: [], progress: null, review: null, reviewProgress: [], unreadable: [] };
  const members: ReviewMember[] = [];
  for (const [key, text] of content.records) {
    const value = parse(text);
    if (key.startsWith(ANNOTATION) && meta.kind !== 'review') {
      const a = value as Annotation;
      const where = isObject(value) ? syncDocOfAnnotation(a) : null;
      if (isObject(value) && typeof a.id === 'string' && annotationKey(a.id) === key && where !== null && sameMeta(where, meta)) out.annotations.push(a);
      else out.unreadable.push(key);
    } else if (key === PROGRESS && meta.kind === 'reviewer') {
      const p = value as ReviewerProgress;
      if (isObject(value) && p.reviewId === meta.reviewId && p.documentId === meta.documentId && p.reviewerId === meta.reviewerId && typeof p.status === 'string') out.progress = p;
      else out.unreadable.push(key);
    } else if (key === REVIEW && meta.kind === 'review') {
      const r = value as Review;
      if (isObject(value) && r.id === meta.reviewId && Array.isArray(r.documentIds)) out.review = r;
      else out.unreadable.push(key);
    } else if (key.startsWith(REVIEW_PROGRESS) && meta.kind === 'review') {
      const p = value as ReviewerProgress;
      if (isObject(value) && p.reviewId === meta.reviewId && typeof p.documentId === 'string' && typeof p.reviewerId === 'string' && progressKey(p.documentId, p.reviewerId) === key && typeof p.status === 'string') out.reviewProgress.push(p);
      else out.unreadable.push(key);
    } else if (key.startsWith(MEMBER) && meta.kind === 'review') {
      const m = value as ReviewMember;
      if (isObject(value) && MEMBER + m.reviewerId === key && typeof m.name === 'string' && (m.role === 'extractor' || m.role === 'adjudicator')) members.push(m);
      else out.unreadable.push(key);
    } else {
      out.unreadable.push(key);
    }
  }
  if (out.review !== null) {
    // Members in a stable order: by when they joined, then by id.
    members.sort((a, b) => (a.joinedAt < b.joinedAt ? -1 : a.joinedAt > b.joinedAt ? 1 : a.reviewerId < b.reviewerId ? -1 : a.reviewerId > b.reviewerId ? 1 : 0));
    out.review = { ...out.review, members };
  }
  out.reviewProgress.sort((a, b) => (progressKey(a.documentId, a.reviewerId) < progressKey(b.documentId, b.reviewerId) ? -1 : 1));
  out.annotations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

/** What to write so a document's records become `desired` without touching any other record. */
export interface RecordPatch {
  put: Array<[key: string, value: string]>;
}

/**
 * The records to write into a document that holds `current` so it holds `desired` too. Records
 * are never removed: an annotation is deleted by its tombstone, so a missing record means "not
 * known here yet", never "delete it".
 */
export function recordPatch(current: ReadonlyMap<string, string>, desired: ReadonlyMap<string, string>): RecordPatch {
  const put: Array<[string, string]> = [];
  for (const [key, value] of desired) if (current.get(key) !== value) put.push([key, value]);
  return { put };
}
