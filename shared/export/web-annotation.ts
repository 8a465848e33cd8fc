// Annotations as W3C Web Annotation JSON-LD, out and back in: the export other annotation tools can
// read, and an import that takes Margin's own files or any W3C file whose targets match a stored
// document, re-anchoring every quote against the text we hold.
import { z } from 'zod';
import { anchor, describe, isOrphan } from '../anchoring';
import { HIGHLIGHT_COLORS, REVIEW_STATUSES } from '../model';
import type { ReviewerProgress, ReviewId } from '../review/model';
import type { Annotation, AnnotationId, DocumentId, DocumentMeta, FieldTag, HighlightColor, ReviewerId, TextSelectors } from '../model';
import { describeIssues } from '../corpus';
import { isUuid, uuidFromSeed } from './ids';
import { checkProvenance, describeEntry, fieldLookup, pagesOfRange, STATE_WORDS, toEvidenceEntry, UNKNOWN_REVIEWER } from '../evidence';
import type { ExportInput, FieldLookup, Provenance, ReviewerNames } from '../evidence';
import { fieldTagSchema } from './record-schemas';

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** Margin's own vocabulary: a prefix for the two things the W3C model has no property for. */
export const MARGIN_VOCABULARY = 'urn:margin:vocab:';

/**
 * The collection's context: the W3C one, then ours. `margin:field` is a JSON literal (`@json`,
 * JSON-LD 1.1) because the structured value is data for Margin, not a graph for RDF tools to
 * take apart; `margin:color` is a plain string.
 */
export const EXPORT_CONTEXT = [ANNOTATION_CONTEXT, { margin: MARGIN_VOCABULARY, 'margin:field': { '@type': '@json' } }] as const;

/** The `margin:field` object of a describing body: the typed value and how far to trust it. */
export interface MarginFieldJson extends FieldTag {
  fieldLabel: string;
  provenance: Provenance['state'];
  staleReason?: string;
}

/** A person as the export names them: by Margin's stable reviewer id, and by name. */
export interface PersonJson {
  type: 'Person';
  id?: string;
  name: string;
}

export interface TextualBodyJson {
  type: 'TextualBody';
  purpose: 'commenting' | 'tagging' | 'describing';
  value: string;
  format: 'text/plain';
  'margin:field'?: MarginFieldJson;
  /** The value's review state in words ("confirmed"), for tools that do not read `margin:field`. */
  'margin:reviewState'?: string;
  /** Who took the review decision, and when. */
  'margin:reviewedBy'?: PersonJson;
  'margin:reviewedAt'?: string;
}

const REVIEWER_IRI = 'urn:margin:reviewer:';

/** The IRI of a reviewer: their stable id, so a renamed reviewer stays the same person. */
export function reviewerIri(id: string): string {
  return `${REVIEWER_IRI}${encodeURIComponent(id)}`;
}

/** The reviewer id in a reviewer IRI, or null for any other IRI. */
export function reviewerIdFromIri(iri: unknown): string | null {
  if (typeof iri !== 'string' || !iri.startsWith(REVIEWER_IRI)) return null;
  try {
    const id = decodeURIComponent(iri.slice(REVIEWER_IRI.length));
    return id.length > 0 ? id : null;
  } catch {
    return null;
  }
}

interface TextQuoteSelectorJson {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}
interface TextPositionSelectorJson {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}
interface PageFragmentSelectorJson {
  type: 'FragmentSelector';
  conformsTo: typeof PDF_FRAGMENT;
  value: string;
}

/** The fragment syntax of application/pdf, whose `page=N` names a printed page of the file. */
export const PDF_FRAGMENT = 'http://tools.ietf.org/rfc/rfc3778';

