// Types of extraction schemas and of the typed values a reviewer extracts into them.
// The zod validators in schema.ts must produce exactly these shapes.

export const FIELD_TYPES = [
  'text',
  'count',
  'count-of-total',
  'number',
  'quantity',
  'range',
  'duration',
  'grade',
  'single-choice',
  'multiple-choice',
  'yes-no',
  'date',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const GRADE_SCALES = ['ASTCT-CRS', 'ASTCT-ICANS', 'CTCAE'] as const;
export type GradeScale = (typeof GRADE_SCALES)[number];

export const DURATION_UNITS = ['days', 'weeks', 'months', 'years'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** A typed value, as read from tagged text or entered by hand. */
export type FieldValue =
  | { type: 'text'; text: string }
  | { type: 'count'; count: number }
  | { type: 'count-of-total'; n: number; total: number }
  | { type: 'number'; value: number }
  /** `exponent` is set when the source wrote the number as mantissa × 10^exponent (kept for display). */
  | { type: 'quantity'; value: number; unit: string; mantissa: number | null; exponent: number | null }
  | { type: 'range'; low: number; high: number; unit: string | null }
  | { type: 'duration'; value: number; unit: DurationUnit }
  /**
   * `grade` on the scale; `bound: 'at-most'` when the text only excludes higher grades
   * ("no moderate- or high-grade CRS" is at most grade 1); `absent` when the event did not occur.
   */
  | { type: 'grade'; scale: GradeScale; grade: number; bound: 'exact' | 'at-most' | 'absent' }
  | { type: 'single-choice'; option: string }
  | { type: 'multiple-choice'; options: string[] }
  | { type: 'yes-no'; answer: 'yes' | 'no' | 'not-reported' }
  /** ISO 8601 as precise as given: `2024`, `2024-10`, `2024-10-31`. */
  | { type: 'date'; date: string };

export interface FieldOption {
  value: string;
  label: string;
}

export interface FieldDefinition {
  key: string;
  label: string;
  type: FieldType;
  guidance: string;
  required: boolean;
  multiple: boolean;
  /** For single- and multiple-choice fields. */
  options?: FieldOption[];
  /** For quantity and range fields: the units a value may carry, canonical spelling. */
  units?: string[];
  /** For grade fields. */
  scale?: GradeScale;
}

export interface SchemaSection {
  key: string;
  label: string;
  fields: FieldDefinition[];
}

export interface ExtractionSchema {
  /** Stable id, e.g. `car-t-autoimmune`. */
  id: string;
  /** Increases with every change to the schema's fields. */
  version: number;
  title: string;
  description: string;
  sections: SchemaSection[];
}

/** The result of reading tagged text: a value, possibly flagged for confirmation, or a reason it failed. */
export type NormalizeResult =
  | { ok: true; value: FieldValue; needsConfirmation: boolean; reason: string | null }
  | { ok: false; reason: string };
