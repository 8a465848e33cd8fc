// Text selected in a document's header (its title, say) cannot be tagged: F, N, T and 1–8 say why
// instead of doing nothing, and nothing is stored.
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { NoticeArea, useNotices } from '../../../renderer/src/components/notices';
import { ReaderPane } from '../../../renderer/src/features/reader/reader-pane';
import { HEADER_SELECTION_HINT, useAnnotateShortcuts } from '../../../renderer/src/features/annotate/use-annotate-shortcuts';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const doc = bundledDocuments()[1]!;
let db: MarginDatabase;

function Shortcuts() {
  useAnnotateShortcuts();
  return null;
}

beforeEach(async () => {
  useNotices.setState({ notices: [] });
  db = await deskWithCorpus(documentIdOf(doc.text));
});
afterEach(() => db.close());

describe('annotate keys over the document header', () => {
  it.each(['f', '1', 'n'])('%s with the title selected says why nothing is tagged, and stores nothing', async (key) => {
    renderWithDatabase(
      db,
      <>
        <Shortcuts />
        <ReaderPane pane={0} />
        <NoticeArea />
      </>,
    );
    const pane = screen.getByRole('region', { name: 'Reader, left pane' });
    const title = await within(pane).findByRole('heading', { level: 2, name: doc.meta.title });
    act(() => {
      const range = document.createRange();
      range.selectNodeContents(title);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
    });
    fireEvent.keyDown(title, { key });
    // Announced: the message is in a status toast.
    expect((await screen.findByText(HEADER_SELECTION_HINT)).closest('[role=status]')).not.toBeNull();
    expect(await db.annotations.count()).toBe(0);
  });
});
