// The two spreadsheet exports: the evidence table (one row per document, one column per field) and
// the long form (one row per value, with raw numbers a spreadsheet can compute with).
import { DOCUMENT_TYPE_LABELS } from '../model';
import { GRADE_SCALE_NAMES } from '../fields/scales';
import { doseUnit } from '../fields/format';
import type { FieldValue } from '../fields/types';
import { collectEvidence, describeEntries, describeEntry, describePages, describeProvenance, STATE_WORDS, UNKNOWN_REVIEWER } from '../evidence';
import type { ExportInput } from '../evidence';
import { displaySafeText } from '../text/unicode-safety';

/**
 * A cell is text or a number we computed ourselves. The difference matters for formula injection:
 * text is neutralized whenever it could start a formula, while a JS number is written as plain
 * digits (`-34`, `1000000`) that no spreadsheet executes, so "−34 days" keeps a computable -34 in
 * its numeric column. Text that merely looks numeric ("-1" in a note) is still neutralized: from
 * the string alone an export cannot tell a number from the start of an injection.
 */
export type CsvCell = string | number | null;

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * OWASP's list of characters that make a spreadsheet read a cell as a formula (= + - @ tab CR LF),
 * plus the full-width and small forms some spreadsheet locales also accept.
 */
const FORMULA_TRIGGER = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20\uFE62\uFE63\uFE66\uFE6B]/;

/**
 * What a spreadsheet may pass over before it decides: any whitespace (no-break, ideographic U+3000,
 * the U+2000 spaces), invisible format characters (zero-width space, byte-order mark, bidi
 * controls), control characters including NUL, Hangul fillers, and quote marks that some importers
 * strip. A trigger behind any run of these is still a trigger.
 */
