// Turns the positioned runs of a PDF page's text layer into lines in reading order: turned upright
// when the page's text runs sideways, running headers and footers set apart, two columns read left
// then right, raised and lowered runs written as super/subscripts, and wide gaps kept as cells.
import { JOURNAL_CITATION, PAGE_PHRASE, isPageNumber, runningSignature } from '../text/page-furniture';
import { scriptTraced } from './scripts';
import { appendTraced, collapseSpaces, joinTraced, traced } from './traced-text';
import type { Traced } from './traced-text';

/** One run of text as the PDF places it; y grows upwards (PDF user space). */
export interface PdfTextItem {
  text: string;
  x: number;
  y: number;
  /** Advance along the text direction, in the same units. */
  width: number;
  /** Font size, in the same units; 0 when the PDF does not tell. */
  height: number;
  /** The PDF library saw a line end after this run. */
  endsLine: boolean;
  /** The PDF's font for the run; a short line set in another font than the body is a heading. */
  font?: string | null;
  /** Direction of the run in degrees, counter-clockwise: 0 reads left to right, 90 bottom to top. */
  angle?: number;
}

export interface PdfPageItems {
  items: readonly PdfTextItem[];
}

/** A stretch of a line between wide gaps: a table cell, or the whole line of ordinary prose. */
export interface PdfCell {
  text: string;
  /** Where each unit of `text` was read from (absent in lines made by hand). */
  source?: Traced;
  x: number;
  right: number;
}

export type PdfLineRole = 'body' | 'header' | 'footer';

/** One printed line of one column, upright, with what paragraph and heading detection need. */
export interface PdfLine {
  /** 1-based page number. */
  page: number;
  role: PdfLineRole;
  text: string;
  /** Where each unit of `text` was read from: the page's text item and the unit in it (absent in lines made by hand). */
  source?: Traced;
  cells: PdfCell[];
  x: number;
  right: number;
  /** Baseline, upright; larger is higher on the page. */
  y: number;
  size: number;
  font: string | null;
  /** -1 for a line across the page, 0 for the left column, 1 for the right. */
  column: -1 | 0 | 1;
  /** Left edge of the line's column, and the width most of its lines reach (for short and indented lines). */
  frameLeft: number;
  usualWidth: number;
  /** The usual baseline step between lines of this column, in font sizes; 0 when too few lines tell. */
  leading: number;
}

interface Run {
  text: string;
  /** Index of the text item in the page's items. */
  item: number;
  x: number;
  y: number;
  width: number;
  size: number;
  font: string | null;
}

interface Row {
  y: number;
  size: number;
  runs: Run[];
}

interface Segment {
  runs: Run[];
  x: number;
  right: number;
}

/** Runs whose baselines differ by less than this share of the larger font size share a row (super/subscripts stay). */
const SAME_ROW = 0.5;
/** A gap between runs wider than this share of the font size is a space. */
const WORD_GAP = 0.15;
/** A gap wider than this many font sizes splits a row into cells (table columns, the column gutter). */
const CELL_GAP = 1.0;
/** A run this much smaller than its line and this far off its baseline is raised or lowered. */
const SCRIPT_SIZE = 0.85;
const SCRIPT_RAISE = 0.12;
const SCRIPT_DROP = 0.08;
/** Rows at the top and bottom of a page that may be running headers or footers. */
const EDGE_ROWS = 2;
/** Positions tried when looking for a column gutter. */
const GUTTER_STEPS = 400;
/** A running header repeats on at least this share of pages (and on two at least). */
const REPEAT_SHARE = 0.3;

function quarterTurn(angle: number | undefined): number {
  if (angle === undefined || !Number.isFinite(angle)) return 0;
  return ((Math.round(angle / 90) % 4) + 4) % 4;
}

/** Turns page coordinates by a multiple of 90° so that text of that direction reads left to right. */
function upright(item: PdfTextItem, turn: number): { x: number; y: number } {
  switch (turn) {
    case 1:
      return { x: item.y, y: -item.x };
    case 2:
      return { x: -item.x, y: -item.y };
    case 3:
      return { x: -item.y, y: item.x };
    default:
      return { x: item.x, y: item.y };
  }
}

function runsOf(items: readonly (readonly [PdfTextItem, number])[], turn: number): Run[] {
  const runs: Run[] = [];
  for (const [item, index] of items) {
    if (item.text.trim().length === 0 || !Number.isFinite(item.x) || !Number.isFinite(item.y)) continue;
    const { x, y } = upright(item, turn);
    const size = Number.isFinite(item.height) && item.height > 0 ? item.height : 0;
    runs.push({ text: item.text, item: index, x, y, width: Number.isFinite(item.width) ? Math.max(item.width, 0) : 0, size, font: item.font ?? null });
  }
  return runs;
}

