// @vitest-environment node
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { normalizeValue } from '@shared/fields/normalize';
import { RESERVED_NAMES, fieldIndex, parseSchema, parseSchemaJson, serializeSchema, validatorMatchesTypes } from '@shared/fields/schema';
import { normalizeValue as readValue } from '@shared/fields/normalize';
import type { extractionSchemaValidator } from '@shared/fields/schema';
import { FIELD_TYPES } from '@shared/fields/types';
import type { ExtractionSchema, FieldDefinition } from '@shared/fields/types';

function minimalSchema(fields: Record<string, unknown>[], sectionLabel = 'Safety'): Record<string, unknown> {
  return {
    id: 'test-schema',
    version: 1,
    title: 'Test',
    description: '',
    sections: [{ key: 'safety', label: sectionLabel, fields }],
  };
}

const textField = { key: 'notes', label: 'Notes', type: 'text', guidance: '', required: false, multiple: false };

function messageFor(value: unknown): string {
  const result = parseSchema(value);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.message;
}

describe('the validator and the types agree', () => {
  it('produces exactly ExtractionSchema (checked by tsc as well)', () => {
    expect(validatorMatchesTypes).toBe(true);
    expectTypeOf<z.output<typeof extractionSchemaValidator>>().toEqualTypeOf<ExtractionSchema>();
  });
});

describe('the default schema', () => {
  it('validates, and reads back from its own JSON unchanged', () => {
    expect(parseSchema(DEFAULT_SCHEMA)).toEqual({ ok: true, schema: DEFAULT_SCHEMA });
    const json = serializeSchema(DEFAULT_SCHEMA);
    expect(parseSchemaJson(json)).toEqual({ ok: true, schema: DEFAULT_SCHEMA });
    expect(serializeSchema(JSON.parse(json) as ExtractionSchema)).toBe(json);
  });

  it('is car-t-autoimmune v3 with the five sections of v2, a per-patient section, and the stable keys other code relies on', () => {
    // Version 2 (issue 10): values typed as results are reported; the keys are those of version 1.
    // Version 3 adds a section repeated per patient; no key of version 2 changed.
    expect(DEFAULT_SCHEMA).toMatchObject({ id: 'car-t-autoimmune', version: 3, title: 'CAR-T cell therapy in autoimmune disease' });
    expect(DEFAULT_SCHEMA.sections.map((s) => s.label)).toEqual(['Study', 'Population', 'Intervention', 'Outcomes', 'Safety', 'Per patient']);
    expect(DEFAULT_SCHEMA.sections.map((s) => s.repeat ?? null)).toEqual([null, null, null, null, null, 'patient']);
    expect(DEFAULT_SCHEMA.sections[5]!.fields.map((f) => f.key)).toEqual([
      'patient_age',
      'patient_sex',
      'patient_disease',
      'patient_prior_treatments',
      'patient_product_dose',
      'patient_lymphodepletion',
      'patient_crs',
      'patient_icans',
      'patient_cytopenias',
      'patient_infections',
      'patient_response',
      'patient_follow_up',
      'patient_timeline',
    ]);
    expect(fieldIndex(DEFAULT_SCHEMA).get('patient_timeline')?.field).toMatchObject({ type: 'timeline-event', multiple: true });
    const index = fieldIndex(DEFAULT_SCHEMA);
    const expectations: [string, FieldDefinition['type'], Partial<FieldDefinition>][] = [
      ['study_design', 'single-choice', { required: true }],
      ['registration_id', 'text', {}],
      ['patients_n', 'count', { required: true }],
      ['age', 'summary-statistic', { units: ['years', 'months'] }],
      ['prior_treatments', 'text', { multiple: true }],
      ['target_antigen', 'single-choice', { required: true }],
      ['dose', 'dose', { units: ['cells/kg', 'CAR+ cells/kg', 'cells', 'mg/m²'] }],
      ['lymphodepletion', 'text', { multiple: true }],
      ['responders', 'proportion', {}],
      ['follow_up', 'duration', { required: true }],
      ['drug_free_remission', 'yes-no', {}],
      ['crs_grade', 'graded-event', { scale: 'ASTCT-CRS', required: true }],
      ['icans_grade', 'graded-event', { scale: 'ASTCT-ICANS', required: true }],
      ['cytopenias', 'graded-event', { scale: 'CTCAE', multiple: true }],
      ['deaths', 'count', {}],
    ];
    for (const [key, type, extra] of expectations) {
      expect(index.get(key)?.field, key).toMatchObject({ type, ...extra });
    }
    expect(index.get('crs_grade')?.section.label).toBe('Safety');
  });

  it('gives every field real guidance and a label', () => {
    for (const section of DEFAULT_SCHEMA.sections) {
      for (const field of section.fields) {
        expect(field.label.length, field.key).toBeGreaterThan(1);
        expect(field.guidance.length, field.key).toBeGreaterThan(60);
      }
    }
  });

  it('uses the value types that match how CAR-T results are reported, and each can be read', () => {
    const used = new Set(DEFAULT_SCHEMA.sections.flatMap((s) => s.fields.map((f) => f.type)));
    // Version 1's count-of-total, range and grade fields became proportion, summary-statistic and
    // graded-event; quantity stays for CAR-T expansion. The others are for reviewers' own schemas.
    expect([...FIELD_TYPES].filter((t) => !used.has(t))).toEqual(['count-of-total', 'number', 'range', 'grade', 'multiple-choice', 'date', 'time-point', 'change', 'presence']);
    for (const field of DEFAULT_SCHEMA.sections.flatMap((s) => s.fields)) {
      expect(normalizeValue(field, '').ok).toBe(false);
    }
  });
});

