// The queue's side of the parse Worker: files go to the worker (several may wait there, so it never
// idles between them) and each result comes back as a promise; past a file's time limit, or when the
// reviewer cancels, the worker is ended (whatever it was stuck in) and a fresh one takes the files
// queued behind it. Where Worker is missing (tests in jsdom) the
// same parser runs inline, so callers never need two paths.
import type { ImportResult } from '@shared/import/types';
import { isBytes, readFileBytes } from './parse-protocol';
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
  /** The reviewer's limit for one file, counted from when the worker starts on it; the worker is ended after it. */
  timeLimitMs: number;
  /** Aborting ends the worker at once and gives the cancelled reason. */
  signal?: AbortSignal;
  /**
   * Reads the file's bytes again. Several files wait in the worker at once and their bytes were
   * transferred to it; when the worker is ended for another file (its time limit, a crash), the
   * files queued behind it are read again and sent to a fresh worker instead of failing with it.
   */
  reread?: () => Promise<Uint8Array>;
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

/** Where there is no worker: the file read and parsed on this thread. */
async function parseHere(name: string, file: Uint8Array | Blob, maxBytes: number): Promise<ImportResult> {
  const read = await readFileBytes(file);
  if (!read.ok) return read;
  // Loaded only where there is no worker, so the parsers never weigh on the page's own bundle.
  const { parseFile } = await import('./parsers');
  return parseFile(name, read.bytes, { maxBytes });
}

export interface ParseClient {
  /**
   * Parses one file: its bytes, or the File itself (a Blob), which the worker reads, so the
   * window's thread never copies it (5,000 files of 50 KB: a quarter of the import's time there).
   */
  parse(name: string, file: Uint8Array | Blob, options: ParseOptions): Promise<ImportResult>;
  dispose(): void;
}

/** One file sent to (or about to be sent to) the worker. */
interface Pending {
  id: number;
  name: string;
  /** What is sent: bytes (transferred, so read again after a worker ends) or a File the worker reads (sent again as it is). */
  file: Uint8Array | Blob;
  options: ParseOptions;
  /** Whether the current worker has it; a file waiting to be read again has not. */
  posted: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  onAbort: () => void;
  resolve: (result: ImportResult) => void;
}

/**
 * The worker reads its files one after another, in the order they were posted, so the file it is
 * working on is always the first pending one: its clock starts when the file before it answered
 * (or when it was posted, if nothing was ahead), and it is the one blamed when the worker stalls.
 */
