// The records Margin stores and passes between rooms. Pure types: no behaviour, no host objects.
import type { ExtractionSchema, FieldValue } from './fields/types';
import type { ConsensusOrigin, ReviewId } from './review/model';

/** SHA-256 (hex) of a document's text: the document's identity, stable across restarts and machines. */
export type DocumentId = string & { readonly __brand: 'DocumentId' };
export type AnnotationId = string & { readonly __brand: 'AnnotationId' };
/** A reviewer's stable id: made once on a device, never changed by renaming. */
export type ReviewerId = string & { readonly __brand: 'ReviewerId' };

// New types are only ever appended: stored documents and backups keep the values they were written with.
export const DOCUMENT_TYPES = [
  'case-report',
  'clinical-trial',
  'news',
  'commentary',
  'review',
  'other',
  'case-series',
  'cohort',
  'randomised-trial',
  'letter',
  'conference-abstract',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  'case-report': 'Case report',
  'clinical-trial': 'Clinical trial',
  news: 'News',
  commentary: 'Commentary',
  review: 'Review',
  other: 'Other',
  'case-series': 'Case series',
  cohort: 'Cohort study',
  'randomised-trial': 'Randomised trial',
  letter: 'Letter',
  'conference-abstract': 'Conference abstract',
};

/** A page of an imported PDF, as a range of UTF-16 offsets into the stored text. */
export interface PageSpan {
  page: number;
  start: number;
  end: number;
}

/**
 * A stretch of an imported PDF's stored text, [start, end) in UTF-16 units, copied unit for unit from
 * one text item of one page: units `offset` to `offset + (end - start)` of item `item` (its index
 * among the page's text items, as pdf.js lists them and its text layer draws them).
 */
export interface TextRun {
  start: number;
  end: number;
  page: number;
  item: number;
  offset: number;
}

/**
 * The file a document was imported from, kept as it came (a PDF, for the page view and the annotated
 * PDF), with the map from the stored text to its text items. Never indexed; keyed by the document id.
 */
export interface DocumentOriginal {
  id: DocumentId;
  mediaType: 'application/pdf';
  /** SHA-256 (hex) of `bytes`, checked on restore. */
  sha256: string;
  bytes: Uint8Array;
  pageCount: number;
  runs: TextRun[];
}

/** Bibliographic facts about a document; the text itself lives in its own table. */
export interface DocumentMeta {
  id: DocumentId;
  title: string;
  authors: string[];
  journal: string | null;
  /** ISO 8601, as precise as the source gives it: `2025`, `2025-03` or `2025-03-14`. */
  publishedDate: string | null;
  doi: string | null;
  pmid: string | null;
  trialRegistration: string | null;
  type: DocumentType;
  /** Where it came from: the bundled corpus or the reviewer's own import. */
  origin: 'bundled' | 'imported';
  fileName: string;
  /** The corpus version that first brought a bundled document. */
  corpusVersion: number | null;
  addedAt: string;
  textLength: number;
  pageMap: PageSpan[] | null;
}

/** A document's immutable text, stored once and never indexed. */
export interface DocumentText {
  id: DocumentId;
  text: string;
}

/** What a loader hands to the renderer before it is stored: metadata without storage fields, plus text. */
export interface IncomingDocument {
  meta: Omit<DocumentMeta, 'id' | 'addedAt' | 'textLength'>;
  text: string;
  /** The file as imported, when Margin keeps it (PDFs). */
  original?: Omit<DocumentOriginal, 'id'>;
}

export const REVIEW_STATUSES = ['not-started', 'in-progress', 'done', 'unavailable'] as const;
export type ReviewStatusValue = (typeof REVIEW_STATUSES)[number];
export const REVIEW_STATUS_LABELS: Record<ReviewStatusValue, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  done: 'Done',
  unavailable: 'Unavailable',
};

/** Done set while required fields were still empty: which ones, why, by whom and when (issue 10). */
export interface DoneOverride {
  /** The required fields that were empty, as the reviewer was shown them. */
  missingRequired: { key: string; label: string }[];
  /** Empty fields the text mentions (the assistant's omission alerts), as the reviewer was shown them; absent before issue 14. */
  mentionedEmpty?: { key: string; label: string }[];
  /** The reviewer's reason, as written. */
  reason: string;
  by: ReviewerId | null;
  at: string;
}

