// Rebuilds readable text from a PDF's lines: paragraphs that run on across columns and pages,
// headings as their own blocks, tables as tab-separated rows, running headers and footers moved out
// of the sentences into their own blocks, words broken at line ends rejoined, and an exact map from
// every stretch of the stored text to the page it was printed on.
import type { PageSpan, TextRun } from '../model';
import { isSectionName } from '../text/sections';
import { collectEvidence, lineEndHyphen } from './hyphenation';
import type { HyphenEvidence } from './hyphenation';
import type { PdfLine } from './pdf-lines';
import { joinTraced, sliceTraced, traced } from './traced-text';
import type { Traced } from './traced-text';

export type { PdfTextItem, PdfLine } from './pdf-lines';

/** A gap between lines this much wider than the column's usual line spacing starts a paragraph. */
const PARAGRAPH_GAP = 1.5;
/** A line narrower than this share of its column's usual width ends its paragraph (last lines). */
const SHORT_LINE = 0.6;
/** A first line indented by at least this many font sizes (and not more than the next) starts a paragraph. */
const INDENT_MIN = 0.8;
const INDENT_MAX = 6;
/** Text at least this much larger than the body is a heading (titles, section heads). */
const HEADING_SIZE = 1.15;
/** Font sizes this far apart are different kinds of text (body, footnotes, captions). */
const SIZE_CHANGE = 0.15;
/** Two cells this wide side by side are two columns of prose, not a table row. */
const PROSE_CELL = 40;
/** Cells of two table rows line up when their left edges are this close. */
const CELL_ALIGN = 4;

export type PdfBlockKind = 'paragraph' | 'heading' | 'table' | 'furniture';

/** A block of the stored text, as offsets into it. */
export interface PdfBlock {
  kind: PdfBlockKind;
  start: number;
  end: number;
}

export interface PdfTextLayout {
  text: string;
  /**
   * Stretches of the text in order, each printed on one page. A page usually has one span; a
   * paragraph that runs on to the next page leaves that page's footer (and the next one's header)
   * after the paragraph, so those pages get a second, short span there. Separators between
   * stretches of different pages ("\n\n") belong to no page. A page with no text gets an empty span
   * where its text would be.
   */
  pageMap: PageSpan[];
  /**
   * Where each stretch of the text was read from: page, text item and unit in that item, for every
   * run of characters copied from one item. Made characters (joints, spaces between runs, carets) and
   * lines without a source are in no run.
   */
  runs: TextRun[];
  blocks: PdfBlock[];
  /** Pages that gave no text at all (scanned images, blank pages). */
  emptyPages: number[];
}

interface Piece {
  text: string;
  page: number | null;
  /** Where the piece's units came from, when it is a line's text read from the PDF. */
  source?: Traced;
}

function linePiece(line: PdfLine): Piece {
  return line.source === undefined ? { text: line.text, page: line.page } : { text: line.text, page: line.page, source: line.source };
}

function rowPiece(line: PdfLine): Piece {
  const text = line.cells.map((c) => c.text).join('\t');
  if (line.cells.some((c) => c.source === undefined)) return { text, page: line.page };
  return { text, page: line.page, source: joinTraced(line.cells.map((c) => c.source ?? traced(c.text)), '\t') };
}

interface OpenBlock {
  kind: PdfBlockKind;
  pieces: Piece[];
  last: PdfLine;
}

/**
 * How a line that ends in a hyphen joins the next: see hyphenation.ts for the rules. A soft hyphen
 * always goes; a range dash between numbers ("10–" + "20") joins without a space; otherwise a space.
 */
function lineJoint(previous: string, next: string, evidence: HyphenEvidence): { drop: number; separator: string } {
  if (previous.endsWith('\u00ad')) return { drop: 1, separator: '' };
  if (/\d[–—]$/.test(previous) && /^\d/.test(next)) return { drop: 0, separator: '' };
  if (!/\S[-\u2010]$/.test(previous)) return { drop: 0, separator: ' ' };
  const before = previous
    .slice(previous.lastIndexOf(' ') + 1, -1)
    .replace(/^[^\p{L}\p{N}]+/u, '');
  const after = (next.split(' ')[0] ?? '').replace(/^[^\p{L}\p{N}]+/u, '').replace(/[^\p{L}\p{N}-].*$/u, '');
  return { drop: lineEndHyphen(before, after, evidence) === 'drop' ? 1 : 0, separator: '' };
}

