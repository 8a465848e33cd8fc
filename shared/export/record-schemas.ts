// Validators for the records Margin stores, for files that bring records back in (a backup, an
// annotation import): nothing from a file reaches the database in a shape the app does not expect.
import { z } from 'zod';
import { extractionSchemaValidator, fieldValueValidator } from '../fields/schema';
import type { FieldValue } from '../fields/types';
import { AUDITED_TABLES, DOCUMENT_TYPES, HIGHLIGHT_COLORS, REVIEW_STATUSES, VALUE_REVIEW_STATES } from '../model';
import type {
  AreaSelector,
  Annotation,
  AnnotationId,
  AuditEntry,
  DocumentId,
  DocumentMeta,
  DocumentText,
  FieldTag,
  ReviewerId,
  ReviewStatus,
  Setting,
  StoredSchema,
  SuggestionRejection,
  TextSelectors,
} from '../model';
import { REVIEW_ROLES } from '../review/model';
import type { Review, ReviewId } from '../review/model';
import { progressKey } from '../review/progress';
import type { StoredProgress } from '../review/progress';

const finite = z.number().refine(Number.isFinite, 'a finite number');
const offset = z.number().int().nonnegative();

export const documentIdSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'a document id (the SHA-256 of its text, 64 hex digits)')
  .transform((id) => id as DocumentId);
export const annotationIdSchema = z
  .string()
  .min(1)
  .transform((id) => id as AnnotationId);

/** The value validator lives with the value types (shared/fields/schema.ts). */
export const fieldValueSchema: z.ZodType<FieldValue> = fieldValueValidator;

const reviewerIdSchema = z
  .string()
  .min(1)
  .transform((id) => id as ReviewerId);

const reviewIdSchema = z
  .string()
  .min(1)
  .transform((id) => id as ReviewId);

/** A reviewer's decision on a value; declared here, since z.object drops every key it does not name. */
export const valueReviewSchema = z.object({
  state: z.enum(VALUE_REVIEW_STATES),
  by: reviewerIdSchema.nullable(),
  at: z.string().nullable(),
  reason: z.string().nullable().optional(),
});

export const fieldTagSchema: z.ZodType<FieldTag> = z.object({
  fieldKey: z.string().min(1),
  schemaId: z.string(),
  value: fieldValueSchema.nullable(),
  status: z.enum(['parsed', 'needs-confirmation', 'manual']),
  reason: z.string().nullable(),
  qualifier: z.string().nullable(),
  review: valueReviewSchema.optional(),
  machineReading: z.object({ value: fieldValueSchema.nullable(), reason: z.string().nullable() }).optional(),
  instance: z.string().nullable().optional(),
});

export const textSelectorsSchema: z.ZodType<TextSelectors> = z
  .object({
    position: z.object({ type: z.literal('TextPositionSelector'), start: offset, end: offset }),
    quote: z.object({ type: z.literal('TextQuoteSelector'), exact: z.string(), prefix: z.string(), suffix: z.string() }),
  })
  .refine((s) => s.position.start <= s.position.end, 'a position whose start is not after its end');

const fraction = z.number().min(0).max(1);

/** A rectangle on a PDF page: inside the page, of some size, on a page that exists. */
export const areaSelectorSchema: z.ZodType<AreaSelector> = z
  .object({
    type: z.literal('AreaSelector'),
    page: z.number().int().positive(),
    x: fraction,
    y: fraction,
    width: fraction.refine((w) => w > 0, 'a width above 0'),
    height: fraction.refine((h) => h > 0, 'a height above 0'),
    pageWidth: z.number().positive().refine(Number.isFinite, 'a finite number'),
    pageHeight: z.number().positive().refine(Number.isFinite, 'a finite number'),
  })
  .refine((a) => a.x + a.width <= 1 + 1e-9 && a.y + a.height <= 1 + 1e-9, 'an area that runs off its page');

export const annotationSchema: z.ZodType<Annotation> = z.object({
  id: annotationIdSchema,
  documentId: documentIdSchema,
  target: textSelectorsSchema.nullable(),
  area: areaSelectorSchema.optional(),
  color: z.enum(HIGHLIGHT_COLORS),
  note: z.string(),
  tags: z.array(z.string()),
  field: fieldTagSchema.nullable(),
  creator: z.string(),
  creatorId: reviewerIdSchema.optional(),
  modifiedBy: reviewerIdSchema.optional(),
  createdAt: z.string(),
  modifiedAt: z.string(),
  deletedAt: z.string().nullable(),
  // Team review (issue 11): named here, since z.object drops every key it does not name.
  reviewId: reviewIdSchema.nullable().optional(),
  consensus: z
    .object({ reviewId: reviewIdSchema, takenFrom: reviewerIdSchema.nullable(), sourceAnnotationId: z.string().nullable() })
    .optional(),
});

