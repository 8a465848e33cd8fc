// The library's compact mode (one line per document, sortable and resizable columns, windowed) and
// the target pane a title opens in (issue 15 points 6 and 9, issue 13 item 4).
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentId, DocumentMeta } from '@shared/model';
import { DatabaseProvider } from '../../../renderer/src/db/context';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { setReviewStatus } from '../../../renderer/src/db/statuses';
import { LibraryPanel } from '../../../renderer/src/features/library/library-panel';
import { firstAuthor, publicationYear, sortRows } from '../../../renderer/src/features/library/library-columns';
import { resetAppStore, useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

let db: MarginDatabase;
const corpus = bundledDocuments();
const ids = corpus.map((d) => documentIdOf(d.text) as DocumentId);

beforeEach(async () => {
  resetAppStore();
  db = freshDatabase();
  await upsertDocuments(db, corpus, { now: '2026-11-22T10:00:00.000Z' });
  useAppStore.getState().setCorpus({ state: 'ready', added: 5, problems: [] });
});
afterEach(() => db.close());

function renderLibrary() {
  return render(
    <DatabaseProvider db={db}>
      <LibraryPanel />
    </DatabaseProvider>,
  );
}

async function compactTable(user: ReturnType<typeof userEvent.setup>) {
  renderLibrary();
  await screen.findByRole('list', { name: 'Documents' });
  await user.click(screen.getByRole('button', { name: 'Compact rows' }));
  const table = await screen.findByRole('table', { name: 'Documents' });
  await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(6));
  return table;
}

const titlesInOrder = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
    .map((row) => row.querySelector('button[data-open-document]')!.textContent);

const meta = (over: Partial<DocumentMeta>): { meta: DocumentMeta; status: 'not-started'; completeness: { percent: number } } => ({
  meta: { ...corpus[0]!.meta, id: over.title as DocumentId, addedAt: '', textLength: 0, ...over } as DocumentMeta,
  status: 'not-started',
  completeness: { percent: 0 },
});

describe('library columns', () => {
  it('shows the first author (et al. for more) and the year', () => {
    expect(firstAuthor(meta({ authors: ['Müller F', 'Schett G'] }).meta)).toBe('Müller F et al.');
    expect(firstAuthor(meta({ authors: ['Kaufman MB'] }).meta)).toBe('Kaufman MB');
    expect(firstAuthor(meta({ authors: [] }).meta)).toBe('');
    expect(publicationYear(meta({ publishedDate: '2024-10-02' }).meta)).toBe('2024');
    expect(publicationYear(meta({ publishedDate: null }).meta)).toBe('');
  });

  it('sorts by a column either way, empty values last, ties in library order', () => {
    const rows = [meta({ title: 'b', publishedDate: '2021' }), meta({ title: 'a', publishedDate: null }), meta({ title: 'C', publishedDate: '2019' }), meta({ title: 'd', publishedDate: '2021' })];
    expect(sortRows(rows, { column: 'title', direction: 'ascending' }).map((r) => r.meta.title)).toEqual(['a', 'b', 'C', 'd']);
    expect(sortRows(rows, { column: 'year', direction: 'ascending' }).map((r) => r.meta.title)).toEqual(['C', 'b', 'd', 'a']);
    expect(sortRows(rows, { column: 'year', direction: 'descending' }).map((r) => r.meta.title)).toEqual(['b', 'd', 'C', 'a']);
    expect(sortRows(rows, null).map((r) => r.meta.title)).toEqual(['b', 'a', 'C', 'd']);
  });
});

