// Reads one document's metadata and text from Dexie. The text never changes, so it is read once per id.
import { useLiveQuery } from 'dexie-react-hooks';
import type { DocumentId, DocumentMeta } from '@shared/model';
import { useDatabase } from '../db/context';
import { readText } from '../db/text-cache';

export type LoadedDocument = { state: 'loading' } | { state: 'missing' } | { state: 'ready'; meta: DocumentMeta; text: string };

export function useDocument(documentId: DocumentId | null): LoadedDocument | null {
  const db = useDatabase();
  const result = useLiveQuery(async (): Promise<LoadedDocument | null> => {
    if (!documentId) return null;
    const [meta, text] = await Promise.all([db.documents.get(documentId), readText(db, documentId)]);
    if (!meta || text === undefined) return { state: 'missing' };
    return { state: 'ready', meta, text };
  }, [db, documentId]);
  if (!documentId) return null;
  return result ?? { state: 'loading' };
}
