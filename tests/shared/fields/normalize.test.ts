// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { normalizeValue } from '@shared/fields/normalize';
import { fieldIndex } from '@shared/fields/schema';
import type { FieldDefinition, FieldValue } from '@shared/fields/types';
import { bundledEntries, readCorpusFile } from '../../helpers/corpus';

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

// Every phrase marked `corpus` is copied from the bundled articles; this keeps the table honest.
const corpusText = bundledEntries()
  .map((entry) => readCorpusFile(entry.file))
  .join('\n')
  .replace(/\s+/g, ' ');

/** [text, expected value, flag: false for an unflagged reading or a pattern its reason must match, from the corpus?] */
type Case = [string, FieldValue, false | RegExp, 'corpus' | 'made-up'];

function check(target: FieldDefinition, [text, value, flag, source]: Case): void {
  if (source === 'corpus') expect(corpusText).toContain(text.replace(/\s+/g, ' '));
  const result = normalizeValue(target, text);
  expect(result).toMatchObject({ ok: true, value });
  if (!result.ok) return;
  expect(result.value).toEqual(value);
  if (flag === false) {
    expect(result).toMatchObject({ needsConfirmation: false, reason: null });
  } else {
    expect(result.needsConfirmation).toBe(true);
    expect(result.reason).toMatch(flag);
  }
}

function expectFailure(target: FieldDefinition, text: string, reason: RegExp): void {
  const result = normalizeValue(target, text);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.reason).toMatch(reason);
}

const quantity = (value: number, unit: string, mantissa: number | null = null, exponent: number | null = null): FieldValue => ({
  type: 'quantity',
  value,
  unit,
  mantissa,
  exponent,
});
const count = (n: number): FieldValue => ({ type: 'count', count: n });
const ofTotal = (n: number, total: number): FieldValue => ({ type: 'count-of-total', n, total });
const range = (low: number, high: number, unit: string | null): FieldValue => ({ type: 'range', low, high, unit });
const duration = (value: number, unit: 'days' | 'weeks' | 'months' | 'years'): FieldValue => ({ type: 'duration', value, unit });
const number = (value: number): FieldValue => ({ type: 'number', value });
const FLATTENED = /exponent read from flattened superscript: 10\^6/;

