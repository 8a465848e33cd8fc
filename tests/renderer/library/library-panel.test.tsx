import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseProvider } from '../../../renderer/src/db/context';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { upsertDocuments } from '../../../renderer/src/db/documents';
import { LibraryPanel } from '../../../renderer/src/features/library/library-panel';
import { resetAppStore, useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

let db: MarginDatabase;
const corpus = bundledDocuments();

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

describe('LibraryPanel', () => {
  it('asks before Done with required fields empty, and then shows that Done was an override', async () => {
    const user = userEvent.setup();
    renderLibrary();
    const list = await screen.findByRole('list', { name: 'Documents' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(5));
    const title = corpus[1]!.meta.title;
    await user.selectOptions(screen.getByRole('combobox', { name: `Review status of ${title}` }), 'done');
    const dialog = await screen.findByRole('dialog', { name: 'Mark as Done with 8 required fields empty?' });
    expect(dialog).toHaveTextContent(title);
    expect(within(dialog).getByRole('list', { name: 'Required fields without a value' })).toHaveTextContent('Dose');
    await user.type(within(dialog).getByRole('textbox', { name: 'Why is the document done without them?' }), 'Excluded at full-text screening');
    await user.click(within(dialog).getByRole('button', { name: 'Mark Done anyway' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const select = screen.getByRole('combobox', { name: `Review status of ${title}` });
    await waitFor(() => expect(select).toHaveAccessibleDescription('override (8 required fields empty): Excluded at full-text screening'));
    expect(select).toHaveValue('done');
  });

  it('cancelling the question leaves the status as it was', async () => {
    const user = userEvent.setup();
    renderLibrary();
    const list = await screen.findByRole('list', { name: 'Documents' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(5));
    const title = corpus[2]!.meta.title;
    await user.selectOptions(screen.getByRole('combobox', { name: `Review status of ${title}` }), 'done');
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('combobox', { name: `Review status of ${title}` })).toHaveValue('not-started');
    expect(await db.statuses.count()).toBe(0);
  });

  it('lists every document with its type, source and date, and the count', async () => {
    renderLibrary();
    const list = await screen.findByRole('list', { name: 'Documents' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(5));
    expect(screen.getByRole('status', { name: 'Library: 5 documents' })).toBeInTheDocument();
    // The type, source and date sit in the row beside the open button (its name is the title).
    const jdm = within(list).getByRole('button', { name: `Open ${corpus[1]!.meta.title}` }).closest('li')!;
    expect(jdm).toHaveTextContent('Case report');
    expect(jdm).toHaveTextContent('Oct 2024');
    expect(jdm).toHaveTextContent('Arthritis & Rheumatology');
  });

  it('filters by every word typed, across title, journal, type and status', async () => {
    const user = userEvent.setup();
    renderLibrary();
    const list = await screen.findByRole('list', { name: 'Documents' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(5));
    await user.type(screen.getByRole('searchbox', { name: 'Filter documents' }), 'case report');
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByRole('status', { name: 'Library: 2 of 5 documents' })).toBeInTheDocument();
    await user.clear(screen.getByRole('searchbox', { name: 'Filter documents' }));
    await user.type(screen.getByRole('searchbox', { name: 'Filter documents' }), 'zzz');
    expect(screen.getByText('No document matches “zzz”.')).toBeInTheDocument();
  });

  it('stores the review status the reviewer picks', async () => {
    const user = userEvent.setup();
    renderLibrary();
    const select = await screen.findByRole('combobox', { name: `Review status of ${corpus[4]!.meta.title}` });
    expect(select).toHaveValue('not-started');
    await user.selectOptions(select, 'Unavailable');
    await waitFor(async () => expect((await db.statuses.toArray()).map((s) => s.status)).toEqual(['unavailable']));
    await waitFor(() => expect(select).toHaveValue('unavailable'));
  });

  it('opens a document in the active pane or the right pane, and moves with the arrow keys', async () => {
    const user = userEvent.setup();
    renderLibrary();
    const list = await screen.findByRole('list', { name: 'Documents' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(5));
    await user.click(within(list).getByRole('button', { name: `Open ${corpus[0]!.meta.title}` }));
    expect(useAppStore.getState().panes[0]).toBe((await db.documents.toArray()).find((d) => d.fileName === corpus[0]!.meta.fileName)!.id);
    await user.click(within(list).getByRole('button', { name: `Open right: ${corpus[3]!.meta.title}` }));
    expect(useAppStore.getState().secondPaneOpen).toBe(true);
    expect(useAppStore.getState().panes[1]).not.toBeNull();
    act(() => within(list).getByRole('button', { name: `Open ${corpus[0]!.meta.title}` }).focus());
    await user.keyboard('{ArrowDown}');
    expect(within(list).getByRole('button', { name: `Open ${corpus[1]!.meta.title}` })).toHaveFocus();
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(within(list).getByRole('button', { name: `Open ${corpus[0]!.meta.title}` })).toHaveFocus();
  });

  it('names each broken bundled file while listing the rest', async () => {
    useAppStore.getState().setCorpus({ state: 'ready', added: 4, problems: [{ file: '003_x.txt', message: '003_x.txt could not be read (ENOENT).' }] });
    renderLibrary();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('One bundled document could not be loaded');
    expect(alert).toHaveTextContent('003_x.txt could not be read');
  });

  it('renders only the rows in view of a long library, and the arrow keys still reach every row', async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: 300 }, (_, i) => ({
      ...corpus[0]!,
      text: `Generated document ${i}\n\nBody of document ${i}.`,
      meta: { ...corpus[0]!.meta, title: `Generated document ${String(i).padStart(3, '0')}`, fileName: `gen-${String(i).padStart(3, '0')}.txt` },
    }));
    await upsertDocuments(db, many, { now: '2026-11-22T11:00:00.000Z' });
    renderLibrary();
    const list = await screen.findByRole('list', { name: 'Documents' });
    await waitFor(() => expect(screen.getByRole('status', { name: 'Library: 305 documents' })).toBeInTheDocument());
    const rendered = within(list).getAllByRole('listitem');
    expect(rendered.length).toBeLessThan(40);
    expect(rendered[0]).toHaveAttribute('aria-setsize', '305');
    const last = rendered[rendered.length - 1]!;
    const lastIndex = Number(last.getAttribute('data-index'));
    act(() => last.querySelector<HTMLButtonElement>('button[data-open-document]')!.focus());
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(document.activeElement?.closest('li')?.getAttribute('data-index')).toBe(String(lastIndex + 1)));
  });
});
