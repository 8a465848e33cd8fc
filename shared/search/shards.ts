// The search index is split into shards, each a SQLite database of its own in a worker of its own,
// so a rebuild and every search run on all the machine's cores at once. A document (and its
// annotations) lives in exactly one shard, chosen by a stable hash of its id: the same id goes to
// the same shard in every session, so an update or a delete reaches the copy it replaces.
//
// Scores are each shard's own BM25: N, the average lengths and each word's document frequency are
// those of the shard, not of the whole library (Elasticsearch's default query_then_fetch ranks the
// same way). With documents spread by a hash those statistics are, shard for shard, a random half
// of the same library's, so they differ from the whole's only by sampling noise; the merge below
// then takes the best of the shards' best, which is the best of all their matches by those scores.

/** How many shards the index has. Changing it changes every document's shard: the index is rebuilt (see `shardName`). */
export const SEARCH_SHARDS = 2;

/**
 * The shard of a document: FNV-1a (32 bits) over the id's UTF-16 code units, mixed by MurmurHash3's
 * finaliser, modulo the count. FNV-1a alone will not do: its lowest bit is the parity of the
 * characters' lowest bits, so modulo 2 it would split ids by that parity. Plain arithmetic, so it is
 * the same in every worker, window and session.
 */
export function shardOf(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) % shards;
}

/** The name of a shard's worker and database: it says the count too, so a different split never opens an old one. */
export function shardName(shard: number, shards: number): string {
  return `margin-search-${shard}-of-${shards}`;
}

/** Splits items by the shard of their document, keeping their order within each shard. */
export function partitionByShard<T>(items: readonly T[], idOf: (item: T) => string, shards: number): T[][] {
  const parts: T[][] = Array.from({ length: shards }, () => []);
  for (const item of items) parts[shardOf(idOf(item), shards)]!.push(item);
  return parts;
}

/** Orders strings as SQLite's BINARY collation does (UTF-8 bytes, which is code point order). */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (a code point above U+FFFF) sorts after every other code unit in UTF-8.
    const xHigh = x >= 0xd800 && x <= 0xdfff;
    const yHigh = y >= 0xd800 && y <= 0xdfff;
    if (xHigh !== yHigh) return xHigh ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** A ranked hit as the merge sees it: BM25 scores are negative, lower is better (SQLite's bm25()). */
export interface ScoredHit {
  id: string;
  score: number;
}

/** Best score first; equal scores by id, so the merged order never depends on which shard answered first. */
export function byScore(a: ScoredHit, b: ScoredHit): number {
  return a.score - b.score || compareCodePoints(a.id, b.id);
}

/** A hit of a search by filters alone (no words): newest first, then by title, as each shard orders them. */
export interface DatedHit {
  id: string;
  year: number | null;
  title: string;
}

/** Newest first with no year last (SQLite's DESC puts NULL last), then by title, then by id. */
export function byYearThenTitle(a: DatedHit, b: DatedHit): number {
  if (a.year !== b.year) {
    if (a.year === null) return 1;
    if (b.year === null) return -1;
    return b.year - a.year;
  }
  return compareCodePoints(a.title, b.title) || compareCodePoints(a.id, b.id);
}

/**
 * The best `limit` of several shards' answers, each already its shard's best `limit` in `order`:
 * any hit in the best `limit` of all the shards' matches is within the best `limit` of its own
 * shard, so nothing better can be missing from the lists given.
 */
export function mergeTop<T>(lists: readonly (readonly T[])[], limit: number, order: (a: T, b: T) => number): T[] {
  return lists
    .flat()
    .sort(order)
    .slice(0, Math.max(0, limit));
}