describe('parseSchema names the wrong field in the reviewer’s words', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'a grade field without a scale',
      minimalSchema([{ ...textField, key: 'crs_grade', label: 'CRS grade', type: 'grade' }]),
      'Section "Safety", field "crs_grade": a grade field needs a scale (ASTCT-CRS, ASTCT-ICANS or CTCAE)',
    ],
    [
      'a single-choice field with one option',
      minimalSchema([{ ...textField, key: 'antigen', type: 'single-choice', options: [{ value: 'cd19', label: 'CD19' }] }]),
      'Section "Safety", field "antigen": a single-choice field needs at least 2 options',
    ],
    [
      'a multiple-choice field without options',
      minimalSchema([{ ...textField, key: 'antigens', type: 'multiple-choice' }]),
      'Section "Safety", field "antigens": a multiple-choice field needs at least 2 options',
    ],
    [
      'a quantity field without units',
      minimalSchema([{ ...textField, key: 'dose', type: 'quantity', units: [] }]),
      'Section "Safety", field "dose": a quantity field needs units (e.g. "units": ["cells/kg"])',
    ],
    [
      'a key used twice',
      minimalSchema([textField, { ...textField, label: 'More notes' }]),
      'Section "Safety", field "notes": the key "notes" is also used by another field of this section; keys must be unique in the schema',
    ],
    [
      'an unknown type',
      minimalSchema([{ ...textField, key: 'dose', type: 'amount' }]),
      'Section "Safety", field "dose": "type" must be one of text, count, count-of-total, number, quantity, range, duration, grade, single-choice, multiple-choice, yes-no, date, graded-event, summary-statistic, proportion, dose, time-point, change, presence, timeline-event (not "amount")',
    ],
    ['a key that is not snake_case', minimalSchema([{ ...textField, key: 'CRS Grade' }]), 'Section "Safety", field "CRS Grade": "key" must be snake_case'],
    ['an empty label', minimalSchema([{ ...textField, label: '  ' }]), 'Section "Safety", field "notes": "label" must not be empty'],
    ['a missing label', minimalSchema([{ ...textField, label: undefined }]), 'Section "Safety", field "notes": "label" is missing'],
    ['a misspelt property', minimalSchema([{ ...textField, optoins: [] }]), 'Section "Safety", field "notes": unknown property "optoins"'],
    ['required as text', minimalSchema([{ ...textField, required: 'yes' }]), 'Section "Safety", field "notes": "required" must be true or false'],
    [
      'options on a text field',
      minimalSchema([{ ...textField, options: [{ value: 'a', label: 'A' }] }]),
      'Section "Safety", field "notes": options are only for single- and multiple-choice fields',
    ],
    ['a scale on a count', minimalSchema([{ ...textField, type: 'count', scale: 'CTCAE' }]), 'Section "Safety", field "notes": a scale is only for grade and graded-event fields'],
    ['an unknown scale', minimalSchema([{ ...textField, type: 'grade', scale: 'Lee' }]), 'Section "Safety", field "notes": "scale" must be one of ASTCT-CRS, ASTCT-ICANS, CTCAE (not "Lee")'],
    ['units on a duration', minimalSchema([{ ...textField, type: 'duration', units: ['days'] }]), 'Section "Safety", field "notes": units are only for quantity, range, dose, summary-statistic and change fields'],
    [
      'an option without a label',
      minimalSchema([{ ...textField, type: 'single-choice', options: [{ value: 'a', label: 'A' }, { value: 'b' }] }]),
      'Section "Safety", field "notes", option "b": "label" is missing',
    ],
    [
      'an option value listed twice',
      minimalSchema([{ ...textField, type: 'single-choice', options: [{ value: 'a', label: 'A' }, { value: 'a', label: 'A again' }] }]),
      'Section "Safety", field "notes", option "a": the option value "a" is listed twice',
    ],
    ['a section without fields', minimalSchema([]), 'Section "Safety": "fields" must list at least 1'],
    [
      'a section repeating for something Margin does not know',
      { ...minimalSchema([textField]), sections: [{ key: 'safety', label: 'Safety', repeat: 'patients', fields: [textField] }] },
      'Section "Safety": "repeat" must be one of patient, arm, time-point (not "patients")',
    ],
    [
      'a repeat that is not text',
      { ...minimalSchema([textField]), sections: [{ key: 'safety', label: 'Safety', repeat: true, fields: [textField] }] },
      'Section "Safety": "repeat" must be one of patient, arm, time-point',
    ],
    ['a field without a key', minimalSchema([{ ...textField, key: undefined, label: 'Unnamed' }]), 'Section "Safety", field "Unnamed": "key" is missing'],
    ['a schema without sections', { ...minimalSchema([textField]), sections: [] }, 'Schema: "sections" must list at least 1'],
    ['a fractional version', { ...minimalSchema([textField]), version: 1.5 }, 'Schema: "version" must be a whole number'],
    ['a bad id', { ...minimalSchema([textField]), id: 'CAR T' }, 'Schema: "id" must be lower-case words joined by hyphens (e.g. car-t-autoimmune)'],
    ['not an object', [] as unknown as Record<string, unknown>, 'Schema: must be an object'],
  ])('%s', (_case, schema, expected) => {
    expect(messageFor(schema)).toContain(expected);
  });

  it('names the other section when a key repeats across sections', () => {
    const schema = minimalSchema([textField], 'Study');
    const sections = schema.sections as Record<string, unknown>[];
    sections.push({ key: 'safety', label: 'Safety', fields: [{ ...textField, label: 'Safety notes' }] });
    expect(messageFor(schema)).toBe(
      'Section "Safety": the key "safety" is also used by section "Study"; ' +
        'Section "Safety", field "notes": the key "notes" is also used by a field in section "Study"; keys must be unique in the schema',
    );
  });

  it('lists at most five problems and counts the rest', () => {
    const broken = Array.from({ length: 7 }, (_, i) => ({ ...textField, key: `f${i}`, type: 'grade' }));
    const message = messageFor(minimalSchema(broken));
    expect(message.match(/needs a scale/g)).toHaveLength(5);
    expect(message).toMatch(/; and 2 more problems$/);
  });

  it('fills guidance, required, multiple and description when a hand-written schema leaves them out', () => {
    const result = parseSchema({ id: 'x', version: 2, title: 'X', sections: [{ key: 's', label: 'S', fields: [{ key: 'a', label: 'A', type: 'text' }] }] });
    expect(result).toEqual({
      ok: true,
      schema: {
        id: 'x',
        version: 2,
        title: 'X',
        description: '',
        sections: [{ key: 's', label: 'S', fields: [{ key: 'a', label: 'A', type: 'text', guidance: '', required: false, multiple: false }] }],
      },
    });
  });
});

