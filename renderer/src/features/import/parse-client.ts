// The queue's side of the parse Worker: a file goes to the worker and its result comes back as a
// promise; past the time limit, or when the reviewer cancels, the worker is ended (whatever it was
// stuck in) and a fresh one starts with the next file. Where Worker is missing (tests in jsdom) the
// same parser runs inline, so callers never need two paths.
import type { ImportResult } from '@shared/import/types';
import type { ParseRequest, ParseResponse } from './parse-protocol';

/** What the client needs of a Worker; tests pass a stand-in. */
export interface ParseWorker {
  onmessage: ((event: MessageEvent<ParseResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: ParseRequest, transfer: Transferable[]): void;
  terminate(): void;
}

export interface ParseOptions {
  maxBytes: number;
  /** The reviewer's limit for one file; the worker is ended after it. */
  timeLimitMs: number;
  /** Aborting ends the worker at once and gives the cancelled reason. */
  signal?: AbortSignal;
}

export const CANCELLED_REASON = 'Cancelled: the import was stopped before this file was read.';

export function timeLimitReason(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `Reading this file took longer than ${seconds} second${seconds === 1 ? '' : 's'}, the time limit, so Margin stopped it; nothing was stored and the window stayed usable. The file may be damaged or built to stall a reader; if it is a genuine article, raise the time limit and import it again.`;
}

function moduleWorker(): ParseWorker | null {
  if (typeof Worker === 'undefined') return null;
  // The literal form Vite and electron-vite recognise and bundle as a worker chunk (linkedom,
  // Readability and pdf.js come with it, not with the page).
  return new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module', name: 'margin-import' });
}

export interface ParseClient {
  parse(name: string, bytes: Uint8Array, options: ParseOptions): Promise<ImportResult>;
  dispose(): void;
}

export function createParseClient(createWorker: () => ParseWorker | null = moduleWorker): ParseClient {
  let worker: ParseWorker | null | undefined;
  let nextId = 1;
  const pending = new Map<number, (result: ImportResult) => void>();

  const stop = (reason: string) => {
    worker?.terminate();
    worker = undefined;
    for (const settle of pending.values()) settle({ ok: false, reason });
    pending.clear();
  };

  const started = (): ParseWorker | null => {
    if (worker !== undefined) return worker;
    worker = createWorker();
    if (worker === null) return null;
    worker.onmessage = (event) => {
      const settle = pending.get(event.data.id);
      if (settle === undefined) return;
      pending.delete(event.data.id);
      settle(event.data.result);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      stop(`Margin could not read this file (its reader stopped: ${(event.message || 'unknown error').slice(0, 160)}).`);
    };
    return worker;
  };

  return {
    parse(name, bytes, { maxBytes, timeLimitMs, signal }) {
      if (signal?.aborted) return Promise.resolve({ ok: false, reason: CANCELLED_REASON });
      const target = started();
      // Loaded only where there is no worker, so the parsers never weigh on the page's own bundle.
      if (target === null) return import('./parsers').then(({ parseFile }) => parseFile(name, bytes, { maxBytes }));
      const id = nextId++;
      return new Promise<ImportResult>((resolve) => {
        const timer = setTimeout(() => stop(timeLimitReason(timeLimitMs)), timeLimitMs);
        const onAbort = () => stop(CANCELLED_REASON);
        signal?.addEventListener('abort', onAbort, { once: true });
        pending.set(id, (result) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(result);
        });
        // Transferred when the bytes are a whole buffer (the caller's copy is then gone); a view into
        // a larger buffer is copied, so nothing else the caller holds is detached.
        const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
        const sent = whole ? bytes : bytes.slice();
        target.postMessage({ id, name, bytes: sent, maxBytes }, [sent.buffer as ArrayBuffer]);
      });
    },
    dispose() {
      stop(CANCELLED_REASON);
    },
  };
}
