// Checks an extraction schema written or imported by a reviewer, and says in their words which
// section and field is wrong; also writes schemas back out as stable, readable JSON.
import { z } from 'zod';
import { DOSE_BASES, DURATION_UNITS, FIELD_TYPES, GRADE_SCALES, PRESENCE_STATES, REPEAT_KINDS, SUMMARY_MEASURES } from './types';
import type { ExtractionSchema, FieldDefinition, FieldValue, SchemaSection } from './types';

const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const SCHEMA_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SNAKE_CASE_MESSAGE = 'must be snake_case: lower-case letters and digits joined by underscores, starting with a letter (e.g. crs_grade)';

const CHOICE_TYPES: readonly string[] = ['single-choice', 'multiple-choice'];
const UNIT_TYPES: readonly string[] = ['quantity', 'range', 'dose', 'summary-statistic', 'change'];
const SCALE_TYPES: readonly string[] = ['grade', 'graded-event'];
/** Types whose values cannot be read without a unit from the field's list. */
const NEEDS_UNITS: readonly string[] = ['quantity', 'dose'];

const nonEmptyText = z.string().trim().min(1);

/**
 * Names every JavaScript object already answers to (constructor, toString, valueOf, hasOwnProperty,
 * __proto__ and the other Object.prototype members) and "prototype". A key or option value so
 * named becomes a lookup somewhere (a plain object in an older build, a colleague's tool, a
 * spreadsheet macro) that finds the built-in instead of nothing, and once blanked the whole app.
 * The schema refuses them outright rather than trust every reader to use a Map.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

function refuseReserved(what: string) {
  return (name: string, ctx: z.core.$RefinementCtx<string>): void => {
    if (!RESERVED_NAMES.has(name)) return;
    ctx.addIssue({
      code: 'custom',
      message: `the ${what} "${name}" is reserved: every JavaScript object already has a property of that name; choose another ${what}`,
      continue: false,
    });
  };
}

const keyText = (what: string) => z.string().superRefine(refuseReserved(what)).regex(SNAKE_CASE, SNAKE_CASE_MESSAGE);

export const fieldOptionValidator = z.strictObject({
  value: nonEmptyText.superRefine(refuseReserved('option value')),
  label: nonEmptyText,
});

export const fieldDefinitionValidator = z
  .strictObject({
    key: keyText('key'),
    label: nonEmptyText,
    type: z.enum(FIELD_TYPES),
    guidance: z.string().default(''),
    required: z.boolean().default(false),
    multiple: z.boolean().default(false),
    options: z.array(fieldOptionValidator).optional(),
    units: z.array(nonEmptyText).optional(),
    scale: z.enum(GRADE_SCALES).optional(),
    formerKeys: z.array(keyText('former key')).optional(),
  })
  .superRefine((field, ctx) => {
    const problem = (message: string, ...path: (string | number)[]): void => {
      ctx.addIssue({ code: 'custom', message, path });
    };
    if (CHOICE_TYPES.includes(field.type)) {
      if ((field.options ?? []).length < 2) problem(`a ${field.type} field needs at least 2 options`, 'options');
      const seen = new Set<string>();
      field.options?.forEach((option, index) => {
        if (seen.has(option.value)) problem(`the option value "${option.value}" is listed twice`, 'options', index);
        seen.add(option.value);
      });
    } else if (field.options !== undefined) {
      problem('options are only for single- and multiple-choice fields', 'options');
    }
    if (SCALE_TYPES.includes(field.type) && field.scale === undefined) {
      problem(`a ${field.type} field needs a scale (${GRADE_SCALES.slice(0, -1).join(', ')} or ${GRADE_SCALES.at(-1) ?? ''})`, 'scale');
    } else if (!SCALE_TYPES.includes(field.type) && field.scale !== undefined) {
      problem('a scale is only for grade and graded-event fields', 'scale');
    }
    if (NEEDS_UNITS.includes(field.type) && (field.units ?? []).length === 0) {
      problem(`a ${field.type} field needs units (e.g. "units": ["cells/kg"])`, 'units');
    } else if (!UNIT_TYPES.includes(field.type) && field.units !== undefined) {
      problem('units are only for quantity, range, dose, summary-statistic and change fields', 'units');
    }
    const units = new Set<string>();
    field.units?.forEach((unit, index) => {
      if (units.has(unit)) problem(`the unit "${unit}" is listed twice`, 'units', index);
      units.add(unit);
    });
  });

export const schemaSectionValidator = z.strictObject({
  key: keyText('key'),
  label: nonEmptyText,
  fields: z.array(fieldDefinitionValidator).min(1),
  // Left out for a section filled once per document.
  repeat: z.enum(REPEAT_KINDS).optional(),
});

export const extractionSchemaValidator = z
  .strictObject({
    id: z.string().superRefine(refuseReserved('id')).regex(SCHEMA_ID, 'must be lower-case words joined by hyphens (e.g. car-t-autoimmune)'),
    version: z.number().int().min(1),
    title: nonEmptyText,
    description: z.string().default(''),
    sections: z.array(schemaSectionValidator).min(1),
  })
  .superRefine((schema, ctx) => {
    const fieldSections = new Map<string, string>();
    const sectionKeys = new Map<string, string>();
    schema.sections.forEach((section, sectionIndex) => {
      const earlierSection = sectionKeys.get(section.key);
      if (earlierSection !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `the key "${section.key}" is also used by section "${earlierSection}"`,
          path: ['sections', sectionIndex],
        });
      } else {
        sectionKeys.set(section.key, section.label);
      }
      section.fields.forEach((field, fieldIndex) => {
        const earlier = fieldSections.get(field.key);
        if (earlier !== undefined) {
          const where = earlier === section.label ? 'another field of this section' : `a field in section "${earlier}"`;
          ctx.addIssue({
            code: 'custom',
            message: `the key "${field.key}" is also used by ${where}; keys must be unique in the schema`,
            path: ['sections', sectionIndex, 'fields', fieldIndex],
          });
        } else {
          fieldSections.set(field.key, section.label);
        }
      });
    });
    // A former key names one field's earlier values: it cannot be a field's key now, or belong to two fields.
    const formerOwners = new Map<string, string>();
    schema.sections.forEach((section, sectionIndex) => {
      section.fields.forEach((field, fieldIndex) => {
        (field.formerKeys ?? []).forEach((former, formerIndex) => {
          const path = ['sections', sectionIndex, 'fields', fieldIndex, 'formerKeys', formerIndex];
          const owner = formerOwners.get(former);
          if (fieldSections.has(former)) {
            ctx.addIssue({ code: 'custom', message: `the former key "${former}" is the key of a field in this schema`, path });
          } else if (owner !== undefined && owner !== field.key) {
            ctx.addIssue({ code: 'custom', message: `the former key "${former}" is also claimed by the field "${owner}"`, path });
          } else {
            formerOwners.set(former, field.key);
          }
        });
      });
    });
  });

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time proof that the validator produces exactly the shapes in types.ts: tsc fails here if they drift. */
export const validatorMatchesTypes: Same<z.output<typeof extractionSchemaValidator>, ExtractionSchema> = true;

