// The renderer's side of the search index: requests go to the index's shards, one module worker
// each (shared/search/shards.ts: a document lives in the shard its id hashes to), and come back as
// promises; a search asks every shard at once and merges their best. Where Worker is missing
// (tests in jsdom) the same host runs inline, a shard to an in-memory database, so callers never
// need two paths and the screen can say the index is not kept.
import type { ParsedQuery } from '@shared/search/query';
import type { TextRange } from '@shared/search/marked';
import { byScore, byYearThenTitle, mergeTop, partitionByShard, SEARCH_SHARDS, shardName, shardOf } from '@shared/search/shards';
import type { handleSearchRequest, OpenIndex } from './search-host';
import type { DocumentHit, IndexStorage, NoteHit, ScoredRow, SearchAnswer, SearchDocument, SearchNote, SearchRequest, SearchResponse } from './search-protocol';

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

function moduleWorker(shard: number, shards: number): SearchWorker | null {
  if (typeof Worker === 'undefined') return null;
  // The literal form Vite and electron-vite recognise and bundle (with sqlite3.wasm) as a worker
  // chunk; the name tells the worker which shard's database it holds.
  return new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: shardName(shard, shards) });
}

type Answer<T extends SearchRequest['type']> = Extract<SearchAnswer, { type: T extends 'upsert' | 'remove' | 'replace-notes' | 'clear' ? 'done' : T }>;