export interface WebAnnotationJson {
  id: string;
  type: 'Annotation';
  motivation: 'highlighting' | 'commenting' | 'tagging' | 'describing';
  created: string;
  modified: string;
  creator: PersonJson;
  'margin:color': HighlightColor;
  /** Team review (issue 11): the review the annotation was made in, and for a consensus value its origin. */
  'margin:reviewId'?: string;
  'margin:consensus'?: { reviewId: string; takenFrom: PersonJson | null; sourceAnnotation: string | null };
  body?: TextualBodyJson[];
  target:
    | string
    | {
        source: string;
        selector:
          | [TextQuoteSelectorJson, TextPositionSelectorJson]
          /** A quote from a PDF also names the page it starts on (RFC 3778: `page=N`). */
          | [TextQuoteSelectorJson, TextPositionSelectorJson, PageFragmentSelectorJson];
      };
}

export interface AnnotationCollectionJson {
  '@context': typeof EXPORT_CONTEXT;
  id: string;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  generated: string;
  generator: { type: 'Software'; name: string };
  first: { id: string; type: 'AnnotationPage'; startIndex: 0; items: WebAnnotationJson[] };
  /**
   * Each reviewer's status per document in a team review (issue 11), so a colleague's file tells
   * whether they have finished a document (blinding lifts only when every extractor is Done).
   */
  'margin:progress'?: { review: string; source: string; reviewer: PersonJson; status: string; updated: string }[];
}

/** The IRI of a document: its DOI URL where it has one, else the SHA-256 of its text. */
export function documentSource(meta: Pick<DocumentMeta, 'id' | 'doi'>): string {
  return meta.doi ? `https://doi.org/${encodeURI(meta.doi.trim())}` : `urn:sha256:${meta.id}`;
}

function annotationIri(id: string): string {
  return isUuid(id) ? `urn:uuid:${id.toLowerCase()}` : `urn:margin:annotation:${encodeURIComponent(id)}`;
}

/**
 * The id an annotation had where it was exported, read back from its IRI (`urn:uuid:…` or
 * `urn:margin:annotation:…`), so re-importing an export finds the annotations it came from. Null
 * for any other IRI (another tool's ids are not ours).
 */
export function annotationIdFromIri(iri: string | undefined): AnnotationId | null {
  if (iri === undefined) return null;
  const uuid = /^urn:uuid:([0-9a-f-]{36})$/i.exec(iri);
  if (uuid && isUuid(uuid[1]!)) return uuid[1]!.toLowerCase() as AnnotationId;
  if (!iri.startsWith('urn:margin:annotation:')) return null;
  const id = safeDecode(iri.slice('urn:margin:annotation:'.length));
  return id.length > 0 ? (id as AnnotationId) : null;
}

function motivationOf(annotation: Annotation): WebAnnotationJson['motivation'] {
  if (annotation.field !== null) return 'describing';
  if (annotation.note.trim().length > 0) return 'commenting';
  if (annotation.tags.length > 0) return 'tagging';
  return 'highlighting';
}

function bodiesOf(annotation: Annotation, provenance: Provenance, lookup: FieldLookup, names: ReviewerNames | undefined): TextualBodyJson[] {
  const bodies: TextualBodyJson[] = [];
  const tag = annotation.field;
  if (tag !== null) {
    const place = lookup.get(tag.fieldKey);
    // The body's text is the value's line as every other export words it.
    const entry = toEvidenceEntry(annotation, place?.field ?? null, place?.sectionLabel ?? null, provenance, names);
    const marginField: MarginFieldJson = {
      fieldKey: tag.fieldKey,
      fieldLabel: entry.fieldLabel,
      value: tag.value,
      status: tag.status,
      reason: tag.reason,
      qualifier: tag.qualifier,
      schemaId: tag.schemaId,
      provenance: provenance.state,
    };
    // As stored, so an import reads back exactly what was kept; a value stored before review states has its state in `margin:reviewState`.
    if (tag.review !== undefined) marginField.review = tag.review;
    if (tag.machineReading !== undefined) marginField.machineReading = tag.machineReading;
    if (tag.instance !== undefined) marginField.instance = tag.instance;
    if (provenance.state === 'stale') marginField.staleReason = provenance.reason;
    const body: TextualBodyJson = {
      type: 'TextualBody',
      purpose: 'describing',
      value: `${entry.fieldLabel}: ${describeEntry(entry)}`,
      format: 'text/plain',
      'margin:field': marginField,
      'margin:reviewState': STATE_WORDS[entry.state],
    };
    if (entry.review.by !== null) body['margin:reviewedBy'] = { type: 'Person', id: reviewerIri(entry.review.by), name: entry.review.byName ?? UNKNOWN_REVIEWER };
    if (entry.review.at !== null) body['margin:reviewedAt'] = entry.review.at;
    bodies.push(body);
  }
  if (annotation.note.trim().length > 0) {
    bodies.push({ type: 'TextualBody', purpose: 'commenting', value: annotation.note, format: 'text/plain' });
  }
  for (const tagText of annotation.tags) {
    bodies.push({ type: 'TextualBody', purpose: 'tagging', value: tagText, format: 'text/plain' });
  }
  return bodies;
}

