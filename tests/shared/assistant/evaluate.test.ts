// @vitest-environment node
// The evaluation's arithmetic: a suggestion is right when it matches a label of its field and
// instance; precision and recall per field; nothing suggested is no precision, not a perfect one.
import { describe, expect, test } from 'vitest';
import { judgeArticle, matchesKey, scoreFields } from '@shared/assistant/evaluate';
import type { Suggestion } from '@shared/assistant/types';
import type { FieldValue } from '@shared/fields/types';

const suggestion = (fieldKey: string, value: FieldValue, instance: string | null = null): Suggestion => ({
  id: `${fieldKey}|${instance ?? ''}|x`,
  fieldKey,
  value,
  target: { position: { type: 'TextPositionSelector', start: 0, end: 1 }, quote: { type: 'TextQuoteSelector', exact: 'x', prefix: '', suffix: '' } },
  confidence: 0.9,
  rule: 'test',
  instance,
  reason: null,
});

describe('evaluation', () => {
  test('keys by value type', () => {
    expect(matchesKey({ type: 'dose', value: 1e6, unit: 'CAR T cells', basis: 'per-kg', mantissa: 1, exponent: 6 }, '1000000|per-kg')).toBe(true);
    expect(matchesKey({ type: 'dose', value: 1e6, unit: 'CAR T cells', basis: 'flat', mantissa: 1, exponent: 6 }, '1000000|per-kg')).toBe(false);
    expect(matchesKey({ type: 'graded-event', event: 'CRS', scale: 'ASTCT-CRS', grade: 1, bound: 'at-most', timePoint: null }, '1|at-most')).toBe(true);
    expect(matchesKey({ type: 'graded-event', event: 'CRS', scale: 'ASTCT-CRS', grade: 1, bound: 'exact', timePoint: null }, '1|at-most')).toBe(false);
    expect(matchesKey({ type: 'graded-event', event: 'transient anemia', scale: 'CTCAE', grade: 2, bound: 'exact', timePoint: null }, 'anemia|2')).toBe(true);
    expect(matchesKey({ type: 'text', text: 'Fludarabine 30 mg/m2' }, 'fludarabine')).toBe(true);
  });

  test('precision and recall per field, instances kept apart', () => {
    const crs1: FieldValue = { type: 'graded-event', event: 'CRS', scale: 'ASTCT-CRS', grade: 1, bound: 'exact', timePoint: null };
    const suggestions = [suggestion('crs_grade', crs1, 'patient-1'), suggestion('crs_grade', crs1), suggestion('deaths', { type: 'count', count: 0 })];
    const labels = [
      { field: 'crs_grade', keys: ['1|exact'], instance: 'patient-1' },
      { field: 'icans_grade', keys: ['0|absent'] },
    ];
    const outcome = judgeArticle(suggestions, labels);
    expect(outcome.wrong.map((s) => [s.fieldKey, s.instance])).toEqual([
      ['crs_grade', null],
      ['deaths', null],
    ]);
    const { fields, overall } = scoreFields([{ suggestions, labels }]);
    expect(fields.find((f) => f.field === 'crs_grade')).toMatchObject({ precision: 0.5, recall: 1 });
    expect(fields.find((f) => f.field === 'icans_grade')).toMatchObject({ precision: null, recall: 0 });
    expect(overall).toMatchObject({ truePositives: 1, falsePositives: 2, labelled: 2, missed: 1 });
  });
});
