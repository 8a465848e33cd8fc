// @vitest-environment node
// Issue 10's value types, table-driven over phrases from the five bundled articles and written
// fixtures: what is read (with its quote), and the failure reason, true to the quote, when nothing is.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { formatPowerOfTen, formatValue, POWER_NOTATIONS } from '@shared/fields/format';
import { normalizeValue } from '@shared/fields/normalize';
import { fieldIndex, fieldValueValidator } from '@shared/fields/schema';
import type { FieldDefinition, FieldValue, GradeScale, TimePoint } from '@shared/fields/types';
import { DURATION_UNITS, GRADE_SCALES } from '@shared/fields/types';
import { GRADE_SCALE_MAX } from '@shared/fields/scales';
import { bundledEntries, readCorpusFile } from '../../helpers/corpus';

const corpusText = bundledEntries()
  .map((entry) => readCorpusFile(entry.file))
  .join('\n')
  .replace(/\s+/g, ' ');

const schemaFields = fieldIndex(DEFAULT_SCHEMA);
function schemaField(key: string): FieldDefinition {
  const found = schemaFields.get(key);
  if (!found) throw new Error(`the default schema has no field ${key}`);
  return found.field;
}
function field(type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition {
  return { key: 'value', label: 'Value', type, guidance: '', required: false, multiple: false, ...extra };
}

/** [quote, what is read, false for an unflagged reading or what its reason says, where the quote is from] */
type Case = [string, FieldValue, false | RegExp, 'corpus' | 'made-up'];

function reads(target: FieldDefinition, cases: Case[]): void {
  it.each(cases)('reads "%s"', (text, value, flag, source) => {
    if (source === 'corpus') expect(corpusText).toContain(text);
    const result = normalizeValue(target, text);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.value).toEqual(value);
    expect(fieldValueValidator.safeParse(result.value).success).toBe(true);
    if (flag === false) expect(result).toMatchObject({ needsConfirmation: false, reason: null });
    else expect(result.reason).toMatch(flag);
  });
}