/** Groups runs into rows by baseline, top of the page first. */
function rowsOf(runs: Run[]): Row[] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: Row[] = [];
  for (const run of sorted) {
    const row = rows.at(-1);
    if (row !== undefined && row.y - run.y <= Math.max(row.size, run.size, 1) * SAME_ROW) {
      row.runs.push(run);
      // The row's baseline is its largest text's; a superscript that opened the row does not hold it up.
      if (run.size > row.size) {
        row.size = run.size;
        row.y = run.y;
      }
    } else {
      rows.push({ y: run.y, size: run.size, runs: [run] });
    }
  }
  for (const row of rows) row.runs.sort((a, b) => a.x - b.x);
  return rows;
}

function segmentsOf(row: Row): Segment[] {
  const segments: Segment[] = [];
  for (const run of row.runs) {
    const last = segments.at(-1);
    const gap = last === undefined ? 0 : run.x - last.right;
    if (last !== undefined && gap <= Math.max(row.size, 1) * CELL_GAP) {
      last.runs.push(run);
      last.right = Math.max(last.right, run.x + run.width);
    } else {
      segments.push({ runs: [run], x: run.x, right: run.x + run.width });
    }
  }
  return segments;
}

type Script = 'super' | 'sub' | null;

function scriptOf(run: Run, baseline: number, size: number): Script {
  if (run.size <= 0 || size <= 0 || run.size >= size * SCRIPT_SIZE) return null;
  if (run.y - baseline > size * SCRIPT_RAISE) return 'super';
  if (baseline - run.y > size * SCRIPT_DROP) return 'sub';
  return null;
}

/** A segment's text: runs left to right, spaces where the gaps are, raised and lowered runs as scripts. */
function segmentText(segment: Segment, baseline: number, size: number): Traced {
  const out = traced();
  let previous: Run | null = null;
  let pending: { script: 'super' | 'sub'; text: Traced } | null = null;
  const flush = (): void => {
    if (pending !== null) appendTraced(out, scriptTraced(pending.text, pending.script));
    pending = null;
  };
  for (const run of segment.runs) {
    const script = scriptOf(run, baseline, size);
    if (previous !== null) {
      const gap = run.x - (previous.x + previous.width);
      const spaced = gap > Math.max(previous.size, run.size, 1) * WORD_GAP;
      if (script !== null && pending !== null && pending.script === script && !spaced) {
        appendTraced(pending.text, traced(run.text, run.item));
        previous = run;
        continue;
      }
      flush();
      if (spaced && !/\s$/.test(out.text) && !/^\s/.test(run.text)) appendTraced(out, traced(' '));
    }
    if (script === null) appendTraced(out, traced(run.text, run.item));
    else pending = { script, text: traced(run.text, run.item) };
    previous = run;
  }
  flush();
  return collapseSpaces(out);
}

