import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenedFile } from '@shared/ipc';
import { DatabaseProvider } from '../../../renderer/src/db/context';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { upsertDocuments } from '../../../renderer/src/db/documents';
import { IMPORT_MAX_BYTES_KEY, MEGABYTE } from '../../../renderer/src/db/imports';
import { ImportDropTarget } from '../../../renderer/src/features/import/drop-target';
import { ImportAction } from '../../../renderer/src/features/import/import-dialog';
import { enqueueImport, resetImportStore } from '../../../renderer/src/features/import/import-queue';
import { IMPORT_EXTENSIONS } from '../../../renderer/src/features/import/parsers';
import { LibraryPanel } from '../../../renderer/src/features/library/library-panel';
import { bridge } from '../../../renderer/src/platform';
import { resetAppStore, useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../fixtures/import', name)));
const HTML_TITLE = 'CAR-T Cells: Are We Closer to Drug-Free Remission Than We Think?';
const MEDLINE_TITLES = [
  'Autologous CD19-Targeting CAR T Cells in a Patient With Refractory Juvenile Dermatomyositis',
  'Durability of Response to B-Cell Maturation Antigen-Directed mRNA Cell Therapy in Myasthenia Gravis',
];

let db: MarginDatabase;

beforeEach(async () => {
  resetAppStore();
  resetImportStore();
  db = freshDatabase();
  await upsertDocuments(db, bundledDocuments(), { now: '2026-11-22T10:00:00.000Z' });
  useAppStore.getState().setCorpus({ state: 'ready', added: 5, problems: [] });
});
afterEach(() => db.close());

function renderImport() {
  return render(
    <DatabaseProvider db={db}>
      <ImportAction />
      <LibraryPanel ListFrame={ImportDropTarget} />
    </DatabaseProvider>,
  );
}

function chooseReturns(files: OpenedFile[]) {
  return vi.spyOn(bridge, 'openFiles').mockResolvedValue(files);
}

async function openDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Import…' }));
  return screen.getByRole('dialog', { name: 'Import documents' });
}

/** The result row of a file, found by the file name it starts with. */
function resultRow(dialog: HTMLElement, fileName: string): HTMLElement {
  const list = within(dialog).getByRole('list', { name: 'Import results' });
  const row = within(list)
    .getAllByRole('listitem')
    .find((item) => item.querySelector('.import-file-name')?.textContent === fileName);
  if (!row) throw new Error(`no result row for ${fileName}`);
  return row;
}

/**
 * The MEDLINE fixture holds the corpus's own articles as PubMed records, so the import holds them
 * as likely duplicates (by DOI, or title with year and first author); these tests keep every one.
 */
async function keepEveryDuplicate(dialog: HTMLElement, fileName: string, expected: number) {
  const row = resultRow(dialog, fileName);
  expect(row).toHaveTextContent('Needs review');
  const review = within(row).getByRole('form', { name: `Possible duplicates in ${fileName}` });
  const keeps = within(review).getAllByRole('radio', { name: 'Keep both (import as a new document)' });
  expect(keeps).toHaveLength(expected);
  for (const keep of keeps) fireEvent.click(keep);
  fireEvent.click(within(review).getByRole('button', { name: 'Apply choices' }));
  await waitFor(() => expect(resultRow(dialog, fileName)).not.toHaveTextContent('Needs review'));
}

