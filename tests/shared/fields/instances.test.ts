// @vitest-environment node
// Instances of repeating sections: ids that never repeat, labels a reviewer may change, a stored list
// read without trusting it, a schema that says what a section repeats for and writes it back out,
// and the timeline reader of the per-patient section.
import { describe, expect, it } from 'vitest';
import { defaultInstanceLabel, mergeInstances, nextInstanceId, parseInstanceId, readInstanceList, tidyInstanceLabel } from '@shared/fields/instances';
import { normalizeValue } from '@shared/fields/normalize';
import { formatValue } from '@shared/fields/format';
import { parseSchemaJson, serializeSchema } from '@shared/fields/schema';
import type { ExtractionSchema, FieldDefinition } from '@shared/fields/types';

describe('instance ids and labels', () => {
  it('names an id by its kind and number, and an id from elsewhere as written', () => {
    expect(['patient-2', 'arm-1', 'time-point-3', 'P2'].map(defaultInstanceLabel)).toEqual(['Patient 2', 'Arm 1', 'Time point 3', 'P2']);
    expect(parseInstanceId('patient-0')).toBeNull();
    expect(parseInstanceId('constructor')).toBeNull();
  });

  it('gives the next id above every id in use, so a removed patient’s id is never given again', () => {
    expect(nextInstanceId('patient', [])).toBe('patient-1');
    expect(nextInstanceId('patient', ['patient-1', 'patient-3', 'arm-7'])).toBe('patient-4');
    expect(nextInstanceId('arm', ['patient-1', 'patient-3', 'arm-7'])).toBe('arm-8');
  });

  it('tidies a typed label and falls back to the default for a blank one', () => {
    expect(tidyInstanceLabel('arm-1', '  Arm 1 ×  10⁶/kg ')).toBe('Arm 1 × 10⁶/kg');
    expect(tidyInstanceLabel('patient-2', '   ')).toBe('Patient 2');
    expect(tidyInstanceLabel('patient-2', 'x'.repeat(200))).toHaveLength(80);
  });

  it('reads a stored list record by record, leaving out what is malformed or repeated', () => {
    const stored = [
      { id: 'patient-1', label: 'Index case' },
      { id: 'patient-1', label: 'again' },
      { id: 'P7', kind: 'patient', label: 'Patient 7 of the cohort' },
      { id: 'Q1', label: 'no kind' },
      { id: 'arm-2' },
      null,
      'patient-3',
      { id: 42, label: 'number' },
    ];
    expect(readInstanceList(stored)).toEqual([
      { id: 'patient-1', kind: 'patient', label: 'Index case' },
      { id: 'P7', kind: 'patient', label: 'Patient 7 of the cohort' },
      { id: 'arm-2', kind: 'arm', label: 'Arm 2' },
    ]);
    expect(readInstanceList({ 'patient-1': 'x' })).toEqual([]);
  });

  it('shows every instance a value points at, after the stored ones, by number', () => {
    const merged = mergeInstances([{ id: 'patient-2', kind: 'patient', label: 'Second' }], ['patient-10', 'patient-2', 'patient-3']);
    expect(merged.map((i) => [i.id, i.label])).toEqual([
      ['patient-2', 'Second'],
      ['patient-3', 'Patient 3'],
      ['patient-10', 'Patient 10'],
    ]);
  });
});

describe('a schema’s repeating sections', () => {
  const schema: ExtractionSchema = {
    id: 'case-series',
    version: 2,
    title: 'Case series',
    description: '',
    sections: [
      { key: 'study', label: 'Study', fields: [{ key: 'design', label: 'Design', type: 'text', guidance: '', required: false, multiple: false }] },
      {
        key: 'patients',
        label: 'Patients',
        repeat: 'patient',
        fields: [{ key: 'age_years', label: 'Age', type: 'duration', guidance: '', required: false, multiple: false, formerKeys: ['age'] }],
      },
    ],
  };

  it('writes "repeat" and former keys back out, so an exported schema re-imports unchanged', () => {
    const json = serializeSchema(schema);
    expect(json).toContain('"repeat": "patient"');
    expect(json).toContain('"formerKeys": [\n            "age"\n          ]');
    expect(parseSchemaJson(json)).toEqual({ ok: true, schema });
  });
});

describe('the timeline reader', () => {
  const timeline: FieldDefinition = { key: 'patient_timeline', label: 'Timeline', type: 'timeline-event', guidance: '', required: false, multiple: true };
  it.each<[string, string]>([
    ['On day 1 she developed fever', 'Day 1: she developed fever'],
    ['Day +14: discharged home', 'Day 14: discharged home'],
    ['rituximab was stopped 34 days before infusion', '−34 days: rituximab was stopped'],
    ['ICANS grade 1 on day 5', 'Day 5: ICANS grade 1'],
    ['drug-free remission at month 6', 'Month 6: drug-free remission'],
  ])('%s', (quote, expected) => {
    const result = normalizeValue(timeline, quote);
    expect(result.ok && formatValue(result.value)).toBe(expected);
  });

  it('says when the text has no day, or no event beside it', () => {
    expect(normalizeValue(timeline, 'she developed fever')).toMatchObject({ ok: false, reason: expect.stringMatching(/^no day relative to the infusion/) });
    expect(normalizeValue(timeline, 'on day 7')).toMatchObject({ ok: false, reason: 'the text gives a time point (day 7) but names no event' });
  });

  it('flags two time points, taking the first', () => {
    expect(normalizeValue(timeline, 'fever on day 1, resolved by day 3')).toMatchObject({ ok: true, needsConfirmation: true, reason: 'several time points in the text; the first was taken' });
  });
});
