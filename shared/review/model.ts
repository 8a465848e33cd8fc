// The records of a team review (issue 11): the review, its members and their roles, and each
// reviewer's progress per document. Pure types shared by the local store, blinding, adjudication
// and sync, so every room agrees on one shape.
import type { DocumentId, ReviewerId, ReviewStatusValue } from '../model';
import type { FieldValue } from '../fields/types';

export type ReviewId = string & { readonly __brand: 'ReviewId' };

export const REVIEW_ROLES = ['extractor', 'adjudicator'] as const;
export type ReviewRole = (typeof REVIEW_ROLES)[number];
export const REVIEW_ROLE_LABELS: Record<ReviewRole, string> = { extractor: 'Extractor', adjudicator: 'Adjudicator' };

export interface ReviewMember {
  reviewerId: ReviewerId;
  /** The member's name as they gave it; shown beside their values. */
  name: string;
  role: ReviewRole;
  joinedAt: string;
}

/**
 * A review: a named piece of work with a protocol, one schema, its documents and its members.
 * A reviewer can belong to several; one is active on a device at a time (setting `activeReview`).
 */
export interface Review {
  id: ReviewId;
  name: string;
  /** A registry id such as PROSPERO's "CRD42025012345", or null. */
  protocolId: string | null;
  /** `${schema.id}@${schema.version}` of the schema the review extracts with. */
  schemaKey: string;
  documentIds: DocumentId[];
  members: ReviewMember[];
  /** Blinded: an extractor never sees another extractor's values for a document until both have marked it Done. */
  blinded: boolean;
  createdAt: string;
  createdBy: ReviewerId;
}

/** One reviewer's status for one document of one review; blinding lifts when every extractor's is `done`. */
export interface ReviewerProgress {
  reviewId: ReviewId;
  documentId: DocumentId;
  reviewerId: ReviewerId;
  status: ReviewStatusValue;
  updatedAt: string;
}

/** Where an adjudicator's consensus value came from: one extractor's value, or written by the adjudicator. */
export interface ConsensusOrigin {
  reviewId: ReviewId;
  /** The extractor whose value was taken, or null when the adjudicator wrote the value. */
  takenFrom: ReviewerId | null;
  /** The annotation the value was taken from, when it was taken. */
  sourceAnnotationId: string | null;
}

/** The state of one field (and instance) of one document when two extractors' values are compared. */
export const AGREEMENT_STATES = ['agree', 'disagree', 'only-a', 'only-b', 'neither'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/** One side of a comparison: a reviewer's value for a field and instance, with its quote. */
export interface ComparedValue {
  reviewerId: ReviewerId;
  value: FieldValue | null;
  quote: string | null;
  annotationId: string;
}
