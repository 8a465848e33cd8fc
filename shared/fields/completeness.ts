// How far a document's extraction form is filled in: the counting. Its words and the rule for which
// values count live in shared/evidence.
import type { ExtractionSchema } from './types';

export interface Completeness {
  /** Schema fields with at least one value. */
  filled: number;
  /** Schema fields marked required. */
  required: number;
  /** Required fields with at least one value. */
  requiredFilled: number;
  /** All fields of the schema. */
  total: number;
  /** `filled` as a whole percentage of `total`, rounded down so 100 means every field is filled. */
  percent: number;
  /** Keys of required fields without a value, in schema order. */
  missingRequired: string[];
}

/**
 * Counts the schema's fields that have values. A field with several values (a `multiple` field, or
 * one value per patient) counts once; values of keys outside the schema do not count (see `outsideSchema`). Pass only the
 * values that count as filled (e.g. leave out field tags whose value could not be read).
 */
export function completeness(schema: ExtractionSchema, values: { fieldKey: string }[]): Completeness {
  return completenessCounter(schema)(new Set(values.map((v) => v.fieldKey)));
}

/** `completeness` for many documents against one schema: the schema's fields are listed once. */
export function completenessCounter(schema: ExtractionSchema): (filledFieldKeys: ReadonlySet<string>) => Completeness {
  const once = schema.sections.filter((section) => section.repeat === undefined).flatMap((section) => section.fields);
  const repeating = schema.sections.filter((section) => section.repeat !== undefined);
  const required = schema.sections.flatMap((section) => section.fields).filter((field) => field.required);
  // A value stored under a key the field had before a rename fills it too.
  const has = (withValue: ReadonlySet<string>, field: (typeof once)[number]) => withValue.has(field.key) || (field.formerKeys ?? []).some((k) => withValue.has(k));
  return (withValue) => {
    // A per-patient (arm, time point) section counts only for a document that reports per patient,
    // that is, once one of its fields holds a value: a trial without patient-level data is not less complete.
    const fields = [...once, ...repeating.filter((section) => section.fields.some((field) => has(withValue, field))).flatMap((section) => section.fields)];
    const filled = fields.filter((field) => has(withValue, field)).length;
    const missingRequired = required.filter((field) => !has(withValue, field)).map((field) => field.key);
    return {
      filled,
      required: required.length,
      requiredFilled: required.length - missingRequired.length,
      total: fields.length,
      percent: fields.length === 0 ? 0 : Math.floor((filled / fields.length) * 100),
      missingRequired,
    };
  };
}
