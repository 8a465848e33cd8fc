// @vitest-environment node
// Values written by the release before issue 10 stay valid and read the same, under the new default
// schema too; a correction is stored exactly as entered with the machine's first reading beside it.
import { describe, expect, it } from 'vitest';
import { toEvidenceEntry } from '@shared/evidence';
import { fieldTagSchema } from '@shared/export/record-schemas';
import { correctedTag } from '@shared/fields/correction';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { formatValue } from '@shared/fields/format';
import { fieldIndex, fieldValueValidator } from '@shared/fields/schema';
import { draftFrom, draftSlots, valueFromDraft } from '@shared/fields/value-draft';
import type { FieldDefinition, FieldValue } from '@shared/fields/types';
import type { Annotation, AnnotationId, DocumentId, FieldTag, ReviewerId } from '@shared/model';

// Every shape version 1 stored, with the text it showed then (written out here, not computed).
const OLD_VALUES: [string, FieldValue, string][] = [
  ['patients_n', { type: 'count', count: 15 }, '15'],
  ['responders', { type: 'count-of-total', n: 5, total: 7 }, '5/7'],
  ['dose', { type: 'quantity', value: 1_000_000, unit: 'cells/kg', mantissa: 1, exponent: 6 }, '1 × 10⁶ cells/kg'],
  ['age', { type: 'range', low: 20, high: 60, unit: 'years' }, '20–60 years'],
  ['follow_up', { type: 'duration', value: 15, unit: 'months' }, '15 months'],
  ['cytopenias', { type: 'grade', scale: 'CTCAE', grade: 4, bound: 'exact' }, 'Grade 4 (CTCAE)'],
  ['crs_grade', { type: 'grade', scale: 'ASTCT-CRS', grade: 1, bound: 'at-most' }, 'At most grade 1 (ASTCT CRS)'],
  ['icans_grade', { type: 'grade', scale: 'ASTCT-ICANS', grade: 0, bound: 'absent' }, 'Absent (ASTCT ICANS)'],
  ['target_antigen', { type: 'single-choice', option: 'cd19' }, 'CD19'],
  ['drug_free_remission', { type: 'yes-no', answer: 'yes' }, 'Yes'],
  ['registration_id', { type: 'text', text: 'NCT04146051' }, 'NCT04146051'],
  ['efficacy', { type: 'number', value: -4.2 }, '−4.2'],
  ['condition', { type: 'multiple-choice', options: ['a', 'b'] }, 'a, b'],
  ['setting', { type: 'date', date: '2024-10' }, '2024-10'],
];

const fields = fieldIndex(DEFAULT_SCHEMA);

function annotationWith(tag: FieldTag): Annotation {
  return {
    id: 'a1' as AnnotationId,
    documentId: '0'.repeat(64) as DocumentId,
    target: null,
    color: 'red',
    note: '',
    tags: [],
    field: tag,
    creator: 'Reviewer 1',
    createdAt: '2026-01-01T00:00:00.000Z',
    modifiedAt: '2026-01-01T00:00:00.000Z',
    deletedAt: null,
  };
}

describe('values stored before issue 10', () => {
  it.each(OLD_VALUES)('%s: %j still validates, and reads "%s" under the version 2 schema', (key, value, shown) => {
    expect(fieldValueValidator.parse(value)).toEqual(value);
    const tag: FieldTag = { fieldKey: key, schemaId: 'car-t-autoimmune@1', value, status: 'parsed', reason: null, qualifier: null };
    // A backup or annotation import of such a record keeps it as it was.
    expect(fieldTagSchema.parse(tag)).toEqual(tag);
    if (value.type !== 'single-choice') expect(formatValue(value)).toBe(shown);
    const place = fields.get(key)!;
    const entry = toEvidenceEntry(annotationWith(tag), place.field, place.section.label, { state: 'no-source' });
    expect(entry).toMatchObject({ text: shown, unread: false, machineText: null });
  });
});

describe('a correction', () => {
  const machine: FieldValue = { type: 'grade', scale: 'CTCAE', grade: 4, bound: 'exact' };
  const first: FieldValue = { type: 'graded-event', event: 'neutropenia', scale: 'CTCAE', grade: 4, bound: 'exact', timePoint: null };
  const second: FieldValue = { ...first, grade: 3 } as FieldValue;
  const tag: FieldTag = { fieldKey: 'cytopenias', schemaId: 'car-t-autoimmune@1', value: machine, status: 'needs-confirmation', reason: 'several grades', qualifier: 'early' };
  const reviewer = 'r-1' as ReviewerId;

  it('stores what was entered, keeps the first machine reading, and names who and when', () => {
    const once = correctedTag(tag, first, reviewer, '2026-02-01T00:00:00.000Z');
    expect(once).toEqual({
      ...tag,
      value: first,
      status: 'manual',
      reason: null,
      machineReading: { value: machine, reason: 'several grades' },
      review: { state: 'corrected', by: reviewer, at: '2026-02-01T00:00:00.000Z' },
    });
    const twice = correctedTag(once, second, reviewer, '2026-02-02T00:00:00.000Z');
    expect(twice.value).toEqual(second);
    expect(twice.machineReading).toEqual({ value: machine, reason: 'several grades' });
    expect(fieldTagSchema.parse(twice)).toMatchObject({ value: second, machineReading: { value: machine } });
    const place = fields.get('cytopenias')!;
    const entry = toEvidenceEntry(annotationWith(twice), place.field, place.section.label, { state: 'no-source' });
    expect(entry).toMatchObject({ text: 'neutropenia grade 3 (CTCAE)', machineText: 'Grade 4 (CTCAE)' });
  });

  it('of a value that was not read says so', () => {
    const unread: FieldTag = { ...tag, value: null, reason: 'no grade in the text' };
    const place = fields.get('cytopenias')!;
    const entry = toEvidenceEntry(annotationWith(correctedTag(unread, first, null, 'now')), place.field, place.section.label, { state: 'no-source' });
    expect(entry.machineText).toBe('Not read: no grade in the text');
  });
});

