// Suggestions from the renderer without blocking it: requests go to one module worker (bundled by
// Vite from assistant.worker.ts), answers come back as promises. Where Worker is missing (jsdom
// tests) the same work runs inline, so callers never need two paths.
import type { SuggestResult } from '@shared/assistant/types';
import type { ExtractionSchema } from '@shared/fields/types';
import type { AssistantRequest, AssistantResponse } from './assistant-protocol';

export interface AssistantWorker {
  onmessage: ((event: MessageEvent<AssistantResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: AssistantRequest): void;
  terminate(): void;
}

export interface AssistantClient {
  suggest(text: string, schema: ExtractionSchema, rejected: ReadonlySet<string>): Promise<SuggestResult>;
  /** Sentence splitting alone, with the time it took inside the worker (for the benchmark). */
  sentences(text: string): Promise<{ count: number; elapsedMs: number }>;
  /** Suggestions with the time they took inside the worker (for the benchmark). */
  timedSuggest(text: string, schema: ExtractionSchema): Promise<{ result: SuggestResult; elapsedMs: number }>;
  dispose(): void;
}

function moduleWorker(): AssistantWorker | null {
  if (typeof Worker === 'undefined') return null;
  // The literal form Vite and electron-vite recognise and bundle as a separate worker chunk.
  return new Worker(new URL('./assistant.worker.ts', import.meta.url), { type: 'module', name: 'margin-assistant' });
}

type Request = AssistantRequest extends infer R ? (R extends AssistantRequest ? Omit<R, 'id'> : never) : never;

export function createAssistantClient(createWorker: () => AssistantWorker | null = moduleWorker): AssistantClient {
  let worker: AssistantWorker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (answer: AssistantResponse) => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  const started = (): AssistantWorker | null => {
    if (worker) return worker;
    worker = createWorker();
    if (!worker) return null;
    worker.onmessage = (event) => {
      const waiting = pending.get(event.data.id);
      if (!waiting) return;
      pending.delete(event.data.id);
      waiting.resolve(event.data);
    };
    worker.onerror = (event) => {
      // A crashed worker answers nothing more: reject what it held and start afresh next time.
      event.preventDefault?.();
      worker?.terminate();
      worker = null;
      failAll(new Error(`The assistant stopped: ${event.message || 'unknown error'}`));
    };
    return worker;
  };
  const ask = async (request: Request): Promise<Exclude<AssistantResponse, { error: string }>> => {
    const full = { ...request, id: nextId++ } as AssistantRequest;
    const running = started();
    const answer = running
      ? await new Promise<AssistantResponse>((resolve, reject) => {
          pending.set(full.id, { resolve, reject });
          running.postMessage(full);
        })
      : // Loaded only here: the protocol carries wink-nlp and its model (megabytes), which the
        // window must not download at start when the worker does the work.
        (await import('./assistant-protocol')).handleAssistantRequest(full);
    if ('error' in answer) throw new Error(`The assistant could not read the document: ${answer.error}`);
    return answer;
  };
  return {
    async suggest(text, schema, rejected) {
      const answer = await ask({ kind: 'suggest', text, schema, rejected: [...rejected] });
      if (answer.kind !== 'suggest') throw new Error('The assistant answered another question.');
      return answer.result;
    },
    async timedSuggest(text, schema) {
      const answer = await ask({ kind: 'suggest', text, schema, rejected: [] });
      if (answer.kind !== 'suggest') throw new Error('The assistant answered another question.');
      return { result: answer.result, elapsedMs: answer.elapsedMs };
    },
    async sentences(text) {
      const answer = await ask({ kind: 'sentences', text });
      if (answer.kind !== 'sentences') throw new Error('The assistant answered another question.');
      return { count: answer.count, elapsedMs: answer.elapsedMs };
    },
    dispose() {
      worker?.terminate();
      worker = null;
      failAll(new Error('The assistant was closed.'));
    },
  };
}

let shared: AssistantClient | null = null;

/** The app's one assistant client (one worker, started on first use). */
export function assistantClient(): AssistantClient {
  shared ??= createAssistantClient();
  return shared;
}
