// What a reviewer's typed correction is made of, per value type: the inputs an editor shows (for a
// median: measure, value, spread, IQR low and high, unit), prefilled from a value, and the value
// built from exactly what was entered — never re-read from text into something else.
import { doseUnit } from './format';
import { splitDoseUnit } from './normalize';
import { GRADE_SCALE_MAX, GRADE_SCALE_NAMES } from './scales';
import { DURATION_UNITS, PRESENCE_STATES } from './types';
import type { DurationUnit, FieldDefinition, FieldOption, FieldValue, SpreadKind, SummaryMeasure, TimePoint } from './types';

export interface DraftSlot {
  /** Identifies the input; a name from this module, never from user data. */
  name: string;
  /** The input's accessible name. */
  label: string;
  kind: 'number' | 'text' | 'select' | 'checkboxes';
  options?: FieldOption[];
  /** An empty entry is allowed (e.g. the percent of a proportion, an exponent). */
  optional?: boolean;
}

/** The entered text of each slot, by slot name. */
export type ValueDraft = ReadonlyMap<string, string>;

export type DraftResult = { ok: true; value: FieldValue } | { ok: false; reason: string };

const DURATION_OPTIONS: FieldOption[] = DURATION_UNITS.map((u) => ({ value: u, label: u }));
const TIME_UNIT_OPTIONS: FieldOption[] = [{ value: '', label: 'no time point' }, ...DURATION_OPTIONS];
const FORM_OPTIONS: FieldOption[] = [
  { value: 'label', label: 'as a label (day 7)' },
  { value: 'offset', label: 'as an offset (−34 days)' },
];
const BOUND_OPTIONS: FieldOption[] = [
  { value: 'exact', label: 'exactly' },
  { value: 'at-most', label: 'at most' },
  { value: 'absent', label: 'absent' },
];
const MEASURE_OPTIONS: FieldOption[] = [
  { value: 'median', label: 'median' },
  { value: 'mean', label: 'mean' },
  { value: '', label: 'single value' },
];
const SPREAD_OPTIONS: FieldOption[] = [
  { value: '', label: 'none' },
  { value: 'iqr', label: 'IQR' },
  { value: 'range', label: 'range' },
  { value: 'ci95', label: '95% CI' },
  { value: 'sd', label: 'SD' },
];
const YES_NO_OPTIONS: FieldOption[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'not-reported', label: 'Not reported' },
];
const PRESENCE_OPTIONS: FieldOption[] = PRESENCE_STATES.map((s) => ({ value: s, label: s }));

const unitOptions = (field: FieldDefinition, allowNone: boolean): FieldOption[] => [
  ...(allowNone ? [{ value: '', label: 'no unit' }] : []),
  ...(field.units ?? []).map((u) => ({ value: u, label: u })),
];

const timeSlots = (prefix: string): DraftSlot[] => [
  { name: `${prefix}Unit`, label: 'Time point unit', kind: 'select', options: TIME_UNIT_OPTIONS },
  { name: `${prefix}Value`, label: 'Time point', kind: 'number', optional: true },
  { name: `${prefix}Form`, label: 'Time point written', kind: 'select', options: FORM_OPTIONS },
];

