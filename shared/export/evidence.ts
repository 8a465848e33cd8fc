// What every human-readable export says about a document, gathered once: values in schema order with
// their provenance re-checked, values outside the schema, highlights by colour meaning, tags.
// Markdown, the HTML report and both CSVs render this; none of them looks at raw records again.
import { completeness } from '../fields/completeness';
import type { Completeness } from '../fields/completeness';
import { formatFieldValue, formatValue } from '../fields/format';
import type { ExtractionSchema, FieldDefinition, FieldValue, SchemaSection } from '../fields/types';
import { HIGHLIGHT_COLORS, REVIEW_STATUS_LABELS } from '../model';
import type {
  Annotation,
  DocumentId,
  DocumentMeta,
  DocumentText,
  FieldValueStatus,
  HighlightColor,
  ReviewStatus,
  ReviewStatusValue,
} from '../model';
import { checkProvenance } from './provenance';
import type { Provenance } from './provenance';

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
}

export const VALUE_STATUS_LABELS: Record<FieldValueStatus, string> = {
  parsed: 'parsed',
  'needs-confirmation': 'needs confirmation',
  manual: 'entered by hand',
};

/** One extracted value, ready to print. */
export interface ValueEntry {
  annotationId: string;
  fieldKey: string;
  /** The schema's label, or the bare key for a field outside the schema. */
  fieldLabel: string;
  sectionLabel: string | null;
  value: FieldValue | null;
  /** Human display of the value; for a value that could not be read, the reason. */
  formatted: string;
  status: FieldValueStatus;
  reason: string | null;
  qualifier: string | null;
  /** The quote as the annotation recorded it; null for a value without a source. */
  quote: string | null;
  provenance: Provenance;
  /** Where the quote stands now (sound) or was recorded (stale); null without a source. */
  range: { start: number; end: number } | null;
  note: string;
  tags: string[];
}

export interface FieldEntry {
  field: FieldDefinition;
  values: ValueEntry[];
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
  note: string;
  tags: string[];
}

export interface ColorGroup {
  color: HighlightColor;
  meaning: string;
  highlights: HighlightEntry[];
}

export interface DocumentEvidence {
  meta: DocumentMeta;
  status: ReviewStatusValue;
  statusLabel: string;
  /** How much of the form is filled, with a line for people: "9 of 29 fields (31%); 3 of 8 required". */
  completeness: Completeness & { label: string };
  /** Labels of required fields without a value, in schema order. */
  missingRequired: string[];
  sections: SectionEntry[];
  /** Values of fields the active schema does not hold (a field was removed or renamed). */
  outsideSchema: ValueEntry[];
  highlights: ColorGroup[];
  /** Every tag used in the document, with how often, most used first. */
  tags: { tag: string; count: number }[];
  valueCount: number;
  staleCount: number;
}

