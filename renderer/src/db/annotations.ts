// Annotations repository. Every user action is one transaction and returns the records needed to
// undo it; deletions are tombstones (deletedAt) so undo and a later sync can restore them.
import { countsAsFilled } from '@shared/evidence';
import type { Annotation, AnnotationId, DocumentId, FieldTag, HighlightColor, TextSelectors } from '@shared/model';
import type { MarginDatabase } from './database';
import { markInProgress } from './statuses';

export interface NewAnnotation {
  documentId: DocumentId;
  target: TextSelectors | null;
  color: HighlightColor;
  note?: string;
  tags?: string[];
  field?: FieldTag | null;
}

export type AnnotationChanges = Partial<Pick<Annotation, 'color' | 'note' | 'tags' | 'field' | 'target'>>;

export function newAnnotationId(): AnnotationId {
  return crypto.randomUUID() as AnnotationId;
}

/** Tags as a reviewer means them: trimmed, no empties, no duplicates (case-insensitive), in given order. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}

export async function createAnnotation(db: MarginDatabase, input: NewAnnotation, creator: string, now: string): Promise<Annotation> {
  const annotation: Annotation = {
    id: newAnnotationId(),
    documentId: input.documentId,
    target: input.target,
    color: input.color,
    note: input.note ?? '',
    tags: normalizeTags(input.tags ?? []),
    field: input.field ?? null,
    creator,
    createdAt: now,
    modifiedAt: now,
    deletedAt: null,
  };
  await db.transaction('rw', db.annotations, db.statuses, db.documents, async () => {
    if (!(await db.documents.get(input.documentId))) throw new Error('That document is no longer in the library.');
    await db.annotations.add(annotation);
    // The first extracted value starts the review.
    if (annotation.field) await markInProgress(db, input.documentId, now);
  });
  return annotation;
}

/** Applies changes; returns the record before and after so the change can be undone. */
export async function updateAnnotation(
  db: MarginDatabase,
  id: AnnotationId,
  changes: AnnotationChanges,
  now: string,
): Promise<{ before: Annotation; after: Annotation }> {
  return db.transaction('rw', db.annotations, db.statuses, async () => {
    const before = await db.annotations.get(id);
    if (!before || before.deletedAt) throw new Error('That annotation no longer exists.');
    const after: Annotation = {
      ...before,
      ...changes,
      tags: changes.tags ? normalizeTags(changes.tags) : before.tags,
      modifiedAt: now,
    };
    await db.annotations.put(after);
    if (after.field && !before.field) await markInProgress(db, after.documentId, now);
    return { before, after };
  });
}

/** Marks annotations deleted (tombstones) in one transaction. */
export async function deleteAnnotations(db: MarginDatabase, ids: readonly AnnotationId[], now: string): Promise<Annotation[]> {
  return db.transaction('rw', db.annotations, async () => {
    const found = (await db.annotations.bulkGet([...ids])).filter((a): a is Annotation => a !== undefined && a.deletedAt === null);
    const deleted = found.map((a) => ({ ...a, deletedAt: now, modifiedAt: now }));
    await db.annotations.bulkPut(deleted);
    return deleted;
  });
}

/** Puts records back exactly as given (undo and redo restore whole records), in one transaction. */
export async function restoreAnnotations(db: MarginDatabase, records: readonly Annotation[]): Promise<void> {
  await db.transaction('rw', db.annotations, async () => {
    await db.annotations.bulkPut([...records]);
  });
}

/**
 * The live (not deleted) annotations of a document. Tombstones are dropped after the read: a plain
 * index query is served by IndexedDB's getAll, many times faster than a filtered cursor walk.
 */
export async function listAnnotations(db: MarginDatabase, documentId: DocumentId): Promise<Annotation[]> {
  const all = await db.annotations.where('documentId').equals(documentId).toArray();
  return all.filter((a) => a.deletedAt === null);
}

/** For each document, the field keys that hold a readable value (for completeness in the library). */
export async function filledFieldKeysByDocument(db: MarginDatabase): Promise<Map<DocumentId, Set<string>>> {
  const map = new Map<DocumentId, Set<string>>();
  // Only field values are in the field.fieldKey index; plain highlights are never read here.
  const values = await db.annotations.where('field.fieldKey').aboveOrEqual('').toArray();
  for (const a of values) {
    if (a.deletedAt !== null || !a.field || !countsAsFilled(a.field)) continue;
    const keys = map.get(a.documentId) ?? new Set<string>();
    keys.add(a.field.fieldKey);
    map.set(a.documentId, keys);
  }
  return map;
}

/**
 * The live annotations of a document that start in [from, to): a small indexed read for painting the
 * highlights in view before the whole set has loaded. Offsets are stored positions, which stay exact
 * because a document's text never changes.
 */
export async function listAnnotationsStartingIn(db: MarginDatabase, documentId: DocumentId, from: number, to: number): Promise<Annotation[]> {
  const found = await db.annotations
    .where('[documentId+target.position.start]')
    .between([documentId, Math.max(0, from)], [documentId, to], true, false)
    .toArray();
  return found.filter((a) => a.deletedAt === null);
}
