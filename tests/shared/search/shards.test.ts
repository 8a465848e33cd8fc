// The split of the search index into shards: every document in exactly one shard, the same one each
// time; and (property) the merge of the shards' best equals the best of all their matches, in both
// orders the shards answer in, with the counts adding up.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { byScore, byYearThenTitle, compareCodePoints, mergeTop, partitionByShard, shardName, shardOf } from '@shared/search/shards';

const ids = fc.uniqueArray(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 60 });

describe('shardOf', () => {
  it('puts every id in exactly one shard, the same one every time', () => {
    fc.assert(
      fc.property(ids, fc.integer({ min: 1, max: 5 }), (list, shards) => {
        const parts = partitionByShard(list, (id) => id, shards);
        expect(parts).toHaveLength(shards);
        // Each id in one part only, the part its hash names, in the order given.
        expect(parts.flat().sort()).toEqual([...list].sort());
        parts.forEach((part, shard) => {
          for (const id of part) expect(shardOf(id, shards)).toBe(shard);
          expect(part).toEqual(list.filter((id) => shardOf(id, shards) === shard));
        });
      }),
    );
  });

  it('is a fixed function of the id (FNV-1a), not of the session or the order of calls', () => {
    // Pinned values: changing the hash would send stored documents' updates to the wrong shard.
    expect(['', 'a', 'doc-1', 'doc-2', 'sha256:00ff'].map((id) => shardOf(id, 2))).toEqual([1, 1, 0, 0, 0]);
    expect(shardOf('doc-1', 7)).toBe(shardOf('doc-1', 7));
  });

  it('spreads ids evenly enough for each shard to hold about its share', () => {
    const counts = [0, 0];
    for (let i = 0; i < 10_000; i += 1) counts[shardOf(`doc-20261201-${i}`, 2)]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(4_800);
  });

  it('does not split by the parity of the characters (as FNV-1a alone would, modulo 2)', () => {
    // 'a' and 'c' have the same lowest bit: ids differing only there must still land apart half the time.
    let same = 0;
    for (let i = 0; i < 1_000; i += 1) if (shardOf(`doc-${i}a`, 2) === shardOf(`doc-${i}c`, 2)) same += 1;
    expect(same).toBeGreaterThan(400);
    expect(same).toBeLessThan(600);
  });

  it('names each shard with the count, so another split never opens an old database', () => {
    expect(shardName(0, 2)).toBe('margin-search-0-of-2');
    expect(shardName(1, 3)).not.toBe(shardName(1, 2));
  });
});

describe('compareCodePoints', () => {
  it('orders as UTF-8 bytes do (SQLite BINARY)', () => {
    const encoder = new TextEncoder();
    const bytes = (a: string, b: string) => {
      const x = encoder.encode(a);
      const y = encoder.encode(b);
      for (let i = 0; i < Math.min(x.length, y.length); i += 1) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    };
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(bytes(a, b)));
      }),
    );
    expect(compareCodePoints('\uffff', '😀')).toBeLessThan(0);
  });
});

interface Hit {
  id: string;
  score: number;
  year: number | null;
  title: string;
}

// Few distinct scores, years and titles, so ties (broken by id) are common.
const hits = ids.chain((list) =>
  fc.tuple(...list.map(() => fc.record({ score: fc.integer({ min: -5, max: 0 }), year: fc.option(fc.integer({ min: 2018, max: 2021 })), title: fc.constantFrom('a', 'b', 'é') }))).map((rest) =>
    list.map((id, i): Hit => ({ id, score: rest[i]!.score / 3, year: rest[i]!.year, title: rest[i]!.title })),
  ),
);

describe('mergeTop', () => {
  for (const [name, order] of [
    ['by score', byScore],
    ['by year then title', byYearThenTitle],
  ] as const) {
    it(`the merged top k of the shards' top k equals the top k of all their matches (${name})`, () => {
      fc.assert(
        fc.property(hits, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 70 }), (all, shards, limit) => {
          const parts = partitionByShard(all, (hit) => hit.id, shards);
          // Each shard answers its own best `limit` in the order it is merged in.
          const answers = parts.map((part) => [...part].sort(order).slice(0, limit));
          const merged = mergeTop(answers, limit, order);
          expect(merged).toEqual([...all].sort(order).slice(0, limit));
          // The counts the shards give add up to the whole's.
          expect(parts.reduce((total, part) => total + part.length, 0)).toBe(all.length);
        }),
      );
    });
  }

  it('puts better scores first, ties by id, no year last', () => {
    expect(mergeTop([[{ id: 'b', score: -2 }], [{ id: 'a', score: -2 }, { id: 'c', score: -1 }]], 2, byScore).map((hit) => hit.id)).toEqual(['a', 'b']);
    const dated = (id: string, year: number | null, title = 't') => ({ id, year, title });
    expect(mergeTop([[dated('x', null)], [dated('y', 2020), dated('z', 2021)]], 3, byYearThenTitle).map((hit) => hit.id)).toEqual(['z', 'y', 'x']);
  });
});