describe('typed drafts', () => {
  const age = fields.get('age')!.field;
  const field = (type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition => ({ key: 'v', label: 'V', type, guidance: '', required: false, multiple: false, ...extra });

  it('prefill from a value and give it back unchanged, for every new type', () => {
    const values: [FieldDefinition, FieldValue][] = [
      [age, { type: 'summary-statistic', measure: 'median', value: 46, spread: { kind: 'iqr', low: 38, high: 55 }, unit: 'years' }],
      [age, { type: 'summary-statistic', measure: 'mean', value: 45.2, spread: { kind: 'sd', sd: 11.3 }, unit: null }],
      [age, { type: 'summary-statistic', measure: null, value: null, spread: { kind: 'range', low: 20, high: 60 }, unit: 'years' }],
      [fields.get('cytopenias')!.field, { type: 'graded-event', event: 'neutropenia', scale: 'CTCAE', grade: 4, bound: 'exact', timePoint: { value: -3, unit: 'days', form: 'offset' } }],
      [fields.get('crs_grade')!.field, { type: 'graded-event', event: 'CRS', scale: 'ASTCT-CRS', grade: 0, bound: 'absent', timePoint: null }],
      [fields.get('responders')!.field, { type: 'proportion', n: 5, total: 6, percent: 83 }],
      [fields.get('dose')!.field, { type: 'dose', value: 52_500_000, unit: 'CAR+ cells', basis: 'per-kg', mantissa: 52.5, exponent: 6 }],
      [fields.get('dose')!.field, { type: 'dose', value: 1000, unit: 'mg', basis: 'per-m2', mantissa: null, exponent: null }],
      [field('time-point'), { type: 'time-point', value: 8, unit: 'weeks', form: 'label' }],
      [field('change'), { type: 'change', measure: 'CK', from: 12_400, to: 180, unit: 'U/L', at: { value: 8, unit: 'weeks', form: 'label' } }],
      [field('presence'), { type: 'presence', event: 'ICANS', state: 'absent' }],
    ];
    for (const [target, value] of values) expect(valueFromDraft(target, draftFrom(target, value)), JSON.stringify(value)).toEqual({ ok: true, value });
  });

  it('show low and high for a ranged spread, one SD for an SD, nothing for none', () => {
    const names = (spread: string) => draftSlots(age, new Map([['spread', spread]])).map((s) => s.label);
    expect(names('iqr')).toEqual(['Median or mean', 'Value', 'Spread', 'IQR low', 'IQR high', 'Unit']);
    expect(names('sd')).toEqual(['Median or mean', 'Value', 'Spread', 'SD', 'Unit']);
    expect(names('')).toEqual(['Median or mean', 'Value', 'Spread', 'Unit']);
  });

  it('refuse what makes no sense, in the reviewer’s words', () => {
    const draft = (entries: [string, string][]) => new Map([...draftFrom(age, null), ...entries]);
    expect(valueFromDraft(age, draft([['value', 'about 40']]))).toEqual({ ok: false, reason: 'Value: “about 40” is not a number' });
    expect(valueFromDraft(age, draft([['value', '46'], ['spread', 'iqr'], ['low', '55'], ['high', '38']]))).toEqual({ ok: false, reason: 'IQR low (55) is above IQR high (38)' });
    const responders = fields.get('responders')!.field;
    expect(valueFromDraft(responders, new Map([['n', '7'], ['total', '5']]))).toEqual({ ok: false, reason: 'n (7) is more than the total (5)' });
    const crs = fields.get('crs_grade')!.field;
    expect(valueFromDraft(crs, new Map([['event', 'CRS'], ['bound', 'exact'], ['grade', '5']]))).toEqual({ ok: false, reason: 'Grade 5 is above the ASTCT CRS scale (grades 1–4)' });
    // A thousands comma and a true minus sign are numbers as written.
    expect(valueFromDraft(age, draft([['value', '−1,200']]))).toMatchObject({ ok: true, value: { value: -1200 } });
  });
});
