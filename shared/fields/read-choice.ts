// Reads which of a choice field's options the tagged text names, by option label, value or a known
// synonym ("anti-CD19" is CD19, "B-cell maturation antigen" is BCMA, "Phase IIa" is phase 2).
import type { FieldDefinition, FieldOption, FieldValue, NormalizeResult } from './types';

/** Lower case, hyphens/slashes/underscores as spaces, other punctuation dropped ("CAR+" keeps its plus). */
export function choiceKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212_/\\-]/g, ' ')
    .replace(/[^\p{L}\p{N}+ ]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// Other names of option values common in CAR-T reviews, by choice key of a value or label. Schemas
// cannot carry synonyms (FieldOption has only value and label), so they live here. A Map, because
// the keys looked up come from schemas: an option named "constructor" must find nothing here.
const SYNONYMS: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  cd19: ['anti cd19', 'cd19 targeting', 'cd19 directed', 'cd 19'],
  bcma: ['b cell maturation antigen', 'anti bcma', 'tnfrsf17', 'cd269'],
  cd20: ['anti cd20', 'ms4a1'],
  lentiviral: ['lentivirus', 'lentivirally', 'lentiviral vector', 'lentiviral transduction'],
  retroviral: ['gammaretroviral', 'gamma retroviral', 'retrovirus', 'retrovirally', 'γ retroviral'],
  mrna: ['messenger rna', 'rna', 'rcar t', 'rcar', 'mrna engineered', 'mrna electroporated', 'electroporated mrna'],
  autologous: ['patient derived', 'patient s own'],
  allogeneic: ['allogenic', 'donor derived', 'off the shelf', 'healthy donor'],
  'case report': ['single patient', 'single case', 'case study'],
  'case series': ['series of cases', 'series of patients'],
  'phase 1': ['phase i', 'phase 1a', 'phase 1b', 'phase ia', 'phase ib', 'first in human', 'first in man'],
  'phase 1 2': ['phase i ii', 'phase 1b 2', 'phase ib ii', 'phase 1 2a', 'phase i iia', 'phase 1 ii', 'phase i 2'],
  'phase 2': ['phase ii', 'phase 2a', 'phase 2b', 'phase iia', 'phase iib'],
  'phase 3': ['phase iii', 'phase 3a', 'phase 3b', 'phase iiia', 'phase iiib'],
  observational: ['cohort study', 'registry', 'retrospective', 'prospective cohort', 'real world'],
}));

function optionPhrases(option: FieldOption): string[] {
  const keys = new Set([choiceKey(option.value), choiceKey(option.label)]);
  for (const key of [...keys]) {
    for (const synonym of SYNONYMS.get(key) ?? []) keys.add(synonym);
  }
  keys.delete('');
  return [...keys];
}

interface OptionMatch {
  option: FieldOption;
  start: number;
  end: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Every place an option is named. Where two names overlap ("phase 1" inside "phase 1 2"), the
 * longer wins, so "Phase 1/2" is never also read as Phase 1.
 */
function findOptions(text: string, options: FieldOption[]): OptionMatch[] {
  const haystack = choiceKey(text);
  const found: OptionMatch[] = [];
  for (const option of options) {
    for (const phrase of optionPhrases(option)) {
      const pattern = new RegExp(`(?<=^|\\s)${escapeRegExp(phrase)}s?(?=$|\\s)`, 'g');
      for (const match of haystack.matchAll(pattern)) {
        found.push({ option, start: match.index, end: match.index + match[0].length });
      }
    }
  }
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: OptionMatch[] = [];
  for (const match of found) {
    if (!kept.some((k) => match.start < k.end && k.start < match.end)) kept.push(match);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function isOther(option: FieldOption): boolean {
  return choiceKey(option.value) === 'other' || choiceKey(option.label) === 'other';
}

function otherOrFail(field: FieldDefinition, options: FieldOption[]): NormalizeResult {
  const other = options.find(isOther);
  const labels = options.map((o) => o.label).join(', ');
  if (!other) return { ok: false, reason: `none of the options (${labels}) is named in the text` };
  const value: FieldValue =
    field.type === 'multiple-choice' ? { type: 'multiple-choice', options: [other.value] } : { type: 'single-choice', option: other.value };
  return { ok: true, value, needsConfirmation: true, reason: `none of the options is named in the text; read as ${other.label}` };
}

/** Reads a single- or multiple-choice value. `text` is already cleaned. */
export function readChoice(field: FieldDefinition, text: string): NormalizeResult {
  const options = field.options ?? [];
  if (options.length === 0) return { ok: false, reason: 'this field lists no options' };
  const matches = findOptions(text, options);
  const named = options.filter((option) => matches.some((m) => m.option === option));
  if (named.length === 0) return otherOrFail(field, options);
  if (field.type === 'multiple-choice') {
    return { ok: true, value: { type: 'multiple-choice', options: named.map((o) => o.value) }, needsConfirmation: false, reason: null };
  }
  const first = matches[0]?.option ?? named[0];
  if (first === undefined) return otherOrFail(field, options);
  const distinct = [...new Set(matches.map((m) => m.option))];
  const note = distinct.length > 1 ? `several options named (${distinct.map((o) => o.label).join(', ')}); the first was taken` : null;
  return { ok: true, value: { type: 'single-choice', option: first.value }, needsConfirmation: note !== null, reason: note };
}
