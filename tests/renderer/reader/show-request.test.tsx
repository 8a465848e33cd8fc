// "Show in reader" as a store request that the reader pane answers: the evidence table asks, the
// left pane opens the document and flashes the quote once its text is rendered that far, then
// clears the request. Nobody polls another screen's DOM.
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { describe } from '@shared/anchoring';
import type { AnnotationId, DocumentId } from '@shared/model';
import { createAnnotation } from '../../../renderer/src/db/annotations';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { AnnotationLayer } from '../../../renderer/src/features/annotate/annotation-layer';
import { FIRST_SLICE } from '../../../renderer/src/features/reader/document-text';
import { ReaderPane } from '../../../renderer/src/features/reader/reader-pane';
import { useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const corpus = bundledDocuments();
// Far more paragraphs than the first slice renders, so the quote near the end arrives frames later.
const PARAGRAPHS = FIRST_SLICE * 3;
const longText = Array.from({ length: PARAGRAPHS }, (_, i) => `Paragraph ${i} on cytokine release syndrome after infusion.`).join('\n\n');
const longId = documentIdOf(longText) as DocumentId;
const LAST_QUOTE = `Paragraph ${PARAGRAPHS - 1} on cytokine`;
let db: MarginDatabase;

beforeEach(async () => {
  db = await deskWithCorpus();
  await upsertDocuments(db, [{ meta: { ...corpus[0]!.meta, title: 'A long article', fileName: 'long.txt' }, text: longText }], { now: '2026-11-22T10:00:00.000Z' });
});
afterEach(() => db.close());

async function annotateLong(quote: string) {
  const at = longText.indexOf(quote);
  if (at < 0) throw new Error(quote);
  return createAnnotation(db, { documentId: longId, target: describe(longText, at, at + quote.length), color: 'red' }, { now: new Date().toISOString() });
}

const renderLeftPane = () => renderWithDatabase(db, <ReaderPane pane={0} Layer={AnnotationLayer} />);

/** The end offset of the last block in the DOM of the left pane's text, each time the store's flash changes. */
function recordRenderedAtFlash(): { id: AnnotationId; renderedTo: number }[] {
  const seen: { id: AnnotationId; renderedTo: number }[] = [];
  useAppStore.subscribe((state, before) => {
    if (!state.flash || state.flash === before.flash) return;
    const blocks = document.querySelectorAll<HTMLElement>('.document-text [data-end]');
    seen.push({ id: state.flash.id, renderedTo: Number(blocks[blocks.length - 1]?.dataset.end ?? 0) });
  });
  return seen;
}

suite('show in reader', () => {
  it('opens the document in the left pane of the desk and selects the value at once, leaving the request to the pane', () => {
    const id = 'value-1' as AnnotationId;
    useAppStore.getState().setView('table');
    useAppStore.getState().setActivePane(1);
    useAppStore.getState().requestShowInReader(longId, id);
    const state = useAppStore.getState();
    expect(state.panes[0]).toBe(longId);
    expect(state.activePane).toBe(0);
    expect(state.view).toBe('desk');
    expect(state.selectedAnnotation).toEqual({ pane: 0, id });
    expect(state.showRequest).toEqual({ pane: 0, documentId: longId, annotationId: id });
    expect(state.flash).toBeNull();
  });

  it('only opens the document when there is no value to show', () => {
    useAppStore.getState().requestShowInReader(longId, null);
    expect(useAppStore.getState().panes[0]).toBe(longId);
    expect(useAppStore.getState().showRequest).toBeNull();
  });

  it('the left pane flashes the quote once its text is rendered that far, and clears the request', async () => {
    const last = await annotateLong(LAST_QUOTE);
    const quoteEnd = longText.indexOf(LAST_QUOTE) + LAST_QUOTE.length;
    const flashes = recordRenderedAtFlash();
    renderLeftPane();
    act(() => useAppStore.getState().requestShowInReader(longId, last.id));
    await waitFor(() => expect(useAppStore.getState().showRequest).toBeNull(), { timeout: 5_000 });
    expect(flashes).toHaveLength(1);
    expect(flashes[0]!.id).toBe(last.id);
    // The quote was in the DOM when the pane flashed it: the scroll and the flash find its range.
    expect(flashes[0]!.renderedTo).toBeGreaterThanOrEqual(quoteEnd);
    expect(useAppStore.getState().flash).toMatchObject({ pane: 0, id: last.id });
  });

  it('puts the keyboard focus in the article, with the reading cursor on the quote', async () => {
    const text = 'Results\n\nShe was treated. The dose was 1 × 10⁶ cells/kg. CRS was grade 1.';
    const shortId = documentIdOf(text) as DocumentId;
    await upsertDocuments(db, [{ meta: { ...corpus[0]!.meta, title: 'A short case', fileName: 'short.txt' }, text }], { now: '2026-11-22T10:00:00.000Z' });
    const at = text.indexOf('The dose');
    const value = await createAnnotation(db, { documentId: shortId, target: describe(text, at, at + 'The dose was 1 × 10⁶ cells/kg.'.length), color: 'red' }, { now: new Date().toISOString() });
    renderLeftPane();
    act(() => useAppStore.getState().requestShowInReader(shortId, value.id));
    await waitFor(() => expect(useAppStore.getState().showRequest).toBeNull(), { timeout: 5_000 });
    const article = screen.getByLabelText('Article in the left pane');
    expect(document.activeElement).toBe(article);
    // The cursor moves on from the quote, not from the top of the article.
    fireEvent.keyDown(article, { key: 'ArrowDown' });
    expect(document.getSelection()?.toString()).toBe('CRS was grade 1.');
  });

  it('answers only the newest request', async () => {
    const first = await annotateLong('Paragraph 3 on cytokine');
    const second = await annotateLong(LAST_QUOTE);
    const flashes = recordRenderedAtFlash();
    renderLeftPane();
    act(() => {
      useAppStore.getState().requestShowInReader(longId, first.id);
      useAppStore.getState().requestShowInReader(longId, second.id);
    });
    await waitFor(() => expect(useAppStore.getState().showRequest).toBeNull(), { timeout: 5_000 });
    expect(flashes.map((f) => f.id)).toEqual([second.id]);
  });

  it('drops a request for a value whose quote cannot be found, keeping it selected for the side panel', async () => {
    const lost = await createAnnotation(
      db,
      {
        documentId: longId,
        target: { position: { type: 'TextPositionSelector', start: 10, end: 40 }, quote: { type: 'TextQuoteSelector', exact: 'a sentence this article never had', prefix: '', suffix: '' } },
        color: 'red',
      },
      { now: new Date().toISOString() });
    renderLeftPane();
    act(() => useAppStore.getState().requestShowInReader(longId, lost.id));
    await waitFor(() => expect(useAppStore.getState().showRequest).toBeNull(), { timeout: 5_000 });
    expect(useAppStore.getState().flash).toBeNull();
    expect(useAppStore.getState().selectedAnnotation).toEqual({ pane: 0, id: lost.id });
  });

  it('leaves a request for another document to the pane that will show it', async () => {
    const last = await annotateLong(LAST_QUOTE);
    act(() => useAppStore.getState().openDocument(documentIdOf(corpus[1]!.text) as DocumentId, 0));
    renderLeftPane();
    // The request is made while the pane still shows another document; it is answered for the right one.
    act(() => useAppStore.setState({ showRequest: { pane: 0, documentId: longId, annotationId: last.id } }));
    await act(() => new Promise((done) => setTimeout(done, 200)));
    expect(useAppStore.getState().showRequest).not.toBeNull();
    act(() => useAppStore.getState().openDocument(longId, 0));
    await waitFor(() => expect(useAppStore.getState().flash).toMatchObject({ id: last.id }), { timeout: 5_000 });
  });
});