export interface ReviewStatus {
  documentId: DocumentId;
  status: ReviewStatusValue;
  updatedAt: string;
  /** Present only on a Done set over empty required fields; absent on every other status. */
  override?: DoneOverride;
}

/** W3C Web Annotation selectors. Offsets are UTF-16 code units of the stored text. */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextSelectors {
  position: TextPositionSelector;
  quote: TextQuoteSelector;
}

/**
 * A rectangle on one page of a PDF (issue 12 item 3): a table or a figure the text cannot quote.
 * `x`, `y`, `width` and `height` are fractions of the page as it is shown (pdf.js's viewport with
 * the page's own rotation), from its top-left corner, so the area holds at every zoom;
 * `pageWidth` and `pageHeight` are that page's size in PDF points, so exports can say the area in
 * points (RFC 3778 `viewrect`) without opening the PDF. It is not a text selector: an annotation
 * with an area has no `target`, so anchoring and re-anchoring never see it.
 */
export interface AreaSelector {
  type: 'AreaSelector';
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
  pageWidth: number;
  pageHeight: number;
}

export const HIGHLIGHT_COLORS = ['yellow', 'red', 'green', 'blue', 'purple', 'orange', 'magenta', 'gray'] as const;
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number];

export type FieldValueStatus = 'parsed' | 'needs-confirmation' | 'manual';

/**
 * What a reviewer decided about one value (issue 10): read by the machine, flagged for confirmation,
 * confirmed or corrected by a named reviewer, rejected, or an accepted suggestion of the assistant.
 */
export const VALUE_REVIEW_STATES = ['machine-read', 'needs-confirmation', 'confirmed', 'corrected', 'rejected', 'accepted-suggestion'] as const;
export type ValueReviewState = (typeof VALUE_REVIEW_STATES)[number];

/** A review decision on a value: its state, and who took it and when (null for the machine's own reading). */
export interface ValueReview {
  state: ValueReviewState;
  by: ReviewerId | null;
  at: string | null;
  /** For a rejection or an override: the reviewer's reason, as written. */
  reason?: string | null;
}

/** What the machine read from the quote, kept beside a value a reviewer corrected ("corrected from …"). */
export interface MachineReading {
  value: FieldValue | null;
  reason: string | null;
}

/** The structured part of an annotation that tags a value for an extraction field. */
export interface FieldTag {
  fieldKey: string;
  /** The schema id and version the value was entered under. */
  schemaId: string;
  value: FieldValue | null;
  status: FieldValueStatus;
  /** Why the value needs confirmation or could not be read. */
  reason: string | null;
  /** Time point, patient or arm the value belongs to. */
  qualifier: string | null;
  /** The latest review decision; absent on values stored before review states (derive it from `status`). */
  review?: ValueReview;
  /** The machine's reading, kept once a reviewer corrects the value; absent otherwise. */
  machineReading?: MachineReading;
  /** The repeating-section instance the value belongs to ("patient-2"); absent or null for a document-level value. */
  instance?: string | null;
}

/**
 * One mark on a document: a highlight, a note, tags, and optionally an extracted field value.
 * `target` is null for a field value entered without a source quote, and for an area of a page.
 */
export interface Annotation {
  id: AnnotationId;
  documentId: DocumentId;
  target: TextSelectors | null;
  /** A rectangle on a PDF page instead of a quote (then `target` is null); absent on every text annotation. */
  area?: AreaSelector;
  color: HighlightColor;
  note: string;
  tags: string[];
  field: FieldTag | null;
  /** The creator's name as it was when the annotation was made. */
  creator: string;
  /** The creator's stable id; absent on annotations made before reviewer identities existed. */
  creatorId?: ReviewerId;
  /** Who made the latest change; absent until an annotation is changed through the change funnel. */
  modifiedBy?: ReviewerId;
  createdAt: string;
  modifiedAt: string;
  /** Tombstone: deleted annotations are kept so undo and later sync can restore them. */
  deletedAt: string | null;
  /** The team review the annotation was made in (issue 11); absent or null for a reviewer's own work outside any review. */
  reviewId?: ReviewId | null;
  /** Present on an adjudicator's consensus value: which extractor's value it came from. */
  consensus?: ConsensusOrigin;
}

