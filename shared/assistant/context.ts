// ConText-style status of a finding inside its sentence: affirmed, negated, uncertain, hypothetical
// or about another study. The cues are data (context-rules.ts); this file only applies their scopes.
import { CONTEXT_CUES } from './context-rules';
import type { ContextCue, CueCategory } from './context-rules';

export type FindingStatus = 'affirmed' | 'negated' | 'uncertain' | 'hypothetical' | 'other-study';

export interface CueMatch {
  cue: ContextCue;
  start: number;
  end: number;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// One alternation, longest phrases first, so "no evidence of" wins over "no" at the same place.
const ORDERED = [...CONTEXT_CUES].sort((a, b) => b.phrase.length - a.phrase.length);
const BY_PHRASE: ReadonlyMap<string, ContextCue[]> = (() => {
  const map = new Map<string, ContextCue[]>();
  for (const cue of ORDERED) map.set(cue.phrase, [...(map.get(cue.phrase) ?? []), cue]);
  return map;
})();
const CUE_PATTERN = new RegExp(`(?<![\\p{L}\\p{N}-])(?:${ORDERED.map((c) => escapeRegExp(c.phrase).replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`, 'giu');

/** Every cue in `sentence`, left to right, without overlaps (the longest at a place wins). */
export function findCues(sentence: string): CueMatch[] {
  const found: CueMatch[] = [];
  for (const match of sentence.matchAll(CUE_PATTERN)) {
    const phrase = match[0].toLowerCase().replace(/\s+/g, ' ');
    for (const cue of BY_PHRASE.get(phrase) ?? []) found.push({ cue, start: match.index, end: match.index + match[0].length });
  }
  return found;
}

// A scope never crosses a clause boundary, and a forward cue reaches only so far.
const CLAUSE_END = /[;:.!?]|,\s+(?=and\b|but\b|with\b|while\b)/g;
const MAX_SCOPE = 90;

function clauseBounds(sentence: string, start: number, end: number): [number, number] {
  let from = 0;
  let to = sentence.length;
  for (const match of sentence.matchAll(CLAUSE_END)) {
    const at = match.index;
    // A decimal point or an abbreviation's dot inside a number is not a clause end.
    if (match[0] === '.' && /\d/.test(sentence[at - 1] ?? '') && /\d/.test(sentence[at + 1] ?? '')) continue;
    if (at + match[0].length <= start) from = at + match[0].length;
    else if (at >= end) {
      to = at;
      break;
    }
  }
  return [from, to];
}

const PRIORITY: readonly (FindingStatus & CueCategory)[] = ['other-study', 'hypothetical', 'uncertain', 'negated'];

/**
 * The status of the finding at [start, end) of `sentence`. A forward cue covers what follows it up
 * to a termination cue or the clause's end; a backward cue what precedes it the same way. Where two
 * apply, the more cautious wins: another study, hypothetical, uncertain, then negated.
 */
export function findingStatus(sentence: string, start: number, end: number, cues: readonly CueMatch[] = findCues(sentence)): { status: FindingStatus; cue: CueMatch | null } {
  const [from, to] = clauseBounds(sentence, start, end);
  const terminations = cues.filter((c) => c.cue.category === 'termination');
  const pseudo = cues.filter((c) => c.cue.category === 'pseudo');
  const applying: CueMatch[] = [];
  for (const match of cues) {
    const { category, direction } = match.cue;
    if (category === 'termination' || category === 'pseudo') continue;
    // Inside a pseudo-cue ("no more than"), a cue word means nothing.
    if (pseudo.some((p) => p.start <= match.start && match.end <= p.end)) continue;
    // Inside the finding itself (the quote's own words) a cue still counts: "no ICANS".
    const before = match.end <= start || (match.start >= start && match.end <= end && match.start === start);
    const after = match.start >= end;
    if (before && (direction === 'forward' || direction === 'both') && match.start >= from && start - match.end <= MAX_SCOPE) {
      if (!terminations.some((t) => t.start >= match.end && t.end <= start)) applying.push(match);
    } else if (after && (direction === 'backward' || direction === 'both') && match.end <= to && match.start - end <= MAX_SCOPE) {
      if (!terminations.some((t) => t.start >= end && t.end <= match.start)) applying.push(match);
    }
  }
  for (const category of PRIORITY) {
    const cue = applying.find((c) => c.cue.category === category);
    if (cue) return { status: category, cue };
  }
  return { status: 'affirmed', cue: null };
}
