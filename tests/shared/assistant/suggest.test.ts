// @vitest-environment node
// The suggestion engine per field: what each states is proposed with the reader's value and an exact
// quote; negated, uncertain, hypothetical, another study's, and furniture or reference values are not.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { suggestValues } from '@shared/assistant/suggest';
import type { Suggestion } from '@shared/assistant/types';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';

const suggest = (text: string) => suggestValues(text, DEFAULT_SCHEMA).suggestions;
const of = (text: string, field: string) => suggest(text).filter((s) => s.fieldKey === field);
const quoteOf = (s: Suggestion | undefined) => s?.target.quote.exact;

describe('graded events: CRS and ICANS', () => {
  test('a grade beside the term is read with its day', () => {
    // Schema v3: a named patient's grade is that patient's Per patient CRS, not the study's.
    const [crs] = of('Patient 3 developed grade 2 CRS on day 4 and received tocilizumab.', 'patient_crs');
    expect(crs?.value).toMatchObject({ type: 'graded-event', grade: 2, bound: 'exact', timePoint: { value: 4, unit: 'days' } });
    expect(quoteOf(crs)).toBe('grade 2 CRS on day 4');
    expect(crs?.instance).toBe('patient-3');
    expect(crs?.rule).toBe('crs.grade-near-term');
  });

  test('"no ICANS was observed" is an absence, quoted with its negation', () => {
    const [icans] = of('In this study no ICANS was observed.', 'icans_grade');
    expect(icans?.value).toMatchObject({ type: 'graded-event', grade: 0, bound: 'absent' });
    expect(quoteOf(icans)).toBe('no ICANS');
    const [after] = of('ICANS did not occur in any patient.', 'icans_grade');
    expect(after?.value).toMatchObject({ grade: 0, bound: 'absent' });
  });

  test('"no moderate- or high-grade CRS" is at most grade 1, never absent', () => {
    const [crs] = of('No moderate- or high-grade cytokine release syndrome occurred.', 'crs_grade');
    expect(crs?.value).toMatchObject({ grade: 1, bound: 'at-most' });
  });

  test('uncertain CRS is not suggested', () => {
    expect(of('One patient had possible CRS with a temperature of 38.1 °C on day 1.', 'crs_grade')).toEqual([]);
    expect(of('Grade 1 CRS could not be excluded in one patient.', 'crs_grade')).toEqual([]);
    expect(of('Suspected grade 2 CRS resolved without treatment.', 'crs_grade')).toEqual([]);
  });

  test('hypothetical or another study\'s CRS is not suggested', () => {
    expect(of('CAR T therapies in oncology can cause grade 4 CRS and deaths.', 'crs_grade')).toEqual([]);
    expect(of('Side effects of CAR T cell treatments include grade 3 cytokine release syndrome.', 'crs_grade')).toEqual([]);
    expect(of('Possible ICANS has been described with other products.', 'icans_grade')).toEqual([]);
  });

  test('a mention without a grade is no suggestion', () => {
    expect(of('Cytokine release syndrome occurred in 10 of 12 patients.', 'crs_grade')).toEqual([]);
  });

  test('a negation stops at "but": the grade after it is affirmed', () => {
    const crs = of('There was no ICANS, but grade 1 CRS occurred on day 2.', 'crs_grade');
    expect(crs.map((s) => s.value)).toMatchObject([{ grade: 1, bound: 'exact' }]);
  });

  test('another patient\'s grade carries that patient, not the study', () => {
    expect(of('Patient 1 developed grade 1 CRS. Patient 2 had no CRS.', 'crs_grade')).toEqual([]);
    const crs = of('Patient 1 developed grade 1 CRS. Patient 2 had no CRS.', 'patient_crs');
    expect(crs.map((s) => [s.instance, s.value.type === 'graded-event' ? s.value.bound : null])).toEqual([
      ['patient-1', 'exact'],
      ['patient-2', 'absent'],
    ]);
  });

  test('an unnamed single patient\'s absence is not the study\'s', () => {
    expect(of('One patient had grade 1 CRS; the other had no signs of CRS.', 'crs_grade').map((s) => s.value)).toMatchObject([{ grade: 1, bound: 'exact' }]);
  });
});

