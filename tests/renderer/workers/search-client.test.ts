// @vitest-environment node
// The search client over shards, each a real engine behind a stand-in worker: a document and its
// annotations live in exactly the shard its id hashes to, updates and deletes reach that shard, and
// (property) what the client answers is the merge of the shards' answers: its top k is the top k
// of every shard's matches, its count their sum.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSearchQuery } from '@shared/search/query';
import type { ParsedQuery } from '@shared/search/query';
import { byScore, byYearThenTitle, shardName, shardOf } from '@shared/search/shards';
import { createSearchClient, upsertPipeline } from '../../../renderer/src/workers/search-client';
import type { SearchWorker } from '../../../renderer/src/workers/search-client';
import { handleSearchRequest, openIndex } from '../../../renderer/src/workers/search-host';
import type { OpenIndex } from '../../../renderer/src/workers/search-host';
import type { DocumentHit, SearchDocument, SearchNote, SearchRequest, SearchResponse } from '../../../renderer/src/workers/search-protocol';

function query(input: string): ParsedQuery {
  const parsed = parseSearchQuery(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.query;
}

/** Shards as workers that answer asynchronously, in order, like the real one; their indexes kept to look inside. */
function shardedClient(shards = 2) {
  const indexes: Promise<OpenIndex>[] = [];
  const names: string[] = [];
  const client = createSearchClient((shard, count): SearchWorker => {
    const index = openIndex(false, shardName(shard, count));
    indexes[shard] = index;
    names[shard] = shardName(shard, count);
    let queue: Promise<unknown> = Promise.resolve();
    const worker: SearchWorker = {
      onmessage: null,
      onerror: null,
      postMessage(request: SearchRequest) {
        queue = queue.then(async () => {
          const response: SearchResponse = await handleSearchRequest(index, request);
          worker.onmessage?.({ data: response } as MessageEvent<SearchResponse>);
        });
      },
      terminate() {},
    };
    return worker;
  }, shards);
  /** Which shard holds each document, asked of the shards themselves. */
  const holders = async () => {
    const map = new Map<string, number[]>();
    for (const [shard, index] of indexes.entries()) {
      if (!index) continue;
      for (const [id] of (await index).engine.stamps().documents) map.set(id, [...(map.get(id) ?? []), shard]);
    }
    return map;
  };
  const engines = async () => Promise.all(indexes.map(async (index) => (await index).engine));
  return { client, holders, engines, names };
}

const WORDS = ['lupus', 'myositis', 'remission', 'cytokine', 'release', 'fever', 'trial', 'cells'];

function doc(id: string, words: readonly string[], year: number | null, stamp = 's1'): SearchDocument {
  return { id, title: words.slice(0, 2).join(' '), authors: 'Smith J', journal: 'Rheumatology', body: words.join(' '), year, type: 'case-report', status: 'not-started', stamp };
}

const corpus = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 40 }).chain((list) =>
  fc.tuple(...list.map(() => fc.tuple(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }), fc.option(fc.integer({ min: 2018, max: 2022 }))))).map((rest) =>
    list.map((id, i) => doc(`doc-${id}`, rest[i]![0], rest[i]![1])),
  ),
);