async function waitForDone(dialog: HTMLElement, total: number) {
  await waitFor(() => expect(within(dialog).getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute('aria-valuenow', String(total)));
  await waitFor(() => expect(within(dialog).getByRole('status')).not.toHaveTextContent('Importing'));
}

describe('the import dialog', () => {
  it('imports the chosen files and shows each file’s result, the progress and the new documents in the library', async () => {
    const user = userEvent.setup();
    const openFiles = chooseReturns([
      { name: 'rheumatologist.html', bytes: fixture('article-with-chrome.html') },
      { name: 'pubmed.nbib', bytes: fixture('three-records.nbib') },
    ]);
    renderImport();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Choose files…' }));
    // The host may open up to the hard cap; the reviewer's limit is applied per file (see below).
    expect(openFiles).toHaveBeenCalledWith({ extensions: [...IMPORT_EXTENSIONS], multiple: true, maxBytes: 1024 * 1024 * 1024 });

    await waitForDone(dialog, 2);
    await keepEveryDuplicate(dialog, 'pubmed.nbib', 3);
    const progress = within(dialog).getByRole('progressbar', { name: 'Import progress' });
    expect(progress).toHaveAttribute('aria-valuemax', '2');
    expect(progress).toHaveAttribute('aria-valuetext', '2 of 2 files done');
    expect(within(dialog).getByRole('status')).toHaveTextContent('2 files: 2 imported');
    const html = resultRow(dialog, 'rheumatologist.html');
    expect(html).toHaveTextContent('Imported');
    expect(within(html).getByRole('button', { name: `Open ${HTML_TITLE} in the reader` })).toBeInTheDocument();
    const medline = resultRow(dialog, 'pubmed.nbib');
    expect(medline).toHaveTextContent('3 documents added');
    for (const title of MEDLINE_TITLES) expect(within(medline).getByText(title)).toBeInTheDocument();

    expect(await db.documents.where('origin').equals('imported').count()).toBe(4);
    const library = screen.getByRole('list', { name: 'Documents', hidden: true });
    await waitFor(() => expect(within(library).getAllByRole('listitem', { hidden: true })).toHaveLength(9));
  });

  it('holds RIS records that duplicate library records for review: merge fills the record, skip drops, the rest is stored', async () => {
    const user = userEvent.setup();
    chooseReturns([{ name: 'search.ris', bytes: fixture('three-records.ris') }]);
    renderImport();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Choose files…' }));
    await waitForDone(dialog, 1);
    expect(within(dialog).getByRole('status')).toHaveTextContent('1 file: 1 to review');
    const row = resultRow(dialog, 'search.ris');
    expect(row).toHaveTextContent('1 document added; 2 records look like documents already in the library: keep, merge or skip each.');
    const review = within(row).getByRole('form', { name: 'Possible duplicates in search.ris' });
    const groups = within(review).getAllByRole('group');
    expect(groups.map((group) => group.querySelector('legend')?.textContent)).toEqual([
      `${MEDLINE_TITLES[0]} looks like ${MEDLINE_TITLES[0]} (same DOI (10.1002/art.42933))`,
      `Durability of response to B-cell maturation antigen-directed mRNA cell therapy in myasthenia gravis looks like ${MEDLINE_TITLES[1]} (same title, year and first author)`,
    ]);
    // Skip is chosen until the reviewer says otherwise.
    for (const group of groups) expect(within(group).getByRole('radio', { name: 'Skip (do not import)' })).toBeChecked();
    expect(await db.documents.count()).toBe(6);

    await user.click(within(groups[0]!).getByRole('radio', { name: "Merge (fill the library record's missing details)" }));
    await user.click(within(review).getByRole('button', { name: 'Apply choices' }));
    await waitFor(() => expect(resultRow(dialog, 'search.ris')).toHaveTextContent('Reviewed: 1 merged into the library\'s record, 1 skipped.'));
    expect(resultRow(dialog, 'search.ris')).toHaveTextContent('Imported');
    expect(await db.documents.count()).toBe(6);
    const jdm = (await db.documents.toArray()).filter((doc) => doc.title === MEDLINE_TITLES[0]);
    expect(jdm).toHaveLength(1);
    // The library's record gains the PMID it lacked and keeps what it stated (its DOI, date, journal).
    expect(jdm[0]).toMatchObject({ origin: 'bundled', pmid: '38706419', doi: '10.1002/art.42933', publishedDate: '2024-10', journal: 'Arthritis & Rheumatology 2024;76(10):1560-1565' });
    expect((await db.documents.toArray()).some((doc) => doc.title.startsWith('Durability of response'))).toBe(false);
    expect((await db.documents.toArray()).some((doc) => doc.title === 'A record that is not in the library')).toBe(true);
  });

  it('stores the files of a batch in one transaction and still reports each file', async () => {
    // New texts are added without a read first: one bulkAdd for the whole batch.
    const texts = vi.spyOn(db.texts, 'bulkAdd');
    const notes = (title: string) => new TextEncoder().encode(`${title}\n\nA note long enough to be a document of its own.`);
    chooseReturns([
      { name: 'one.txt', bytes: notes('First note on dosing') },
      { name: 'two.txt', bytes: notes('Second note on dosing') },
      { name: 'again.txt', bytes: notes('First note on dosing') },
    ]);
    const user = userEvent.setup();
    renderImport();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Choose files…' }));
    await waitForDone(dialog, 3);
    expect(texts).toHaveBeenCalledTimes(1);
    expect(texts.mock.calls[0]![0]).toHaveLength(2);
    expect(resultRow(dialog, 'one.txt')).toHaveTextContent('Imported');
    expect(resultRow(dialog, 'two.txt')).toHaveTextContent('Imported');
    expect(resultRow(dialog, 'again.txt')).toHaveTextContent('Already present');
    expect(await db.documents.count()).toBe(7);
  });

  it('reports a file imported a second time as already present', async () => {
    const user = userEvent.setup();
    chooseReturns([{ name: 'page.html', bytes: fixture('article-with-chrome.html') }]);
    renderImport();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Choose files…' }));
    await waitForDone(dialog, 1);
    expect(resultRow(dialog, 'page.html')).toHaveTextContent('Imported');

    await user.click(within(dialog).getByRole('button', { name: 'Choose files…' }));
    await waitFor(() => expect(resultRow(dialog, 'page.html')).toHaveTextContent('Already present'));
    expect(resultRow(dialog, 'page.html')).toHaveTextContent(`This text is already in the library:${HTML_TITLE}`);
    expect(within(dialog).getAllByRole('listitem').filter((li) => li.classList.contains('import-result'))).toHaveLength(1);
    expect(await db.documents.count()).toBe(6);
  });

  it('shows a broken file’s reason in words and stores nothing of it', async () => {
    const user = userEvent.setup();
    chooseReturns([
      { name: 'case.pdf', bytes: new TextEncoder().encode('Just some text saved with the wrong name') },
      { name: 'feed.xml', bytes: fixture('not-pubmed.xml') },
    ]);
    renderImport();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Choose files…' }));
    await waitForDone(dialog, 2);
    expect(resultRow(dialog, 'case.pdf')).toHaveTextContent('Failed');
    expect(resultRow(dialog, 'case.pdf')).toHaveTextContent('This file is named .pdf but is not a PDF');
    expect(resultRow(dialog, 'feed.xml')).toHaveTextContent(/not a PubMed export/);
    expect(within(dialog).getByRole('status')).toHaveTextContent('2 files: 2 failed');
    expect(await db.documents.count()).toBe(5);
  });

  it('shows a storage failure as the failed file’s reason, with nothing of the file written', async () => {
    const user = userEvent.setup();
    chooseReturns([{ name: 'pubmed.nbib', bytes: fixture('three-records.nbib') }]);
    vi.spyOn(db.texts, 'bulkAdd').mockImplementation(() => Promise.reject(Object.assign(new Error('full'), { name: 'QuotaExceededError' })) as never);
    renderImport();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Choose files…' }));
    await waitForDone(dialog, 1);
    await keepEveryDuplicate(dialog, 'pubmed.nbib', 3);
    expect(resultRow(dialog, 'pubmed.nbib')).toHaveTextContent('Failed');
    expect(resultRow(dialog, 'pubmed.nbib')).toHaveTextContent(/storage quota is full, so nothing was saved/);
    expect(await db.documents.count()).toBe(5);
  });

  it('refuses a file over the limit set in the dialog and says both sizes', async () => {
    const user = userEvent.setup();
    chooseReturns([{ name: 'big.txt', bytes: new TextEncoder().encode(`A long plain text\n\n${'x'.repeat(2 * MEGABYTE)}`) }]);
    renderImport();
    const dialog = await openDialog(user);
    const limit = within(dialog).getByRole('spinbutton', { name: 'Largest file (MB)' });
    await waitFor(() => expect(limit).toHaveValue(50));
    await user.clear(limit);
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Enter a whole number of megabytes from 1 to 1024.');
    await user.type(limit, '1');
    await waitFor(async () => expect((await db.settings.get(IMPORT_MAX_BYTES_KEY))?.value).toBe(MEGABYTE));
    expect(within(dialog).queryByRole('alert')).toBeNull();

    await user.click(within(dialog).getByRole('button', { name: 'Choose files…' }));
    await waitForDone(dialog, 1);
    expect(resultRow(dialog, 'big.txt')).toHaveTextContent('This file is 2 MB; the limit is 1 MB (change it under “Largest file (MB)” in Import…).');
    // The message names a control that is there, in this dialog.
    expect(within(dialog).getByRole('spinbutton', { name: 'Largest file (MB)' })).toBeInTheDocument();
    expect(await db.documents.count()).toBe(5);
  });

  it('says why the host could not open the chosen files', async () => {
    const user = userEvent.setup();
    vi.spyOn(bridge, 'openFiles').mockRejectedValue(
      new Error("Error invoking remote method 'margin:files.open': Error: “huge.pdf” is 80 MB; Margin opens files up to 50 MB. Nothing was opened."),
    );
    renderImport();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Choose files…' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The files could not be opened. “huge.pdf” is 80 MB; Margin opens files up to 50 MB. Nothing was opened.',
    );
  });

  it('shows the progress while files are still being read', async () => {
    let release: (bytes: Uint8Array) => void = () => {};
    const slow = new Promise<Uint8Array>((done) => {
      release = done;
    });
    renderImport();
    let finished: Promise<void> = Promise.resolve();
    act(() => {
      finished = enqueueImport(
        db,
        [
          { kind: 'file', name: 'first.txt', size: 40, read: async () => new TextEncoder().encode('First plain text document\n\nSome body.') },
          { kind: 'file', name: 'second.txt', size: 40, read: () => slow },
          { kind: 'file', name: 'third.txt', size: 40, read: async () => new TextEncoder().encode('Third plain text document\n\nMore body.') },
        ],
        50 * MEGABYTE,
      );
    });
    const dialog = screen.getByRole('dialog', { name: 'Import documents' });
    const progress = within(dialog).getByRole('progressbar', { name: 'Import progress' });
    await waitFor(() => expect(progress).toHaveAttribute('aria-valuenow', '1'));
    expect(within(dialog).getByRole('status')).toHaveTextContent('Importing file 2 of 3…');
    expect(resultRow(dialog, 'second.txt')).toHaveTextContent('Reading…');
    expect(resultRow(dialog, 'third.txt')).toHaveTextContent('Waiting');
    expect(within(dialog).getByRole('button', { name: 'Continue in the background' })).toBeInTheDocument();
    await act(async () => {
      release(new TextEncoder().encode('Second plain text document\n\nBody.'));
      await finished;
    });
    expect(progress).toHaveAttribute('aria-valuenow', '3');
    expect(within(dialog).getByRole('status')).toHaveTextContent('3 files: 3 imported');
  });

  it('adds pasted text as a document, titled from its first heading unless the reviewer types a title', async () => {
    const user = userEvent.setup();
    renderImport();
    const dialog = await openDialog(user);
    const text = '# Notes on CD19 CAR-T in refractory myositis\n\nThree patients stopped all immunosuppression by month 6.';
    const textBox = within(dialog).getByRole('textbox', { name: 'Text' });
    await user.click(textBox);
    await user.paste(text);
    const title = within(dialog).getByRole('textbox', { name: 'Title' });
    expect(title).toHaveValue('Notes on CD19 CAR-T in refractory myositis');
    await user.clear(title);
    await user.type(title, 'Myositis notes from the call');
    await user.click(within(dialog).getByRole('button', { name: 'Add as document' }));
    await waitForDone(dialog, 1);
    expect(resultRow(dialog, 'Pasted text: Myositis notes from the call')).toHaveTextContent('Imported');
    // A paste is counted as what it is, not as a file.
    expect(within(dialog).getByRole('status')).toHaveTextContent('1 pasted text: 1 imported');
    expect(textBox).toHaveValue('');
    const stored = await db.documents.where('origin').equals('imported').toArray();
    expect(stored).toMatchObject([{ title: 'Myositis notes from the call', fileName: 'Pasted text' }]);
    expect((await db.texts.get(stored[0]!.id))?.text).toBe(text);
  });

  it('asks for the text, and for a title when the text has none, before adding anything', async () => {
    const user = userEvent.setup();
    renderImport();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Add as document' }));
    const textBox = within(dialog).getByRole('textbox', { name: 'Text' });
    expect(textBox).toHaveAttribute('aria-invalid', 'true');
    expect(textBox).toHaveAccessibleDescription('Paste or type the text of the article.');
    expect(textBox).toHaveFocus();
    await user.type(textBox, 'short lowercase note.');
    await user.click(within(dialog).getByRole('button', { name: 'Add as document' }));
    const title = within(dialog).getByRole('textbox', { name: 'Title' });
    expect(title).toHaveAccessibleDescription('Give the text a title; none was found in it.');
    expect(title).toHaveFocus();
    expect(await db.documents.count()).toBe(5);
  });

  it('is a keyboard-operable modal: focus moves in, Tab stays inside, Escape closes and focus returns', async () => {
    const user = userEvent.setup();
    renderImport();
    const opener = screen.getByRole('button', { name: 'Import…' });
    await user.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Import documents' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(within(dialog).getByRole('button', { name: 'Choose files…' })).toHaveFocus();
    await user.tab({ shift: true });
    await user.tab({ shift: true });
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    const done = within(dialog).getByRole('button', { name: 'Done' });
    act(() => done.focus());
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Close Import documents' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(opener).toHaveFocus();
  });
});

