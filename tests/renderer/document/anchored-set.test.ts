// Anchoring a document's annotations from its previous set: unchanged annotations are taken over,
// changed ones anchored again, and the set holds compact records equal to the ones read.
import fc from 'fast-check';
import { describe as suite, expect, it } from 'vitest';
import { describe } from '@shared/anchoring';
import type { Annotation, AnnotationId, DocumentId } from '@shared/model';
import { anchorAnnotations, anchorAnnotationsInSlices, AnchorCaches } from '../../../renderer/src/document/anchored-set';
import type { AnchoredSet } from '../../../renderer/src/document/anchored-set';

const text = 'Patient 3 developed cytokine release syndrome (grade 2) on day 4. Neutropenia (grade 4) lasted nine days. Remission at month 6.';

function at(id: string, quote: string, modifiedAt = '2025-03-14T09:00:00.000Z', extra: Partial<Annotation> = {}): Annotation {
  const start = text.indexOf(quote);
  return {
    id: id as AnnotationId,
    documentId: 'd'.repeat(64) as DocumentId,
    target: start < 0 ? { position: { type: 'TextPositionSelector', start: 0, end: quote.length }, quote: { type: 'TextQuoteSelector', exact: quote, prefix: '', suffix: '' } } : describe(text, start, start + quote.length),
    color: 'red',
    note: '',
    tags: [],
    field: null,
    creator: 'Reviewer 1',
    createdAt: '2025-03-14T09:00:00.000Z',
    modifiedAt,
    deletedAt: null,
    ...extra,
  };
}

/** Records as a fresh read hands them over: new objects every time. */
const read = (records: Annotation[]) => records.map((r) => JSON.parse(JSON.stringify(r)) as Annotation);

suite('anchorAnnotations', () => {
  const records = [at('b', 'Neutropenia (grade 4)'), at('a', 'cytokine release syndrome (grade 2)'), at('gone', 'a sentence the text never had'), { ...at('u', 'x'), target: null }];

  it('anchors in reading order, with orphans and values without a source apart, and records equal to those read', () => {
    const set = anchorAnnotations(text, read(records));
    expect(set.anchored.map((a) => a.annotation.id)).toEqual(['a', 'b']);
    expect(set.anchored[0]!.annotation).toEqual(records[1]);
    expect(set.orphans.map((o) => o.annotation.id)).toEqual(['gone']);
    expect(set.unsourced.map((a) => a.id)).toEqual(['u']);
    expect(set.index.at(text.indexOf('Neutropenia') + 2)).toEqual(['b']);
  });

  it('keeps areas of pages apart, by page and top to bottom, and never anchors them in the text or indexes them', () => {
    const area = (page: number, y: number) => ({ type: 'AreaSelector' as const, page, x: 0.1, y, width: 0.2, height: 0.1, pageWidth: 595, pageHeight: 842 });
    const set = anchorAnnotations(text, [...read(records), { ...at('p2', 'x'), target: null, area: area(2, 0.1) }, { ...at('p1low', 'x'), target: null, area: area(1, 0.7) }, { ...at('p1', 'x'), target: null, area: area(1, 0.2) }]);
    expect(set.areas.map((a) => a.id)).toEqual(['p1', 'p1low', 'p2']);
    expect(set.unsourced.map((a) => a.id)).toEqual(['u']);
    expect(set.anchored.map((a) => a.annotation.id)).toEqual(['a', 'b']);
    expect(set.byId.get('p1' as AnnotationId)).toBeUndefined();
    for (let offset = 0; offset < text.length; offset += 1) expect(set.index.at(offset)).not.toContain('p1');
  });

  it('takes unchanged annotations over from the previous set, and anchors changed and new ones again', () => {
    const previous = anchorAnnotations(text, read(records));
    const changed = at('a', 'Remission at month 6', '2025-03-15T10:00:00.000Z', { note: 'moved by the reviewer' });
    const next = anchorAnnotations(text, read([records[0]!, changed, records[2]!, at('c', 'lasted nine days')]), previous);
    const byId = (set: AnchoredSet, id: string) => set.byId.get(id as AnnotationId);
    // The same object: nothing to anchor, nothing new to keep, and rows showing it need not re-render.
    expect(byId(next, 'b')).toBe(byId(previous, 'b'));
    expect(next.orphans[0]).toBe(previous.orphans[0]);
    expect(byId(next, 'a')).not.toBe(byId(previous, 'a'));
    expect(byId(next, 'a')!.annotation).toEqual(changed);
    expect(text.slice(byId(next, 'a')!.start, byId(next, 'a')!.end)).toBe('Remission at month 6');
    expect(byId(next, 'c')).toBeDefined();
    expect(next.anchored.map((a) => a.annotation.id)).toEqual(['b', 'c', 'a']);
  });

  it('finds every anchored annotation by id, and nothing for an id it does not hold (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 60 }), fc.string({ maxLength: 6 }), (ids, missing) => {
        const quotes = ['Neutropenia (grade 4)', 'Remission at month 6', 'lasted nine days'];
        const set = anchorAnnotations(text, ids.map((id, i) => at(id, quotes[i % quotes.length]!)));
        expect(set.byId.size).toBe(ids.length);
        for (const id of ids) {
          expect(set.byId.get(id as AnnotationId)?.annotation.id).toBe(id);
          expect(set.byId.has(id as AnnotationId)).toBe(true);
        }
        if (!ids.includes(missing)) {
          expect(set.byId.get(missing as AnnotationId)).toBeUndefined();
          expect(set.byId.has(missing as AnnotationId)).toBe(false);
        }
      }),
    );
  });

  it('gives every entry its place and method, and a record that reads as the one stored, wherever it anchors (property)', () => {
    const quotes = ['cytokine release syndrome (grade 2)', 'Neutropenia (grade 4)', 'lasted nine days', 'Remission at month 6'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ quote: fc.constantFrom(...quotes), moved: fc.integer({ min: -3, max: 3 }), key: fc.constantFrom(null, 'annotation', 'start', 'end', 'method', 'source') }), { minLength: 1, maxLength: 12 }),
        (specs) => {
          const records = specs.map(({ quote, moved, key }, i) => {
            const r = at(`r${i}`, quote, undefined, key === null ? {} : ({ [key]: `kept ${key}` } as Partial<Annotation>));
            // A stored position off by `moved` characters: found again on its quote, not in place.
            if (moved !== 0) r.target = { ...r.target!, position: { ...r.target!.position, start: r.target!.position.start + moved, end: r.target!.position.end + moved } };
            return r;
          });
          const set = anchorAnnotations(text, read(records));
          expect(set.anchored).toHaveLength(records.length);
          for (const entry of set.anchored) {
            const original = records.find((r) => r.id === entry.annotation.id)!;
            const start = text.indexOf(specs[records.indexOf(original)]!.quote);
            expect([entry.start, entry.end]).toEqual([start, start + specs[records.indexOf(original)]!.quote.length]);
            expect(entry.method).toBe(original.target!.position.start === start ? 'position' : 'quote');
            // The record is the one stored, its own keys (one named like an entry's field included) kept.
            expect(entry.annotation).toEqual(original);
            expect({ ...entry.annotation }).toEqual(original);
            expect(structuredClone(entry.annotation)).toEqual(original);
            expect(Object.keys(entry.annotation).sort()).toEqual(Object.keys(original).sort());
          }
        },
      ),
    );
  });

  it('drops what is no longer read', () => {
    const previous = anchorAnnotations(text, read(records));
    const next = anchorAnnotations(text, read([records[0]!]), previous);
    expect(next.anchored.map((a) => a.annotation.id)).toEqual(['b']);
    expect(next.orphans).toEqual([]);
    expect(next.index.at(text.indexOf('cytokine') + 1)).toEqual([]);
  });
});

