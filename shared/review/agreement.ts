// How two extractors' values for one document compare (issue 11): value equality by type, the state
// of every field and instance, and percent agreement with Cohen's kappa per field, per document and
// for the whole review. Pure, so the adjudication view, its CSV and the tests compute it one way.
import type { ExtractionSchema, FieldDefinition, FieldType, FieldValue, TimePoint } from '../fields/types';
import type { Annotation, DocumentId, ReviewerId } from '../model';
import type { AgreementState, ComparedValue } from './model';

/** Decimal places a number carries as written in its shortest form (46 → 0, 46.25 → 2, 1e-7 → 7). */
export function decimalsOf(n: number): number {
  if (!Number.isFinite(n)) return 0;
  const [mantissa = '', exponent = '0'] = String(Math.abs(n)).toLowerCase().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/**
 * Numbers equal at the reported precision: compared at the coarser of the two precisions, so
 * "46" and "46.0" agree, and so do "46" and "46.3" (one extractor reported the rounded figure the
 * abstract gives, the other the table's); "46.2" and "46.3" do not. Both values stay on screen.
 */
export function numbersAgree(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const places = Math.min(decimalsOf(a), decimalsOf(b), 12);
  const scale = 10 ** places;
  return Math.round(a * scale) === Math.round(b * scale);
}

function nullableNumbersAgree(a: number | null, b: number | null): boolean {
  return a === null || b === null ? a === b : numbersAgree(a, b);
}

/** Text equal ignoring case, spacing and Unicode form ("CAR-T  cells" = "car-t cells"). */
export function normalText(text: string | null): string {
  return (text ?? '').normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}

function textsAgree(a: string | null, b: string | null): boolean {
  return normalText(a) === normalText(b);
}

function timePointsAgree(a: TimePoint | null, b: TimePoint | null): boolean {
  if (a === null || b === null) return a === b;
  return a.unit === b.unit && a.form === b.form && numbersAgree(a.value, b.value);
}

/**
 * Whether two values say the same thing, by type: numbers at the reported precision, the same grade
 * on the same scale with the same bound, the same n and N (a percentage is derived, so not
 * compared), text ignoring case and spacing, the same set of options. Values of different types never agree.
 */
export function valuesAgree(a: FieldValue, b: FieldValue): boolean {
  switch (a.type) {
    case 'text':
      return b.type === 'text' && textsAgree(a.text, b.text);
    case 'count':
      return b.type === 'count' && a.count === b.count;
    case 'count-of-total':
      return b.type === 'count-of-total' && a.n === b.n && a.total === b.total;
    case 'proportion':
      return b.type === 'proportion' && a.n === b.n && a.total === b.total;
    case 'number':
      return b.type === 'number' && numbersAgree(a.value, b.value);
    case 'quantity':
      return b.type === 'quantity' && textsAgree(a.unit, b.unit) && numbersAgree(a.value, b.value);
    case 'dose':
      return b.type === 'dose' && a.basis === b.basis && textsAgree(a.unit, b.unit) && numbersAgree(a.value, b.value);
    case 'range':
      return b.type === 'range' && textsAgree(a.unit, b.unit) && numbersAgree(a.low, b.low) && numbersAgree(a.high, b.high);
    case 'duration':
      return b.type === 'duration' && a.unit === b.unit && numbersAgree(a.value, b.value);
    case 'grade':
      return b.type === 'grade' && a.scale === b.scale && a.bound === b.bound && (a.bound === 'absent' || a.grade === b.grade);
    case 'graded-event':
      return (
        b.type === 'graded-event' &&
        textsAgree(a.event, b.event) &&
        a.scale === b.scale &&
        a.bound === b.bound &&
        (a.bound === 'absent' || a.grade === b.grade) &&
        timePointsAgree(a.timePoint, b.timePoint)
      );
    case 'single-choice':
      return b.type === 'single-choice' && a.option === b.option;
    case 'multiple-choice':
      return b.type === 'multiple-choice' && sameSet(a.options, b.options);
    case 'yes-no':
      return b.type === 'yes-no' && a.answer === b.answer;
    case 'date':
      return b.type === 'date' && a.date === b.date;
    case 'summary-statistic': {
      if (b.type !== 'summary-statistic' || a.measure !== b.measure || !textsAgree(a.unit, b.unit) || !nullableNumbersAgree(a.value, b.value)) return false;
      const [x, y] = [a.spread, b.spread];
      if (x === null || y === null) return x === y;
      if (x.kind === 'sd' || y.kind === 'sd') return x.kind === 'sd' && y.kind === 'sd' && numbersAgree(x.sd, y.sd);
      return x.kind === y.kind && numbersAgree(x.low, y.low) && numbersAgree(x.high, y.high);
    }
    case 'time-point':
      return b.type === 'time-point' && timePointsAgree(a, b);
    case 'change':
      return (
        b.type === 'change' &&
        textsAgree(a.measure, b.measure) &&
        textsAgree(a.unit, b.unit) &&
        numbersAgree(a.from, b.from) &&
        numbersAgree(a.to, b.to) &&
        timePointsAgree(a.at, b.at)
      );
    case 'presence':
      return b.type === 'presence' && textsAgree(a.event, b.event) && a.state === b.state;
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((item) => y.has(item));
}

/** Field types whose values are categories, so Cohen's kappa means something for them (issue 11: categorical and graded fields). */
export const CATEGORICAL_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(['single-choice', 'multiple-choice', 'yes-no', 'grade', 'graded-event', 'presence']);

/**
 * The category a categorical value falls in, as a key: two values of a categorical type agree
 * exactly when their keys are equal (valuesAgree and this must not drift; a property test holds them together).
 */
export function categoryOf(value: FieldValue | null): string {
  if (value === null) return 'unread';
  switch (value.type) {
    case 'single-choice':
      return `choice:${value.option}`;
    case 'multiple-choice':
      return `choices:${[...new Set(value.options)].sort().join('|')}`;
    case 'yes-no':
      return `answer:${value.answer}`;
    case 'grade':
      return `grade:${value.scale}:${value.bound}:${value.bound === 'absent' ? '' : value.grade}`;
    case 'graded-event': {
      const at = value.timePoint === null ? '' : `${value.timePoint.form}:${value.timePoint.value}:${value.timePoint.unit}`;
      return `event:${normalText(value.event)}:${value.scale}:${value.bound}:${value.bound === 'absent' ? '' : value.grade}:${at}`;
    }
    case 'presence':
      return `presence:${normalText(value.event)}:${value.state}`;
    default:
      return `${value.type}:${JSON.stringify(value)}`;
  }
}

/** The category of "this extractor recorded nothing for the field". */
export const NOT_RECORDED = 'not-recorded';

/** Whether two extractors' value lists for one field and instance say the same: every value matched one to one. */
export function listsAgree(a: readonly ComparedValue[], b: readonly ComparedValue[]): boolean {
  if (a.length !== b.length) return false;
  const left = [...b];
  for (const x of a) {
    const at = left.findIndex((y) => x.value !== null && y.value !== null && valuesAgree(x.value, y.value));
    if (at < 0) return false;
    left.splice(at, 1);
  }
  return true;
}

export function agreementState(a: readonly ComparedValue[], b: readonly ComparedValue[]): AgreementState {
  if (a.length === 0 && b.length === 0) return 'neither';
  if (b.length === 0) return 'only-a';
  if (a.length === 0) return 'only-b';
  return listsAgree(a, b) ? 'agree' : 'disagree';
}

/** One field (and repeating-section instance) of one document, both extractors' values side by side. */
export interface FieldComparison {
  documentId: DocumentId;
  field: FieldDefinition;
  /** The repeating-section instance ("patient-2"), or null for a document-level value. */
  instance: string | null;
  a: ComparedValue[];
  b: ComparedValue[];
  state: AgreementState;
}

/**
 * The values an extractor recorded: live field values made by them, not rejected (a rejected value
 * fills nothing), and not an adjudicator's consensus.
 */
function extractorValues(annotations: readonly Annotation[], reviewer: ReviewerId): Annotation[] {
  return annotations.filter((a) => a.deletedAt === null && a.field !== null && a.creatorId === reviewer && a.consensus === undefined && a.field.review?.state !== 'rejected');
}

function fieldKeyOf(schema: ExtractionSchema, key: string): FieldDefinition | null {
  for (const section of schema.sections) for (const field of section.fields) if (field.key === key || field.formerKeys?.includes(key)) return field;
  return null;
}

function compared(annotation: Annotation): ComparedValue {
  return { reviewerId: annotation.creatorId!, value: annotation.field!.value, quote: annotation.target?.quote.exact ?? null, annotationId: annotation.id };
}

/**
 * Every field and instance of one document, in schema order, with A's values beside B's. A field
 * neither recorded is listed once (document level) as `neither`; instances appear as the values name them.
 */
export function compareDocument(schema: ExtractionSchema, documentId: DocumentId, annotations: readonly Annotation[], a: ReviewerId, b: ReviewerId): FieldComparison[] {
  const own = annotations.filter((x) => x.documentId === documentId);
  const groups = new Map<string, { a: ComparedValue[]; b: ComparedValue[] }>();
  const keyOf = (field: string, instance: string | null) => JSON.stringify([field, instance]);
  const add = (side: 'a' | 'b', list: Annotation[]) => {
    for (const annotation of list) {
      const field = fieldKeyOf(schema, annotation.field!.fieldKey);
      if (!field) continue;
      const key = keyOf(field.key, annotation.field!.instance ?? null);
      const group = groups.get(key) ?? { a: [], b: [] };
      group[side].push(compared(annotation));
      groups.set(key, group);
    }
  };
  add('a', extractorValues(own, a));
  add('b', extractorValues(own, b));
  const out: FieldComparison[] = [];
  for (const section of schema.sections) {
    for (const field of section.fields) {
      const instances = [...groups.keys()].map((k) => JSON.parse(k) as [string, string | null]).filter(([key]) => key === field.key).map(([, instance]) => instance);
      const ordered = instances.length === 0 ? [null] : [...new Set(instances)].sort((x, y) => (x === null ? -1 : y === null ? 1 : x.localeCompare(y, 'en', { numeric: true })));
      for (const instance of ordered) {
        const group = groups.get(keyOf(field.key, instance)) ?? { a: [], b: [] };
        out.push({ documentId, field, instance, a: group.a, b: group.b, state: agreementState(group.a, group.b) });
      }
    }
  }
  return out;
}

/** Cohen's kappa with its standard error and 95% confidence interval. */
export interface KappaResult {
  /** Items rated by both (the n of the table). */
  n: number;
  /** Observed agreement p_o, 0–1. */
  observed: number;
  /** Agreement expected by chance from the marginals, p_e, 0–1. */
  expected: number;
  /** Null when p_e = 1 (both raters used one and the same category throughout): kappa is undefined. */
  kappa: number | null;
  standardError: number | null;
  low: number | null;
  high: number | null;
}

/** The normal quantile for a two-sided 95% interval. */
const Z_95 = 1.959963984540054;

/**
 * Cohen's kappa (Cohen 1960) for paired ratings, one [A's category, B's category] per item.
 * Standard error: the large-sample approximation of Cohen (1960, eq. 9), as Altman gives it for
 * confidence intervals (Practical Statistics for Medical Research, 1991, §14.3):
 *   SE(κ) = √( p_o (1 − p_o) / ( n (1 − p_e)² ) ),   95% CI = κ ± 1.96 SE, clipped to [−1, 1].
 * It is simpler than Fleiss, Cohen & Everitt's (1969) exact asymptotic variance and close to it for
 * the table sizes of a review; the test reproduces Cohen's and Altman's published figures with it.
 */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): KappaResult | null {
  const n = pairs.length;
  if (n === 0) return null;
  const rows = new Map<string, number>();
  const columns = new Map<string, number>();
  let agreed = 0;
  for (const [x, y] of pairs) {
    rows.set(x, (rows.get(x) ?? 0) + 1);
    columns.set(y, (columns.get(y) ?? 0) + 1);
    if (x === y) agreed++;
  }
  const observed = agreed / n;
  let expected = 0;
  for (const [category, count] of rows) expected += (count / n) * ((columns.get(category) ?? 0) / n);
  if (expected >= 1 - 1e-12) return { n, observed, expected: 1, kappa: null, standardError: null, low: null, high: null };
  const kappa = (observed - expected) / (1 - expected);
  const standardError = Math.sqrt((observed * (1 - observed)) / (n * (1 - expected) ** 2));
  const clip = (x: number) => Math.max(-1, Math.min(1, x));
  return { n, observed, expected, kappa, standardError, low: clip(kappa - Z_95 * standardError), high: clip(kappa + Z_95 * standardError) };
}

/** Ratings from a k×k table of counts (rows: rater A, columns: rater B), for published tables. */
export function pairsFromTable(table: readonly (readonly number[])[]): [string, string][] {
  const pairs: [string, string][] = [];
  table.forEach((row, i) => row.forEach((count, j) => {
    for (let c = 0; c < count; c++) pairs.push([String(i), String(j)]);
  }));
  return pairs;
}

/** Percent agreement and kappa over a set of compared fields. */
export interface AgreementSummary {
  /** Fields and instances at least one extractor recorded. */
  compared: number;
  agreed: number;
  disagreed: number;
  onlyA: number;
  onlyB: number;
  /** agreed / compared × 100; null when nothing was compared. */
  percent: number | null;
  /** Over the categorical fields only; null when none was compared. */
  kappa: KappaResult | null;
}

/** A comparison's rating pair for kappa: each side's category, "not recorded" when it recorded nothing. */
function ratingPair(comparison: FieldComparison, namespaced: boolean): [string, string] {
  const rate = (values: readonly ComparedValue[]) => (values.length === 0 ? NOT_RECORDED : values.map((v) => categoryOf(v.value)).sort().join('&'));
  const prefix = namespaced ? `${comparison.field.key}=` : '';
  // Agreeing lists are one category on both sides even if the values' spellings differ.
  if (comparison.state === 'agree') {
    const shared = `${prefix}${rate(comparison.a)}`;
    return [shared, shared];
  }
  return [`${prefix}${rate(comparison.a)}`, `${prefix}${rate(comparison.b)}`];
}

/**
 * Percent agreement over every field at least one extractor recorded ("neither" carries no
 * information and is left out), and kappa over the categorical ones. Across several fields (a
 * document, the whole review) the categories are the field's key with its category, so "grade 2"
 * of CRS and "grade 2" of ICANS are different categories: one pooled table, as the review's
 * overall kappa is usually reported.
 */
export function summarize(comparisons: readonly FieldComparison[]): AgreementSummary {
  const counted = comparisons.filter((c) => c.state !== 'neither');
  const count = (state: AgreementState) => counted.filter((c) => c.state === state).length;
  const agreed = count('agree');
  const categorical = counted.filter((c) => CATEGORICAL_TYPES.has(c.field.type));
  const fields = new Set(categorical.map((c) => c.field.key));
  return {
    compared: counted.length,
    agreed,
    disagreed: count('disagree'),
    onlyA: count('only-a'),
    onlyB: count('only-b'),
    percent: counted.length === 0 ? null : (agreed / counted.length) * 100,
    kappa: cohensKappa(categorical.map((c) => ratingPair(c, fields.size > 1))),
  };
}

export interface FieldAgreement {
  field: FieldDefinition;
  /** Whether kappa applies to the field's type (categorical and graded fields). */
  categorical: boolean;
  summary: AgreementSummary;
}

export interface DocumentAgreement {
  documentId: DocumentId;
  summary: AgreementSummary;
}

export interface ReviewAgreement {
  byField: FieldAgreement[];
  byDocument: DocumentAgreement[];
  overall: AgreementSummary;
}

/** Agreement per field (across documents), per document (across fields) and for the whole review. */
export function reviewAgreement(schema: ExtractionSchema, comparisons: readonly FieldComparison[]): ReviewAgreement {
  const byField: FieldAgreement[] = schema.sections.flatMap((section) =>
    section.fields.map((field) => ({ field, categorical: CATEGORICAL_TYPES.has(field.type), summary: summarize(comparisons.filter((c) => c.field.key === field.key)) })),
  );
  const documents = [...new Set(comparisons.map((c) => c.documentId))];
  const byDocument = documents.map((documentId) => ({ documentId, summary: summarize(comparisons.filter((c) => c.documentId === documentId)) }));
  return { byField, byDocument, overall: summarize(comparisons) };
}

/** Words for each state, never a colour alone: the adjudication view and the CSV both say these. */
export const AGREEMENT_STATE_WORDS: Record<AgreementState, string> = {
  agree: 'Agree',
  disagree: 'Disagree',
  'only-a': 'Only A',
  'only-b': 'Only B',
  neither: 'Neither',
};

/** "κ 0.47 (95% CI 0.33 to 0.62)", "κ not defined", or "κ: no categorical fields". */
export function describeKappa(kappa: KappaResult | null): string {
  if (kappa === null) return 'κ: no categorical fields compared';
  if (kappa.kappa === null) return 'κ not defined (one category throughout)';
  const f = (x: number) => x.toFixed(2).replace('-', '−');
  return `κ ${f(kappa.kappa)} (95% CI ${f(kappa.low!)} to ${f(kappa.high!)}, n = ${kappa.n})`;
}

/** "3 of 4 agree (75%)". */
export function describePercent(summary: AgreementSummary): string {
  if (summary.percent === null) return 'Nothing compared yet';
  return `${summary.agreed} of ${summary.compared} agree (${Math.round(summary.percent)}%)`;
}
