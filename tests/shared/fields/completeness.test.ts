// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { completeness } from '@shared/fields/completeness';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import type { ExtractionSchema } from '@shared/fields/types';

const schema: ExtractionSchema = {
  id: 'small',
  version: 1,
  title: 'Small',
  description: '',
  sections: [
    {
      key: 'a',
      label: 'A',
      fields: [
        { key: 'dose', label: 'Dose', type: 'quantity', guidance: '', required: true, multiple: false, units: ['cells/kg'] },
        { key: 'infections', label: 'Infections', type: 'text', guidance: '', required: false, multiple: true },
      ],
    },
    {
      key: 'b',
      label: 'B',
      fields: [
        { key: 'crs_grade', label: 'CRS', type: 'grade', guidance: '', required: true, multiple: false, scale: 'ASTCT-CRS' },
        { key: 'deaths', label: 'Deaths', type: 'count', guidance: '', required: false, multiple: false },
      ],
    },
  ],
};

describe('completeness', () => {
  it.each<[string, string[], { filled: number; requiredFilled: number; percent: number; missingRequired: string[] }]>([
    ['nothing filled', [], { filled: 0, requiredFilled: 0, percent: 0, missingRequired: ['dose', 'crs_grade'] }],
    ['one optional field, tagged three times', ['infections', 'infections', 'infections'], { filled: 1, requiredFilled: 0, percent: 25, missingRequired: ['dose', 'crs_grade'] }],
    ['one required field', ['crs_grade'], { filled: 1, requiredFilled: 1, percent: 25, missingRequired: ['dose'] }],
    ['three of four', ['deaths', 'dose', 'crs_grade'], { filled: 3, requiredFilled: 2, percent: 75, missingRequired: [] }],
    ['everything', ['deaths', 'dose', 'crs_grade', 'infections'], { filled: 4, requiredFilled: 2, percent: 100, missingRequired: [] }],
    ['only keys the schema no longer has', ['old_field', 'removed'], { filled: 0, requiredFilled: 0, percent: 0, missingRequired: ['dose', 'crs_grade'] }],
  ])('%s', (_case, keys, expected) => {
    expect(completeness(schema, keys.map((fieldKey) => ({ fieldKey })))).toEqual({ ...expected, required: 2, total: 4 });
  });

  it('rounds down, so 100% only when every field is filled', () => {
    const keys = DEFAULT_SCHEMA.sections.flatMap((s) => s.fields.map((f) => f.key));
    const result = completeness(DEFAULT_SCHEMA, keys.slice(1).map((fieldKey) => ({ fieldKey })));
    expect(result.total).toBe(keys.length);
    expect(result.filled).toBe(keys.length - 1);
    expect(result.percent).toBe(Math.floor(((keys.length - 1) / keys.length) * 100));
    expect(result.percent).toBeLessThan(100);
    expect(result.missingRequired).toEqual(['study_design']);
  });

  it('accepts richer records (e.g. field tags) and an empty schema', () => {
    const tags = [{ fieldKey: 'dose', value: null, status: 'manual' }];
    expect(completeness(schema, tags).filled).toBe(1);
    const empty: ExtractionSchema = { ...schema, sections: [] };
    expect(completeness(empty, tags)).toEqual({ filled: 0, required: 0, requiredFilled: 0, total: 0, percent: 0, missingRequired: [] });
  });
});
