// @vitest-environment node
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe as describeRange } from '@shared/anchoring';
import { evidenceTableCsv, LONG_FORM_COLUMNS, longFormCsv, neutralizeFormula, toCsv } from '@shared/export/csv';
import type { ExportInput } from '@shared/evidence';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { sha256Hex } from '@shared/hash';
import { DEFAULT_COLOR_MEANINGS } from '@shared/model';
import type { Annotation, AnnotationId, DocumentId, DocumentMeta } from '@shared/model';
import type { FieldValue } from '@shared/fields/types';
import { buildReview } from './fixtures';

/** Parses our CSV as a spreadsheet would: BOM checked and dropped, CRLF rows, RFC 4180 quoting. */
function parse(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const result = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n', skipEmptyLines: true });
  expect(result.errors).toEqual([]);
  return result.data;
}

const DANGEROUS_START = /^[=+\-@\t\r\n]/;

/**
 * Characters that hide or disguise text, written out here as the specification: bidi controls and
 * marks, zero-width characters, BOM, soft hyphen, Hangul fillers, control characters but tab and
 * line breaks, tag characters (the last alternative).
 */
// eslint-disable-next-line no-control-regex -- control characters are among the hidden ones this lists
const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u115F\u1160\u180E\u200B\u200E\u200F\u202A-\u202E\u2028\u2029\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/;

