// @vitest-environment node
// The rules for the fields schema v3 reads beside the safety and design ones (issue 14: "patterns for
// every field of the default schema"): each field's positives with their value and quote, and its
// negatives — negated, uncertain, another study's, another patient's, and values in the references or
// page furniture, which are never suggested.
import { describe, expect, test } from 'vitest';
import { suggestValues } from '@shared/assistant/suggest';
import type { Suggestion } from '@shared/assistant/types';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';

const suggest = (text: string) => suggestValues(text, DEFAULT_SCHEMA).suggestions;
const of = (text: string, field: string) => suggest(text).filter((s) => s.fieldKey === field);
const quotes = (list: Suggestion[]) => list.map((s) => s.target.quote.exact);
/** The same sentence where it must never be read: a reference list and a page's related-stories furniture. */
const inReferences = (sentence: string) => `CAR T cells in autoimmune disease\n\nA short note.\n\nReferences\n1. Smith J, et al. ${sentence} Lancet 2024;1:1–2.`;
const inFurniture = (sentence: string) => `A short news item.\n\nRelated stories\n${sentence}\nAnother story about CAR T cells\n`;

describe('setting', () => {
  test('a named centre where patients were treated, a number of centres, a country', () => {
    expect(quotes(of('We report three patients treated at the University Hospital of Erlangen.', 'setting'))).toEqual(['University Hospital of Erlangen']);
    expect(quotes(of('The trial enrolled 12 patients at two centres in Wuhan, China.', 'setting'))).toEqual(['two centres in Wuhan, China']);
    expect(quotes(of('Two patients were treated under compassionate use in Germany.', 'setting'))).toEqual(['Germany']);
  });
  test('a speaker\'s affiliation, a negated or another study\'s centre, references and furniture are not', () => {
    expect(of('"It works," says Jane Doe, MD, Memorial Sloan Kettering Cancer Center in New York.', 'setting')).toEqual([]);
    expect(of('No patient was treated at the University Hospital of Erlangen.', 'setting')).toEqual([]);
    expect(of(inReferences('Patients treated at the University Hospital of Erlangen.'), 'setting')).toEqual([]);
    expect(of(inFurniture('Patients treated at the University Hospital of Erlangen'), 'setting')).toEqual([]);
  });
});

describe('condition', () => {
  test('the disease treated, with its subtype words', () => {
    const found = of('We report two children with refractory systemic lupus erythematosus and class IV lupus nephritis.', 'condition');
    expect(quotes(found)).toEqual(['systemic lupus erythematosus', 'class IV lupus nephritis']);
    expect(found[0]!.value).toEqual({ type: 'text', text: 'systemic lupus erythematosus' });
    expect(quotes(of('Fifteen patients with SLE (n=8), idiopathic inflammatory myositis (IIM, n=3) and diffuse cutaneous systemic sclerosis (SSc, n=4).', 'condition'))).toEqual(
      expect.arrayContaining(['SLE', 'idiopathic inflammatory myositis', 'diffuse cutaneous systemic sclerosis']),
    );
  });
  test('examples, negations, another study\'s disease, an organisation\'s name, references and furniture are not', () => {
    expect(of('CAR T cells may help in rheumatic diseases such as rheumatoid arthritis.', 'condition')).toEqual([]);
    expect(of('None of the patients had lupus nephritis.', 'condition').filter((s) => /nephritis/.test(s.target.quote.exact))).toEqual([]);
    expect(of('Changes in the European Scleroderma Trials and Research Group activity index.', 'condition')).toEqual([]);
    expect(of(inReferences('CAR T cells in patients with myasthenia gravis.'), 'condition')).toEqual([]);
    expect(of(inFurniture('CAR T in patients with multiple sclerosis'), 'condition')).toEqual([]);
  });
  test('a named patient\'s disease is that patient\'s', () => {
    const [disease] = of('Patient 2, a woman with anti-MDA5 dermatomyositis, received the cells.', 'patient_disease');
    expect([disease?.instance, disease?.target.quote.exact]).toEqual(['patient-2', 'anti-MDA5 dermatomyositis']);
    expect(of('Patient 2, a woman with anti-MDA5 dermatomyositis, received the cells.', 'condition')).toEqual([]);
  });
});

describe('age and sex', () => {
  test('a cohort\'s median with its range, a range alone, one patient\'s age', () => {
    const [median] = of('Their median age was 47 years (range 38–59), and two were women.', 'age');
    expect(median?.value).toEqual({ type: 'summary-statistic', measure: 'median', value: 47, spread: { kind: 'range', low: 38, high: 59 }, unit: 'years' });
    expect(of('Patient ages ranged from 20–60 years.', 'age')[0]?.value).toMatchObject({ value: null, spread: { kind: 'range', low: 20, high: 60 } });
    expect(of('We describe a 12-year-old White male with juvenile dermatomyositis.', 'age')[0]?.value).toMatchObject({ measure: null, value: 12 });
    expect(quotes(of('We describe a 12-year-old White male with juvenile dermatomyositis.', 'sex'))).toEqual(['male']);
    expect(quotes(of('Six patients were men and nine were women.', 'sex'))).toEqual(['Six patients were men and nine were women']);
  });
  test('each named patient\'s age and sex go to that patient', () => {
    const text = 'Patient 1, a 14-year-old girl, received the cells. Patient 2, an 11-year-old boy, received the same dose.';
    expect(of(text, 'patient_age').map((s) => [s.instance, s.value.type === 'summary-statistic' ? s.value.value : null])).toEqual([['patient-1', 14], ['patient-2', 11]]);
    expect(of(text, 'patient_sex').map((s) => [s.instance, s.target.quote.exact])).toEqual([['patient-1', 'girl'], ['patient-2', 'boy']]);
    expect(of(text, 'age')).toEqual([]);
  });
  test('an age limit, an uncertain age and another study\'s age are not', () => {
    expect(of('The designation covers children aged 18 years or younger.', 'age')).toEqual([]);
    expect(of('The median age was possibly 47 years.', 'age')).toEqual([]);
    expect(of(inReferences('Median age 33 years.'), 'age')).toEqual([]);
  });
});

