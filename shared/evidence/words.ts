// The one wording of every state a value or a form can be in. The form, the evidence table, the
// library and every export take their words from here, so a state reads the same everywhere.
import type { Completeness } from '../fields/completeness';

/**
 * How far a person has checked a value. Today's stored statuses give the first four (a hand-entered
 * value over a quote is a correction); `confirmed` is here for when confirmation is stored apart
 * from a machine reading, so screens and exports already have a word and a flag for it.
 */
export const REVIEW_STATES = ['parsed', 'needs-confirmation', 'entered-by-hand', 'corrected', 'confirmed'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const STATE_WORDS: Readonly<Record<ReviewState, string>> = {
  parsed: 'parsed',
  'needs-confirmation': 'needs confirmation',
  'entered-by-hand': 'entered by hand',
  corrected: 'corrected',
  confirmed: 'confirmed',
};

/**
 * What a reader must know about a value besides its text, in the order they are shown: its review
 * state where a person did (or must do) something, then where its quote stands.
 */
export const EVIDENCE_FLAGS = ['needs-confirmation', 'corrected', 'confirmed', 'no-source', 'stale-quote'] as const;
export type EvidenceFlag = (typeof EVIDENCE_FLAGS)[number];

export const FLAG_WORDS: Readonly<Record<EvidenceFlag, string>> = {
  'needs-confirmation': STATE_WORDS['needs-confirmation'],
  corrected: STATE_WORDS.corrected,
  confirmed: STATE_WORDS.confirmed,
  'no-source': 'no source',
  'stale-quote': 'stale quote',
};

const NOT_READ = 'Not read';

/** What stands in place of a value that could not be read: "Not read: no unit in the text". */
export function notReadText(reason: string | null): string {
  const why = reason?.trim().replace(/\.$/, '') ?? '';
  return why.length > 0 ? `${NOT_READ}: ${why}` : NOT_READ;
}

/** "Stale quote", for a label that starts a sentence; the words are those of the lower-case form. */
export function sentenceCase(words: string): string {
  return words.length === 0 ? words : words[0]!.toUpperCase() + words.slice(1);
}

/** "9 of 29 fields (31%); 3 of 8 required": a document's completeness in words. */
export function completenessLabel(c: Pick<Completeness, 'filled' | 'total' | 'percent' | 'requiredFilled' | 'required'>): string {
  return `${c.filled} of ${c.total} fields (${c.percent}%); ${c.requiredFilled} of ${c.required} required`;
}