const finite = z.number().refine(Number.isFinite, 'a finite number');
const gradeBound = z.enum(['exact', 'at-most', 'absent']);
const timePointShape = { value: finite, unit: z.enum(DURATION_UNITS), form: z.enum(['label', 'offset']) };
const timePointValidator = z.object(timePointShape);

/**
 * Every stored value, old and new: a database or backup written before issue 10 holds only the first
 * twelve shapes, and they stay exactly as they were.
 */
export const fieldValueValidator = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('count'), count: finite }),
  z.object({ type: z.literal('count-of-total'), n: finite, total: finite }),
  z.object({ type: z.literal('number'), value: finite }),
  z.object({ type: z.literal('quantity'), value: finite, unit: z.string(), mantissa: finite.nullable(), exponent: finite.nullable() }),
  z.object({ type: z.literal('range'), low: finite, high: finite, unit: z.string().nullable() }),
  z.object({ type: z.literal('duration'), value: finite, unit: z.enum(DURATION_UNITS) }),
  z.object({ type: z.literal('grade'), scale: z.enum(GRADE_SCALES), grade: finite, bound: gradeBound }),
  z.object({ type: z.literal('single-choice'), option: z.string() }),
  z.object({ type: z.literal('multiple-choice'), options: z.array(z.string()) }),
  z.object({ type: z.literal('yes-no'), answer: z.enum(['yes', 'no', 'not-reported']) }),
  z.object({ type: z.literal('date'), date: z.string() }),
  z.object({
    type: z.literal('graded-event'),
    event: z.string().min(1),
    scale: z.enum(GRADE_SCALES),
    grade: finite,
    bound: gradeBound,
    timePoint: timePointValidator.nullable(),
  }),
  z.object({
    type: z.literal('summary-statistic'),
    measure: z.enum(SUMMARY_MEASURES).nullable(),
    value: finite.nullable(),
    spread: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.enum(['iqr', 'range', 'ci95']), low: finite, high: finite }),
        z.object({ kind: z.literal('sd'), sd: finite }),
      ])
      .nullable(),
    unit: z.string().nullable(),
  }).refine((v) => v.value !== null || v.spread !== null, 'a summary statistic needs a value or a spread'),
  z.object({ type: z.literal('proportion'), n: finite, total: finite, percent: finite.nullable() }),
  z.object({ type: z.literal('dose'), value: finite, unit: z.string(), basis: z.enum(DOSE_BASES), mantissa: finite.nullable(), exponent: finite.nullable() }),
  z.object({ type: z.literal('time-point'), ...timePointShape }),
  z.object({ type: z.literal('change'), measure: z.string().nullable(), from: finite, to: finite, unit: z.string().nullable(), at: timePointValidator.nullable() }),
  z.object({ type: z.literal('presence'), event: z.string().min(1), state: z.enum(PRESENCE_STATES) }),
  z.object({ type: z.literal('timeline-event'), event: z.string().min(1), at: timePointValidator }),
]);

