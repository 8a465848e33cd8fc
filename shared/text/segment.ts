// Splits a stored text into the blocks the reader shows: paragraphs, headings, and runs of scraped
// page furniture (menus, adverts, share bars, footers, reference lists, a PDF's running heads and
// tables) that the reader folds away. Blocks only point into the text by offsets: the stored text
// and every offset stay exactly as they are.
import { JOURNAL_CITATION, PAGE_PHRASE, isPageNumber, runningSignature } from './page-furniture';
import { isSectionName } from './sections';

export type BlockKind = 'paragraph' | 'heading' | 'furniture';

export interface TextBlock {
  kind: BlockKind;
  /** UTF-16 offsets into the stored text; `text.slice(start, end)` is the block's exact content. */
  start: number;
  end: number;
  /** For furniture: what it is, in the reviewer's words ("Site menu", "Advertisement"…). */
  label: string | null;
  /** For furniture: how many non-empty lines were folded. */
  lineCount: number;
}

export const FURNITURE_LABELS = {
  banner: 'Site banner',
  header: 'Site header',
  menu: 'Site menu',
  advert: 'Advertisement',
  share: 'Share bar and tags',
  related: 'Related articles',
  footer: 'Site footer',
  references: 'References',
  catalogue: 'Catalogue record',
  teaser: 'Truncated teaser',
  widget: 'Page widgets',
  page: 'Page header and footer',
  table: 'Table',
} as const;
export type FurnitureLabel = (typeof FURNITURE_LABELS)[keyof typeof FURNITURE_LABELS];

interface Line {
  start: number;
  end: number;
  text: string;
}

const ADVERT = [/^ad goes here\b/i, /^advertisement$/i, /^scroll to continue$/i, /^sponsored( content)?$/i];
const BANNER = [
  /^skip to (main )?(page )?content$/i,
  /^u\.s\. flag$/i,
  /^an official website of the united states government$/i,
  /^dot gov$/i,
  /^the \.gov means it.s official\.?$/i,
  /^federal government websites often end in \.gov or \.mil/i,
  /^https$/i,
  /^the site is secure\.?$/i,
  /^the https:\/\/ ensures that/i,
  /^access keys\b.*\bmain navigation$/i,
];
const HEADER = [/^video:.*\|\s*webinar:/i, /^an official publication of the\b/i, /^(fa-[a-z-]+){2,}$/i];
const SHARE = [/^page:\s*(\d+\s*)+\|\s*single page$/i, /^share:?$/i, /^filed under:/i, /^tagged with:/i, /^print$/i, /^email$/i];
const WIDGET = [/^pubmed disclaimer$/i, /^publication types$/i, /^linkout - more resources$/i, /^affiliations$/i, /^saved in:$/i, /^cover$/i, /^\[display omitted\]$/i, /^online access \| get full text \|$/i];
const FOOTER_WORDS = /copyright|©|privacy policy|terms of use|cookie|about us|contact us|dei statement|issue archives/i;
const REFERENCES_HEADING = /^references$/i;
const RELATED_HEADING = /^(related articles|editor.s pick|you may also like|more from)$/i;
const NUMBERED_REFERENCE = /^\d{1,3}\.\s+\S/;
const BULLET = /^[•·▪◦\-*]\s+\S/;
const TABLE_ROW = /^[^|]{0,60}\|.*\|\s*$|^-{3}\||^[^|]{0,60}\|\s*$/;
/** Short lines between two furniture lines of one kind are cells of that furniture (wrapped table cells). */
const MAX_GAP_LINES = 4;
const MAX_GAP_LINE_LENGTH = 40;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    // A CR before the LF is not part of the block's visible text.
    const visibleEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    lines.push({ start, end: visibleEnd, text: text.slice(start, visibleEnd) });
    start = end + 1;
  }
  return lines;
}

function matchesAny(value: string, patterns: RegExp[]): boolean {
  return patterns.some((p) => p.test(value));
}

