// Find in document in a reader pane (jsdom, where the Highlight API is missing, so the count and the
// keys are what is checked here; painting is checked in Chromium by tests/e2e/search.e2e.ts).
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentId } from '@shared/model';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { FindBar, isFindShortcut } from '../../../renderer/src/features/search/find-bar';
import { FIRST_SLICE } from '../../../renderer/src/features/reader/document-text';
import { ReaderPane } from '../../../renderer/src/features/reader/reader-pane';
import { useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const corpus = bundledDocuments();
// More paragraphs than the first slice renders: a request for the last one waits for its text.
const PARAGRAPHS = FIRST_SLICE * 2;
const text = Array.from({ length: PARAGRAPHS }, (_, i) => `Paragraph ${i} on Cytokine release; cytokines rose.`).join('\n\n');
const id = documentIdOf(text) as DocumentId;
let db: MarginDatabase;

beforeEach(async () => {
  db = await deskWithCorpus();
  await upsertDocuments(db, [{ meta: { ...corpus[0]!.meta, title: 'Find me', fileName: 'find.txt' }, text }], { now: '2026-11-22T10:00:00.000Z' });
  act(() => useAppStore.getState().openDocument(id, 0));
});
afterEach(() => db.close());

async function openPane() {
  renderWithDatabase(db, <ReaderPane pane={0} Layer={FindBar} />);
  await screen.findByRole('heading', { level: 2, name: 'Find me' });
}

describe('find bar', () => {
  it('opens on Ctrl+F, counts and steps with Enter and Shift+Enter, and Escape gives focus back', async () => {
    const user = userEvent.setup();
    await openPane();
    const article = screen.getByLabelText('Article in the left pane');
    article.focus();
    await user.keyboard('{Control>}f{/Control}');
    const input = await screen.findByRole('searchbox', { name: 'Find in document' });
    await waitFor(() => expect(input).toHaveFocus());
    await user.type(input, 'cytokine');
    const count = screen.getByRole('status');
    // Two per paragraph ("Cytokine" and "cytokines"), all of them, rendered or not yet.
    expect(count).toHaveTextContent(`1 of ${PARAGRAPHS * 2}`);
    await user.keyboard('{Enter}{Enter}');
    expect(count).toHaveTextContent(`3 of ${PARAGRAPHS * 2}`);
    await user.keyboard('{Shift>}{Enter}{/Shift}');
    expect(count).toHaveTextContent(`2 of ${PARAGRAPHS * 2}`);
    await user.click(screen.getByRole('checkbox', { name: 'Whole words' }));
    expect(count).toHaveTextContent(`1 of ${PARAGRAPHS}`);
    // Match case: the lowercase word stands only inside "cytokines", which whole words leaves out.
    await user.click(screen.getByRole('checkbox', { name: 'Match case' }));
    expect(count).toHaveTextContent('No matches');
    await user.clear(input);
    await user.type(input, 'Cytokine');
    expect(count).toHaveTextContent(`1 of ${PARAGRAPHS}`);
    await user.type(input, 's');
    expect(count).toHaveTextContent('No matches');
    expect(screen.getByRole('button', { name: 'Next match' })).toBeDisabled();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('search', { name: 'Find in the left pane' })).toBeNull();
    expect(article).toHaveFocus();
  });

  it('answers search’s request to show a stretch of text: opens with that text, at that occurrence, once it is rendered', async () => {
    await openPane();
    const last = `Paragraph ${PARAGRAPHS - 1} on Cytokine`;
    const start = text.indexOf(last) + last.indexOf('Cytokine');
    act(() => useAppStore.getState().requestShowInReader(id, null, { start, end: start + 'Cytokine'.length }));
    const input = await screen.findByRole('searchbox', { name: 'Find in document' });
    expect(input).toHaveValue('Cytokine');
    // The last paragraph's "Cytokine" is the (2 × PARAGRAPHS − 1)th case-insensitive match.
    expect(screen.getByRole('status')).toHaveTextContent(`${PARAGRAPHS * 2 - 1} of ${PARAGRAPHS * 2}`);
    await waitFor(() => expect(useAppStore.getState().showTextRequest).toBeNull());
  });

  it('takes Ctrl+F and ⌘F, and leaves Ctrl+Shift+F to search', () => {
    const key = (patch: Partial<KeyboardEvent>) => ({ ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, key: 'f', ...patch });
    expect(isFindShortcut(key({ ctrlKey: true }))).toBe(true);
    expect(isFindShortcut(key({ metaKey: true, key: 'F' }))).toBe(true);
    expect(isFindShortcut(key({ ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isFindShortcut(key({}))).toBe(false);
  });
});
