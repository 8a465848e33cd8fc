import { Dexie } from 'dexie';
import { describe as suite, expect, it } from 'vitest';
import type { Annotation, AnnotationId, DocumentId } from '@shared/model';
import { listAnnotationsStartingIn } from '../../../renderer/src/db/annotations';
import { openDatabase, schemaAt, SCHEMA_HISTORY, SCHEMA_VERSION } from '../../../renderer/src/db/database';
import { countFilledValues } from '../../../renderer/src/db/field-counts';
import { describe } from '@shared/anchoring';
import { verifyAuditLog } from '@shared/audit/chain';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { sha256HexDigest } from '../../../renderer/src/db/digest';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { setReviewStatus } from '../../../renderer/src/db/statuses';
import { tagFromQuote } from '../../../renderer/src/document/field-values';
import { bundledDocuments } from '../../helpers/corpus';

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
    expect(db.verno).toBe(8);
    expect(await db.keys.count()).toBe(0);
    // v6 adds team reviews and reviewers' progress, empty: nothing was reviewed as a team before.
    expect(await db.reviews.count()).toBe(0);
    expect(await db.progress.count()).toBe(0);
    // v5 adds the original files' table, empty: documents imported before kept none.
    expect(await db.originals.count()).toBe(0);
    expect(await db.annotations.count()).toBe(4);
    expect((await db.settings.get('reviewerName'))!.value).toBe('R. Viewer');
    expect((await listAnnotationsStartingIn(db, doc, 400, 901)).map((a) => a.id)).toEqual(['b', 'c']);
    expect(await listAnnotationsStartingIn(db, 'e'.repeat(64) as DocumentId, 0, 10_000)).toEqual([]);
    db.close();
  });

  it('opens a database written by the previous release (version 2) with every record unchanged, and logs from then on', async () => {
    const name = `margin-upgrade-v2-${Math.random().toString(36).slice(2)}`;
    // Version 2 exactly as the previous release declared it.
    const v2 = new Dexie(name);
    v2.version(1).stores({
      documents: 'id, title, type, origin, addedAt',
      texts: 'id',
      annotations: 'id, documentId, modifiedAt, *tags, field.fieldKey',
      statuses: 'documentId, status',
      schemas: 'key, active',
      settings: 'key',
    });
    v2.version(2).stores({ annotations: 'id, documentId, modifiedAt, *tags, field.fieldKey, [documentId+target.position.start]' });
    const [incoming] = bundledDocuments();
    const id = documentIdOf(incoming!.text);
    const text = incoming!.text;
    const meta = { ...incoming!.meta, id, addedAt: '2026-11-20T09:00:00.000Z', textLength: text.length };
    const dose = DEFAULT_SCHEMA.sections.flatMap((section) => section.fields).find((field) => field.key === 'dose')!;
    const quote = text.slice(200, 240);
    const records = {
      documents: [meta],
      texts: [{ id, text }],
      annotations: [
        { ...annotation('h1', 10), documentId: id, target: describe(text, 10, 30), note: 'A note', tags: ['CRS', 'dose'] },
        { ...annotation('v1', 200), documentId: id, target: describe(text, 200, 240), color: 'purple', field: tagFromQuote(DEFAULT_SCHEMA, dose, quote) },
        { ...annotation('v2', 0), documentId: id, target: null, field: { fieldKey: 'patients_n', schemaId: 'car-t-autoimmune@1', value: { type: 'count', count: 1 }, status: 'manual', reason: null, qualifier: 'Patient 1' } },
        { ...annotation('gone', 520, true), documentId: id },
      ] as Annotation[],
      statuses: [{ documentId: id, status: 'in-progress', updatedAt: '2026-11-21T10:00:00.000Z' }],
      schemas: [{ key: `${DEFAULT_SCHEMA.id}@${DEFAULT_SCHEMA.version}`, schema: DEFAULT_SCHEMA, active: true, importedAt: '2026-11-20T09:00:00.000Z' }],
      settings: [
        { key: 'reviewerName', value: 'R. Viewer' },
        { key: 'colorMeanings', value: { yellow: 'Important' } },
        { key: 'evidenceTable.hiddenColumns', value: ['doc:type'] },
        { key: 'importMaxBytes', value: 10 * 1024 * 1024 },
      ],
    };
    for (const [table, rows] of Object.entries(records)) await v2.table(table).bulkAdd(rows);
    v2.close();

    const db = openDatabase(name);
    expect(db.verno).toBe(8);
    expect(await db.keys.count()).toBe(0);
    // v6 adds team reviews and reviewers' progress, empty: nothing was reviewed as a team before.
    expect(await db.reviews.count()).toBe(0);
    expect(await db.progress.count()).toBe(0);
    // v5 adds the original files' table, empty: documents imported before kept none.
    expect(await db.originals.count()).toBe(0);
    for (const [table, rows] of Object.entries(records)) {
      const stored = await db.table(table).toArray();
      const key = (row: object) => JSON.stringify(Object.values(row)[0]);
      expect([...stored].sort((a, b) => key(a).localeCompare(key(b))), table).toEqual([...rows].sort((a, b) => key(a).localeCompare(key(b))));
    }
    expect(await db.audit.count()).toBe(0);

    // The first change after the upgrade starts the log, and leaves the old records as they were.
    await setReviewStatus(db, id, 'done', { now: '2026-12-01T10:00:00.000Z' });
    const log = await db.audit.toArray();
    expect(log.find((e) => e.table === 'statuses')).toMatchObject({ seq: expect.any(Number), before: records.statuses[0], after: { documentId: id, status: 'done' } });
    expect(await verifyAuditLog(log, sha256HexDigest)).toMatchObject({ ok: true });
    expect(await db.annotations.toArray()).toHaveLength(4);
    db.close();
  });

  // The app declares only the latest version: every install Dexie may meet (each past version, as
  // it shipped) must come out with exactly the tables and indexes of a new one, its records kept, and
  // the field counts (v8) built from its annotations.
  it.each(SCHEMA_HISTORY.map((step) => step.version))('upgrades a version %i database to the same schema as a new one, with its data', async (version) => {
    const fresh = openDatabase(`margin-fresh-${Math.random().toString(36).slice(2)}`);
    await fresh.open();
    const expected = storeShapes(fresh.backendDB());
    fresh.close();

    const name = `margin-upgrade-v${version}-${Math.random().toString(36).slice(2)}`;
    const old = new Dexie(name);
    old.version(version).stores(schemaAt(version));
    const values = [
      { ...annotation('v1', 10), field: { fieldKey: 'dose', value: { type: 'text', text: '5 mg' } } },
      { ...annotation('v2', 40), field: { fieldKey: 'population', value: { type: 'text', text: 'adults' } } },
      annotation('plain', 80),
    ] as unknown as Annotation[];
    await old.table('annotations').bulkAdd(values);
    await old.table('settings').add({ key: 'reviewerName', value: 'R. Viewer' });
    old.close();

    const db = openDatabase(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(storeShapes(db.backendDB())).toEqual(expected);
    expect(await db.annotations.count()).toBe(3);
    expect((await db.settings.get('reviewerName'))!.value).toBe('R. Viewer');
    // Built by v8's upgrade for an older install; a v8 install keeps what it had (none here).
    expect(await db.fieldCounts.toArray()).toEqual(version < 8 ? countFilledValues(values) : []);
    db.close();
  });
});

/** Every object store's key and indexes, as IndexedDB holds them. */
function storeShapes(idb: IDBDatabase): Record<string, unknown> {
  const names = [...idb.objectStoreNames].sort();
  const tx = idb.transaction(names, 'readonly');
  const shapes: Record<string, unknown> = {};
  for (const name of names) {
    const store = tx.objectStore(name);
    const indexes = [...store.indexNames].sort().map((index) => {
      const i = store.index(index);
      return { name: i.name, keyPath: i.keyPath, unique: i.unique, multiEntry: i.multiEntry };
    });
    shapes[name] = { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes };
  }
  return shapes;
}
