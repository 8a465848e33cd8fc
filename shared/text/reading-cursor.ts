// The reading cursor: how the keyboard moves over a document's text by word, sentence and
// paragraph, and how Shift extends a selection, as pure offset arithmetic over the reader's blocks.
// The reader turns the result into a DOM selection, so every annotate key acts on it.
import type { TextBlock } from './segment';
import type { TextSource } from './text-source';

export type CursorUnit = 'word' | 'sentence' | 'paragraph';
export type CursorDirection = 'forward' | 'backward';

/**
 * Where the cursor is: the text between anchor and focus (either may be the larger). A cursor that
 * was just moved covers exactly one unit; Shift moves the focus and keeps the anchor.
 */
export interface ReadingCursor {
  anchor: number;
  focus: number;
  /** The unit the cursor last moved by, for what is announced. */
  unit: CursorUnit;
}

export interface Span {
  start: number;
  end: number;
}

/** Blocks the cursor visits: paragraphs and headings; folded page furniture is skipped. */
export function readableBlocks(blocks: readonly TextBlock[]): TextBlock[] {
  return blocks.filter((b) => b.kind !== 'furniture' && b.end > b.start);
}

const segmenters = new Map<CursorUnit, Intl.Segmenter>();
function segmenterFor(unit: 'word' | 'sentence'): Intl.Segmenter {
  let segmenter = segmenters.get(unit);
  if (!segmenter) {
    segmenter = new Intl.Segmenter('en', { granularity: unit });
    segmenters.set(unit, segmenter);
  }
  return segmenter;
}

const SPACE = /\s/u;

/** A span of `piece` (which starts at `offset` in the text) with the white space at both ends left out; null if nothing but white space. */
function trimmed(piece: string, offset: number, start: number, end: number): Span | null {
  let s = start;
  let e = end;
  while (s < e && SPACE.test(piece[s]!)) s++;
  while (e > s && SPACE.test(piece[e - 1]!)) e--;
  return e > s ? { start: offset + s, end: offset + e } : null;
}

/**
 * The units of one block, in order, each trimmed of surrounding white space. Words are the
 * segmenter's word-like segments (numbers included, punctuation not); sentences and paragraphs are
 * trimmed so a selection never starts or ends on a space.
 */
export function unitsOfBlock(text: TextSource, block: Span, unit: CursorUnit): Span[] {
  const piece = text.slice(block.start, block.end);
  if (unit === 'paragraph') {
    const span = trimmed(piece, block.start, 0, piece.length);
    return span ? [span] : [];
  }
  const out: Span[] = [];
  for (const segment of segmenterFor(unit).segment(piece)) {
    if (unit === 'word' && !segment.isWordLike) continue;
    const span = trimmed(piece, block.start, segment.index, segment.index + segment.segment.length);
    if (span) out.push(span);
  }
  return out;
}

/** The index of the block holding `offset`, or the next one after it (blocks.length if none). */
function blockIndexAt(blocks: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The first unit for which `accept` holds, searching forward from the block at `offset` (or
 * backward, taking the last), visiting only as many blocks as it takes.
 */
function findUnit(text: TextSource, blocks: readonly Span[], offset: number, unit: CursorUnit, direction: CursorDirection, accept: (span: Span) => boolean): Span | null {
  const first = Math.min(blockIndexAt(blocks, offset), blocks.length - 1);
  if (first < 0) return null;
  if (direction === 'forward') {
    for (let i = first; i < blocks.length; i++) {
      const found = unitsOfBlock(text, blocks[i]!, unit).find(accept);
      if (found) return found;
    }
    return null;
  }
  for (let i = first; i >= 0; i--) {
    const units = unitsOfBlock(text, blocks[i]!, unit);
    for (let j = units.length - 1; j >= 0; j--) if (accept(units[j]!)) return units[j]!;
  }
  return null;
}

/** The cursor's text as a span (start ≤ end). */
export function cursorSpan(cursor: Pick<ReadingCursor, 'anchor' | 'focus'>): Span {
  return { start: Math.min(cursor.anchor, cursor.focus), end: Math.max(cursor.anchor, cursor.focus) };
}

/** The first unit that ends after `offset`: where a cursor starts when it has none yet. */
export function startCursor(text: TextSource, blocks: readonly Span[], offset: number, unit: CursorUnit = 'word'): ReadingCursor | null {
  const found = findUnit(text, blocks, offset, unit, 'forward', (s) => s.end > offset);
  return found ? { anchor: found.start, focus: found.end, unit } : null;
}

/**
 * Moves the cursor one unit. Without `extend` it covers the next (or previous) unit whole: one
 * that starts after (or before) the cursor's start. With `extend` the anchor stays and the focus
 * moves: towards the anchor it shrinks the selection a unit at a time (never past the anchor's
 * unit: it turns round there, so the unit the cursor covered stays selected), away from it it
 * grows to the next unit's end (or the previous unit's start). At the edge of the text nothing moves.
 */
export function moveCursor(text: TextSource, blocks: readonly Span[], cursor: ReadingCursor, unit: CursorUnit, direction: CursorDirection, extend: boolean): ReadingCursor {
  const { start } = cursorSpan(cursor);
  if (!extend) {
    const found =
      direction === 'forward'
        ? findUnit(text, blocks, start, unit, 'forward', (s) => s.start > start)
        : findUnit(text, blocks, start, unit, 'backward', (s) => s.start < start);
    return found ? { anchor: found.start, focus: found.end, unit } : cursor;
  }
  let { anchor, focus } = cursor;
  if (direction === 'forward') {
    if (focus < anchor) {
      const shrink = findUnit(text, blocks, focus, unit, 'forward', (s) => s.start > focus && s.start < anchor);
      if (shrink) return { anchor, focus: shrink.start, unit };
      [anchor, focus] = [focus, anchor];
    }
    const grow = findUnit(text, blocks, focus, unit, 'forward', (s) => s.end > focus);
    return grow ? { anchor, focus: grow.end, unit } : { anchor, focus, unit };
  }
  if (focus > anchor) {
    const shrink = findUnit(text, blocks, focus, unit, 'backward', (s) => s.end < focus && s.end > anchor);
    if (shrink) return { anchor, focus: shrink.end, unit };
    [anchor, focus] = [focus, anchor];
  }
  const grow = findUnit(text, blocks, focus, unit, 'backward', (s) => s.start < focus);
  return grow ? { anchor, focus: grow.start, unit } : { anchor, focus, unit };
}
