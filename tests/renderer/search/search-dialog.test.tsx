// The search dialog over the bundled corpus (the index in memory, as in jsdom there is no Worker):
// ranked results with the matches marked as <mark> text, a mistake explained, a result opening its
// document at the match through the store, and annotations grouped by document.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describe as describeRange } from '@shared/anchoring';
import type { DocumentId } from '@shared/model';
import { createAnnotation } from '../../../renderer/src/db/annotations';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { searchIndexOf } from '../../../renderer/src/db/search-index';
import { createSearchClient } from '../../../renderer/src/workers/search-client';
import type { SearchClient } from '../../../renderer/src/workers/search-client';
import { SearchAction } from '../../../renderer/src/features/search/search-dialog';
import { useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const corpus = bundledDocuments();
const remission = corpus[3]!;
const remissionId = documentIdOf(remission.text) as DocumentId;
let db: MarginDatabase;

beforeEach(async () => {
  db = await deskWithCorpus();
});
afterEach(() => {
  searchIndexOf(db).stop();
  db.close();
});

async function openSearch() {
  const user = userEvent.setup();
  renderWithDatabase(db, <SearchAction />);
  await user.click(screen.getByRole('button', { name: 'Search' }));
  const dialog = await screen.findByRole('dialog', { name: 'Search' });
  await within(dialog).findByText(/^\d+ documents indexed\.$/, {}, { timeout: 10_000 });
  return { user, dialog, input: within(dialog).getByRole('searchbox', { name: 'Search all documents' }) };
}

describe('search dialog', () => {
  it('finds a phrase of a body, marks it, and opens the document at it', async () => {
    const { user, dialog, input } = await openSearch();
    // jsdom has no Worker: the index is in memory, and the dialog says so.
    expect(within(dialog).getByText(/kept in memory only \(Workers are unavailable here\)/)).toBeInTheDocument();
    await user.type(input, '"hospital admission"');
    const results = await within(dialog).findByRole('region', { name: 'Documents found' });
    await within(results).findByText('1 document');
    const result = within(results).getByRole('button', { name: new RegExp(remission.meta.title.slice(0, 20)) });
    expect([...result.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual(['hospital admission']);
    await user.click(result);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Search' })).toBeNull());
    const state = useAppStore.getState();
    const start = remission.text.indexOf('hospital admission');
    expect(state.panes[0]).toBe(remissionId);
    expect(state.view).toBe('desk');
    expect(state.showTextRequest).toMatchObject({ pane: 0, documentId: remissionId, start, end: start + 'hospital admission'.length });
  });

  it('shows the best documents before they are all counted, then their number', async () => {
    // A count held back until released: the results must not wait for it.
    const inner = createSearchClient(() => null);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const client: SearchClient = { ...inner, count: async (query) => (await gate, inner.count(query)) };
    searchIndexOf(db, client);
    const { user, dialog, input } = await openSearch();
    await user.type(input, '"hospital admission"');
    const results = await within(dialog).findByRole('region', { name: 'Documents found' });
    const count = within(results).getByRole('status');
    await within(results).findByText('The best document shown; counting every match…');
    expect(count).toHaveAttribute('aria-busy', 'true');
    expect(within(results).getByRole('button', { name: new RegExp(remission.meta.title.slice(0, 20)) })).toBeInTheDocument();
    release();
    await within(results).findByText('1 document');
    expect(count).toHaveAttribute('aria-busy', 'false');
  });

  it('renders a document’s markup-like text as text, never as HTML', async () => {
    await upsertDocuments(db, [{ meta: { ...corpus[0]!.meta, title: 'Markup <b>title</b>', fileName: 'm.txt' }, text: 'Zebrafish <b>bold</b> and <img src="x"> zebrafish.' }], { now: '2026-11-22T10:00:00.000Z' });
    const { user, dialog, input } = await openSearch();
    await user.type(input, 'zebrafish');
    const results = await within(dialog).findByRole('region', { name: 'Documents found' });
    await within(results).findByText('1 document');
    // Only <mark> elements inside the snippets: no element came from a document.
    const tags = new Set([...results.querySelectorAll('.search-result-snippet *, .search-result-title *')].map((el) => el.tagName));
    expect([...tags]).toEqual(['MARK']);
    expect(results.querySelector('.search-result-snippet')!.textContent).toBe('Zebrafish <b>bold</b> and <img src="x"> zebrafish.');
    expect(results.querySelector('.search-result-title')!.textContent).toBe('Markup <b>title</b>');
  });

  it('explains a mistake in the words', async () => {
    const { user, dialog, input } = await openSearch();
    await user.type(input, 'remission type:trials');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('There is no type “trials”: use one of case report, clinical trial');
  });

  it('finds annotations and notes, grouped by document, and opens one in the reader', async () => {
    const start = remission.text.indexOf('hospital admission');
    const annotation = await createAnnotation(db, { documentId: remissionId, target: describeRange(remission.text, start, start + 18), color: 'red', note: 'check the admission count' }, { now: '2026-11-22T10:00:00.000Z' });
    const { user, dialog, input } = await openSearch();
    await user.click(within(dialog).getByRole('button', { name: 'Annotations and values' }));
    await user.type(input, 'admission');
    const found = await within(dialog).findByRole('region', { name: 'Annotations and values found' });
    await within(found).findByText('1 annotation in 1 document');
    expect(within(found).getByRole('heading', { name: remission.meta.title })).toBeInTheDocument();
    const group = within(found).getByRole('list', { name: `Found in ${remission.meta.title}` });
    await user.click(within(group).getByRole('button', { name: /Note/ }));
    expect(useAppStore.getState().showRequest).toEqual({ pane: 0, documentId: remissionId, annotationId: annotation.id });
    act(() => useAppStore.getState().setSearchScope('documents'));
  });
});
