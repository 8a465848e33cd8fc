import { Dexie } from 'dexie';
import { describe as suite, expect, it } from 'vitest';
import type { Annotation, AnnotationId, DocumentId } from '@shared/model';
import { listAnnotationsStartingIn } from '../../../renderer/src/db/annotations';
import { openDatabase } from '../../../renderer/src/db/database';

const doc = 'd'.repeat(64) as DocumentId;

function annotation(id: string, start: number, deleted = false): Annotation {
  return {
    id: id as AnnotationId,
    documentId: doc,
    target: { position: { type: 'TextPositionSelector', start, end: start + 5 }, quote: { type: 'TextQuoteSelector', exact: 'xxxxx', prefix: '', suffix: '' } },
    color: 'yellow',
    note: '',
    tags: [],
    field: null,
    creator: 'Tester',
    createdAt: '2026-11-22T00:00:00.000Z',
    modifiedAt: '2026-11-22T00:00:00.000Z',
    deletedAt: deleted ? '2026-11-22T01:00:00.000Z' : null,
  };
}

suite('database upgrades', () => {
  it('opens a version 1 database with its data and indexes its annotations by position', async () => {
    const name = `margin-upgrade-${Math.random().toString(36).slice(2)}`;
    // Version 1 exactly as it shipped.
    const v1 = new Dexie(name);
    v1.version(1).stores({
      documents: 'id, title, type, origin, addedAt',
      texts: 'id',
      annotations: 'id, documentId, modifiedAt, *tags, field.fieldKey',
      statuses: 'documentId, status',
      schemas: 'key, active',
      settings: 'key',
    });
    await v1.table('annotations').bulkAdd([annotation('a', 10), annotation('b', 500), annotation('c', 900), annotation('gone', 520, true)]);
    await v1.table('settings').add({ key: 'reviewerName', value: 'R. Viewer' });
    v1.close();

    const db = openDatabase(name);
    expect(db.verno).toBe(2);
    expect(await db.annotations.count()).toBe(4);
    expect((await db.settings.get('reviewerName'))!.value).toBe('R. Viewer');
    expect((await listAnnotationsStartingIn(db, doc, 400, 901)).map((a) => a.id)).toEqual(['b', 'c']);
    expect(await listAnnotationsStartingIn(db, 'e'.repeat(64) as DocumentId, 0, 10_000)).toEqual([]);
    db.close();
  });
});
