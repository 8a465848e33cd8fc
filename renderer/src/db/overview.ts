// The library's live read across documents: every table it needs read together, so one change gives
// one consistent update. (The evidence table's read is in evidence.ts.)
import { useLiveQuery } from 'dexie-react-hooks';
import type { ExtractionSchema } from '@shared/fields/types';
import type { DocumentId, DocumentMeta, ReviewStatus } from '@shared/model';
import { visibleToViewer } from './blinding';
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
  const counts = await db.fieldCounts.toArray();
  const visible = await visibleToViewer(
    db,
    counts.map((c) => ({ documentId: c.documentId, creatorId: c.creatorId ?? undefined, reviewId: c.reviewId, filled: c.filled })),
  );
  for (const c of visible) {
    const keys = map.get(c.documentId) ?? new Set<string>();
    for (const [key, n] of c.filled) if (n > 0) keys.add(key);
    map.set(c.documentId, keys);
  }
  return map;
}

/** What the library lists, live; undefined while reading. */
export function useLibraryRecords(): LibraryRecords | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => {
    const [documents, statuses, schema, filledFieldKeys] = await Promise.all([listDocuments(db), db.statuses.toArray(), getActiveSchema(db), filledFieldKeysByDocument(db)]);
    return { documents, statuses, schema, filledFieldKeys };
  }, [db]);
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