/** One shard: its worker (started on first use), or the host inline where there is none. */
function shardChannel(shard: number, shards: number, createWorker: (shard: number, shards: number) => SearchWorker | null) {
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
    worker = createWorker(shard, shards);
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

  const send = async <T extends SearchRequest['type']>(body: Body<T>): Promise<Answer<T>> => {
    const request = { ...body, id: nextId++ } as SearchRequest;
    const target = started();
    if (!target) {
      inline ??= import('./search-host').then((host) => ({ index: host.openIndex(false, shardName(shard, shards)), handle: host.handleSearchRequest }));
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

  return {
    send,
    dispose() {
      worker?.terminate();
      worker = undefined;
      failAll(new Error('The search index was closed.'));
    },
  };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/**
 * `createWorker(shard, shards)` makes the worker of one shard (null where there are none: the
 * shards then run inline). Every write goes to every shard, each getting only its own documents
 * (an empty part too: a rebuild's last batch, `more` false, commits each shard's transaction).
 */
export function createSearchClient(createWorker: (shard: number, shards: number) => SearchWorker | null = moduleWorker, shards = SEARCH_SHARDS): SearchClient {
  const channels = Array.from({ length: shards }, (_, shard) => shardChannel(shard, shards, createWorker));
  const all = <T extends SearchRequest['type']>(body: (shard: number) => Body<T>) => Promise.all(channels.map((channel, shard) => channel.send<T>(body(shard))));

  const rank = async (query: ParsedQuery, limit: number): Promise<DocumentHit[]> => {
    if (query.match === null) {
      // Filters alone: nothing to mark, each shard answers its newest and the client merges them.
      const lists = await all<'rank'>(() => ({ type: 'rank', query, limit }));
      return mergeTop(
        lists.map((answer) => answer.hits),
        limit,
        byYearThenTitle,
      );
    }
    // Query then fetch: every shard ranks at once, the client merges their best by score, then each
    // shard marks only its rows among the winners (about limit / shards each, not limit each:
    // marking is a quarter of a shard's work on a common word).
    const lists = await all<'best'>(() => ({ type: 'best', query, limit }));
    const winners = mergeTop(
      lists.map((answer, shard) => answer.hits.map((hit) => ({ ...hit, shard }))),
      limit,
      byScore,
    );
    // A row number means something only in the shard that ranked it.
    const shown = await Promise.all(
      channels.map(async (channel, shard) => {
        const rows: ScoredRow[] = winners.filter((hit) => hit.shard === shard).map(({ row, id, score }) => ({ row, id, score }));
        return rows.length === 0 ? [] : (await channel.send<'show'>({ type: 'show', query, rows })).hits;
      }),
    );
    return shown.flat().sort(byScore);
  };
  const count = async (query: ParsedQuery) => sum((await all<'count'>(() => ({ type: 'count', query }))).map((answer) => answer.total));

  return {
    async open() {
      const answers = await all<'open'>(() => ({ type: 'open' }));
      // Kept only if every shard is kept: one in memory means part of the index is rebuilt each session.
      const storage: IndexStorage = answers.find((answer) => answer.storage.kind === 'memory')?.storage ?? { kind: 'opfs' };
      return { storage, documents: sum(answers.map((answer) => answer.documents)) };
    },
    async upsert(documents, more = false) {
      const parts = partitionByShard(documents, (doc) => doc.id, shards);
      return sum((await all<'upsert'>((shard) => ({ type: 'upsert', documents: parts[shard]!, more }))).map((answer) => answer.documents));
    },
    async remove(ids) {
      const parts = partitionByShard(ids, (id) => id, shards);
      return sum((await all<'remove'>((shard) => ({ type: 'remove', ids: parts[shard]! }))).map((answer) => answer.documents));
    },
    async replaceNotes(documentIds, notes, stamps) {
      // A document's annotations live in its shard, beside it (their filters join its row there).
      const ids = partitionByShard(documentIds, (id) => id, shards);
      const byDocument = partitionByShard(notes, (note) => note.documentId, shards);
      const stampsOf = partitionByShard(stamps, ([document]) => document, shards);
      await all<'replace-notes'>((shard) => ({ type: 'replace-notes', documentIds: ids[shard]!, notes: byDocument[shard]!, stamps: stampsOf[shard]! }));
    },
    async clear() {
      await all<'clear'>(() => ({ type: 'clear' }));
    },
    async stamps() {
      const answers = await all<'stamps'>(() => ({ type: 'stamps' }));
      return { documents: answers.flatMap((answer) => answer.documents), notes: answers.flatMap((answer) => answer.notes) };
    },
    async search(query, limit) {
      // Both asked at once: each worker answers in order, so the ranking never waits for the count.
      const [hits, total] = await Promise.all([rank(query, limit), count(query)]);
      return { hits, total };
    },
    rank,
    count,
    async searchNotes(query, limit) {
      const answers = await all<'search-notes'>(() => ({ type: 'search-notes', query, limit }));
      return { hits: mergeTop(answers.map((answer) => answer.hits), limit, byScore), total: sum(answers.map((answer) => answer.total)) };
    },
    async locate(documentId, query) {
      return (await channels[shardOf(documentId, shards)]!.send<'locate'>({ type: 'locate', documentId, query })).ranges;
    },
    dispose() {
      for (const channel of channels) channel.dispose();
    },
  };
}

export interface UpsertPipeline {
  /** Sends a batch once fewer than `depth` are being indexed; `indexed` is called when it is. A failure of an earlier batch is thrown here. */
  push(documents: SearchDocument[], more: boolean, indexed?: () => void): Promise<void>;
  /** Waits for every batch sent; throws the first failure, if any. */
  drain(): Promise<void>;
}

/**
 * A rebuild's batches, sent while the ones before them are still being indexed (at most `depth` in
 * flight): the window's thread reads and builds the next batch while the shards index the last,
 * where awaiting each batch left the shards idle for all of that (about a tenth of indexing 50,000
 * abstracts). Each shard answers its messages in turn, so batches are written in the order sent.
 * After a failure nothing more is sent: the batches in flight settle, then the failure is thrown.
 */
export function upsertPipeline(client: Pick<SearchClient, 'upsert'>, depth = 2): UpsertPipeline {
  const inFlight: Promise<void>[] = [];
  let failure: { error: unknown } | null = null;
  const settleOne = async () => {
    try {
      await inFlight.shift();
    } catch (error) {
      failure ??= { error };
    }
  };
  const drain = async () => {
    while (inFlight.length > 0) await settleOne();
    if (failure) throw failure.error;
  };
  return {
    async push(documents, more, indexed) {
      while (inFlight.length >= depth && failure === null) await settleOne();
      if (failure) return drain();
      const sent = client.upsert(documents, more).then(() => indexed?.());
      // Awaited later, in order; marked handled now so a failure waiting its turn is not reported as unhandled.
      sent.catch(() => undefined);
      inFlight.push(sent);
    },
    drain,
  };
}