/** The inputs for `field`'s type; a summary statistic shows low and high, or an SD, for the spread chosen. */
export function draftSlots(field: FieldDefinition, draft: ValueDraft): DraftSlot[] {
  const withUnit = (allowNone: boolean): DraftSlot[] =>
    (field.units ?? []).length > 0 ? [{ name: 'unit', label: 'Unit', kind: 'select', options: unitOptions(field, allowNone) }] : [{ name: 'unit', label: 'Unit', kind: 'text', optional: true }];
  switch (field.type) {
    case 'text':
      return [{ name: 'text', label: 'Text', kind: 'text' }];
    case 'count':
      return [{ name: 'count', label: 'Count', kind: 'number' }];
    case 'count-of-total':
      return [
        { name: 'n', label: 'Number (n)', kind: 'number' },
        { name: 'total', label: 'Total (N)', kind: 'number' },
      ];
    case 'proportion':
      return [
        { name: 'n', label: 'Number (n)', kind: 'number' },
        { name: 'total', label: 'Total (N)', kind: 'number' },
        { name: 'percent', label: 'Reported percent', kind: 'number', optional: true },
      ];
    case 'number':
      return [{ name: 'value', label: 'Value', kind: 'number' }];
    case 'quantity':
    case 'dose':
      return [
        { name: 'mantissa', label: 'Amount', kind: 'number' },
        { name: 'exponent', label: 'Power of ten', kind: 'number', optional: true },
        ...withUnit(false),
      ];
    case 'range':
      return [
        { name: 'low', label: 'Low', kind: 'number' },
        { name: 'high', label: 'High', kind: 'number' },
        ...withUnit(true),
      ];
    case 'duration':
      return [
        { name: 'value', label: 'Value', kind: 'number' },
        { name: 'unit', label: 'Unit', kind: 'select', options: DURATION_OPTIONS },
      ];
    case 'grade':
      return [
        { name: 'bound', label: 'Grade is', kind: 'select', options: BOUND_OPTIONS },
        { name: 'grade', label: 'Grade', kind: 'number', optional: true },
      ];
    case 'graded-event':
      return [
        { name: 'event', label: 'Event', kind: 'text' },
        { name: 'bound', label: 'Grade is', kind: 'select', options: BOUND_OPTIONS },
        { name: 'grade', label: 'Grade', kind: 'number', optional: true },
        ...timeSlots('time'),
      ];
    case 'summary-statistic': {
      const spread = draft.get('spread') ?? '';
      const spreadSlots: DraftSlot[] =
        spread === 'sd'
          ? [{ name: 'sd', label: 'SD', kind: 'number' }]
          : spread === ''
            ? []
            : [
                { name: 'low', label: `${SPREAD_OPTIONS.find((o) => o.value === spread)?.label ?? spread} low`, kind: 'number' },
                { name: 'high', label: `${SPREAD_OPTIONS.find((o) => o.value === spread)?.label ?? spread} high`, kind: 'number' },
              ];
      return [
        { name: 'measure', label: 'Median or mean', kind: 'select', options: MEASURE_OPTIONS },
        { name: 'value', label: 'Value', kind: 'number', optional: spread !== '' },
        { name: 'spread', label: 'Spread', kind: 'select', options: SPREAD_OPTIONS },
        ...spreadSlots,
        ...withUnit(true),
      ];
    }
    case 'single-choice':
      return [{ name: 'option', label: 'Option', kind: 'select', options: field.options ?? [] }];
    case 'multiple-choice':
      return [{ name: 'options', label: 'Options', kind: 'checkboxes', options: field.options ?? [] }];
    case 'yes-no':
      return [{ name: 'answer', label: 'Answer', kind: 'select', options: YES_NO_OPTIONS }];
    case 'date':
      return [{ name: 'date', label: 'Date (YYYY, YYYY-MM or YYYY-MM-DD)', kind: 'text' }];
    case 'time-point':
      return [
        { name: 'value', label: 'Time point', kind: 'number' },
        { name: 'unit', label: 'Unit', kind: 'select', options: DURATION_OPTIONS },
        { name: 'form', label: 'Written', kind: 'select', options: FORM_OPTIONS },
      ];
    case 'change':
      return [
        { name: 'measure', label: 'Measure', kind: 'text', optional: true },
        { name: 'from', label: 'From', kind: 'number' },
        { name: 'to', label: 'To', kind: 'number' },
        ...withUnit(true),
        ...timeSlots('at'),
      ];
    case 'presence':
      return [
        { name: 'event', label: 'Event', kind: 'text' },
        { name: 'state', label: 'State', kind: 'select', options: PRESENCE_OPTIONS },
      ];
    case 'timeline-event':
      return [
        { name: 'event', label: 'Event', kind: 'text' },
        { name: 'value', label: 'Time point', kind: 'number' },
        { name: 'unit', label: 'Unit', kind: 'select', options: DURATION_OPTIONS },
        { name: 'form', label: 'Written', kind: 'select', options: FORM_OPTIONS },
      ];
  }
}

const text = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(n));

