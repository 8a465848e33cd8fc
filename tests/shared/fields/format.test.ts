// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { formatFieldValue, formatNumber, formatValue } from '@shared/fields/format';
import { normalizeValue } from '@shared/fields/normalize';
import { cleanText } from '@shared/fields/read-numbers';
import { fieldIndex } from '@shared/fields/schema';
import { DURATION_UNITS, GRADE_SCALES } from '@shared/fields/types';
import type { FieldDefinition, FieldValue, GradeScale } from '@shared/fields/types';

const fields = fieldIndex(DEFAULT_SCHEMA);
function schemaField(key: string): FieldDefinition {
  const found = fields.get(key);
  if (!found) throw new Error(`the default schema has no field ${key}`);
  return found.field;
}

/**
 * The fields as version 1 of the default schema typed them (quantity dose, range age, grade CRS,
 * ICANS and cytopenias, count-of-total responders). Version 2 reads them as doses, summary
 * statistics, graded events and proportions; these readers still serve every schema, and every
 * stored value, that uses the older types.
 */
const V1_TYPES: ReadonlyMap<string, Partial<FieldDefinition>> = new Map<string, Partial<FieldDefinition>>([
  ['dose', { type: 'quantity' }],
  ['age', { type: 'range' }],
  ['responders', { type: 'count-of-total' }],
  ['crs_grade', { type: 'grade' }],
  ['icans_grade', { type: 'grade' }],
  ['cytopenias', { type: 'grade' }],
]);
function v1Field(key: string): FieldDefinition {
  return { ...schemaField(key), ...V1_TYPES.get(key) };
}
function field(type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition {
  return { key: 'value', label: 'Value', type, guidance: '', required: false, multiple: false, ...extra };
}

describe('formatValue', () => {
  it.each<[FieldValue, string]>([
    [{ type: 'quantity', value: 1e6, unit: 'cells/kg', mantissa: 1, exponent: 6 }, '1 × 10⁶ cells/kg'],
    [{ type: 'quantity', value: 52.5e6, unit: 'CAR+ cells/kg', mantissa: 52.5, exponent: 6 }, '52.5 × 10⁶ CAR+ cells/kg'],
    [{ type: 'quantity', value: 0.005, unit: 'cells/kg', mantissa: 5, exponent: -3 }, '5 × 10⁻³ cells/kg'],
    [{ type: 'quantity', value: 1000, unit: 'mg/m²', mantissa: null, exponent: null }, '1,000 mg/m²'],
    [{ type: 'range', low: 20, high: 60, unit: 'years' }, '20–60 years'],
    [{ type: 'range', low: 12, high: 12, unit: 'years' }, '12 years'],
    [{ type: 'range', low: 2, high: 14, unit: null }, '2–14'],
    [{ type: 'range', low: -4.7, high: -2.3, unit: null }, '−4.7 to −2.3'],
    [{ type: 'count-of-total', n: 5, total: 7 }, '5/7'],
    [{ type: 'count', count: 4000 }, '4,000'],
    [{ type: 'number', value: -4.2 }, '−4.2'],
    [{ type: 'duration', value: 8, unit: 'months' }, '8 months'],
    [{ type: 'duration', value: 1, unit: 'years' }, '1 year'],
    [{ type: 'duration', value: -34, unit: 'days' }, '−34 days'],
    [{ type: 'grade', scale: 'CTCAE', grade: 4, bound: 'exact' }, 'Grade 4 (CTCAE)'],
    [{ type: 'grade', scale: 'ASTCT-CRS', grade: 1, bound: 'at-most' }, 'At most grade 1 (ASTCT CRS)'],
    [{ type: 'grade', scale: 'ASTCT-CRS', grade: 0, bound: 'absent' }, 'Absent (ASTCT CRS)'],
    [{ type: 'grade', scale: 'ASTCT-ICANS', grade: 2, bound: 'exact' }, 'Grade 2 (ASTCT ICANS)'],
    [{ type: 'yes-no', answer: 'yes' }, 'Yes'],
    [{ type: 'yes-no', answer: 'no' }, 'No'],
    [{ type: 'yes-no', answer: 'not-reported' }, 'Not reported'],
    [{ type: 'date', date: '2024-10' }, '2024-10'],
    [{ type: 'text', text: 'rituximab' }, 'rituximab'],
    [{ type: 'single-choice', option: 'cd19' }, 'cd19'],
  ])('%j reads "%s"', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });

  it('shows choice options by their labels with formatFieldValue', () => {
    expect(formatFieldValue(schemaField('target_antigen'), { type: 'single-choice', option: 'bcma' })).toBe('BCMA');
    expect(formatFieldValue(schemaField('study_design'), { type: 'single-choice', option: 'phase-1-2' })).toBe('Phase 1/2 trial');
    const both = field('multiple-choice', { options: schemaField('target_antigen').options ?? [] });
    expect(formatFieldValue(both, { type: 'multiple-choice', options: ['cd19', 'bcma'] })).toBe('CD19, BCMA');
    expect(formatFieldValue(both, { type: 'multiple-choice', options: ['removed-option'] })).toBe('removed-option');
    expect(formatFieldValue(v1Field('dose'), { type: 'count', count: 3 })).toBe('3');
  });

  it.each([
    [1234567.25, '1,234,567.25'],
    [0.001, '0.001'],
    [-1000, '−1,000'],
    [1e21, '1,000,000,000,000,000,000,000'],
    [1.5e-7, '0.00000015'],
  ])('formatNumber(%d) is %s, every digit kept', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });
});