describe('cytopenias', () => {
  test('each cytopenia keeps its own grade', () => {
    const found = of('The patient presented with transient anemia (grade 2), and neutropenia (grade 4).', 'cytopenias');
    expect(found.map((s) => [quoteOf(s), s.value.type === 'graded-event' ? s.value.grade : null])).toEqual([
      ['anemia (grade 2)', 2],
      ['neutropenia (grade 4)', 4],
    ]);
  });

  test('a negated cytopenia is no value', () => {
    expect(of('No grade 3 neutropenia was observed.', 'cytopenias')).toEqual([]);
  });
});

describe('intervention', () => {
  test('dose with its basis, flagged when the exponent was flattened', () => {
    const [flat] = of('The patient received 1 × 106 CAR T cells/kg.', 'dose');
    expect(flat?.value).toMatchObject({ type: 'dose', value: 1e6, basis: 'per-kg' });
    expect(flat?.reason).not.toBeNull();
    const [plain] = of('She received a flat dose of 50 × 10^6 CAR T cells.', 'dose');
    expect(plain?.value).toMatchObject({ value: 5e7, basis: 'flat' });
    expect(plain!.confidence).toBeGreaterThan(flat!.confidence);
  });

  test('dose per arm carries its arm', () => {
    const doses = of('Dose levels were 0.5 × 10^6 cells/kg in the low-dose arm and 2.0 × 10^6 cells/kg in the high-dose arm.', 'dose');
    expect(doses.map((s) => s.instance)).toEqual(['arm-low-dose', 'arm-high-dose']);
  });

  test('lymphodepletion drugs only where conditioning is spoken of; "without lymphodepletion" is kept', () => {
    expect(of('Lymphodepletion consisted of fludarabine and cyclophosphamide.', 'lymphodepletion').map(quoteOf)).toEqual(['fludarabine', 'cyclophosphamide']);
    expect(of('Cyclophosphamide had failed before referral.', 'lymphodepletion')).toEqual([]);
    expect(of('Cells were given without lymphodepletion chemotherapy.', 'lymphodepletion').map(quoteOf)).toEqual(['without lymphodepletion chemotherapy']);
  });

  test('target: anti-CD19 CAR, BCMA-directed, a dual target is Other, CD19+ B cells are not a target', () => {
    expect(of('She received anti-CD19 CAR T cells.', 'target_antigen').map((s) => s.value)).toEqual([{ type: 'single-choice', option: 'cd19' }]);
    expect(of('A BCMA-directed chimeric antigen receptor T-cell therapy was given.', 'target_antigen').map((s) => s.value)).toEqual([{ type: 'single-choice', option: 'bcma' }]);
    expect(of('BCMA-CD19 compound CAR T cells were infused.', 'target_antigen').map((s) => s.value)).toEqual([{ type: 'single-choice', option: 'other' }]);
    expect(of('The presence of CD19+ B lymphocytes in CAR niches was suspected.', 'target_antigen')).toEqual([]);
  });

  test('vector, source and product', () => {
    expect(of('T cells were transduced with a lentiviral vector encoding the CAR.', 'engineering').map((s) => s.value)).toEqual([{ type: 'single-choice', option: 'lentiviral' }]);
    expect(of('An allogeneic, off-the-shelf CAR T-cell product was used.', 'cell_source').map((s) => s.value)).toEqual([{ type: 'single-choice', option: 'allogeneic' }]);
    expect(of('The CAR T cell product ARI-0001 was infused.', 'product_name').map(quoteOf)).toEqual(['ARI-0001']);
    expect(of('This work was supported by grants from the ISC-III (PI22/01226) for CAR T cell research.', 'product_name')).toEqual([]);
  });
});

