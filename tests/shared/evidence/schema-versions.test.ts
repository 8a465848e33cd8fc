// @vitest-environment node
// Schema versions keep every value (issue 10 item 8): a renamed field takes the values stored under
// its former key, a removed field's values are listed outside the schema, and the validator refuses
// a former key that is a current key or is claimed by two fields.
import { describe, expect, it } from 'vitest';
import { describe as describeRange } from '@shared/anchoring';
import { collectFieldEvidence } from '@shared/evidence';
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
