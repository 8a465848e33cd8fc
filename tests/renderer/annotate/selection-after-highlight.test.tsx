// A highlight lets go of the selection it was made from once it is stored, but a reviewer who has
// moved on in the meantime (the reading cursor on to the next sentence while the write was under
// way) keeps the new selection: a late save must not wipe it and send the next key elsewhere.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { ReaderPane } from '../../../renderer/src/features/reader/reader-pane';
import { AnnotationLayer } from '../../../renderer/src/features/annotate/annotation-layer';
import { useAnnotateShortcuts } from '../../../renderer/src/features/annotate/use-annotate-shortcuts';
import { useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const doc = bundledDocuments()[1]!;
let db: MarginDatabase;

function Shortcuts() {
  useAnnotateShortcuts();
  return null;
}

/** Selects `length` characters from the start of the article's `index`-th paragraph, as the reading cursor does. */
function selectInParagraph(article: HTMLElement, index: number, length: number): string {
  const block = article.querySelectorAll<HTMLElement>('[data-start]')[index]!;
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  const node = walker.nextNode()!;
  const range = document.createRange();
  range.setStart(node, 0);
  range.setEnd(node, Math.min(length, node.textContent!.length));
  const selection = document.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
  document.dispatchEvent(new Event('selectionchange'));
  return range.toString();
}

beforeEach(async () => {
  db = await deskWithCorpus(documentIdOf(doc.text));
});
afterEach(() => db.close());

async function renderedArticle(): Promise<HTMLElement> {
  renderWithDatabase(
    db,
    <>
      <Shortcuts />
      <ReaderPane pane={0} Layer={AnnotationLayer} />
    </>,
  );
  const pane = screen.getByRole('region', { name: 'Reader, left pane' });
  await within(pane).findByRole('heading', { level: 2, name: doc.meta.title });
  await waitFor(() => expect(pane.querySelectorAll('.document-text [data-start]').length).toBeGreaterThan(4));
  return pane.querySelector<HTMLElement>('.document-text')!;
}

describe('the selection after a highlight key', () => {
  it('is let go once the highlight is stored, when the reviewer stayed on it', async () => {
    const article = await renderedArticle();
    act(() => void selectInParagraph(article, 3, 40));
    fireEvent.keyDown(article, { key: '2' });
    await waitFor(async () => expect(await db.annotations.count()).toBe(1));
    await waitFor(() => expect(useAppStore.getState().selection).toBeNull());
    expect(document.getSelection()!.toString()).toBe('');
  });

  it('stays where the reviewer moved it while the highlight was being stored', async () => {
    const article = await renderedArticle();
    let first = '';
    act(() => {
      first = selectInParagraph(article, 3, 40);
    });
    fireEvent.keyDown(article, { key: '2' });
    // Before the write lands, the reviewer moves on (ArrowUp to the paragraph above, say).
    let moved = '';
    act(() => {
      moved = selectInParagraph(article, 2, 30);
    });
    expect(await db.annotations.count()).toBe(0);
    await waitFor(async () => expect(await db.annotations.count()).toBe(1));
    // The stored highlight is the first selection's; the second is still selected, in the page and the store.
    const [stored] = await db.annotations.toArray();
    expect(stored!.target?.quote.exact).toBe(first);
    expect(moved).not.toBe(first);
    await waitFor(() => expect(useAppStore.getState().selectedAnnotation?.id).toBe(stored!.id));
    expect(document.getSelection()!.toString()).toBe(moved);
    const selection = useAppStore.getState().selection;
    expect(selection && 'quote' in selection ? selection.quote : null).toBe(moved);
  });
});