describe('search client over shards', () => {
  it('answers the merge of its shards: top k of all their matches, counts summed, every document in its one shard', async () => {
    await fc.assert(
      fc.asyncProperty(corpus, fc.constantFrom('lupus', 'cytokine release', 'fever OR trial', 'cells NOT fever', 'rem*', 'year:2019..2021'), fc.integer({ min: 1, max: 12 }), async (documents, input, limit) => {
        const { client, holders, engines } = shardedClient();
        await client.upsert(documents);
        const q = query(input);
        // Every shard's whole answer, asked of its engine directly.
        const shardHits: DocumentHit[][] = (await engines()).map((engine) => engine.rank(q, 1_000));
        const order = q.match === null ? byYearThenTitle : byScore;
        const union = shardHits.flat().sort(order);
        const top = await client.rank(q, limit);
        // The whole hits, marks and scores too: the winners are marked by the shard that holds them.
        expect(top).toEqual(union.slice(0, limit));
        const counts = (await engines()).map((engine) => engine.count(q));
        expect(await client.count(q)).toBe(counts[0]! + counts[1]!);
        expect(await client.count(q)).toBe(union.length);
        expect((await client.open()).documents).toBe(documents.length);
        const held = await holders();
        for (const document of documents) expect(held.get(document.id)).toEqual([shardOf(document.id, 2)]);
        client.dispose();
      }),
      { numRuns: 25 },
    );
  });

  it('counts the same matches as one index does', async () => {
    await fc.assert(
      fc.asyncProperty(corpus, fc.constantFrom('lupus', '"cytokine release"', 'fever OR trial', 'cells NOT fever', 'rem*', 'title:lupus'), async (documents, input) => {
        const sharded = shardedClient(2);
        const single = shardedClient(1);
        await sharded.client.upsert(documents);
        await single.client.upsert(documents);
        const q = query(input);
        expect(await sharded.client.count(q)).toBe(await single.client.count(q));
        expect(new Set((await sharded.client.rank(q, 1_000)).map((hit) => hit.id))).toEqual(new Set((await single.client.rank(q, 1_000)).map((hit) => hit.id)));
        sharded.client.dispose();
        single.client.dispose();
      }),
      { numRuns: 15 },
    );
  });

  it('sends updates and deletes to the shard that holds the document, in a rebuild of several batches too', async () => {
    const { client, holders } = shardedClient();
    const documents = Array.from({ length: 30 }, (_, i) => doc(`doc-${i}`, ['lupus', i % 2 ? 'fever' : 'trial'], 2020));
    // A rebuild in batches: only the last commits, in every shard.
    await client.upsert(documents.slice(0, 10), true);
    await client.upsert(documents.slice(10, 20), true);
    await client.upsert(documents.slice(20), false);
    expect((await client.open()).documents).toBe(30);
    await client.upsert([doc('doc-3', ['myositis'], 2021, 's2'), doc('doc-4', ['myositis'], 2021, 's2')]);
    expect(await client.remove(['doc-5', 'doc-6', 'doc-missing'])).toBe(28);
    const held = await holders();
    expect([...held.keys()].sort()).toEqual(documents.map((d) => d.id).filter((id) => id !== 'doc-5' && id !== 'doc-6').sort());
    for (const [id, shards] of held) expect(shards).toEqual([shardOf(id, 2)]);
    const stamps = new Map((await client.stamps()).documents);
    expect(stamps.get('doc-3')).toBe('s2');
    expect(stamps.get('doc-7')).toBe('s1');
    expect((await client.rank(query('myositis'), 10)).map((hit) => hit.id).sort()).toEqual(['doc-3', 'doc-4']);
    expect(await client.count(query('lupus'))).toBe(26);
    expect((await client.locate('doc-3', query('myositis'))).length).toBe(1);
    await client.clear();
    expect((await client.open()).documents).toBe(0);
  });

  it("keeps a document's annotations in its shard and merges the notes found", async () => {
    const { client, engines } = shardedClient();
    const documents = Array.from({ length: 12 }, (_, i) => doc(`doc-${i}`, ['trial'], 2020));
    await client.upsert(documents);
    const note = (id: string, documentId: string, text: string): SearchNote => ({ id, documentId, label: 'Note', quote: 'quoted', note: text, tags: '', value: '', start: 0, end: 6 });
    const notes = documents.map((d, i) => note(`n-${i}`, d.id, i % 3 === 0 ? 'lupus flare' : 'nothing'));
    await client.replaceNotes(
      documents.map((d) => d.id),
      notes,
      documents.map((d) => [d.id, 'n1']),
    );
    const found = await client.searchNotes(query('lupus'), 10);
    expect(found.total).toBe(4);
    expect(found.hits.map((hit) => hit.id).sort()).toEqual(['n-0', 'n-3', 'n-6', 'n-9']);
    expect([...found.hits].sort(byScore)).toEqual(found.hits);
    // Each shard holds the note stamps of its own documents only.
    for (const [shard, engine] of (await engines()).entries()) {
      for (const [document] of engine.stamps().notes) expect(shardOf(document, 2)).toBe(shard);
    }
    expect((await client.stamps()).notes).toHaveLength(12);
    // Deleting a document takes its annotations with it, from its shard.
    await client.remove(['doc-0']);
    expect((await client.searchNotes(query('lupus'), 10)).total).toBe(3);
  });

  it('says the index is not kept if any shard is in memory, and names each worker for its shard', async () => {
    const { client, names } = shardedClient();
    const opened = await client.open();
    expect(opened.storage.kind).toBe('memory');
    expect(names).toEqual(['margin-search-0-of-2', 'margin-search-1-of-2']);
  });
});

describe('upsertPipeline', () => {
  /** A client whose upserts answer when the test says, recording what was sent. */
  function heldClient() {
    const sent: { documents: SearchDocument[]; more: boolean | undefined; answer: (n: number) => void; fail: (error: Error) => void }[] = [];
    const client = {
      upsert: (documents: SearchDocument[], more?: boolean) =>
        new Promise<number>((answer, fail) => {
          sent.push({ documents, more, answer, fail });
        }),
    };
    return { client, sent };
  }
  const batch = (id: string): SearchDocument[] => [{ id, title: id, authors: '', journal: '', body: '', year: null, type: 'other', status: 'not-started', stamp: id }];

  it('sends the next batch while the last is indexed, never more than two in flight, in order', async () => {
    const { client, sent } = heldClient();
    const pipeline = upsertPipeline(client);
    const indexed: string[] = [];
    await pipeline.push(batch('a'), true, () => indexed.push('a'));
    await pipeline.push(batch('b'), true, () => indexed.push('b'));
    // Both are on their way before either is answered: the shards never wait for the next batch.
    expect(sent.map((s) => s.documents[0]!.id)).toEqual(['a', 'b']);
    let third = false;
    const pushing = pipeline.push(batch('c'), false, () => indexed.push('c')).then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    expect(sent).toHaveLength(2);
    sent[0]!.answer(1);
    await pushing;
    expect(sent.map((s) => [s.documents[0]!.id, s.more])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
    ]);
    sent[1]!.answer(1);
    sent[2]!.answer(1);
    await pipeline.drain();
    expect(indexed).toEqual(['a', 'b', 'c']);
  });

  it('after a failure sends nothing more and throws it once the batches in flight have settled', async () => {
    const { client, sent } = heldClient();
    const pipeline = upsertPipeline(client);
    await pipeline.push(batch('a'), true);
    await pipeline.push(batch('b'), true);
    sent[0]!.fail(new Error('disk full'));
    let settled = false;
    const pushing = pipeline.push(batch('c'), true).then(
      () => (settled = true),
      (error: Error) => error.message,
    );
    await Promise.resolve();
    await Promise.resolve();
    // The second batch is still being indexed: the failure waits for it.
    expect(settled).toBe(false);
    sent[1]!.answer(1);
    await expect(pushing).resolves.toBe('disk full');
    expect(sent).toHaveLength(2);
    await expect(pipeline.drain()).rejects.toThrow('disk full');
  });
});
