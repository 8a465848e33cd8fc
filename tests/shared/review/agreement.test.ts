// @vitest-environment node
// Agreement between two extractors: value equality by type, field states, and Cohen's kappa checked
// against published worked examples, with fast-check properties for what must hold for any ratings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExtractionSchema, FieldValue } from '@shared/fields/types';
import type { Annotation, AnnotationId, DocumentId, ReviewerId } from '@shared/model';
import {
  agreementState,
  categoryOf,
  cohensKappa,
  compareDocument,
  decimalsOf,
  describeKappa,
  numbersAgree,
  pairsFromTable,
  reviewAgreement,
  summarize,
  valuesAgree,
} from '@shared/review/agreement';

describe("Cohen's kappa against published worked examples", () => {
  it('Cohen (1960), Table 1: 200 items, 3 categories, p_o = .70, p_c = .41, κ = .49, σ_κ ≈ .055', () => {
    // Cohen J. A coefficient of agreement for nominal scales. Educ Psychol Meas 1960;20:37–46,
    // Table 1 as proportions (× 200 here): rows judge A, columns judge B.
    const table = [
      [88, 14, 18],
      [10, 40, 10],
      [2, 6, 12],
    ];
    const result = cohensKappa(pairsFromTable(table))!;
    expect(result.n).toBe(200);
    expect(result.observed).toBeCloseTo(0.7, 10);
    expect(result.expected).toBeCloseTo(0.41, 10);
    expect(result.kappa!).toBeCloseTo(0.492, 3);
    // σ_κ = √(p_o(1 − p_o) / (N(1 − p_c)²)) = √(.21 / (200 × .3481)) = .0549.
    expect(result.standardError!).toBeCloseTo(0.0549, 4);
  });

  it('Altman (1991) Table 14.3: two radiologists, 85 xeromammograms, κ = 0.47, SE 0.075, 95% CI 0.32 to 0.62', () => {
    // Altman DG. Practical Statistics for Medical Research. Chapman & Hall 1991, §14.3 (data of
    // Boyd et al. 1982), also Stata's [R] kappa example (agreement 63.53%, expected 30.82%, κ 0.4728).
    // Rows radiologist A, columns B: normal, benign, suspected cancer, cancer.
    const table = [
      [21, 12, 0, 0],
      [4, 17, 1, 0],
      [3, 9, 15, 2],
      [0, 0, 0, 1],
    ];
    const result = cohensKappa(pairsFromTable(table))!;
    expect(result.n).toBe(85);
    expect(result.observed * 100).toBeCloseTo(63.53, 2);
    expect(result.expected * 100).toBeCloseTo(30.82, 2);
    expect(result.kappa!).toBeCloseTo(0.4728, 4);
    expect(result.standardError!).toBeCloseTo(0.075, 3);
    // κ ± 1.96 SE = 0.4728 ± 0.148: 0.325 to 0.621, printed to two places.
    expect(result.low!).toBeCloseTo(0.325, 3);
    expect(result.high!).toBeCloseTo(0.621, 3);
  });

  it('Sim & Wright (2005) Table 1: 39 patients, two clinicians, p_o = .85, p_e = .54, κ = .67', () => {
    // Sim J, Wright CC. The kappa statistic in reliability studies. Phys Ther 2005;85:257–268,
    // Table 1 (relevance of lateral shift): yes/yes 22, yes/no 2, no/yes 4, no/no 11.
    const result = cohensKappa(pairsFromTable([
      [22, 2],
      [4, 11],
    ]))!;
    expect(result.n).toBe(39);
    expect(result.observed).toBeCloseTo(0.85, 2);
    expect(result.expected).toBeCloseTo(0.54, 2);
    expect(result.kappa!).toBeCloseTo(0.67, 2);
  });

  it('is undefined when both raters used one category throughout, and null without items', () => {
    expect(cohensKappa([['x', 'x'], ['x', 'x']])!.kappa).toBeNull();
    expect(cohensKappa([])).toBeNull();
    expect(describeKappa(cohensKappa([['x', 'x']]))).toBe('κ not defined (one category throughout)');
  });
});

const category = fc.constantFrom('a', 'b', 'c', 'd');
const ratings = fc.array(fc.tuple(category, category), { minLength: 1, maxLength: 80 });

