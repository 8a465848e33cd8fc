// The library's live read across documents: every table it needs read together, so one change gives
// one consistent update. (The evidence table's read is in evidence.ts.)
import { liveQuery } from 'dexie';
import type { Subscription } from 'dexie';
import { useLiveQuery, useObservable } from 'dexie-react-hooks';
import type { ExtractionSchema } from '@shared/fields/types';
import type { DocumentId, DocumentMeta, ReviewStatus } from '@shared/model';
import { visibleAnnotations } from '@shared/review/blinding';
import { readBlindingContext } from './blinding';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { listDocuments } from './document-list';
import { getActiveSchema } from './active-schema';

export interface LibraryRecords {
  /** In library order. */
  documents: DocumentMeta[];
  statuses: ReviewStatus[];
  schema: ExtractionSchema;
  /** For each document, the field keys that hold a readable value. */
  filledFieldKeys: Map<DocumentId, Set<string>>;
}

/**
 * For each document, the field keys that hold a readable value (for completeness in the library),
 * from the per-document counts (field-counts.ts): one small record per document and reviewer, not
 * every value. Blinded: a colleague's counts are hidden exactly as their values would be.
 */
export async function filledFieldKeysByDocument(db: MarginDatabase): Promise<Map<DocumentId, Set<string>>> {
  const map = new Map<DocumentId, Set<string>>();
  // The counts and who may see them are read together: one round of reads, not one after the other.
  const [counts, context] = await Promise.all([db.fieldCounts.toArray(), readBlindingContext(db)]);
  const visible = visibleAnnotations(
    context,
    counts.map((c) => ({ documentId: c.documentId, creatorId: c.creatorId ?? undefined, reviewId: c.reviewId, filled: c.filled })),
  );
  for (const c of visible) {
    const keys = map.get(c.documentId) ?? new Set<string>();
    for (const [key, n] of c.filled) if (n > 0) keys.add(key);
    map.set(c.documentId, keys);
  }
  return map;
}

/** Everything the library lists, read together (one query each, all at once). */
async function readLibraryRecords(db: MarginDatabase): Promise<LibraryRecords> {
  const [documents, statuses, schema, filledFieldKeys] = await Promise.all([listDocuments(db), db.statuses.toArray(), getActiveSchema(db), filledFieldKeysByDocument(db)]);
  return { documents, statuses, schema, filledFieldKeys };
}

type Observer<T> = { next?: (value: T) => void; error?: (error: unknown) => void };

/**
 * The library's live query, shared, with its latest value (useObservable reads getValue() in the
 * first render): started by prefetchLibraryRecords before React renders anything, so opening the
 * database and the reads run while the desk's first frame is built rather than after it, then
 * handed to the library when it mounts. Stopped once no one has listened for a moment.
 */
interface SharedLibraryQuery {
  subscribe(next?: Observer<LibraryRecords> | ((value: LibraryRecords) => void), error?: (error: unknown) => void): Subscription;
  hasValue(): boolean;
  getValue(): LibraryRecords;
  /** Starts the read with no one listening yet. */
  prefetch(): void;
}

const sharedQueries = new Map<MarginDatabase, SharedLibraryQuery>();
/** How long an unheard query stays: a component remounted at once (StrictMode, a moved subtree) keeps it. */
const LINGER_MS = 1_000;
/** How long a prefetched query waits for the library to mount (a slow machine's first render). */
const PREFETCH_LINGER_MS = 30_000;

function sharedLibraryQuery(db: MarginDatabase): SharedLibraryQuery {
  const existing = sharedQueries.get(db);
  if (existing) return existing;
  const observers = new Set<Observer<LibraryRecords>>();
  let latest: { value: LibraryRecords } | null = null;
  let failure: { error: unknown } | null = null;
  let source: Subscription | null = null;
  let linger: ReturnType<typeof setTimeout> | undefined;
  const start = () => {
    if (source) return;
    sharedQueries.set(db, query);
    source = liveQuery(() => readLibraryRecords(db)).subscribe({
      next(value) {
        latest = { value };
        failure = null;
        for (const observer of [...observers]) observer.next?.(value);
      },
      error(error: unknown) {
        failure = { error };
        for (const observer of [...observers]) observer.error?.(error);
      },
    });
  };
  // Stopped, it forgets its value (it would go stale); a later subscriber starts it again.
  const stopWhenUnheard = (ms: number) => {
    clearTimeout(linger);
    linger = setTimeout(() => {
      if (observers.size > 0 || !source) return;
      source.unsubscribe();
      source = null;
      latest = null;
      failure = null;
      if (sharedQueries.get(db) === query) sharedQueries.delete(db);
    }, ms);
  };
  const query: SharedLibraryQuery = {
    subscribe(next, error) {
      const observer: Observer<LibraryRecords> = typeof next === 'function' ? { next, ...(error ? { error } : {}) } : (next ?? {});
      clearTimeout(linger);
      start();
      observers.add(observer);
      if (failure) observer.error?.(failure.error);
      else if (latest) observer.next?.(latest.value);
      let closed = false;
      return {
        get closed() {
          return closed;
        },
        unsubscribe() {
          if (closed) return;
          closed = true;
          observers.delete(observer);
          if (observers.size === 0) stopWhenUnheard(LINGER_MS);
        },
      };
    },
    hasValue: () => latest !== null,
    getValue: () => {
      if (!latest) throw new Error('The library has not been read yet.');
      return latest.value;
    },
    prefetch() {
      if (source) return;
      start();
      stopWhenUnheard(PREFETCH_LINGER_MS);
    },
  };
  sharedQueries.set(db, query);
  return query;
}

/** Starts the library's read now (main.tsx, before the first render), for useLibraryRecords to take. */
export function prefetchLibraryRecords(db: MarginDatabase): void {
  sharedLibraryQuery(db).prefetch();
}

/** What the library lists, live; undefined while reading. */
export function useLibraryRecords(): LibraryRecords | undefined {
  const db = useDatabase();
  return useObservable(() => sharedLibraryQuery(db), [db]);
}

/**
 * The document the review goes to next: the first after `after` in library order that is not Done,
 * wrapping round; null when every document is Done. (Library order, until reviews with their own
 * order of documents exist.)
 */
export async function nextDocumentToReview(db: MarginDatabase, after: DocumentId | null): Promise<DocumentMeta | null> {
  const [documents, statuses] = await Promise.all([listDocuments(db), db.statuses.toArray()]);
  const done = new Set(statuses.filter((s) => s.status === 'done').map((s) => s.documentId));
  const at = after === null ? -1 : documents.findIndex((d) => d.id === after);
  for (let step = 1; step <= documents.length; step++) {
    const candidate = documents[(at + step + documents.length) % documents.length]!;
    if (candidate.id !== after && !done.has(candidate.id)) return candidate;
  }
  return null;
}

/** Every document's metadata in library order, live, while `enabled` (the command menu reads it only when open). */
export function useDocumentList(enabled: boolean): DocumentMeta[] {
  const db = useDatabase();
  return useLiveQuery(async () => (enabled ? listDocuments(db) : []), [db, enabled]) ?? EMPTY;
}
const EMPTY: DocumentMeta[] = [];
