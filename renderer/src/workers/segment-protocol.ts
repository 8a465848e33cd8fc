// Messages between the reader and the segmentation worker. A long text's blocks travel as a few
// typed arrays rather than as 100,000 little objects, so the answer costs the main thread almost
// nothing to receive; blocksOfPacked rebuilds the objects the reader works with.
import { FURNITURE_LABELS, segmentText } from '@shared/text/segment';
import type { BlockKind, FurnitureLabel, TextBlock } from '@shared/text/segment';

export interface SegmentRequest {
  id: number;
  text: string;
}

export interface PackedBlocks {
  starts: Uint32Array;
  ends: Uint32Array;
  /** Index into KINDS. */
  kinds: Uint8Array;
  /** 0 for none, else 1 + index into LABELS. */
  labels: Uint8Array;
  lineCounts: Uint32Array;
}

export type SegmentResponse = { id: number; blocks: PackedBlocks } | { id: number; error: string };

const KINDS: readonly BlockKind[] = ['paragraph', 'heading', 'furniture'];
const LABELS: readonly FurnitureLabel[] = Object.values(FURNITURE_LABELS);

export function packBlocks(blocks: readonly TextBlock[]): PackedBlocks {
  const n = blocks.length;
  const packed: PackedBlocks = { starts: new Uint32Array(n), ends: new Uint32Array(n), kinds: new Uint8Array(n), labels: new Uint8Array(n), lineCounts: new Uint32Array(n) };
  blocks.forEach((block, i) => {
    packed.starts[i] = block.start;
    packed.ends[i] = block.end;
    packed.kinds[i] = KINDS.indexOf(block.kind);
    packed.labels[i] = block.label === null ? 0 : LABELS.indexOf(block.label as FurnitureLabel) + 1;
    packed.lineCounts[i] = block.lineCount;
  });
  return packed;
}

/** Blocks [from, to) of a packed answer as objects, appended to `into`. */
export function unpackBlocks(packed: PackedBlocks, from: number, to: number, into: TextBlock[]): void {
  for (let i = from; i < to; i++) {
    const label = packed.labels[i]!;
    into.push({ kind: KINDS[packed.kinds[i]!]!, start: packed.starts[i]!, end: packed.ends[i]!, label: label === 0 ? null : LABELS[label - 1]!, lineCount: packed.lineCounts[i]! });
  }
}

export function blocksOfPacked(packed: PackedBlocks): TextBlock[] {
  const blocks: TextBlock[] = new Array<TextBlock>(packed.starts.length);
  for (let i = 0; i < packed.starts.length; i++) {
    const label = packed.labels[i]!;
    blocks[i] = { kind: KINDS[packed.kinds[i]!]!, start: packed.starts[i]!, end: packed.ends[i]!, label: label === 0 ? null : LABELS[label - 1]!, lineCount: packed.lineCounts[i]! };
  }
  return blocks;
}

export function handleSegmentRequest(request: SegmentRequest): SegmentResponse {
  try {
    return { id: request.id, blocks: packBlocks(segmentText(request.text)) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The buffers of an answer, handed over to the reader instead of copied. */
export function transferablesOf(response: SegmentResponse): ArrayBuffer[] {
  if ('error' in response) return [];
  const { starts, ends, kinds, labels, lineCounts } = response.blocks;
  return [starts.buffer, ends.buffer, kinds.buffer, labels.buffer, lineCounts.buffer] as ArrayBuffer[];
}