function dominant<T>(weights: Map<T, number>): T | null {
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

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

interface Gutter {
  at: number;
}

/**
 * Finds the gap between two columns of prose: an x position that few rows cross, with rows of
 * prose on both sides. A table's gaps are not a gutter: its cells are short beside their columns.
 */
function findGutter(rows: Row[], segments: Segment[][]): Gutter | null {
  const all = segments.flat();
  if (all.length < 6) return null;
  // Loops, not Math.min(...spread): a page may hold more runs than a call takes arguments.
  const left = all.reduce((min, s) => Math.min(min, s.x), Number.POSITIVE_INFINITY);
  const right = all.reduce((max, s) => Math.max(max, s.right), Number.NEGATIVE_INFINITY);
  const width = right - left;
  if (width <= 0) return null;
  let bestCount = Number.POSITIVE_INFINITY;
  let bestStart = 0;
  let bestLength = 0;
  let runStart = 0;
  let runLength = 0;
  let runCount = Number.POSITIVE_INFINITY;
  // One point at a time across the middle of the page, but never more than GUTTER_STEPS positions
  // (a damaged file can claim a page thousands of points wide).
  const step = Math.max(1, (width * 0.4) / GUTTER_STEPS);
  for (let g = left + width * 0.3; g <= left + width * 0.7; g += step) {
    const crossing = segments.filter((row) => row.some((s) => s.x < g - 1 && s.right > g + 1)).length;
    if (crossing === runCount) {
      runLength += step;
    } else {
      runStart = g;
      runLength = step;
      runCount = crossing;
    }
    if (runCount < bestCount || (runCount === bestCount && runLength > bestLength)) {
      bestCount = runCount;
      bestStart = runStart;
      bestLength = runLength;
    }
  }
  if (!Number.isFinite(bestCount) || bestCount > rows.length * 0.5) return null;
  const at = bestStart + (bestLength - step) / 2;
  const leftParts = all.filter((s) => s.right <= at);
  const rightParts = all.filter((s) => s.x >= at);
  if (leftParts.length < 3 || rightParts.length < 3) return null;
  const leftProse = median(leftParts.map((s) => s.right - s.x)) >= (at - left) * 0.55;
  const rightProse = median(rightParts.map((s) => s.right - s.x)) >= (right - at) * 0.55;
  return leftProse && rightProse ? { at } : null;
}

interface RawLine {
  role: PdfLineRole;
  segments: Segment[];
  y: number;
  size: number;
  column: -1 | 0 | 1;
}

interface PageRows {
  rows: Row[];
  segments: Segment[][];
  texts: string[];
  /** Runs set in another direction than the page's text (a "Downloaded from…" strip up the margin). */
  margin: Row[];
}

function pageRows(items: readonly PdfTextItem[]): PageRows {
  const weights = new Map<number, number>();
  for (const item of items) {
    const turn = quarterTurn(item.angle);
    weights.set(turn, (weights.get(turn) ?? 0) + item.text.trim().length);
  }
  const turn = dominant(weights) ?? 0;
  const indexed = items.map((item, index) => [item, index] as const);
  const main = indexed.filter(([item]) => quarterTurn(item.angle) === turn);
  const rows = rowsOf(runsOf(main, turn));
  const segments = rows.map(segmentsOf);
  const texts = rows.map((row, index) => segments[index]!.map((s) => segmentText(s, row.y, row.size).text).join(' '));
  const margin: Row[] = [];
  for (const other of [0, 1, 2, 3]) {
    if (other === turn) continue;
    const sideways = indexed.filter(([item]) => quarterTurn(item.angle) === other);
    if (sideways.length > 0) margin.push(...rowsOf(runsOf(sideways, other)));
  }
  return { rows, segments, texts, margin };
}

/**
 * Marks rows at the top and bottom of each page that are running headers or footers: the same text
 * (digits aside) at the same height on several pages, a page number, or the journal's citation line.
 */
function furnitureRoles(pages: PageRows[]): (PdfLineRole | null)[][] {
  const candidates = pages.map((page) => {
    const indices = new Set<number>();
    for (let i = 0; i < Math.min(EDGE_ROWS, page.rows.length); i += 1) indices.add(i);
    for (let i = Math.max(0, page.rows.length - EDGE_ROWS); i < page.rows.length; i += 1) indices.add(i);
    return [...indices];
  });
  const seen = new Map<string, { page: number; y: number; size: number }[]>();
  pages.forEach((page, p) => {
    for (const i of candidates[p]!) {
      const key = runningSignature(page.texts[i]!);
      const list = seen.get(key) ?? [];
      list.push({ page: p, y: page.rows[i]!.y, size: page.rows[i]!.size });
      seen.set(key, list);
    }
  });
  const needed = Math.max(2, Math.ceil(pages.length * REPEAT_SHARE));
  return pages.map((page, p) => {
    const roles: (PdfLineRole | null)[] = page.rows.map(() => null);
    const half = Math.ceil(page.rows.length / 2);
    const steps = page.rows.slice(1).map((row, i) => page.rows[i]!.y - row.y).filter((step) => step > 0);
    const usualStep = median(steps);
    for (const i of candidates[p]!) {
      const text = page.texts[i]!;
      const row = page.rows[i]!;
      const others = seen.get(runningSignature(text)) ?? [];
      const samePlace = others.filter((o) => Math.abs(o.y - row.y) <= Math.max(o.size, row.size, 1) * 0.6 + 2);
      const repeated = new Set(samePlace.map((o) => o.page)).size >= needed;
      const segments = page.segments[i]!.map((s) => segmentText(s, row.y, row.size).text);
      // A citation line counts only when it stands apart from the text block, as running heads do:
      // the last line of a paragraph may cite "N Engl J Med 2021;385:567–9" too.
      const neighbour = i < half ? page.rows[i + 1] : page.rows[i - 1];
      const apart = neighbour === undefined || Math.abs(neighbour.y - row.y) > usualStep * 1.3;
      const citation = apart && text.length <= 160 && JOURNAL_CITATION.test(text);
      const marked = repeated || segments.every(isPageNumber) || PAGE_PHRASE.test(text) || citation;
      if (marked) roles[i] = i < half ? 'header' : 'footer';
    }
    return roles;
  });
}

/** Body rows in reading order: across-the-page rows where they are, two-column stretches left column first. */
function bodyLines(page: PageRows, roles: (PdfLineRole | null)[]): RawLine[] {
  const body = page.rows.map((row, i) => ({ row, segments: page.segments[i]! })).filter((_, i) => roles[i] === null);
  const gutter = findGutter(body.map((b) => b.row), body.map((b) => b.segments));
  if (gutter === null) return body.map(({ row, segments }) => ({ role: 'body', segments, y: row.y, size: row.size, column: -1 }));
  const lines: RawLine[] = [];
  let band: { left: RawLine[]; right: RawLine[] } = { left: [], right: [] };
  const closeBand = (): void => {
    lines.push(...band.left, ...band.right);
    band = { left: [], right: [] };
  };
  for (const { row, segments } of body) {
    if (segments.some((s) => s.x < gutter.at - 1 && s.right > gutter.at + 1)) {
      closeBand();
      lines.push({ role: 'body', segments, y: row.y, size: row.size, column: -1 });
      continue;
    }
    const left = segments.filter((s) => s.right <= gutter.at);
    const right = segments.filter((s) => s.x >= gutter.at);
    if (left.length > 0) band.left.push({ role: 'body', segments: left, y: row.y, size: row.size, column: 0 });
    if (right.length > 0) band.right.push({ role: 'body', segments: right, y: row.y, size: row.size, column: 1 });
  }
  closeBand();
  return lines;
}

function finishLines(raw: RawLine[], pageNumber: number): PdfLine[] {
  const lines = raw.map((line): PdfLine => {
    const cells = line.segments
      .map((s) => {
        const source = segmentText(s, line.y, line.size);
        return { text: source.text, source, x: s.x, right: s.right };
      })
      .filter((c) => c.text.length > 0);
    const source = joinTraced(cells.map((c) => c.source), ' ');
    const fonts = new Map<string | null, number>();
    for (const segment of line.segments) for (const run of segment.runs) fonts.set(run.font, (fonts.get(run.font) ?? 0) + run.text.length);
    return {
      page: pageNumber,
      role: line.role,
      text: source.text,
      source,
      cells,
      x: cells[0]?.x ?? 0,
      right: cells.at(-1)?.right ?? 0,
      y: line.y,
      size: line.size,
      font: dominant(fonts) ?? null,
      column: line.column,
      frameLeft: 0,
      usualWidth: 0,
      leading: 0,
    };
  }).filter((line) => line.text.length > 0);

  // Frames per column of body text: where lines start, how wide most are, how far apart.
  for (const column of [-1, 0, 1] as const) {
    const members = lines.filter((l) => l.role === 'body' && l.column === column);
    if (members.length === 0) continue;
    const frameLeft = members.reduce((min, l) => Math.min(min, l.x), Number.POSITIVE_INFINITY);
    const usualWidth = median(members.map((l) => l.right - frameLeft));
    // Leading as a share of the font size, so small print and large headings are measured alike.
    const steps: number[] = [];
    for (let i = 1; i < members.length; i += 1) {
      const step = members[i - 1]!.y - members[i]!.y;
      const size = members[i]!.size;
      if (step > 0 && size > 0 && Math.abs(members[i - 1]!.size - size) < 0.5) steps.push(step / size);
    }
    const leading = steps.length >= 2 ? median(steps) : 0;
    for (const line of members) Object.assign(line, { frameLeft, usualWidth, leading });
  }
  return lines;
}

/**
 * Lines of every page in reading order: each page's header lines, its body lines, then its footer
 * lines (and any text set sideways in its margin).
 */
export function pdfLines(pages: readonly PdfPageItems[]): PdfLine[][] {
  const rows = pages.map((page) => pageRows(page.items));
  const roles = furnitureRoles(rows);
  return rows.map((page, p) => {
    const furniture = (role: PdfLineRole): RawLine[] =>
      page.rows.flatMap((row, i) =>
        roles[p]![i] === role ? page.segments[i]!.map((segment) => ({ role, segments: [segment], y: row.y, size: row.size, column: -1 as const })) : [],
      );
    const margin = page.margin.flatMap((row) => segmentsOf(row).map((segment) => ({ role: 'footer' as const, segments: [segment], y: row.y, size: row.size, column: -1 as const })));
    const raw = [...furniture('header'), ...bodyLines(page, roles[p]!), ...furniture('footer'), ...margin];
    return finishLines(raw, p + 1);
  });
}