/** Classifies a single line on its own; runs (menus, references, related articles) are handled by the caller. */
function lineFurniture(trimmed: string): FurnitureLabel | null {
  if (matchesAny(trimmed, ADVERT)) return FURNITURE_LABELS.advert;
  if (matchesAny(trimmed, BANNER)) return FURNITURE_LABELS.banner;
  if (matchesAny(trimmed, HEADER)) return FURNITURE_LABELS.header;
  if (matchesAny(trimmed, SHARE)) return FURNITURE_LABELS.share;
  if (matchesAny(trimmed, WIDGET)) return FURNITURE_LABELS.widget;
  // Catalogue records scraped as pipe tables; a long line is prose that merely ends in a pipe.
  if (trimmed.length < 200 && TABLE_ROW.test(trimmed)) return FURNITURE_LABELS.catalogue;
  // A teaser cut mid-word ("… There is currently no curati...") repeats the abstract below it.
  if (trimmed.length > 120 && /\w\.\.\.$/.test(trimmed) && !/\s\.\.\.$/.test(trimmed)) return FURNITURE_LABELS.teaser;
  return null;
}

/** A short line with no closing punctuation, followed by prose: a section heading. */
function looksLikeHeading(trimmed: string, next: string | undefined): boolean {
  if (trimmed.length === 0 || trimmed.length > 90 || trimmed.includes('|')) return false;
  // A known section name is a heading even numbered ("2. Methods") or before a folded table.
  if (/^[\p{Lu}\d]/u.test(trimmed) && isSectionName(trimmed)) return true;
  if (/[.,;:!?…"”)]$/.test(trimmed) && !/^[A-Z][\w\s-]{0,30}:$/.test(trimmed)) return false;
  if (/^\d/.test(trimmed) || BULLET.test(trimmed)) return false;
  // "Anna Berg¹, Jonas Weber²": names with affiliation marks are a byline, not a heading.
  if (/\p{L}[¹²³⁴-⁹*†‡]+(?:[,;\s]|$)/u.test(trimmed)) return false;
  return next !== undefined && next.length > trimmed.length * 1.5;
}

/** A line recurring this often is a running head even without a page number beside it. */
const RUNNING_REPEATS = 3;

/** Runs of non-empty lines between blank lines, as indices into the non-empty lines. */
function paragraphsOf(lines: Line[], nonEmpty: Line[]): number[][] {
  const groups: number[][] = [];
  let group: number[] = [];
  let k = 0;
  for (const line of lines) {
    if (line.text.trim().length === 0) {
      if (group.length > 0) groups.push(group);
      group = [];
      continue;
    }
    while (nonEmpty[k] !== line) k++;
    group.push(k);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/**
 * A PDF's running heads, footers and page numbers, which the import stores as paragraphs of their
 * own: a paragraph whose every line is a page number, a line that recurs (numbers aside) elsewhere
 * in the text, or a journal citation line, with a page number in it or a line recurring three times.
 * A known section name ("Results" in the abstract and the body) is never counted as recurring.
 */
function markPageFurniture(lines: Line[], nonEmpty: Line[], labels: (FurnitureLabel | null)[]): void {
  const counts = new Map<string, number>();
  for (const line of nonEmpty) {
    const key = runningSignature(line.text);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const group of paragraphsOf(lines, nonEmpty)) {
    let anchored = false;
    const fits = group.every((k) => {
      const trimmed = nonEmpty[k]!.text.trim();
      if (labels[k] !== null || trimmed.length > 200 || trimmed.includes('\t')) return false;
      const page = isPageNumber(trimmed) || PAGE_PHRASE.test(trimmed);
      const count = isSectionName(trimmed) || trimmed.length < 3 ? 0 : (counts.get(runningSignature(trimmed)) ?? 0);
      // A title printed twice (page heading and article heading) is not a running head; three times is.
      if (page || count >= RUNNING_REPEATS) anchored = true;
      return page || count >= 2 || JOURNAL_CITATION.test(trimmed);
    });
    if (fits && anchored) for (const k of group) labels[k] = FURNITURE_LABELS.page;
  }
}

/**
 * Segments a text into blocks in order. Every non-empty line belongs to exactly one block; blank
 * lines separate blocks and belong to none. Consecutive furniture lines with one label become one block.
 */
export function segmentText(text: string): TextBlock[] {
  const lines = splitLines(text);
  const nonEmpty = lines.filter((l) => l.text.trim().length > 0);
  const labels: (FurnitureLabel | null)[] = nonEmpty.map((l) => (l.text.includes('\t') ? FURNITURE_LABELS.table : lineFurniture(l.text.trim())));
  markPageFurniture(lines, nonEmpty, labels);

  // Runs of bullet lines: a site menu, or a footer when the run carries copyright/privacy links.
  for (let i = 0; i < nonEmpty.length; ) {
    if (!BULLET.test(nonEmpty[i]!.text.trim())) {
      i++;
      continue;
    }
    let j = i;
    // Social-icon lines sit inside footers; they do not break the run.
    while (j < nonEmpty.length && (BULLET.test(nonEmpty[j]!.text.trim()) || labels[j] === FURNITURE_LABELS.header)) j++;
    const run = nonEmpty.slice(i, j);
    const shortItems = run.filter((l) => l.text.trim().length <= 80 || FOOTER_WORDS.test(l.text)).length;
    if (run.length >= 3 && shortItems / run.length > 0.8) {
      const footer = run.some((l) => FOOTER_WORDS.test(l.text));
      for (let k = i; k < j; k++) labels[k] = footer ? FURNITURE_LABELS.footer : FURNITURE_LABELS.menu;
    }
    i = j;
  }

  // "References" and "Related Articles" headings fold everything up to the next non-run line.
  for (let i = 0; i < nonEmpty.length; i++) {
    const trimmed = nonEmpty[i]!.text.trim();
    if (REFERENCES_HEADING.test(trimmed)) {
      labels[i] = FURNITURE_LABELS.references;
      let j = i + 1;
      while (j < nonEmpty.length) {
        const t = nonEmpty[j]!.text.trim();
        if (!(REFERENCES_HEADING.test(t) || NUMBERED_REFERENCE.test(t))) break;
        labels[j] = FURNITURE_LABELS.references;
        j++;
      }
      i = j - 1;
    } else if (RELATED_HEADING.test(trimmed)) {
      labels[i] = FURNITURE_LABELS.related;
      let j = i + 1;
      // Related-article teasers run until the footer or menu takes over.
      while (j < nonEmpty.length && labels[j] !== FURNITURE_LABELS.footer && labels[j] !== FURNITURE_LABELS.menu) {
        labels[j] = FURNITURE_LABELS.related;
        j++;
      }
      i = j - 1;
    }
  }

  // Absorb a few short lines sandwiched between furniture of one kind (multi-line table cells).
  for (let i = 0; i < nonEmpty.length; i++) {
    const label = labels[i];
    if (label === null || label === undefined || labels[i + 1] !== null) continue;
    let j = i + 1;
    while (j < nonEmpty.length && j - i - 1 < MAX_GAP_LINES && labels[j] === null && nonEmpty[j]!.text.trim().length <= MAX_GAP_LINE_LENGTH) j++;
    if (j < nonEmpty.length && labels[j] === label && j - i - 1 <= MAX_GAP_LINES) {
      for (let k = i + 1; k < j; k++) labels[k] = label;
      i = j - 1;
    }
  }

  const blocks: TextBlock[] = [];
  for (let i = 0; i < nonEmpty.length; i++) {
    const line = nonEmpty[i]!;
    const label = labels[i] ?? null;
    const previous = blocks[blocks.length - 1];
    if (label !== null) {
      if (previous && previous.kind === 'furniture' && previous.label === label) {
        previous.end = line.end;
        previous.lineCount++;
      } else {
        blocks.push({ kind: 'furniture', start: line.start, end: line.end, label, lineCount: 1 });
      }
      continue;
    }
    const next = nonEmpty[i + 1];
    const heading = looksLikeHeading(line.text.trim(), next && labels[i + 1] === null ? next.text.trim() : undefined);
    blocks.push({ kind: heading ? 'heading' : 'paragraph', start: line.start, end: line.end, label: null, lineCount: 1 });
  }
  return blocks;
}
