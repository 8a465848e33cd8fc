// The one wording of every state a value or a form can be in. The form, the evidence table, the
// library and every export take their words from here, so a state reads the same everywhere.

/**
 * How far a person has checked a value: the stored review states (shared/model's
 * VALUE_REVIEW_STATES), plus "entered by hand" for a correction that has no quote to be corrected
 * from, since that is what a reviewer did there.
 */
export const REVIEW_STATES = ['machine-read', 'needs-confirmation', 'confirmed', 'corrected', 'entered-by-hand', 'rejected', 'accepted-suggestion'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const STATE_WORDS: Readonly<Record<ReviewState, string>> = {
  'machine-read': 'machine-read',
  'needs-confirmation': 'needs confirmation',
  confirmed: 'confirmed',
  corrected: 'corrected',
  'entered-by-hand': 'entered by hand',
  rejected: 'rejected',
  'accepted-suggestion': 'accepted suggestion',
};

/**
 * What a reader must know about a value besides its text, in the order they are shown: its review
 * state where a person did (or must do) something, then where its quote stands.
 */
export const EVIDENCE_FLAGS = ['needs-confirmation', 'confirmed', 'corrected', 'rejected', 'accepted-suggestion', 'no-source', 'stale-quote'] as const;
export type EvidenceFlag = (typeof EVIDENCE_FLAGS)[number];

export const FLAG_WORDS: Readonly<Record<EvidenceFlag, string>> = {
  'needs-confirmation': STATE_WORDS['needs-confirmation'],
  confirmed: STATE_WORDS.confirmed,
  corrected: STATE_WORDS.corrected,
  rejected: STATE_WORDS.rejected,
  'accepted-suggestion': STATE_WORDS['accepted-suggestion'],
  'no-source': 'no source',
  'stale-quote': 'stale quote',
};

/** Who took a decision, when Margin cannot name them (a value corrected before reviewers were recorded). */
export const UNKNOWN_REVIEWER = 'an unknown reviewer';

/** "2026-12-01 14:40 UTC": a decision's time as exports print it (screens pass their own local format). */
export function utcMinute(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

/**
 * A review decision in one sentence: "Confirmed by Ana Ruiz, 2026-12-01 14:40 UTC", "Rejected by
 * Ana Ruiz, …: not this patient". Null for a state nobody decided (machine-read, needs confirmation).
 */
export function reviewSentence(
  review: { state: ReviewState; byName: string | null; at: string | null; reason: string | null },
  formatTime: (iso: string) => string = utcMinute,
): string | null {
  if (review.state === 'machine-read' || review.state === 'needs-confirmation') return null;
  const who = review.byName ?? UNKNOWN_REVIEWER;
  const when = review.at ? `, ${formatTime(review.at)}` : '';
  const why = review.reason?.trim() ? `: ${review.reason.trim()}` : '';
  return `${sentenceCase(STATE_WORDS[review.state])} by ${who}${when}${why}`;
}

/** "corrected from 1 × 10⁶ cells/kg": what the machine had read before a reviewer corrected it. */
export function correctedFromText(machineText: string): string {
  return `corrected from ${machineText}`;
}

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


// Two in their own file: the library's first screen needs them and none of the rest.
export { completenessLabel, statusWords } from './library-words';

/** The override in a sentence: "Marked Done by Ana Ruiz, … with Dose, Outcome empty: full text unavailable". */
export function overrideSentence(
  override: { missingRequired: readonly string[]; reason: string; byName: string | null; at: string },
  formatTime: (iso: string) => string = utcMinute,
): string {
  return `Marked Done by ${override.byName ?? UNKNOWN_REVIEWER}, ${formatTime(override.at)}, with ${override.missingRequired.join(', ')} empty: ${override.reason}`;
}

/** A title cut at a word to about `max` characters, with an ellipsis when cut. */
export function shortTitle(title: string, max = 60): string {
  const clean = title.trim().replace(/\s+/g, ' ');
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max + 1);
  const at = cut.lastIndexOf(' ');
  return `${(at > max / 2 ? cut.slice(0, at) : clean.slice(0, max)).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/**
 * "Smith et al., 2025": the first author's family name and the year, as a reviewer cites a study
 * (issue 15: two case reports side by side must not be mixed up). Null parts are left out.
 */
export function authorYear(meta: { authors: readonly string[]; publishedDate: string | null }): string | null {
  let many = meta.authors.length > 1;
  // "Rebecca Nicolai et al.", "Michele B. Kaufman, PharmD, BCGP", "Ruiz, Ana", "Müller A".
  let name = (meta.authors[0] ?? '').trim().replace(/\s+et\s+al\.?$/i, () => {
    many = true;
    return '';
  });
  // Degrees (or given names) after a comma go: the family name is then the last word that is not initials.
  name = name.replace(/(?:,\s*[\p{Lu}][\p{L}.]{0,8})+$/u, '').trim();
  const words = name.split(/\s+/).filter((w) => w !== '' && !/^(?:\p{Lu}\.?-?){1,3}$/u.test(w));
  const family = words.at(-1) ?? null;
  const year = /^\d{4}/.exec(meta.publishedDate ?? '')?.[0] ?? null;
  const who = family === null ? null : many ? `${family} et al.` : family;
  const parts = [who, year].filter((p): p is string => p !== null && p !== '');
  return parts.length === 0 ? null : parts.join(', ');
}
