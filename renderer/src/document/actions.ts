// Annotation actions as the UI performs them: the repository write plus its undo entry.
import type { Annotation, AnnotationId } from '@shared/model';
import type { MarginDatabase } from '../db/database';
import { createAnnotation, deleteAnnotations, updateAnnotation } from '../db/annotations';
import type { AnnotationChanges, NewAnnotation } from '../db/annotations';
import { tombstoneOf, useHistory } from './history';

const now = () => new Date().toISOString();

export async function createWithUndo(db: MarginDatabase, input: NewAnnotation, creator: string, label = 'highlight'): Promise<Annotation> {
  const created = await createAnnotation(db, input, creator, now());
  useHistory.getState().record({ label, before: [tombstoneOf(created, created.createdAt)], after: [created] });
  return created;
}

export async function updateWithUndo(db: MarginDatabase, id: AnnotationId, changes: AnnotationChanges, label = 'edit'): Promise<Annotation> {
  const { before, after } = await updateAnnotation(db, id, changes, now());
  useHistory.getState().record({ label, before: [before], after: [after] });
  return after;
}

export async function deleteWithUndo(db: MarginDatabase, records: readonly Annotation[], label = 'delete'): Promise<void> {
  const deleted = await deleteAnnotations(
    db,
    records.map((r) => r.id),
    now(),
  );
  if (deleted.length === 0) return;
  const byId = new Map(records.map((r) => [r.id, r]));
  useHistory.getState().record({ label, before: deleted.map((d) => byId.get(d.id) ?? { ...d, deletedAt: null }), after: deleted });
}
