// Rebuilds readable text from the positioned fragments of a PDF's text layer: lines, paragraphs,
// words broken across lines, and an exact map from each page to its range of the stored text.
import type { PageSpan } from '../model';

/** One run of text as the PDF places it; y grows upwards (PDF user space). */
export interface PdfTextItem {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size, in the same units; 0 when the PDF does not tell. */
  height: number;
  /** The PDF library saw a line end after this run. */
  endsLine: boolean;
}

interface Line {
  y: number;
  size: number;
  items: PdfTextItem[];
}

/** Two runs are on one line while their baselines differ by less than this share of the font size (sub/superscripts stay). */
const SAME_LINE = 0.6;
/** A gap between lines this much wider than the page's usual line spacing starts a paragraph. */
const PARAGRAPH_GAP = 1.5;
/** A horizontal gap wider than this share of the font size between two runs is a space. */
const WORD_GAP = 0.15;
/** A line shorter than this share of the page's usual line length ends its paragraph (headings, last lines). */
const SHORT_LINE = 0.6;

/**
 * Groups a page's text runs into lines, in the order the PDF lists them. Sorting the whole page by
 * position (y, then x) would interleave the two columns of a journal article line by line; PDF
 * producers write columns in reading order, so that order is kept and only runs within one line are
 * sorted left to right. An empty string in the result marks a paragraph gap (extra vertical space).
 */
export function itemsToLines(items: readonly PdfTextItem[]): string[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  let lineEnded = false;
  for (const item of items) {
    if (!Number.isFinite(item.x) || !Number.isFinite(item.y)) continue;
    const size = Number.isFinite(item.height) && item.height > 0 ? item.height : 0;
    const sameLine =
      current !== null && !lineEnded && Math.abs(item.y - current.y) <= Math.max(current.size, size, 1) * SAME_LINE;
    if (item.text.length > 0) {
      if (current === null || !sameLine) {
        current = { y: item.y, size, items: [] };
        lines.push(current);
      }
      current.items.push(item);
      current.size = Math.max(current.size, size);
    }
    lineEnded = item.endsLine && current !== null && current.items.length > 0;
  }

  const texts = lines.map(lineText);
  const spacing = usualSpacing(lines);
  const result: string[] = [];
  lines.forEach((line, index) => {
    const text = texts[index]!;
    if (text.length === 0) return;
    const previous = lines[index - 1];
    if (previous !== undefined && spacing !== null && result.length > 0) {
      const gap = previous.y - line.y;
      if (gap > spacing * PARAGRAPH_GAP && result.at(-1) !== '') result.push('');
    }
    result.push(text);
  });
  return result;
}

function lineText(line: Line): string {
  const runs = [...line.items].sort((a, b) => a.x - b.x);
  let text = '';
  let previous: PdfTextItem | null = null;
  for (const run of runs) {
    if (previous !== null) {
      const gap = run.x - (previous.x + Math.max(previous.width, 0));
      const size = Math.max(previous.height, run.height, 1);
      if (gap > size * WORD_GAP && !/\s$/.test(text) && !/^\s/.test(run.text)) text += ' ';
    }
    text += run.text;
    previous = run;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** The median downward step between consecutive lines: the page's line spacing. */
function usualSpacing(lines: Line[]): number | null {
  const steps: number[] = [];
  for (let i = 1; i < lines.length; i += 1) {
    const step = lines[i - 1]!.y - lines[i]!.y;
    if (step > 0) steps.push(step);
  }
  if (steps.length === 0) return null;
  steps.sort((a, b) => a - b);
  return steps[Math.floor((steps.length - 1) / 2)]!;
}

/**
 * How a line that ends in a hyphen joins the next:
 * - the hyphen goes ("treat-" + "ment" → "treatment") when the next line starts lower-case and the
 *   broken word is letters with at least one lower-case letter: that is typesetting hyphenation;
 * - the hyphen stays, with no space, when the word holds a digit or is all capitals ("CD19-" +
 *   "targeting", "IL-" + "6"), or when the next line starts with a capital or digit ("anti-" +
 *   "CD19"): those are real compounds.
 * A compound that happens to break at its own hyphen before a lower-case word ("long-" + "term")
 * loses its hyphen; telling it apart needs a dictionary. A soft hyphen at a line end always goes.
 */
export function joinLine(previous: string, next: string): string {
  const joint = lineJoint(previous, next);
  return previous.slice(0, previous.length - joint.drop) + joint.separator + next;
}

/** How many characters to drop from the end of the previous line, and what goes between the two. */
function lineJoint(previous: string, next: string): { drop: number; separator: string } {
  if (previous.endsWith('\u00ad')) return { drop: 1, separator: '' };
  if (!endsWithHyphen(previous)) return { drop: 0, separator: ' ' };
  const word = previous
    .slice(previous.lastIndexOf(' ') + 1, -1)
    .replace(/^[^\p{L}\p{N}]+/u, '');
  const typesetting = /^\p{L}+$/u.test(word) && /\p{Ll}/u.test(word) && /^\p{Ll}/u.test(next);
  return { drop: typesetting ? 1 : 0, separator: '' };
}

function endsWithHyphen(line: string): boolean {
  return /\S[-\u2010\u00ad]$/.test(line);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/** A page's lines to paragraphs separated by blank lines. */
function pageText(lines: readonly string[]): string {
  const cleaned = lines.map((line) => line.replace(/\s+/g, ' ').trim());
  const lengths = cleaned.filter((line) => line.length > 0).map((line) => line.length);
  const usual = lengths.length >= 3 ? median(lengths) : 0;
  const paragraphs: string[] = [];
  // The paragraph is built from parts so that joining a line looks only at the line before it.
  let parts: string[] = [];
  let last: string | null = null;
  const close = (): void => {
    if (parts.length > 0) paragraphs.push(parts.join(''));
    parts = [];
    last = null;
  };
  for (const line of cleaned) {
    if (line.length === 0) {
      close();
      continue;
    }
    if (last === null) {
      parts.push(line);
    } else {
      const joint = lineJoint(last, line);
      if (joint.drop > 0) parts[parts.length - 1] = last.slice(0, last.length - joint.drop);
      parts.push(joint.separator, line);
    }
    last = line;
    if (!endsWithHyphen(line) && line.length < usual * SHORT_LINE) close();
  }
  close();
  return paragraphs.join('\n\n');
}

/**
 * Joins pages into one text with a blank line between pages, and records where each page lies.
 * `pageMap[i]` covers exactly page i+1's text (an empty page gets an empty span), so the reader
 * can say "page 3" for any offset. Words broken across a page end are not rejoined.
 */
export function joinPages(pages: readonly { lines: readonly string[] }[]): { text: string; pageMap: PageSpan[] } {
  let text = '';
  const pageMap: PageSpan[] = [];
  pages.forEach((page, index) => {
    const body = pageText(page.lines);
    if (body.length > 0 && text.length > 0) text += '\n\n';
    const start = text.length;
    text += body;
    pageMap.push({ page: index + 1, start, end: text.length });
  });
  return { text, pageMap };
}