// Every name a plain JavaScript object answers to without being told, listed here by hand.
const PROTOTYPE_NAMES = [
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'toLocaleString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
];

describe('reserved names', () => {
  it('reserves every Object.prototype member name and "prototype"', () => {
    expect([...RESERVED_NAMES].sort()).toEqual([...PROTOTYPE_NAMES].sort());
  });

  it.each(PROTOTYPE_NAMES)('refuses the field key "%s", naming it', (name) => {
    const message = messageFor(minimalSchema([{ ...textField, key: name }]));
    expect(message).toContain(`the key "${name}" is reserved`);
    // One clear reason, not a second complaint about snake_case for the same key.
    expect(message).not.toContain('snake_case');
  });

  it.each(PROTOTYPE_NAMES)('refuses the section key "%s", naming it', (name) => {
    const schema = minimalSchema([textField]);
    (schema['sections'] as Record<string, unknown>[])[0]!['key'] = name;
    expect(messageFor(schema)).toContain(`Section "Safety": the key "${name}" is reserved`);
  });

  it.each(PROTOTYPE_NAMES)('refuses the option value "%s", naming it', (name) => {
    const field = { ...textField, key: 'product', type: 'single-choice', options: [{ value: name, label: 'Odd' }, { value: 'cd19', label: 'CD19' }] };
    expect(messageFor(minimalSchema([field]))).toContain(`option "${name}": the option value "${name}" is reserved`);
  });

  it('refuses a schema id named like a prototype member', () => {
    expect(messageFor({ ...minimalSchema([textField]), id: 'constructor' })).toContain('the id "constructor" is reserved');
  });

  it('still accepts keys that merely contain such a name', () => {
    const result = parseSchema(minimalSchema([{ ...textField, key: 'constructor_type' }, { ...textField, key: 'prototype_batch' }]));
    expect(result.ok).toBe(true);
  });
});

