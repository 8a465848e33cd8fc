// Which incoming records are already in the library under another text: the same DOI or PMID
// (certain), or the same title once normalised, with the same year and first author (likely; a
// title may differ in case, punctuation, accents or a word). Only the likely and certain ones are
// held for the reviewer, who keeps, merges or skips each; nothing is dropped silently.

export interface CitationFacts {
  title: string;
  authors: readonly string[];
  publishedDate: string | null;
  doi: string | null;
  pmid: string | null;
}

export type DuplicateReason =
  | { kind: 'doi'; value: string }
  | { kind: 'pmid'; value: string }
  /** `alone`: the titles are the same but there was no year or first author to compare. */
  | { kind: 'title'; similarity: number; alone?: boolean };

export interface DuplicateMatch<T> {
  existing: T;
  reason: DuplicateReason;
}

/** Titles at least this alike (Dice coefficient of letter pairs) are "the same title" when year and first author agree. */
export const SIMILAR_TITLE = 0.9;
/** Without a year or first author to compare, a title must match all but a letter or two, and be long enough to mean something. */
const SIMILAR_TITLE_ALONE = 0.98;
const SHORTEST_TITLE_ALONE = 30;

/** "Durability of Response to B-Cell…" and "durability of response to b cell…" alike: letters and digits, accents dropped, one space. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "Nizar Chahin et al.", "Michele B. Kaufman, PharmD" → "chahin", "kaufman": the family name as stored names give it. */
export function firstAuthorKey(authors: readonly string[]): string | null {
  const first = authors[0];
  if (first === undefined) return null;
  const name = first.replace(/\bet al\.?/i, '').split(',')[0]!.trim();
  const words = normaliseTitle(name).split(' ').filter((word) => word.length > 1);
  return words.at(-1) ?? null;
}

function yearOf(date: string | null): number | null {
  const year = date === null ? Number.NaN : Number(date.slice(0, 4));
  return Number.isInteger(year) ? year : null;
}

function pairs(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const compact = text.replace(/ /g, '');
  for (let i = 0; i < compact.length - 1; i += 1) {
    const pair = compact.slice(i, i + 2);
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

/** Dice coefficient of the letter pairs of two normalised titles: 1 for the same, near 0 for unrelated. */
export function titleSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const left = pairs(a);
  const right = pairs(b);
  let total = 0;
  let shared = 0;
  for (const count of left.values()) total += count;
  for (const [pair, count] of right) {
    total += count;
    shared += Math.min(count, left.get(pair) ?? 0);
  }
  return total === 0 ? 0 : (2 * shared) / total;
}

const normalDoi = (doi: string) => doi.trim().toLowerCase();

/** The library, indexed once for a whole import: by DOI, by PMID, and by first author for the title comparison. */
export class DuplicateFinder<T extends CitationFacts> {
  private readonly byDoi = new Map<string, T>();
  private readonly byPmid = new Map<string, T>();
  private readonly byAuthor = new Map<string, { record: T; title: string }[]>();
  private readonly byTitle = new Map<string, T>();

  constructor(library: Iterable<T>) {
    for (const record of library) this.add(record);
  }

  /** Adds a record, so later records of the same import are compared with it too. */
  add(record: T): void {
    if (record.doi !== null && !this.byDoi.has(normalDoi(record.doi))) this.byDoi.set(normalDoi(record.doi), record);
    if (record.pmid !== null && !this.byPmid.has(record.pmid)) this.byPmid.set(record.pmid, record);
    const title = normaliseTitle(record.title);
    const author = firstAuthorKey(record.authors);
    if (author !== null) this.byAuthor.set(author, [...(this.byAuthor.get(author) ?? []), { record, title }]);
    if (title.length >= SHORTEST_TITLE_ALONE && !this.byTitle.has(title)) this.byTitle.set(title, record);
  }

  find(incoming: CitationFacts): DuplicateMatch<T> | null {
    if (incoming.doi !== null) {
      const existing = this.byDoi.get(normalDoi(incoming.doi));
      if (existing !== undefined) return { existing, reason: { kind: 'doi', value: incoming.doi } };
    }
    if (incoming.pmid !== null) {
      const existing = this.byPmid.get(incoming.pmid);
      if (existing !== undefined) return { existing, reason: { kind: 'pmid', value: incoming.pmid } };
    }
    const title = normaliseTitle(incoming.title);
    const author = firstAuthorKey(incoming.authors);
    const year = yearOf(incoming.publishedDate);
    let best: DuplicateMatch<T> | null = null;
    for (const candidate of author === null ? [] : (this.byAuthor.get(author) ?? [])) {
      const theirs = yearOf(candidate.record.publishedDate);
      // Epub and print years differ by one at most.
      if (year !== null && theirs !== null && Math.abs(year - theirs) > 1) continue;
      const similarity = titleSimilarity(title, candidate.title);
      const needed = year === null || theirs === null ? SIMILAR_TITLE_ALONE : SIMILAR_TITLE;
      if (similarity >= needed && (best === null || similarity > (best.reason as { similarity: number }).similarity)) {
        best = { existing: candidate.record, reason: { kind: 'title', similarity } };
      }
    }
    if (best !== null) return best;
    // The same title where year or first author could not be compared (one side lacks it); a year
    // or author that both have and that differ says these are two works.
    const same = title.length >= SHORTEST_TITLE_ALONE ? this.byTitle.get(title) : undefined;
    if (same === undefined) return null;
    const theirAuthor = firstAuthorKey(same.authors);
    const theirYear = yearOf(same.publishedDate);
    if (author !== null && theirAuthor !== null && author !== theirAuthor) return null;
    if (year !== null && theirYear !== null && Math.abs(year - theirYear) > 1) return null;
    return { existing: same, reason: { kind: 'title', similarity: 1, alone: true } };
  }
}

/** The reason in the reviewer's words, for the review screen. */
export function describeDuplicate(reason: DuplicateReason): string {
  switch (reason.kind) {
    case 'doi':
      return `same DOI (${reason.value})`;
    case 'pmid':
      return `same PMID (${reason.value})`;
    case 'title':
      if (reason.alone) return 'same title';
      return reason.similarity === 1 ? 'same title, year and first author' : `nearly the same title (${Math.round(reason.similarity * 100)}% alike), same year and first author`;
  }
}
