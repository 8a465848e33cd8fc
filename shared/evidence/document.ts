// What every screen and export says about a document, gathered once: its field values as evidence
// entries in schema order, values outside the schema, completeness, highlights by colour meaning,
// tags. The form, Markdown, the HTML report and both CSVs render this; none looks at raw records again.
import { mergeInstances } from '../fields/instances';
import type { InstanceRecord } from '../fields/instances';
import type { ReviewerProgress } from '../review/model';
import type { ExtractionSchema, FieldDefinition, SchemaSection } from '../fields/types';
import { HIGHLIGHT_COLORS, REVIEW_STATUS_LABELS } from '../model';
import type {
  Annotation,
  AreaSelector,
  DocumentId,
  DoneOverride,
  DocumentMeta,
  DocumentText,
  HighlightColor,
  PageSpan,
  ReviewStatus,
  ReviewStatusValue,
} from '../model';
import { compareEntries, documentCompleteness, entriesByField, fieldLookup, filledKeys } from './entry';
import type { DocumentCompleteness, EvidenceEntry, ReviewerNames } from './entry';
import { pagesOfRange } from './pages';
import { checkProvenance } from './provenance';
import type { Provenance } from './provenance';
import { overrideSentence, statusWords } from './words';
import { documentNoteEntries } from './document-notes';
import type { DocumentNoteEntry } from './document-notes';

/** The plain records an export is made from, as the database holds them. */
export interface ExportInput {
  /** The documents to export, in the order they are to appear. */
  documents: DocumentMeta[];
  texts: DocumentText[];
  /** May hold annotations of other documents and tombstones: both are left out. */
  annotations: Annotation[];
  statuses: ReviewStatus[];
  /** The active extraction schema: it orders the values; values of other fields are listed apart. */
  schema: ExtractionSchema;
  colorMeanings: Record<HighlightColor, string>;
  /** ISO 8601 time of the export, printed in the header; passed in so exports are reproducible. */
  generatedAt: string;
  /** Reviewers' names by id, as the database knows them, so every decision is exported with a name. */
  reviewers?: ReviewerNames;
  /** Each document's stored instances (patients, arms, time points) with their labels; absent: labels from the ids. */
  instances?: ReadonlyMap<DocumentId, readonly InstanceRecord[]>;
  /**
   * The areas of PDF pages as pictures, by annotation id: `data:image/png;base64,…` URLs the
   * renderer drew with pdf.js at export time, for the HTML report (other exports name the page).
   */
  areaImages?: ReadonlyMap<string, string>;
  /** Each reviewer's status per document in team reviews (issue 11); the JSON-LD export carries it. */
  progress?: ReviewerProgress[];
}

export interface FieldEntry {
  field: FieldDefinition;
  values: EvidenceEntry[];
}

export interface SectionEntry {
  section: SchemaSection;
  fields: FieldEntry[];
}

export interface HighlightEntry {
  annotationId: string;
  quote: string;
  provenance: Provenance;
  range: { start: number; end: number };
  /** The printed pages of a PDF the quote stands on; empty for other documents. */
  pages: number[];
  note: string;
  tags: string[];
}

/** An area of a PDF page (a table, a figure) marked in a colour, with its note and tags. */
export interface AreaEntry {
  annotationId: string;
  area: AreaSelector;
  note: string;
  tags: string[];
}

export interface ColorGroup {
  color: HighlightColor;
  meaning: string;
  highlights: HighlightEntry[];
  /** Areas of pages in this colour, by page and then top to bottom. */
  areas: AreaEntry[];
}

/** A document's field values against a schema: what the extraction form shows. */
export interface FieldEvidence {
  sections: SectionEntry[];
  /** Values of fields the schema does not hold (a field was removed or renamed), by key, then in the one order. */
  outsideSchema: EvidenceEntry[];
  completeness: DocumentCompleteness;
  /** Labels of required fields without a value, in schema order. */
  missingRequired: string[];
  valueCount: number;
  staleCount: number;
  /**
   * The document's instances: the stored list in order, then any id a value points at that the
   * list lacks. Every entry's `instance` is one of these, labelled as here.
   */
  instances: InstanceRecord[];
}

export interface DocumentEvidence extends FieldEvidence {
  meta: DocumentMeta;
  status: ReviewStatusValue;
  /** "Done", or "Done (override: 2 required fields empty)" when Done was set over empty required fields. */
  statusLabel: string;
  /** The override of a Done set over empty required fields, with the reviewer named; null otherwise. */
  override: (DoneOverride & { byName: string | null; sentence: string }) | null;
  highlights: ColorGroup[];
  /** Notes about the whole document (no quote, area or value), oldest first, each with its author. */
  documentNotes: DocumentNoteEntry[];
  /** Every tag used in the document, with how often, most used first. */
  tags: { tag: string; count: number }[];
}

/**
 * Gathers a document's field values as evidence entries. `annotations` may hold highlights and
 * tombstones (both are left out); `provenanceOf` gives each annotation's provenance.
 */
