// @vitest-environment node
// Schema versions keep every value (issue 10 item 8): a renamed field takes the values stored under
// its former key, a removed field's values are listed outside the schema, and the validator refuses
// a former key that is a current key or is claimed by two fields. A section made repeatable keeps
// the values stored before it repeated, in a row of their own ("Not assigned"), never in a patient's.
import { describe, expect, it } from 'vitest';
import { describe as describeRange } from '@shared/anchoring';
import { collectFieldEvidence, instanceRows } from '@shared/evidence';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { completeness } from '@shared/fields/completeness';
import { extractionSchemaValidator } from '@shared/fields/schema';
import type { ExtractionSchema } from '@shared/fields/types';
import type { Annotation, AnnotationId, DocumentId } from '@shared/model';

const TEXT = 'Follow-up was ten months after infusion.';
const DOC = 'd'.repeat(64) as DocumentId;

function value(id: string, fieldKey: string): Annotation {
  const at = TEXT.indexOf('ten months');
  return {
    id: id as AnnotationId,
    documentId: DOC,
    target: describeRange(TEXT, at, at + 'ten months'.length),
    color: 'purple',
    note: '',
    tags: [],
    field: { fieldKey, schemaId: 'car-t-autoimmune@1', value: { type: 'duration', value: 10, unit: 'months' }, status: 'parsed', reason: null, qualifier: null },
    creator: 'Reviewer',
    createdAt: '2026-01-01T00:00:00.000Z',
    modifiedAt: '2026-01-01T00:00:00.000Z',
    deletedAt: null,
  };
}

/** The default schema with `follow_up` renamed to `follow_up_duration`, and `dose` removed. */
function nextVersion(): ExtractionSchema {
  const schema = structuredClone(DEFAULT_SCHEMA);
  schema.version += 1;
  for (const section of schema.sections) {
    section.fields = section.fields.filter((f) => f.key !== 'dose');
    for (const field of section.fields) {
      if (field.key === 'follow_up') Object.assign(field, { key: 'follow_up_duration', label: 'Follow-up duration', formerKeys: ['follow_up'] });
    }
  }
  return schema;
}

describe('a new schema version', () => {
  it('shows a value stored under a renamed field’s former key in that field, and counts it filled', () => {
    const schema = nextVersion();
    expect(extractionSchemaValidator.safeParse(schema).success).toBe(true);
    const evidence = collectFieldEvidence(schema, [value('a', 'follow_up'), value('b', 'dose')], () => ({ state: 'sound', start: 0, end: 10, relocated: false }));
    const fields = evidence.sections.flatMap((s) => s.fields);
    const followUp = fields.find((f) => f.field.key === 'follow_up_duration')!;
    expect(followUp.values.map((v) => [v.annotationId, v.fieldKey, v.fieldLabel])).toEqual([['a', 'follow_up_duration', 'Follow-up duration']]);
    // The removed field's value is kept and listed, never dropped.
    expect(evidence.outsideSchema.map((v) => [v.annotationId, v.fieldKey])).toEqual([['b', 'dose']]);
    expect(completeness(schema, [{ fieldKey: 'follow_up' }]).filled).toBe(1);
  });

  it('refuses a former key that is a current key, or that two fields claim', () => {
    const clash = nextVersion();
    clash.sections[0]!.fields[0]!.formerKeys = [clash.sections[0]!.fields[1]!.key];
    expect(extractionSchemaValidator.safeParse(clash).error?.issues[0]?.message).toMatch(/is the key of a field in this schema/);
    const twice = nextVersion();
    twice.sections[0]!.fields[0]!.formerKeys = ['old_key'];
    twice.sections[0]!.fields[1]!.formerKeys = ['old_key'];
    expect(extractionSchemaValidator.safeParse(twice).error?.issues[0]?.message).toMatch(/is also claimed by the field/);
  });
});

/** Version 2 of the default schema, as it shipped: the five sections without the per-patient one. */
function version2(): ExtractionSchema {
  const schema = structuredClone(DEFAULT_SCHEMA);
  schema.version = 2;
  schema.sections = schema.sections.filter((s) => s.repeat === undefined);
  return schema;
}

const SOUND = () => ({ state: 'sound', start: 0, end: 10, relocated: false }) as const;