/** Compile-time proof that the value validator and FieldValue agree. */
export const valueValidatorMatchesTypes: Same<z.output<typeof fieldValueValidator>, FieldValue> = true;

export type SchemaParseResult = { ok: true; schema: ExtractionSchema } | { ok: false; message: string };

function child(value: unknown, key: string | number): unknown {
  if (typeof key === 'number') return Array.isArray(value) ? value[key] : undefined;
  // Own properties only: a path through "__proto__" or "constructor" names nothing in the file.
  return value !== null && typeof value === 'object' && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function nameOf(value: unknown, keys: string[], fallback: string): string {
  for (const key of keys) {
    const name = child(value, key);
    if (typeof name === 'string' && name.trim() !== '') return `"${name.trim()}"`;
  }
  return fallback;
}

/** "Section "Safety", field "crs_grade", option 2" and the property the issue is about, from its path. */
function locate(raw: unknown, path: readonly PropertyKey[]): { where: string; property: string | null } {
  const parts: string[] = [];
  let node = raw;
  let index = 0;
  const containers: [string, string[], string][] = [
    ['sections', ['label', 'key'], 'Section'],
    ['fields', ['key', 'label'], 'field'],
    ['options', ['value', 'label'], 'option'],
  ];
  for (const [container, names, noun] of containers) {
    const position = path[index + 1];
    if (path[index] !== container || typeof position !== 'number') break;
    node = child(child(node, container), position);
    parts.push(`${noun} ${nameOf(node, names, String(position + 1))}`);
    index += 2;
  }
  if (parts.length === 0) parts.push('Schema');
  const rest = path.slice(index).filter((p): p is string | number => typeof p !== 'symbol');
  const property = rest.length === 0 ? null : rest.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return { where: parts.join(', '), property };
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (typeof key === 'symbol' ? undefined : child(node, key)), raw);
}