describe('dropping files on the library', () => {
  function droppedFile(name: string, bytes: Uint8Array): File {
    const file = new File([bytes as BlobPart], name);
    // jsdom's File cannot read itself; Chromium's can.
    Object.defineProperty(file, 'arrayBuffer', { value: async () => bytes.slice().buffer });
    return file;
  }

  it('shows and announces the drop state, then imports the dropped files', async () => {
    renderImport();
    const list = await screen.findByRole('list', { name: 'Documents' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(5));
    const target = list.closest('.import-drop-target')!;
    fireEvent.dragEnter(list, { dataTransfer: { types: ['Files'], files: [] } });
    expect(target).toHaveAttribute('data-dragging', 'true');
    expect(screen.getByText('Drop to import into the library')).toBeInTheDocument();
    expect(screen.getByText('Files over the library: release to import them.')).toBeInTheDocument();

    fireEvent.drop(list, { dataTransfer: { types: ['Files'], files: [droppedFile('pubmed.nbib', fixture('three-records.nbib'))] } });
    expect(target).not.toHaveAttribute('data-dragging');
    // The dialog's code loads on demand (it is not on the start path), so it opens a moment later.
    const dialog = await screen.findByRole('dialog', { name: 'Import documents' });
    await waitForDone(dialog, 1);
    await keepEveryDuplicate(dialog, 'pubmed.nbib', 3);
    expect(resultRow(dialog, 'pubmed.nbib')).toHaveTextContent('3 documents added');
    expect(await db.documents.count()).toBe(8);
  });

  it('also takes files dropped on the open dialog', async () => {
    const user = userEvent.setup();
    renderImport();
    const dialog = await openDialog(user);
    const files = within(dialog).getByRole('region', { name: 'From files' });
    fireEvent.dragEnter(files, { dataTransfer: { types: ['Files'], files: [] } });
    expect(within(dialog).getByText('Files over the import dialog: release to import them.')).toBeInTheDocument();
    fireEvent.drop(files, { dataTransfer: { types: ['Files'], files: [droppedFile('page.html', fixture('article-with-chrome.html'))] } });
    await waitForDone(dialog, 1);
    expect(resultRow(dialog, 'page.html')).toHaveTextContent('Imported');
  });

  it('keeps the browser from opening a file dropped anywhere else in place of the app', () => {
    renderImport();
    const files = { types: ['Files'], files: [] };
    expect(fireEvent.dragOver(document.body, { dataTransfer: files })).toBe(false);
    expect(fireEvent.drop(document.body, { dataTransfer: files })).toBe(false);
    expect(fireEvent.drop(document.body, { dataTransfer: { types: ['text/plain'], files: [] } })).toBe(true);
  });

  it('ignores a drag that carries no files', () => {
    renderImport();
    const target = document.querySelector('.import-drop-target')!;
    fireEvent.dragEnter(target, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(target).not.toHaveAttribute('data-dragging');
  });
});