/** Joins two lines of one paragraph. */
export function joinLine(previous: string, next: string, evidence: HyphenEvidence = collectEvidence([])): string {
  const joint = lineJoint(previous, next, evidence);
  return previous.slice(0, previous.length - joint.drop) + joint.separator + next;
}

function weightedMode<T>(lines: readonly PdfLine[], key: (line: PdfLine) => T): T | null {
  const weights = new Map<T, number>();
  for (const line of lines) weights.set(key(line), (weights.get(key(line)) ?? 0) + line.text.length);
  let best: T | null = null;
  let bestWeight = -1;
  for (const [value, weight] of weights) {
    if (weight > bestWeight) {
      best = value;
      bestWeight = weight;
    }
  }
  return best;
}

interface BodyStyle {
  size: number;
  font: string | null;
}

/** The size and font most of the body text is set in. */
export function bodyStyle(pages: readonly (readonly PdfLine[])[]): BodyStyle {
  const body = pages.flat().filter((line) => line.role === 'body');
  return { size: weightedMode(body, (line) => Math.round(line.size * 2) / 2) ?? 0, font: weightedMode(body, (line) => line.font) };
}

function endsSentence(text: string): boolean {
  return /[.!?:;)\]"”’]$/.test(text);
}

function endsWithHyphen(text: string): boolean {
  return /\S[-\u2010\u00ad]$/.test(text);
}

function isShort(line: PdfLine): boolean {
  return line.usualWidth > 0 && line.right - line.frameLeft < line.usualWidth * SHORT_LINE;
}

function isIndented(line: PdfLine): boolean {
  const indent = line.x - line.frameLeft;
  return indent >= line.size * INDENT_MIN && indent <= line.size * INDENT_MAX;
}

/** A heading by its look: a known section name, larger type, or a short line in another font after a break. */
function headingLook(line: PdfLine, style: BodyStyle): 'section' | 'large' | 'font' | null {
  if (line.cells.length > 1 || line.text.length > 200) return null;
  if (isSectionName(line.text) && /^[\p{Lu}\d]/u.test(line.text)) return 'section';
  const words = line.text.split(' ').length;
  if (style.size > 0 && line.size >= style.size * HEADING_SIZE && words <= 30) return 'large';
  const otherFont = style.font !== null && line.font !== null && line.font !== style.font;
  if (otherFont && line.size >= style.size * 0.95 && words <= 12 && line.text.length <= 90 && !/[.,;]$/.test(line.text)) return 'font';
  return null;
}

function isTableRow(line: PdfLine): boolean {
  if (line.cells.length < 2) return false;
  // Two wide cells side by side are prose columns that column detection did not split, not a table.
  return !(line.cells.length === 2 && line.cells.every((cell) => cell.text.length >= PROSE_CELL));
}

function aligned(a: PdfLine, b: PdfLine): number {
  return a.cells.filter((cell) => b.cells.some((other) => Math.abs(other.x - cell.x) <= CELL_ALIGN)).length;
}

/**
 * Marks the lines of each table: a run of lines of two or more cells, on one page and in one
 * column, where neighbouring rows share at least two cell edges; a single-cell line between two rows
 * that starts at one of their cell edges is a wrapped cell of the table.
 */
