// Messages between text-cache.ts and the text-read worker.
import { handleSegmentRequest } from '../workers/segment-protocol';
import type { SegmentResponse } from '../workers/segment-protocol';

export interface TextReadRequest {
  database: string;
  id: string;
  /** Split a text longer than this into blocks as well, and send them after the text. */
  splitAbove?: number;
}

/**
 * A text of up to one piece comes whole (`split` says whether blocks follow); a longer one comes as
 * its pieces in order, one message each, so that no one message is long to receive; then its blocks
 * when asked for.
 */
export type TextReadResponse =
  | { text: string | null; split: boolean }
  | { piece: string; last: boolean; split: boolean }
  | { blocks: SegmentResponse }
  | { error: string };

/** The length of a piece a long text is sent in: 2 MB of UTF-16, a few milliseconds to receive. */
export const TEXT_PIECE_CHARS = 1 << 20;

/**
 * What the worker sends for a text read (null: not stored), in order, lazily: the text whole or in
 * pieces, then its blocks when it is longer than `splitAbove`.
 */
export function* textReadAnswers(text: string | null, splitAbove: number | undefined): Generator<TextReadResponse> {
  const split = text !== null && splitAbove !== undefined && text.length > splitAbove;
  if (text === null || text.length <= TEXT_PIECE_CHARS) yield { text, split };
  else {
    for (let at = 0; at < text.length; at += TEXT_PIECE_CHARS) {
      yield { piece: text.slice(at, at + TEXT_PIECE_CHARS), last: at + TEXT_PIECE_CHARS >= text.length, split };
    }
  }
  if (split) yield { blocks: handleSegmentRequest({ id: 1, text }) };
}
