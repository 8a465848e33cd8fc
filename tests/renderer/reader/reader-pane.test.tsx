import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentId } from '@shared/model';
import { DatabaseProvider } from '../../../renderer/src/db/context';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { OpenDocuments } from '../../../renderer/src/document/open-documents';
import { ReaderPane } from '../../../renderer/src/features/reader/reader-pane';
import { resetAppStore, useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

let db: MarginDatabase;
const corpus = bundledDocuments();
const idOf = (index: number) => documentIdOf(corpus[index]!.text);

beforeEach(async () => {
  resetAppStore();
  db = freshDatabase();
  await upsertDocuments(db, corpus, { now: '2026-11-22T10:00:00.000Z' });
});
afterEach(() => db.close());

function renderPane(pane: 0 | 1 = 0) {
  return render(
    <DatabaseProvider db={db}>
      <OpenDocuments>
        <ReaderPane pane={pane} />
      </OpenDocuments>
    </DatabaseProvider>,
  );
}

describe('ReaderPane', () => {
  it('invites the reviewer to pick a document when empty', () => {
    renderPane();
    expect(screen.getByText('No document in the left pane.')).toBeInTheDocument();
  });

  it('shows the metadata header, the text in paragraphs, and folds the page furniture', async () => {
    act(() => useAppStore.getState().openDocument(idOf(1), 0));
    renderPane();
    const pane = screen.getByRole('region', { name: 'Reader, left pane' });
    expect(await within(pane).findByRole('heading', { level: 2, name: corpus[1]!.meta.title })).toBeInTheDocument();
    expect(within(pane).getByText('10.1002/art.42933')).toBeInTheDocument();
    expect(within(pane).getByRole('button', { name: 'Copy DOI 10.1002/art.42933' })).toBeInTheDocument();
    const results = within(pane).getByText(/^Results: Before anti-CD19 CAR T cell therapy/);
    expect(results.tagName).toBe('P');
    // The paragraph is exactly its slice of the stored text, and says where it starts.
    const start = Number(results.dataset.start);
    expect(corpus[1]!.text.slice(start, start + results.textContent!.length)).toBe(results.textContent);
    const banner = within(pane).getByText('Site banner').closest('details')!;
    expect(banner.open).toBe(false);
    expect(within(pane).getByText('References').closest('details')).not.toBeNull();
  });

  it('lets the reviewer expand a folded block (a native disclosure, so Enter and Space work too)', async () => {
    const user = userEvent.setup();
    act(() => useAppStore.getState().openDocument(idOf(0), 0));
    renderPane();
    const summary = (await screen.findByText('Site menu')).closest('summary')!;
    const details = summary.closest('details')!;
    expect(details.open).toBe(false);
    await user.click(summary);
    expect(details.open).toBe(true);
    expect(within(details).getByText(/Axial Spondyloarthritis/)).toBeInTheDocument();
  });

  it('switches document from its own picker', async () => {
    const user = userEvent.setup();
    act(() => useAppStore.getState().openDocument(idOf(1), 1));
    renderPane(1);
    // Queried once the documents are read: the picker is mounted again then (see reader-pane.tsx).
    const pickerOf = () => screen.getByRole('combobox', { name: 'Document in the right pane' });
    await waitFor(() => expect(within(pickerOf()).getAllByRole('option')).toHaveLength(6));
    await user.selectOptions(pickerOf(), corpus[4]!.meta.title);
    expect(useAppStore.getState().panes[1]).toBe(idOf(4) as DocumentId);
    expect(await screen.findByRole('heading', { level: 2, name: corpus[4]!.meta.title })).toBeInTheDocument();
    expect(screen.getByText('NCT04146051')).toBeInTheDocument();
  });
});