describe('study, population and outcomes', () => {
  test('registration ids, and a grant number is not one', () => {
    expect(of('This phase 1 trial (ChiCTR2100048888) enrolled patients.', 'registration_id').map(quoteOf)).toEqual(['ChiCTR2100048888']);
    expect(of('Funded by grant 82171333 of the foundation.', 'registration_id')).toEqual([]);
  });

  test('phase and design from "Phase 2 clinical trial"; a case report from "we describe a 12-year-old"', () => {
    const text = 'We report outcomes from a Phase 2 clinical trial of the product.';
    expect(of(text, 'trial_phase').map((s) => s.value)).toEqual([{ type: 'single-choice', option: 'phase-2' }]);
    expect(of('We describe a 12-year-old White male with severe disease.', 'study_design').map((s) => s.value)).toEqual([{ type: 'single-choice', option: 'case-report' }]);
  });

  test('patients, responders, follow-up and deaths', () => {
    expect(of('Müller et al. evaluated 15 patients with severe disease.', 'patients_n').map((s) => s.value)).toEqual([{ type: 'count', count: 15 }]);
    expect(of('Five out of seven participants maintained the response at Month 12.', 'responders').map((s) => s.value)).toEqual([{ type: 'proportion', n: 5, total: 7, percent: null }]);
    expect(of('The median follow-up was 14 months (range 9–18 months).', 'follow_up').map((s) => s.value)).toEqual([{ type: 'duration', value: 14, unit: 'months' }]);
    expect(of('No patients died.', 'deaths').map((s) => s.value)).toEqual([{ type: 'count', count: 0 }]);
    expect(of('One patient died of pulmonary hypertension.', 'deaths').map((s) => s.value)).toEqual([{ type: 'count', count: 1 }]);
  });

  test('infections and hypogammaglobulinaemia keep negated statements as the text says them', () => {
    expect(of('There were no serious infections.', 'infections').map(quoteOf)).toEqual(['There were no serious infections']);
    expect(of('IgG stayed normal; hypogammaglobulinemia was not observed.', 'other_adverse_events').map(quoteOf)).toEqual(['hypogammaglobulinemia was not observed']);
    expect(of('Patients are at risk of infections after CAR T cells.', 'infections')).toEqual([]);
  });
});

describe('references and page furniture are never read', () => {
  const article = [
    'Home | News | Conferences | Podcasts',
    'Advertisement',
    '',
    'A trial of CD19 CAR T cells',
    '',
    'Patients received anti-CD19 CAR T cells. Grade 1 CRS occurred in two patients.',
    '',
    'Related stories',
    'Another CAR T trial reports grade 3 ICANS in one patient',
    'Phase 3 trial of efgartigimod meets primary end point',
    '',
    'References',
    '',
    '1. Neelapu SS, et al. Phase 2 trial, NCT02348216, grade 3 CRS, 3 deaths. N Engl J Med 2017;377:2531.',
    '',
    'Funding: grant ABC-123 for CAR T research; no grade 4 neutropenia.',
  ].join('\n');

  test('only the article\'s own sentence is suggested', () => {
    const found = suggest(article);
    expect(found.map((s) => s.fieldKey).sort()).toEqual(['crs_grade', 'target_antigen']);
    const start = article.indexOf('Grade 1 CRS');
    expect(found.find((s) => s.fieldKey === 'crs_grade')?.target.position).toEqual({ type: 'TextPositionSelector', start, end: start + 'Grade 1 CRS'.length });
  });
});

describe('on the bundled corpus', () => {
  const text = readFileSync(resolve(import.meta.dirname, '../../../resources/documents/001_6102b45430287510.txt'), 'utf8');

  test('every quote is the stored text at its position, with its context', () => {
    const found = suggest(text);
    expect(found.length).toBeGreaterThan(8);
    for (const s of found) {
      const { start, end } = s.target.position;
      expect(text.slice(start, end)).toBe(s.target.quote.exact);
      expect(text.slice(Math.max(0, start - s.target.quote.prefix.length), start)).toBe(s.target.quote.prefix);
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
  });

  test('the references of the JDM case report give nothing ("placebo-phase trial" is theirs)', () => {
    const references = text.indexOf('REFERENCES');
    expect(suggest(text).filter((s) => s.target.position.start >= references)).toEqual([]);
  });

  test('a rejected suggestion is not proposed again; the others are', () => {
    const all = suggest(text);
    const rejected = all[0]!;
    const again = suggestValues(text, DEFAULT_SCHEMA, { rejected: new Set([rejected.id]) }).suggestions;
    expect(again.map((s) => s.id)).toEqual(all.slice(1).map((s) => s.id));
  });

  test('omission mentions name the sentence that speaks of a field', () => {
    const { mentions } = suggestValues(text, DEFAULT_SCHEMA);
    const icans = mentions.find((m) => m.fieldKey === 'icans_grade');
    expect(icans && text.slice(icans.start, icans.end)).toBe('Neither infection nor neurotoxicity were observed.');
  });
});
