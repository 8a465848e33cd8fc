// @vitest-environment node
// One row per instance (issue 10 item 4): every value of a repeating section lands in exactly its
// instance's row (or the "not assigned" row), every document-level value in every row, nothing is
// lost or doubled; and the per-instance CSV and the long form carry each patient's own values and quotes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe as describeRange } from '@shared/anchoring';
import { collectFieldEvidence, instanceRows } from '@shared/evidence';
import { evidenceTableCsv, LONG_FORM_COLUMNS, longFormCsv } from '@shared/export/csv';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import type { InstanceRecord } from '@shared/fields/instances';
import { DEFAULT_COLOR_MEANINGS } from '@shared/model';
import type { Annotation, AnnotationId, DocumentId, DocumentMeta } from '@shared/model';

const DOC = 'e'.repeat(64) as DocumentId;
const SOUND = () => ({ state: 'sound', start: 0, end: 1, relocated: false }) as const;
const DOCUMENT_LEVEL = ['study_design', 'condition', 'follow_up'];
const PER_PATIENT = ['patient_age', 'patient_sex', 'patient_response'];

function tagged(id: string, fieldKey: string, text: string, instance: string | null): Annotation {
  return {
    id: id as AnnotationId,
    documentId: DOC,
    target: null,
    color: 'blue',
    note: '',
    tags: [],
    field: { fieldKey, schemaId: 'car-t-autoimmune@3', value: { type: 'text', text }, status: 'parsed', reason: null, qualifier: null, instance },
    creator: 'R',
    createdAt: '2026-01-01T00:00:00.000Z',
    modifiedAt: '2026-01-01T00:00:00.000Z',
    deletedAt: null,
  };
}

describe('instanceRows', () => {
  it('puts each value in exactly the rows it belongs to (property)', () => {
    const value = fc.record({
      key: fc.constantFrom(...DOCUMENT_LEVEL, ...PER_PATIENT),
      instance: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(value, { maxLength: 25 }), fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }), (values, listed) => {
        const annotations = values.map((v, i) => tagged(`a${i}`, v.key, `t${i}`, v.instance === null ? null : `patient-${v.instance}`));
        const stored: InstanceRecord[] = listed.map((n) => ({ id: `patient-${n}`, kind: 'patient', label: `P${n}` }));
        const evidence = collectFieldEvidence(DEFAULT_SCHEMA, annotations, SOUND, undefined, null, stored);
        const rows = instanceRows(evidence);
        // One row per instance, in the document's order, and a row without one only when needed.
        const ids = rows.map((r) => r.instance?.id ?? null);
        expect(ids.filter((id) => id !== null)).toEqual(evidence.instances.map((i) => i.id));
        const unassigned = values.some((v) => PER_PATIENT.includes(v.key) && v.instance === null);
        expect(ids.includes(null)).toBe(unassigned || evidence.instances.length === 0);
        for (const [i, v] of values.entries()) {
          const holding = rows.filter((r) => [...r.values.values()].flat().some((e) => e.annotationId === `a${i}`));
          if (DOCUMENT_LEVEL.includes(v.key)) expect(holding).toHaveLength(rows.length);
          else expect(holding.map((r) => r.instance?.id ?? null)).toEqual([v.instance === null ? null : `patient-${v.instance}`]);
        }
      }),
    );
  });

  it('gives a document without instances its one row, as before', () => {
    const rows = instanceRows(collectFieldEvidence(DEFAULT_SCHEMA, [tagged('a', 'study_design', 'x', null)], SOUND));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.instance).toBeNull();
  });
});

describe('the per-instance CSV and the long form', () => {
  const TEXT =
    'Patient 1, a 12-year-old girl, reached remission. Patient 2 was a 34-year-old man with partial response. Patient 3, aged 51, relapsed at month 9.';
  const at = (quote: string) => describeRange(TEXT, TEXT.indexOf(quote), TEXT.indexOf(quote) + quote.length);
  const meta: DocumentMeta = {
    id: DOC,
    title: 'Three patients',
    authors: ['A. Author'],
    journal: null,
    publishedDate: '2025',
    doi: null,
    pmid: null,
    trialRegistration: null,
    type: 'case-report',
    origin: 'imported',
    fileName: 'three.txt',
    corpusVersion: null,
    addedAt: '2026-01-01T00:00:00.000Z',
    textLength: TEXT.length,
    pageMap: null,
  };
  const response = (id: string, quote: string, instance: string): Annotation => ({ ...tagged(id, 'patient_response', quote, instance), target: at(quote) });
  const input = {
    documents: [meta],
    texts: [{ id: DOC, text: TEXT }],
    annotations: [
      response('r1', 'reached remission', 'patient-1'),
      response('r2', 'partial response', 'patient-2'),
      response('r3', 'relapsed at month 9', 'patient-3'),
      tagged('d', 'study_design', 'case series', null),
    ],
    statuses: [],
    schema: DEFAULT_SCHEMA,
    colorMeanings: DEFAULT_COLOR_MEANINGS,
    generatedAt: '2026-12-01T00:00:00.000Z',
    instances: new Map([[DOC, [{ id: 'patient-2', kind: 'patient' as const, label: 'Patient 2 (man, 34)' }]]]),
  };
  const parse = (csv: string) => Papa.parse<string[]>(csv.slice(1), { newline: '\r\n', skipEmptyLines: true }).data;

  it('writes one row per patient with its own values and quotes, and the document’s values in each', () => {
    const [header, ...rows] = parse(evidenceTableCsv(input, { rows: 'instance' }));
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => [r[col('Instance')], r[col('Instance id')], r[col('Per patient: Patient response')], r[col('Study: Design')], r[col('Quotes')]])).toEqual([
      // The stored list first (a renamed patient), then patients known from their values, by number.
      ['Patient 2 (man, 34)', 'patient-2', 'partial response', 'case series [no source]', 'Patient response: “partial response”'],
      ['Patient 1', 'patient-1', 'reached remission', 'case series [no source]', 'Patient response: “reached remission”'],
      ['Patient 3', 'patient-3', 'relapsed at month 9', 'case series [no source]', 'Patient response: “relapsed at month 9”'],
    ]);
  });

  it('names each value’s patient in the long form, by label and id', () => {
    const [header, ...rows] = parse(longFormCsv(input));
    expect(header).toEqual([...LONG_FORM_COLUMNS]);
    const col = (name: (typeof LONG_FORM_COLUMNS)[number]) => LONG_FORM_COLUMNS.indexOf(name);
    expect(rows.map((r) => [r[col('field_key')], r[col('instance')], r[col('instance_id')], r[col('quote')]])).toEqual([
      ['study_design', '', '', ''],
      ['patient_response', 'Patient 1', 'patient-1', 'reached remission'],
      ['patient_response', 'Patient 2 (man, 34)', 'patient-2', 'partial response'],
      ['patient_response', 'Patient 3', 'patient-3', 'relapsed at month 9'],
    ]);
  });
});
