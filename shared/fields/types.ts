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
  // Issue 10: values as clinical evidence is reported.
  'graded-event',
  'summary-statistic',
  'proportion',
  'dose',
  'time-point',
  'change',
  'presence',
  // Issue 10 item 4: a patient's timeline, each event with its day relative to the infusion.
  'timeline-event',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const GRADE_SCALES = ['ASTCT-CRS', 'ASTCT-ICANS', 'CTCAE'] as const;
export type GradeScale = (typeof GRADE_SCALES)[number];

export const DURATION_UNITS = ['days', 'weeks', 'months', 'years'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** Whether a dose is given per kilogram of body weight, per square metre of body surface, or flat. */
export const DOSE_BASES = ['per-kg', 'per-m2', 'flat'] as const;
export type DoseBasis = (typeof DOSE_BASES)[number];

export const SUMMARY_MEASURES = ['median', 'mean'] as const;
export type SummaryMeasure = (typeof SUMMARY_MEASURES)[number];

/** How the spread around a median or mean is reported: IQR, range or 95% CI as low–high, SD as one number. */
export const SPREAD_KINDS = ['iqr', 'range', 'ci95', 'sd'] as const;
export type SpreadKind = (typeof SPREAD_KINDS)[number];
export type SummarySpread = { kind: 'iqr' | 'range' | 'ci95'; low: number; high: number } | { kind: 'sd'; sd: number };

export const PRESENCE_STATES = ['present', 'absent', 'uncertain'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

/**
 * A moment relative to the infusion: "day 7" is written as a label (`form: 'label'`), "−34 days"
 * as an offset (`form: 'offset'`); both keep the sign and unit as written.
 */
export interface TimePoint {
  value: number;
  unit: DurationUnit;
  form: 'label' | 'offset';
}

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
  | { type: 'date'; date: string }
  /** An adverse event with its grade: the event term is kept with the grade ("neutropenia", grade 4, CTCAE). */
  | { type: 'graded-event'; event: string; scale: GradeScale; grade: number; bound: 'exact' | 'at-most' | 'absent'; timePoint: TimePoint | null }
  /**
   * "median 46 years (IQR 38–55)", "mean 45.2 (SD 11.3)". `measure` is null for one patient's value
   * ("12-year-old"), `value` null when only the spread is reported ("ages ranged from 20–60 years");
   * never both value and spread null.
   */
  | { type: 'summary-statistic'; measure: SummaryMeasure | null; value: number | null; spread: SummarySpread | null; unit: string | null }
  /** n of a total, with the percentage as the article reported it (null when it gave none). */
  | { type: 'proportion'; n: number; total: number; percent: number | null }
  /** An amount of `unit` ("cells", "CAR+ cells", "mg") given per kg, per m² or flat; powers of ten kept as in quantity. */
  | { type: 'dose'; value: number; unit: string; basis: DoseBasis; mantissa: number | null; exponent: number | null }
  | ({ type: 'time-point' } & TimePoint)
  /** "CK fell from 12,400 U/L to 180 U/L by week 8": what was measured, from, to, its unit and when. */
  | { type: 'change'; measure: string | null; from: number; to: number; unit: string | null; at: TimePoint | null }
  /** Whether an event occurred: "no ICANS was observed" is absent, "possible grade 1 CRS" uncertain. */
  | { type: 'presence'; event: string; state: PresenceState }
  /** One event of a patient's timeline and when it happened relative to the infusion ("fever on day 1"). */
  | { type: 'timeline-event'; event: string; at: TimePoint };

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
  /**
   * For quantity, range, dose, summary-statistic and change fields: the units a value may carry,
   * canonical spelling. A dose unit carries its basis: "cells/kg" is cells per kg, "mg/m²" mg per m².
   */
  units?: string[];
  /** For grade and graded-event fields. */
  scale?: GradeScale;
  /**
   * Keys this field had in earlier versions of the schema (a rename): values stored under them
   * belong to this field, so renaming a key keeps every value.
   */
  formerKeys?: string[];
}

/**
 * What a repeating section repeats for (issue 10): each patient of a case series, each arm of a
 * trial, each time point of follow-up. A document holds instances of each kind ("patient-2"), shared
 * by every section that repeats for that kind, so one patient's age and timeline stay together.
 */
export const REPEAT_KINDS = ['patient', 'arm', 'time-point'] as const;
export type RepeatKind = (typeof REPEAT_KINDS)[number];

export interface SchemaSection {
  key: string;
  label: string;
  fields: FieldDefinition[];
  /** Present on a section whose fields are extracted once per patient, arm or time point. */
  repeat?: RepeatKind;
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