export function collectFieldEvidence(
  schema: ExtractionSchema,
  annotations: Iterable<Annotation>,
  provenanceOf: (annotation: Annotation) => Provenance,
  names?: ReviewerNames,
  pageMap: readonly PageSpan[] | null = null,
  storedInstances: readonly InstanceRecord[] = [],
): FieldEvidence {
  const lookup = fieldLookup(schema);
  const live = [...annotations].filter((a) => a.field !== null && a.deletedAt === null);
  const instances = mergeInstances(
    storedInstances,
    live.flatMap((a) => (a.field?.instance ? [a.field.instance] : [])),
    schema.sections.find((s) => s.repeat !== undefined)?.repeat,
  );
  const labels = new Map(instances.map((i) => [i.id, i.label]));
  const byField = entriesByField(live, lookup, provenanceOf, names, pageMap, (id) => labels.get(id) ?? id);
  const sections: SectionEntry[] = schema.sections.map((section) => ({
    section,
    fields: section.fields.map((field) => ({ field, values: byField.get(field.key) ?? [] })),
  }));
  const outsideSchema = [...byField]
    .filter(([key]) => !lookup.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([, entries]) => entries);
  const all = [...byField.values()].flat();
  const filled = documentCompleteness(schema, filledKeys(all));
  return {
    sections,
    outsideSchema,
    completeness: filled,
    missingRequired: filled.missingRequired.map((key) => lookup.get(key)?.field.label ?? key),
    valueCount: all.length,
    staleCount: all.filter((entry) => entry.provenance.state === 'stale').length,
    instances,
  };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function highlightEntry(annotation: Annotation, text: string | null, pageMap: readonly PageSpan[] | null): HighlightEntry & { createdAt: string } {
  const provenance = checkProvenance(text, annotation);
  const target = annotation.target!;
  const range = provenance.state === 'sound' ? { start: provenance.start, end: provenance.end } : { start: target.position.start, end: target.position.end };
  return {
    annotationId: annotation.id,
    quote: target.quote.exact,
    provenance,
    range,
    pages: pagesOfRange(pageMap, range),
    note: annotation.note,
    tags: annotation.tags,
    createdAt: annotation.createdAt,
  };
}

/** Gathers one document's evidence. `annotations` are that document's live (not deleted) ones. */
export function collectDocumentEvidence(
  meta: DocumentMeta,
  text: string | null,
  annotations: Annotation[],
  status: ReviewStatusValue | Pick<ReviewStatus, 'status' | 'override'>,
  schema: ExtractionSchema,
  colorMeanings: Record<HighlightColor, string>,
  names?: ReviewerNames,
  instances: readonly InstanceRecord[] = [],
): DocumentEvidence {
  const fields = collectFieldEvidence(schema, annotations, (annotation) => checkProvenance(text, annotation), names, meta.pageMap, instances);
  const record = typeof status === 'string' ? { status } : status;

  // Highlights keep the same order rule as values.
  const highlights: ColorGroup[] = HIGHLIGHT_COLORS.map((color) => ({
    color,
    meaning: colorMeanings[color],
    highlights: annotations
      .filter((a) => a.field === null && a.target !== null && a.color === color)
      .map((a) => highlightEntry(a, text, meta.pageMap))
      .sort(compareEntries)
      .map(({ createdAt: _createdAt, ...rest }) => rest),
    areas: annotations
      .filter((a): a is Annotation & { area: AreaSelector } => a.field === null && a.area !== undefined && a.color === color)
      .sort((a, b) => a.area.page - b.area.page || a.area.y - b.area.y || a.area.x - b.area.x || compareEntries({ range: null, createdAt: a.createdAt, annotationId: a.id }, { range: null, createdAt: b.createdAt, annotationId: b.id }))
      .map((a) => ({ annotationId: a.id, area: a.area, note: a.note, tags: a.tags })),
  })).filter((group) => group.highlights.length > 0 || group.areas.length > 0);

  const tagCounts = new Map<string, number>();
  for (const annotation of annotations) {
    for (const tag of new Set(annotation.tags)) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
  }
  const tags = [...tagCounts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));

  const override = record.status === 'done' && record.override ? namedOverride(record.override, names) : null;
  return { ...fields, meta, status: record.status, statusLabel: statusWords(REVIEW_STATUS_LABELS[record.status], override), override, highlights, documentNotes: documentNoteEntries(annotations, names), tags };
}

/** An override with its reviewer named and in one sentence. */
export function namedOverride(override: DoneOverride, names?: ReviewerNames): DoneOverride & { byName: string | null; sentence: string } {
  const byName = override.by === null ? null : (names?.get(override.by) ?? null);
  const sentence = overrideSentence({ missingRequired: override.missingRequired.map((f) => f.label), reason: override.reason, byName, at: override.at });
  return { ...override, byName, sentence };
}

/** Gathers the evidence of every document of an export, in the order given. */
export function collectEvidence(input: ExportInput): DocumentEvidence[] {
  const texts = new Map<DocumentId, string>(input.texts.map((t) => [t.id, t.text]));
  const statuses = new Map<DocumentId, ReviewStatus>(input.statuses.map((s) => [s.documentId, s]));
  const live = new Map<DocumentId, Annotation[]>();
  for (const annotation of input.annotations) {
    if (annotation.deletedAt === null) pushTo(live, annotation.documentId, annotation);
  }
  return input.documents.map((meta) =>
    collectDocumentEvidence(
      meta,
      texts.get(meta.id) ?? null,
      live.get(meta.id) ?? [],
      statuses.get(meta.id) ?? 'not-started',
      input.schema,
      input.colorMeanings,
      input.reviewers,
      input.instances?.get(meta.id) ?? [],
    ),
  );
}

/** "characters 1234–1256", the form every export uses for a range. */
export function describeRange(range: { start: number; end: number }): string {
  return `characters ${range.start}–${range.end}`;
}
