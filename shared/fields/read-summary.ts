// Reads a median or mean with its spread and unit as articles report them: "median 46 years (IQR
// 38–55)", "mean (SD) 45.2 (11.3)", "median 15 months; interquartile range 7–19 months", and says
// plainly what could not be read (a "range" that gives one number is not a range).
import { formatNumber } from './format';
import { amountNumbers } from './read-numbers';
import type { NumberToken } from './read-numbers';
import { matchUnitAt } from './units';
import type { FieldDefinition, FieldValue, NormalizeResult, SpreadKind, SummaryMeasure, SummarySpread } from './types';

const TIME_UNITS = ['years', 'months', 'weeks', 'days'];

const MEASURE = /\b(median|mean|average)\b/i;
const SPREAD_NAME = String.raw`(iqr|inter-?quartile\s+range|range|s\.?d\.?|standard\s+deviation|(?:95\s*%\s*)?(?:ci|confidence\s+interval))`;
// "median (IQR)", "mean (SD)", "mean ± SD": the spread is named before the numbers.
const HEADER = new RegExp(String.raw`^[^\d(±]{0,30}?(?:\(\s*${SPREAD_NAME}\s*\)|±\s*${SPREAD_NAME})`, 'iu');
const NAMED = new RegExp(String.raw`^\s*${SPREAD_NAME}\s*[,:=]?\s*`, 'iu');

const KIND_WORDS: Record<SpreadKind, string> = { iqr: 'IQR', range: 'range', ci95: '95% CI', sd: 'SD' };

function kindOf(name: string): SpreadKind {
  const lower = name.toLowerCase().replace(/\s+/g, ' ');
  if (lower === 'iqr' || lower.includes('quartile')) return 'iqr';
  if (lower === 'range') return 'range';
  if (lower.includes('ci') || lower.includes('confidence')) return 'ci95';
  return 'sd';
}

function show(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 10_000 ? String(value).replace('-', '−') : formatNumber(value);
}

/** The numbers of a spread, leaving out the "95" of "95% CI". */
function spreadNumbers(segment: string): NumberToken[] {
  return amountNumbers(segment).filter((n) => !/^\s*%\s*(?:ci|confidence)/i.test(segment.slice(n.end)));
}

/** Two numbers joined as a range: "38–55", "−4.7 to −2.3", "2, 14"; a spaced dash is a separator, not a minus. */
function pairOf(segment: string, numbers: NumberToken[]): { low: number; high: number } | null {
  const [first, second] = numbers;
  if (!first || !second) return null;
  const gap = segment.slice(first.end, second.start);
  if (/^\s*(?:to|-|–|—|,|and)\s*$/i.test(gap)) return { low: first.value, high: second.value };
  if (/^\s*$/.test(gap) && second.signed && /[-\u2013\u2014]/.test(segment.charAt(second.start))) return { low: first.value, high: -second.value };
  return null;
}

interface SpreadReading {
  spread: SummarySpread | null;
  note: string | null;
  /** Where the spread's text ends, to look for a unit written after it ("(12) months"). */
  end: number;
}

/** The spread in `segment` (the text inside parentheses, or after "; IQR"), given its kind if named. */
function readSpread(segment: string, named: SpreadKind | null, measure: SummaryMeasure, quoted: string): Omit<SpreadReading, 'end'> {
  const numbers = spreadNumbers(segment);
  if (numbers.length === 0) return { spread: null, note: null };
  if (named === null) {
    return { spread: null, note: `"${quoted}" beside the ${measure} is not named as an IQR, range, SD or CI; only the ${measure} was taken` };
  }
  if (named === 'sd') {
    const [sd] = numbers;
    if (numbers.length > 1 || !sd) return { spread: null, note: `the SD "${quoted}" gives more than one number; only the ${measure} was taken` };
    if (sd.value < 0) return { spread: null, note: `an SD cannot be negative (${show(sd.value)}); only the ${measure} was taken` };
    return { spread: { kind: 'sd', sd: sd.value }, note: null };
  }
  const pair = pairOf(segment, numbers);
  if (!pair) {
    const what = numbers.length === 1 ? 'one number, not a low and a high' : 'no low and high joined by a dash or "to"';
    return { spread: null, note: `the ${KIND_WORDS[named]} "${quoted}" gives ${what}; only the ${measure} was taken` };
  }
  if (pair.low > pair.high) {
    return { spread: null, note: `the ${KIND_WORDS[named]} runs from ${show(pair.low)} down to ${show(pair.high)}; only the ${measure} was taken` };
  }
  return { spread: { kind: named, low: pair.low, high: pair.high }, note: null };
}

/**
 * Without a median or mean: a range alone ("ages ranged from 20–60 years") is the spread without a
 * centre; one number with a unit ("a 12-year-old") is one patient's value.
 */
