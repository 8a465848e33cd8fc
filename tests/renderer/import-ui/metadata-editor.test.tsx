import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DatabaseProvider } from '../../../renderer/src/db/context';
import { openDatabase } from '../../../renderer/src/db/database';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, updateDocumentMeta, upsertDocuments } from '../../../renderer/src/db/documents';
import { OpenDocuments } from '../../../renderer/src/document/open-documents';
import { ReaderPane } from '../../../renderer/src/features/reader/reader-pane';
import { resetAppStore, useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

let db: MarginDatabase;
const corpus = bundledDocuments();
// The news item: no DOI, no PMID, so the reviewer has something to add.
const doc = corpus[0]!;
const id = documentIdOf(doc.text);

beforeEach(async () => {
  resetAppStore();
  db = freshDatabase();
  await upsertDocuments(db, corpus, { now: '2026-11-22T10:00:00.000Z' });
  act(() => useAppStore.getState().openDocument(id, 0));
});
afterEach(() => db.close());

async function openEditor(user: ReturnType<typeof userEvent.setup>) {
  render(
    <DatabaseProvider db={db}>
      <OpenDocuments>
        <ReaderPane pane={0} />
      </OpenDocuments>
    </DatabaseProvider>,
  );
  const pane = screen.getByRole('region', { name: 'Reader, left pane' });
  await within(pane).findByRole('heading', { level: 2, name: doc.meta.title });
  const edit = within(pane).getByRole('button', { name: 'Edit details' });
  await user.click(edit);
  return { pane, edit, dialog: screen.getByRole('dialog', { name: 'Edit details' }) };
}

function field(dialog: HTMLElement, name: string): HTMLElement {
  return within(dialog).getByRole(name === 'Type' ? 'combobox' : 'textbox', { name });
}

async function replace(user: ReturnType<typeof userEvent.setup>, element: HTMLElement, value: string) {
  await user.clear(element);
  if (value) await user.type(element, value);
}

describe('the metadata editor', () => {
  it('opens from the reader header with every detail filled in, and no way to edit the text', async () => {
    const user = userEvent.setup();
    const { dialog } = await openEditor(user);
    expect(field(dialog, 'Title')).toHaveValue(doc.meta.title);
    expect(field(dialog, 'Title')).toHaveFocus();
    expect(field(dialog, 'Authors')).toHaveValue(doc.meta.authors.join('\n'));
    expect(field(dialog, 'Journal or source')).toHaveValue(doc.meta.journal);
    expect(field(dialog, 'Date')).toHaveValue(doc.meta.publishedDate);
    expect(field(dialog, 'Type')).toHaveValue(doc.meta.type);
    expect(field(dialog, 'DOI')).toHaveValue('');
    expect(dialog).toHaveAccessibleDescription(/text itself cannot be changed/);
    const values = within(dialog)
      .getAllByRole('textbox')
      .map((box) => (box as HTMLInputElement).value);
    expect(values.some((value) => value.length > 500)).toBe(false);
  });

  it('shows each problem beside its field and saves nothing until all are fixed', async () => {
    const user = userEvent.setup();
    const { dialog } = await openEditor(user);
    await replace(user, field(dialog, 'Title'), '');
    await replace(user, field(dialog, 'Date'), '2025-13');
    await replace(user, field(dialog, 'DOI'), 'doi 10.1002');
    await replace(user, field(dialog, 'PMID'), '3908a');
    await user.click(within(dialog).getByRole('button', { name: 'Save details' }));

    expect(field(dialog, 'Title')).toHaveAccessibleDescription('A title is needed.');
    expect(field(dialog, 'Title')).toHaveFocus();
    expect(field(dialog, 'Date')).toHaveAccessibleDescription(/^Use YYYY, YYYY-MM or YYYY-MM-DD/);
    expect(field(dialog, 'DOI')).toHaveAccessibleDescription(/^A DOI starts with 10\./);
    expect(field(dialog, 'PMID')).toHaveAccessibleDescription('A PMID is digits only, e.g. 39086061.');
    for (const name of ['Title', 'Date', 'DOI', 'PMID']) expect(field(dialog, name)).toHaveAttribute('aria-invalid', 'true');
    expect(field(dialog, 'Journal or source')).not.toHaveAttribute('aria-invalid');
    expect((await db.documents.get(id))!.title).toBe(doc.meta.title);

    // A fixed field loses its message at once.
    await replace(user, field(dialog, 'PMID'), '39086061');
    expect(field(dialog, 'PMID')).not.toHaveAttribute('aria-invalid');
    expect(field(dialog, 'DOI')).toHaveAttribute('aria-invalid', 'true');
  });

  it('saves the corrected details in one transaction, shows them, and can undo the edit', async () => {
    const user = userEvent.setup();
    const { pane, edit, dialog } = await openEditor(user);
    await replace(user, field(dialog, 'Title'), 'FDA designation for mRNA CAR-T in juvenile dermatomyositis');
    await replace(user, field(dialog, 'Authors'), 'Michele B. Kaufman\nSecond Author');
    await replace(user, field(dialog, 'Date'), '2025-01');
    await replace(user, field(dialog, 'DOI'), 'https://doi.org/10.1002/trh.99999');
    await replace(user, field(dialog, 'PMID'), ' 40851234 ');
    await replace(user, field(dialog, 'Trial registration'), 'nct06038474');
    // The study types a review needs are offered, beside the article types.
    for (const type of ['Case series', 'Cohort study', 'Randomised trial', 'Letter', 'Conference abstract']) {
      expect(within(field(dialog, 'Type')).getByRole('option', { name: type })).toBeInTheDocument();
    }
    await user.selectOptions(field(dialog, 'Type'), 'Commentary');
    const transaction = vi.spyOn(db, 'transaction');
    await user.click(within(dialog).getByRole('button', { name: 'Save details' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(edit).toHaveFocus();
    const stored = (await db.documents.get(id))!;
    expect(stored).toMatchObject({
      title: 'FDA designation for mRNA CAR-T in juvenile dermatomyositis',
      authors: ['Michele B. Kaufman', 'Second Author'],
      publishedDate: '2025-01',
      doi: '10.1002/trh.99999',
      pmid: '40851234',
      trialRegistration: 'NCT06038474',
      type: 'commentary',
      id,
      origin: 'bundled',
    });
    expect((await db.texts.get(id))!.text).toBe(doc.text);
    expect(await within(pane).findByRole('heading', { level: 2, name: stored.title })).toBeInTheDocument();
    expect(within(pane).getByText('10.1002/trh.99999')).toBeInTheDocument();

    await user.click(within(pane).getByRole('button', { name: 'Undo' }));
    expect(await within(pane).findByRole('heading', { level: 2, name: doc.meta.title })).toBeInTheDocument();
    expect((await db.documents.get(id))!).toMatchObject({ title: doc.meta.title, doi: null, type: doc.meta.type });
  });

  it('leaves everything as it was when cancelled or closed with Escape', async () => {
    const user = userEvent.setup();
    const { edit, dialog } = await openEditor(user);
    await replace(user, field(dialog, 'Title'), 'Something else');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(edit).toHaveFocus();
    await user.click(edit);
    const again = screen.getByRole('dialog', { name: 'Edit details' });
    expect(field(again, 'Title')).toHaveValue(doc.meta.title);
    await user.click(within(again).getByRole('button', { name: 'Cancel' }));
    expect((await db.documents.get(id))!.title).toBe(doc.meta.title);
  });

  it('says so when the storage refuses the save, and keeps the dialog open', async () => {
    const user = userEvent.setup();
    const { dialog } = await openEditor(user);
    vi.spyOn(db.documents, 'put').mockRejectedValue(Object.assign(new Error('full'), { name: 'QuotaExceededError' }));
    await replace(user, field(dialog, 'Title'), 'A new title');
    await user.click(within(dialog).getByRole('button', { name: 'Save details' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/The details were not saved\. The disk or the browser’s storage quota is full/);
    expect((await db.documents.get(id))!.title).toBe(doc.meta.title);
  });
});

describe('two windows editing one document’s details', () => {
  it('keeps the detail another window saved while this one edited, and shows a clash instead of overwriting it', async () => {
    const user = userEvent.setup();
    const { dialog } = await openEditor(user);
    // A second window on the same database saves the journal while this form is open.
    const other = openDatabase(db.name);
    await updateDocumentMeta(other, id, { ...doc.meta, journal: 'Journal saved in the other window' }, { base: (await other.documents.get(id))! });
    await replace(user, field(dialog, 'DOI'), '10.1000/margin.1');
    await user.click(within(dialog).getByRole('button', { name: 'Save details' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit details' })).not.toBeInTheDocument());
    const saved = (await db.documents.get(id))!;
    expect(saved.journal).toBe('Journal saved in the other window');
    expect(saved.doi).toBe('10.1000/margin.1');

    // Both windows change the title: the second save says so and leaves the stored title alone.
    const pane = screen.getByRole('region', { name: 'Reader, left pane' });
    await user.click(within(pane).getByRole('button', { name: 'Edit details' }));
    const again = screen.getByRole('dialog', { name: 'Edit details' });
    await updateDocumentMeta(other, id, { ...saved, title: 'Title from the other window' }, { base: saved });
    await replace(user, field(again, 'Title'), 'Title from this window');
    await user.click(within(again).getByRole('button', { name: 'Save details' }));
    expect(await within(again).findByRole('alert')).toHaveTextContent('Title was changed in another window while you were editing, so nothing was saved.');
    expect(field(again, 'Title')).toHaveValue('Title from the other window');
    expect((await db.documents.get(id))!.title).toBe('Title from the other window');
    // Saving again, having seen it, is the reviewer's informed choice.
    await replace(user, field(again, 'Title'), 'Title from this window');
    await user.click(within(again).getByRole('button', { name: 'Save details' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit details' })).not.toBeInTheDocument());
    expect((await db.documents.get(id))!.title).toBe('Title from this window');
    other.close();
  });
});
