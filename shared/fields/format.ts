// How a typed value reads in the form, the evidence table and exports ("1 × 10⁶ cells/kg",
// "20–60 years", "At most grade 1 (ASTCT CRS)"). Every output reads back to the same value.
import { GRADE_SCALE_NAMES } from './scales';
import type { DoseBasis, FieldDefinition, FieldValue, SummarySpread, TimePoint } from './types';

const SUPERSCRIPT_DIGITS = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

function superscript(exponent: number): string {
  const digits = [...String(Math.abs(exponent))].map((d) => SUPERSCRIPT_DIGITS[Number(d)] ?? d).join('');
  return exponent < 0 ? `⁻${digits}` : digits;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * "1,000", "52.5", "−4.2": thousands separated by commas, a true minus sign, and every digit of the
 * number kept (no rounding), so what is shown is what was read.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const sign = value < 0 ? '−' : '';
  let plain = String(Math.abs(value));
  if (plain.includes('e')) {
    // Beyond 1e21 or below 1e-6 String() switches to exponent notation; write it out in full.
    plain = Math.abs(value).toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
  }
  const [whole = '0', fraction] = plain.split('.');
  return `${sign}${groupThousands(whole)}${fraction === undefined ? '' : `.${fraction}`}`;
}

const DURATION_SINGULAR = { days: 'day', weeks: 'week', months: 'month', years: 'year' } as const;

/**
 * The ways articles write a power of ten, each of which the readers take back: "1 × 10⁶" (superscript),
 * "1 × 106" (a superscript flattened by scraping), MEDLINE's "1 x 10(6)", "1 × 10^6", "1e6", and the
 * number written out ("1,000,000").
 */
export const POWER_NOTATIONS = ['superscript', 'flattened', 'medline', 'caret', 'e-notation', 'plain'] as const;
export type PowerNotation = (typeof POWER_NOTATIONS)[number];

/** `mantissa` × 10^`exponent` in one notation; `plain` writes the whole number out. */
export function formatPowerOfTen(mantissa: number, exponent: number, notation: PowerNotation): string {
  const m = formatNumber(mantissa);
  switch (notation) {
    case 'superscript':
      return `${m} × 10${superscript(exponent)}`;
    case 'flattened':
      return `${m} × 10${String(exponent)}`;
    case 'medline':
      return `${m} x 10(${String(exponent)})`;
    case 'caret':
      return `${m} × 10^${String(exponent)}`;
    case 'e-notation':
      return `${String(mantissa)}e${String(exponent)}`;
    case 'plain':
      return formatNumber(Number(`${mantissa}e${exponent}`));
  }
}

const BASIS_SUFFIX: Record<DoseBasis, string> = { 'per-kg': '/kg', 'per-m2': '/m²', flat: '' };

/** "cells" per kg as "cells/kg": the unit a dose field lists. */
export function doseUnit(unit: string, basis: DoseBasis): string {
  return `${unit}${BASIS_SUFFIX[basis]}`;
}

/** "Day 7", "week 8" (label) or "−34 days", "7 days" (offset from infusion). */
export function formatTimePoint(point: TimePoint, capital = true): string {
  if (point.form === 'label') {
    const word = DURATION_SINGULAR[point.unit];
    return `${capital ? word[0]!.toUpperCase() + word.slice(1) : word} ${formatNumber(point.value)}`;
  }
  const unit = Math.abs(point.value) === 1 ? DURATION_SINGULAR[point.unit] : point.unit;
  return `${formatNumber(point.value)} ${unit}`;
}

function span(low: number, high: number): string {
  // An en dash between negative numbers ("−4.7–−2.3") is unreadable; "to" is not.
  const separator = low < 0 || high < 0 ? ' to ' : '–';
  return `${formatNumber(low)}${separator}${formatNumber(high)}`;
}

const SPREAD_LABELS = { iqr: 'IQR', range: 'range', ci95: '95% CI' } as const;

function formatSpread(spread: SummarySpread): string {
  if (spread.kind === 'sd') return `SD ${formatNumber(spread.sd)}`;
  return `${SPREAD_LABELS[spread.kind]} ${span(spread.low, spread.high)}`;
}