// Numbers as reviewers meet them: whole numbers and up to three decimals, never −0.
const decimal = (min: number, max: number): fc.Arbitrary<number> =>
  fc
    .tuple(fc.integer({ min: min * 1000, max: max * 1000 }), fc.constantFrom(1, 10, 100, 1000))
    .map(([n, d]) => Math.trunc(n / (1000 / d)) / d)
    .map((n) => (Object.is(n, -0) ? 0 : n));

const mantissa = fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.constantFrom(1, 10, 100)).map(([n, d]) => n / d);

function quantityOf(units: string[]): fc.Arbitrary<FieldValue> {
  const unit = fc.constantFrom(...units);
  const plain = fc.record({ value: decimal(0, 1_000_000), unit }).map((q): FieldValue => ({ type: 'quantity', ...q, mantissa: null, exponent: null }));
  const powered = fc
    .record({ mantissa, exponent: fc.integer({ min: -6, max: 15 }), unit })
    .map((q): FieldValue => ({ type: 'quantity', value: Number(`${q.mantissa}e${q.exponent}`), unit: q.unit, mantissa: q.mantissa, exponent: q.exponent }));
  return fc.oneof(plain, powered);
}

function rangeOf(units: string[] | undefined): fc.Arbitrary<FieldValue> {
  const unit = units === undefined ? fc.constant(null) : fc.constantFrom(...units);
  return fc
    .record({ a: decimal(-100, 10_000), b: decimal(-100, 10_000), unit })
    .map(({ a, b, unit: u }): FieldValue => ({ type: 'range', low: Math.min(a, b), high: Math.max(a, b), unit: u }));
}

function gradeOf(scale: GradeScale): fc.Arbitrary<FieldValue> {
  const max = scale === 'CTCAE' ? 5 : 4;
  return fc.oneof(
    fc.record({ grade: fc.integer({ min: 1, max }), bound: fc.constantFrom('exact' as const, 'at-most' as const) }).map((g): FieldValue => ({ type: 'grade', scale, ...g })),
    fc.constant<FieldValue>({ type: 'grade', scale, grade: 0, bound: 'absent' }),
  );
}

