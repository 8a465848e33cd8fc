// Review status repository: the reviewer's own progress marker for each document.
import { useLiveQuery } from 'dexie-react-hooks';
import type { DocumentId, ReviewStatus, ReviewStatusValue } from '@shared/model';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';

export async function setReviewStatus(db: MarginDatabase, documentId: DocumentId, status: ReviewStatusValue, now: string): Promise<void> {
  await db.transaction('rw', db.statuses, db.documents, async () => {
    if (!(await db.documents.get(documentId))) throw new Error('That document is no longer in the library.');
    await db.statuses.put({ documentId, status, updatedAt: now });
  });
}

/** Moves a document from Not started to In progress (first extracted value); leaves other statuses alone. */
export async function markInProgress(db: MarginDatabase, documentId: DocumentId, now: string): Promise<void> {
  const current = await db.statuses.get(documentId);
  if (!current || current.status === 'not-started') await db.statuses.put({ documentId, status: 'in-progress', updatedAt: now });
}

export async function listStatuses(db: MarginDatabase): Promise<Map<DocumentId, ReviewStatus>> {
  const all = await db.statuses.toArray();
  return new Map(all.map((s) => [s.documentId, s]));
}

/** A document's review status, live (Not started when none is stored); undefined while reading, null without a document. */
export function useReviewStatus(documentId: DocumentId | null): ReviewStatusValue | null | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => (documentId ? ((await db.statuses.get(documentId))?.status ?? 'not-started') : null), [db, documentId]);
}