export const reviewSchema: z.ZodType<Review> = z.object({
  id: reviewIdSchema,
  name: z.string().min(1),
  protocolId: z.string().nullable(),
  schemaKey: z.string(),
  documentIds: z.array(documentIdSchema),
  members: z.array(z.object({ reviewerId: reviewerIdSchema, name: z.string(), role: z.enum(REVIEW_ROLES), joinedAt: z.string() })),
  blinded: z.boolean(),
  createdAt: z.string(),
  createdBy: reviewerIdSchema,
});

export const storedProgressSchema: z.ZodType<StoredProgress> = z
  .object({
    id: z.string(),
    reviewId: reviewIdSchema,
    documentId: documentIdSchema,
    reviewerId: reviewerIdSchema,
    status: z.enum(REVIEW_STATUSES),
    updatedAt: z.string(),
  })
  .refine((p) => p.id === progressKey(p.reviewId, p.documentId, p.reviewerId), 'a progress record whose key does not match its review, document and reviewer');

export const documentMetaSchema: z.ZodType<DocumentMeta> = z.object({
  id: documentIdSchema,
  title: z.string(),
  authors: z.array(z.string()),
  journal: z.string().nullable(),
  publishedDate: z.string().nullable(),
  doi: z.string().nullable(),
  pmid: z.string().nullable(),
  trialRegistration: z.string().nullable(),
  type: z.enum(DOCUMENT_TYPES),
  origin: z.enum(['bundled', 'imported']),
  fileName: z.string(),
  corpusVersion: finite.nullable(),
  addedAt: z.string(),
  textLength: offset,
  pageMap: z.array(z.object({ page: z.number().int(), start: offset, end: offset })).nullable(),
});

const textRunSchema = z.object({ start: offset, end: offset, page: z.number().int().positive(), item: offset, offset });

/** A kept original file in a backup: the bytes as base64 (checked against `sha256` by readBackup). */
export const backupOriginalSchema = z.object({
  id: documentIdSchema,
  mediaType: z.literal('application/pdf'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 hex digits'),
  pageCount: z.number().int().nonnegative(),
  runs: z.array(textRunSchema),
  base64: z.string(),
});

/** A rejected suggestion of the assistant, as a backup holds it. */
export const suggestionRejectionSchema: z.ZodType<SuggestionRejection> = z.object({
  id: z.string().min(1),
  documentId: documentIdSchema,
  suggestionId: z.string().min(1),
  fieldKey: z.string().min(1),
  instance: z.string().nullable(),
  value: fieldValueValidator,
  quote: z.string(),
  rule: z.string(),
  by: reviewerIdSchema.nullable(),
  at: z.string(),
});

export const documentTextSchema: z.ZodType<DocumentText> = z.object({ id: documentIdSchema, text: z.string() });

export const reviewStatusSchema: z.ZodType<ReviewStatus> = z.object({
  documentId: documentIdSchema,
  status: z.enum(REVIEW_STATUSES),
  updatedAt: z.string(),
  override: z
    .object({
      missingRequired: z.array(z.object({ key: z.string(), label: z.string() })),
      mentionedEmpty: z.array(z.object({ key: z.string(), label: z.string() })).optional(),
      reason: z.string(),
      by: reviewerIdSchema.nullable(),
      at: z.string(),
    })
    .optional(),
});

/**
 * A setting's value is any JSON value. It is checked but passed through untouched rather than
 * rebuilt, so an object key such as "__proto__" survives as the plain key JSON.parse made it.
 */
export const settingSchema: z.ZodType<Setting> = z
  .object({ key: z.string().min(1), value: z.unknown().refine((v) => v !== undefined && z.json().safeParse(v).success, 'a JSON value') })
  .transform(({ key, value }) => ({ key, value }));

export const storedSchemaSchema: z.ZodType<StoredSchema> = z.object({
  key: z.string().min(1),
  schema: extractionSchemaValidator,
  active: z.boolean(),
  importedAt: z.string(),
});

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, '64 hex digits');

/** An audit entry as a backup carries it; `before` and `after` are any JSON (the chain checks them). */
export const auditEntrySchema: z.ZodType<AuditEntry> = z
  .object({
    chain: z.string().min(1),
    seq: z.number().int().positive(),
    at: z.string(),
    actor: z.object({ id: z.string(), name: z.string() }),
    action: z.string(),
    label: z.string(),
    documentId: documentIdSchema.nullable(),
    table: z.enum(AUDITED_TABLES),
    key: z.string(),
    before: z.json(),
    after: z.json(),
    // Records written with this one (an imported document's text); absent on most entries.
    alongside: z.array(z.object({ table: z.enum(AUDITED_TABLES), key: z.string(), before: z.json(), after: z.json() })).optional(),
    prevHash: hex64,
    hash: hex64,
  })
  .transform((entry) => entry as AuditEntry);
