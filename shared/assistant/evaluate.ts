// Scores suggestions against hand-written labels: per field, how many suggestions were right
// (precision) and how many stated values were found (recall). Used by `npm run eval:assistant`,
// whose figures the model card (docs/assistant.md) reports.
import type { FieldValue } from '../fields/types';
import type { Suggestion } from './types';

/** A value an article states, as labelled by reading it: any one of `keys` matches (see labels.json's "about"). */
export interface ValueLabel {
  field: string;
  keys: string[];
  instance?: string | null;
}

/** Whether `value` is what `key` names, by the key's format for the value's type. */
export function matchesKey(value: FieldValue, key: string): boolean {
  const lower = key.toLowerCase();
  switch (value.type) {
    case 'single-choice':
      return value.option === key;
    case 'count':
      return String(value.count) === key;
    case 'dose':
      return `${value.value}|${value.basis}` === key;
    case 'duration':
      return `${value.value} ${value.unit}` === key;
    case 'proportion':
      return `${value.n}/${value.total}` === key;
    case 'graded-event': {
      const [first, second] = key.split('|');
      if (first !== undefined && /^\d+$/.test(first)) return String(value.grade) === first && value.bound === second;
      return value.event.toLowerCase().includes((first ?? '').toLowerCase()) && String(value.grade) === second;
    }
    case 'text':
      return value.text.toLowerCase().includes(lower);
    case 'summary-statistic': {
      // "47": the median, mean or one patient's age; "20-60": the range or IQR.
      const range = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(key);
      if (range) return value.spread !== null && value.spread.kind !== 'sd' && value.spread.low === Number(range[1]) && value.spread.high === Number(range[2]);
      return value.value !== null && String(value.value) === key;
    }
    case 'quantity':
      return `${value.value} ${value.unit}` === key;
    case 'yes-no':
      return value.answer === key;
    default:
      return false;
  }
}

function sameInstance(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

export interface FieldScore {
  field: string;
  /** Suggestions that match a label of the field (and instance). */
  truePositives: number;
  /** Suggestions that match none. */
  falsePositives: number;
  /** Labels no suggestion matched. */
  missed: number;
  /** Labels of the field. */
  labelled: number;
  /** null where nothing was suggested (precision is undefined, not perfect). */
  precision: number | null;
  /** null where nothing was labelled. */
  recall: number | null;
}

export interface ArticleOutcome {
  wrong: Suggestion[];
  missed: ValueLabel[];
  found: number;
}

/** Which suggestions are wrong and which labels were missed, for one article. */
export function judgeArticle(suggestions: readonly Suggestion[], labels: readonly ValueLabel[]): ArticleOutcome {
  const matches = (s: Suggestion, l: ValueLabel) => s.fieldKey === l.field && sameInstance(s.instance, l.instance) && l.keys.some((k) => matchesKey(s.value, k));
  const wrong = suggestions.filter((s) => !labels.some((l) => matches(s, l)));
  const missed = labels.filter((l) => !suggestions.some((s) => matches(s, l)));
  return { wrong, missed, found: labels.length - missed.length };
}

/** Per-field and overall scores over several articles' outcomes. */
export function scoreFields(articles: readonly { suggestions: readonly Suggestion[]; labels: readonly ValueLabel[] }[]): { fields: FieldScore[]; overall: FieldScore } {
  const byField = new Map<string, { tp: number; fp: number; missed: number; labelled: number }>();
  const entry = (field: string) => {
    let found = byField.get(field);
    if (!found) byField.set(field, (found = { tp: 0, fp: 0, missed: 0, labelled: 0 }));
    return found;
  };
  for (const { suggestions, labels } of articles) {
    const outcome = judgeArticle(suggestions, labels);
    for (const s of suggestions) {
      if (outcome.wrong.includes(s)) entry(s.fieldKey).fp += 1;
      else entry(s.fieldKey).tp += 1;
    }
    for (const l of labels) entry(l.field).labelled += 1;
    for (const l of outcome.missed) entry(l.field).missed += 1;
  }
  const score = (field: string, e: { tp: number; fp: number; missed: number; labelled: number }): FieldScore => ({
    field,
    truePositives: e.tp,
    falsePositives: e.fp,
    missed: e.missed,
    labelled: e.labelled,
    precision: e.tp + e.fp === 0 ? null : round(e.tp / (e.tp + e.fp)),
    recall: e.labelled === 0 ? null : round((e.labelled - e.missed) / e.labelled),
  });
  const fields = [...byField].map(([field, e]) => score(field, e)).sort((a, b) => a.field.localeCompare(b.field));
  const total = [...byField.values()].reduce((sum, e) => ({ tp: sum.tp + e.tp, fp: sum.fp + e.fp, missed: sum.missed + e.missed, labelled: sum.labelled + e.labelled }), { tp: 0, fp: 0, missed: 0, labelled: 0 });
  return { fields, overall: score('all', total) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