function timeEntries(prefix: string, point: TimePoint | null): [string, string][] {
  return [
    [`${prefix}Unit`, point?.unit ?? ''],
    [`${prefix}Value`, text(point?.value)],
    [`${prefix}Form`, point?.form ?? 'label'],
  ];
}

/**
 * The inputs prefilled from `value` (the machine's reading, or the last correction). A value of
 * another type than the field's (one stored under an older schema) leaves the inputs at defaults.
 */
export function draftFrom(field: FieldDefinition, value: FieldValue | null): Map<string, string> {
  const firstUnit = field.units?.[0] ?? '';
  const defaults: [string, string][] = [
    ['unit', field.type === 'duration' || field.type === 'time-point' || field.type === 'timeline-event' ? 'days' : firstUnit],
    ['bound', 'exact'],
    ['measure', 'median'],
    ['spread', ''],
    ['form', 'label'],
    ['state', 'present'],
    ['answer', 'yes'],
    ['option', field.options?.[0]?.value ?? ''],
    ...timeEntries('time', null),
    ...timeEntries('at', null),
  ];
  const draft = new Map(defaults);
  if (value === null || value.type !== field.type) return draft;
  const set = (entries: [string, string][]) => entries.forEach(([k, v]) => draft.set(k, v));
  switch (value.type) {
    case 'text':
      set([['text', value.text]]);
      break;
    case 'count':
      set([['count', text(value.count)]]);
      break;
    case 'count-of-total':
      set([['n', text(value.n)], ['total', text(value.total)]]);
      break;
    case 'proportion':
      set([['n', text(value.n)], ['total', text(value.total)], ['percent', text(value.percent)]]);
      break;
    case 'number':
      set([['value', text(value.value)]]);
      break;
    case 'quantity':
      set([['mantissa', text(value.exponent === null ? value.value : value.mantissa)], ['exponent', text(value.exponent)], ['unit', value.unit]]);
      break;
    case 'dose':
      set([['mantissa', text(value.exponent === null ? value.value : value.mantissa)], ['exponent', text(value.exponent)], ['unit', doseUnit(value.unit, value.basis)]]);
      break;
    case 'range':
      set([['low', text(value.low)], ['high', text(value.high)], ['unit', value.unit ?? '']]);
      break;
    case 'duration':
      set([['value', text(value.value)], ['unit', value.unit]]);
      break;
    case 'grade':
      set([['grade', value.bound === 'absent' ? '' : text(value.grade)], ['bound', value.bound]]);
      break;
    case 'graded-event':
      set([['event', value.event], ['grade', value.bound === 'absent' ? '' : text(value.grade)], ['bound', value.bound], ...timeEntries('time', value.timePoint)]);
      break;
    case 'summary-statistic': {
      const spread = value.spread;
      set([
        ['measure', value.measure ?? ''],
        ['value', text(value.value)],
        ['spread', spread?.kind ?? ''],
        ['low', spread && spread.kind !== 'sd' ? text(spread.low) : ''],
        ['high', spread && spread.kind !== 'sd' ? text(spread.high) : ''],
        ['sd', spread?.kind === 'sd' ? text(spread.sd) : ''],
        ['unit', value.unit ?? ''],
      ]);
      break;
    }
    case 'single-choice':
      set([['option', value.option]]);
      break;
    case 'multiple-choice':
      set([['options', value.options.join('\n')]]);
      break;
    case 'yes-no':
      set([['answer', value.answer]]);
      break;
    case 'date':
      set([['date', value.date]]);
      break;
    case 'time-point':
      set([['value', text(value.value)], ['unit', value.unit], ['form', value.form]]);
      break;
    case 'change':
      set([['measure', value.measure ?? ''], ['from', text(value.from)], ['to', text(value.to)], ['unit', value.unit ?? ''], ...timeEntries('at', value.at)]);
      break;
    case 'presence':
      set([['event', value.event], ['state', value.state]]);
      break;
    case 'timeline-event':
      set([['event', value.event], ['value', text(value.at.value)], ['unit', value.at.unit], ['form', value.at.form]]);
      break;
  }
  return draft;
}

class DraftError extends Error {}

