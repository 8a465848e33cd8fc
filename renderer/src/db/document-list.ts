// The library's order of documents, apart from documents.ts so the first screen reads it without
// the import and edit paths (hashing, the change funnel) that documents.ts brings.
import type { DocumentMeta } from '@shared/model';
import type { MarginDatabase } from './database';

/** Bundled documents first (by file name), then imports in the order they were added. */
export async function listDocuments(db: MarginDatabase): Promise<DocumentMeta[]> {
  const all = await db.documents.toArray();
  return [...all].sort((a, b) =>
    a.origin !== b.origin ? (a.origin === 'bundled' ? -1 : 1) : a.origin === 'bundled' ? a.fileName.localeCompare(b.fileName) : a.addedAt.localeCompare(b.addedAt),
  );
}