function tableLines(lines: readonly PdfLine[]): Set<PdfLine> {
  const table = new Set<PdfLine>();
  let run: PdfLine[] = [];
  const close = (): void => {
    const rows = run.filter(isTableRow);
    let linked = 0;
    for (let i = 1; i < rows.length; i += 1) if (aligned(rows[i - 1]!, rows[i]!) >= 2) linked += 1;
    if (rows.length >= 2 && linked >= Math.max(1, Math.floor((rows.length - 1) / 2))) {
      // A trailing single-cell line is the paragraph after the table, not a wrapped cell.
      while (run.length > 0 && !isTableRow(run.at(-1)!)) run.pop();
      for (const line of run) table.add(line);
    }
    run = [];
  };
  lines.forEach((line, index) => {
    const previous = run.at(-1);
    const sameFrame = previous !== undefined && previous.page === line.page && previous.column === line.column;
    if (line.role !== 'body') {
      close();
      return;
    }
    if (isTableRow(line)) {
      if (!sameFrame) close();
      run.push(line);
      return;
    }
    const next = lines[index + 1];
    const wrapped =
      sameFrame &&
      isTableRow(previous) &&
      next !== undefined &&
      isTableRow(next) &&
      [...previous.cells, ...next.cells].some((cell) => Math.abs(cell.x - line.x) <= CELL_ALIGN);
    if (wrapped) run.push(line);
    else close();
  });
  close();
  return table;
}

/** True when `next` carries on the paragraph that `previous` is the last line of so far. */
function continues(previous: PdfLine, next: PdfLine): boolean {
  if (endsWithHyphen(previous.text)) return true;
  if (Math.abs(previous.size - next.size) > Math.max(previous.size, next.size) * SIZE_CHANGE) return false;
  if (isShort(previous)) return false;
  // A line that opens with a footnote or affiliation mark starts its own entry.
  if (/^[⁰¹²³⁴-⁹*†‡§¶]|^\^/u.test(next.text)) return false;
  if (isIndented(next) && !isIndented(previous)) return false;
  const samePage = previous.page === next.page;
  // On one page, text moves from the left column to the right within a paragraph, but a line across
  // the page (title, abstract, a wide caption) and a column line never share one.
  if (samePage && (previous.column === -1) !== (next.column === -1)) return false;
  if (samePage && previous.column === next.column) {
    const step = previous.y - next.y;
    if (step <= 0) return !endsSentence(previous.text);
    const usual = (previous.leading > 0 ? previous.leading : 1.2) * previous.size;
    if (step > usual * PARAGRAPH_GAP) return false;
  }
  return true;
}

/**
 * Lays out the lines of every page as stored text. Body lines become paragraphs, headings, and
 * tables; header and footer lines are held back while a paragraph is open, so a sentence that runs
 * on to the next page is stored whole and the page furniture follows it as its own block.
 */
export function layoutPdfText(pages: readonly (readonly PdfLine[])[]): PdfTextLayout {
  const style = bodyStyle(pages);
  const all = pages.flat();
  const evidence = collectEvidence(all.filter((line) => line.role === 'body').map((line) => line.text));
  const tables = tableLines(all);

  const finished: { kind: PdfBlockKind; pieces: Piece[] }[] = [];
  let open: OpenBlock | null = null;
  let deferred: PdfLine[] = [];

  const flushFurniture = (): void => {
    if (deferred.length === 0) return;
    const pieces: Piece[] = [];
    deferred.forEach((line, index) => {
      if (index > 0) pieces.push({ text: '\n', page: deferred[index - 1]!.page === line.page ? line.page : null });
      pieces.push(linePiece(line));
    });
    finished.push({ kind: 'furniture', pieces });
    deferred = [];
  };
  const close = (): void => {
    if (open !== null) finished.push({ kind: open.kind, pieces: open.pieces });
    open = null;
    flushFurniture();
  };
  const start = (kind: PdfBlockKind, line: PdfLine): void => {
    close();
    open = { kind, pieces: [kind === 'table' ? rowPiece(line) : linePiece(line)], last: line };
  };
  const append = (block: OpenBlock, line: PdfLine): void => {
    const last = block.pieces.at(-1)!;
    const page = block.last.page === line.page ? line.page : null;
    if (block.kind === 'table') {
      block.pieces.push({ text: '\n', page }, rowPiece(line));
    } else {
      const joint = lineJoint(last.text, line.text, evidence);
      if (joint.drop > 0) {
        last.text = last.text.slice(0, last.text.length - joint.drop);
        if (last.source !== undefined) last.source = sliceTraced(last.source, 0, last.text.length);
      }
      if (joint.separator.length > 0) block.pieces.push({ text: joint.separator, page });
      block.pieces.push(linePiece(line));
    }
    block.last = line;
  };

  pages.forEach((lines) => {
    for (const line of lines) {
      if (line.role !== 'body') {
        // Held until the open block closes: a paragraph may run on past the page's footer.
        deferred.push(line);
        continue;
      }
      const current = open as OpenBlock | null;
      if (tables.has(line)) {
        if (current?.kind === 'table' && current.last.page === line.page) append(current, line);
        else start('table', line);
        continue;
      }
      // A line that finishes a hyphenated word is never a heading, whatever it says.
      const look = current?.kind === 'paragraph' && endsWithHyphen(current.last.text) ? null : headingLook(line, style);
      const breakBefore = current === null || current.kind !== 'paragraph' || !continues(current.last, line);
      if (look !== null && (look !== 'font' || breakBefore)) {
        // A title or heading set on two lines is one heading.
        const sameHeading =
          current?.kind === 'heading' &&
          current.last.page === line.page &&
          Math.abs(current.last.size - line.size) < 0.5 &&
          current.last.font === line.font &&
          look === 'large' &&
          current.last.y - line.y <= line.size * 2;
        if (sameHeading) append(current, line);
        else start('heading', line);
        continue;
      }
      if (current?.kind === 'paragraph' && !breakBefore) append(current, line);
      else start('paragraph', line);
    }
    // A table or a heading never runs on to the next page; a paragraph may.
    const current = open as OpenBlock | null;
    if (current === null || current.kind !== 'paragraph') close();
  });
  close();

  return assemble(finished, pages.length);
}