describe('kappa properties', () => {
  it('is 1 for identical ratings (whenever defined)', () => {
    fc.assert(
      fc.property(fc.array(category, { minLength: 1, maxLength: 60 }), (cats) => {
        const result = cohensKappa(cats.map((c) => [c, c] as const))!;
        expect(result.observed).toBe(1);
        if (result.kappa !== null) expect(result.kappa).toBeCloseTo(1, 12);
      }),
    );
  });

  it('is symmetric in A and B', () => {
    fc.assert(
      fc.property(ratings, (pairs) => {
        const ab = cohensKappa(pairs)!;
        const ba = cohensKappa(pairs.map(([x, y]) => [y, x] as const))!;
        expect(ba.observed).toBeCloseTo(ab.observed, 12);
        expect(ba.expected).toBeCloseTo(ab.expected, 12);
        if (ab.kappa === null) expect(ba.kappa).toBeNull();
        else expect(ba.kappa!).toBeCloseTo(ab.kappa, 12);
      }),
    );
  });

  it('stays within bounds: p_o, p_e in [0, 1], κ ≤ 1, κ ≥ −1, the interval holds κ and lies in [−1, 1]', () => {
    fc.assert(
      fc.property(ratings, (pairs) => {
        const r = cohensKappa(pairs)!;
        expect(r.observed).toBeGreaterThanOrEqual(0);
        expect(r.observed).toBeLessThanOrEqual(1);
        expect(r.expected).toBeGreaterThanOrEqual(0);
        expect(r.expected).toBeLessThanOrEqual(1);
        if (r.kappa === null) return;
        expect(r.kappa).toBeLessThanOrEqual(1 + 1e-12);
        expect(r.kappa).toBeGreaterThanOrEqual(-1 - 1e-12);
        expect(r.low!).toBeLessThanOrEqual(r.kappa + 1e-12);
        expect(r.high!).toBeGreaterThanOrEqual(r.kappa - 1e-12);
        expect(r.low!).toBeGreaterThanOrEqual(-1);
        expect(r.high!).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('does not change when the items are reordered', () => {
    fc.assert(
      fc.property(ratings, fc.integer(), (pairs, seed) => {
        const shuffled = [...pairs].sort((x, y) => ((x.join() + seed).length % 3) - ((y.join() + seed).length % 3));
        const a = cohensKappa(pairs)!;
        const b = cohensKappa(shuffled)!;
        if (a.kappa === null) expect(b.kappa).toBeNull();
        else expect(b.kappa!).toBeCloseTo(a.kappa, 12);
      }),
    );
  });
});

describe('values compared by type', () => {
  const cases: [string, FieldValue, FieldValue, boolean][] = [
    ['numbers at the reported precision: 46 and 46.0', { type: 'number', value: 46 }, { type: 'number', value: 46.0 }, true],
    ['numbers at the coarser precision: 46 and 46.3', { type: 'number', value: 46 }, { type: 'number', value: 46.3 }, true],
    ['numbers that differ at the shared precision: 46.2 and 46.3', { type: 'number', value: 46.2 }, { type: 'number', value: 46.3 }, false],
    ['float noise: 0.1 + 0.2 and 0.3', { type: 'number', value: 0.1 + 0.2 }, { type: 'number', value: 0.3 }, true],
    ['same grade, same scale', { type: 'grade', scale: 'ASTCT-CRS', grade: 2, bound: 'exact' }, { type: 'grade', scale: 'ASTCT-CRS', grade: 2, bound: 'exact' }, true],
    ['same grade, other scale', { type: 'grade', scale: 'ASTCT-CRS', grade: 2, bound: 'exact' }, { type: 'grade', scale: 'CTCAE', grade: 2, bound: 'exact' }, false],
    ['grade exact and at most', { type: 'grade', scale: 'ASTCT-CRS', grade: 1, bound: 'exact' }, { type: 'grade', scale: 'ASTCT-CRS', grade: 1, bound: 'at-most' }, false],
    ['same n/N', { type: 'count-of-total', n: 3, total: 15 }, { type: 'count-of-total', n: 3, total: 15 }, true],
    ['other N', { type: 'count-of-total', n: 3, total: 15 }, { type: 'count-of-total', n: 3, total: 16 }, false],
    ['proportion: the percentage is derived', { type: 'proportion', n: 3, total: 15, percent: 20 }, { type: 'proportion', n: 3, total: 15, percent: null }, true],
    ['text ignoring case and spacing', { type: 'text', text: 'Refractory  SLE ' }, { type: 'text', text: 'refractory sle' }, true],
    ['text that differs', { type: 'text', text: 'SLE' }, { type: 'text', text: 'SSc' }, false],
    ['dose: 1 × 10⁶ written two ways', { type: 'dose', value: 1e6, unit: 'cells', basis: 'per-kg', mantissa: 1, exponent: 6 }, { type: 'dose', value: 1000000, unit: 'cells', basis: 'per-kg', mantissa: null, exponent: null }, true],
    ['dose: other basis', { type: 'dose', value: 1e6, unit: 'cells', basis: 'per-kg', mantissa: 1, exponent: 6 }, { type: 'dose', value: 1e6, unit: 'cells', basis: 'flat', mantissa: 1, exponent: 6 }, false],
    ['different types', { type: 'count', count: 3 }, { type: 'number', value: 3 }, false],
    ['multiple choice as sets', { type: 'multiple-choice', options: ['a', 'b'] }, { type: 'multiple-choice', options: ['b', 'a'] }, true],
    ['summary: sd and iqr', { type: 'summary-statistic', measure: 'median', value: 46, spread: { kind: 'sd', sd: 3 }, unit: 'years' }, { type: 'summary-statistic', measure: 'median', value: 46, spread: { kind: 'iqr', low: 38, high: 55 }, unit: 'years' }, false],
  ];
  it.each(cases)('%s', (_name, a, b, expected) => {
    expect(valuesAgree(a, b)).toBe(expected);
    expect(valuesAgree(b, a)).toBe(expected);
  });

  it('reads the precision of a number as written', () => {
    expect(decimalsOf(46)).toBe(0);
    expect(decimalsOf(46.25)).toBe(2);
    expect(decimalsOf(1e-7)).toBe(7);
    expect(numbersAgree(1e-7, 2e-7)).toBe(false);
  });

  const categorical: fc.Arbitrary<FieldValue> = fc.oneof(
    fc.record({ type: fc.constant('single-choice' as const), option: fc.constantFrom('x', 'y') }),
    fc.record({ type: fc.constant('yes-no' as const), answer: fc.constantFrom('yes' as const, 'no' as const, 'not-reported' as const) }),
    fc.record({ type: fc.constant('grade' as const), scale: fc.constantFrom('ASTCT-CRS' as const, 'CTCAE' as const), grade: fc.integer({ min: 0, max: 4 }), bound: fc.constantFrom('exact' as const, 'at-most' as const, 'absent' as const) }),
    fc.record({ type: fc.constant('presence' as const), event: fc.constantFrom('CRS', 'crs ', 'ICANS'), state: fc.constantFrom('present' as const, 'absent' as const) }),
    fc.record({ type: fc.constant('multiple-choice' as const), options: fc.subarray(['a', 'b', 'c']) }),
  );

  it('categories and equality never drift: two categorical values agree exactly when their categories are equal', () => {
    fc.assert(fc.property(categorical, categorical, (a, b) => {
      expect(valuesAgree(a, b)).toBe(categoryOf(a) === categoryOf(b));
    }));
  });

  it('is symmetric and reflexive for numbers', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), (x, y) => {
        expect(numbersAgree(x, x)).toBe(true);
        expect(numbersAgree(x, y)).toBe(numbersAgree(y, x));
      }),
    );
  });
});

const A = 'reviewer-a' as ReviewerId;
const B = 'reviewer-b' as ReviewerId;
const DOC = 'doc-1' as DocumentId;
const DOC2 = 'doc-2' as DocumentId;

const SCHEMA: ExtractionSchema = {
  id: 'test',
  version: 1,
  title: 'Test',
  description: '',
  sections: [
    {
      key: 'safety',
      label: 'Safety',
      fields: [
        { key: 'crs', label: 'CRS grade', type: 'grade', scale: 'ASTCT-CRS', guidance: '', required: false, multiple: false },
        { key: 'design', label: 'Design', type: 'single-choice', options: [{ value: 'rct', label: 'RCT' }, { value: 'case', label: 'Case' }], guidance: '', required: false, multiple: false },
        { key: 'age', label: 'Age', type: 'number', guidance: '', required: false, multiple: false },
        { key: 'note', label: 'Note', type: 'text', guidance: '', required: false, multiple: false },
      ],
    },
  ],
};

let serial = 0;
function value(documentId: DocumentId, creatorId: ReviewerId, fieldKey: string, v: FieldValue, extra: Partial<Annotation> = {}): Annotation {
  serial++;
  return {
    id: `ann-${serial}` as AnnotationId,
    documentId,
    target: { position: { type: 'TextPositionSelector', start: 0, end: 3 }, quote: { type: 'TextQuoteSelector', exact: `quote ${serial}`, prefix: '', suffix: '' } },
    color: 'yellow',
    note: '',
    tags: [],
    field: { fieldKey, schemaId: 'test@1', value: v, status: 'parsed', reason: null, qualifier: null },
    creator: creatorId,
    creatorId,
    createdAt: '2026-12-01T00:00:00Z',
    modifiedAt: '2026-12-01T00:00:00Z',
    deletedAt: null,
    ...extra,
  };
}

describe('comparing a document', () => {
  const grade = (g: number): FieldValue => ({ type: 'grade', scale: 'ASTCT-CRS', grade: g, bound: 'exact' });
  const choice = (o: string): FieldValue => ({ type: 'single-choice', option: o });
  const annotations = [
    value(DOC, A, 'crs', grade(2)),
    value(DOC, B, 'crs', grade(2)),
    value(DOC, A, 'design', choice('rct')),
    value(DOC, B, 'design', choice('case')),
    value(DOC, A, 'age', { type: 'number', value: 46 }),
    value(DOC, B, 'note', { type: 'text', text: 'x' }),
    // Rejected, deleted and consensus values are not an extractor's answer.
    value(DOC, B, 'age', { type: 'number', value: 50 }, { deletedAt: '2026-12-01T01:00:00Z' }),
    value(DOC, B, 'age', { type: 'number', value: 51 }, { consensus: { reviewId: 'r' as never, takenFrom: null, sourceAnnotationId: null } }),
  ];

  it('gives each field its state, in schema order', () => {
    const rows = compareDocument(SCHEMA, DOC, annotations, A, B);
    expect(rows.map((r) => [r.field.key, r.state])).toEqual([
      ['crs', 'agree'],
      ['design', 'disagree'],
      ['age', 'only-a'],
      ['note', 'only-b'],
    ]);
    expect(rows[0]!.a[0]!.quote).toMatch(/^quote /);
  });

  it('keeps instances apart', () => {
    const rows = compareDocument(SCHEMA, DOC2, [
      value(DOC2, A, 'crs', grade(1), { field: { fieldKey: 'crs', schemaId: 'test@1', value: grade(1), status: 'parsed', reason: null, qualifier: null, instance: 'patient-1' } }),
      value(DOC2, B, 'crs', grade(3), { field: { fieldKey: 'crs', schemaId: 'test@1', value: grade(3), status: 'parsed', reason: null, qualifier: null, instance: 'patient-2' } }),
    ], A, B);
    expect(rows.filter((r) => r.field.key === 'crs').map((r) => [r.instance, r.state])).toEqual([
      ['patient-1', 'only-a'],
      ['patient-2', 'only-b'],
    ]);
  });

  it('summarizes: 1 of 4 agree; kappa over the two categorical fields, by hand', () => {
    const summary = summarize(compareDocument(SCHEMA, DOC, annotations, A, B));
    expect(summary).toMatchObject({ compared: 4, agreed: 1, disagreed: 1, onlyA: 1, onlyB: 1, percent: 25 });
    // Items: crs (A=B=crs:2) and design (A=rct, B=case). p_o = 1/2; A's marginals crs:2 ½, design:rct ½;
    // B's crs:2 ½, design:case ½; p_e = ½·½ = ¼; κ = (½ − ¼)/(1 − ¼) = 1/3.
    expect(summary.kappa!.kappa!).toBeCloseTo(1 / 3, 12);
  });

  it('a whole review: per field across documents, per document across fields', () => {
    const more = [...annotations, value(DOC2, A, 'crs', grade(3)), value(DOC2, B, 'crs', grade(3)), value(DOC2, A, 'design', choice('rct')), value(DOC2, B, 'design', choice('rct'))];
    const comparisons = [...compareDocument(SCHEMA, DOC, more, A, B), ...compareDocument(SCHEMA, DOC2, more, A, B)];
    const result = reviewAgreement(SCHEMA, comparisons);
    const design = result.byField.find((f) => f.field.key === 'design')!;
    // design: DOC rct/case, DOC2 rct/rct: p_o ½; A rct 1, B rct ½ case ½: p_e = ½; κ = 0.
    expect(design.summary.percent).toBe(50);
    expect(design.summary.kappa!.kappa!).toBeCloseTo(0, 12);
    expect(result.byField.find((f) => f.field.key === 'age')!.summary.kappa).toBeNull();
    expect(result.byDocument.map((d) => [d.documentId, d.summary.percent])).toEqual([
      [DOC, 25],
      [DOC2, 100],
    ]);
    expect(result.overall).toMatchObject({ compared: 6, agreed: 3 });
  });

  it('states by list: equal lists agree, empty sides are only-a/only-b/neither', () => {
    const x = { reviewerId: A, value: grade(1), quote: null, annotationId: 'x' };
    const y = { reviewerId: B, value: grade(1), quote: null, annotationId: 'y' };
    expect(agreementState([x], [y])).toBe('agree');
    expect(agreementState([x, x], [y])).toBe('disagree');
    expect(agreementState([], [])).toBe('neither');
  });
});
