// Matches the unit written after a number to one of a field's allowed units, whatever spelling the
// article used: "mg/m2" or "mg/m²", "CAR T cells/kg", "cells per kg", "12-month", "yrs".

/** A comparison key: case, micro signs, superscript powers, hyphens and spacing do not matter. */
export function unitKey(unit: string): string {
  return unit
    .toLowerCase()
    .replace(/[μµ]/g, 'u')
    .replace(/²/g, '2')
    .replace(/³/g, '3')
    .replace(/\^/g, '')
    // "per kilogram" and "per square metre" are how prose spells /kg and /m².
    .replace(/\bkilograms?\b/g, 'kg')
    .replace(/\bsquare met(?:er|re)s?\b/g, 'm2')
    .replace(/[\u2010-\u2015\u2212-]/g, ' ')
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s+/g, ' ')
    .trim();
}

// Other spellings of common canonical units, by unit key. Plural/singular and "per" forms are
// derived, so only abbreviations and idioms are listed. A Map: the keys come from schema units.
const UNIT_SYNONYMS: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  years: ['yr', 'yrs', 'y', 'year old', 'years old', 'yo'],
  months: ['mo', 'mos', 'mth', 'mths'],
  weeks: ['wk', 'wks'],
  days: ['d'],
  'car+ cells/kg': ['car+ t cells/kg', 'car+ t cell/kg'],
  'cells/ul': ['cells/mcl', 'cells/mm3'],
  'mg/m2': ['mg/m 2'],
}));

function unitForms(unit: string): string[] {
  const key = unitKey(unit);
  const forms = new Set<string>([key, ...(UNIT_SYNONYMS.get(key) ?? [])]);
  const firstWord = /^([a-z]+)((?:[ /].*)?)$/.exec(key);
  if (firstWord?.[1] !== undefined && firstWord[1].length > 2) {
    const word = firstWord[1];
    const rest = firstWord[2] ?? '';
    forms.add(word.endsWith('s') ? `${word.slice(0, -1)}${rest}` : `${word}s${rest}`);
  }
  // "× 10⁶/kg" leaves out the cells; "% of T cells" is often just "%".
  const perCells = /^(?:car\+ )?cells?(\/.+)$/.exec(key);
  if (perCells?.[1] !== undefined && !key.startsWith('car+')) forms.add(perCells[1]);
  if (key.startsWith('%')) forms.add('%');
  for (const form of [...forms]) {
    if (form.includes('/')) forms.add(form.replace('/', ' per '));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

// Words that describe which cells were counted, not a different unit: "CAR T cells/kg" is a dose in
// cells/kg. "CAR+" is kept, since "CAR+ cells/kg" is a unit of its own in many schemas.
const CELL_DESCRIPTORS = /^(?:(?:car t|car|t|viable|transduced|engineered|modified|total)\s+)+(?=cells?\b)/;

export interface UnitMatch {
  /** The field's canonical spelling. */
  unit: string;
  /** Set when the written unit was read as a broader one ("CAR+ cells/kg" as "cells/kg"). */
  broadened: string | null;
}

function atBoundary(text: string, length: number): boolean {
  const next = text[length];
  return next === undefined || /[\s,;:.)\]}]/.test(next);
}

function longestForm(segment: string, allowed: readonly string[]): string | null {
  let best: { unit: string; length: number } | null = null;
  for (const unit of allowed) {
    for (const form of unitForms(unit)) {
      if (form.length > 0 && segment.startsWith(form) && atBoundary(segment, form.length)) {
        if (!best || form.length > best.length) best = { unit, length: form.length };
        break;
      }
    }
  }
  return best?.unit ?? null;
}

/** The text right after a number, as a unit key: a hyphen ("12-month") or space is skipped. */
function segmentAt(text: string, from: number): string {
  return unitKey(text.slice(from, from + 80).replace(/^\s?[-\u2010\u2011]?\s?/, ''));
}

/** Which of `allowed` is written at `from` (just after a number), or null. */
export function matchUnitAt(text: string, from: number, allowed: readonly string[]): UnitMatch | null {
  const segment = segmentAt(text, from).replace(/^car\+ t cells?/, 'car+ cells');
  const exact = longestForm(segment, allowed);
  if (exact) return { unit: exact, broadened: null };
  const withoutDescriptors = segment.replace(CELL_DESCRIPTORS, '');
  const described = longestForm(withoutDescriptors, allowed);
  if (described) return { unit: described, broadened: null };
  if (withoutDescriptors.startsWith('car+ ')) {
    const broader = longestForm(withoutDescriptors.slice('car+ '.length), allowed);
    if (broader) return { unit: broader, broadened: unitWordAt(text, from) ?? 'CAR+ cells' };
  }
  return null;
}

/** Which of `allowed` is written just before `end` ("day 7", "Month 12", "week 2"), or null. */
export function matchUnitBefore(text: string, end: number, allowed: readonly string[]): string | null {
  const before = /([\p{L}]+)\.?\s*$/u.exec(text.slice(Math.max(0, end - 16), end));
  if (before?.[1] === undefined) return null;
  const word = unitKey(before[1]);
  for (const unit of allowed) {
    if (unitForms(unit).includes(word)) return unit;
  }
  return null;
}

/** The unit-like words after a number, as written, for messages ("cells/μL", "patients"). */
export function unitWordAt(text: string, from: number): string | null {
  const rest = text.slice(from, from + 60).replace(/^\s?[-\u2010\u2011]?\s?/, '');
  const slashed = /^(?:[^\s,;()[\]]+\s){0,3}?[^\s,;()[\]]*\/[^\s,;()[\]]+/.exec(rest);
  if (slashed) return slashed[0].replace(/[.:]$/, '');
  const word = /^[^\s,;()[\]]+/.exec(rest);
  return word ? word[0].replace(/[.:]$/, '') : null;
}