export function createParseClient(createWorker: () => ParseWorker | null = moduleWorker): ParseClient {
  let worker: ParseWorker | null | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  /** Set while files are read again after a worker was ended: later files are posted after them, in order. */
  let resending: Promise<void> | null = null;

  const finish = (entry: Pending, result: ImportResult) => {
    if (pending.get(entry.id) !== entry) return;
    pending.delete(entry.id);
    if (entry.timer !== null) clearTimeout(entry.timer);
    entry.options.signal?.removeEventListener('abort', entry.onAbort);
    entry.resolve(result);
  };

  // Starts the clock of the file the worker is on now.
  const armHead = () => {
    const head = pending.values().next().value;
    if (head === undefined || !head.posted || head.timer !== null) return;
    head.timer = setTimeout(() => stop(head, timeLimitReason(head.options.timeLimitMs)), head.options.timeLimitMs);
  };

  const post = (entry: Pending) => {
    if (pending.get(entry.id) !== entry) return;
    const target = started();
    if (target === null) return finish(entry, { ok: false, reason: 'Margin could not start its file reader.' });
    const { file } = entry;
    if (isBytes(file)) {
      // Transferred when the bytes are a whole buffer (the caller's copy is then gone); a view into
      // a larger buffer is copied, so nothing else the caller holds is detached.
      const whole = file.byteOffset === 0 && file.byteLength === file.buffer.byteLength && file.buffer instanceof ArrayBuffer;
      const sent = whole ? file : file.slice();
      target.postMessage({ id: entry.id, name: entry.name, bytes: sent, maxBytes: entry.options.maxBytes }, [sent.buffer as ArrayBuffer]);
    } else {
      // A File is a handle to the bytes: cloning it copies nothing, and it stays readable here.
      target.postMessage({ id: entry.id, name: entry.name, bytes: file, maxBytes: entry.options.maxBytes }, []);
    }
    entry.posted = true;
    armHead();
  };

  /**
   * Ends the worker because of `culprit` (its time limit, a crash, or the reviewer's Stop), which
   * gets `reason`. The files queued behind it are read again and go to a fresh worker; one that
   * cannot be read again, or whose import was stopped too, ends with a reason of its own.
   */
  const stop = (culprit: Pending | null, reason: string) => {
    worker?.terminate();
    worker = undefined;
    if (culprit !== null) finish(culprit, { ok: false, reason });
    const behind = [...pending.values()];
    for (const entry of behind) {
      entry.posted = false;
      if (entry.timer !== null) clearTimeout(entry.timer);
      entry.timer = null;
      if (culprit === null) finish(entry, { ok: false, reason });
      else if (entry.options.signal?.aborted) finish(entry, { ok: false, reason: CANCELLED_REASON });
      else if (isBytes(entry.file) && entry.options.reread === undefined) finish(entry, { ok: false, reason });
    }
    const again = [...pending.values()];
    if (again.length === 0) return;
    const previous = resending ?? Promise.resolve();
    const done: Promise<void> = previous.then(async () => {
      for (const entry of again) {
        if (pending.get(entry.id) !== entry) continue;
        // A File was not given away: the fresh worker reads it as the first one would have.
        if (!isBytes(entry.file)) {
          post(entry);
          continue;
        }
        try {
          entry.file = await entry.options.reread!();
        } catch (error) {
          finish(entry, { ok: false, reason: `Margin could not read this file again (${(error instanceof Error ? error.message : String(error)).slice(0, 160)}).` });
          continue;
        }
        post(entry);
      }
    });
    resending = done;
    void done.finally(() => {
      if (resending === done) resending = null;
    });
  };

  const started = (): ParseWorker | null => {
    if (worker !== undefined) return worker;
    const created = createWorker();
    worker = created;
    if (created === null) return null;
    // A worker already ended may still have answers on their way: they are not this worker's files any more.
    created.onmessage = (event) => {
      if (worker !== created) return;
      const entry = pending.get(event.data.id);
      if (entry === undefined || !entry.posted) return;
      finish(entry, event.data.result);
      armHead();
    };
    created.onerror = (event) => {
      event.preventDefault();
      if (worker !== created) return;
      const head = pending.values().next().value;
      // The file the worker was on is the one that stopped it; the others are sent again.
      stop(head !== undefined && head.posted ? head : null, `Margin could not read this file (its reader stopped: ${(event.message || 'unknown error').slice(0, 160)}).`);
    };
    return created;
  };

  return {
    parse(name, file, options) {
      const { maxBytes, signal } = options;
      if (signal?.aborted) return Promise.resolve({ ok: false, reason: CANCELLED_REASON });
      if (started() === null) return parseHere(name, file, maxBytes);
      return new Promise<ImportResult>((resolve) => {
        const entry: Pending = { id: nextId++, name, file, options, posted: false, timer: null, onAbort: () => stop(entry, CANCELLED_REASON), resolve };
        pending.set(entry.id, entry);
        signal?.addEventListener('abort', entry.onAbort, { once: true });
        if (resending === null) post(entry);
        else {
          const after = resending.then(() => post(entry));
          resending = after;
          void after.finally(() => {
            if (resending === after) resending = null;
          });
        }
      });
    },
    dispose() {
      stop(null, CANCELLED_REASON);
    },
  };
}
