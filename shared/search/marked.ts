// Snippets and highlights come back from FTS5 with the matches between two marker characters. The
// index never holds those characters (indexedText replaces them with a space, keeping every offset),
// so reading the marks back gives exact offsets into the stored text and safe segments to render.

export const MARK_OPEN = '\u0001';
export const MARK_CLOSE = '\u0002';

/** A piece of a snippet: plain text, or a match to draw as <mark>. */
export interface Segment {
  text: string;
  marked: boolean;
}

export interface TextRange {
  start: number;
  end: number;
}

/** The text as the index stores it: marker characters become spaces, so offsets stay those of the stored text. */
export function indexedText(text: string): string {
  return text.includes(MARK_OPEN) || text.includes(MARK_CLOSE) ? text.replaceAll(MARK_OPEN, ' ').replaceAll(MARK_CLOSE, ' ') : text;
}

/** Splits marked text into plain and marked segments (empty pieces left out); an unclosed mark runs to the end. */
export function markedSegments(marked: string): Segment[] {
  const segments: Segment[] = [];
  let inside = false;
  let piece = '';
  const flush = () => {
    if (piece !== '') {
      const last = segments[segments.length - 1];
      if (last && last.marked === inside) last.text += piece;
      else segments.push({ text: piece, marked: inside });
    }
    piece = '';
  };
  for (const ch of marked) {
    if (ch === MARK_OPEN || ch === MARK_CLOSE) {
      flush();
      inside = ch === MARK_OPEN;
    } else piece += ch;
  }
  flush();
  return segments;
}

/** The plain text and the offsets of its marked stretches (UTF-16 offsets of the plain text). */
export function markedRanges(marked: string): { text: string; ranges: TextRange[] } {
  const ranges: TextRange[] = [];
  let text = '';
  for (const segment of markedSegments(marked)) {
    if (segment.marked) ranges.push({ start: text.length, end: text.length + segment.text.length });
    text += segment.text;
  }
  return { text, ranges };
}

/** Marks the given sorted, non-overlapping ranges of `text` (the inverse of markedRanges, for tests and the fallback). */
export function markRanges(text: string, ranges: readonly TextRange[]): string {
  let out = '';
  let at = 0;
  for (const { start, end } of ranges) {
    out += text.slice(at, start) + MARK_OPEN + text.slice(start, end) + MARK_CLOSE;
    at = end;
  }
  return out + text.slice(at);
}