/** A short phrase for a value's status and provenance, e.g. "needs confirmation; stale". */
export function describeValueState(entry: ValueEntry): string {
  const words = [VALUE_STATUS_LABELS[entry.status]];
  if (entry.provenance.state === 'no-source') words.push('no source');
  if (entry.provenance.state === 'stale') words.push('stale');
  return words.join('; ');
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function rangeOf(annotation: Annotation, provenance: Provenance): { start: number; end: number } | null {
  if (provenance.state === 'sound') return { start: provenance.start, end: provenance.end };
  if (annotation.target === null) return null;
  return { start: annotation.target.position.start, end: annotation.target.position.end };
}

/** Document order: by where the quote stands, values without a source last, then by creation. */
function byPosition(a: { range: { start: number } | null; createdAt: string }, b: { range: { start: number } | null; createdAt: string }): number {
  const sa = a.range?.start ?? Number.POSITIVE_INFINITY;
  const sb = b.range?.start ?? Number.POSITIVE_INFINITY;
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
}

function toValueEntry(
  annotation: Annotation,
  text: string | null,
  field: FieldDefinition | null,
  sectionLabel: string | null,
): ValueEntry & { createdAt: string } {
  const tag = annotation.field!;
  const provenance = checkProvenance(text, annotation);
  let formatted: string;
  if (tag.value === null) formatted = tag.reason ? `not read (${tag.reason})` : 'not read';
  else formatted = field ? formatFieldValue(field, tag.value) : formatValue(tag.value);
  return {
    annotationId: annotation.id,
    fieldKey: tag.fieldKey,
    fieldLabel: field?.label ?? tag.fieldKey,
    sectionLabel,
    value: tag.value,
    formatted,
    status: tag.status,
    reason: tag.reason,
    qualifier: tag.qualifier,
    quote: annotation.target?.quote.exact ?? null,
    provenance,
    range: rangeOf(annotation, provenance),
    note: annotation.note,
    tags: annotation.tags,
    createdAt: annotation.createdAt,
  };
}

function stripOrderKey(entry: ValueEntry & { createdAt: string }): ValueEntry {
  const { createdAt: _createdAt, ...rest } = entry;
  return rest;
}

/** Gathers one document's evidence. `annotations` are that document's live (not deleted) ones. */
export function collectDocumentEvidence(
  meta: DocumentMeta,
  text: string | null,
  annotations: Annotation[],
  status: ReviewStatusValue,
  schema: ExtractionSchema,
  colorMeanings: Record<HighlightColor, string>,
): DocumentEvidence {
  const fieldAnnotations = annotations.filter((a) => a.field !== null);
  const byField = new Map<string, Annotation[]>();
  for (const annotation of fieldAnnotations) pushTo(byField, annotation.field!.fieldKey, annotation);

  const known = new Set<string>();
  const sections: SectionEntry[] = schema.sections.map((section) => ({
    section,
    fields: section.fields.map((field) => {
      known.add(field.key);
      const values = (byField.get(field.key) ?? [])
        .map((a) => toValueEntry(a, text, field, section.label))
        .sort(byPosition)
        .map(stripOrderKey);
      return { field, values };
    }),
  }));

  const outsideSchema = fieldAnnotations
    .filter((a) => !known.has(a.field!.fieldKey))
    .map((a) => toValueEntry(a, text, null, null))
    .sort((a, b) => (a.fieldKey < b.fieldKey ? -1 : a.fieldKey > b.fieldKey ? 1 : byPosition(a, b)))
    .map(stripOrderKey);

  const highlights: ColorGroup[] = HIGHLIGHT_COLORS.map((color) => ({
    color,
    meaning: colorMeanings[color],
    highlights: annotations
      .filter((a) => a.field === null && a.target !== null && a.color === color)
      .map((a) => {
        const provenance = checkProvenance(text, a);
        return {
          annotationId: a.id,
          quote: a.target!.quote.exact,
          provenance,
          range: rangeOf(a, provenance)!,
          note: a.note,
          tags: a.tags,
          createdAt: a.createdAt,
        };
      })
      .sort(byPosition)
      .map(({ createdAt: _createdAt, ...rest }) => rest),
  })).filter((group) => group.highlights.length > 0);

  const tagCounts = new Map<string, number>();
  for (const annotation of annotations) {
    for (const tag of new Set(annotation.tags)) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
  }
  const tags = [...tagCounts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));

  const labels = new Map(schema.sections.flatMap((section) => section.fields.map((field) => [field.key, field.label] as const)));
  const allValues = [...sections.flatMap((s) => s.fields.flatMap((f) => f.values)), ...outsideSchema];
  // A value that could not be read does not fill its field.
  const filled = completeness(
    schema,
    fieldAnnotations.filter((a) => a.field!.value !== null).map((a) => a.field!),
  );
  return {
    meta,
    status,
    statusLabel: REVIEW_STATUS_LABELS[status],
    completeness: { ...filled, label: describeCompleteness(filled) },
    missingRequired: filled.missingRequired.map((key) => labels.get(key) ?? key),
    sections,
    outsideSchema,
    highlights,
    tags,
    valueCount: allValues.length,
    staleCount: allValues.filter((v) => v.provenance.state === 'stale').length,
  };
}

/** Gathers the evidence of every document of an export, in the order given. */
export function collectEvidence(input: ExportInput): DocumentEvidence[] {
  const texts = new Map<DocumentId, string>(input.texts.map((t) => [t.id, t.text]));
  const statuses = new Map<DocumentId, ReviewStatusValue>(input.statuses.map((s) => [s.documentId, s.status]));
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
    ),
  );
}

export function describeCompleteness(c: Completeness): string {
  return `${c.filled} of ${c.total} fields (${c.percent}%); ${c.requiredFilled} of ${c.required} required`;
}

/** "characters 1234–1256", the form every export uses for a range. */
export function describeRange(range: { start: number; end: number }): string {
  return `characters ${range.start}–${range.end}`;
}