function assemble(blocks: { kind: PdfBlockKind; pieces: Piece[] }[], pageCount: number): PdfTextLayout {
  const pieces: Piece[] = [];
  const ranges: { kind: PdfBlockKind; first: number; last: number }[] = [];
  for (const block of blocks) {
    const content = block.pieces.filter((piece) => piece.text.length > 0);
    if (content.length === 0) continue;
    if (pieces.length > 0) {
      const before = pieces.at(-1)!.page;
      pieces.push({ text: '\n\n', page: before !== null && before === content[0]!.page ? before : null });
    }
    ranges.push({ kind: block.kind, first: pieces.length, last: pieces.length + content.length - 1 });
    pieces.push(...content);
  }

  let text = '';
  const offsets: number[] = [];
  for (const piece of pieces) {
    offsets.push(text.length);
    text += piece.text;
  }
  const blockSpans = ranges.map((range) => ({
    kind: range.kind,
    start: offsets[range.first]!,
    end: offsets[range.last]! + pieces[range.last]!.text.length,
  }));

  const pageMap: PageSpan[] = [];
  pieces.forEach((piece, index) => {
    if (piece.page === null) return;
    const start = offsets[index]!;
    const end = start + piece.text.length;
    const last = pageMap.at(-1);
    if (last !== undefined && last.page === piece.page && last.end === start) last.end = end;
    else pageMap.push({ page: piece.page, start, end });
  });
  const runs: TextRun[] = [];
  pieces.forEach((piece, index) => {
    if (piece.page === null || piece.source === undefined) return;
    const base = offsets[index]!;
    const { item, offset } = piece.source;
    for (let i = 0; i < piece.text.length; i += 1) {
      if (item[i]! < 0) continue;
      const last = runs.at(-1);
      const at = base + i;
      if (last !== undefined && last.end === at && last.page === piece.page && last.item === item[i] && last.offset + (last.end - last.start) === offset[i]) last.end += 1;
      else runs.push({ start: at, end: at + 1, page: piece.page, item: item[i]!, offset: offset[i]! });
    }
  });
  const seen = new Set(pageMap.map((span) => span.page));
  const emptyPages: number[] = [];
  for (let page = 1; page <= pageCount; page += 1) {
    if (seen.has(page)) continue;
    emptyPages.push(page);
    // An empty page sits after the last text of the pages before it.
    const before = pageMap.filter((span) => span.page < page).reduce((at, span) => Math.max(at, span.end), 0);
    pageMap.push({ page, start: before, end: before });
  }
  pageMap.sort((a, b) => a.start - b.start || a.end - b.end || a.page - b.page);
  return { text, pageMap, runs, blocks: blockSpans, emptyPages };
}