describe('quantities (dose)', () => {
  const dose = v1Field('dose');
  it.each<Case>([
    ['1 × 106 CAR T cells/kg', quantity(1e6, 'cells/kg', 1, 6), FLATTENED, 'corpus'],
    ['52.5 × 106 CAR+ cells/kg per infusion', quantity(52.5e6, 'CAR+ cells/kg', 52.5, 6), FLATTENED, 'corpus'],
    ['manufactured on the Prodigy device (1 × 106 CAR T cells/kg), after lymphodepletion', quantity(1e6, 'cells/kg', 1, 6), FLATTENED, 'corpus'],
    ['1,000 mg/m2 over two days', quantity(1000, 'mg/m²'), false, 'corpus'],
    ['90 mg/m²', quantity(90, 'mg/m²'), false, 'made-up'],
    ['1 × 10⁶ CAR T cells/kg', quantity(1e6, 'cells/kg', 1, 6), false, 'made-up'],
    ['2 × 10^6/kg', quantity(2e6, 'cells/kg', 2, 6), false, 'made-up'],
    ['1x10e6 cells/kg', quantity(1e6, 'cells/kg', 1, 6), false, 'made-up'],
    ['10⁸ cells', quantity(1e8, 'cells', 1, 8), false, 'made-up'],
    ['1.1 × 10^6 cells per kg', quantity(1.1e6, 'cells/kg', 1.1, 6), false, 'made-up'],
    ['5 × 10^6 CAR+ T cells/kg', quantity(5e6, 'CAR+ cells/kg', 5, 6), false, 'made-up'],
    [
      'cyclophosphamide (1,000 mg/m2 over two days) and fludarabine (90 mg/m2 over three days)',
      quantity(1000, 'mg/m²'),
      /several amounts in the text \(1,000 mg\/m², 90 mg\/m²\); the first was taken/,
      'corpus',
    ],
    ['5 × 10 cells/kg', quantity(50, 'cells/kg', 5, 1), /"× 10" has no exponent/, 'made-up'],
    ['0.5–1 × 10⁶ cells/kg', quantity(1e6, 'cells/kg', 1, 6), /the text gives a range from 0.5; its upper value was taken/, 'made-up'],
  ])('reads %j', (...c) => check(dose, c));

  it('reads the expansion peak, skipping the day it was measured', () => {
    check(schemaField('car_t_expansion'), ['peak at day 7, 32.69 cells/μL', quantity(32.69, 'cells/μL'), false, 'corpus']);
  });

  it('reads a broader unit only with a flag ("CAR+ cells/kg" where the field has cells/kg)', () => {
    check(field('quantity', { units: ['cells/kg'] }), ['5 × 10^6 CAR+ cells/kg', quantity(5e6, 'cells/kg', 5, 6), /"CAR\+ cells\/kg" read as cells\/kg/, 'made-up']);
  });

  it("assumes the field's only unit when the text has none, with a flag", () => {
    check(field('quantity', { units: ['mg/m²'] }), ['1,000', quantity(1000, 'mg/m²'), /no unit in the text; read as mg\/m²/, 'made-up']);
  });

  it.each([
    ['32.69 cells/μL', /the unit "cells\/μL" is not one of this field's units \(cells\/kg, CAR\+ cells\/kg, cells, mg\/m²\)/],
    ['1,000', /no unit in the text; this field takes cells\/kg/],
    ['no dose was given', /no number in the text/],
  ])('fails on %j with a reason', (text, reason) => expectFailure(dose, text, reason));
});

describe('counts', () => {
  const patients = schemaField('patients_n');
  it.each<Case>([
    ['15 patients', count(15), false, 'corpus'],
    ['n=8', count(8), false, 'corpus'],
    ['n = 12', count(12), false, 'made-up'],
    ['seven participants', count(7), false, 'corpus'],
    ['all eight SLE patients', count(8), false, 'corpus'],
    ['eleven', count(11), false, 'made-up'],
    ['fifteen', count(15), false, 'made-up'],
    ['twenty-nine', count(29), false, 'made-up'],
    ['one hundred and five patients', count(105), false, 'made-up'],
    ['4,000 children', count(4000), false, 'made-up'],
    ['median, 5; range, 2–14 prior treatments', count(5), false, 'corpus'],
    [
      'evaluated 15 patients with severe, refractory systemic lupus erythematosus (SLE, n=8), idiopathic inflammatory myositis (IIM, n=3) and diffuse cutaneous systemic sclerosis (SSc, n=4).1',
      count(15),
      /other numbers too \(8, 3, 4\); 15 was taken/,
      'corpus',
    ],
    ['Six patients were men and nine were women', count(6), /other numbers too \(9\)/, 'corpus'],
    ['Five out of seven participants', count(5), /other numbers too \(7\)/, 'corpus'],
    ['15 patients at day 28 and month 6', count(15), false, 'made-up'],
  ])('reads %j', (...c) => check(patients, c));

  it('reads "No patients died" as 0 deaths', () => {
    check(schemaField('deaths'), ['No patients died.', count(0), false, 'corpus']);
  });

  it.each([
    ['no number here', /no number in the text/],
    ['52.5 patients', /a count must be a whole number of at least 0, not 52\.5/],
    ['IL-6 and CD19 were measured', /no number in the text/],
    ['at day 7 and week 2', /no count in the text/],
    ['', /the tagged text is empty/],
  ])('fails on %j with a reason', (text, reason) => expectFailure(patients, text, reason));
});

describe('counts of a total', () => {
  const responders = v1Field('responders');
  it.each<Case>([
    ['Five out of seven participants maintained the response at Month 12.', ofTotal(5, 7), false, 'corpus'],
    ['5/7', ofTotal(5, 7), false, 'made-up'],
    ['5 of 7', ofTotal(5, 7), false, 'made-up'],
    ['5 of the 7 patients', ofTotal(5, 7), false, 'made-up'],
    ['5 (71%) of 7 patients', ofTotal(5, 7), false, 'made-up'],
    ['all eight SLE patients', ofTotal(8, 8), false, 'corpus'],
    ['All seven participants who received six weekly infusions', ofTotal(7, 7), false, 'corpus'],
    ['All three IIM patients', ofTotal(3, 3), false, 'corpus'],
    ['none of the 7 patients', ofTotal(0, 7), false, 'made-up'],
    ['both patients', ofTotal(2, 2), false, 'made-up'],
    ['2/3 at month 3 and 1/3 at month 12', ofTotal(2, 3), /several "n of N" in the text; the first \(2\/3\) was taken/, 'made-up'],
  ])('reads %j', (...c) => check(responders, c));

  it.each([
    ['15 patients', /no "n of N" in the text/],
    ['8/5', /8 is more than the total of 5/],
    ['0/0', /the total must be at least 1/],
    ['all responded', /no number in the text/],
  ])('fails on %j with a reason', (text, reason) => expectFailure(responders, text, reason));
});

describe('durations', () => {
  const followUp = schemaField('follow_up');
  it.each<Case>([
    ['eight months', duration(8, 'months'), false, 'corpus'],
    ['12-month follow-up', duration(12, 'months'), false, 'corpus'],
    ['median 15 months', duration(15, 'months'), false, 'corpus'],
    ['median 15 months; interquartile range 7–19 months', duration(15, 'months'), false, 'corpus'],
    ['11 months', duration(11, 'months'), false, 'corpus'],
    ['day 7', duration(7, 'days'), false, 'corpus'],
    ['+325 days', duration(325, 'days'), false, 'corpus'],
    ['week 2', duration(2, 'weeks'), false, 'corpus'],
    ['−34 days', duration(-34, 'days'), false, 'corpus'],
    ['Month 12', duration(12, 'months'), false, 'corpus'],
    ['Up to 29 months out', duration(29, 'months'), false, 'corpus'],
    ['one-year follow-up', duration(1, 'years'), false, 'made-up'],
    ['1.5 yrs', duration(1.5, 'years'), false, 'made-up'],
    ['immunosuppressant-free remission over 11 months after compassionate use', duration(11, 'months'), false, 'corpus'],
    ['(−7 to +325 days)', duration(325, 'days'), /other numbers too \(−7\); 325 days was taken/, 'corpus'],
    ['at 2, 3, 6, 9, and 12 months', duration(12, 'months'), /other numbers too \(2, 3, 6, 9\)/, 'corpus'],
    ['at Month 3 and Month 12', duration(3, 'months'), /other numbers too \(12\)/, 'made-up'],
  ])('reads %j', (...c) => check(followUp, c));

  it.each([
    ['15', /no time unit/],
    ['24 hours', /"hours" is not a time unit/],
    ['long-term', /no number in the text/],
  ])('fails on %j with a reason', (text, reason) => expectFailure(followUp, text, reason));
});

describe('ranges (age)', () => {
  const age = v1Field('age');
  it.each<Case>([
    ['Patient ages ranged from 20–60 years', range(20, 60, 'years'), false, 'corpus'],
    ['12-year-old', range(12, 12, 'years'), false, 'corpus'],
    ['one to 20 years', range(1, 20, 'years'), false, 'corpus'],
    ['between 18 and 65 years', range(18, 65, 'years'), false, 'made-up'],
    ['aged 9 months', range(9, 9, 'months'), false, 'made-up'],
    ['range, 2–14', range(2, 14, null), /no unit of this field \(years, months\)/, 'corpus'],
    ['two to four', range(2, 4, null), /no unit of this field/, 'corpus'],
  ])('reads %j', (...c) => check(age, c));

  it('reads negative ranges with Unicode dashes, and no unit for a field without units', () => {
    const score = field('range');
    check(score, ['interquartile range –4.7 to –2.3', range(-4.7, -2.3, null), false, 'corpus']);
    check(score, ['interquartile range –17 to –7', range(-17, -7, null), false, 'corpus']);
    check(score, ['median, 5; range, 2–14', range(2, 14, null), /other numbers too \(5\)/, 'corpus']);
  });

  it.each([
    ['60–20 years', /the low end \(60\) is above the high end \(20\)/],
    ['adult', /no number or range in the text/],
  ])('fails on %j with a reason', (text, reason) => expectFailure(age, text, reason));
});

describe('plain numbers', () => {
  const score = field('number');
  it.each<Case>([
    ['52.5', number(52.5), false, 'corpus'],
    ['–4.2 points', number(-4.2), false, 'corpus'],
    ['−34', number(-34), false, 'made-up'],
    ['1,000', number(1000), false, 'made-up'],
    ['fewer than 200,000 people', number(200000), false, 'corpus'],
    ['32.69', number(32.69), false, 'corpus'],
    ['median change –4.2 points, interquartile range –4.7 to –2.3', number(-4.2), false, 'corpus'],
    ['–4.2 and –9', number(-4.2), /other numbers too \(−9\)/, 'made-up'],
  ])('reads %j', (...c) => check(score, c));

  it('fails without a number', () => expectFailure(score, 'SLEDAI-2K scores were unchanged', /no number in the text/));
});

describe('grades', () => {
  const crs = v1Field('crs_grade');
  const icans = v1Field('icans_grade');
  const cytopenia = v1Field('cytopenias');
  const grade = (scale: 'ASTCT-CRS' | 'ASTCT-ICANS' | 'CTCAE', g: number, bound: 'exact' | 'at-most' | 'absent' = 'exact'): FieldValue => ({
    type: 'grade',
    scale,
    grade: g,
    bound,
  });

  it.each<Case>([
    ['mild cytokine release syndrome (grade 1)', grade('ASTCT-CRS', 1), false, 'corpus'],
    ['grade 4', grade('ASTCT-CRS', 4), false, 'made-up'],
    ['grade III', grade('ASTCT-CRS', 3), false, 'made-up'],
    ['grade two', grade('ASTCT-CRS', 2), false, 'made-up'],
    ['CRS grade 2', grade('ASTCT-CRS', 2), false, 'made-up'],
    ['grade 0', grade('ASTCT-CRS', 0, 'absent'), false, 'made-up'],
    [
      'No moderate- or high-grade cytokine release syndrome or immune effector cell-associated neurotoxicity syndrome (ICANS) occurred.',
      grade('ASTCT-CRS', 1, 'at-most'),
      false,
      'corpus',
    ],
    ['No fever or cytokine release syndrome/cell-associated neurotoxicity syndrome was evident.', grade('ASTCT-CRS', 0, 'absent'), false, 'corpus'],
    ['no grade 3 or higher CRS', grade('ASTCT-CRS', 2, 'at-most'), false, 'made-up'],
    ['grade ≤2 CRS', grade('ASTCT-CRS', 2, 'at-most'), false, 'made-up'],
    ['grade 1–2 CRS', grade('ASTCT-CRS', 2, 'at-most'), false, 'made-up'],
    ['CRS did not exceed grade 2', grade('ASTCT-CRS', 2, 'at-most'), false, 'made-up'],
    ['no severe CRS', grade('ASTCT-CRS', 2, 'at-most'), false, 'made-up'],
    ['no ICANS, and grade 1 CRS', grade('ASTCT-CRS', 1), false, 'made-up'],
    ['mild CRS', grade('ASTCT-CRS', 1), /read as grade 1 from the word "mild"/, 'made-up'],
    ['grade 3 or higher CRS', grade('ASTCT-CRS', 3), /grade 3 or higher/, 'made-up'],
    ['grade 2 CRS (CTCAE v5.0)', grade('ASTCT-CRS', 2), /names CTCAE, but this field grades by ASTCT CRS/, 'made-up'],
    ['grade 2 CRS by Lee criteria', grade('ASTCT-CRS', 2), /another system/, 'made-up'],
    [
      'mild cytokine release syndrome (grade 1), transient anemia (grade 2), and neutropenia (grade 4)',
      grade('ASTCT-CRS', 1),
      false,
      'corpus',
    ],
    [
      'The patient presented with fever as part of mild cytokine release syndrome (grade 1), transient anemia (grade 2), and neutropenia (grade 4).',
      grade('ASTCT-CRS', 1),
      false,
      'corpus',
    ],
    ['grade 1 CRS, grade 3 neutropenia', grade('ASTCT-CRS', 1), false, 'made-up'],
    ['grade 2 CRS in one patient and grade 3 CRS in another', grade('ASTCT-CRS', 3), /several grades in the text \(2, 3\); the highest was taken/, 'made-up'],
  ])('CRS: reads %j', (...c) => check(crs, c));

  it.each<Case>([
    ['Neither infection nor neurotoxicity were observed.', grade('ASTCT-ICANS', 0, 'absent'), false, 'corpus'],
    [
      'No fever or cytokine release syndrome/cell-associated neurotoxicity syndrome was evident.',
      grade('ASTCT-ICANS', 0, 'absent'),
      false,
      'corpus',
    ],
    ['grade IV ICANS (ASTCT)', grade('ASTCT-ICANS', 4), false, 'made-up'],
  ])('ICANS: reads %j', (...c) => check(icans, c));

  it.each<Case>([
    ['neutropenia (grade 4)', grade('CTCAE', 4), false, 'corpus'],
    ['transient anemia (grade 2)', grade('CTCAE', 2), false, 'corpus'],
    ['grade 5 sepsis', grade('CTCAE', 5), false, 'made-up'],
    ['grade 3/4 neutropenia', grade('CTCAE', 4, 'at-most'), /grades 3–4; read as at most grade 4/, 'made-up'],
    ['There were no prolonged bone marrow toxic effects.', grade('CTCAE', 0, 'absent'), false, 'corpus'],
  ])('CTCAE: reads %j', (...c) => check(cytopenia, c));

  it.each([
    ['grade 7', crs, /grade 7 is outside the ASTCT CRS scale \(grades 1–4; 0 means absent\)/],
    ['grade 5 ICANS', icans, /grade 5 is outside the ASTCT ICANS scale/],
    ['grade 6 neutropenia', cytopenia, /grade 6 is outside the CTCAE scale \(grades 1–5; 0 means absent\)/],
    ['cytokine release syndrome occurred', crs, /no grade in the text/],
  ])('fails on %j with a reason', (text, target, reason) => expectFailure(target, text, reason));

  it('fails for a grade field without a scale', () => {
    expectFailure(field('grade'), 'grade 2', /no scale/);
  });
});

describe('yes / no / not reported', () => {
  const remission = schemaField('drug_free_remission');
  const answer = (a: 'yes' | 'no' | 'not-reported'): FieldValue => ({ type: 'yes-no', answer: a });
  it.each<Case>([
    [
      'achieved sustained B cell depletion and ongoing immunosuppressive drug-free clinical and radiologic improvement',
      answer('yes'),
      false,
      'corpus',
    ],
    ['immunosuppressant-free remission over 11 months', answer('yes'), false, 'corpus'],
    ['yes', answer('yes'), false, 'made-up'],
    ['No', answer('no'), false, 'made-up'],
    ['not reported', answer('not-reported'), false, 'made-up'],
    ['NR', answer('not-reported'), false, 'made-up'],
    ['did not achieve drug-free remission', answer('no'), false, 'made-up'],
    ['glucocorticoids could not be withdrawn', answer('no'), false, 'made-up'],
    ['no relapse after stopping all drugs', answer('no'), /negates "relapse"; check whether that means Yes/, 'made-up'],
  ])('reads %j', (...c) => check(remission, c));
});

describe('choices', () => {
  const choice = (option: string): FieldValue => ({ type: 'single-choice', option });
  it.each<[string, string, string, false | RegExp]>([
    ['target_antigen', 'anti-CD19 CAR T cell therapy', 'cd19', false],
    ['target_antigen', 'CD19-Targeting CAR T Cells', 'cd19', false],
    ['target_antigen', 'B-Cell Maturation Antigen-Directed mRNA Cell Therapy', 'bcma', false],
    ['target_antigen', 'targeting B cell maturation antigen (BCMA)', 'bcma', false],
    ['target_antigen', 'BCMA', 'bcma', false],
    ['target_antigen', 'CD20-directed', 'other', /none of the options is named in the text; read as Other/],
    ['engineering', 'anti-CD19 CAR T cell product (lentiviral vector)', 'lentiviral', false],
    ['engineering', 'an autologous mRNA-engineered chimeric antigen receptor T cell therapy', 'mrna', false],
    ['engineering', 'a BCMA-directed RNA chimeric antigen receptor T-cell (rCAR-T) therapy', 'mrna', false],
    ['engineering', 'gammaretroviral', 'retroviral', false],
    ['cell_source', 'fresh, autologous, second-generation', 'autologous', false],
    ['cell_source', 'Allogeneic', 'allogeneic', false],
    ['study_design', 'Case Reports', 'case-report', false],
    ['study_design', 'a Phase 2 clinical trial (NCT04146051)', 'phase-2', false],
    ['study_design', 'phase I/II', 'phase-1-2', false],
    ['study_design', 'a phase 1/2 trial', 'phase-1-2', false],
    ['trial_phase', 'In the Phase 2a part of the study', 'phase-2', false],
    ['study_design', 'case series and a phase 1 trial', 'case-series', /several options named \(Case series, Phase 1 trial\); the first was taken/],
  ])('%s: reads %j', (key, text, option, flag) => {
    const result = normalizeValue(schemaField(key), text);
    expect(result).toMatchObject({ ok: true, value: choice(option) });
    if (result.ok && flag !== false) expect(result.reason).toMatch(flag);
    if (result.ok && flag === false) expect(result.needsConfirmation).toBe(false);
  });

  it('fails when no option is named and there is no Other', () => {
    expectFailure(schemaField('cell_source'), 'CAR T cells', /none of the options \(Autologous, Allogeneic\) is named in the text/);
  });

  it('reads every named option of a multiple-choice field, in schema order', () => {
    const antigens = field('multiple-choice', { options: schemaField('target_antigen').options ?? [] });
    expect(normalizeValue(antigens, 'dual BCMA and CD19 CAR')).toMatchObject({ ok: true, value: { type: 'multiple-choice', options: ['cd19', 'bcma'] } });
  });
});

describe('dates', () => {
  const date = field('date');
  it.each<Case>([
    ['2024 Oct', { type: 'date', date: '2024-10' }, false, 'corpus'],
    ['July 8, 2024', { type: 'date', date: '2024-07-08' }, false, 'corpus'],
    ['08.08.2025', { type: 'date', date: '2025-08-08' }, false, 'corpus'],
    ['Epub 2024 Jul 31.', { type: 'date', date: '2024-07-31' }, false, 'corpus'],
    ['January 30, 2025', { type: 'date', date: '2025-01-30' }, false, 'corpus'],
    ['In September 2024', { type: 'date', date: '2024-09' }, false, 'corpus'],
    ['2025', { type: 'date', date: '2025' }, false, 'made-up'],
    ['2024-02-29', { type: 'date', date: '2024-02-29' }, false, 'made-up'],
    ['30 Jan 2025', { type: 'date', date: '2025-01-30' }, false, 'made-up'],
    ['07/08/2024', { type: 'date', date: '2024-08-07' }, /could be month\/day or day\/month/, 'made-up'],
  ])('reads %j', (...c) => check(date, c));

  it.each([
    ['31.02.2024', /2024-02 has no day 31/],
    ['2023-02-29', /2023-02 has no day 29/],
    ['no date here', /no date in the text/],
  ])('fails on %j with a reason', (text, reason) => expectFailure(date, text, reason));
});

describe('text', () => {
  it('trims and collapses whitespace, keeping the words as written', () => {
    check(schemaField('registration_id'), ['  NCT04146051 \n', { type: 'text', text: 'NCT04146051' }, false, 'made-up']);
    check(schemaField('lymphodepletion'), [
      'cyclophosphamide (1,000 mg/m2\n  over two days)',
      { type: 'text', text: 'cyclophosphamide (1,000 mg/m2 over two days)' },
      false,
      'made-up',
    ]);
    check(schemaField('sex'), ['Six patients were men and nine were women', { type: 'text', text: 'Six patients were men and nine were women' }, false, 'corpus']);
  });

  it('fails on whitespace only', () => expectFailure(schemaField('sex'), ' \n\t ', /the tagged text is empty/));
});

describe('any text', () => {
  const allFields = DEFAULT_SCHEMA.sections.flatMap((s) => s.fields).concat([field('number'), field('date'), field('range')]);

  it('gives a value or a reason for every field, never throwing, whatever the reviewer tagged', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allFields), fc.string({ unit: 'grapheme', maxLength: 120 }), (target, text) => {
        const result = normalizeValue(target, text);
        if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
        else expect(result.needsConfirmation).toBe(result.reason !== null);
      }),
      { numRuns: 1000 },
    );
  });

  // A runaway pattern would show as this test hitting vitest's timeout; speed itself is not asserted.
  it('reads whole scraped articles for every field, giving a value or a reason', () => {
    for (const entry of bundledEntries()) {
      const text = readCorpusFile(entry.file);
      for (const target of allFields) {
        const result = normalizeValue(target, text);
        expect(result.ok || result.reason.length > 0).toBe(true);
      }
    }
  });
});
