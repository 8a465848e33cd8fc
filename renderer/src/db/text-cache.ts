// Document texts are immutable (a document's id is the hash of its text), so a text read once can
// be kept: the reader, the annotate commands and exports share it instead of re-reading a megabyte.
import type { DocumentId } from '@shared/model';
import type { MarginDatabase } from './database';
import { ChunkedText } from '@shared/text/text-source';
import type { TextSource } from '@shared/text/text-source';
import type { SegmentResponse } from '../workers/segment-protocol';
import { KEPT_TEXTS, offerBlocks, WORKER_SEGMENT_CHARS } from './text-blocks';
import type { TextReadRequest, TextReadResponse } from './text-read-protocol';

// As many as text-blocks.ts keeps the blocks of, so a long text kept here has its blocks kept there.
const CACHED_TEXTS = KEPT_TEXTS;
const texts = new Map<DocumentId, TextSource>();

/** Texts at least this long (as the document's textLength says) are read in a worker. */
export const WORKER_READ_CHARS = 1_000_000;

/**
 * One text read by a worker of its own; null where workers are missing (jsdom). A long text comes
 * in pieces and is handed out as them (a ChunkedText). A text long enough to be split in a worker
 * is split in this one, and its blocks offered to text-blocks.ts before the text is handed out.
 */
function readInWorker(db: MarginDatabase, id: DocumentId): Promise<TextSource | undefined> | null {
  if (typeof Worker === 'undefined' || typeof indexedDB === 'undefined') return null;
  const worker = new Worker(new URL('./text-read.worker.ts', import.meta.url), { type: 'module', name: 'margin-text-read' });
  return new Promise((resolve, reject) => {
    // Settles the blocks that follow the text (a second message), once they come.
    let blocksAnswer: { resolve: (response: SegmentResponse) => void; reject: (error: Error) => void } | null = null;
    const stop = (error: Error) => {
      worker.terminate();
      reject(error);
      blocksAnswer?.reject(error);
    };
    const pieces: string[] = [];
    worker.onmessage = (event: MessageEvent<TextReadResponse>) => {
      const answer = event.data;
      if ('error' in answer) return stop(new Error(`Reading the document's text failed: ${answer.error}`));
      if ('blocks' in answer) {
        worker.terminate();
        return blocksAnswer?.resolve(answer.blocks);
      }
      let text: TextSource | null;
      if ('piece' in answer) {
        pieces.push(answer.piece);
        if (!answer.last) return;
        text = new ChunkedText(pieces);
      } else text = answer.text;
      // The text is handed out first, so a split declined or ended at once (its blocks kept already)
      // stops only the worker, not the read; the offer still comes before any awaiting code runs.
      resolve(text ?? undefined);
      if (!answer.split || text === null) worker.terminate();
      else {
        const blocks = new Promise<SegmentResponse>((resolveBlocks, rejectBlocks) => (blocksAnswer = { resolve: resolveBlocks, reject: rejectBlocks }));
        offerBlocks(text, blocks, () => stop(new DOMException('The text is no longer wanted.', 'AbortError') as Error));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      stop(new Error(`Reading the document's text failed: ${event.message || 'the worker stopped'}`));
    };
    const request: TextReadRequest = { database: db.name, id, splitAbove: WORKER_SEGMENT_CHARS };
    worker.postMessage(request);
  });
}

/** The stored text of a document; `length` (its textLength, when known) sends a long one to a worker. */
export async function readText(db: MarginDatabase, id: DocumentId, length = 0): Promise<TextSource | undefined> {
  const cached = texts.get(id);
  if (cached !== undefined) {
    texts.delete(id);
    texts.set(id, cached);
    return cached;
  }
  // A worker that fails (a host without module workers) leaves the read to this thread.
  const text: TextSource | undefined = (length >= WORKER_READ_CHARS ? await readInWorker(db, id)?.catch(() => undefined) : undefined) ?? (await db.texts.get(id))?.text;
  if (text === undefined) return undefined;
  texts.set(id, text);
  for (const oldest of texts.keys()) {
    if (texts.size <= CACHED_TEXTS) break;
    texts.delete(oldest);
  }
  return text;
}
