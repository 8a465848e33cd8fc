// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describe as describeRange } from '@shared/anchoring';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import type { FieldValue } from '@shared/fields/types';
import {
  checkProvenance,
  compareEntries,
  describeEntry,
  describeState,
  documentCompleteness,
  entriesByField,
  fieldLookup,
  notReadText,
  toEvidenceEntry,
  valueSortKey,
} from '@shared/evidence';
import type { EvidenceEntry } from '@shared/evidence';
import type { Annotation, AnnotationId, DocumentId, FieldTag } from '@shared/model';

const TEXT = 'Follow-up was ten months. The dose was 1 × 106 CAR T cells/kg. Neutropenia (grade 4) occurred.';
const DOC = 'd'.repeat(64) as DocumentId;
const lookup = fieldLookup(DEFAULT_SCHEMA);

function valueAnnotation(id: string, quote: string | null, field: Partial<FieldTag> & Pick<FieldTag, 'fieldKey' | 'value'>, createdAt = '2026-01-01T00:00:00.000Z'): Annotation {
  const at = quote === null ? -1 : TEXT.indexOf(quote);
  if (quote !== null && at < 0) throw new Error(`not in the text: ${quote}`);
  return {
    id: id as AnnotationId,
    documentId: DOC,
    target: quote === null ? null : describeRange(TEXT, at, at + quote.length),
    color: 'purple',
    note: '',
    tags: [],
    field: { schemaId: 'car-t-autoimmune@1', status: 'parsed', reason: null, qualifier: null, ...field },
    creator: 'Reviewer',
    createdAt,
    modifiedAt: createdAt,
    deletedAt: null,
  };
}

function entryOf(annotation: Annotation, text: string = TEXT): EvidenceEntry {
  const place = lookup.get(annotation.field!.fieldKey);
  return toEvidenceEntry(annotation, place?.field ?? null, place?.sectionLabel ?? null, checkProvenance(text, annotation));
}

const DOSE: FieldValue = { type: 'quantity', value: 1e6, unit: 'cells/kg', mantissa: 1, exponent: 6 };

describe('an evidence entry', () => {
  it.each([
    {
      what: 'a parsed value with a sound quote',
      annotation: valueAnnotation('a1', 'ten months', { fieldKey: 'follow_up', value: { type: 'duration', value: 10, unit: 'months' } }),
      line: '10 months',
      state: 'machine-read',
    },
    {
      what: 'a value needing confirmation',
      annotation: valueAnnotation('a2', '1 × 106 CAR T cells/kg', { fieldKey: 'dose', value: DOSE, status: 'needs-confirmation', reason: '“106” read as 10⁶' }),
      line: '1 × 10⁶ cells/kg [needs confirmation]',
      state: 'needs confirmation',
    },
    {
      what: 'an unread value with its reason',
      annotation: valueAnnotation('a3', 'Neutropenia (grade 4)', { fieldKey: 'dose', value: null, status: 'needs-confirmation', reason: 'no unit in the text.' }),
      line: 'Not read: no unit in the text [needs confirmation]',
      state: 'needs confirmation',
    },
    {
      what: 'a value typed without a source',
      annotation: valueAnnotation('a4', null, { fieldKey: 'patients_n', value: { type: 'count', count: 1 }, status: 'manual' }),
      line: '1 [no source]',
      state: 'entered by hand; no source',
    },
    {
      what: 'a value typed over a quote: a correction',
      annotation: valueAnnotation('a5', 'Neutropenia (grade 4)', { fieldKey: 'cytopenias', value: { type: 'grade', scale: 'CTCAE', grade: 3, bound: 'exact' }, status: 'manual', qualifier: 'neutropenia' }),
      line: 'Grade 3 (CTCAE) (neutropenia) [corrected]',
      state: 'corrected',
    },
  ])('words $what the same in its line and its state', ({ annotation, line, state }) => {
    const entry = entryOf(annotation);
    expect(describeEntry(entry)).toBe(line);
    expect(describeState(entry)).toBe(state);
  });

  it('says a quote no longer standing in the text is stale, and keeps where it was recorded', () => {
    const annotation = valueAnnotation('a6', 'ten months', { fieldKey: 'follow_up', value: { type: 'duration', value: 10, unit: 'months' } });
    const entry = entryOf(annotation, TEXT.replace('ten months', 'twelve months'));
    expect(entry.flags).toEqual(['stale-quote']);
    expect(describeEntry(entry)).toBe('10 months [stale quote]');
    expect(describeState(entry)).toBe('machine-read; stale quote');
    expect(entry.range).toEqual({ start: annotation.target!.position.start, end: annotation.target!.position.end });
    expect(entry.quote).toBe('ten months');
  });

  it('keeps why a value needs confirmation apart from why it could not be read', () => {
    const doubtful = entryOf(valueAnnotation('b1', '1 × 106 CAR T cells/kg', { fieldKey: 'dose', value: DOSE, status: 'needs-confirmation', reason: '“106” read as 10⁶' }));
    expect(doubtful).toMatchObject({ why: '“106” read as 10⁶', unread: false, sortKey: 1e6 });
    const unread = entryOf(valueAnnotation('b2', 'Neutropenia (grade 4)', { fieldKey: 'dose', value: null, status: 'needs-confirmation', reason: 'no unit in the text' }));
    expect(unread).toMatchObject({ why: null, unread: true, sortKey: null, text: 'Not read: no unit in the text' });
  });

  it('labels a value of a field the schema does not hold by its key', () => {
    const entry = entryOf(valueAnnotation('b3', 'ten months', { fieldKey: 'gone_field', value: { type: 'text', text: 'x' } }));
    expect(entry).toMatchObject({ fieldLabel: 'gone_field', sectionLabel: null, text: 'x' });
  });
});

