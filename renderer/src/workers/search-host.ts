// Opens the search index and answers requests, the same code in the worker and, where Workers are
// missing (jsdom), inline. OPFS is tried first through the SAH-pool VFS (it needs no COOP/COEP
// headers, only a worker); where it cannot open (no OPFS, another window holds it) the index lives
// in memory for this session and the screen says so: it is rebuilt from Dexie either way.
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { Database } from '@sqlite.org/sqlite-wasm';
import { SEARCH_SHARDS, shardName } from '@shared/search/shards';
import { SearchEngine } from './search-engine';
import type { IndexStorage, SearchAnswer, SearchRequest, SearchResponse } from './search-protocol';

const CACHE_KIB = 64 * 1024;

export interface OpenIndex {
  engine: SearchEngine;
  storage: IndexStorage;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let loaded: ReturnType<typeof sqlite3InitModule> | null = null;
/** One sqlite-wasm instance per thread: the shards held inline (no workers) share it. */
const sqlite = () => (loaded ??= sqlite3InitModule());

/**
 * Where the index lived before it was split into shards: one worker's SAH pool named 'margin-search'
 * (the VFS keeps a pool in a directory of that name with a dot before it). Nothing reads it any more.
 */
const UNSHARDED_POOL_DIRECTORY = '.margin-search';

/** Frees the unsharded index's space; it may be absent, or held by a window still running the older version. */
async function removeUnshardedPool(): Promise<void> {
  try {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry(UNSHARDED_POOL_DIRECTORY, { recursive: true });
  } catch {
    // Nothing to free, or not now: the next start tries again.
  }
}

/**
 * Opens one shard of the index: persistent in OPFS where `persistent` and the host allow it, else
 * in memory. `name` (shared/search/shards.ts `shardName`) names the shard's own SAH pool and file:
 * a pool is held by one worker only, so each shard's worker has its own.
 */
export async function openIndex(persistent: boolean, name: string, memoryReason = 'Workers are unavailable here'): Promise<OpenIndex> {
  const sqlite3 = await sqlite();
  let db: Database | null = null;
  let storage: IndexStorage = { kind: 'memory', reason: memoryReason };
  if (persistent) {
    try {
      if (name === shardName(0, SEARCH_SHARDS)) void removeUnshardedPool();
      const pool = await sqlite3.installOpfsSAHPoolVfs({ name });
      db = new pool.OpfsSAHPoolDb(`/${name}.sqlite3`);
      // SQLite's default page cache is 2 MB: a common word's leaves (several MB over a shard's
      // 25,000 abstracts) would be read from the file again at every search. 64 MB keeps them in
      // the worker's memory. (The benchmark runs in memory, so this is not in its figures.)
      db.exec(`PRAGMA cache_size = -${CACHE_KIB}`);
      storage = { kind: 'opfs' };
    } catch (error) {
      storage = { kind: 'memory', reason: `the browser's private file storage (OPFS) could not be opened: ${reasonOf(error)}` };
    }
  }
  db ??= new sqlite3.oo1.DB(':memory:', 'c');
  try {
    return { engine: new SearchEngine(db), storage };
  } catch (error) {
    // A damaged file: start again in memory rather than not at all; Dexie still holds everything.
    return { engine: new SearchEngine(new sqlite3.oo1.DB(':memory:', 'c')), storage: { kind: 'memory', reason: `the stored index could not be read: ${reasonOf(error)}` } };
  }
}

function answer(index: OpenIndex, request: SearchRequest): SearchAnswer {
  const { engine } = index;
  switch (request.type) {
    case 'open':
      return { type: 'open', storage: index.storage, documents: engine.documentCount() };
    case 'upsert':
      engine.upsert(request.documents, request.more);
      return { type: 'done', documents: engine.documentCount() };
    case 'remove':
      engine.remove(request.ids);
      return { type: 'done', documents: engine.documentCount() };
    case 'replace-notes':
      engine.replaceNotes(request.documentIds, request.notes, request.stamps);
      return { type: 'done', documents: engine.documentCount() };
    case 'clear':
      engine.clear();
      return { type: 'done', documents: 0 };
    case 'stamps':
      return { type: 'stamps', ...engine.stamps() };
    case 'rank':
      return { type: 'rank', hits: engine.rank(request.query, request.limit) };
    case 'best':
      return { type: 'best', hits: engine.best(request.query, request.limit) };
    case 'show':
      return { type: 'show', hits: engine.show(request.query, request.rows) };
    case 'count':
      return { type: 'count', total: engine.count(request.query) };
    case 'search-notes':
      return { type: 'search-notes', ...engine.searchNotes(request.query, request.limit) };
    case 'locate':
      return { type: 'locate', ranges: engine.locate(request.documentId, request.query) };
  }
}

/** Answers one request; a failure comes back as a message, never as a thrown error across the boundary. */
export async function handleSearchRequest(index: Promise<OpenIndex>, request: SearchRequest): Promise<SearchResponse> {
  try {
    return { id: request.id, ok: true, answer: answer(await index, request) };
  } catch (error) {
    return { id: request.id, ok: false, message: reasonOf(error) };
  }
}

/** The part of a worker's scope (a dedicated worker's, or a Node worker thread's port) the host answers on. */
export interface SearchPort {
  onRequest(listener: (request: SearchRequest) => void): void;
  postMessage(message: SearchResponse): void;
}

/** Answers a port's requests one at a time, in order, so a search never sees a half-applied batch. */
export function serveSearch(port: SearchPort, index: Promise<OpenIndex>): void {
  let queue: Promise<unknown> = Promise.resolve();
  port.onRequest((request) => {
    queue = queue.then(async () => port.postMessage(await handleSearchRequest(index, request)));
  });
}
