// A document's text as the reader uses it: its length and slices of it. A plain string is one. A
// text of many megabytes, read off the window's thread, reaches the window in pieces instead
// (ChunkedText): one 50 MB string handed to the window was a single task of 40–250 ms on a slow
// machine just to receive, and joining pieces back into one string costs the same again, so the
// pieces stay pieces until something asks for the whole text at once (find in it, an export).
export interface TextSource {
  readonly length: number;
  /** As String.prototype.slice: negative positions count from the end, the end is exclusive. */
  slice(start?: number, end?: number): string;
}

/** A position as String.prototype.slice reads it, clamped into [0, length]. */
function position(at: number | undefined, length: number, otherwise: number): number {
  if (at === undefined) return otherwise;
  const whole = Math.trunc(Number.isNaN(at) ? 0 : at);
  return whole < 0 ? Math.max(0, length + whole) : Math.min(whole, length);
}

/** A long text held as the pieces it arrived in; a slice reads only the pieces it spans. */
export class ChunkedText implements TextSource {
  readonly length: number;
  private pieces: readonly string[];
  /** Where each piece starts in the text. */
  private starts: number[];

  constructor(pieces: readonly string[]) {
    this.pieces = pieces.filter((piece) => piece.length > 0);
    this.starts = [];
    let at = 0;
    for (const piece of this.pieces) {
      this.starts.push(at);
      at += piece.length;
    }
    this.length = at;
  }

  /** The index of the piece holding position `at` (0 ≤ at < length). */
  private pieceAt(at: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  slice(start?: number, end?: number): string {
    const from = position(start, this.length, 0);
    const to = position(end, this.length, this.length);
    if (to <= from) return '';
    let index = this.pieceAt(from);
    let result = '';
    let at = from;
    // A slice across a piece boundary that splits a surrogate pair joins its halves back again.
    while (at < to) {
      const piece = this.pieces[index]!;
      const pieceStart = this.starts[index]!;
      const pieceEnd = pieceStart + piece.length;
      result += piece.slice(at - pieceStart, Math.min(to, pieceEnd) - pieceStart);
      at = pieceEnd;
      index += 1;
    }
    return result;
  }

  /** The pieces, in order (none empty). */
  get parts(): readonly string[] {
    return this.pieces;
  }

  /**
   * The whole text as one string, made once: it is as costly as receiving it was, so only what needs
   * every character at once asks for it. The pieces are let go for it, so the text is held once.
   */
  toString(): string {
    if (this.pieces.length > 1) {
      this.pieces = [this.pieces.join('')];
      this.starts = [0];
    }
    return this.pieces[0] ?? '';
  }
}

/** The text as the strings it is held in, in order: a string is one. */
export function piecesOf(text: TextSource): readonly string[] {
  return typeof text === 'string' ? [text] : text instanceof ChunkedText ? text.parts : [wholeText(text)];
}

/** The whole text as one string: the string itself, a ChunkedText joined (once), any other source sliced whole. */
export function wholeText(text: TextSource): string {
  if (typeof text === 'string') return text;
  return text instanceof ChunkedText ? text.toString() : text.slice(0, text.length);
}