describe('prior treatments', () => {
  test('drugs failed or stopped before the cells, and the number of prior lines', () => {
    expect(quotes(of('The patient had failed ocrelizumab and natalizumab.', 'prior_treatments'))).toEqual(['ocrelizumab', 'natalizumab']);
    expect(quotes(of('All patients had an inadequate response to at least two prior immunosuppressants.', 'prior_treatments'))).toEqual(['at least two prior immunosuppressants']);
    expect(quotes(of('Mycophenolate mofetil was withdrawn before leukapheresis.', 'prior_treatments'))).toEqual(['Mycophenolate mofetil']);
  });
  test('lymphodepletion, treatment of side effects, a drug stopped after the cells and a list of options are not', () => {
    expect(of('Lymphodepletion with fludarabine and cyclophosphamide preceded the infusion; refractory disease.', 'prior_treatments')).toEqual([]);
    expect(of('All patients stopped glucocorticoids and all other immunosuppressive medications after CAR T cells.', 'prior_treatments')).toEqual([]);
    expect(of('These treatments include glucocorticoids, methotrexate and IVIG.', 'prior_treatments')).toEqual([]);
    expect(of('The patient had not previously received rituximab.', 'prior_treatments')).toEqual([]);
  });
});

describe('dosing schedule', () => {
  test('a single infusion, weekly infusions, outpatient treatment', () => {
    expect(quotes(of('Each patient received a single infusion of CAR T cells.', 'dosing_schedule'))).toEqual(['single infusion']);
    expect(quotes(of('Participants received Descartes-08 as six weekly infusions as an outpatient treatment.', 'dosing_schedule'))).toEqual(['six weekly infusions', 'as an outpatient treatment']);
  });
  test('a hypothetical or another study\'s schedule is not', () => {
    expect(of('If given as a single infusion, CAR T cells would persist for months.', 'dosing_schedule')).toEqual([]);
    expect(of(inReferences('A single infusion of CAR T cells in lupus.'), 'dosing_schedule')).toEqual([]);
  });
});

describe('efficacy', () => {
  test('the clause naming an instrument with its result', () => {
    expect(quotes(of('Over a median follow-up of 12 months, the modified Rodnan skin score fell in all patients.', 'efficacy'))).toEqual(['the modified Rodnan skin score fell in all patients']);
    expect(quotes(of('At the last follow-up she was alive and her EDSS score was stable.', 'efficacy'))).toEqual(['At the last follow-up she was alive and her EDSS score was stable']);
  });
  test('an instrument without a result, an uncertain one and another study\'s are not', () => {
    expect(of('SLEDAI-2K was assessed at baseline.', 'efficacy')).toEqual([]);
    expect(of('Possibly the EDSS score improved in one patient.', 'efficacy')).toEqual([]);
    expect(of('In oncology trials, the FVC improved.', 'efficacy')).toEqual([]);
  });
  test('a named patient\'s result is that patient\'s response', () => {
    const [response] = of('In patient 2, the SLEDAI-2K score fell to zero by month 3.', 'patient_response');
    expect(response?.instance).toBe('patient-2');
  });
});

describe('drug-free remission', () => {
  test('"drug-free remission" and "immunosuppressant-free remission" are yes', () => {
    expect(of('All three patients remained in drug-free remission at the last visit.', 'drug_free_remission')[0]?.value).toEqual({ type: 'yes-no', answer: 'yes' });
    expect(quotes(of('She achieved immunosuppressant-free remission over 11 months.', 'drug_free_remission'))).toEqual(['immunosuppressant-free remission']);
  });
  test('a negated, uncertain or referenced remission is not suggested', () => {
    expect(of('No patient achieved drug-free remission.', 'drug_free_remission')).toEqual([]);
    expect(of('Possible drug-free remission was reported in one patient.', 'drug_free_remission')).toEqual([]);
    expect(of(inReferences('Drug-free remission in all 15 patients.'), 'drug_free_remission')).toEqual([]);
  });
});

describe('B-cell depletion and CAR-T expansion', () => {
  test('depletion and reconstitution clauses; the peak level with its unit', () => {
    expect(quotes(of('Complete B cell depletion was documented on day 5 in the blood.', 'b_cell_depletion'))).toEqual(['Complete B cell depletion was documented on day 5 in the blood']);
    const [peak] = of('CAR T cells expanded significantly (peak at day 7, 32.69 cells/μL).', 'car_t_expansion');
    expect(peak?.value).toEqual({ type: 'quantity', value: 32.69, unit: 'cells/μL', mantissa: null, exponent: null });
  });
  test('B-cell depletion by rituximab, a level without a peak, references are not', () => {
    expect(of('The disease was refractory to treatment lines including B cell depletion with rituximab.', 'b_cell_depletion')).toEqual([]);
    expect(of('The lymphocyte count was 500 cells/μL at baseline.', 'car_t_expansion')).toEqual([]);
    expect(of(inReferences('CAR T cells peaked at 40 cells/μL.'), 'car_t_expansion')).toEqual([]);
  });
});
