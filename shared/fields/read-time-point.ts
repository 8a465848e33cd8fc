// Reads a moment relative to the infusion ("day 7", "Week 8", "month 6", "−34 days", "7 days after
// infusion"), on its own or inside a longer phrase ("ICANS grade 1 on day 5", "… by week 8").
import { amountNumbers } from './read-numbers';
import { matchUnitAt } from './units';
import { DURATION_UNITS } from './types';
import type { DurationUnit, NormalizeResult, TimePoint } from './types';

export interface FoundTimePoint {
  timePoint: TimePoint;
  /** Offsets into the (cleaned) text the time point was read from. */
  start: number;
  end: number;
}

// A Map: the words looked up come from the tagged text.
const LABEL_UNITS: ReadonlyMap<string, DurationUnit> = new Map([
  ['day', 'days'],
  ['d', 'days'],
  ['week', 'weeks'],
  ['wk', 'weeks'],
  ['month', 'months'],
  ['mo', 'months'],
  ['year', 'years'],
  ['yr', 'years'],
]);

// "day 7", "Day +7", "D28", "week −1", "Month 12". "D" only when glued to the number ("D28"); no
// other single letter, since "m2" in "mg/m2" is a unit, not month 2.
const LABEL = /\b(?:(day|week|wk|month|mo|year|yr)\.?\s*|(d)(?=[+\-\u2212]?\d))([+\-\u2212\u2013]?)(\d+(?:\.\d+)?)(?![\d.,]\d)/giu;
const BEFORE_AFTER = /^\s*(?:(before|prior\s+to|pre)|(after|post|following|from|since))\b/i;

function signOf(sign: string): number {
  return sign === '' || sign === '+' ? 1 : -1;
}

/** Every time point in `text` (already cleaned), in reading order; overlapping readings keep the first. */
export function findTimePoints(text: string): FoundTimePoint[] {
  const found: FoundTimePoint[] = [];
  for (const match of text.matchAll(LABEL)) {
    const word = (match[1] ?? match[2] ?? '').toLowerCase();
    const unit = LABEL_UNITS.get(word);
    if (unit === undefined) continue;
    const value = signOf(match[3] ?? '') * Number(match[4]);
    found.push({ timePoint: { value, unit, form: 'label' }, start: match.index, end: match.index + match[0].length });
  }
  for (const token of amountNumbers(text)) {
    const unit = matchUnitAt(text, token.end, DURATION_UNITS);
    if (unit === null) continue;
    const written = DURATION_UNITS.find((u) => u === unit.unit);
    if (written === undefined) continue;
    // "7 days after infusion" is +7, "34 days before" −34; a written sign ("−34 days") stands as it is.
    const direction = BEFORE_AFTER.exec(text.slice(token.end).replace(/^\s?[-\u2010\u2011]?\s?\p{L}+\.?/u, ''));
    const before = !token.signed && direction?.[1] !== undefined;
    found.push({ timePoint: { value: before ? -token.value : token.value, unit: written, form: 'offset' }, start: token.start, end: token.end });
  }
  found.sort((a, b) => a.start - b.start);
  const kept: FoundTimePoint[] = [];
  for (const point of found) if (!kept.some((k) => point.start < k.end && k.start < point.end)) kept.push(point);
  return kept;
}

/** Reads one time point from tagged text. */
export function readTimePoint(text: string): NormalizeResult {
  const points = findTimePoints(text);
  const first = points[0];
  if (!first) {
    return { ok: false, reason: 'no time point in the text (e.g. "day 7", "week 8", "month 6", "−34 days")' };
  }
  const note = points.length > 1 ? `several time points in the text; the first was taken` : null;
  return { ok: true, value: { type: 'time-point', ...first.timePoint }, needsConfirmation: note !== null, reason: note };
}
