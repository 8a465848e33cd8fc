// One document's metadata and text as the reader shows them: loading, missing, or ready.
import type { DocumentId, DocumentMeta } from '@shared/model';
import { useStoredDocument } from '../db/documents';

export type LoadedDocument = { state: 'loading' } | { state: 'missing' } | { state: 'ready'; meta: DocumentMeta; text: string };

export function useDocument(documentId: DocumentId | null): LoadedDocument | null {
  const stored = useStoredDocument(documentId);
  if (!documentId) return null;
  if (stored === undefined) return { state: 'loading' };
  return stored === null ? { state: 'missing' } : { state: 'ready', ...stored };
}
