// The reading cursor in a pane: arrow keys in the article select words and sentences as a DOM
// selection (which the annotate layer turns into the store's selection), Shift extends, and a live
// region says what is selected.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentId } from '@shared/model';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { ReaderPane } from '../../../renderer/src/features/reader/reader-pane';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';
import { useAppStore } from '../../../renderer/src/store/app-store';

const TEXT = 'Case report\n\nA woman of 41 had dermatomyositis. She received CAR T cells. CRS was grade 1.\n\nShe recovered.';
const id = documentIdOf(TEXT) as DocumentId;
let db: MarginDatabase;

beforeEach(async () => {
  db = await deskWithCorpus();
  await upsertDocuments(db, [{ meta: { ...bundledDocuments()[0]!.meta, title: 'A short case', fileName: 'short.txt' }, text: TEXT }], { now: '2026-11-22T10:00:00.000Z' });
  act(() => useAppStore.getState().openDocument(id, 0));
});
afterEach(() => db.close());

async function article() {
  renderWithDatabase(db, <ReaderPane pane={0} />);
  const pane = screen.getByRole('region', { name: 'Reader, left pane' });
  await within(pane).findByText(/^A woman of 41/);
  const scroller = within(pane).getByLabelText('Article in the left pane');
  scroller.focus();
  return { pane, scroller };
}

const announcer = (pane: HTMLElement) => pane.querySelector('.cursor-announcement');
const selected = () => document.getSelection()?.toString();
const press = (el: HTMLElement, key: string, init: Partial<KeyboardEventInit> = {}) => fireEvent.keyDown(el, { key, ...init });

describe('reading cursor', () => {
  it('selects the next word with →, the next sentence with ↓ and the next paragraph with Ctrl+↓, and says so', async () => {
    const { pane, scroller } = await article();
    expect(scroller).toHaveAccessibleDescription(/Arrow keys select the next word/);
    press(scroller, 'ArrowRight');
    expect(selected()).toBe('Case');
    press(scroller, 'ArrowRight');
    expect(selected()).toBe('report');
    press(scroller, 'ArrowDown');
    expect(selected()).toBe('A woman of 41 had dermatomyositis.');
    press(scroller, 'ArrowDown');
    expect(selected()).toBe('She received CAR T cells.');
    expect(announcer(pane)).toHaveTextContent('She received CAR T cells.');
    press(scroller, 'ArrowDown', { ctrlKey: true });
    expect(selected()).toBe('She recovered.');
    press(scroller, 'ArrowUp');
    expect(selected()).toBe('CRS was grade 1.');
    press(scroller, 'ArrowLeft');
    expect(selected()).toBe('cells');
  });

  it('extends the selection with Shift, and Escape clears it', async () => {
    const { pane, scroller } = await article();
    press(scroller, 'ArrowDown');
    press(scroller, 'ArrowDown');
    press(scroller, 'ArrowDown', { shiftKey: true });
    expect(selected()).toBe('A woman of 41 had dermatomyositis. She received CAR T cells.');
    expect(announcer(pane)).toHaveTextContent(/^Selected: A woman of 41/);
    press(scroller, 'ArrowLeft', { shiftKey: true });
    expect(selected()).toBe('A woman of 41 had dermatomyositis. She received CAR T cells');
    press(scroller, 'Escape');
    expect(selected()).toBe('');
  });

  it('starts from a selection made with the mouse', async () => {
    const { scroller } = await article();
    const paragraph = screen.getByText(/^A woman of 41/);
    const node = paragraph.firstChild!;
    const at = node.textContent!.indexOf('dermatomyositis');
    document.getSelection()!.setBaseAndExtent(node, at, node, at + 'dermatomyositis'.length);
    press(scroller, 'ArrowRight', { shiftKey: true });
    await waitFor(() => expect(selected()).toBe('dermatomyositis. She'));
  });
});