describe('compact library', () => {
  it('lists one line per document with first author, year, title, journal, type, status and completeness', async () => {
    const user = userEvent.setup();
    const table = await compactTable(user);
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Selected', 'First author', 'Year', 'Title', 'Journal', 'Type', 'Status', 'Complete']);
    const row = within(table).getByRole('button', { name: `Open ${corpus[1]!.meta.title}` }).closest('[role=row]') as HTMLElement;
    const cells = within(row).getAllByRole('cell');
    expect(cells[1]).toHaveTextContent(firstAuthor(corpus[1]!.meta as DocumentMeta));
    expect(cells[2]).toHaveTextContent('2024');
    expect(cells[4]).toHaveTextContent('Arthritis & Rheumatology');
    expect(cells[5]).toHaveTextContent('Case report');
    expect(within(cells[6]!).getByRole('combobox', { name: `Review status of ${corpus[1]!.meta.title}` })).toHaveValue('not-started');
    expect(within(cells[7]!).getByRole('meter', { name: 'Extraction completeness' })).toBeInTheDocument();
  });

  it('sorts by a header: ascending, descending, then library order, said by aria-sort', async () => {
    const user = userEvent.setup();
    const table = await compactTable(user);
    const libraryOrder = titlesInOrder(table);
    const sortTitle = within(table).getByRole('button', { name: 'Title' });
    await user.click(sortTitle);
    const ascending = [...libraryOrder].sort((a, b) => a!.localeCompare(b!, 'en', { sensitivity: 'base' }));
    expect(titlesInOrder(table)).toEqual(ascending);
    expect(sortTitle.closest('[role=columnheader]')).toHaveAttribute('aria-sort', 'ascending');
    await user.click(sortTitle);
    expect(titlesInOrder(table)).toEqual([...ascending].reverse());
    expect(sortTitle.closest('[role=columnheader]')).toHaveAttribute('aria-sort', 'descending');
    await user.click(sortTitle);
    expect(titlesInOrder(table)).toEqual(libraryOrder);
    expect(sortTitle.closest('[role=columnheader]')).toHaveAttribute('aria-sort', 'none');
  });

  it('sorts by status, and moves a sorted row when its status changes', async () => {
    const user = userEvent.setup();
    await setReviewStatus(db, ids[4]!, 'in-progress');
    const table = await compactTable(user);
    await user.click(within(table).getByRole('button', { name: 'Status' }));
    await user.click(within(table).getByRole('button', { name: 'Status' }));
    await waitFor(() => expect(titlesInOrder(table)[0]).toBe(corpus[4]!.meta.title));
  });

  it('resizes a column from the keyboard and by dragging its handle', async () => {
    const user = userEvent.setup();
    const table = await compactTable(user);
    const handle = within(table).getByRole('separator', { name: 'Resize the Title column' });
    expect(handle).toHaveAttribute('aria-valuenow', '280');
    act(() => handle.focus());
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(handle).toHaveAttribute('aria-valuenow', '312');
    await user.keyboard('{ArrowLeft}');
    expect(handle).toHaveAttribute('aria-valuenow', '296');
    expect((table as HTMLElement).style.getPropertyValue('--library-columns')).toContain('296px');
    fireEvent.pointerDown(handle, { clientX: 100, pointerId: 1 });
    fireEvent.pointerMove(handle, { clientX: 60, pointerId: 1 });
    fireEvent.pointerUp(handle, { clientX: 60, pointerId: 1 });
    expect(handle).toHaveAttribute('aria-valuenow', '256');
    // Never narrower than a column can be read.
    for (let i = 0; i < 30; i++) fireEvent.keyDown(handle, { key: 'ArrowLeft' });
    expect(handle).toHaveAttribute('aria-valuenow', '44');
  });

  it('renders only the rows in view of a long library, and the arrow keys still reach every row', async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: 400 }, (_, i) => ({
      ...corpus[0]!,
      text: `Generated document ${i}\n\nBody of document ${i}.`,
      meta: { ...corpus[0]!.meta, title: `Generated document ${String(i).padStart(3, '0')}`, fileName: `gen-${String(i).padStart(3, '0')}.txt` },
    }));
    await upsertDocuments(db, many, { now: '2026-11-22T11:00:00.000Z' });
    renderLibrary();
    await waitFor(() => expect(screen.getByRole('status', { name: 'Library: 405 documents' })).toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Compact rows' }));
    const table = await screen.findByRole('table', { name: 'Documents' });
    expect(table).toHaveAttribute('aria-rowcount', '406');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.length).toBeLessThan(60);
    const last = rows[rows.length - 1]!;
    act(() => last.querySelector<HTMLButtonElement>('button[data-open-document]')!.focus());
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(document.activeElement?.closest('[role=row]')?.getAttribute('data-index')).toBe(String(Number(last.dataset.index) + 1)));
  });
});

describe('the pane a title opens in', () => {
  it('is said on every title, can be chosen, and the row offers the other pane too', async () => {
    const user = userEvent.setup();
    renderLibrary();
    const list = await screen.findByRole('list', { name: 'Documents' });
    const chooser = screen.getByRole('group', { name: 'Titles open in' });
    expect(within(chooser).getByRole('button', { name: 'Left pane' })).toHaveAttribute('aria-pressed', 'true');
    const title = within(list).getByRole('button', { name: `Open ${corpus[2]!.meta.title}` });
    expect(title).toHaveAccessibleDescription('Opens in the left pane');
    await user.click(within(chooser).getByRole('button', { name: 'Right pane' }));
    expect(useAppStore.getState()).toMatchObject({ secondPaneOpen: true, activePane: 1 });
    expect(title).toHaveAccessibleDescription('Opens in the right pane');
    await user.click(title);
    expect(useAppStore.getState().panes).toEqual([null, ids[2]]);
    // Whatever the target, each row opens on either side by name.
    await user.click(within(list).getByRole('button', { name: `Open left: ${corpus[3]!.meta.title}` }));
    expect(useAppStore.getState().panes).toEqual([ids[3], ids[2]]);
    expect(within(list).getByRole('button', { name: `Open ${corpus[3]!.meta.title}` }).closest('li')).toHaveTextContent('in left pane');
  });
});