/** An extraction schema as stored: every imported version is kept; one is active. */
export interface StoredSchema {
  /** `${schema.id}@${schema.version}` */
  key: string;
  schema: ExtractionSchema;
  active: boolean;
  importedAt: string;
}

/** A reviewer preference (colour meanings, import size limit, reviewer name…). */
export interface Setting {
  key: string;
  value: unknown;
}

/** Default meanings of the highlight colours; the reviewer can rename them (stored as a setting). */
export const DEFAULT_COLOR_MEANINGS: Record<HighlightColor, string> = {
  yellow: 'Key finding',
  red: 'Adverse event',
  green: 'Efficacy',
  blue: 'Population',
  purple: 'Intervention',
  orange: 'Methods',
  magenta: 'Question',
  gray: 'Other',
};

/** The person who works at this device: asked at first start, stored once. */
export interface Reviewer {
  id: ReviewerId;
  name: string;
  initials: string;
  createdAt: string;
  /** False when Margin named the reviewer itself ("Reviewer 1") because a change came before the question was answered. */
  chosen: boolean;
}

/** Who made a change, as the audit log records it. */
export interface Actor {
  id: string;
  name: string;
}

/** The tables whose changes go through the change funnel and into the audit log. */
/**
 * A suggestion of the assistant the reviewer rejected (issue 14): remembered per document so the
 * same field, instance and value is not proposed again, with who decided and when.
 */
export interface SuggestionRejection {
  /** `${documentId}|${suggestionId}`. */
  id: string;
  documentId: DocumentId;
  /** The suggestion's id: field, instance and value (see shared/assistant/suggest.ts). */
  suggestionId: string;
  fieldKey: string;
  instance: string | null;
  value: FieldValue;
  /** The quote it was proposed with. */
  quote: string;
  rule: string;
  by: ReviewerId | null;
  at: string;
}

export const AUDITED_TABLES = ['documents', 'texts', 'annotations', 'statuses', 'schemas', 'settings', 'originals', 'reviews', 'progress', 'suggestionRejections'] as const;
export type AuditedTable = (typeof AUDITED_TABLES)[number];

/** The field each audited table's records are keyed by (the audit log, backups and sync name records by it). */
export const PRIMARY_KEY_FIELD: Readonly<Record<AuditedTable, string>> = {
  documents: 'id',
  texts: 'id',
  annotations: 'id',
  statuses: 'documentId',
  schemas: 'key',
  settings: 'key',
  originals: 'id',
  reviews: 'id',
  progress: 'id',
  suggestionRejections: 'id',
};

/**
 * One change to one record, as the append-only audit log keeps it. `before` and `after` are the
 * record as it was and became (null where it did not exist); a document text is kept by its hash.
 * `hash` is the SHA-256 of every other field, `prevHash` the hash of the chain's previous entry.
 */
export interface AuditEntry {
  /** The device that wrote the entry: each device appends to its own chain. */
  chain: string;
  /** 1, 2, 3… within the chain. */
  seq: number;
  at: string;
  actor: Actor;
  /** What was done, for programs: `annotation.create`, `status.set`, `undo`… */
  action: string;
  /** What was done, for people: "highlight", "review status". */
  label: string;
  /** The document the change is about, or null for library-wide changes (settings, schemas). */
  documentId: DocumentId | null;
  table: AuditedTable;
  key: string;
  before: unknown;
  after: unknown;
  /**
   * Other records the same change wrote together with this one, each with its own before and after:
   * an imported document's text (by its hash) and original file are logged in the document's entry,
   * one entry per document instead of one per record (an import of 5,000 files wrote 10,000).
   * Absent on every other entry, and then not part of the hash, so older entries verify as before.
   */
  alongside?: AuditedChange[];
  prevHash: string;
  hash: string;
}

/** One record's change as an audit entry keeps it: which record, what it was and what it became. */
export interface AuditedChange {
  table: AuditedTable;
  key: string;
  before: unknown;
  after: unknown;
}
