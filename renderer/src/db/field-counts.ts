// Per-document counts of filled field values, so the library reads one small record per document
// and reviewer instead of every field value. Derived from the annotations: kept up to date by the
// change funnel in the transaction of every annotation write, rebuilt by the upgrade to version 8
// and after a streamed restore; never audited and never in a backup (it is rebuilt from what is).
import type { Table, Transaction } from 'dexie';
import { countsAsFilled } from '@shared/evidence/completeness';
import type { Annotation, DocumentId, ReviewerId } from '@shared/model';
import type { ReviewId } from '@shared/review/model';
import type { MarginDatabase } from './database';

/**
 * One document's filled values made by one reviewer in one review (or outside any): blinding decides
 * by exactly these three, so the library can hide a colleague's counts as it hid their values.
 */
export interface FieldCount {
  /** documentId, creatorId and reviewId joined by U+001F ('' for none). */
  id: string;
  documentId: DocumentId;
  creatorId: ReviewerId | null;
  reviewId: ReviewId | null;
  /** [field key, number of live values that fill it], sorted by key; never empty (an empty record is removed). */
  filled: [string, number][];
}

type CountsTable = Table<FieldCount, string>;

function groupOf(annotation: Annotation): Omit<FieldCount, 'filled'> {
  const creatorId = annotation.creatorId ?? null;
  const reviewId = annotation.reviewId ?? null;
  return { id: [annotation.documentId, creatorId ?? '', reviewId ?? ''].join('\u001f'), documentId: annotation.documentId, creatorId, reviewId };
}

/** The field key a stored annotation fills, or null (a highlight, a deleted or rejected value, a failed reading). */
function filledKey(annotation: Annotation | null | undefined): string | null {
  if (!annotation || annotation.deletedAt !== null || !annotation.field || !countsAsFilled(annotation.field)) return null;
  return annotation.field.fieldKey;
}

/** Adds `delta` to the count of `key` in `counts` (a Map: field keys are the schema author's text). */
function add(counts: Map<string, Map<string, number>>, group: string, key: string, delta: number): void {
  const byKey = counts.get(group) ?? new Map<string, number>();
  byKey.set(key, (byKey.get(key) ?? 0) + delta);
  counts.set(group, byKey);
}

function recordOf(group: Omit<FieldCount, 'filled'>, byKey: ReadonlyMap<string, number>): FieldCount {
  const filled = [...byKey].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { ...group, filled };
}

/**
 * Applies annotation changes (stored records before and after) to the counts. Called by the funnel
 * inside its transaction, so the counts commit or roll back with the write that changed them.
 */
export async function applyFieldCountChanges(table: CountsTable, changes: readonly { table: string; before: unknown; after: unknown }[]): Promise<void> {
  const deltas = new Map<string, Map<string, number>>();
  const groups = new Map<string, Omit<FieldCount, 'filled'>>();
  for (const change of changes) {
    if (change.table !== 'annotations') continue;
    for (const [record, sign] of [[change.before, -1], [change.after, 1]] as const) {
      const annotation = record as Annotation | null;
      const key = filledKey(annotation);
      if (key === null || !annotation) continue;
      const group = groupOf(annotation);
      groups.set(group.id, group);
      add(deltas, group.id, key, sign);
    }
  }
  if (deltas.size === 0) return;
  const ids = [...deltas.keys()];
  const stored = await table.bulkGet(ids);
  const put: FieldCount[] = [];
  const gone: string[] = [];
  ids.forEach((id, i) => {
    const byKey = new Map(stored[i]?.filled ?? []);
    for (const [key, delta] of deltas.get(id)!) byKey.set(key, (byKey.get(key) ?? 0) + delta);
    const record = recordOf(groups.get(id)!, byKey);
    if (record.filled.length === 0) gone.push(id);
    else put.push(record);
  });
  if (put.length > 0) await table.bulkPut(put);
  if (gone.length > 0) await table.bulkDelete(gone);
}

/** The counts as they follow from `annotations` (the upgrade, a restore, and the tests' oracle). */
export function countFilledValues(annotations: Iterable<Annotation>): FieldCount[] {
  const counts = new Map<string, Map<string, number>>();
  const groups = new Map<string, Omit<FieldCount, 'filled'>>();
  for (const annotation of annotations) {
    const key = filledKey(annotation);
    if (key === null) continue;
    const group = groupOf(annotation);
    groups.set(group.id, group);
    add(counts, group.id, key, 1);
  }
  return [...counts].map(([id, byKey]) => recordOf(groups.get(id)!, byKey));
}

/** Builds the counts again from the stored annotations; run inside a transaction holding both tables. */
export async function rebuildFieldCounts(db: MarginDatabase | Transaction): Promise<void> {
  const annotations = (db as Transaction).table('annotations') as Table<Annotation, string>;
  const counts = (db as Transaction).table('fieldCounts') as CountsTable;
  // Only field values are in the field.fieldKey index: plain highlights are never read.
  const values = await annotations.where('field.fieldKey').aboveOrEqual('').toArray();
  await counts.clear();
  await counts.bulkAdd(countFilledValues(values));
}