function fails(target: FieldDefinition, cases: [string, RegExp, 'corpus' | 'made-up'][]): void {
  it.each(cases)('fails on "%s", saying why', (text, reason, source) => {
    if (source === 'corpus') expect(corpusText).toContain(text);
    const result = normalizeValue(target, text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
}

const event = (name: string, scale: GradeScale, grade: number, bound: 'exact' | 'at-most' | 'absent' = 'exact', timePoint: TimePoint | null = null): FieldValue => ({
  type: 'graded-event',
  event: name,
  scale,
  grade,
  bound,
  timePoint,
});

describe('graded events keep the event with its grade', () => {
  const cytopenias = schemaField('cytopenias');
  const crs = schemaField('crs_grade');
  const icans = schemaField('icans_grade');
  const jdm = 'mild cytokine release syndrome (grade 1), transient anemia (grade 2), and neutropenia (grade 4)';
  describe('CTCAE (cytopenias)', () => {
    reads(cytopenias, [
      ['neutropenia (grade 4)', event('neutropenia', 'CTCAE', 4), false, 'corpus'],
      ['transient anemia (grade 2)', event('transient anemia', 'CTCAE', 2), false, 'corpus'],
      ['grade 4 neutropenia', event('neutropenia', 'CTCAE', 4), false, 'made-up'],
      // A CTCAE field is after the cytopenias, not the CRS named first.
      [jdm, event('transient anemia', 'CTCAE', 2), /several graded events in the text \(cytokine release syndrome grade 1, transient anemia grade 2, neutropenia grade 4\)/, 'corpus'],
      ['grade 3 neutropenia on day 10', event('neutropenia', 'CTCAE', 3, 'exact', { value: 10, unit: 'days', form: 'label' }), false, 'made-up'],
    ]);
    fails(cytopenias, [
      ['grade 2', /the text gives grade 2 but names no event/, 'made-up'],
      ['The patient presented with fever', /no grade in the text/, 'corpus'],
      ['grade 6 neutropenia', /neutropenia grade 6 is outside the CTCAE scale/, 'made-up'],
    ]);
  });
  describe('ASTCT CRS', () => {
    reads(crs, [
      ['CRS (grade 1)', event('CRS', 'ASTCT-CRS', 1), false, 'made-up'],
      [jdm, event('cytokine release syndrome', 'ASTCT-CRS', 1), /several graded events/, 'corpus'],
      ['No moderate- or high-grade cytokine release syndrome', event('cytokine release syndrome', 'ASTCT-CRS', 1, 'at-most'), false, 'corpus'],
      ['grade 2', event('CRS', 'ASTCT-CRS', 2), /the text names no event; read as CRS/, 'made-up'],
    ]);
  });
  describe('ASTCT ICANS', () => {
    reads(icans, [
      ['ICANS grade 1 on day 5', event('ICANS', 'ASTCT-ICANS', 1, 'exact', { value: 5, unit: 'days', form: 'label' }), false, 'made-up'],
      ['no ICANS was observed', event('ICANS', 'ASTCT-ICANS', 0, 'absent'), false, 'made-up'],
      // The scale grades neurotoxicity, so that is the absent event kept.
      ['Neither infection nor neurotoxicity were observed.', event('neurotoxicity', 'ASTCT-ICANS', 0, 'absent'), false, 'corpus'],
    ]);
  });
});

const summary = (measure: 'median' | 'mean' | null, value: number | null, spread: Extract<FieldValue, { type: 'summary-statistic' }>['spread'], unit: string | null): FieldValue => ({
  type: 'summary-statistic',
  measure,
  value,
  spread,
  unit,
});

describe('summary statistics keep the centre, its spread and unit', () => {
  const age = schemaField('age');
  reads(age, [
    ['Median age was 46 years (IQR 38–55)', summary('median', 46, { kind: 'iqr', low: 38, high: 55 }, 'years'), false, 'made-up'],
    ['median 46 years (IQR 38–55)', summary('median', 46, { kind: 'iqr', low: 38, high: 55 }, 'years'), false, 'made-up'],
    ['mean (SD) 45.2 (11.3)', summary('mean', 45.2, { kind: 'sd', sd: 11.3 }, null), /no unit of this field \(years, months\) in the text/, 'made-up'],
    ['mean 45.2 ± 11.3 years', summary('mean', 45.2, { kind: 'sd', sd: 11.3 }, 'years'), false, 'made-up'],
    // The "range" gives one number: said so, never "no time unit next to the number".
    ['median (range) of 8 (12) months', summary('median', 8, null, 'months'), /the range "\(12\)" gives one number, not a low and a high; only the median was taken/, 'made-up'],
    ['median 12 (95% CI 8–16) months', summary('median', 12, { kind: 'ci95', low: 8, high: 16 }, 'months'), false, 'made-up'],
    ['median 15 months; interquartile range 7–19 months', summary('median', 15, { kind: 'iqr', low: 7, high: 19 }, 'months'), false, 'corpus'],
    ['Patient ages ranged from 20–60 years', summary(null, null, { kind: 'range', low: 20, high: 60 }, 'years'), false, 'corpus'],
    ['12-year-old', summary(null, 12, null, 'years'), false, 'corpus'],
  ]);
  reads(field('summary-statistic'), [
    ['median change –4.2 points, interquartile range –4.7 to –2.3', summary('median', -4.2, { kind: 'iqr', low: -4.7, high: -2.3 }, null), false, 'corpus'],
    ['median, 5; range, 2–14 prior treatments', summary('median', 5, { kind: 'range', low: 2, high: 14 }, null), false, 'corpus'],
    ['median 46 (38–55)', summary('median', 46, null, null), /"\(38–55\)" beside the median is not named as an IQR, range, SD or CI/, 'made-up'],
  ]);
  fails(age, [
    ['adult', /no number in the text/, 'made-up'],
    ['median age was not reported', /no number after "median" in the text/, 'made-up'],
  ]);
});

describe('durations say what is true of a median with its spread', () => {
  reads(schemaField('follow_up'), [
    ['median (range) of 8 (12) months', { type: 'duration', value: 8, unit: 'months' }, false, 'made-up'],
    ['eight months after a single infusion', { type: 'duration', value: 8, unit: 'months' }, false, 'corpus'],
  ]);
});

const proportion = (n: number, total: number, percent: number | null): FieldValue => ({ type: 'proportion', n, total, percent });

describe('proportions keep n, the total and the reported percent', () => {
  const responders = schemaField('responders');
  reads(responders, [
    ['5/6 (83%)', proportion(5, 6, 83), false, 'made-up'],
    ['five out of seven', proportion(5, 7, null), false, 'made-up'],
    ['Five out of seven participants maintained the response at Month 12.', proportion(5, 7, null), false, 'corpus'],
    ['4 of 6 patients', proportion(4, 6, null), false, 'made-up'],
    ['5 (71%) of 7 patients', proportion(5, 7, 71), false, 'made-up'],
    ['83% (5/6)', proportion(5, 6, 83), false, 'made-up'],
    ['5/6 (50%)', proportion(5, 6, 50), /the reported 50% is not 5\/6 \(83%\)/, 'made-up'],
  ]);
  fails(responders, [
    ['most patients responded', /no number in the text/, 'made-up'],
    ['7 of 5 patients', /7 is more than the total of 5/, 'made-up'],
  ]);
});

describe('counts', () => {
  reads(schemaField('deaths'), [['No patients died.', { type: 'count', count: 0 }, false, 'corpus']]);
  reads(schemaField('patients_n'), [['Six patients were men and nine were women', { type: 'count', count: 6 }, /other numbers too \(9\)/, 'corpus']]);
  fails(schemaField('patients_n'), [['at Week 8', /no count in the text/, 'corpus']]);
});

const dose = (value: number, unit: string, basis: 'per-kg' | 'per-m2' | 'flat', mantissa: number | null = null, exponent: number | null = null): FieldValue => ({
  type: 'dose',
  value,
  unit,
  basis,
  mantissa,
  exponent,
});

describe('doses keep their amount, unit and basis in every exponent notation', () => {
  const target = schemaField('dose');
  reads(target, [
    ['1 × 106 CAR T cells/kg', dose(1e6, 'cells', 'per-kg', 1, 6), /exponent read from flattened superscript: 10\^6/, 'corpus'],
    ['52.5 × 106 CAR+ cells/kg', dose(52.5e6, 'CAR+ cells', 'per-kg', 52.5, 6), /flattened superscript/, 'corpus'],
    ['1 × 10⁶ CAR T cells/kg', dose(1e6, 'cells', 'per-kg', 1, 6), false, 'made-up'],
    ['1 x 10(6) CAR T cells per kg', dose(1e6, 'cells', 'per-kg', 1, 6), false, 'made-up'],
    ['10^6 cells/kg', dose(1e6, 'cells', 'per-kg', 1, 6), false, 'made-up'],
    ['1e6 cells/kg', dose(1e6, 'cells', 'per-kg', 1, 6), false, 'made-up'],
    ['1,000,000 cells per kilogram', dose(1e6, 'cells', 'per-kg', null, null), false, 'made-up'],
    ['1,000 mg/m2 over two days', dose(1000, 'mg', 'per-m2'), false, 'corpus'],
    ['1 × 10⁸ cells', dose(1e8, 'cells', 'flat', 1, 8), false, 'made-up'],
  ]);
  fails(target, [
    ['32.69 cells/μL', /the unit "cells\/μL" is not one of this field's units/, 'corpus'],
    ['a single infusion', /no number in the text/, 'made-up'],
  ]);
});

const point = (value: number, unit: TimePoint['unit'], form: TimePoint['form']): FieldValue => ({ type: 'time-point', value, unit, form });

describe('time points relative to infusion', () => {
  const target = field('time-point');
  reads(target, [
    ['peak at day 7', point(7, 'days', 'label'), false, 'corpus'],
    ['at Week 8', point(8, 'weeks', 'label'), false, 'corpus'],
    ['At Month 9 follow-up', point(9, 'months', 'label'), false, 'corpus'],
    ['month 6', point(6, 'months', 'label'), false, 'made-up'],
    ['(−34 days)', point(-34, 'days', 'offset'), false, 'corpus'],
    ['34 days before infusion', point(-34, 'days', 'offset'), false, 'made-up'],
    ['D28', point(28, 'days', 'label'), false, 'made-up'],
  ]);
  fails(target, [
    ['after infusion', /no time point in the text/, 'made-up'],
    // "m2" is square metres, never month 2.
    ['1,000 mg/m2', /no time point in the text/, 'corpus'],
  ]);
});

describe('changes over time', () => {
  const target = field('change');
  reads(target, [
    ['CK fell from 12,400 U/L to 180 U/L by week 8', { type: 'change', measure: 'CK', from: 12400, to: 180, unit: 'U/L', at: { value: 8, unit: 'weeks', form: 'label' } }, false, 'made-up'],
    ['ferritin decreased from 1,200 to 300 ng/mL', { type: 'change', measure: 'ferritin', from: 1200, to: 300, unit: 'ng/mL', at: null }, false, 'made-up'],
  ]);
  fails(target, [
    ['normalization of creatine kinase (CK) levels', /no number in the text/, 'corpus'],
    ['median change –4.2 points', /no "from … to …" in the text/, 'corpus'],
  ]);
});

describe('presence, absence and uncertainty', () => {
  const target = field('presence');
  reads(target, [
    ['no ICANS was observed', { type: 'presence', event: 'ICANS', state: 'absent' }, false, 'made-up'],
    ['possible grade 1 CRS', { type: 'presence', event: 'grade 1 CRS', state: 'uncertain' }, false, 'made-up'],
    ['Neither infection nor neurotoxicity were observed', { type: 'presence', event: 'infection or neurotoxicity', state: 'absent' }, false, 'corpus'],
    ['CRS occurred in three patients', { type: 'presence', event: 'CRS', state: 'present' }, false, 'made-up'],
    ['hypogammaglobulinemia could not be excluded', { type: 'presence', event: 'hypogammaglobulinemia', state: 'uncertain' }, false, 'made-up'],
  ]);
  fails(target, [['was not observed', /the text names no event/, 'made-up']]);
});

describe('choice, text and date are read as before', () => {
  reads(schemaField('target_antigen'), [['Autologous CD19-Targeting CAR T Cells', { type: 'single-choice', option: 'cd19' }, false, 'corpus']]);
  reads(schemaField('product_name'), [['MB-CART19.1', { type: 'text', text: 'MB-CART19.1' }, false, 'made-up']]);
  reads(field('date'), [['2024 Oct', { type: 'date', date: '2024-10' }, false, 'made-up']]);
});

// Property tests: a random value, formatted (in each notation a power of ten is written in), reads
// back as that value.
const decimal = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((n) => n / 100);
const timePoint: fc.Arbitrary<TimePoint> = fc.record({
  value: fc.integer({ min: -400, max: 400 }),
  unit: fc.constantFrom(...DURATION_UNITS),
  form: fc.constantFrom('label' as const, 'offset' as const),
});
const EVENTS = ['neutropenia', 'anemia', 'thrombocytopenia', 'febrile neutropenia', 'transient anemia', 'CRS', 'ICANS', 'cytokine release syndrome', 'hypogammaglobulinemia'];

function readsBack(target: FieldDefinition, value: FieldValue, text = formatValue(value)): void {
  const result = normalizeValue(target, text);
  expect(result.ok ? result.value : result.reason, text).toEqual(value);
}

describe('every new type reads back what formatValue shows', () => {
  it('graded events', () => {
    const arbitrary = fc
      .record({ event: fc.constantFrom(...EVENTS), scale: fc.constantFrom(...GRADE_SCALES), bound: fc.constantFrom('exact' as const, 'at-most' as const, 'absent' as const), timePoint: fc.option(timePoint, { nil: null }) })
      .chain((v) => fc.integer({ min: 1, max: GRADE_SCALE_MAX[v.scale] }).map((grade): FieldValue => ({ type: 'graded-event', ...v, grade: v.bound === 'absent' ? 0 : grade })));
    fc.assert(fc.property(arbitrary, (value) => readsBack(field('graded-event', { scale: (value as { scale: GradeScale }).scale }), value)), { numRuns: 300 });
  });

  it('summary statistics: a median or mean with or without a spread, one value, or a range alone', () => {
    const spread = fc.oneof(
      fc.constant(null),
      fc.record({ kind: fc.constant('sd' as const), sd: decimal(0, 500) }),
      fc.tuple(fc.constantFrom('iqr' as const, 'range' as const, 'ci95' as const), decimal(-500, 500), decimal(-500, 500)).map(([kind, a, b]) => ({ kind, low: Math.min(a, b), high: Math.max(a, b) })),
    );
    const unit = fc.constantFrom('years', 'months', null);
    const arbitrary = fc.oneof(
      fc.record({ measure: fc.constantFrom('median' as const, 'mean' as const), value: decimal(-1000, 10_000), spread, unit }),
      fc.record({ measure: fc.constant(null), value: decimal(0, 10_000), spread: fc.constant(null), unit: fc.constantFrom('years', 'months') }),
      fc.record({ measure: fc.constant(null), value: fc.constant(null), spread: fc.tuple(decimal(0, 500), decimal(0, 500)).map(([a, b]) => ({ kind: 'range' as const, low: Math.min(a, b), high: Math.max(a, b) })), unit }),
    );
    fc.assert(fc.property(arbitrary, (v) => readsBack(schemaField('age'), { type: 'summary-statistic', ...v })), { numRuns: 300 });
  });

  it('proportions, with and without a reported percent', () => {
    const arbitrary = fc
      .integer({ min: 1, max: 500 })
      .chain((total) => fc.record({ total: fc.constant(total), n: fc.integer({ min: 0, max: total }), rounding: fc.constantFrom('none', 'whole', 'tenth') }))
      .map(({ n, total, rounding }): FieldValue => {
        const exact = (100 * n) / total;
        const percent = rounding === 'none' ? null : rounding === 'whole' ? Math.round(exact) : Math.round(exact * 10) / 10;
        return { type: 'proportion', n, total, percent };
      });
    fc.assert(fc.property(arbitrary, (value) => readsBack(schemaField('responders'), value)), { numRuns: 300 });
  });

  it('doses in every notation: superscript, flattened, MEDLINE 10(6), caret, e-notation and written out', () => {
    const target = schemaField('dose');
    const arbitrary = fc.record({
      mantissa: fc.integer({ min: 100, max: 99_999 }).map((n) => n / 100),
      exponent: fc.integer({ min: 1, max: 12 }),
      unit: fc.constantFrom(...(target.units ?? [])),
      notation: fc.constantFrom(...POWER_NOTATIONS),
    });
    fc.assert(
      fc.property(arbitrary, ({ mantissa, exponent, unit, notation }) => {
        const text = `${formatPowerOfTen(mantissa, exponent, notation)} ${unit}`;
        const result = normalizeValue(target, text);
        expect(result.ok, text).toBe(true);
        if (!result.ok || result.value.type !== 'dose') return;
        expect(result.value.value, text).toBe(Number(`${mantissa}e${exponent}`));
        expect(`${result.value.unit}${result.value.basis === 'per-kg' ? '/kg' : result.value.basis === 'per-m2' ? '/m²' : ''}`).toBe(unit);
        if (notation === 'plain') expect(result.value).toMatchObject({ mantissa: null, exponent: null });
        else expect(result.value).toMatchObject({ mantissa, exponent });
        // Only the flattened superscript is a guess the reviewer must confirm.
        expect(result.needsConfirmation, text).toBe(notation === 'flattened');
      }),
      { numRuns: 400 },
    );
  });

  it('doses as formatValue shows them', () => {
    const target = schemaField('dose');
    const arbitrary = fc.record({
      mantissa: fc.integer({ min: 100, max: 99_999 }).map((n) => n / 100),
      exponent: fc.integer({ min: 1, max: 12 }),
      unit: fc.constantFrom(...(target.units ?? [])),
    });
    fc.assert(
      fc.property(arbitrary, ({ mantissa, exponent, unit }) => {
        const split = unit.endsWith('/kg') ? { unit: unit.slice(0, -3), basis: 'per-kg' as const } : unit.endsWith('/m²') ? { unit: unit.slice(0, -3), basis: 'per-m2' as const } : { unit, basis: 'flat' as const };
        readsBack(target, { type: 'dose', value: Number(`${mantissa}e${exponent}`), ...split, mantissa, exponent });
      }),
    );
  });

  it('time points', () => {
    fc.assert(fc.property(timePoint, (p) => readsBack(field('time-point'), { type: 'time-point', ...p })), { numRuns: 300 });
  });

  it('changes over time', () => {
    const arbitrary = fc.record({
      measure: fc.constantFrom('CK', 'CRP', 'creatine kinase', 'ferritin', 'IgG', null),
      from: decimal(-1000, 100_000),
      to: decimal(-1000, 100_000),
      unit: fc.constantFrom('U/L', 'mg/dL', 'g/L', null),
      at: fc.option(timePoint, { nil: null }),
    });
    fc.assert(fc.property(arbitrary, (v) => readsBack(field('change'), { type: 'change', ...v })), { numRuns: 300 });
  });

  it('presence', () => {
    const arbitrary = fc.record({ event: fc.constantFrom(...EVENTS, 'grade 1 CRS'), state: fc.constantFrom('present' as const, 'absent' as const, 'uncertain' as const) });
    fc.assert(fc.property(arbitrary, (v) => readsBack(field('presence'), { type: 'presence', ...v })));
  });
});
