// The renderer's side of the search worker: requests go to one module worker and come back as
// promises. Where Worker is missing (tests in jsdom) the same host runs inline on an in-memory
// database, so callers never need two paths and the screen can say the index is not kept.
import type { ParsedQuery } from '@shared/search/query';
import type { TextRange } from '@shared/search/marked';
import type { handleSearchRequest, OpenIndex } from './search-host';
import type { DocumentHit, IndexStorage, NoteHit, SearchAnswer, SearchDocument, SearchNote, SearchRequest, SearchResponse } from './search-protocol';

/** What the client needs of a Worker; tests pass a stand-in. */
export interface SearchWorker {
  onmessage: ((event: MessageEvent<SearchResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: SearchRequest): void;
  terminate(): void;
}

type Body<T extends SearchRequest['type']> = Omit<Extract<SearchRequest, { type: T }>, 'id'>;

export interface SearchClient {
  open(): Promise<{ storage: IndexStorage; documents: number }>;
  /** `more`: further batches of the same rebuild follow (they are committed together with the last). */
  upsert(documents: SearchDocument[], more?: boolean): Promise<number>;
  remove(ids: string[]): Promise<number>;
  replaceNotes(documentIds: string[], notes: SearchNote[], stamps: [string, string][]): Promise<void>;
  clear(): Promise<void>;
  stamps(): Promise<{ documents: [string, string][]; notes: [string, string][] }>;
  search(query: ParsedQuery, limit: number): Promise<{ hits: DocumentHit[]; total: number }>;
  /** The best `limit` documents, answered before the worker counts them all (`count`, asked right after). */
  rank(query: ParsedQuery, limit: number): Promise<DocumentHit[]>;
  count(query: ParsedQuery): Promise<number>;
  searchNotes(query: ParsedQuery, limit: number): Promise<{ hits: NoteHit[]; total: number }>;
  locate(documentId: string, query: ParsedQuery): Promise<TextRange[]>;
  dispose(): void;
}

function moduleWorker(): SearchWorker | null {
  if (typeof Worker === 'undefined') return null;
  // The literal form Vite and electron-vite recognise and bundle (with sqlite3.wasm) as a worker chunk.
  return new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'margin-search' });
}

export function createSearchClient(createWorker: () => SearchWorker | null = moduleWorker): SearchClient {
  let worker: SearchWorker | null | undefined;
  // Loaded only where there is no worker, so sqlite-wasm never weighs on the page's own bundle.
  let inline: Promise<{ index: Promise<OpenIndex>; handle: typeof handleSearchRequest }> | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (answer: SearchAnswer) => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };

  const started = (): SearchWorker | null => {
    if (worker !== undefined) return worker;
    worker = createWorker();
    if (!worker) return null;
    worker.onmessage = (event) => {
      const response = event.data;
      const waiting = pending.get(response.id);
      if (!waiting) return;
      pending.delete(response.id);
      if (response.ok) waiting.resolve(response.answer);
      else waiting.reject(new Error(response.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      failAll(new Error(`The search index stopped: ${event.message || 'its worker failed to start'}`));
    };
    return worker;
  };

  const send = async <T extends SearchRequest['type']>(body: Body<T>): Promise<Extract<SearchAnswer, { type: T extends 'upsert' | 'remove' | 'replace-notes' | 'clear' ? 'done' : T }>> => {
    const request = { ...body, id: nextId++ } as SearchRequest;
    const target = started();
    if (!target) {
      inline ??= import('./search-host').then((host) => ({ index: host.openIndex(false), handle: host.handleSearchRequest }));
      const { index, handle } = await inline;
      const response = await handle(index, request);
      if (!response.ok) throw new Error(response.message);
      return response.answer as never;
    }
    return new Promise((resolve, reject) => {
      pending.set(request.id, { resolve: resolve as (answer: SearchAnswer) => void, reject });
      target.postMessage(request);
    });
  };

  const rank = async (query: ParsedQuery, limit: number) => (await send<'rank'>({ type: 'rank', query, limit })).hits;
  const count = async (query: ParsedQuery) => (await send<'count'>({ type: 'count', query })).total;

  return {
    async open() {
      const { storage, documents } = await send<'open'>({ type: 'open' });
      return { storage, documents };
    },
    async upsert(documents, more = false) {
      return (await send<'upsert'>({ type: 'upsert', documents, more })).documents;
    },
    async remove(ids) {
      return (await send<'remove'>({ type: 'remove', ids })).documents;
    },
    async replaceNotes(documentIds, notes, stamps) {
      await send<'replace-notes'>({ type: 'replace-notes', documentIds, notes, stamps });
    },
    async clear() {
      await send<'clear'>({ type: 'clear' });
    },
    async stamps() {
      const { documents, notes } = await send<'stamps'>({ type: 'stamps' });
      return { documents, notes };
    },
    async search(query, limit) {
      // Both asked at once: the worker answers in order, so the ranking never waits for the count.
      const [hits, total] = await Promise.all([rank(query, limit), count(query)]);
      return { hits, total };
    },
    rank,
    count,
    async searchNotes(query, limit) {
      const { hits, total } = await send<'search-notes'>({ type: 'search-notes', query, limit });
      return { hits, total };
    },
    async locate(documentId, query) {
      return (await send<'locate'>({ type: 'locate', documentId, query })).ranges;
    },
    dispose() {
      worker?.terminate();
      worker = undefined;
      failAll(new Error('The search index was closed.'));
    },
  };
}
