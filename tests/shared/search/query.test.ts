// The search box's language: what each form compiles to in FTS5, the filters it sets, the mistakes
// it explains, and (property) that nothing typed can reach FTS5 as syntax of its own.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSearchQuery } from '@shared/search/query';
import { searchTokens } from '@shared/search/tokens';

function match(input: string): string | null {
  const parsed = parseSearchQuery(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.query.match;
}

function problem(input: string): string {
  const parsed = parseSearchQuery(input);
  if (parsed.ok) throw new Error(`expected a mistake in ${input}`);
  return parsed.message;
}

describe('parseSearchQuery', () => {
  it.each([
    ['remission', '"remission"'],
    ['Remission relapse', '("remission" AND "relapse")'],
    ['CAR-T', '"car t"'],
    ['Müller', '"muller"'],
    ['"cytokine release syndrome"', '"cytokine release syndrome"'],
    ['neuro*', '"neuro" *'],
    ['"car t"*', '"car t" *'],
    ['remission OR relapse', '("remission" OR "relapse")'],
    ['a b OR c', '(("a" AND "b") OR "c")'],
    ['infusion NOT fever', '("infusion" NOT "fever")'],
    ['infusion -fever -chills', '(("infusion" NOT "fever") NOT "chills")'],
    ['title:lupus', 'title : "lupus"'],
    ['author:"van der Berg"', 'authors : "van der berg"'],
    ['journal:lancet text:dose', '(journal : "lancet" AND body : "dose")'],
    ['(a OR b) c', '(("a" OR "b") AND "c")'],
    ['a AND b', '("a" AND "b")'],
    ['unknownfield:word', '"unknownfield word"'],
  ])('%s → %s', (input, expected) => {
    expect(match(input)).toBe(expected);
  });

  it('takes year, type and status as filters beside the words', () => {
    const parsed = parseSearchQuery('dose year:2019..2021 type:"clinical trial" status:done -status:unavailable');
    expect(parsed).toEqual({
      ok: true,
      query: {
        match: '"dose"',
        filters: { years: { from: 2019, to: 2021 }, types: ['clinical-trial'], excludedTypes: [], statuses: ['done'], excludedStatuses: ['unavailable'] },
        terms: ['dose'],
        fields: [],
      },
    });
    const open = parseSearchQuery('year:..2010');
    expect(open.ok && open.query.filters.years).toEqual({ from: 0, to: 2010 });
    expect(open.ok && open.query.match).toBeNull();
    const single = parseSearchQuery('x year:2020 year:2018..2022');
    expect(single.ok && single.query.filters.years).toEqual({ from: 2020, to: 2020 });
  });

  it('lists the words looked for, not those left out, and the text fields named', () => {
    const parsed = parseSearchQuery('title:lupus "complete response" -fever');
    expect(parsed.ok && parsed.query.terms).toEqual(['lupus', 'complete response']);
    expect(parsed.ok && parsed.query.fields).toEqual(['title']);
  });

  it.each([
    ['', 'Type something'],
    ['   ', 'Type something'],
    ['"open phrase', 'quotation mark is not closed'],
    ['(a OR b', 'bracket is not closed'],
    ['a)', 'closing bracket has no opening'],
    ['OR a', 'OR needs'],
    ['a OR', 'OR needs'],
    ['a AND', 'AND needs'],
    ['NOT', 'NOT needs'],
    ['-fever', 'not only words to leave out'],
    ['NOT fever', 'not only words to leave out'],
    ['a OR -b', 'not only words to leave out'],
    ['type:trials', 'There is no type “trials”'],
    ['status:finished', 'There is no status “finished”'],
    ['year:twenty', 'is not a year'],
    ['year:2022..2019', 'run backwards'],
    ['-year:2020 a', 'Years cannot be left out'],
    ['(a year:2020) OR b', 'beside the words'],
    ['title:', 'Say what to look for after “title:”'],
    ['!!!', 'has no letters or digits'],
  ])('explains %j', (input, message) => {
    expect(problem(input)).toContain(message);
  });

  it('quotes every token it passes on, whatever is typed (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: fc.constantFrom('a', 'Z', '"', '*', '(', ')', ' ', '-', ':', 'OR', 'NOT', 'AND', 'title', 'é', '^', '+', '{', '}', '1') }), (input) => {
        const parsed = parseSearchQuery(input);
        if (!parsed.ok) {
          expect(parsed.message.length).toBeGreaterThan(0);
          return;
        }
        if (parsed.query.match === null) return;
        // Outside the quoted strings only FTS5's own operators, brackets, column names and prefix stars remain.
        const outside = parsed.query.match.replace(/"(?:[^"]|"")*"/gu, ' ');
        expect(outside).toMatch(/^(?:\s|\(|\)|\*|:|AND|OR|NOT|title|authors|journal|body)*$/u);
      }),
    );
  });
});

describe('searchTokens', () => {
  it('splits and folds as unicode61 with remove_diacritics 2 does', () => {
    expect(searchTokens('CAR-T cells, 1 × 10⁶/kg; Müller–Ñandú')).toEqual(['car', 't', 'cells', '1', '10⁶', 'kg', 'muller', 'nandu']);
    expect(searchTokens('  ')).toEqual([]);
  });
});