describe('reading values with prototype-named options and units', () => {
  // Option names are compared as lower-case words without punctuation, which only "constructor" survives.
  it.each(['constructor', 'Constructor'])('reads a choice whose option is labelled "%s" without throwing', (name) => {
    const field: FieldDefinition = {
      key: 'odd',
      label: 'Odd',
      type: 'single-choice',
      guidance: '',
      required: false,
      multiple: false,
      options: [
        { value: 'a', label: name },
        { value: 'b', label: 'CD19' },
      ],
    };
    expect(() => readValue(field, `the ${name} option`)).not.toThrow();
    expect(readValue(field, 'anti-CD19 product')).toMatchObject({ ok: true, value: { type: 'single-choice', option: 'b' } });
  });

  // Units are compared in lower case with their underscores: "constructor" and "__proto__" reach a lookup.
  it.each(['constructor', '__proto__'])('reads a quantity in the unit "%s" without finding a built-in', (name) => {
    const field: FieldDefinition = { key: 'dose', label: 'Dose', type: 'quantity', guidance: '', required: false, multiple: false, units: [name, 'cells/kg'] };
    expect(() => readValue(field, `12 ${name}`)).not.toThrow();
    expect(readValue(field, '1 × 10⁶ cells/kg')).toMatchObject({ ok: true, value: { type: 'quantity', unit: 'cells/kg' } });
  });
});

describe('parseSchemaJson', () => {
  it.each([
    ['{\n  "id": "x",\n  "version": 1\n  "title": "X"\n}', 'The schema is not valid JSON: expected "," or "}" at line 4, column 3 (position 32), found """'],
    ['{"id": "x",}', 'The schema is not valid JSON: expected a property name in double quotes at line 1, column 12 (position 11), found "}"'],
    ['{"id": \'x\'}', 'The schema is not valid JSON: expected a value at line 1, column 8 (position 7), found "\'"'],
    ['{"sections": [', 'The schema is not valid JSON: the text ends at line 1, column 15 (position 14) where a value was expected'],
    ['', 'The schema is not valid JSON: the text ends at line 1, column 1 (position 0) where a value was expected'],
    ['{"a": 1} x', 'The schema is not valid JSON: expected the end of the text at line 1, column 10 (position 9), found "x"'],
    ['{"a": "line\nbreak"}', 'The schema is not valid JSON: expected a closing quote (or \\n for a line break) at line 1, column 12 (position 11)'],
  ])('reports where %j goes wrong', (text, expected) => {
    const result = parseSchemaJson(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(expected);
  });

  it('accepts a byte-order mark and reports schema problems after parsing', () => {
    expect(parseSchemaJson(`\ufeff${serializeSchema(DEFAULT_SCHEMA)}`).ok).toBe(true);
    const grade = JSON.stringify(minimalSchema([{ ...textField, key: 'crs_grade', type: 'grade' }]));
    expect(parseSchemaJson(grade)).toEqual({
      ok: false,
      message: 'Section "Safety", field "crs_grade": a grade field needs a scale (ASTCT-CRS, ASTCT-ICANS or CTCAE)',
    });
  });
});

describe('serializeSchema and fieldIndex', () => {
  it('writes pretty JSON in a fixed property order, leaving out absent options, units and scale', () => {
    const json = serializeSchema({
      sections: [{ fields: [{ multiple: false, required: true, type: 'text', guidance: 'g', label: 'L', key: 'k' }], label: 'S', key: 's' }],
      description: 'd',
      title: 'T',
      version: 3,
      id: 'x',
    });
    expect(json).toBe(
      [
        '{',
        '  "id": "x",',
        '  "version": 3,',
        '  "title": "T",',
        '  "description": "d",',
        '  "sections": [',
        '    {',
        '      "key": "s",',
        '      "label": "S",',
        '      "fields": [',
        '        {',
        '          "key": "k",',
        '          "label": "L",',
        '          "type": "text",',
        '          "required": true,',
        '          "multiple": false,',
        '          "guidance": "g"',
        '        }',
        '      ]',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('indexes every field by key, with its section', () => {
    const index = fieldIndex(DEFAULT_SCHEMA);
    const total = DEFAULT_SCHEMA.sections.reduce((n, s) => n + s.fields.length, 0);
    expect(index.size).toBe(total);
    expect(index.get('dose')?.section.key).toBe('intervention');
    expect(index.get('dose')?.field.label).toBe('Dose');
    expect(index.get('missing')).toBeUndefined();
  });
});