function targetOf(annotation: Annotation, meta: DocumentMeta, text: string | null, provenance: Provenance): WebAnnotationJson['target'] {
  const source = documentSource(meta);
  if (annotation.target === null) return source;
  // A quote found again at a new place is exported where it now stands; anything else as recorded.
  const selectors =
    provenance.state === 'sound' && provenance.relocated && text !== null
      ? describe(text, provenance.start, provenance.end)
      : annotation.target;
  const quote: TextQuoteSelectorJson = { type: 'TextQuoteSelector', exact: selectors.quote.exact, prefix: selectors.quote.prefix, suffix: selectors.quote.suffix };
  const position: TextPositionSelectorJson = { type: 'TextPositionSelector', start: selectors.position.start, end: selectors.position.end };
  const [page] = pagesOfRange(meta.pageMap, selectors.position);
  if (page === undefined) return { source, selector: [quote, position] };
  return { source, selector: [quote, position, { type: 'FragmentSelector', conformsTo: PDF_FRAGMENT, value: `page=${page}` }] };
}

/** The live annotations of the given documents as an AnnotationCollection with one embedded page. */
export function toWebAnnotationCollection(input: ExportInput): AnnotationCollectionJson {
  const texts = new Map(input.texts.map((t) => [t.id, t.text]));
  const lookup = fieldLookup(input.schema);
  const order = new Map(input.documents.map((d, i) => [d.id, i]));
  const items = input.annotations
    .filter((a) => a.deletedAt === null && order.has(a.documentId))
    .sort(
      (a, b) =>
        order.get(a.documentId)! - order.get(b.documentId)! ||
        (a.target?.position.start ?? Infinity) - (b.target?.position.start ?? Infinity) ||
        (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .map((annotation): WebAnnotationJson => {
      const meta = input.documents[order.get(annotation.documentId)!]!;
      const text = texts.get(annotation.documentId) ?? null;
      const provenance = checkProvenance(text, annotation);
      const bodies = bodiesOf(annotation, provenance, lookup, input.reviewers);
      return {
        id: annotationIri(annotation.id),
        type: 'Annotation',
        motivation: motivationOf(annotation),
        created: annotation.createdAt,
        modified: annotation.modifiedAt,
        creator: annotation.creatorId ? { type: 'Person', id: reviewerIri(annotation.creatorId), name: annotation.creator } : { type: 'Person', name: annotation.creator },
        'margin:color': annotation.color,
        ...(annotation.reviewId ? { 'margin:reviewId': annotation.reviewId } : {}),
        ...(annotation.consensus
          ? {
              'margin:consensus': {
                reviewId: annotation.consensus.reviewId,
                takenFrom: annotation.consensus.takenFrom === null ? null : { type: 'Person' as const, id: reviewerIri(annotation.consensus.takenFrom), name: input.reviewers?.get(annotation.consensus.takenFrom) ?? UNKNOWN_REVIEWER },
                sourceAnnotation: annotation.consensus.sourceAnnotationId === null ? null : annotationIri(annotation.consensus.sourceAnnotationId as AnnotationId),
              },
            }
          : {}),
        ...(bodies.length > 0 ? { body: bodies } : {}),
        target: targetOf(annotation, meta, text, provenance),
      };
    });
  // The collection is named after its content, so the same annotations always export under the same id.
  const id = `urn:uuid:${uuidFromSeed(JSON.stringify(items))}`;
  const progress = (input.progress ?? [])
    .filter((p) => order.has(p.documentId))
    .map((p) => ({
      review: p.reviewId,
      source: documentSource(input.documents[order.get(p.documentId)!]!),
      reviewer: { type: 'Person' as const, id: reviewerIri(p.reviewerId), name: input.reviewers?.get(p.reviewerId) ?? UNKNOWN_REVIEWER },
      status: p.status,
      updated: p.updatedAt,
    }));
  return {
    '@context': EXPORT_CONTEXT,
    id,
    type: 'AnnotationCollection',
    label: `Margin annotations on ${input.documents.length} ${input.documents.length === 1 ? 'document' : 'documents'}`,
    total: items.length,
    generated: input.generatedAt,
    generator: { type: 'Software', name: 'Margin' },
    first: { id: `${id}#page-1`, type: 'AnnotationPage', startIndex: 0, items },
    ...(progress.length > 0 ? { 'margin:progress': progress } : {}),
  };
}

/** The collection as the text of a `.jsonld` file. */
export function webAnnotationJsonLd(input: ExportInput): string {
  return JSON.stringify(toWebAnnotationCollection(input), null, 2) + '\n';
}

export interface ImportProblem {
  /** Position of the item in the file, from 0. */
  index: number;
  id: string | null;
  kind: 'invalid' | 'unmatched-document';
  reason: string;
}

export interface ImportOrphan {
  annotationId: AnnotationId;
  documentId: DocumentId;
  quote: string;
  reason: string;
}

export interface ImportReport {
  /** Annotations found in the file. */
  total: number;
  /** Placed on their quote in the stored text (exactly or approximately). */
  anchored: number;
  /** Of the anchored, those whose quote only approximately matches the text (they export as stale). */
  approximate: number;
  /** Kept with their original selectors; the reader will show them as orphans. */
  orphaned: number;
  /** Attached to a document without a quote (a value with no source, a note on the whole document). */
  withoutQuote: number;
  unmatchedDocument: number;
  invalid: number;
  /** Set when the file as a whole could not be read; then nothing was imported. */
  error: string | null;
  problems: ImportProblem[];
  orphans: ImportOrphan[];
}

export interface WebAnnotationImport {
  annotations: Annotation[];
  report: ImportReport;
  /** For each new annotation, the id it had in Margin where the file was exported, when the file says. */
  sourceIds: Map<AnnotationId, AnnotationId>;
  /** Reviewers the file names (creators and review decisions), by Margin reviewer id. */
  reviewers: Map<string, string>;
  /** Reviewers' statuses in team reviews the file states, on stored documents (unreadable entries are skipped). */
  progress: ReviewerProgress[];
}

export interface ImportOptions {
  /** Ids for the new annotations; by default one derived from the document and the item. */
  newId?: (seed: string) => AnnotationId;
  /** Used for created/modified when the item has none; the current time if not given. */
  now?: string;
  /** Used when the item names no creator. */
  creator?: string;
}

const stringOrArray = z.union([z.string(), z.array(z.string())]);

const quoteSelectorSchema = z.looseObject({
  type: z.literal('TextQuoteSelector'),
  exact: z.string().min(1),
  prefix: z.string().optional(),
  suffix: z.string().optional(),
});
const positionSelectorSchema = z
  .looseObject({ type: z.literal('TextPositionSelector'), start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
  .refine((s) => s.start < s.end, 'a TextPositionSelector whose start is before its end');

const specificResourceSchema = z.looseObject({
  source: z.string().min(1),
  selector: z.unknown().optional(),
});
const targetSchema = z.union([z.string().min(1), specificResourceSchema]);

const bodySchema = z.union([
  z.string(),
  z.looseObject({
    type: stringOrArray.optional(),
    value: z.string().optional(),
    purpose: stringOrArray.optional(),
    'margin:field': z.unknown().optional(),
    'margin:reviewedBy': z.unknown().optional(),
  }),
]);

const creatorSchema = z.union([
  z.string(),
  z.looseObject({ id: z.string().optional(), name: z.string().optional(), nickname: z.string().optional() }),
  z.array(z.unknown()),
]);

const annotationItemSchema = z.looseObject({
  id: z.string().optional(),
  type: stringOrArray.refine(
    (t) => (Array.isArray(t) ? t : [t]).some((x) => x === 'Annotation' || x === 'oa:Annotation'),
    'type "Annotation"',
  ),
  motivation: stringOrArray.optional(),
  body: z.union([bodySchema, z.array(bodySchema)]).optional(),
  bodyValue: z.string().optional(),
  target: z.union([targetSchema, z.array(targetSchema).min(1)]),
  created: z.string().optional(),
  modified: z.string().optional(),
  creator: creatorSchema.optional(),
  'margin:color': z.unknown().optional(),
  'margin:reviewId': z.string().min(1).optional(),
  'margin:consensus': z
    .looseObject({ reviewId: z.string().min(1), takenFrom: z.looseObject({ id: z.string().optional() }).nullable(), sourceAnnotation: z.string().nullable() })
    .optional(),
});

const progressItemSchema = z.looseObject({
  review: z.string().min(1),
  source: z.string().min(1),
  reviewer: z.looseObject({ id: z.string(), name: z.string().optional() }),
  status: z.enum(REVIEW_STATUSES),
  updated: z.string(),
});
type AnnotationItem = z.infer<typeof annotationItemSchema>;

const typed = z.looseObject({ type: stringOrArray.optional() });

function hasType(value: unknown, name: string): boolean {
  const parsed = typed.safeParse(value);
  if (!parsed.success || parsed.data.type === undefined) return false;
  const types = Array.isArray(parsed.data.type) ? parsed.data.type : [parsed.data.type];
  return types.includes(name) || types.includes(`as:${name}`) || types.includes(`oa:${name}`);
}

const MAX_PAGES = 10_000;

/** The annotation items of a file: a collection with embedded pages, a page, an array, or one annotation. */
function itemsOf(json: unknown): { items: unknown[] } | { error: string } {
  if (Array.isArray(json)) return { items: json };
  if (typeof json !== 'object' || json === null) return { error: 'The file is not a W3C Web Annotation file (it holds no object).' };
  const record = json as Record<string, unknown>;
  if (hasType(json, 'AnnotationCollection')) {
    if (Array.isArray(record.items)) return { items: record.items };
    const items: unknown[] = [];
    let page: unknown = record.first;
    for (let n = 0; page !== undefined && page !== null && n < MAX_PAGES; n++) {
      if (typeof page === 'string') {
        return { error: 'The collection’s pages are not inside the file (they are links), so its annotations cannot be read.' };
      }
      const pageRecord = page as Record<string, unknown>;
      if (!Array.isArray(pageRecord.items)) return { error: 'A page of the collection has no list of items.' };
      items.push(...pageRecord.items);
      page = pageRecord.next;
    }
    if (items.length === 0 && record.first === undefined && record.total !== 0) {
      return { error: 'The collection has neither items nor a first page.' };
    }
    return { items };
  }
  if (hasType(json, 'AnnotationPage')) {
    return Array.isArray(record.items) ? { items: record.items } : { error: 'The annotation page has no list of items.' };
  }
  if (hasType(json, 'Annotation')) return { items: [json] };
  return { error: 'The file is not a W3C Web Annotation file (no AnnotationCollection, AnnotationPage or Annotation).' };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The DOI in a source IRI (`https://doi.org/…`, `http://dx.doi.org/…`, `doi:…`, `info:doi/…`), lower-cased. */
export function doiFromSource(source: string): string | null {
  const trimmed = source.trim();
  const match =
    /^(?:https?:\/\/)?(?:dx\.)?doi\.org\/(.+)$/i.exec(trimmed) ?? /^(?:doi:|info:doi\/)\s*(.+)$/i.exec(trimmed);
  if (!match) return null;
  const doi = safeDecode(match[1]!).trim().toLowerCase();
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : null;
}

function hashFromSource(source: string): string | null {
  const match = /^urn:sha256:([0-9a-f]{64})$/i.exec(source.trim());
  return match ? match[1]!.toLowerCase() : null;
}

interface StoredDocument {
  meta: DocumentMeta;
  text: string;
}

function matchDocument(
  target: z.infer<typeof targetSchema>,
  byDoi: Map<string, StoredDocument>,
  byHash: Map<string, StoredDocument>,
): StoredDocument | null {
  const source = typeof target === 'string' ? target : target.source;
  const doi = doiFromSource(source);
  if (doi !== null) return byDoi.get(doi) ?? null;
  const hash = hashFromSource(source);
  return hash !== null ? (byHash.get(hash) ?? null) : null;
}

interface FoundSelectors {
  quote: z.infer<typeof quoteSelectorSchema> | null;
  position: z.infer<typeof positionSelectorSchema> | null;
}

function selectorsOf(target: z.infer<typeof targetSchema>): FoundSelectors {
  const found: FoundSelectors = { quote: null, position: null };
  if (typeof target === 'string' || target.selector === undefined) return found;
  const list = Array.isArray(target.selector) ? target.selector : [target.selector];
  for (const selector of list) {
    const quote = quoteSelectorSchema.safeParse(selector);
    if (quote.success && found.quote === null) found.quote = quote.data;
    const position = positionSelectorSchema.safeParse(selector);
    if (position.success && found.position === null) found.position = position.data;
  }
  return found;
}

function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

interface ReadBodies {
  notes: string[];
  tags: string[];
  field: FieldTag | null;
  fieldProblem: string | null;
  /** Reviewers the bodies name (a review decision's Person), by id. */
  reviewers: [string, string][];
}

const personSchema = z.looseObject({ id: z.string(), name: z.string().min(1) });

/** A Person Margin wrote (`urn:margin:reviewer:…` with a name) as [id, name], or null. */
function reviewerOfPerson(value: unknown): [string, string] | null {
  const person = personSchema.safeParse(value);
  if (!person.success) return null;
  const id = reviewerIdFromIri(person.data.id);
  return id === null ? null : [id, person.data.name];
}

function readBodies(item: AnnotationItem): ReadBodies {
  const result: ReadBodies = { notes: [], tags: [], field: null, fieldProblem: null, reviewers: [] };
  const motivations = asList(item.motivation);
  if (item.bodyValue !== undefined && item.bodyValue.trim().length > 0) result.notes.push(item.bodyValue);
  for (const body of asList(item.body)) {
    if (typeof body === 'string') continue; // an IRI body (a link) has no text to keep
    const purposes = asList(body.purpose);
    if (body['margin:field'] !== undefined) {
      const person = reviewerOfPerson(body['margin:reviewedBy']);
      if (person !== null) result.reviewers.push(person);
      const tag = fieldTagSchema.safeParse(body['margin:field']);
      if (tag.success) result.field = tag.data;
      else result.fieldProblem = `its field value is not valid (${describeIssues(tag.error)})`;
      continue;
    }
    const value = body.value;
    if (value === undefined || value.trim().length === 0) continue;
    const isTag = purposes.includes('tagging') || (purposes.length === 0 && motivations.includes('tagging'));
    if (isTag) result.tags.push(value.trim());
    else result.notes.push(value);
  }
  return result;
}

function colorOf(item: AnnotationItem): HighlightColor {
  const color = item['margin:color'];
  return typeof color === 'string' && (HIGHLIGHT_COLORS as readonly string[]).includes(color) ? (color as HighlightColor) : 'yellow';
}

function creatorOf(item: AnnotationItem, fallback: string): string {
  const creator = Array.isArray(item.creator) ? item.creator[0] : item.creator;
  if (typeof creator === 'string') return creator;
  if (typeof creator === 'object' && creator !== null) {
    const named = creator as { name?: unknown; nickname?: unknown };
    if (typeof named.name === 'string') return named.name;
    if (typeof named.nickname === 'string') return named.nickname;
  }
  return fallback;
}

/** The creator's Margin reviewer id, when the file names one. */
function creatorIdOf(item: AnnotationItem): ReviewerId | null {
  const creator = Array.isArray(item.creator) ? item.creator[0] : item.creator;
  if (typeof creator !== 'object' || creator === null) return null;
  return reviewerIdFromIri((creator as { id?: unknown }).id) as ReviewerId | null;
}

/** A time another tool wrote, kept only if it reads as a date, so sorting by time stays meaningful. */
function validTime(time: string | undefined): string | null {
  return time !== undefined && Number.isFinite(Date.parse(time)) ? time : null;
}

function emptyReport(): ImportReport {
  return { total: 0, anchored: 0, approximate: 0, orphaned: 0, withoutQuote: 0, unmatchedDocument: 0, invalid: 0, error: null, problems: [], orphans: [] };
}

/**
 * Reads a Web Annotation file into new annotations on stored documents. A target matches a document
 * by DOI (any of the usual spellings, case-insensitive) or by `urn:sha256:` of its text. Each quote
 * is re-anchored in the stored text; one that cannot be placed is kept with the selectors it came
 * with, so the reader shows it as an orphan (orphan status is always computed at display time) and
 * the report lists it. Never throws: a bad file or item is counted and explained in the report.
 */
export function importWebAnnotations(
  json: unknown,
  documents: StoredDocument[],
  options: ImportOptions = {},
): WebAnnotationImport {
  const report = emptyReport();
  const found = itemsOf(json);
  const sourceIds = new Map<AnnotationId, AnnotationId>();
  const reviewers = new Map<string, string>();
  if ('error' in found) return { annotations: [], report: { ...report, error: found.error }, sourceIds, reviewers, progress: [] };
  report.total = found.items.length;

  const byDoi = new Map<string, StoredDocument>();
  const byHash = new Map<string, StoredDocument>();
  for (const doc of documents) {
    byHash.set(doc.meta.id.toLowerCase(), doc);
    if (doc.meta.doi) byDoi.set(doc.meta.doi.trim().toLowerCase(), doc);
  }
  const newId = options.newId ?? ((seed: string) => uuidFromSeed(seed) as AnnotationId);
  const annotations: Annotation[] = [];

  found.items.forEach((raw, index) => {
    const parsed = annotationItemSchema.safeParse(raw);
    const rawId = typeof (raw as { id?: unknown } | null)?.id === 'string' ? (raw as { id: string }).id : null;
    if (!parsed.success) {
      report.invalid++;
      report.problems.push({ index, id: rawId, kind: 'invalid', reason: `Not a valid annotation: ${describeIssues(parsed.error)}.` });
      return;
    }
    const item = parsed.data;
    const targets = asList(item.target);
    let doc: StoredDocument | null = null;
    let target = targets[0]!;
    for (const candidate of targets) {
      doc = matchDocument(candidate, byDoi, byHash);
      if (doc !== null) {
        target = candidate;
        break;
      }
    }
    if (doc === null) {
      report.unmatchedDocument++;
      const sources = targets.map((t) => (typeof t === 'string' ? t : t.source)).join(', ');
      report.problems.push({ index, id: rawId, kind: 'unmatched-document', reason: `No stored document matches its target (${sources}).` });
      return;
    }
    const bodies = readBodies(item);
    if (bodies.fieldProblem !== null) {
      report.invalid++;
      report.problems.push({ index, id: rawId, kind: 'invalid', reason: `The annotation is not valid: ${bodies.fieldProblem}.` });
      return;
    }

    const { quote, position } = selectorsOf(target);
    let selectors: TextSelectors | null = null;
    let orphanReason: string | null = null;
    let approximate = false;
    if (quote !== null) {
      const recorded: TextSelectors = {
        // Without a position the quote is looked for from the start of the text.
        position: { type: 'TextPositionSelector', start: position?.start ?? 0, end: position?.end ?? 0 },
        quote: { type: 'TextQuoteSelector', exact: quote.exact, prefix: quote.prefix ?? '', suffix: quote.suffix ?? '' },
      };
      const placed = anchor(doc.text, recorded);
      if (isOrphan(placed)) {
        selectors = recorded;
        orphanReason = placed.reason;
      } else if (doc.text.slice(placed.start, placed.end) === quote.exact) {
        selectors = describe(doc.text, placed.start, placed.end);
      } else {
        // An approximate match keeps the quote as recorded, with the position where it was found:
        // rewriting the quote from our text would pass off a value read from other words as sound.
        selectors = { ...recorded, position: { type: 'TextPositionSelector', start: placed.start, end: placed.end } };
        approximate = true;
      }
    } else if (position !== null) {
      // A bare position cannot be checked against a quote; it is taken as given if it fits the text.
      if (position.end <= doc.text.length) selectors = describe(doc.text, position.start, position.end);
      else {
        report.invalid++;
        report.problems.push({ index, id: rawId, kind: 'invalid', reason: 'Its position lies beyond the end of the document.' });
        return;
      }
    }

    const seed = JSON.stringify([doc.meta.id, item.id ?? index, selectors]);
    const creatorId = creatorIdOf(item);
    for (const [id, name] of bodies.reviewers) reviewers.set(id, name);
    if (creatorId !== null && typeof item.creator === 'object' && !Array.isArray(item.creator) && item.creator.name) reviewers.set(creatorId, item.creator.name);
    const created = validTime(item.created);
    const modified = validTime(item.modified);
    const createdAt = created ?? modified ?? options.now ?? new Date().toISOString();
    const annotation: Annotation = {
      id: newId(seed),
      documentId: doc.meta.id,
      target: selectors,
      color: colorOf(item),
      note: bodies.notes.join('\n\n'),
      tags: [...new Set(bodies.tags)],
      field: bodies.field,
      creator: creatorOf(item, options.creator ?? ''),
      ...(creatorId !== null ? { creatorId } : {}),
      createdAt,
      modifiedAt: modified ?? createdAt,
      deletedAt: null,
      ...(item['margin:reviewId'] ? { reviewId: item['margin:reviewId'] as ReviewId } : {}),
      ...consensusOf(item),
    };
    annotations.push(annotation);
    const sourceId = annotationIdFromIri(item.id);
    if (sourceId !== null) sourceIds.set(annotation.id, sourceId);
    if (selectors === null) report.withoutQuote++;
    else if (orphanReason !== null) {
      report.orphaned++;
      report.orphans.push({ annotationId: annotation.id, documentId: doc.meta.id, quote: selectors.quote.exact, reason: orphanReason });
    } else {
      report.anchored++;
      if (approximate) report.approximate++;
    }
  });
  const progress: ReviewerProgress[] = [];
  const listed = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>)['margin:progress'] : undefined;
  for (const raw of Array.isArray(listed) ? listed : []) {
    const parsed = progressItemSchema.safeParse(raw);
    if (!parsed.success) continue;
    const doc = matchDocument(parsed.data.source, byDoi, byHash);
    const reviewerId = reviewerIdFromIri(parsed.data.reviewer.id);
    if (doc === null || reviewerId === null) continue;
    if (parsed.data.reviewer.name) reviewers.set(reviewerId, parsed.data.reviewer.name);
    progress.push({ reviewId: parsed.data.review as ReviewId, documentId: doc.meta.id, reviewerId: reviewerId as ReviewerId, status: parsed.data.status, updatedAt: validTime(parsed.data.updated) ?? options.now ?? new Date().toISOString() });
  }
  return { annotations, report, sourceIds, reviewers, progress };
}

/** The consensus origin an item states, read back into the stored shape. */
function consensusOf(item: AnnotationItem): Pick<Annotation, 'consensus'> {
  const stated = item['margin:consensus'];
  if (!stated) return {};
  const takenFrom = stated.takenFrom === null ? null : (reviewerIdFromIri(stated.takenFrom.id) as ReviewerId | null);
  const source = stated.sourceAnnotation === null ? null : annotationIdFromIri(stated.sourceAnnotation);
  return { consensus: { reviewId: stated.reviewId as ReviewId, takenFrom, sourceAnnotationId: source } };
}
