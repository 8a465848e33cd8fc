// The acceptance test of one evidence view: the same stored values, rendered by the form panel, the
// evidence table, the library meter, both CSVs and the Markdown summary, must use the same words for
// each state. The expected words are written here, so any one surface wording a state its own way
// (or showing a state another leaves out) fails.
import { screen, waitFor, within } from '@testing-library/react';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { describe } from '@shared/anchoring';
import { evidenceTableCsv, LONG_FORM_COLUMNS, longFormCsv } from '@shared/export/csv';
import { markdownSummary } from '@shared/export/markdown';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import type { Annotation, DocumentId, FieldTag, TextSelectors } from '@shared/model';
import { createAnnotation } from '../../../renderer/src/db/annotations';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { loadExportInput } from '../../../renderer/src/db/exports';
import { tagFromQuote } from '../../../renderer/src/document/field-values';
import { FormPanel } from '../../../renderer/src/features/fields/form-panel';
import { LibraryPanel } from '../../../renderer/src/features/library/library-panel';
import { EvidenceTable } from '../../../renderer/src/features/table/evidence-table';
import { resetTableStore } from '../../../renderer/src/features/table/table-store';
import { useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const corpus = bundledDocuments();
const JDM = corpus[1]!;
const docId = documentIdOf(JDM.text) as DocumentId;
const fieldOf = (key: string) => DEFAULT_SCHEMA.sections.flatMap((s) => s.fields).find((f) => f.key === key)!;

/** One value in each state, and the words every surface must use for it. */
interface Case {
  state: string;
  field: string;
  /** The value's text. */
  text: string;
  /** What a surface that only flags what needs attention shows (the table, the CSV cell). */
  flags: string[];
  /** What a surface that names the state shows (the form, the long-form CSV, the Markdown). */
  words: string[];
}

const CASES: Case[] = [
  { state: 'a parsed value', field: 'Cytopenias', text: 'neutropenia grade 4 (CTCAE)', flags: [], words: ['machine-read'] },
  { state: 'a value needing confirmation', field: 'Dose', text: '1 × 10⁶ cells/kg', flags: ['needs confirmation'], words: ['needs confirmation'] },
  { state: 'an unread value with its reason', field: 'Age', text: 'Not read: no number in the text (e.g. "median 46 years (IQR 38–55)", "mean (SD) 45.2 (11.3)", "12-year-old")', flags: ['needs confirmation'], words: ['needs confirmation'] },
  { state: 'a value without a source', field: 'Number of patients', text: '1', flags: ['no source'], words: ['entered by hand', 'no source'] },
  { state: 'a stale quote', field: 'Follow-up duration', text: '10 months', flags: ['stale quote'], words: ['machine-read', 'stale quote'] },
];
const COMPLETENESS = '4 of 28 fields (14%); 3 of 8 required';

let db: MarginDatabase;

function selectorsFor(quote: string): TextSelectors {
  const at = JDM.text.indexOf(quote);
  if (at < 0) throw new Error(`not in the text: ${quote}`);
  return describe(JDM.text, at, at + quote.length);
}

async function store(target: TextSelectors | null, field: FieldTag): Promise<Annotation> {
  return createAnnotation(db, { documentId: docId, target, color: 'purple', field }, { now: new Date().toISOString() });
}

beforeEach(async () => {
  db = await deskWithCorpus(docId);
  resetTableStore();
  useAppStore.getState().setCorpus({ state: 'ready', added: corpus.length, problems: [] });
  const fromQuote = (quote: string, key: string) => store(selectorsFor(quote), tagFromQuote(DEFAULT_SCHEMA, fieldOf(key), quote));
  await fromQuote('neutropenia (grade 4)', 'cytopenias');
  await fromQuote('1 × 106 CAR T cells/kg', 'dose');
  // Age cannot be read from this quote: the value is stored unread, with the reader's reason.
  await fromQuote('refractory to multiple immunosuppressive treatment lines', 'age');
  await store(null, { fieldKey: 'patients_n', schemaId: 'car-t-autoimmune@1', value: { type: 'count', count: 1 }, status: 'manual', reason: null, qualifier: null });
  // Recorded against an earlier version of the text: the quote no longer stands there.
  const stale = selectorsFor('eight months after a single infusion');
  stale.quote.exact = 'ten months after a single infusion';
  await store(stale, { fieldKey: 'follow_up', schemaId: 'car-t-autoimmune@1', value: { type: 'duration', value: 10, unit: 'months' }, status: 'parsed', reason: null, qualifier: null });
});
afterEach(() => db.close());

interface Shown {
  text: string;
  words: string[];
}

/** The form: each value's text and its state badges. */
async function fromForm(): Promise<Map<string, Shown>> {
  const view = renderWithDatabase(db, <FormPanel />);
  await waitFor(() => expect(within(screen.getByRole('group', { name: /^Follow-up duration/ })).getAllByRole('listitem')).toHaveLength(1));
  const shown = new Map<string, Shown>();
  for (const { field } of CASES) {
    const item = within(screen.getByRole('group', { name: new RegExp(`^${field}( \\(required\\))?$`) })).getByRole('listitem');
    shown.set(field, {
      text: item.querySelector('.value-text')!.textContent!,
      words: [...item.querySelectorAll('.status-badge')].map((badge) => badge.textContent!),
    });
  }
  shown.set('completeness', { text: screen.getByRole('status', { name: 'Extraction completeness' }).textContent!, words: [] });
  view.unmount();
  return shown;
}

/** The table: each cell's value text and its flag badges, and the completeness cell. */
async function fromTable(): Promise<Map<string, Shown>> {
  const view = renderWithDatabase(db, <EvidenceTable />);
  const grid = await screen.findByRole('grid', { name: 'Evidence table' });
  const row = () => within(grid).getByRole('rowheader', { name: JDM.meta.title }).closest<HTMLElement>('[role="row"]')!;
  const cell = (header: string) => {
    const col = within(grid).getByRole('columnheader', { name: new RegExp(`^${header}`) }).getAttribute('aria-colindex');
    return row().querySelector<HTMLElement>(`[aria-colindex="${col}"]`)!;
  };
  await waitFor(() => expect(cell('Follow-up duration')).toHaveTextContent('10 months'));
  const shown = new Map<string, Shown>();
  for (const { field } of CASES) {
    const chip = cell(field).querySelector('.cell-value')!;
    shown.set(field, {
      text: chip.firstElementChild!.textContent!,
      words: [...chip.querySelectorAll('.value-flag')].map((flag) => flag.textContent!),
    });
  }
  shown.set('completeness', { text: cell('Completeness').getAttribute('title')!, words: [] });
  view.unmount();
  return shown;
}

/** The CSV evidence table: "text [flag; flag]" per cell. */
function fromCsv(csv: string): Map<string, Shown> {
  const [header, ...rows] = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n', skipEmptyLines: true }).data;
  const row = rows.find((r) => r[0] === JDM.meta.title)!;
  const shown = new Map<string, Shown>();
  for (const { field } of CASES) {
    const column = header!.findIndex((h) => h.endsWith(`: ${field}`));
    const match = /^(.*?)(?: \[(.*)\])?$/.exec(row[column]!)!;
    shown.set(field, { text: match[1]!, words: match[2]?.split('; ') ?? [] });
  }
  shown.set('completeness', { text: row[header!.indexOf('Completeness (%)')]!, words: [] });
  return shown;
}

/** The long-form CSV: the value, its status, and its provenance unless sound. */
function fromLongCsv(csv: string): Map<string, Shown> {
  const rows = Papa.parse<string[]>(csv.slice(1), { newline: '\r\n', skipEmptyLines: true }).data.slice(1);
  const at = (name: (typeof LONG_FORM_COLUMNS)[number]) => LONG_FORM_COLUMNS.indexOf(name);
  const shown = new Map<string, Shown>();
  for (const { field } of CASES) {
    const row = rows.find((r) => r[at('document')] === JDM.meta.title && r[at('field_label')] === field)!;
    const provenance = row[at('provenance')]!;
    shown.set(field, { text: row[at('value')]!, words: [row[at('status')]!, ...(provenance === 'sound' ? [] : [provenance.split(':')[0]!])] });
  }
  return shown;
}

/** The Markdown: "**Field:** text — state; state" per value, and the completeness line. */
function fromMarkdown(markdown: string): Map<string, Shown> {
  const shown = new Map<string, Shown>();
  for (const { field } of CASES) {
    const line = markdown.split('\n').find((l) => l.startsWith(`**${field}:** `))!;
    const match = /^\*\*[^*]+:\*\* (.*) — (.*)$/.exec(line)!;
    shown.set(field, { text: match[1]!, words: match[2]!.split('; ') });
  }
  shown.set('completeness', { text: /^- \*\*Completeness:\*\* (.*)$/m.exec(markdown)![1]!, words: [] });
  return shown;
}

suite('one evidence view: the same words on every surface', () => {
  it('words each state the same in the form, the table, the library, the CSVs and the Markdown', async () => {
    const form = await fromForm();
    const table = await fromTable();
    const input = await loadExportInput(db, [docId], '2026-11-22T10:00:00.000Z');
    const csv = fromCsv(evidenceTableCsv(input));
    const longCsv = fromLongCsv(longFormCsv(input));
    const markdown = fromMarkdown(markdownSummary(input));

    for (const { state, field, text, flags, words } of CASES) {
      for (const [surface, shown] of [['form', form], ['table', table], ['CSV', csv], ['long-form CSV', longCsv], ['Markdown', markdown]] as const) {
        expect(shown.get(field)?.text, `${state}: the text in the ${surface}`).toBe(text);
      }
      expect(table.get(field)?.words, `${state}: the table's flags`).toEqual(flags);
      expect(csv.get(field)?.words, `${state}: the CSV's flags`).toEqual(flags);
      expect(form.get(field)?.words, `${state}: the form's badges`).toEqual(words);
      expect(longCsv.get(field)?.words, `${state}: the long-form CSV's status and provenance`).toEqual(words);
      expect(markdown.get(field)?.words, `${state}: the Markdown's state`).toEqual(words);
    }

    expect(form.get('completeness')?.text, 'completeness in the form').toBe(COMPLETENESS);
    expect(table.get('completeness')?.text, 'completeness in the table').toBe(COMPLETENESS);
    expect(markdown.get('completeness')?.text, 'completeness in the Markdown').toBe(COMPLETENESS);
    // A spreadsheet gets the percentage as a number it can compute with.
    expect(csv.get('completeness')?.text, 'completeness in the CSV').toBe('14');

    renderWithDatabase(db, <LibraryPanel />);
    const list = await screen.findByRole('list', { name: 'Documents' });
    const item = within(list).getByRole('button', { name: `Open ${JDM.meta.title}` }).closest('li')!;
    await waitFor(() => expect(within(item).getByRole('meter', { name: 'Extraction completeness' })).toHaveAttribute('aria-valuetext', COMPLETENESS));
  });
});
