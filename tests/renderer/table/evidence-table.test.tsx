import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { describe } from '@shared/anchoring';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import type { Annotation, DocumentId, DocumentMeta } from '@shared/model';
import { createAnnotation } from '../../../renderer/src/db/annotations';
import { DatabaseProvider } from '../../../renderer/src/db/context';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { tagFromQuote } from '../../../renderer/src/document/field-values';
import { HIDDEN_COLUMNS_KEY } from '../../../renderer/src/db/settings';
import { EvidenceTable } from '../../../renderer/src/features/table/evidence-table';
import { resetTableStore } from '../../../renderer/src/features/table/table-store';
import { resetAppStore, useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const corpus = bundledDocuments();
const titles = corpus.map((d) => d.meta.title);
const JDM = 1;
const MG = 4;
const idOf = (n: number) => documentIdOf(corpus[n]!.text) as DocumentId;
const fieldOf = (key: string) => DEFAULT_SCHEMA.sections.flatMap((s) => s.fields).find((f) => f.key === key)!;
let db: MarginDatabase;

async function tag(doc: number, quote: string, key: string): Promise<Annotation> {
  const text = corpus[doc]!.text;
  const at = text.indexOf(quote);
  if (at < 0) throw new Error(`not in the text: ${quote}`);
  return createAnnotation(
    db,
    { documentId: idOf(doc), target: describe(text, at, at + quote.length), color: 'purple', field: tagFromQuote(DEFAULT_SCHEMA, fieldOf(key), quote) },
    { now: new Date().toISOString() });
}

beforeEach(async () => {
  resetAppStore();
  resetTableStore();
  db = freshDatabase();
  await upsertDocuments(db, corpus, { now: '2026-11-22T10:00:00.000Z' });
});
afterEach(() => db.close());

function renderTable() {
  return render(
    <DatabaseProvider db={db}>
      <EvidenceTable />
    </DatabaseProvider>,
  );
}

async function grid() {
  return screen.findByRole('grid', { name: 'Evidence table' });
}

async function rowTitles(): Promise<string[]> {
  return within(await grid())
    .getAllByRole('rowheader')
    // The title's open button: the row header also holds the row's "more" toggle.
    .map((h) => h.querySelector('.cell-open')?.textContent ?? '');
}

function rowOf(title: string): HTMLElement {
  return screen.getByRole('rowheader', { name: title }).closest<HTMLElement>('[role="row"]')!;
}

function cellOf(title: string, header: string): HTMLElement {
  const col = screen.getByRole('columnheader', { name: new RegExp(`^${header}`) }).getAttribute('aria-colindex');
  return rowOf(title).querySelector<HTMLElement>(`[aria-colindex="${col}"]`)!;
}

suite('EvidenceTable', () => {
  it('shows a row per document and a column per field, grouped by section, with flagged values', async () => {
    const dose = await tag(JDM, '1 × 106 CAR T cells/kg', 'dose');
    await tag(JDM, 'neutropenia (grade 4)', 'cytopenias');
    await createAnnotation(
      db,
      { documentId: idOf(JDM), target: null, color: 'blue', field: { fieldKey: 'patients_n', schemaId: 'car-t-autoimmune@1', value: { type: 'count', count: 1 }, status: 'manual', reason: null, qualifier: null } },
      { now: new Date().toISOString() });
    renderTable();
    const table = await grid();
    await waitFor(() => expect(cellOf(titles[JDM]!, 'Dose')).toHaveTextContent('1 × 10⁶ cells/kg'));

    expect(table).toHaveAttribute('aria-rowcount', String(3 + corpus.length));
    expect(table).toHaveAttribute('aria-colcount', String(4 + DEFAULT_SCHEMA.sections.flatMap((s) => s.fields).length));
    expect(await rowTitles()).toEqual(titles);
    for (const section of DEFAULT_SCHEMA.sections) {
      const header = screen.getByRole('columnheader', { name: section.label });
      expect(header).toHaveAttribute('aria-colspan', String(section.fields.length));
      for (const field of section.fields) expect(within(table).getByRole('button', { name: new RegExp(`^${field.label}( \\*)?`) })).toBeInTheDocument();
    }
    const doseCell = cellOf(titles[JDM]!, 'Dose');
    expect(dose.field!.status).toBe('needs-confirmation');
    expect(doseCell).toHaveTextContent('needs confirmation');
    expect(cellOf(titles[JDM]!, 'Cytopenias')).toHaveTextContent('neutropenia grade 4 (CTCAE)');
    expect(cellOf(titles[JDM]!, 'Cytopenias')).not.toHaveTextContent('needs confirmation');
    expect(cellOf(titles[JDM]!, 'Number of patients')).toHaveTextContent('1');
    expect(cellOf(titles[JDM]!, 'Number of patients')).toHaveTextContent('no source');
    expect(cellOf(titles[JDM]!, 'Status')).toHaveTextContent('In progress');
    expect(cellOf(titles[MG]!, 'Dose')).toHaveTextContent('–');
    // Every one of the schema's 41 field headers is looked up by role in jsdom, which takes long on a loaded machine.
  }, 60_000);

  it('shows a value whose quote no longer stands in the text as a stale quote, with the reason in its tooltip', async () => {
    const text = corpus[JDM]!.text;
    const at = text.indexOf('eight months after a single infusion');
    const target = describe(text, at, at + 'eight months after a single infusion'.length);
    // Recorded against an earlier version of the text.
    target.quote.exact = 'ten months after a single infusion';
    await createAnnotation(
      db,
      { documentId: idOf(JDM), target, color: 'green', field: { fieldKey: 'follow_up', schemaId: 'car-t-autoimmune@1', value: { type: 'duration', value: 10, unit: 'months' }, status: 'parsed', reason: null, qualifier: null } },
      { now: new Date().toISOString() });
    renderTable();
    await grid();
    await waitFor(() => expect(cellOf(titles[JDM]!, 'Follow-up duration')).toHaveTextContent('10 months, stale quote'));
    const value = within(cellOf(titles[JDM]!, 'Follow-up duration')).getByRole('button');
    expect(value.title).toBe('10 months [stale quote]\nStale quote: The quote now matches the text only approximately\n“ten months after a single infusion”');
  });

  it('sorts by a column: ascending, descending, then back to library order, empty cells last', async () => {
    const user = userEvent.setup();
    await tag(JDM, '1 × 106 CAR T cells/kg', 'dose');
    await tag(MG, '52.5 × 106 CAR+ cells/kg', 'dose');
    renderTable();
    await waitFor(() => expect(cellOf(titles[MG]!, 'Dose')).toHaveTextContent('52.5'));
    const doseButton = screen.getByRole('button', { name: /^Dose/ });
    const doseHeader = screen.getByRole('columnheader', { name: /^Dose/ });
    expect(doseHeader).not.toHaveAttribute('aria-sort');

    await user.click(doseButton);
    expect(doseHeader).toHaveAttribute('aria-sort', 'ascending');
    expect((await rowTitles()).slice(0, 2)).toEqual([titles[JDM], titles[MG]]);
    await user.click(doseButton);
    expect(doseHeader).toHaveAttribute('aria-sort', 'descending');
    expect((await rowTitles()).slice(0, 2)).toEqual([titles[MG], titles[JDM]]);
    await user.click(doseButton);
    expect(doseHeader).not.toHaveAttribute('aria-sort');
    expect(await rowTitles()).toEqual(titles);

    await user.click(screen.getByRole('button', { name: /^Title/ }));
    expect(await rowTitles()).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  });

  it('filters across all columns and by one column, and says how many rows are left', async () => {
    const user = userEvent.setup();
    await tag(JDM, '1 × 106 CAR T cells/kg', 'dose');
    await tag(MG, '52.5 × 106 CAR+ cells/kg', 'dose');
    renderTable();
    await waitFor(() => expect(cellOf(titles[MG]!, 'Dose')).toHaveTextContent('52.5'));

    await user.type(screen.getByRole('searchbox', { name: 'Filter rows in all columns' }), 'dermatomyositis');
    expect(await rowTitles()).toEqual(titles.filter((t) => /dermatomyositis/i.test(t)));
    expect(screen.getByText(`${titles.filter((t) => /dermatomyositis/i.test(t)).length} of ${titles.length} documents`)).toBeInTheDocument();
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    expect(await rowTitles()).toEqual(titles);

    await user.type(screen.getByRole('searchbox', { name: 'Filter Dose' }), '52.5');
    expect(await rowTitles()).toEqual([titles[MG]]);
    await user.clear(screen.getByRole('searchbox', { name: 'Filter Dose' }));
    await user.type(screen.getByRole('searchbox', { name: 'Filter Dose' }), 'no such dose');
    expect(screen.getByText('No document matches the filters.')).toBeInTheDocument();
  });

  it('chooses columns from the Columns menu, per field and per section, and keeps the choice', async () => {
    const user = userEvent.setup();
    const view = renderTable();
    await grid();
    await user.click(screen.getByRole('button', { name: /^Columns/ }));
    const menu = screen.getByRole('menu', { name: 'Columns to show' });
    await user.click(within(menu).getByRole('menuitemcheckbox', { name: 'Dose' }));
    await waitFor(() => expect(screen.queryByRole('columnheader', { name: /^Dose/ })).not.toBeInTheDocument());
    expect(within(menu).getByRole('menuitemcheckbox', { name: 'Dose' })).toHaveAttribute('aria-checked', 'false');
    expect(within(menu).getByRole('menuitemcheckbox', { name: 'Intervention (all)' })).toHaveAttribute('aria-checked', 'mixed');

    const safety = DEFAULT_SCHEMA.sections.find((s) => s.key === 'safety')!;
    await user.click(within(menu).getByRole('menuitemcheckbox', { name: 'Safety (all)' }));
    await waitFor(() => expect(screen.queryByRole('columnheader', { name: 'Safety' })).not.toBeInTheDocument());
    for (const field of safety.fields) expect(screen.queryByRole('button', { name: new RegExp(`^${field.label}( \\*)?$`) })).not.toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();

    const stored = (await db.settings.get(HIDDEN_COLUMNS_KEY))!.value as string[];
    expect(stored).toEqual(expect.arrayContaining(['field:dose', ...safety.fields.map((f) => `field:${f.key}`)]));
    view.unmount();
    renderTable();
    await grid();
    await waitFor(() => expect(screen.queryByRole('columnheader', { name: /^Dose/ })).not.toBeInTheDocument());
    expect(screen.getByRole('columnheader', { name: /^Product/ })).toBeInTheDocument();
  });

  it('moves between cells with the arrow keys, Home and End, into the filter and header rows', async () => {
    const user = userEvent.setup();
    renderTable();
    await grid();
    const title = await screen.findByRole('button', { name: titles[JDM] });
    act(() => title.focus());
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(cellOf(titles[JDM]!, 'Type'));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(cellOf(titles[JDM + 1]!, 'Type'));
    await user.keyboard('{End}');
    const lastField = DEFAULT_SCHEMA.sections.at(-1)!.fields.at(-1)!;
    expect(document.activeElement).toBe(cellOf(titles[JDM + 1]!, lastField.label));
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: titles[JDM + 1] }));
    expect(document.activeElement).toHaveAttribute('tabindex', '0');
    await user.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}');
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Filter Title' }));
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /^Title/ }));
    await user.keyboard('{Enter}');
    expect(screen.getByRole('columnheader', { name: /^Title/ })).toHaveAttribute('aria-sort', 'ascending');
  });

  it('opens a value’s document in the left pane and asks the reader to show its quote, by click or Enter', async () => {
    const user = userEvent.setup();
    const dose = await tag(JDM, '1 × 106 CAR T cells/kg', 'dose');
    const neutropenia = await tag(JDM, 'neutropenia (grade 4)', 'cytopenias');
    const anemia = await tag(JDM, 'transient anemia (grade 2)', 'cytopenias');
    useAppStore.getState().setView('table');
    renderTable();
    await waitFor(() => expect(cellOf(titles[JDM]!, 'Dose')).toHaveTextContent('1 × 10⁶'));

    await user.click(within(cellOf(titles[JDM]!, 'Dose')).getByRole('button', { name: /^1 × 10⁶ cells\/kg/ }));
    let state = useAppStore.getState();
    expect(state.panes[0]).toBe(idOf(JDM));
    expect(state.activePane).toBe(0);
    expect(state.view).toBe('desk');
    expect(state.showRequest).toEqual({ pane: 0, documentId: idOf(JDM), annotationId: dose.id });
    expect(state.selectedAnnotation).toEqual({ pane: 0, id: dose.id });

    // Enter on a cell with two values moves into it; arrows pick a value; Enter opens it.
    act(() => useAppStore.getState().setView('table'));
    const cytopenias = cellOf(titles[JDM]!, 'Cytopenias');
    act(() => cytopenias.focus());
    await user.keyboard('{Enter}');
    const values = within(cytopenias).getAllByRole('button');
    const anemiaFirst = corpus[JDM]!.text.indexOf('transient anemia') < corpus[JDM]!.text.indexOf('neutropenia (grade 4)');
    expect(document.activeElement).toBe(values[0]);
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(values[1]);
    await user.keyboard('{Escape}');
    expect(document.activeElement).toBe(cytopenias);
    await user.keyboard('{Enter}{ArrowRight}{Enter}');
    state = useAppStore.getState();
    expect(state.showRequest).toMatchObject({ pane: 0, annotationId: anemiaFirst ? neutropenia.id : anemia.id });
  });

  it('renders only a window of 5,000 documents while aria-rowcount and aria-rowindex count them all', async () => {
    const metas: DocumentMeta[] = Array.from({ length: 5000 }, (_, i) => ({
      ...corpus[0]!.meta,
      id: String(i).padStart(64, 'a') as DocumentId,
      title: `Synthetic document ${String(i).padStart(4, '0')}`,
      origin: 'bundled',
      fileName: `synthetic-${String(i).padStart(4, '0')}.txt`,
      corpusVersion: 1,
      addedAt: '2026-01-01T00:00:00.000Z',
      textLength: 1,
      pageMap: null,
    }));
    await db.documents.clear();
    await db.documents.bulkAdd(metas);
    renderTable();
    const table = await grid();
    await waitFor(() => expect(table).toHaveAttribute('aria-rowcount', String(5003)));
    const dataRows = () => Array.from(table.querySelectorAll<HTMLElement>('.grid-body [role="row"]'));
    expect(dataRows().length).toBeGreaterThan(5);
    expect(dataRows().length).toBeLessThan(60);
    expect(dataRows()[0]).toHaveAttribute('aria-rowindex', '4');

    Object.defineProperty(table, 'clientHeight', { configurable: true, value: 600 });
    Object.defineProperty(table, 'scrollTop', { configurable: true, value: 44 * 3000 });
    act(() => {
      fireEvent.scroll(table);
    });
    const indexes = dataRows().map((r) => Number(r.getAttribute('aria-rowindex')));
    expect(dataRows().length).toBeLessThan(60);
    expect(indexes).toContain(3000 + 4);
    expect(within(table).getByRole('rowheader', { name: 'Synthetic document 3000' }).closest('[role="row"]')).toHaveAttribute('aria-rowindex', '3004');
    // The focusable first row stays rendered for Tab, the rest of the top is gone.
    expect(indexes.filter((i) => i < 2900)).toEqual([4]);
  });
});
