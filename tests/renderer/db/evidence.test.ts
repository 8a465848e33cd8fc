import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describe as describeRange } from '@shared/anchoring';
import type { Annotation, AnnotationId, DocumentId, FieldTag } from '@shared/model';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { readEvidenceTable } from '../../../renderer/src/db/evidence';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const corpus = bundledDocuments();
const idOf = (n: number) => documentIdOf(corpus[n]!.text) as DocumentId;
const TAG: FieldTag = { fieldKey: 'follow_up', schemaId: 'car-t-autoimmune@1', value: { type: 'duration', value: 8, unit: 'months' }, status: 'parsed', reason: null, qualifier: null };
let db: MarginDatabase;

function record(id: string, doc: number, quote: string | null, field: FieldTag | null = TAG, modifiedAt = '2026-11-22T10:00:00.000Z'): Annotation {
  const text = corpus[doc]!.text;
  const at = quote === null ? -1 : text.indexOf(quote);
  if (quote !== null && at < 0) throw new Error(`not in the text: ${quote}`);
  return {
    id: id as AnnotationId,
    documentId: idOf(doc),
    target: quote === null ? null : describeRange(text, at, at + quote.length),
    color: 'green',
    note: '',
    tags: [],
    field,
    creator: 'Tester',
    createdAt: '2026-11-22T10:00:00.000Z',
    modifiedAt,
    deletedAt: null,
  };
}

/** Every text the database handed out, by document id, and the requests it took (a key each for a bulk get), recorded below Dexie's table API. */
let textsRead: DocumentId[] = [];
let textRequests = 0;

function recordTextReads(database: MarginDatabase): void {
  database.use({
    stack: 'dbcore',
    name: 'record-text-reads',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'texts') return table;
        const seen = (records: readonly unknown[]) => {
          for (const record of records) if (record) textsRead.push((record as { id: DocumentId }).id);
        };
        return {
          ...table,
          get: async (req) => {
            textRequests += 1;
            const record: unknown = await table.get(req);
            seen([record]);
            return record;
          },
          getMany: async (req) => {
            textRequests += req.keys.length;
            const records = await table.getMany(req);
            seen(records);
            return records;
          },
          query: async (req) => {
            textRequests += 1;
            const response = await table.query(req);
            if (req.values) seen(response.result);
            else textsRead.push(...(response.result as DocumentId[]));
            return response;
          },
        };
      },
    }),
  });
}

async function textsReadBy(read: () => Promise<unknown>): Promise<DocumentId[]> {
  textsRead = [];
  textRequests = 0;
  await read();
  return [...textsRead].sort();
}

beforeEach(async () => {
  db = freshDatabase();
  recordTextReads(db);
  await upsertDocuments(db, corpus, { now: '2026-11-22T10:00:00.000Z' });
});
afterEach(() => db.close());

describe('readEvidenceTable', () => {
  it('checks each value’s quote against its text: sound, stale or without a source', async () => {
    const stale = record('stale', 1, 'eight months after a single infusion');
    stale.target!.quote.exact = 'ten months after a single infusion';
    await db.annotations.bulkAdd([record('sound', 1, 'eight months after a single infusion'), stale, record('typed', 1, null)]);
    const { provenance, values } = await readEvidenceTable(db);
    expect(values.map((v) => v.id).sort()).toEqual(['sound', 'stale', 'typed']);
    expect(provenance.get('sound' as AnnotationId)).toMatchObject({ state: 'sound', relocated: false });
    expect(provenance.get('stale' as AnnotationId)).toEqual({ state: 'stale', reason: 'The quote now matches the text only approximately' });
    expect(provenance.get('typed' as AnnotationId)).toEqual({ state: 'no-source' });
  });

  it('reads texts only of documents with quoted values, and only once per value until it is modified', async () => {
    await db.annotations.bulkAdd([
      record('v1', 1, 'eight months after a single infusion'),
      record('v4', 4, 'NCT04146051'),
      // A highlight and a value without a source need no text.
      record('h0', 0, 'with a treatment cost of more than $450,000 per dose', null),
      record('t2', 2, null),
    ]);
    expect(await textsReadBy(() => readEvidenceTable(db))).toEqual([idOf(1), idOf(4)].sort());
    expect(await textsReadBy(() => readEvidenceTable(db))).toEqual([]);

    await db.annotations.put({ ...record('v4', 4, 'NCT04146051'), modifiedAt: '2026-11-23T10:00:00.000Z' });
    expect(await textsReadBy(() => readEvidenceTable(db))).toEqual([idOf(4)]);
  });

  it('reads the texts of many documents with values in few requests, and no other text', async () => {
    // Four of the five documents have values; whichever sits between them in key order does not.
    const quotes = ['with a treatment cost of more than $450,000 per dose', 'eight months after a single infusion', null, null, 'NCT04146051'];
    await db.annotations.bulkAdd(corpus.map((doc, n) => record(`v${n}`, n, quotes[n] === null ? doc.text.slice(0, 30) : quotes[n]!)).filter((_, n) => n !== 3));
    const wanted = [0, 1, 2, 4].map(idOf).sort();
    expect(await textsReadBy(() => readEvidenceTable(db))).toEqual(wanted);
    const skipped = [...corpus.map((_, n) => idOf(n))].sort().indexOf(idOf(3));
    // One request per run of wanted ids in key order: two runs when the unwanted id is inside, else one.
    expect(textRequests).toBe(skipped === 0 || skipped === corpus.length - 1 ? 1 : 2);
  });

  it('never answers from a record that changed under the same modification time', async () => {
    await db.annotations.add(record('v1', 1, 'eight months after a single infusion'));
    expect((await readEvidenceTable(db)).provenance.get('v1' as AnnotationId)?.state).toBe('sound');
    const moved = record('v1', 1, 'eight months after a single infusion');
    moved.target!.quote.exact = 'ten months after a single infusion';
    await db.annotations.put(moved);
    expect((await readEvidenceTable(db)).provenance.get('v1' as AnnotationId)?.state).toBe('stale');
  });

  it('leaves out deleted values', async () => {
    await db.annotations.bulkAdd([record('v1', 1, 'eight months after a single infusion'), { ...record('gone', 1, null), deletedAt: '2026-11-22T11:00:00.000Z' }]);
    const { values, provenance } = await readEvidenceTable(db);
    expect(values.map((v) => v.id)).toEqual(['v1']);
    expect(provenance.has('gone' as AnnotationId)).toBe(false);
  });
});