function readWithoutMeasure(field: FieldDefinition, text: string): NormalizeResult {
  const units = field.units && field.units.length > 0 ? field.units : TIME_UNITS;
  const numbers = spreadNumbers(text).filter((n) => !n.attachedAfter || matchUnitAt(text, n.end, units) !== null);
  if (numbers.length === 0) {
    return { ok: false, reason: 'no number in the text (e.g. "median 46 years (IQR 38–55)", "mean (SD) 45.2 (11.3)", "12-year-old")' };
  }
  const unitNote = (unit: string | null): string[] =>
    unit === null && field.units && field.units.length > 0 ? [`no unit of this field (${field.units.join(', ')}) in the text`] : [];
  for (let i = 0; i + 1 < numbers.length; i += 1) {
    const pair = pairOf(text, numbers.slice(i, i + 2));
    if (!pair || pair.low > pair.high) continue;
    const high = numbers[i + 1]!;
    const low = numbers[i]!;
    const unit = matchUnitAt(text, high.end, units)?.unit ?? matchUnitAt(text, low.end, units)?.unit ?? null;
    const kind: SpreadKind = /\b(?:iqr|inter-?quartile)\b/i.test(text) ? 'iqr' : /\b(?:ci|confidence)\b/i.test(text) ? 'ci95' : 'range';
    const notes = [...unitNote(unit), ...(numbers.length > 2 ? [`the text has other numbers too; the ${KIND_WORDS[kind]} ${show(pair.low)}–${show(pair.high)} was taken`] : [])];
    return done({ type: 'summary-statistic', measure: null, value: null, spread: { kind, ...pair }, unit }, notes);
  }
  const withUnit = numbers.find((n) => matchUnitAt(text, n.end, units) !== null);
  const single = withUnit ?? numbers[0]!;
  const unit = withUnit ? (matchUnitAt(text, withUnit.end, units)?.unit ?? null) : null;
  const notes = [...unitNote(unit), ...(numbers.length > 1 ? [`the text has other numbers too; ${show(single.value)} was taken`] : [])];
  return done({ type: 'summary-statistic', measure: null, value: single.value, spread: null, unit }, notes);
}

function done(value: FieldValue, notes: string[]): NormalizeResult {
  return { ok: true, value, needsConfirmation: notes.length > 0, reason: notes.length > 0 ? notes.join('; ') : null };
}

/** Reads a summary statistic from `text` (already cleaned) for `field`. */
export function readSummaryStatistic(field: FieldDefinition, text: string): NormalizeResult {
  const measureMatch = MEASURE.exec(text);
  if (!measureMatch) return readWithoutMeasure(field, text);
  const measure: SummaryMeasure = measureMatch[1]!.toLowerCase() === 'median' ? 'median' : 'mean';
  const afterMeasure = measureMatch.index + measureMatch[0].length;
  const header = HEADER.exec(text.slice(afterMeasure));
  const declared = header ? kindOf(header[1] ?? header[2] ?? '') : null;
  const from = afterMeasure + (header ? header[0].length : 0);
  // The next median or mean starts another statistic: its numbers are not this one's spread.
  const nextMeasure = text.slice(from).search(/\b(?:median|mean|average)\b/i);
  const to = nextMeasure < 0 ? text.length : from + nextMeasure;
  const numbers = amountNumbers(text.slice(from, to))
    .map((n) => ({ ...n, start: n.start + from, end: n.end + from }))
    .filter((n) => !/^\s?%/.test(text.slice(n.end)));
  const value = numbers[0];
  if (!value) return { ok: false, reason: `no number after "${measureMatch[0]}" in the text` };
  const units = field.units && field.units.length > 0 ? field.units : TIME_UNITS;
  let unit = matchUnitAt(text, value.end, units)?.unit ?? null;

  // The spread: "± 11.3", "(IQR 38–55)", "(11.3)" after a header, or "; interquartile range 7–19".
  let reading: SpreadReading = { spread: null, note: null, end: value.end };
  const rest = text.slice(value.end, to);
  const skipUnit = /^\s*(?:[\p{L}][\p{L}/μ²]*\s*){0,2}?(?=[(±;,[])/u.exec(rest)?.[0].length ?? 0;
  const tail = rest.slice(skipUnit);
  const plusMinus = /^\s*±\s*([^\s;,()]+)/.exec(tail);
  const paren = /^\s*[([]\s*([^()[\]]*)[)\]]/.exec(tail);
  const separated = /^\s*[;,]\s*/.exec(tail);
  if (plusMinus) {
    const segment = plusMinus[1] ?? '';
    reading = { ...readSpread(segment, 'sd', measure, segment), end: value.end + skipUnit + plusMinus[0].length };
  } else if (paren) {
    const inner = paren[1] ?? '';
    const name = NAMED.exec(inner);
    const kind = name ? kindOf(name[1] ?? '') : declared;
    reading = { ...readSpread(inner.slice(name ? name[0].length : 0), kind, measure, `(${inner.trim()})`), end: value.end + skipUnit + paren[0].length };
  } else if (separated) {
    const after = tail.slice(separated[0].length);
    const name = NAMED.exec(after);
    if (name) {
      const segment = after.slice(name[0].length);
      const upto = segment.search(/[;()[\]]|,\s*\p{L}/u);
      const body = upto < 0 ? segment : segment.slice(0, upto);
      reading = { ...readSpread(body, kindOf(name[1] ?? ''), measure, `${name[0]}${body}`.trim()), end: value.end + skipUnit + separated[0].length + name[0].length + body.length };
    }
  }
  const notes: string[] = [];
  if (reading.note) notes.push(reading.note);
  if (unit === null) {
    // "(IQR 38–55 years)", "8 (12) months": the unit is written after the spread.
    const spreadNumbersEnd = numbers.filter((n) => n.end <= reading.end).at(-1)?.end ?? value.end;
    unit = matchUnitAt(text, reading.end, units)?.unit ?? matchUnitAt(text, spreadNumbersEnd, units)?.unit ?? null;
  }
  if (unit === null && field.units && field.units.length > 0) notes.push(`no unit of this field (${field.units.join(', ')}) in the text`);
  const result: FieldValue = { type: 'summary-statistic', measure, value: value.value, spread: reading.spread, unit };
  return { ok: true, value: result, needsConfirmation: notes.length > 0, reason: notes.length > 0 ? notes.join('; ') : null };
}
