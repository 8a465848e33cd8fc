// Completeness of a document's form and where each field sits, for one schema: the part of the
// evidence view model the library's rows need at start, apart from entry.ts (formatting, provenance).
import { completenessCounter } from '../fields/completeness';
import type { Completeness } from '../fields/completeness';
import type { ExtractionSchema, FieldDefinition } from '../fields/types';
import type { FieldTag } from '../model';
import { completenessLabel } from './library-words';

/** A field value fills its field when it holds a value, not a failed reading, and was not rejected. */
export function countsAsFilled(tag: Pick<FieldTag, 'value' | 'review'>): boolean {
  return tag.value !== null && tag.review?.state !== 'rejected';
}

export type DocumentCompleteness = Completeness & {
  /** "9 of 29 fields (31%); 3 of 8 required". */
  label: string;
};

/**
 * Completeness against one schema, for many documents: the schema's fields are listed once, not
 * once per document (the evidence table measures 5,000 rows on every change).
 */
export function completenessFor(schema: ExtractionSchema): (filledFieldKeys: ReadonlySet<string>) => DocumentCompleteness {
  const count = completenessCounter(schema);
  const measure = (filled: ReadonlySet<string>): DocumentCompleteness => {
    const counted = count(filled);
    return { ...counted, label: completenessLabel(counted) };
  };
  // Most documents of a large library have no values yet: they share one answer.
  const empty = measure(new Set());
  return (filled) => (filled.size === 0 ? empty : measure(filled));
}

/** Where each of a schema's fields sits, looked up once per schema rather than once per value. */
export type FieldLookup = Map<string, { field: FieldDefinition; sectionLabel: string }>;

/** Each field by its key, and by every key it had before a rename (`formerKeys`), so old values find it. */
export function fieldLookup(schema: ExtractionSchema): FieldLookup {
  const lookup: FieldLookup = new Map();
  for (const section of schema.sections) {
    for (const field of section.fields) for (const former of field.formerKeys ?? []) lookup.set(former, { field, sectionLabel: section.label });
  }
  // Current keys last: a current key always wins over a former one of the same spelling.
  for (const section of schema.sections) for (const field of section.fields) lookup.set(field.key, { field, sectionLabel: section.label });
  return lookup;
}