describe('notReadText', () => {
  it.each([
    ['no unit in the text', 'Not read: no unit in the text'],
    ['no time unit next to the number.', 'Not read: no time unit next to the number'],
    ['  ', 'Not read'],
    [null, 'Not read'],
  ])('%j → %s', (reason, text) => expect(notReadText(reason)).toBe(text));
});

describe('documentCompleteness', () => {
  it('counts each schema field once and words it one way', () => {
    // The per-patient section counts only once the document has per-patient values; these have none.
    const total = DEFAULT_SCHEMA.sections.filter((s) => s.repeat === undefined).reduce((n, s) => n + s.fields.length, 0);
    const c = documentCompleteness(DEFAULT_SCHEMA, ['dose', 'dose', 'follow_up', 'not_a_field']);
    expect(c.filled).toBe(2);
    expect(c.label).toBe(`2 of ${total} fields (${Math.floor((2 / total) * 100)}%); ${c.requiredFilled} of 8 required`);
  });
});

describe('the one order of values', () => {
  const annotations = [
    valueAnnotation('c3', null, { fieldKey: 'cytopenias', value: { type: 'text', text: 'typed second' } }, '2026-01-02T00:00:00.000Z'),
    valueAnnotation('c1', 'Neutropenia (grade 4)', { fieldKey: 'cytopenias', value: { type: 'text', text: 'late in the text' } }),
    valueAnnotation('c2', 'ten months', { fieldKey: 'cytopenias', value: { type: 'text', text: 'early in the text' } }),
    valueAnnotation('c0', null, { fieldKey: 'cytopenias', value: { type: 'text', text: 'typed first' } }, '2026-01-01T00:00:00.000Z'),
    valueAnnotation('c4', null, { fieldKey: 'cytopenias', value: { type: 'text', text: 'typed first, same time' } }, '2026-01-01T00:00:00.000Z'),
  ];

  it('is by place in the text, values without a source last by time, then by id', () => {
    const entries = entriesByField(annotations, lookup, (a) => checkProvenance(TEXT, a)).get('cytopenias')!;
    expect(entries.map((e) => e.text)).toEqual(['early in the text', 'late in the text', 'typed first', 'typed first, same time', 'typed second']);
  });

  it('does not depend on the order the records were read in', () => {
    const expected = entriesByField(annotations, lookup, (a) => checkProvenance(TEXT, a)).get('cytopenias')!.map((e) => e.annotationId);
    fc.assert(
      fc.property(fc.shuffledSubarray(annotations, { minLength: annotations.length }), (shuffled) => {
        const entries = entriesByField(shuffled, lookup, (a) => checkProvenance(TEXT, a)).get('cytopenias')!;
        expect(entries.map((e) => e.annotationId)).toEqual(expected);
        for (let i = 1; i < entries.length; i++) expect(compareEntries(entries[i - 1]!, entries[i]!)).toBeLessThan(0);
      }),
    );
  });

  it('leaves out highlights and deleted values', () => {
    const highlight: Annotation = { ...annotations[1]!, id: 'h' as AnnotationId, field: null };
    const deleted: Annotation = { ...annotations[1]!, id: 'x' as AnnotationId, deletedAt: '2026-01-03T00:00:00.000Z' };
    const byField = entriesByField([highlight, deleted], lookup, (a) => checkProvenance(TEXT, a));
    expect(byField.size).toBe(0);
  });
});

describe('valueSortKey', () => {
  const key = (value: FieldValue) => valueSortKey(value, '');
  it('compares durations in days, grades by bound, quantities by value', () => {
    expect(key({ type: 'duration', value: 6, unit: 'weeks' })).toBeLessThan(key({ type: 'duration', value: 3, unit: 'months' }) as number);
    expect(key({ type: 'duration', value: 13, unit: 'months' })).toBeGreaterThan(key({ type: 'duration', value: 1, unit: 'years' }) as number);
    const absent = key({ type: 'grade', scale: 'CTCAE', grade: 0, bound: 'absent' }) as number;
    const atMostOne = key({ type: 'grade', scale: 'CTCAE', grade: 1, bound: 'at-most' }) as number;
    const one = key({ type: 'grade', scale: 'CTCAE', grade: 1, bound: 'exact' }) as number;
    expect(absent).toBeLessThan(atMostOne);
    expect(atMostOne).toBeLessThan(one);
    expect(key({ type: 'quantity', value: 5e5, unit: 'cells/kg', mantissa: 5, exponent: 5 })).toBeLessThan(
      key({ type: 'quantity', value: 1e6, unit: 'cells/kg', mantissa: 1, exponent: 6 }) as number,
    );
    expect(valueSortKey({ type: 'yes-no', answer: 'yes' }, 'Yes')).toBe('yes');
  });

});
