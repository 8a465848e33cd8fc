// The reader's blocks of a long text, split in a worker and kept for the few texts read last (like
// text-cache.ts keeps the texts): reopening a 50 MB text, or showing it in the other pane, does not
// split it again. A text read by text-cache's worker is split there, and its blocks are offered
// here before the text is handed out, so the reader never posts 50 MB to a worker of its own.
// Here because db/ owns the renderer's worker clients.
import type { TextBlock } from '@shared/text/segment';
import { wholeText } from '@shared/text/text-source';
import type { TextSource } from '@shared/text/text-source';
import { blocksOfAnswer, segmentInWorker } from '../workers/segment-client';
import type { SegmentResponse } from '../workers/segment-protocol';

/** Texts longer than this are split in a worker; shorter ones take well under a frame to split. */
export const WORKER_SEGMENT_CHARS = 1_000_000;

/**
 * As many as text-cache.ts keeps texts, and let go of in the same order (the one least lately asked
 * for first): a long text still kept there then has its blocks kept here. With fewer, a text read
 * again from the text cache found its blocks gone and was joined into one 50 MB string on the
 * window's thread to be split again.
 */
export const KEPT_TEXTS = 6;

interface Kept {
  text: TextSource;
  blocks: Promise<TextBlock[]>;
  /** Whether the split has ended (in blocks or in an error). */
  done: boolean;
  /** How many askers wait on it now. */
  waiting: number;
  /** Ends the work still under way for it (the worker splitting it). */
  cancel: () => void;
}

/** Least lately asked for first; compared by identity, so a kept text costs no comparison of its characters. */
const kept: Kept[] = [];

function forget(entry: Kept): void {
  const at = kept.indexOf(entry);
  if (at >= 0) kept.splice(at, 1);
}

function keep(text: TextSource, blocks: Promise<TextBlock[]>, cancel: () => void): Kept {
  const entry: Kept = { text, blocks, done: false, waiting: 0, cancel };
  blocks.then(
    () => (entry.done = true),
    // A failed split is forgotten, so the next ask starts again.
    () => {
      entry.done = true;
      forget(entry);
    },
  );
  kept.push(entry);
  while (kept.length > KEPT_TEXTS) {
    // Forgotten here, a split someone still waits on goes on for them.
    const oldest = kept.shift()!;
    if (!oldest.done && oldest.waiting === 0) oldest.cancel();
  }
  return entry;
}

/**
 * The entry's blocks for one asker, or an AbortError once its `signal` aborts. The split goes on
 * while anyone else waits on it; when the last asker leaves before it is done, it is ended (the
 * reader opened another document) and forgotten.
 */
function askFor(entry: Kept, signal: AbortSignal | undefined): Promise<TextBlock[]> {
  if (!signal) return entry.blocks;
  return new Promise((resolve, reject) => {
    const abort = () => {
      entry.waiting -= 1;
      if (entry.waiting === 0 && !entry.done) {
        forget(entry);
        entry.cancel();
      }
      reject(new DOMException('The text is no longer wanted.', 'AbortError'));
    };
    if (signal.aborted) return reject(new DOMException('The text is no longer wanted.', 'AbortError'));
    entry.waiting += 1;
    signal.addEventListener('abort', abort, { once: true });
    entry.blocks.then(
      (blocks) => {
        signal.removeEventListener('abort', abort);
        entry.waiting -= 1;
        resolve(blocks);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        entry.waiting -= 1;
        reject(error instanceof Error || error instanceof DOMException ? error : new Error(String(error)));
      },
    );
  });
}

/** Takes the blocks being split elsewhere for `text` (the read worker's answer), instead of splitting it again. */
/** The entry kept for `text`, now the most lately asked for; undefined when none is. */
function touch(text: TextSource): Kept | undefined {
  const at = kept.findIndex((entry) => entry.text === text);
  if (at < 0) return undefined;
  const [entry] = kept.splice(at, 1);
  kept.push(entry!);
  return entry;
}

export function offerBlocks(text: TextSource, answer: Promise<SegmentResponse>, cancel: () => void): void {
  if (touch(text)) return cancel();
  keep(
    text,
    answer.then((response) => blocksOfAnswer(response)),
    cancel,
  );
}

export function blocksOfLongText(text: TextSource, signal?: AbortSignal): Promise<TextBlock[]> {
  const hit = touch(text);
  if (hit) return askFor(hit, signal);
  const controller = new AbortController();
  // A text in pieces whose blocks were let go is joined to be sent (rare: KEPT_TEXTS keeps as many as the text cache).
  return askFor(
    keep(text, segmentInWorker(wholeText(text), controller.signal), () => controller.abort()),
    signal,
  );
}