suite('anchorAnnotationsInSlices', () => {
  // Many annotations over the same few quotes, so the work spans several slices.
  const many = Array.from({ length: 450 }, (_, i) => at(`m${String(i).padStart(3, '0')}`, ['Neutropenia (grade 4)', 'Remission at month 6', 'lasted nine days', 'not in the text at all'][i % 4]!));

  it('makes the same set as anchorAnnotations, giving the main thread back between slices', async () => {
    let yielded = 0;
    const ticking = setInterval(() => yielded++, 0);
    const sliced = await anchorAnnotationsInSlices(text, read(many), null, { sliceMs: 0 });
    clearInterval(ticking);
    const whole = anchorAnnotations(text, read(many));
    expect(sliced).not.toBeNull();
    expect(sliced!.anchored.map((a) => [a.annotation.id, a.start, a.end])).toEqual(whole.anchored.map((a) => [a.annotation.id, a.start, a.end]));
    expect(sliced!.anchored.map((a) => a.annotation)).toEqual(whole.anchored.map((a) => a.annotation));
    expect(sliced!.orphans.map((o) => o.annotation.id)).toEqual(whole.orphans.map((o) => o.annotation.id));
    // Timers ran while it worked: it did not hold the thread from start to end.
    expect(yielded).toBeGreaterThan(0);
  });

  it('stops, with nothing, once its work is stale', async () => {
    const stale = new AbortController();
    const pending = anchorAnnotationsInSlices(text, read(many), null, { sliceMs: 0, signal: stale.signal });
    stale.abort();
    expect(await pending).toBeNull();
  });
});

suite('AnchorCaches', () => {
  it('keeps the last set of the few most recent documents', () => {
    const caches = new AnchorCaches(2);
    const set = anchorAnnotations(text, []);
    const [one, two, three] = ['1', '2', '3'].map((c) => c.repeat(64) as DocumentId);
    caches.keep(one!, set);
    caches.keep(two!, set);
    // Keeping a set again makes its document the most recent.
    caches.keep(one!, set);
    caches.keep(three!, set);
    expect(caches.last(one!)).toBe(set);
    expect(caches.last(two!)).toBeNull();
    expect(caches.last(three!)).toBe(set);
  });
});
