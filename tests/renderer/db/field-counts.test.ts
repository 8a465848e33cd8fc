// The library's per-document counts (field-counts.ts): applying any sequence of annotation writes
// (adds, edits, rejections, deletes, undeletes) as deltas leaves exactly the counts recomputed from the final annotations.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Annotation } from '@shared/model';
import { applyFieldCountChanges, countFilledValues } from '../../../renderer/src/db/field-counts';
import { freshDatabase } from '../../helpers/db';

const state = fc.record({
  documentId: fc.constantFrom('d1', 'd2'),
  creatorId: fc.constantFrom(undefined, 'ana', 'ben'),
  reviewId: fc.constantFrom(undefined, null, 'r1'),
  fieldKey: fc.constantFrom(null, 'dose', 'population', '__proto__'),
  value: fc.boolean(),
  rejected: fc.boolean(),
  deleted: fc.boolean(),
});

type State = typeof state extends fc.Arbitrary<infer T> ? T : never;

function annotationOf(id: string, s: State): Annotation {
  return {
    id,
    documentId: s.documentId,
    creatorId: s.creatorId,
    reviewId: s.reviewId,
    deletedAt: s.deleted ? '2026-12-01T00:00:00Z' : null,
    field: s.fieldKey === null ? null : { fieldKey: s.fieldKey, value: s.value ? { type: 'text', text: 'x' } : null, review: s.rejected ? { state: 'rejected' } : undefined },
  } as unknown as Annotation;
}

const sorted = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('per-document counts of filled values', () => {
  it('follow every write: the table equals the counts recomputed from the annotations (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.option(state, { nil: null })), { minLength: 1, maxLength: 25 }), async (writes) => {
        const db = freshDatabase();
        const stored = new Map<string, Annotation>();
        for (const [id, next] of writes) {
          const before = stored.get(id) ?? null;
          const after = next === null ? null : annotationOf(id, next);
          if (after === null) stored.delete(id);
          else stored.set(id, after);
          await db.transaction('rw', db.fieldCounts, () => applyFieldCountChanges(db.fieldCounts, [{ table: 'annotations', before, after }]));
        }
        expect(sorted(await db.fieldCounts.toArray())).toEqual(sorted(countFilledValues(stored.values())));
        db.close();
      }),
      { numRuns: 40 },
    );
  });
});