/** Whatever a spreadsheet might pass over before deciding that a cell is a formula. */
const SKIPPABLE = /^[\s\p{Z}\p{Cf}\p{Cc}\u115F\u1160\u3164\uFFA0\u180E"'`´‘’‚‛“”„‟′″«»‹›＂＇]/u;
const TRIGGER = /^[=+\-@\t\r\n＝＋－＠﹢﹣﹦﹫]/;

/** Would a spreadsheet that skips every such prefix evaluate this cell? A leading apostrophe makes it text. */
function wouldEvaluate(cell: string): boolean {
  if (cell.startsWith("'")) return false;
  if (TRIGGER.test(cell)) return true;
  let rest = cell;
  while (rest.length > 0 && SKIPPABLE.test(rest)) rest = rest.slice(String.fromCodePoint(rest.codePointAt(0)!).length);
  return TRIGGER.test(rest);
}

/** The one cell a one-cell CSV holds, read back as a spreadsheet reads it. */
function cellBack(text: string): string {
  return Papa.parse<string[]>(toCsv([[text, 'x']]).slice(1), { newline: '\r\n' }).data[0]![0]!;
}

const INVISIBLE_PREFIXES = ['\u200B', '\uFEFF', '\u3000', '\u0000', '\u00A0', '\u2002', '\u2009', '\u200A', '\u202F', '\u205F', '\u180E', '\u2060', '\u200E', '\u202E', '\u2066', '\u3164', ' ', '"', "'", '‘', '“', '＂'];
const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠', '﹢', '﹣', '﹦', '﹫'];

const HOSTILE_TEXT = [
  'Sjögren’s disease, 1 × 10⁶ cells/kg. ',
  '=SUM(1)',
  ' and ',
  '+1',
  ' then ',
  '-cmd|/C calc',
  ' or ',
  '@x',
  ' in ',
  '\tTabbed',
  ' and ',
  '\rCarriage',
  ' and a "quoted, text"',
].join('');

function hostileInput(): ExportInput {
  const text = HOSTILE_TEXT;
  const id = sha256Hex(text) as DocumentId;
  const meta: DocumentMeta = {
    id,
    title: '=HYPERLINK("http://example.invalid","click")',
    authors: [],
    journal: null,
    publishedDate: null,
    doi: null,
    pmid: null,
    trialRegistration: null,
    type: 'other',
    origin: 'imported',
    fileName: 'hostile.txt',
    corpusVersion: null,
    addedAt: '2026-11-01T00:00:00.000Z',
    textLength: text.length,
    pageMap: null,
  };
  let n = 0;
  const value = (quote: string | null, fieldKey: string, fieldValue: FieldValue, qualifier: string | null = null): Annotation => {
    n += 1;
    const start = quote === null ? -1 : text.indexOf(quote);
    if (quote !== null && start < 0) throw new Error(`missing quote ${quote}`);
    return {
      id: `h${n}` as AnnotationId,
      documentId: id,
      target: quote === null ? null : describeRange(text, start, start + quote.length),
      color: 'yellow',
      note: '=SUM(1)',
      tags: [],
      field: { fieldKey, schemaId: 'car-t-autoimmune@1', value: fieldValue, status: 'parsed', reason: null, qualifier },
      creator: 'R',
      createdAt: `2026-11-20T09:0${n}:00.000Z`,
      modifiedAt: `2026-11-20T09:0${n}:00.000Z`,
      deletedAt: null,
    };
  };
  return {
    documents: [meta],
    texts: [{ id, text }],
    annotations: [
      value('=SUM(1)', 'efficacy', { type: 'text', text: '=SUM(1)' }, '@qualifier'),
      value('+1', 'efficacy', { type: 'text', text: '+1' }),
      value('-cmd|/C calc', 'efficacy', { type: 'text', text: '-cmd|/C calc' }),
      value('@x', 'efficacy', { type: 'text', text: '@x' }),
      value('\tTabbed', 'efficacy', { type: 'text', text: '\tTabbed' }),
      value('\rCarriage', 'efficacy', { type: 'text', text: '\rCarriage' }),
      value('and a "quoted, text"', 'other_adverse_events', { type: 'text', text: 'line one\nline two' }),
      value(null, 'follow_up', { type: 'duration', value: -34, unit: 'days' }),
      value('Sjögren’s disease', 'condition', { type: 'text', text: 'Sjögren’s disease' }),
      value('1 × 10⁶ cells/kg', 'dose', { type: 'quantity', value: 1e6, unit: 'cells/kg', mantissa: 1, exponent: 6 }),
    ],
    statuses: [],
    schema: DEFAULT_SCHEMA,
    colorMeanings: DEFAULT_COLOR_MEANINGS,
    generatedAt: '2026-11-22T10:00:00.000Z',
  };
}

describe('toCsv', () => {
  it('quotes per RFC 4180 and ends rows with CRLF', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"', 'two\nlines', 'cr\r'], [1, -2.5, null]])).toBe(
      '\uFEFFa,"b,c","say ""hi""","two\nlines","cr\r"\r\n1,-2.5,\r\n',
    );
  });

  it('round-trips any text through a real CSV parser, formula starts neutralized', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (rows) => {
        const width = rows[0]!.length;
        const square = rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''));
        // A single empty cell would make an empty line, which CSV cannot tell from no row.
        fc.pre(square.every((row) => row.some((cell) => cell.length > 0) || width > 1));
        // Hidden characters are removed on the way (see the tests below); all other text round-trips exactly.
        fc.pre(square.every((row) => row.every((cell) => !HIDDEN.test(cell))));
        const parsed = Papa.parse<string[]>(toCsv(square).slice(1), { newline: '\r\n' }).data;
        expect(parsed.slice(0, square.length)).toEqual(square.map((row) => row.map(neutralizeFormula)));
      }),
    );
  });

  it('neutralizes every formula start OWASP lists, also after spaces and in full-width forms', () => {
    for (const cell of ['=SUM(1)', '+1', '-cmd', '@x', '\tTab', '\rCR', '\nLF', '  =1', '＝1', '＋1']) {
      expect(neutralizeFormula(cell)).toBe(`'${cell}`);
    }
    for (const cell of ['SUM(1)', '1 × 10⁶ cells/kg', '−34 days', 'a=b', '']) expect(neutralizeFormula(cell)).toBe(cell);
  });

  it('catches a formula behind invisible prefixes: zero-width space, BOM, ideographic space, NUL, quotes', () => {
    for (const cell of ['\u200B=HYPERLINK("http://x")', '\uFEFF=1+1', '\u3000=1', '\u0000=1', "'=1", '"=1', '\u00A0\u200B -1', '\u202E=1', '“@x']) {
      expect(neutralizeFormula(cell), JSON.stringify(cell)).toMatch(/^'/);
      expect(wouldEvaluate(cellBack(cell)), JSON.stringify(cell)).toBe(false);
    }
  });

  it('lets no cell through that a spreadsheet would evaluate, whatever invisible prefix hides the trigger', () => {
    const prefix = fc.array(fc.constantFrom(...INVISIBLE_PREFIXES), { maxLength: 6 }).map((parts) => parts.join(''));
    const hostile = fc.tuple(prefix, fc.constantFrom(...TRIGGERS), fc.string({ maxLength: 20 })).map(([p, t, rest]) => `${p}${t}${rest}`);
    fc.assert(
      fc.property(fc.oneof(hostile, fc.string({ unit: 'binary', maxLength: 30 })), (cell) => {
        expect(wouldEvaluate(cellBack(cell))).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it('removes hidden characters from cells but keeps their line breaks and tabs', () => {
    expect(cellBack('Tri\u200Bal \u202Egnp.exe')).toBe('Trial gnp.exe');
    expect(cellBack('first line\nsecond\tcolumn')).toBe('first line\nsecond\tcolumn');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.array(fc.constantFrom('\u200B', '\u202E', '\u2066', '\uFEFF', '\u00AD', '\u200E', '\u{E0041}'), { maxLength: 5 }), (clean, hidden) => {
        fc.pre(!HIDDEN.test(clean) && !/\u200C|\u200D|[\uFE00-\uFE0F]/.test(clean));
        const chars = Array.from(clean);
        for (const [i, h] of hidden.entries()) chars.splice((i * 7) % (chars.length + 1), 0, h);
        expect(cellBack(chars.join(''))).toBe(cellBack(clean));
      }),
    );
  });

  it('writes numbers as plain digits without neutralizing them', () => {
    expect(toCsv([[-34, 1e21, 5e-7, 0.5]])).toBe('\uFEFF-34,1000000000000000000000,0.0000005,0.5\r\n');
  });
});

describe('longFormCsv', () => {
  it('has the documented columns and one row per live value of the fixed review', () => {
    const { input } = buildReview();
    const rows = parse(longFormCsv(input));
    expect(rows[0]).toEqual([...LONG_FORM_COLUMNS]);
    const liveValues = input.annotations.filter((a) => a.field !== null && a.deletedAt === null);
    expect(rows).toHaveLength(1 + liveValues.length);
    expect(rows.every((row) => row.length === LONG_FORM_COLUMNS.length)).toBe(true);
  });

  it('keeps raw numbers and units computable, and marks stale and unsourced values', () => {
    const { input } = buildReview();
    const rows = parse(longFormCsv(input));
    const column = (name: (typeof LONG_FORM_COLUMNS)[number]) => LONG_FORM_COLUMNS.indexOf(name);
    const dose = rows.find((r) => r[column('quote')] === '1 × 106 CAR T cells/kg')!;
    expect(dose[column('value')]).toBe('1 × 10⁶ cells/kg');
    expect(Number(dose[column('value_number')])).toBe(1_000_000);
    expect(dose[column('unit')]).toBe('cells/kg');
    expect(dose[column('status')]).toBe('needs confirmation');
    expect(input.texts.some((t) => t.text.slice(Number(dose[column('start')]), Number(dose[column('end')])) === '1 × 106 CAR T cells/kg')).toBe(true);
    const stale = rows.find((r) => r[column('field_key')] === 'follow_up')!;
    expect(stale[column('provenance')]).toMatch(/^stale quote: /);
    const unsourced = rows.find((r) => r[column('field_key')] === 'patients_n')!;
    expect(unsourced[column('provenance')]).toBe('no source');
    expect(unsourced[column('quote')]).toBe('');
    const responders = rows.find((r) => r[column('field_key')] === 'responders')!;
    expect([responders[column('value')], responders[column('value_number')], responders[column('unit')], responders[column('qualifier')]]).toEqual([
      '5/7',
      '5',
      'of 7',
      'Month 12',
    ]);
  });

  it('neutralizes formula-like cells from hostile quotes, notes and titles, and keeps negative numbers numeric', () => {
    const rows = parse(longFormCsv(hostileInput()));
    const numeric = new Set(['value_number', 'start', 'end'].map((c) => LONG_FORM_COLUMNS.indexOf(c as (typeof LONG_FORM_COLUMNS)[number])));
    for (const row of rows.slice(1)) {
      row.forEach((cell, i) => {
        if (numeric.has(i)) expect(cell).toMatch(/^(-?\d+(\.\d+)?)?$/);
        else expect(cell).not.toMatch(DANGEROUS_START);
      });
    }
    const column = (name: (typeof LONG_FORM_COLUMNS)[number]) => LONG_FORM_COLUMNS.indexOf(name);
    const sum = rows.find((r) => r[column('quote')] === "'=SUM(1)")!;
    expect(sum[column('value')]).toBe("'=SUM(1)");
    expect(sum[column('qualifier')]).toBe("'@qualifier");
    expect(sum[column('document')]).toBe(`'=HYPERLINK("http://example.invalid","click")`);
    expect(rows.map((r) => r[column('quote')])).toEqual(expect.arrayContaining(["'+1", "'-cmd|/C calc", "'@x", "'\tTabbed", "'\rCarriage"]));
    const followUp = rows.find((r) => r[column('field_key')] === 'follow_up')!;
    expect(followUp[column('value_number')]).toBe('-34');
    expect(Number(followUp[column('value_number')])).toBe(-34);
    expect(followUp[column('value')]).toBe('−34 days');
    const multiline = rows.find((r) => r[column('field_key')] === 'other_adverse_events')!;
    expect(multiline[column('value')]).toBe('line one\nline two');
    expect(multiline[column('quote')]).toBe('and a "quoted, text"');
  });

  it('keeps accents and × intact', () => {
    const rows = parse(longFormCsv(hostileInput()));
    const quotes = rows.map((r) => r[LONG_FORM_COLUMNS.indexOf('quote')]);
    expect(quotes).toContain('Sjögren’s disease');
    expect(quotes).toContain('1 × 10⁶ cells/kg');
  });
});

describe('evidenceTableCsv', () => {
  it('has one row per document and one column per schema field after the metadata', () => {
    const { input } = buildReview();
    const rows = parse(evidenceTableCsv(input));
    const fields = DEFAULT_SCHEMA.sections.flatMap((s) => s.fields.map((f) => `${s.label}: ${f.label}`));
    expect(rows[0]).toEqual(['Title', 'DOI', 'Type', 'Review status', 'Done override', 'Completeness (%)', ...fields, 'Values outside the schema', 'Pages quoted']);
    expect(rows).toHaveLength(1 + input.documents.length);
    expect(rows.every((row) => row.length === rows[0]!.length)).toBe(true);
  });

  it('joins values with " | " and writes markers in words', () => {
    const { input } = buildReview();
    const rows = parse(evidenceTableCsv(input));
    const header = rows[0]!;
    const jdm = rows.find((r) => r[1] === '10.1002/art.42933')!;
    const cell = (label: string) => jdm[header.indexOf(label)];
    expect(cell('Intervention: Dose')).toBe('1 × 10⁶ cells/kg [needs confirmation]');
    expect(cell('Safety: Cytopenias')).toBe('Grade 2 (CTCAE) (anemia) | Grade 4 (CTCAE) (neutropenia)');
    expect(cell('Outcomes: Follow-up duration')).toBe('10 months [stale quote]');
    expect(cell('Population: Number of patients')).toBe('1 [no source]');
    expect(cell('Values outside the schema')).toBe('peak_expansion_day: 7 days');
    expect(cell('Review status')).toBe('In progress');
    expect(Number(cell('Completeness (%)'))).toBe(21);
  });

  it('neutralizes a hostile title and values', () => {
    const rows = parse(evidenceTableCsv(hostileInput()));
    for (const cell of rows[1]!) expect(cell).not.toMatch(DANGEROUS_START);
    expect(rows[1]![0]).toBe(`'=HYPERLINK("http://example.invalid","click")`);
    const efficacy = rows[1]![rows[0]!.indexOf('Outcomes: Efficacy measure and result')]!;
    expect(efficacy.startsWith("'=SUM(1)")).toBe(true);
  });

  it('leaves out deleted annotations', () => {
    const { input } = buildReview();
    const withDeletedDose = {
      ...input,
      annotations: input.annotations.map((a) => (a.field?.fieldKey === 'dose' ? { ...a, deletedAt: '2026-11-21T12:00:00.000Z' } : a)),
    };
    const rows = parse(evidenceTableCsv(withDeletedDose));
    const doseColumn = rows[0]!.indexOf('Intervention: Dose');
    expect(rows.slice(1).map((r) => r[doseColumn])).toEqual(['', '', '', '', '']);
  });
});
