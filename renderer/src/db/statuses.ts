// Review status repository: the reviewer's own progress marker for each document.
import { useLiveQuery } from 'dexie-react-hooks';
import type { DocumentId, DoneOverride, ReviewStatus, ReviewStatusValue } from '@shared/model';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { runChange } from './funnel';
import type { ChangeWriter } from './funnel';

export interface StatusOptions {
  now?: string;
  /**
   * For Done while required fields are empty: the fields the reviewer was shown and their reason.
   * The record keeps it with who and when, so the audit log holds the override too.
   */
  override?: { missingRequired: { key: string; label: string }[]; mentionedEmpty?: { key: string; label: string }[]; reason: string };
}

export async function setReviewStatus(db: MarginDatabase, documentId: DocumentId, status: ReviewStatusValue, options: StatusOptions = {}): Promise<void> {
  const mentioned = options.override?.mentionedEmpty ?? [];
  const overriding = status === 'done' && options.override !== undefined && (options.override.missingRequired.length > 0 || mentioned.length > 0);
  const action = overriding ? 'status.done-override' : 'status.set';
  await runChange(db, { action, label: overriding ? 'Done over empty required fields' : 'review status', documentId, now: options.now }, async (writer) => {
    if (!(await writer.get('documents', documentId))) throw new Error('That document is no longer in the library.');
    const reason = options.override?.reason.trim() ?? '';
    if (overriding && !reason) throw new Error('Say why the document is done while fields are empty.');
    const override: DoneOverride | null = overriding
      ? {
          missingRequired: options.override!.missingRequired.map(({ key, label }) => ({ key, label })),
          ...(mentioned.length > 0 ? { mentionedEmpty: mentioned.map(({ key, label }) => ({ key, label })) } : {}),
          reason,
          by: writer.reviewerId,
          at: writer.now,
        }
      : null;
    await writer.put<ReviewStatus>('statuses', { documentId, status, updatedAt: writer.now, ...(override ? { override } : {}) });
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

/** A document's review status record, live; undefined while reading, null without a document or record. */
export function useReviewStatusRecord(documentId: DocumentId | null): ReviewStatus | null | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => (documentId ? ((await db.statuses.get(documentId)) ?? null) : null), [db, documentId]);
}

/** A document's review status, live (Not started when none is stored); undefined while reading, null without a document. */
export function useReviewStatus(documentId: DocumentId | null): ReviewStatusValue | null | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => (documentId ? ((await db.statuses.get(documentId))?.status ?? 'not-started') : null), [db, documentId]);
}
