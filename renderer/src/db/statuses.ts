// Review status repository: the reviewer's own progress marker for each document.
import { useLiveQuery } from 'dexie-react-hooks';
import type { DocumentId, ReviewStatus, ReviewStatusValue } from '@shared/model';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { runChange } from './funnel';
import type { ChangeWriter } from './funnel';

export async function setReviewStatus(db: MarginDatabase, documentId: DocumentId, status: ReviewStatusValue, options: { now?: string } = {}): Promise<void> {
  await runChange(db, { action: 'status.set', label: 'review status', documentId, now: options.now }, async (writer) => {
    if (!(await writer.get('documents', documentId))) throw new Error('That document is no longer in the library.');
    await writer.put<ReviewStatus>('statuses', { documentId, status, updatedAt: writer.now });
  });
}

/**
 * Part of an action that writes a value: moves a document from Not started to In progress (the
 * first extracted value starts the review), and never touches Done, Unavailable or In progress.
 */
export async function markInProgress(writer: ChangeWriter, documentId: DocumentId): Promise<void> {
  const current = await writer.get<ReviewStatus>('statuses', documentId);
  if (!current || current.status === 'not-started') await writer.put<ReviewStatus>('statuses', { documentId, status: 'in-progress', updatedAt: writer.now });
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
