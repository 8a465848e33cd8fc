// The active pane is marked by more than a thin line (issue 15.13): with two panes open, the active
// one says "Active" in its toolbar and carries the marker the stylesheet frames; the other does not.
import { act, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { DocumentId } from '@shared/model';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { ReaderPane } from '../../../renderer/src/features/reader/reader-pane';
import { useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const ids = bundledDocuments().map((d) => documentIdOf(d.text) as DocumentId);
let db: MarginDatabase;
beforeEach(async () => {
  db = await deskWithCorpus(ids[0]);
  act(() => useAppStore.getState().openDocument(ids[1]!, 1));
});
afterEach(() => db.close());

it('names the active pane in words, and moves the word with the focus', async () => {
  renderWithDatabase(
    db,
    <>
      <ReaderPane pane={0} />
      <ReaderPane pane={1} />
    </>,
  );
  const left = screen.getByRole('region', { name: 'Reader, left pane' });
  const right = screen.getByRole('region', { name: 'Reader, right pane' });
  expect(within(right).getByText('Active')).toBeInTheDocument();
  expect(within(left).queryByText('Active')).toBeNull();
  act(() => useAppStore.getState().setActivePane(0));
  expect(within(left).getByText('Active')).toBeInTheDocument();
  expect(within(right).queryByText('Active')).toBeNull();
  expect(left).toHaveAttribute('data-active', 'true');
  // One pane alone is always the active one: no badge needed.
  act(() => useAppStore.getState().setSecondPaneOpen(false));
  expect(within(left).queryByText('Active')).toBeNull();
});
