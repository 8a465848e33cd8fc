// One document's metadata and text as the reader shows them: loading, missing, or ready.
import { useMemo } from 'react';
import type { DocumentId, DocumentMeta } from '@shared/model';
import type { TextSource } from '@shared/text/text-source';
import { useStoredDocument } from '../db/documents';

export type LoadedDocument = { state: 'loading' } | { state: 'missing' } | { state: 'ready'; meta: DocumentMeta; text: TextSource };

const LOADING: LoadedDocument = { state: 'loading' };
const MISSING: LoadedDocument = { state: 'missing' };

export function useDocument(documentId: DocumentId | null): LoadedDocument | null {
  const stored = useStoredDocument(documentId);
  // The same object while nothing changed, so what is built from it is not rebuilt.
  return useMemo(() => {
    if (!documentId) return null;
    if (stored === undefined) return LOADING;
    return stored === null ? MISSING : { state: 'ready', ...stored };
  }, [documentId, stored]);
}