const isoDate = fc
  .record({ year: fc.integer({ min: 1900, max: 2100 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }), precision: fc.constantFrom(1, 2, 3) })
  .filter(({ year, month, day }) => new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day)
  .map(({ year, month, day, precision }): FieldValue => {
    const mm = String(month).padStart(2, '0');
    const dd = String(day).padStart(2, '0');
    return { type: 'date', date: precision === 1 ? String(year) : precision === 2 ? `${year}-${mm}` : `${year}-${mm}-${dd}` };
  });

const choiceFields = ['study_design', 'trial_phase', 'target_antigen', 'engineering', 'cell_source'].map(schemaField);
const multipleChoice = choiceFields.map((f) => ({ ...f, type: 'multiple-choice' as const }));

const mixedUnits = field('quantity', { units: ['cells/kg', 'CAR+ cells/kg', 'cells', 'mg/m²', 'cells/μL', 'copies/μg DNA', '% of T cells', 'mg/kg'] });

/** Every value type with a field it belongs to. */
const cases: [string, fc.Arbitrary<[FieldDefinition, FieldValue]>][] = [
  ['text', fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => s === cleanText(s)).map((text) => [field('text'), { type: 'text', text }])],
  ['count', fc.nat({ max: 10_000_000 }).map((count) => [schemaField('patients_n'), { type: 'count', count }])],
  [
    'count-of-total',
    fc
      .integer({ min: 1, max: 5000 })
      .chain((total) => fc.record({ n: fc.integer({ min: 0, max: total }), total: fc.constant(total) }))
      .map((v) => [v1Field('responders'), { type: 'count-of-total', ...v }]),
  ],
  ['number', fc.oneof(decimal(-10_000, 10_000), fc.integer({ min: -1e12, max: 1e12 })).map((value) => [field('number'), { type: 'number', value }])],
  ['quantity (dose)', quantityOf(v1Field('dose').units ?? []).map((v) => [v1Field('dose'), v])],
  ['quantity (expansion)', quantityOf(schemaField('car_t_expansion').units ?? []).map((v) => [schemaField('car_t_expansion'), v])],
  ['quantity (many units)', quantityOf(mixedUnits.units ?? []).map((v) => [mixedUnits, v])],
  ['range (age)', rangeOf(v1Field('age').units).map((v) => [v1Field('age'), v])],
  ['range (no units)', rangeOf(undefined).map((v) => [field('range'), v])],
  [
    'duration',
    fc.record({ value: decimal(-1000, 10_000), unit: fc.constantFrom(...DURATION_UNITS) }).map((d) => [schemaField('follow_up'), { type: 'duration', ...d }]),
  ],
  [
    'grade',
    fc.constantFrom(...GRADE_SCALES).chain((scale) => gradeOf(scale).map((v): [FieldDefinition, FieldValue] => [field('grade', { scale }), v])),
  ],
  [
    'single-choice',
    fc.constantFrom(...choiceFields).chain((f) =>
      fc.constantFrom(...(f.options ?? [])).map((o): [FieldDefinition, FieldValue] => [f, { type: 'single-choice', option: o.value }]),
    ),
  ],
  [
    'multiple-choice',
    fc.constantFrom(...multipleChoice).chain((f) =>
      fc
        .subarray(f.options ?? [], { minLength: 1 })
        .map((options): [FieldDefinition, FieldValue] => [f, { type: 'multiple-choice', options: options.map((o) => o.value) }]),
    ),
  ],
  ['yes-no', fc.constantFrom('yes' as const, 'no' as const, 'not-reported' as const).map((answer) => [schemaField('drug_free_remission'), { type: 'yes-no', answer }])],
  ['date', isoDate.map((v) => [field('date'), v])],
];

describe('normalizeValue reads back what formatValue shows', () => {
  it.each(cases)('%s', (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, ([target, value]) => {
        const shown = formatValue(value);
        expect(normalizeValue(target, shown)).toEqual({ ok: true, value, needsConfirmation: false, reason: null });
        const labelled = formatFieldValue(target, value);
        expect(normalizeValue(target, labelled)).toEqual({ ok: true, value, needsConfirmation: false, reason: null });
      }),
      { numRuns: 300 },
    );
  });
});