describe('version 3 of the default schema (a per-patient section added)', () => {
  it('keeps every value stored under version 2 in its field, none outside the schema', () => {
    const old = version2();
    const values = old.sections.flatMap((s) => s.fields).map((f, i) => value(`v${i}`, f.key));
    const before = collectFieldEvidence(old, values, SOUND);
    const after = collectFieldEvidence(DEFAULT_SCHEMA, values, SOUND);
    const placed = (e: typeof after) => e.sections.flatMap((s) => s.fields.flatMap((f) => f.values.map((v) => [v.annotationId, f.field.key])));
    expect(after.outsideSchema).toEqual([]);
    expect(placed(after)).toEqual(placed(before));
    expect(after.valueCount).toBe(values.length);
    // A document without per-patient values is as complete as it was: the new section does not count yet…
    const keys = values.map((v) => ({ fieldKey: v.field!.fieldKey }));
    expect(completeness(DEFAULT_SCHEMA, keys.slice(0, 5))).toEqual(completeness(old, keys.slice(0, 5)));
    // …and counts, all of it, once the document reports per patient.
    expect(completeness(DEFAULT_SCHEMA, [...keys.slice(0, 5), { fieldKey: 'patient_age' }])).toMatchObject({ filled: 6, total: completeness(old, []).total + 13 });
    // Nothing was stored per patient, so no value names one.
    expect(after.sections.flatMap((s) => s.fields.flatMap((f) => f.values)).every((v) => v.instance === null)).toBe(true);
  });
});

describe('a section made repeatable', () => {
  /** Version 2 with its Safety section repeated per patient. */
  function safetyPerPatient(): ExtractionSchema {
    const schema = version2();
    schema.version = 4;
    schema.sections.find((s) => s.key === 'safety')!.repeat = 'patient';
    return schema;
  }
  const crs = (id: string, instance?: string | null): Annotation => {
    const base = value(id, 'crs_grade');
    return { ...base, field: { ...base.field!, value: { type: 'graded-event', event: 'CRS', scale: 'ASTCT-CRS', grade: 1, bound: 'exact', timePoint: null }, ...(instance === undefined ? {} : { instance }) } };
  };

  it('keeps a value stored before it repeated, belonging to no patient, in a row of its own', () => {
    const schema = safetyPerPatient();
    expect(extractionSchemaValidator.safeParse(schema).success).toBe(true);
    const evidence = collectFieldEvidence(schema, [crs('old'), crs('p1', 'patient-1'), value('f', 'follow_up')], SOUND);
    const field = evidence.sections.find((s) => s.section.key === 'safety')!.fields.find((f) => f.field.key === 'crs_grade')!;
    expect(field.values.map((v) => [v.annotationId, v.instance?.label ?? null])).toEqual([
      ['old', null],
      ['p1', 'Patient 1'],
    ]);
    const rows = instanceRows(evidence);
    expect(rows.map((r) => [r.instance?.id ?? null, (r.values.get('crs_grade') ?? []).map((v) => v.annotationId)])).toEqual([
      ['patient-1', ['p1']],
      [null, ['old']],
    ]);
    // The document-level follow-up stands in every row.
    expect(rows.map((r) => (r.values.get('follow_up') ?? []).map((v) => v.annotationId))).toEqual([['f'], ['f']]);
  });

  it('keeps a renamed field’s values with their patients', () => {
    const schema = safetyPerPatient();
    const safety = schema.sections.find((s) => s.key === 'safety')!;
    Object.assign(safety.fields.find((f) => f.key === 'crs_grade')!, { key: 'crs_worst', formerKeys: ['crs_grade'] });
    expect(extractionSchemaValidator.safeParse(schema).success).toBe(true);
    const evidence = collectFieldEvidence(schema, [crs('p2', 'patient-2')], SOUND, undefined, null, [{ id: 'patient-2', kind: 'patient', label: 'Index case' }]);
    const [entry] = evidence.sections.find((s) => s.section.key === 'safety')!.fields.find((f) => f.field.key === 'crs_worst')!.values;
    expect([entry?.fieldKey, entry?.instance]).toEqual(['crs_worst', { id: 'patient-2', label: 'Index case' }]);
  });

  it('lists a value whose instance was dropped from the list under that instance, never hides it', () => {
    const evidence = collectFieldEvidence(safetyPerPatient(), [crs('p5', 'patient-5')], SOUND, undefined, null, [{ id: 'patient-1', kind: 'patient', label: 'Patient 1' }]);
    expect(evidence.instances.map((i) => i.id)).toEqual(['patient-1', 'patient-5']);
    expect(instanceRows(evidence).map((r) => r.instance?.id ?? null)).toEqual(['patient-1', 'patient-5']);
  });
});
