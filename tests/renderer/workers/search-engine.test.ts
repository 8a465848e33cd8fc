// @vitest-environment node
// The search engine on sqlite-wasm in memory: ranking, phrases, prefixes, operators and filters,
// replacing and removing records, locating matches as offsets of the stored text, and annotations.
import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { MARK_CLOSE, MARK_OPEN, markedRanges } from '@shared/search/marked';
import { parseSearchQuery } from '@shared/search/query';
import type { ParsedQuery } from '@shared/search/query';
import { SearchEngine } from '../../../renderer/src/workers/search-engine';
import type { SearchDocument, SearchNote } from '../../../renderer/src/workers/search-protocol';

let sqlite3: Sqlite3Static;
let engine: SearchEngine;

function query(input: string): ParsedQuery {
  const parsed = parseSearchQuery(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.query;
}

function doc(id: string, patch: Partial<SearchDocument> = {}): SearchDocument {
  return { id, title: `Title ${id}`, authors: 'Smith J', journal: 'Rheumatology', body: 'Nothing in particular.', year: 2020, type: 'case-report', status: 'not-started', stamp: 's1', ...patch };
}

function ids(input: string): string[] {
  return engine.search(query(input), 50).hits.map((hit) => hit.id);
}

beforeEach(async () => {
  sqlite3 ??= await sqlite3InitModule();
  engine = new SearchEngine(new sqlite3.oo1.DB(':memory:', 'c'));
  engine.upsert([
    doc('lupus', { title: 'CAR-T cells in lupus', body: 'Five patients with lupus were treated. Trial NCT04146051 is registered.', year: 2022, type: 'clinical-trial', status: 'done' }),
    doc('myositis', { title: 'Refractory myositis', authors: 'Müller F; Schett G', body: 'A child with myositis received CAR T cells; cytokine release syndrome grade 1 followed.', year: 2024 }),
    doc('review', { title: 'Cell therapy review', body: 'Lupus is mentioned once. Cytokine storms and release of cytokines are discussed.', year: 2019, type: 'review' }),
  ]);
});

describe('SearchEngine', () => {
  it('ranks a title match above a body match (BM25 with the title weighted)', () => {
    expect(ids('lupus')).toEqual(['lupus', 'review']);
  });

  it('matches phrases, prefixes and the operators', () => {
    expect(ids('"cytokine release syndrome"')).toEqual(['myositis']);
    expect(ids('cytokine release')).toEqual(expect.arrayContaining(['myositis', 'review']));
    expect(ids('nct0414*')).toEqual(['lupus']);
    expect(ids('myositis OR lupus')).toHaveLength(3);
    expect(ids('lupus NOT storms')).toEqual(['lupus']);
    expect(ids('car-t')).toEqual(['lupus', 'myositis']);
  });

  it('applies field filters and the year, type and status filters', () => {
    expect(ids('author:muller')).toEqual(['myositis']);
    expect(ids('title:lupus')).toEqual(['lupus']);
    expect(ids('lupus year:2020..')).toEqual(['lupus']);
    expect(ids('lupus type:review')).toEqual(['review']);
    expect(ids('lupus -type:review')).toEqual(['lupus']);
    expect(ids('lupus status:done')).toEqual(['lupus']);
    // Filters alone: every record they keep, newest first.
    expect(ids('year:2019..2024 -status:done')).toEqual(['myositis', 'review']);
  });

  it('marks the matches in the title and the snippet', () => {
    const [hit] = engine.search(query('"five patients"'), 50).hits;
    expect(hit!.snippet).toContain(`${MARK_OPEN}Five patients${MARK_CLOSE}`);
    const [titled] = engine.search(query('refractory'), 50).hits;
    expect(titled!.title).toBe(`${MARK_OPEN}Refractory${MARK_CLOSE} myositis`);
    // A prefix is marked too, on each of several hits, each with its own record's fields.
    engine.upsert(Array.from({ length: 5 }, (_, i) => doc(`nct-${i}`, { body: `Registered as NCT0414${i}.`, year: 2010 + i })));
    const prefixed = engine.search(query('nct0414*'), 50).hits;
    expect(prefixed).toHaveLength(6);
    for (const hit of prefixed) expect(hit.snippet).toMatch(new RegExp(`${MARK_OPEN}NCT0414\\d*${MARK_CLOSE}`));
    expect(prefixed.find((hit) => hit.id === 'nct-3')?.year).toBe(2013);
    expect(prefixed.find((hit) => hit.id === 'lupus')?.type).toBe('clinical-trial');
  });

  it('marks each shown document with its own title and snippet, with or without a prefix, among more matches than shown (property)', () => {
    const words = ['lupus', 'nephritis', 'nephropathy', 'renal', 'flare', 'remission', 'dose'];
    const queries = ['nephritis', 'lupus nephritis', '"lupus nephritis"', 'lupus OR remission', 'nephr*', 'lupus NOT flare'];
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 30 }), { minLength: 55, maxLength: 70 }), fc.constantFrom(...queries), (bodies, input) => {
        engine = new SearchEngine(new sqlite3.oo1.DB(':memory:', 'c'));
        const docs = bodies.map((body, i) => doc(`d${i}`, { title: `Record r${i} ${body[0]}`, body: body.join(' ') }));
        engine.upsert(docs);
        const byId = new Map(docs.map((d) => [d.id, d]));
        const hits = engine.rank(query(input), 50);
        expect(hits.length).toBe(Math.min(50, engine.count(query(input))));
        for (const hit of hits) {
          const stored = byId.get(hit.id)!;
          // The title is this document's, marked only where a word of the query is.
          const title = markedRanges(hit.title);
          expect(title.text).toBe(stored.title);
          // Every stretch of the snippet is this document's text.
          const snippet = markedRanges(hit.snippet);
          for (const piece of snippet.text.split('…').filter((p) => p !== '')) expect(`${stored.title}\n${stored.body}`).toContain(piece.trim());
          const marked = [...title.ranges.map((r) => title.text.slice(r.start, r.end)), ...snippet.ranges.map((r) => snippet.text.slice(r.start, r.end))];
          // A phrase is marked as one stretch.
          for (const words of marked) expect(words).toMatch(/^(lupus|nephr\w*|remission)( (lupus|nephr\w*|remission))*$/u);
        }
        // The same hits as the search that also counts.
        expect(engine.search(query(input), 50).hits).toEqual(hits);
      }),
      { numRuns: 25 },
    );
  });

  it('counts every match while returning only the limit', () => {
    engine.upsert(Array.from({ length: 30 }, (_, i) => doc(`extra-${i}`, { body: 'lupus nephritis' })));
    const { hits, total } = engine.search(query('lupus'), 10);
    expect(hits).toHaveLength(10);
    expect(total).toBe(32);
  });

  it('replaces a record on upsert and forgets it on remove', () => {
    engine.upsert([doc('lupus', { title: 'Renamed', body: 'Now about vasculitis.', stamp: 's2' })]);
    expect(ids('lupus')).toEqual(['review']);
    expect(ids('vasculitis')).toEqual(['lupus']);
    expect(engine.documentCount()).toBe(3);
    expect(new Map(engine.stamps().documents).get('lupus')).toBe('s2');
    engine.remove(['lupus']);
    expect(ids('vasculitis')).toEqual([]);
    expect(engine.documentCount()).toBe(2);
  });

  it('locates matches as offsets of the stored text, even where the text holds the marker characters', () => {
    const body = `Intro ${MARK_OPEN}x${MARK_CLOSE}. The complete response lasted; a Complete Response again.`;
    engine.upsert([doc('marked', { body })]);
    const ranges = engine.locate('marked', query('"complete response"'));
    expect(ranges.map((r) => body.slice(r.start, r.end))).toEqual(['complete response', 'Complete Response']);
    expect(engine.locate('marked', query('title:marked'))).toEqual([]);
  });

  it('locates every occurrence of a word where the body has it (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('dose', 'Dose', 'doses', 'cell', 'é', ' ', '.', '\n', '-', '😀'), { maxLength: 60 }), (pieces) => {
        const body = pieces.join(' ');
        engine.upsert([doc('prop', { body })]);
        const found = engine.locate('prop', query('dose'));
        const expected = [...body.matchAll(/(?<![\p{L}\p{N}])dose(?![\p{L}\p{N}])/giu)].map((m) => ({ start: m.index, end: m.index + 4 }));
        expect(found).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('searches annotations by quote, note, tags and value, and replaces a document’s annotations as a whole', () => {
    const note = (id: string, patch: Partial<SearchNote>): SearchNote => ({ id, documentId: 'lupus', label: 'Highlight', quote: '', note: '', tags: '', value: '', start: 0, end: 5, ...patch });
    engine.replaceNotes(['lupus'], [note('a1', { quote: 'Five patients', note: 'check the denominator' }), note('a2', { label: 'Dose', value: 'Dose · 1 × 10⁶ cells/kg', tags: 'dosing' })], [['lupus', 'n1']]);
    const hits = (input: string) => engine.searchNotes(query(input), 50).hits.map((hit) => hit.id);
    expect(hits('denominator')).toEqual(['a1']);
    expect(hits('dosing')).toEqual(['a2']);
    expect(hits('cells kg')).toEqual(['a2']);
    expect(hits('patients status:done')).toEqual(['a1']);
    expect(hits('patients status:unavailable')).toEqual([]);
    // Document fields have no column among annotations: nothing, rather than an error.
    expect(hits('title:patients')).toEqual([]);
    const [hit] = engine.searchNotes(query('denominator'), 50).hits;
    expect(markedRanges(hit!.snippet).text).toBe('check the denominator');
    engine.replaceNotes(['lupus'], [note('a3', { note: 'replaced' })], [['lupus', 'n2']]);
    expect(hits('denominator')).toEqual([]);
    expect(hits('replaced')).toEqual(['a3']);
    expect(engine.stamps().notes).toEqual([['lupus', 'n2']]);
    engine.remove(['lupus']);
    expect(hits('replaced')).toEqual([]);
  });

  it('keeps the batches of a rebuild in one transaction, committed with the last batch or before another write', () => {
    const db = new sqlite3.oo1.DB(':memory:', 'c');
    const bulk = new SearchEngine(db);
    const open = () => sqlite3.capi.sqlite3_get_autocommit(db.pointer!) === 0;
    bulk.upsert([doc('a', { body: 'first batch' })], true);
    expect(open()).toBe(true);
    // Searches in the same connection already see the open batches.
    expect(bulk.search(query('first'), 50).hits.map((hit) => hit.id)).toEqual(['a']);
    bulk.upsert([doc('b', { body: 'second batch' })], true);
    bulk.upsert([doc('c', { body: 'last batch' })], false);
    expect(open()).toBe(false);
    expect(bulk.documentCount()).toBe(3);
    bulk.upsert([doc('d')], true);
    bulk.remove(['a']);
    expect(open()).toBe(false);
    expect(bulk.documentCount()).toBe(3);
  });

  it('rolls back the open batches of a rebuild when one fails, stamps and all', () => {
    const db = new sqlite3.oo1.DB(':memory:', 'c');
    const bulk = new SearchEngine(db);
    bulk.upsert([doc('a')], true);
    // A title that is not text fails the insert (the record is malformed).
    expect(() => bulk.upsert([doc('b', { title: { bad: true } as unknown as string })], true)).toThrow();
    expect(sqlite3.capi.sqlite3_get_autocommit(db.pointer!)).not.toBe(0);
    expect(bulk.documentCount()).toBe(0);
    expect(bulk.stamps().documents).toEqual([]);
  });

  it('drops an index of another version and starts empty', () => {
    const db = new sqlite3.oo1.DB(':memory:', 'c');
    new SearchEngine(db).upsert([doc('old')]);
    db.exec("UPDATE index_info SET value = '0' WHERE key = 'version'");
    expect(new SearchEngine(db).documentCount()).toBe(0);
  });
});