function describeIssue(raw: unknown, issue: z.core.$ZodIssue): string {
  const { where, property } = locate(raw, issue.path);
  const subject = property === null ? '' : `"${property}" `;
  let text: string;
  switch (issue.code) {
    case 'invalid_type':
      text =
        valueAt(raw, issue.path) === undefined
          ? `${subject}is missing`
          : `${subject}must be ${EXPECTED[issue.expected] ?? issue.expected}`;
      break;
    case 'too_small':
      text =
        issue.origin === 'string'
          ? `${subject}must not be empty`
          : issue.origin === 'array'
            ? `${subject}must list at least ${String(issue.minimum)}`
            : `${subject}must be at least ${String(issue.minimum)}`;
      break;
    case 'invalid_value': {
      const got = valueAt(raw, issue.path);
      text = `${subject}must be one of ${issue.values.map(String).join(', ')}${typeof got === 'string' ? ` (not "${got}")` : ''}`;
      break;
    }
    case 'unrecognized_keys':
      text = `unknown ${issue.keys.length === 1 ? 'property' : 'properties'} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      break;
    case 'invalid_format':
      text = `${subject}${issue.message}`;
      break;
    default:
      text = property === null || issue.code === 'custom' ? issue.message : `${subject}${issue.message}`;
  }
  return `${where}: ${text}`;
}

const MAX_LISTED = 5;

/** Validates a parsed value (an imported file, a stored record) as an extraction schema. */
export function parseSchema(value: unknown): SchemaParseResult {
  const result = extractionSchemaValidator.safeParse(value);
  if (result.success) {
    const schema: ExtractionSchema = result.data;
    return { ok: true, schema };
  }
  const problems = result.error.issues.map((issue) => describeIssue(value, issue));
  const shown = problems.slice(0, MAX_LISTED).join('; ');
  const more = problems.length - MAX_LISTED;
  return { ok: false, message: more > 0 ? `${shown}; and ${more} more ${more === 1 ? 'problem' : 'problems'}` : shown };
}

/** Parses schema JSON text; invalid JSON is reported with its line and column. */
export function parseSchemaJson(text: string): SchemaParseResult {
  const source = text.replace(/^\ufeff/, '');
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    return { ok: false, message: `The schema is not valid JSON: ${describeJsonError(source, error)}` };
  }
  return parseSchema(value);
}

class JsonScanError extends Error {
  constructor(
    readonly at: number,
    readonly expected: string,
  ) {
    super(expected);
  }
}

/**
 * Finds where JSON text first goes wrong. JSON.parse's own messages differ between engines and do
 * not always give a position, so the position is found by this small scanner instead.
 */
function scanJson(text: string): JsonScanError | null {
  let i = 0;
  const fail = (expected: string): never => {
    throw new JsonScanError(i, expected);
  };
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i += 1;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail('a value');
  };
  const string = (): void => {
    i += 1;
    while (i < text.length) {
      const ch = text.charAt(i);
      if (ch === '"') {
        i += 1;
        return;
      }
      if (ch === '\\') {
        const escape = text.charAt(i + 1);
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('four hex digits after \\u');
          i += 6;
        } else if ('"\\/bfnrt'.includes(escape) && escape !== '') {
          i += 2;
        } else {
          i += 1;
          fail('a valid escape such as \\n or \\"');
        }
      } else if (ch < ' ') {
        fail('a closing quote (or \\n for a line break)');
      } else {
        i += 1;
      }
    }
    fail('a closing quote');
  };
  const number = (): void => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail('a number');
    else i += match[0].length;
  };
  const value = (): void => {
    space();
    const ch = text.charAt(i);
    if (ch === '{') object();
    else if (ch === '[') array();
    else if (ch === '"') string();
    else if (ch === '-' || (ch >= '0' && ch <= '9')) number();
    else if (ch === 't') literal('true');
    else if (ch === 'f') literal('false');
    else if (ch === 'n') literal('null');
    else fail('a value');
  };
  const array = (): void => {
    i += 1;
    space();
    if (text.charAt(i) === ']') {
      i += 1;
      return;
    }
    for (;;) {
      value();
      space();
      const ch = text.charAt(i);
      if (ch === ',') i += 1;
      else if (ch === ']') {
        i += 1;
        return;
      } else fail('"," or "]"');
    }
  };
  const object = (): void => {
    i += 1;
    space();
    if (text.charAt(i) === '}') {
      i += 1;
      return;
    }
    for (;;) {
      space();
      if (text.charAt(i) !== '"') fail('a property name in double quotes');
      string();
      space();
      if (text.charAt(i) !== ':') fail('":"');
      i += 1;
      value();
      space();
      const ch = text.charAt(i);
      if (ch === ',') i += 1;
      else if (ch === '}') {
        i += 1;
        return;
      } else fail('"," or "}"');
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail('the end of the text');
    return null;
  } catch (error) {
    if (error instanceof JsonScanError) return error;
    throw error;
  }
}

function describeJsonError(text: string, engineError: unknown): string {
  const found = scanJson(text);
  if (!found) return engineError instanceof Error ? engineError.message : String(engineError);
  const before = text.slice(0, found.at);
  const line = before.split('\n').length;
  const column = found.at - before.lastIndexOf('\n');
  const where = `line ${line}, column ${column} (position ${found.at})`;
  if (found.at >= text.length) return `the text ends at ${where} where ${found.expected} was expected`;
  return `expected ${found.expected} at ${where}, found "${text.charAt(found.at)}"`;
}

/** Pretty JSON in a fixed property order, so a saved schema diffs cleanly between versions. */
export function serializeSchema(schema: ExtractionSchema): string {
  const field = (f: FieldDefinition): Record<string, unknown> => ({
    key: f.key,
    label: f.label,
    type: f.type,
    required: f.required,
    multiple: f.multiple,
    guidance: f.guidance,
    ...(f.options === undefined ? {} : { options: f.options.map((o) => ({ value: o.value, label: o.label })) }),
    ...(f.units === undefined ? {} : { units: [...f.units] }),
    ...(f.scale === undefined ? {} : { scale: f.scale }),
    // Kept on export: without them a re-imported schema would lose the values stored under old keys.
    ...(f.formerKeys === undefined ? {} : { formerKeys: [...f.formerKeys] }),
  });
  const canonical = {
    id: schema.id,
    version: schema.version,
    title: schema.title,
    description: schema.description,
    sections: schema.sections.map((s) => ({ key: s.key, label: s.label, ...(s.repeat === undefined ? {} : { repeat: s.repeat }), fields: s.fields.map(field) })),
  };
  return `${JSON.stringify(canonical, null, 2)}\n`;
}

export interface FieldLocation {
  section: SchemaSection;
  field: FieldDefinition;
}

/** Every field by key, with its section; the first wins if a key repeats (an invalid schema). */
export function fieldIndex(schema: ExtractionSchema): ReadonlyMap<string, FieldLocation> {
  const index = new Map<string, FieldLocation>();
  for (const section of schema.sections) {
    for (const field of section.fields) {
      if (!index.has(field.key)) index.set(field.key, { section, field });
    }
  }
  return index;
}
