// Segments a long text in a worker of its own, so opening a 50 MB text never holds the window.
// One worker per request, ended with its answer or when the reader no longer wants it (another
// document opened). Where Worker is missing (jsdom, old hosts) the same work runs inline.
import type { TextBlock } from '@shared/text/segment';
import { blocksOfPacked, handleSegmentRequest, unpackBlocks } from './segment-protocol';
import type { PackedBlocks, SegmentRequest, SegmentResponse } from './segment-protocol';

/** What the client needs of a Worker; tests pass a stand-in. */
export interface SegmentWorker {
  onmessage: ((event: MessageEvent<SegmentResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: SegmentRequest): void;
  terminate(): void;
}

function moduleWorker(): SegmentWorker | null {
  if (typeof Worker === 'undefined') return null;
  // The literal form is what Vite and electron-vite bundle as a separate worker chunk.
  return new Worker(new URL('./segment.worker.ts', import.meta.url), { type: 'module', name: 'margin-segment' });
}

function answerOf(response: SegmentResponse): TextBlock[] {
  if ('error' in response) throw new Error(`Splitting the text into paragraphs failed: ${response.error}`);
  return blocksOfPacked(response.blocks);
}

/** Blocks made into objects per task: 115,000 at once held the window for a quarter of a second. */
const UNPACK_PER_TASK = 10_000;

/** The packed blocks as objects, a slice per task; rejects once `signal` aborts. */
function unpackInSlices(packed: PackedBlocks, signal: AbortSignal | undefined): Promise<TextBlock[]> {
  const blocks: TextBlock[] = [];
  return new Promise((resolve, reject) => {
    const slice = () => {
      if (signal?.aborted) return reject(new DOMException('The text is no longer wanted.', 'AbortError'));
      unpackBlocks(packed, blocks.length, Math.min(packed.starts.length, blocks.length + UNPACK_PER_TASK), blocks);
      if (blocks.length < packed.starts.length) setTimeout(slice, 0);
      else resolve(blocks);
    };
    slice();
  });
}

/** The blocks of a worker's answer (made into objects a slice per task), or its error. */
export function blocksOfAnswer(answer: SegmentResponse, signal?: AbortSignal): Promise<TextBlock[]> {
  if ('error' in answer) return Promise.reject(new Error(`Splitting the text into paragraphs failed: ${answer.error}`));
  return unpackInSlices(answer.blocks, signal);
}

/** The text's blocks (as segmentText gives them), computed in a worker; `signal` ends the worker early. */
export function segmentInWorker(text: string, signal?: AbortSignal, createWorker: () => SegmentWorker | null = moduleWorker): Promise<TextBlock[]> {
  const request: SegmentRequest = { id: 1, text };
  const worker = createWorker();
  if (!worker) {
    try {
      return Promise.resolve(answerOf(handleSegmentRequest(request)));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
  return new Promise<TextBlock[]>((resolve, reject) => {
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', abort);
    };
    const abort = () => {
      finish();
      reject(new DOMException('The text is no longer wanted.', 'AbortError'));
    };
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort);
    worker.onmessage = (event) => {
      finish();
      blocksOfAnswer(event.data, signal).then(resolve, reject);
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      finish();
      reject(new Error(`The segmentation worker stopped: ${event.message || 'unknown error'}`));
    };
    worker.postMessage(request);
  });
}
