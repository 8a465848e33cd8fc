// How a typed value reads in the form, the evidence table and exports ("1 × 10⁶ cells/kg",
// "20–60 years", "At most grade 1 (ASTCT CRS)"). Every output reads back to the same value.
import { GRADE_SCALE_NAMES } from './scales';
import type { FieldDefinition, FieldValue } from './types';

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
      // An en dash between negative numbers ("−4.7–−2.3") is unreadable; "to" is not.
      const separator = value.low < 0 || value.high < 0 ? ' to ' : '–';
      return withUnit(`${formatNumber(value.low)}${separator}${formatNumber(value.high)}`, value.unit);
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
  }
}

/** Like `formatValue`, with choice options shown by their labels in `field`. */
export function formatFieldValue(field: FieldDefinition, value: FieldValue): string {
  const label = (option: string): string => field.options?.find((o) => o.value === option)?.label ?? option;
  if (value.type === 'single-choice') return label(value.option);
  if (value.type === 'multiple-choice') return value.options.map(label).join(', ');
  return formatValue(value);
}