const SKIPPED_BEFORE_FORMULA = /^[\s\p{Z}\p{Cf}\p{Cc}\u115F\u1160\u3164\uFFA0\u180E"'`\u00B4\u2018-\u201F\u2032\u2033\u00AB\u00BB\u2039\u203A\uFF02\uFF07]+/u;

/** Prefixes an apostrophe to text a spreadsheet would otherwise evaluate. */
export function neutralizeFormula(text: string): string {
  const afterPrefix = text.replace(SKIPPED_BEFORE_FORMULA, '');
  return FORMULA_TRIGGER.test(text) || FORMULA_TRIGGER.test(afterPrefix) ? `'${text}` : text;
}

function numberCell(value: number): string {
  // A plain decimal, never exponent notation a spreadsheet might misread, for the magnitudes we meet.
  if (!Number.isFinite(value)) return '';
  const plain = String(value);
  if (!/e/i.test(plain)) return plain;
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes inside. */
function quoteField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A text cell loses the invisible characters that could disguise it (a right-to-left override
 * reversing a title, zero-width characters) but keeps its line breaks, before the formula guard
 * looks at it.
 */
function renderCell(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return numberCell(cell);
  return quoteField(neutralizeFormula(displaySafeText(cell, { multiline: true })));
}

/** A whole CSV file: byte-order mark so spreadsheets read UTF-8 (accents, "×"), CRLF line ends. */
export function toCsv(rows: CsvCell[][]): string {
  return BYTE_ORDER_MARK + rows.map((row) => row.map(renderCell).join(',')).join('\r\n') + '\r\n';
}

/** "pages 2, 4–5" style list of every page the values' quotes stand on; empty for documents without pages. */
function quotedPages(entries: readonly { pages: number[] }[]): string {
  const pages = [...new Set(entries.flatMap((entry) => entry.pages))].sort((a, b) => a - b);
  return describePages(pages);
}

/** The evidence table: one row per document, then one column per schema field in schema order. */
export function evidenceTableCsv(input: ExportInput): string {
  const fields = input.schema.sections.flatMap((section) => section.fields.map((field) => ({ section, field })));
  const header: CsvCell[] = [
    'Title',
    'DOI',
    'Type',
    'Review status',
    'Done override',
    // A plain number, so the column sorts and averages; "3/8" would turn into a date in some spreadsheets.
    'Completeness (%)',
    ...fields.map(({ section, field }) => `${section.label}: ${field.label}`),
    'Values outside the schema',
    // Where in a PDF the values were read: every page a value's quote stands on.
    'Pages quoted',
  ];
  const rows = collectEvidence(input).map((evidence): CsvCell[] => {
    const byKey = new Map(evidence.sections.flatMap((s) => s.fields.map((f) => [f.field.key, f.values] as const)));
    return [
      evidence.meta.title,
      evidence.meta.doi,
      DOCUMENT_TYPE_LABELS[evidence.meta.type],
      evidence.statusLabel,
      evidence.override?.sentence ?? null,
      evidence.completeness.percent,
      ...fields.map(({ field }) => describeEntries(byKey.get(field.key) ?? [])),
      evidence.outsideSchema.map((v) => `${v.fieldKey}: ${describeEntry(v)}`).join(' | '),
      quotedPages([...evidence.sections.flatMap((s) => s.fields.flatMap((f) => f.values)), ...evidence.outsideSchema]),
    ];
  });
  return toCsv([header, ...rows]);
}

/**
 * The number a spreadsheet should compute with, and its unit. A count out of a total gives its
 * count with "of N" as unit; a grade its grade with the scale as unit; a range has no single number.
 */
export function numericPart(value: FieldValue | null): { number: number | null; unit: string | null } {
  if (value === null) return { number: null, unit: null };
  switch (value.type) {
    case 'count':
      return { number: value.count, unit: null };
    case 'count-of-total':
      return { number: value.n, unit: `of ${value.total}` };
    case 'number':
      return { number: value.value, unit: null };
    case 'quantity':
      return { number: value.value, unit: value.unit };
    case 'duration':
      return { number: value.value, unit: value.unit };
    case 'grade':
      return { number: value.bound === 'absent' ? null : value.grade, unit: `${GRADE_SCALE_NAMES[value.scale]} grade` };
    case 'range':
      return { number: null, unit: value.unit };
    case 'graded-event':
      return { number: value.bound === 'absent' ? null : value.grade, unit: `${GRADE_SCALE_NAMES[value.scale]} grade` };
    case 'summary-statistic':
      return { number: value.value, unit: value.unit };
    case 'proportion':
      return { number: value.n, unit: `of ${value.total}` };
    case 'dose':
      return { number: value.value, unit: doseUnit(value.unit, value.basis) };
    case 'time-point':
      return { number: value.value, unit: value.unit };
    case 'change':
      return { number: value.to, unit: value.unit };
    case 'presence':
    case 'text':
    case 'single-choice':
    case 'multiple-choice':
    case 'yes-no':
    case 'date':
      return { number: null, unit: null };
  }
}

export const LONG_FORM_COLUMNS = [
  'document',
  'doi',
  'section',
  'field_key',
  'field_label',
  'value',
  'value_number',
  'unit',
  'qualifier',
  'quote',
  'start',
  'end',
  'page',
  'status',
  'reviewer',
  'reviewed_at',
  'review_reason',
  'corrected_from',
  'provenance',
  // Team review (issue 11): who made the value, and for a consensus value where it came from.
  'extracted_by',
  'extracted_by_id',
  'consensus',
  'consensus_taken_from',
] as const;

/** The long form: one row per value, in document order then schema order, outside-schema values last. */
export function longFormCsv(input: ExportInput): string {
  const rows: CsvCell[][] = [[...LONG_FORM_COLUMNS]];
  for (const evidence of collectEvidence(input)) {
    const values = [...evidence.sections.flatMap((s) => s.fields.flatMap((f) => f.values)), ...evidence.outsideSchema];
    for (const entry of values) {
      const { number, unit } = numericPart(entry.value);
      rows.push([
        evidence.meta.title,
        evidence.meta.doi,
        entry.sectionLabel ?? 'Outside the schema',
        entry.fieldKey,
        entry.fieldLabel,
        entry.text,
        number,
        unit,
        entry.qualifier,
        entry.quote,
        entry.range?.start ?? null,
        entry.range?.end ?? null,
        // The page the quote starts on, as a number a spreadsheet can sort by; empty outside PDFs.
        entry.pages[0] ?? null,
        STATE_WORDS[entry.state],
        // Named by name; an id the database cannot name is still a person, not nobody.
        entry.reviewText === null ? null : (entry.review.byName ?? UNKNOWN_REVIEWER),
        entry.review.at,
        entry.review.reason,
        entry.machineText,
        describeProvenance(entry.provenance),
        entry.authorship?.by ?? null,
        entry.authorship?.byId ?? null,
        entry.authorship === null ? null : entry.authorship.consensus === null ? 'no' : entry.authorship.consensus.takenFrom === null ? 'written by the adjudicator' : 'taken',
        entry.authorship?.consensus?.takenFromName ?? null,
      ]);
    }
  }
  return toCsv(rows);
}
