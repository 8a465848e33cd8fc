// The compact form of a stored annotation must be the same record to everything that reads it:
// compared, spread, cloned or serialised, whatever its selectors hold.
import fc from 'fast-check';
import { describe as suite, expect, it } from 'vitest';
import { describe } from '@shared/anchoring';
import { HIGHLIGHT_COLORS } from '@shared/model';
import type { Annotation, AnnotationId, DocumentId, TextSelectors } from '@shared/model';
import { compactAnnotation, stringPool } from '../../../renderer/src/document/compact-annotation';

const textArb = fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', '⁶', '×', '\n', '😀'), minLength: 2, maxLength: 400 });

function record(target: TextSelectors | null, extra: Partial<Annotation> = {}): Annotation {
  return {
    id: 'a1b2c3d4-0000-4000-8000-000000000001' as AnnotationId,
    documentId: 'f'.repeat(64) as DocumentId,
    target,
    color: 'yellow',
    note: '',
    tags: [],
    field: null,
    creator: 'Reviewer 1',
    createdAt: '2025-03-14T09:00:00.000Z',
    modifiedAt: '2025-03-14T09:00:00.000Z',
    deletedAt: null,
    ...extra,
  };
}

/** Every way a record is read: compared, spread, cloned (as IndexedDB and postMessage do), serialised. */
function expectSameRecord(compact: Annotation, original: Annotation) {
  expect(compact).toEqual(original);
  expect({ ...compact }).toEqual(original);
  expect(structuredClone(compact)).toEqual(original);
  expect(JSON.parse(JSON.stringify(compact))).toEqual(JSON.parse(JSON.stringify(original)));
  expect(Object.keys(compact).sort()).toEqual(Object.keys(original).sort());
}

const recordArb = fc.record({
  note: fc.string({ maxLength: 30 }),
  tags: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  color: fc.constantFrom(...HIGHLIGHT_COLORS),
  creatorId: fc.option(fc.constant('reviewer-1'), { nil: undefined }),
});

suite('compactAnnotation', () => {
  it('gives back the same record for selectors describe() made from the text (property)', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), recordArb, (text, a, b, fields) => {
        const start = a % (text.length - 1);
        const end = start + 1 + (b % (text.length - start));
        const { creatorId, ...rest } = fields;
        const original = record(describe(text, start, end), { ...rest, ...(creatorId ? { creatorId: creatorId as Annotation['creatorId'] } : {}) });
        expectSameRecord(compactAnnotation(original, stringPool(text)), original);
      }),
    );
  });

  it('gives back the same record whatever the selectors hold: moved, edited, out of range, with extra keys (property)', () => {
    const selectorArb = fc.record({
      start: fc.integer({ min: -5, max: 450 }),
      length: fc.integer({ min: 0, max: 60 }),
      exact: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
      prefix: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
      suffix: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
      extra: fc.boolean(),
    });
    fc.assert(
      fc.property(textArb, selectorArb, (text, s) => {
        const end = s.start + s.length;
        const slice = (from: number, to: number) => text.slice(Math.max(0, from), Math.max(0, to));
        const target: TextSelectors = {
          position: { type: 'TextPositionSelector', start: s.start, end },
          quote: { type: 'TextQuoteSelector', exact: s.exact ?? slice(s.start, end), prefix: s.prefix ?? slice(s.start - 32, s.start), suffix: s.suffix ?? slice(end, end + 32) },
        };
        if (s.extra) Object.assign(target.quote, { refinedBy: { type: 'Other' } });
        const original = record(target);
        expectSameRecord(compactAnnotation(original, stringPool(text)), original);
      }),
    );
  });

  it('keeps unknown keys as plain own properties, even one named __proto__', () => {
    const text = 'The patient received a single infusion of CAR T cells.';
    const original = JSON.parse(JSON.stringify(record(describe(text, 4, 11)))) as Annotation;
    Object.defineProperty(original, '__proto__', { value: { sneaky: true }, enumerable: true, writable: true, configurable: true });
    const compact = compactAnnotation(original, stringPool(text));
    expect(Object.getPrototypeOf(compact)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(compact, '__proto__')?.value).toEqual({ sneaky: true });
    expect(compact.target).toEqual(original.target);
  });

  it('keeps no selector objects of its own for an annotation still where describe() put it', () => {
    const text = 'Cytokine release syndrome (grade 1) resolved within three days of tocilizumab.';
    const compact = compactAnnotation(record(describe(text, 0, 35)), stringPool(text));
    expect(Object.getOwnPropertyDescriptor(compact, 'target')?.get).toBeTypeOf('function');
    expect(compact.target?.quote.exact).toBe('Cytokine release syndrome (grade 1)');
    // A moved quote keeps its selectors as data.
    const moved = compactAnnotation(record(describe(text, 0, 35)), stringPool(`Note. ${text}`));
    expect(Object.getOwnPropertyDescriptor(moved, 'target')?.value).toEqual(describe(text, 0, 35));
  });

  it('shares one string for equal values across the records of one pass', () => {
    const text = 'Grade 2 neutropenia lasted nine days.';
    const pool = stringPool(text);
    const first = compactAnnotation(JSON.parse(JSON.stringify(record(describe(text, 0, 7)))) as Annotation, pool);
    const second = compactAnnotation(JSON.parse(JSON.stringify(record(describe(text, 8, 19)))) as Annotation, pool);
    expect(pool.strings.get(first.createdAt)).toBe(second.createdAt);
    // The document id is held once, by the pool, and read through one accessor by its records.
    expect(pool.documentId).toBe(first.documentId);
    expect(Object.getOwnPropertyDescriptor(second, 'documentId')?.get).toBe(Object.getOwnPropertyDescriptor(first, 'documentId')?.get);
  });

  it('gives back the same records through one pool whatever their document and deletion (property)', () => {
    const text = 'Grade 2 neutropenia lasted nine days; no cytokine release syndrome was seen.';
    const recordsArb = fc.array(
      fc.record({ document: fc.constantFrom('f', 'e'), deletedAt: fc.constantFrom(null, '2025-03-15T08:00:00.000Z'), start: fc.nat({ max: 60 }) }),
      { minLength: 1, maxLength: 8 },
    );
    fc.assert(
      fc.property(recordsArb, (specs) => {
        const pool = stringPool(text);
        const originals = specs.map(({ document, deletedAt, start }) => record(describe(text, start, start + 5), { documentId: document.repeat(64) as DocumentId, deletedAt }));
        const compacts = originals.map((original) => compactAnnotation(JSON.parse(JSON.stringify(original)) as Annotation, pool));
        compacts.forEach((compact, i) => expectSameRecord(compact, originals[i]!));
      }),
    );
  });
});
