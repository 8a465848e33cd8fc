// Messages between text-cache.ts and the text-read worker.
import type { SegmentResponse } from '../workers/segment-protocol';

export interface TextReadRequest {
  database: string;
  id: string;
  /** Split a text longer than this into blocks as well, and send them after the text. */
  splitAbove?: number;
}

/** The text first (`split` says whether blocks follow), then its blocks when asked for. */
export type TextReadResponse = { text: string | null; split: boolean } | { blocks: SegmentResponse } | { error: string };
