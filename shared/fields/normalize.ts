// Reads the text a reviewer tagged for a field into a typed value, the way the reviewer would read
// it, and says plainly when it cannot, or when the reading is a guess that needs a second look.
import { formatNumber } from './format';
import { readChoice } from './read-choice';
import { readDate } from './read-date';
import { readChange } from './read-change';
import { readGrade } from './read-grade';
import { readGradedEvent } from './read-graded-event';
import { readPresence } from './read-presence';
import { readSummaryStatistic } from './read-summary';
import { readTimePoint } from './read-time-point';
import { readTimelineEvent } from './read-timeline-event';
import { amountNumbers, cleanText } from './read-numbers';
import type { NumberToken } from './read-numbers';
import { matchUnitAt, matchUnitBefore, unitWordAt } from './units';
import { DURATION_UNITS } from './types';
import type { DoseBasis, DurationUnit, FieldDefinition, FieldValue, NormalizeResult } from './types';

function ok(value: FieldValue, notes: (string | null)[] = []): NormalizeResult {
  const reasons = notes.filter((n): n is string => n !== null && n !== '');
  return { ok: true, value, needsConfirmation: reasons.length > 0, reason: reasons.length > 0 ? reasons.join('; ') : null };
}

function fail(reason: string): NormalizeResult {
  return { ok: false, reason };
}

/** Numbers in messages: grouped like the form shows them, but years and small counts as written ("2024"). */
function show(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 10_000 ? String(value).replace('-', '−') : formatNumber(value);
}

function exponentNote(token: NumberToken): string | null {
  if (token.exponentSource === 'flattened') return `exponent read from flattened superscript: 10^${token.exponent}`;
  if (token.exponentSource === 'missing') return `"× 10" has no exponent; read as 10^1`;
  return null;
}

