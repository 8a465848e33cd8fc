// Originals repository: the file a document was imported from (a PDF), read for the page view and
// the annotated PDF. Written only by the import (documents.ts) and restore (backup.ts).
import { useLiveQuery } from 'dexie-react-hooks';
import type { DocumentId, DocumentOriginal } from '@shared/model';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';

export async function getOriginal(db: MarginDatabase, documentId: DocumentId): Promise<DocumentOriginal | null> {
  return (await db.originals.get(documentId)) ?? null;
}

/** The document's original; null when it has none, undefined while reading. */
export function useOriginal(documentId: DocumentId | null): DocumentOriginal | null | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => (documentId ? getOriginal(db, documentId) : null), [db, documentId]);
}
