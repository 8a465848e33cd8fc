// The reader's blocks of a long text, split in a worker and kept for the few texts read last (like
// text-cache.ts keeps the texts): reopening a 50 MB text, or showing it in the other pane, does not
// split it again. Here because db/ owns the renderer's worker clients.
import type { TextBlock } from '@shared/text/segment';
import { segmentInWorker } from '../workers/segment-client';

const KEPT = 3;
/** Newest last; compared by identity first, so a kept text costs no comparison of its characters. */
const kept: { text: string; blocks: TextBlock[] }[] = [];

export async function blocksOfLongText(text: string, signal?: AbortSignal): Promise<TextBlock[]> {
  const hit = kept.find((entry) => entry.text === text);
  if (hit) return hit.blocks;
  const blocks = await segmentInWorker(text, signal);
  kept.push({ text, blocks });
  if (kept.length > KEPT) kept.shift();
  return blocks;
}