/** Words before a number that make it a time point, a grade or a label rather than an amount. */
const LABEL_BEFORE =
  /\b(?:day|days|d|week|weeks|wk|month|months|mo|year|years|grade|grades|phase|class|type|stage|visit|cycle|version|figure|fig|table|part|arm|cohort|dose level|no|number|ref|reference)\.?\s*[#:]?\s*$/i;
// "median 15", "median follow-up of 15", "median change –4.2": up to two words between.
// "median (range) of 8": a spread named in parentheses may stand between.
const SUMMARY_BEFORE = /\b(?:median|mean|average)\b(?:\s*\([^()]{1,30}\))?(?:[\s,:]+[\p{L}-]+){0,2}?[\s,:]*(?:(?:of|was|is|=)\s*)?$/iu;
const SPREAD_WORDS = /\b(?:range|ranged|iqr|interquartile|sd|standard deviation|ci|confidence)\b|±/i;

function isLabelled(text: string, token: NumberToken): boolean {
  return LABEL_BEFORE.test(text.slice(Math.max(0, token.start - 24), token.start));
}

function isSummary(text: string, token: NumberToken): boolean {
  return SUMMARY_BEFORE.test(text.slice(Math.max(0, token.start - 40), token.start));
}

/**
 * The candidate a reviewer would pick: a median or mean over the first. Numbers that only describe
 * the spread around a picked median ("median 15 months; interquartile range 7–19 months") do not
 * make the reading ambiguous; any other number does.
 */
function pick(text: string, candidates: NumberToken[], allNumbers: NumberToken[]): { chosen: NumberToken; others: NumberToken[] } | null {
  const chosen = candidates.find((c) => isSummary(text, c)) ?? candidates[0];
  if (!chosen) return null;
  const summary = isSummary(text, chosen);
  const others = allNumbers.filter((n) => {
    if (n === chosen || n.value === chosen.value) return false;
    if (summary && n.start > chosen.end && SPREAD_WORDS.test(text.slice(chosen.end, n.start))) return false;
    // "median (range) of 8 (12) months": the spread was named before the number.
    if (summary && n.start > chosen.end && /^\s*\([^()]*$/.test(text.slice(chosen.end, n.start)) && SPREAD_WORDS.test(text.slice(Math.max(0, chosen.start - 40), chosen.start))) {
      return false;
    }
    return true;
  });
  return { chosen, others };
}

function severalNote(others: NumberToken[], chosen: string): string | null {
  if (others.length === 0) return null;
  const listed = [...new Set(others.map((o) => show(o.value)))].slice(0, 5).join(', ');
  return `the text has other numbers too (${listed}); ${chosen} was taken`;
}

const PERSON_AFTER =
  /^\s+(?:[\p{L}+/-]+\s+){0,3}?(?:patients?|participants?|subjects?|children|child|adults?|cases?|individuals?|people|persons?|women|men|males?|females?|boys?|girls?|volunteers?|infants?|adolescents?|recipients?)\b/iu;
const N_EQUALS_BEFORE = /\bn\s*=\s*$/i;
const NONE_OF = /\b(?:no|zero)\s+(?:patients?|participants?|subjects?|deaths?|cases?|children|adults?|individuals?|one)\b|\bnone\b|\bnobody\b/i;

function isPercent(text: string, token: NumberToken): boolean {
  return /^\s?%/.test(text.slice(token.end, token.end + 2));
}

function countCandidates(text: string, numbers: NumberToken[]): NumberToken[] {
  return numbers.filter(
    (n) =>
      !n.attachedAfter &&
      !isLabelled(text, n) &&
      !isPercent(text, n) &&
      matchUnitAt(text, n.end, DURATION_UNITS) === null,
  );
}

function readCount(text: string): NormalizeResult {
  const numbers = amountNumbers(text);
  const candidates = countCandidates(text, numbers);
  if (candidates.length === 0) {
    if (NONE_OF.test(text)) return ok({ type: 'count', count: 0 });
    return fail(numbers.length === 0 ? 'no number in the text' : 'no count in the text (only time points, grades or percentages)');
  }
  const strong = candidates.filter(
    (n) => N_EQUALS_BEFORE.test(text.slice(Math.max(0, n.start - 6), n.start)) || PERSON_AFTER.test(text.slice(n.end, n.end + 60)),
  );
  const picked = pick(text, strong.length > 0 ? strong : candidates, candidates);
  if (!picked) return fail('no number in the text');
  const { chosen, others } = picked;
  if (!Number.isInteger(chosen.value) || chosen.value < 0) {
    return fail(`a count must be a whole number of at least 0, not ${show(chosen.value)}`);
  }
  return ok({ type: 'count', count: chosen.value }, [exponentNote(chosen), severalNote(others, show(chosen.value))]);
}

const OF_GAP = /^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:(?:out\s+)?of|in)\s+(?:the\s+|all\s+|these\s+|those\s+)?$/i;
const SLASH_GAP = /^\s*\/\s*$/;
const ALL_BEFORE = /\b(?:all|each\s+of\s+the|all\s+of\s+the|all\s+the)\s+$/i;
const NONE_OF_BEFORE = /\bnone\s+of\s+(?:the\s+|these\s+|those\s+)?$/i;

interface Fraction {
  n: number;
  total: number;
  at: number;
}

function findFractions(text: string, numbers: NumberToken[]): Fraction[] {
  const found: Fraction[] = [];
  const used = new Set<NumberToken>();
  numbers.forEach((token, index) => {
    const next = numbers[index + 1];
    if (next && !used.has(token)) {
      const gap = text.slice(token.end, next.start);
      if (SLASH_GAP.test(gap) || OF_GAP.test(gap)) {
        found.push({ n: token.value, total: next.value, at: token.start });
        used.add(token);
        used.add(next);
        return;
      }
    }
    if (used.has(token)) return;
    const before = text.slice(Math.max(0, token.start - 20), token.start);
    if (ALL_BEFORE.test(before)) {
      found.push({ n: token.value, total: token.value, at: token.start });
      used.add(token);
    } else if (NONE_OF_BEFORE.test(before)) {
      found.push({ n: 0, total: token.value, at: token.start });
      used.add(token);
    }
  });
  if (/\bboth\s+(?:patients|participants|subjects|children|cases)\b/i.test(text)) {
    found.push({ n: 2, total: 2, at: text.search(/\bboth\b/i) });
  }
  return found.sort((a, b) => a.at - b.at);
}

function readCountOfTotal(text: string): NormalizeResult {
  // Percentages go first, so "5 (71%) of 7" pairs 5 with 7.
  const numbers = amountNumbers(text).filter((n) => !n.attachedAfter && !isPercent(text, n));
  const fractions = findFractions(text, numbers);
  const first = fractions[0];
  if (!first) {
    return fail(
      numbers.length === 0 ? 'no number in the text' : 'no "n of N" in the text (e.g. "5/7", "5 of 7", "five out of seven", "all eight")',
    );
  }
  const { n, total } = first;
  if (!Number.isInteger(n) || !Number.isInteger(total) || n < 0) return fail(`${show(n)}/${show(total)} is not a count of whole patients`);
  if (total < 1) return fail('the total must be at least 1');
  if (n > total) return fail(`${n} is more than the total of ${total}`);
  const note = fractions.length > 1 ? `several "n of N" in the text; the first (${n}/${total}) was taken` : null;
  return ok({ type: 'count-of-total', n, total }, [note]);
}

/** The percentage the text reports beside a fraction: "5/6 (83%)", "5 (71%) of 7", "83% (5/6)". */
function reportedPercent(text: string, at: number): number | null {
  const percents = amountNumbers(text).filter((n) => isPercent(text, n) && !n.attachedAfter);
  const near = percents.find((p) => Math.abs(p.start - at) <= 24);
  return near?.value ?? null;
}

function readProportion(text: string): NormalizeResult {
  const read = readCountOfTotal(text);
  if (!read.ok || read.value.type !== 'count-of-total') return read;
  const { n, total } = read.value;
  const fraction = findFractions(text, amountNumbers(text).filter((t) => !t.attachedAfter && !isPercent(text, t)))[0];
  const percent = fraction ? reportedPercent(text, fraction.at) : null;
  const notes = [read.reason];
  if (percent !== null) {
    const computed = (100 * n) / total;
    // Articles round to whole percents (83% for 5/6) or one decimal; more than a point off is another number.
    if (Math.abs(computed - percent) > 1) notes.push(`the reported ${show(percent)}% is not ${n}/${total} (${show(Math.round(computed))}%)`);
  }
  return ok({ type: 'proportion', n, total, percent }, notes);
}

/** "cells/kg" is cells per kg, "mg/m²" mg per m², anything else a flat amount. */
export function splitDoseUnit(unit: string): { unit: string; basis: DoseBasis } {
  const perKg = /^(.*?)\s*(?:\/|\bper\s+)kg$/i.exec(unit);
  if (perKg?.[1] !== undefined) return { unit: perKg[1], basis: 'per-kg' };
  const perM2 = /^(.*?)\s*(?:\/|\bper\s+)m(?:²|2)$/i.exec(unit);
  if (perM2?.[1] !== undefined) return { unit: perM2[1], basis: 'per-m2' };
  return { unit, basis: 'flat' };
}

function readDose(field: FieldDefinition, text: string): NormalizeResult {
  const read = readQuantity(field, text);
  if (!read.ok || read.value.type !== 'quantity') return read;
  const { value, unit, mantissa, exponent } = read.value;
  const split = splitDoseUnit(unit);
  return { ...read, value: { type: 'dose', value, unit: split.unit, basis: split.basis, mantissa, exponent } };
}

function readNumber(text: string): NormalizeResult {
  const numbers = amountNumbers(text);
  const picked = pick(text, numbers, numbers);
  if (!picked) return fail('no number in the text');
  const { chosen, others } = picked;
  return ok({ type: 'number', value: chosen.value }, [exponentNote(chosen), severalNote(others, show(chosen.value))]);
}

const RANGE_DASH_GAP = /^\s*[-\u2010\u2011\u2013\u2014]\s*$/;
const RANGE_WORD_GAP = /^\s+(?:to|until|through|and)\s+$/i;

/**
 * A quantity must carry one of the field's units. A unit outside the list is a failure, not a
 * flagged guess: a value in "cells/μL" in a dose column would be silently wrong in every table and
 * export, and the reviewer can still enter it by hand or add the unit to the schema. Only when the
 * text has no unit at all and the field has exactly one is that unit assumed (flagged).
 */
function readQuantity(field: FieldDefinition, text: string): NormalizeResult {
  const units = field.units ?? [];
  if (units.length === 0) return fail('this field lists no units');
  const numbers = amountNumbers(text);
  if (numbers.length === 0) return fail('no number in the text');
  const withUnit = numbers
    .map((token) => ({ token, unit: matchUnitAt(text, token.end, units) }))
    .filter((c): c is { token: NumberToken; unit: NonNullable<typeof c.unit> } => c.unit !== null);
  const first = withUnit[0];
  if (!first) {
    const chosen = numbers.find((n) => !isLabelled(text, n)) ?? numbers[0];
    if (!chosen) return fail('no number in the text');
    const written = unitWordAt(text, chosen.end);
    const allowed = units.join(', ');
    if (written !== null && /\p{L}|%|\//u.test(written)) {
      return fail(`the unit "${written}" is not one of this field's units (${allowed})`);
    }
    const only = units[0];
    if (units.length === 1 && only !== undefined) {
      return ok(quantity(chosen, only), [exponentNote(chosen), `no unit in the text; read as ${only}, the field's only unit`]);
    }
    return fail(`no unit in the text; this field takes ${allowed}`);
  }
  const { token, unit } = first;
  const broadened = unit.broadened === null ? null : `"${unit.broadened}" read as ${unit.unit}`;
  const before = numbers[numbers.indexOf(token) - 1];
  const gap = before === undefined ? '' : text.slice(before.end, token.start);
  const ranged =
    before !== undefined && (RANGE_DASH_GAP.test(gap) || RANGE_WORD_GAP.test(gap))
      ? `the text gives a range from ${show(before.value)}; its upper value was taken`
      : null;
  const several =
    withUnit.length > 1 ? `several amounts in the text (${withUnit.map((c) => `${formatNumber(c.token.value)} ${c.unit.unit}`).join(', ')}); the first was taken` : null;
  return ok(quantity(token, unit.unit), [exponentNote(token), broadened, ranged, several]);
}

function quantity(token: NumberToken, unit: string): FieldValue {
  const powered = token.exponent !== null;
  return { type: 'quantity', value: token.value, unit, mantissa: powered ? token.mantissa : null, exponent: token.exponent };
}

function readRange(field: FieldDefinition, text: string): NormalizeResult {
  const units = field.units ?? [];
  const numbers = amountNumbers(text).filter((n) => !isLabelled(text, n));
  const ranges: { low: NumberToken; high: NumberToken }[] = [];
  numbers.forEach((low, index) => {
    const high = numbers[index + 1];
    if (!high) return;
    const gap = text.slice(low.end, high.start);
    const dashed = RANGE_DASH_GAP.test(gap) && !high.signed;
    const worded = RANGE_WORD_GAP.test(gap) && (!/\band\b/i.test(gap) || /\bbetween\s+$/i.test(text.slice(Math.max(0, low.start - 10), low.start)));
    if (dashed || worded) ranges.push({ low, high });
  });
  const unitAfter = (token: NumberToken): string | null => (units.length === 0 ? null : (matchUnitAt(text, token.end, units)?.unit ?? null));
  const notes: (string | null)[] = [];
  let low: NumberToken;
  let high: NumberToken;
  let unit: string | null;
  const range = ranges[0];
  if (range) {
    ({ low, high } = range);
    unit = unitAfter(high) ?? unitAfter(low);
    const inRange = new Set([low, high]);
    const others = numbers.filter((n) => !inRange.has(n));
    if (ranges.length > 1) notes.push(`several ranges in the text; the first (${show(low.value)}–${show(high.value)}) was taken`);
    else if (others.length > 0) notes.push(severalNote(others, `${show(low.value)}–${show(high.value)}`));
  } else {
    const single = numbers.find((n) => unitAfter(n) !== null) ?? numbers[0];
    if (!single) return fail('no number or range in the text');
    low = single;
    high = single;
    unit = unitAfter(single);
    notes.push(severalNote(numbers.filter((n) => n !== single), show(single.value)));
  }
  if (low.value > high.value) return fail(`the low end (${show(low.value)}) is above the high end (${show(high.value)})`);
  if (unit === null && units.length > 0) notes.push(`no unit of this field (${units.join(', ')}) in the text`);
  notes.push(exponentNote(low), high === low ? null : exponentNote(high));
  return ok({ type: 'range', low: low.value, high: high.value, unit }, notes);
}

function readDuration(text: string): NormalizeResult {
  const numbers = amountNumbers(text).filter((n) => !n.attachedAfter || matchUnitAt(text, n.end, DURATION_UNITS) !== null);
  if (numbers.length === 0) return fail('no number in the text');
  const timed = numbers
    .map((token) => {
      // "8 (12) months": the unit may follow a parenthetical right after the number.
      const paren = /^\s*\([^()]*\)/.exec(text.slice(token.end));
      const after = matchUnitAt(text, token.end, DURATION_UNITS)?.unit ?? (paren ? (matchUnitAt(text, token.end + paren[0].length, DURATION_UNITS)?.unit ?? null) : null);
      const written = after ?? matchUnitBefore(text, token.start, DURATION_UNITS);
      const unit: DurationUnit | null = DURATION_UNITS.find((u) => u === written) ?? null;
      return { token, unit };
    })
    .filter((c): c is { token: NumberToken; unit: DurationUnit } => c.unit !== null);
  const picked = pick(
    text,
    timed.map((c) => c.token),
    numbers,
  );
  if (!picked) {
    const first = numbers[0];
    const written = first === undefined ? null : unitWordAt(text, first.end);
    if (written !== null && /\p{L}/u.test(written)) return fail(`"${written}" is not a time unit (days, weeks, months or years)`);
    return fail('no time unit (days, weeks, months or years) next to the number');
  }
  const { chosen, others } = picked;
  const unit = timed.find((c) => c.token === chosen)?.unit ?? 'days';
  return ok({ type: 'duration', value: chosen.value, unit }, [exponentNote(chosen), severalNote(others, `${show(chosen.value)} ${unit}`)]);
}

const NOT_REPORTED = /\b(?:not\s+(?:reported|stated|available|mentioned|described|assessed|specified|given)|unknown|unclear|unreported)\b|\bn\/?a\b|\bNR\b/i;
const YES_WORD = /^(?:yes|y|true)$/i;
const NO_WORD = /^(?:no|n|false)$/i;
const NEGATED = /\b(?:no|not|never|none|neither|nor|without|unable|failed\s+to|did\s+not|didn't|does\s+not|doesn't|lack\s+of|absence\s+of)\b/i;
// A negated bad event ("no relapse") can mean Yes for an outcome like remission.
const BAD_EVENT = /\b(?:relapse[sd]?|flares?|recurrences?|progression|loss|failures?|toxicit(?:y|ies)|events?|deaths?|rebound)\b/i;

function readYesNo(text: string): NormalizeResult {
  if (YES_WORD.test(text)) return ok({ type: 'yes-no', answer: 'yes' });
  if (NO_WORD.test(text)) return ok({ type: 'yes-no', answer: 'no' });
  if (NOT_REPORTED.test(text)) return ok({ type: 'yes-no', answer: 'not-reported' });
  const negation = NEGATED.exec(text);
  if (negation) {
    const event = BAD_EVENT.exec(text);
    const note = event ? `the text negates "${event[0]}"; check whether that means Yes` : null;
    return ok({ type: 'yes-no', answer: 'no' }, [note]);
  }
  return ok({ type: 'yes-no', answer: 'yes' });
}

/** Reads tagged `text` as a value of `field`'s type, or says why it cannot. */
export function normalizeValue(field: FieldDefinition, text: string): NormalizeResult {
  const cleaned = cleanText(text);
  if (cleaned === '') return fail('the tagged text is empty');
  switch (field.type) {
    case 'text':
      return ok({ type: 'text', text: cleaned });
    case 'count':
      return readCount(cleaned);
    case 'count-of-total':
      return readCountOfTotal(cleaned);
    case 'number':
      return readNumber(cleaned);
    case 'quantity':
      return readQuantity(field, cleaned);
    case 'range':
      return readRange(field, cleaned);
    case 'duration':
      return readDuration(cleaned);
    case 'grade':
      return field.scale === undefined ? fail('this grade field has no scale') : readGrade(cleaned, field.scale);
    case 'single-choice':
    case 'multiple-choice':
      return readChoice(field, cleaned);
    case 'yes-no':
      return readYesNo(cleaned);
    case 'date':
      return readDate(cleaned);
    case 'graded-event':
      return field.scale === undefined ? fail('this graded-event field has no scale') : readGradedEvent(cleaned, field.scale);
    case 'summary-statistic':
      return readSummaryStatistic(field, cleaned);
    case 'proportion':
      return readProportion(cleaned);
    case 'dose':
      return readDose(field, cleaned);
    case 'time-point':
      return readTimePoint(cleaned);
    case 'change':
      return readChange(field, cleaned);
    case 'presence':
      return readPresence(cleaned);
    case 'timeline-event':
      return readTimelineEvent(cleaned);
  }
}