/** The number as typed: "12,400", "−4.2", "0.5"; a thousands comma or a true minus sign is fine. */
function parseNumber(typed: string, label: string): number {
  const plain = typed.trim().replace(/[\s\u202f\u00a0]/g, '').replace(/,(?=\d{3}(?!\d))/g, '').replace(/^[\u2212\u2013]/, '-');
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(plain)) throw new DraftError(`${label}: “${typed.trim()}” is not a number`);
  return Number(plain);
}

/**
 * The value exactly as entered, or the first problem in the reviewer's words. Checks only what
 * makes a value meaningless (a count below zero, n above its total, a grade off the scale).
 */
export function valueFromDraft(field: FieldDefinition, draft: ValueDraft): DraftResult {
  const raw = (name: string): string => (draft.get(name) ?? '').trim();
  const label = (name: string): string => draftSlots(field, draft).find((s) => s.name === name)?.label ?? name;
  const number = (name: string): number => {
    if (raw(name) === '') throw new DraftError(`${label(name)} is empty`);
    return parseNumber(raw(name), label(name));
  };
  const maybe = (name: string): number | null => (raw(name) === '' ? null : parseNumber(raw(name), label(name)));
  const whole = (name: string, min = 0): number => {
    const n = number(name);
    if (!Number.isInteger(n) || n < min) throw new DraftError(`${label(name)} must be a whole number of at least ${min}`);
    return n;
  };
  const required = (name: string): string => {
    if (raw(name) === '') throw new DraftError(`${label(name)} is empty`);
    return raw(name);
  };
  const duration = (name: string): DurationUnit => {
    const unit = DURATION_UNITS.find((u) => u === raw(name));
    if (!unit) throw new DraftError(`${label(name)} must be days, weeks, months or years`);
    return unit;
  };
  const time = (prefix: string): TimePoint | null => {
    if (raw(`${prefix}Unit`) === '') return null;
    const value = number(`${prefix}Value`);
    return { value, unit: duration(`${prefix}Unit`), form: raw(`${prefix}Form`) === 'offset' ? 'offset' : 'label' };
  };
  const grade = (): { grade: number; bound: 'exact' | 'at-most' | 'absent' } => {
    const bound = raw('bound') === 'at-most' ? 'at-most' : raw('bound') === 'absent' ? 'absent' : 'exact';
    if (bound === 'absent') return { grade: 0, bound };
    const scale = field.scale;
    const g = whole('grade', 1);
    if (scale !== undefined && g > GRADE_SCALE_MAX[scale]) throw new DraftError(`Grade ${g} is above the ${GRADE_SCALE_NAMES[scale]} scale (grades 1–${GRADE_SCALE_MAX[scale]})`);
    return { grade: g, bound };
  };
  const powered = (): { value: number; mantissa: number | null; exponent: number | null } => {
    const mantissa = number('mantissa');
    const exponent = maybe('exponent');
    if (exponent === null) return { value: mantissa, mantissa: null, exponent: null };
    if (!Number.isInteger(exponent)) throw new DraftError('Power of ten must be a whole number');
    return { value: Number(`${mantissa}e${exponent}`), mantissa, exponent };
  };
  const unitOrNull = (): string | null => (raw('unit') === '' ? null : raw('unit'));
  try {
    switch (field.type) {
      case 'text':
        return { ok: true, value: { type: 'text', text: required('text') } };
      case 'count':
        return { ok: true, value: { type: 'count', count: whole('count') } };
      case 'count-of-total':
      case 'proportion': {
        const n = whole('n');
        const total = whole('total', 1);
        if (n > total) throw new DraftError(`n (${n}) is more than the total (${total})`);
        if (field.type === 'count-of-total') return { ok: true, value: { type: 'count-of-total', n, total } };
        const percent = maybe('percent');
        if (percent !== null && (percent < 0 || percent > 100)) throw new DraftError('Reported percent must be between 0 and 100');
        return { ok: true, value: { type: 'proportion', n, total, percent } };
      }
      case 'number':
        return { ok: true, value: { type: 'number', value: number('value') } };
      case 'quantity':
        return { ok: true, value: { type: 'quantity', ...powered(), unit: required('unit') } };
      case 'dose': {
        const amount = powered();
        const split = splitDoseUnit(required('unit'));
        return { ok: true, value: { type: 'dose', value: amount.value, unit: split.unit, basis: split.basis, mantissa: amount.mantissa, exponent: amount.exponent } };
      }
      case 'range': {
        const low = number('low');
        const high = number('high');
        if (low > high) throw new DraftError(`Low (${low}) is above high (${high})`);
        return { ok: true, value: { type: 'range', low, high, unit: unitOrNull() } };
      }
      case 'duration':
        return { ok: true, value: { type: 'duration', value: number('value'), unit: duration('unit') } };
      case 'grade': {
        if (field.scale === undefined) throw new DraftError('this grade field has no scale');
        return { ok: true, value: { type: 'grade', scale: field.scale, ...grade() } };
      }
      case 'graded-event': {
        if (field.scale === undefined) throw new DraftError('this graded-event field has no scale');
        return { ok: true, value: { type: 'graded-event', event: required('event'), scale: field.scale, ...grade(), timePoint: time('time') } };
      }
      case 'summary-statistic': {
        const kind = raw('spread');
        const measure: SummaryMeasure | null = raw('measure') === 'median' ? 'median' : raw('measure') === 'mean' ? 'mean' : null;
        let spread: Extract<FieldValue, { type: 'summary-statistic' }>['spread'] = null;
        if (kind === 'sd') {
          const sd = number('sd');
          if (sd < 0) throw new DraftError('SD cannot be negative');
          spread = { kind: 'sd', sd };
        } else if (kind === 'iqr' || kind === 'range' || kind === 'ci95') {
          const low = number('low');
          const high = number('high');
          if (low > high) throw new DraftError(`${label('low')} (${low}) is above ${label('high')} (${high})`);
          spread = { kind: kind satisfies SpreadKind, low, high };
        }
        const value = spread === null ? number('value') : maybe('value');
        return { ok: true, value: { type: 'summary-statistic', measure: value === null ? null : measure, value, spread, unit: unitOrNull() } };
      }
      case 'single-choice': {
        const option = required('option');
        if (!(field.options ?? []).some((o) => o.value === option)) throw new DraftError(`“${option}” is not one of this field's options`);
        return { ok: true, value: { type: 'single-choice', option } };
      }
      case 'multiple-choice': {
        const chosen = raw('options').split('\n').filter((o) => o !== '');
        if (chosen.length === 0) throw new DraftError('Options: choose at least one');
        return { ok: true, value: { type: 'multiple-choice', options: (field.options ?? []).map((o) => o.value).filter((v) => chosen.includes(v)) } };
      }
      case 'yes-no': {
        const answer = raw('answer');
        return { ok: true, value: { type: 'yes-no', answer: answer === 'no' ? 'no' : answer === 'not-reported' ? 'not-reported' : 'yes' } };
      }
      case 'date': {
        const date = required('date');
        if (!/^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/.test(date)) throw new DraftError(`“${date}” is not a date written as YYYY, YYYY-MM or YYYY-MM-DD`);
        return { ok: true, value: { type: 'date', date } };
      }
      case 'time-point':
        return { ok: true, value: { type: 'time-point', value: number('value'), unit: duration('unit'), form: raw('form') === 'offset' ? 'offset' : 'label' } };
      case 'change': {
        const measure = raw('measure') === '' ? null : raw('measure');
        return { ok: true, value: { type: 'change', measure, from: number('from'), to: number('to'), unit: unitOrNull(), at: time('at') } };
      }
      case 'presence': {
        const state = PRESENCE_STATES.find((s) => s === raw('state')) ?? 'present';
        return { ok: true, value: { type: 'presence', event: required('event'), state } };
      }
      case 'timeline-event':
        return { ok: true, value: { type: 'timeline-event', event: required('event'), at: { value: number('value'), unit: duration('unit'), form: raw('form') === 'offset' ? 'offset' : 'label' } } };
    }
  } catch (error) {
    if (error instanceof DraftError) return { ok: false, reason: error.message };
    throw error;
  }
}
