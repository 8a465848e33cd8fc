// Puts back the labelled parts of a journal page (abstract, keywords, "Data availability"…) that the
// article-finding step dropped, in the order the page has them. Readability keeps the element with
// the most prose and its close siblings; an abstract in the page's front matter is often left out,
// and it is the most quoted paragraph of a paper.
import { collapseWhitespace } from './html-text';
import type { TextBlock } from './html-text';

/** A labelled part of the page as blocks, with the labelled parts nested inside it. */
export interface SectionCandidate {
  blocks: TextBlock[];
  children: SectionCandidate[];
}

/** A section this much present in the article is the article's own; this little present, it was dropped. */
const PRESENT = 0.8;
const DROPPED = 0.2;
/** Shorter blocks count as present only when an article block is exactly the same ("CD19" is in every paragraph). */
const SUBSTRING_MIN = 40;

const keyOf = (block: TextBlock): string => collapseWhitespace(block.text);

/**
 * The article's blocks with every dropped section inserted where the page has it: before the first
 * article block that comes after it on the page. A section that is partly in the article is looked
 * into (its nested sections may be the dropped part).
 */
export function mergeSections(article: readonly TextBlock[], source: readonly TextBlock[], candidates: readonly SectionCandidate[]): TextBlock[] {
  const articleKeys = new Set(article.map(keyOf));
  const articleText = [...articleKeys].join('\n');
  const present = (block: TextBlock): boolean => {
    const key = keyOf(block);
    return articleKeys.has(key) || (key.length >= SUBSTRING_MIN && articleText.includes(key));
  };

  const dropped: TextBlock[][] = [];
  const visit = (candidate: SectionCandidate): void => {
    const total = candidate.blocks.reduce((sum, block) => sum + keyOf(block).length, 0);
    if (total === 0) return;
    const kept = candidate.blocks.filter(present).reduce((sum, block) => sum + keyOf(block).length, 0);
    if (kept >= total * PRESENT) return;
    if (kept <= total * DROPPED) dropped.push(candidate.blocks);
    else candidate.children.forEach(visit);
  };
  candidates.forEach(visit);
  if (dropped.length === 0) return [...article];

  const sourceKeys = source.map(keyOf);
  const positions = new Map<string, number[]>();
  sourceKeys.forEach((key, index) => {
    const list = positions.get(key);
    if (list === undefined) positions.set(key, [index]);
    else list.push(index);
  });
  // A section not found on the page (it always should be) goes last rather than being lost.
  const placed = dropped
    .map((blocks) => ({ blocks, at: sequenceIndex(sourceKeys, positions, blocks.map(keyOf)) ?? Number.POSITIVE_INFINITY }))
    .sort((a, b) => a.at - b.at);

  // Nested sections are either taken whole or looked into, never both, so no block is written twice.
  const result: TextBlock[] = [];
  let next = 0;
  let cursor = 0;
  for (const block of article) {
    const at = firstAtOrAfter(positions.get(keyOf(block)), cursor);
    if (at !== null) {
      cursor = at + 1;
      while (next < placed.length && placed[next]!.at < at) result.push(...placed[next++]!.blocks);
    }
    result.push(block);
  }
  while (next < placed.length) result.push(...placed[next++]!.blocks);
  return result;
}

/** The first of the sorted positions at or after `from`. */
function firstAtOrAfter(list: readonly number[] | undefined, from: number): number | null {
  if (list === undefined) return null;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid]! < from) low = mid + 1;
    else high = mid;
  }
  return list[low] ?? null;
}

/** Where a run of blocks starts in the page's blocks; where its first block is when the run is not found whole. */
function sequenceIndex(source: readonly string[], positions: ReadonlyMap<string, number[]>, run: readonly string[]): number | null {
  const starts = run.length === 0 ? undefined : positions.get(run[0]!);
  if (starts === undefined) return null;
  return starts.find((start) => run.every((key, k) => source[start + k] === key)) ?? starts[0]!;
}