function withUnit(text: string, unit: string | null): string {
  return unit === null || unit === '' ? text : `${text} ${unit}`;
}

/** The value as a reviewer reads it. Choice options appear by value; use `formatFieldValue` for labels. */
export function formatValue(value: FieldValue): string {
  switch (value.type) {
    case 'text':
      return value.text;
    case 'count':
      return formatNumber(value.count);
    case 'count-of-total':
      return `${formatNumber(value.n)}/${formatNumber(value.total)}`;
    case 'number':
      return formatNumber(value.value);
    case 'quantity':
      if (value.exponent !== null && value.mantissa !== null) {
        return withUnit(`${formatNumber(value.mantissa)} × 10${superscript(value.exponent)}`, value.unit);
      }
      return withUnit(formatNumber(value.value), value.unit);
    case 'range': {
      if (value.low === value.high) return withUnit(formatNumber(value.low), value.unit);
      return withUnit(span(value.low, value.high), value.unit);
    }
    case 'duration': {
      const unit = Math.abs(value.value) === 1 ? DURATION_SINGULAR[value.unit] : value.unit;
      return `${formatNumber(value.value)} ${unit}`;
    }
    case 'grade': {
      const scale = GRADE_SCALE_NAMES[value.scale];
      if (value.bound === 'absent') return `Absent (${scale})`;
      if (value.bound === 'at-most') return `At most grade ${value.grade} (${scale})`;
      return `Grade ${value.grade} (${scale})`;
    }
    case 'single-choice':
      return value.option;
    case 'multiple-choice':
      return value.options.join(', ');
    case 'yes-no':
      return value.answer === 'yes' ? 'Yes' : value.answer === 'no' ? 'No' : 'Not reported';
    case 'date':
      return value.date;
    case 'graded-event': {
      const scale = GRADE_SCALE_NAMES[value.scale];
      const when = value.timePoint === null ? '' : value.timePoint.form === 'label' ? ` on ${formatTimePoint(value.timePoint, false)}` : ` at ${formatTimePoint(value.timePoint)}`;
      if (value.bound === 'absent') return `No ${value.event} (${scale})${when}`;
      const grade = value.bound === 'at-most' ? `at most grade ${value.grade}` : `grade ${value.grade}`;
      return `${value.event} ${grade} (${scale})${when}`;
    }
    case 'summary-statistic': {
      if (value.value === null) return value.spread === null ? '' : withUnit(formatSpread(value.spread), value.unit);
      const number = formatNumber(value.value);
      const head = withUnit(value.measure === null ? number : `${value.measure} ${number}`, value.unit);
      return value.spread === null ? head : `${head} (${formatSpread(value.spread)})`;
    }
    case 'proportion': {
      const fraction = `${formatNumber(value.n)}/${formatNumber(value.total)}`;
      return value.percent === null ? fraction : `${fraction} (${formatNumber(value.percent)}%)`;
    }
    case 'dose': {
      const amount = value.exponent !== null && value.mantissa !== null ? formatPowerOfTen(value.mantissa, value.exponent, 'superscript') : formatNumber(value.value);
      return withUnit(amount, doseUnit(value.unit, value.basis));
    }
    case 'time-point':
      return formatTimePoint(value);
    case 'change': {
      const unit = value.unit === null ? '' : ` ${value.unit}`;
      const when = value.at === null ? '' : ` by ${formatTimePoint(value.at, false)}`;
      return `${value.measure === null ? '' : `${value.measure} `}from ${formatNumber(value.from)}${unit} to ${formatNumber(value.to)}${unit}${when}`;
    }
    case 'presence':
      return `${value.state === 'present' ? 'Present' : value.state === 'absent' ? 'Absent' : 'Uncertain'}: ${value.event}`;
    case 'timeline-event':
      return `${formatTimePoint(value.at)}: ${value.event}`;
  }
}

/** Like `formatValue`, with choice options shown by their labels in `field`. */
export function formatFieldValue(field: FieldDefinition, value: FieldValue): string {
  const label = (option: string): string => field.options?.find((o) => o.value === option)?.label ?? option;
  if (value.type === 'single-choice') return label(value.option);
  if (value.type === 'multiple-choice') return value.options.map(label).join(', ');
  return formatValue(value);
}
