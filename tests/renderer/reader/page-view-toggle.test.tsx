// The switch between text view and page view, in jsdom: offered only for a document with a kept PDF,
// it swaps the article for the pages ("Page 1 of 2", a region per page) and back. jsdom draws no
// canvas, so pdf.js is replaced by a stand-in that reports two pages of a size.
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sha256Bytes } from '@shared/hash';
import { importedDocument } from '@shared/import/incoming';
import type { DocumentId } from '@shared/model';
import { DatabaseProvider } from '../../../renderer/src/db/context';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { upsertDocuments } from '../../../renderer/src/db/documents';
import { createAnnotation } from '../../../renderer/src/db/annotations';
import { storeImportedDocuments } from '../../../renderer/src/db/imports';
import { OpenDocuments } from '../../../renderer/src/document/open-documents';
import type { PdfViewerModule } from '../../../renderer/src/document/pdf-pages';
import { ReaderPane } from '../../../renderer/src/features/reader/reader-pane';
import { resetAppStore, useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const page1 = 'Chimeric antigen receptor T cells were infused into a girl with dermatomyositis.';
const page2 = 'At month nine all participants continued to improve.';
const text = `${page1}\n\n${page2}`;
const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);

let db: MarginDatabase;
let pdfId: DocumentId;

/** pdf.js as far as the page view asks before drawing: a document of two A4 pages. */
const standIn = (): Promise<PdfViewerModule> =>
  Promise.resolve({
    getDocument: () => ({
      promise: Promise.resolve({ numPages: 2, getPage: () => Promise.resolve({ getViewport: () => ({ width: 595, height: 842 }) }) }),
      destroy: () => Promise.resolve(),
    }),
    TextLayer: class {},
  } as unknown as PdfViewerModule);

beforeEach(async () => {
  resetAppStore();
  vi.stubGlobal('IntersectionObserver', class { observe() {} disconnect() {} });
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  db = freshDatabase();
  await upsertDocuments(db, bundledDocuments().slice(0, 1), { now: '2026-12-01T10:00:00.000Z' });
  const outcome = await storeImportedDocuments(db, [
    {
      ...importedDocument('case.pdf', text, { title: 'A PDF case', pageMap: [{ page: 1, start: 0, end: page1.length }, { page: 2, start: page1.length + 2, end: text.length }] }),
      original: { mediaType: 'application/pdf', sha256: sha256Bytes(bytes), bytes, pageCount: 2, runs: [] },
    },
  ]);
  if (outcome.status !== 'imported') throw new Error(outcome.status);
  pdfId = outcome.added[0]!.id;
});
afterEach(() => {
  db.close();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function renderPane() {
  return render(
    <DatabaseProvider db={db}>
      <OpenDocuments>
        <ReaderPane pane={0} loadPdfViewer={standIn} />
      </OpenDocuments>
    </DatabaseProvider>,
  );
}

describe('text view and page view', () => {
  it('switches a PDF between its text and its pages, and back', async () => {
    const user = userEvent.setup();
    act(() => useAppStore.getState().openDocument(pdfId, 0));
    renderPane();
    const pane = screen.getByRole('region', { name: 'Reader, left pane' });
    expect(await within(pane).findByText(/Chimeric antigen receptor T cells were infused/)).toBeInTheDocument();
    const textView = await within(pane).findByRole('button', { name: 'Text view' });
    const pageView = within(pane).getByRole('button', { name: 'Page view' });
    expect(textView).toHaveAttribute('aria-pressed', 'true');
    expect(pageView).toHaveAttribute('aria-pressed', 'false');

    await user.click(pageView);
    await waitFor(() => expect(within(pane).getByRole('status')).toHaveTextContent('Page 1 of 2'));
    await waitFor(() => expect(within(pane).getAllByRole('region', { name: /^Page \d of 2$/ })).toHaveLength(2));
    expect(within(pane).queryByText(/Chimeric antigen receptor T cells were infused/)).toBeNull();
    expect(within(pane).getByRole('button', { name: 'Page view' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(within(pane).getByRole('button', { name: 'Next page' }));
    expect(within(pane).getByRole('status')).toHaveTextContent('Page 2 of 2');
    expect(within(pane).getByRole('button', { name: 'Next page' })).toBeDisabled();

    await user.click(within(pane).getByRole('button', { name: 'Text view' }));
    expect(await within(pane).findByText(/Chimeric antigen receptor T cells were infused/)).toBeInTheDocument();
    expect(within(pane).queryByRole('region', { name: /^Page \d of 2$/ })).toBeNull();
  });

  it('opens the page view at an area shown from another screen, draws it named by page and meaning, and flashes it', async () => {
    const area = { type: 'AreaSelector' as const, page: 2, x: 0.1, y: 0.2, width: 0.5, height: 0.3, pageWidth: 595, pageHeight: 842 };
    const made = await createAnnotation(db, { documentId: pdfId, target: null, area, color: 'red', note: 'Table 2' });
    act(() => useAppStore.getState().openDocument(pdfId, 0));
    renderPane();
    const pane = screen.getByRole('region', { name: 'Reader, left pane' });
    expect(await within(pane).findByText(/Chimeric antigen receptor T cells were infused/)).toBeInTheDocument();
    act(() => useAppStore.getState().requestShowInReader(pdfId, made.id));
    // The area has no place in the text: the pane turns to its page.
    await waitFor(() => expect(within(pane).getByRole('button', { name: 'Page view' })).toHaveAttribute('aria-pressed', 'true'));
    const label = await within(pane).findByRole('button', { name: 'Area on page 2: Adverse event (Red), note: Table 2' });
    const box = label.closest<HTMLElement>('.page-area')!;
    expect(box.closest('[data-page]')).toHaveAttribute('data-page', '2');
    expect(parseFloat(box.style.top)).toBeCloseTo(20, 6);
    await waitFor(() => expect(box).toHaveAttribute('data-flash'));
    expect(box).toHaveAttribute('data-selected');
    expect(useAppStore.getState().showRequest).toBeNull();
  });

  it('flashes an area once for the request that asked, not again after another zoom or on coming back from the text view', async () => {
    const user = userEvent.setup();
    const area = { type: 'AreaSelector' as const, page: 1, x: 0.1, y: 0.2, width: 0.5, height: 0.3, pageWidth: 595, pageHeight: 842 };
    const made = await createAnnotation(db, { documentId: pdfId, target: null, area, color: 'red', note: 'Table 1' });
    act(() => useAppStore.getState().openDocument(pdfId, 0));
    renderPane();
    const pane = screen.getByRole('region', { name: 'Reader, left pane' });
    await user.click(await within(pane).findByRole('button', { name: 'Page view' }));
    const box = () => within(pane).getByRole('button', { name: /^Area on page 1: Adverse event \(Red\)/ }).closest<HTMLElement>('.page-area')!;
    await waitFor(() => expect(box()).toBeInTheDocument());
    act(() => useAppStore.getState().flashAnnotation(0, made.id));
    await waitFor(() => expect(box()).toHaveAttribute('data-flash'));
    await waitFor(() => expect(box()).not.toHaveAttribute('data-flash'), { timeout: 4_000 });
    // From here on, any flash put on an area is a replay.
    const replays: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const record of records) if ((record.target as HTMLElement).hasAttribute('data-flash')) replays.push(record.type);
    });
    const watch = () => observer.observe(pane, { attributes: true, attributeFilter: ['data-flash'], subtree: true, childList: true });
    watch();
    await user.selectOptions(within(pane).getByRole('combobox', { name: 'Zoom' }), '0.75');
    await user.click(within(pane).getByRole('button', { name: 'Text view' }));
    await user.click(within(pane).getByRole('button', { name: 'Page view' }));
    await waitFor(() => expect(box()).toBeInTheDocument());
    await new Promise((done) => setTimeout(done, 100));
    observer.disconnect();
    expect(replays).toEqual([]);
    expect(pane.querySelectorAll('.page-area[data-flash]')).toHaveLength(0);
    // A new request for the same area does flash it again.
    act(() => useAppStore.getState().flashAnnotation(0, made.id));
    await waitFor(() => expect(box()).toHaveAttribute('data-flash'));
  });

  it('places an area by keyboard, moves and sizes it with the arrows, and drops it with Escape', async () => {
    const user = userEvent.setup();
    act(() => useAppStore.getState().openDocument(pdfId, 0));
    renderPane();
    const pane = screen.getByRole('region', { name: 'Reader, left pane' });
    await user.click(await within(pane).findByRole('button', { name: 'Page view' }));
    await waitFor(() => expect(within(pane).getAllByRole('region', { name: /^Page \d of 2$/ })).toHaveLength(2));
    await user.click(within(pane).getByRole('button', { name: 'Draw area' }));
    const draft = await within(pane).findByRole('group', { name: /^New area on page 1/ });
    await waitFor(() => expect(draft).toHaveFocus());
    expect(useAppStore.getState().selection).toMatchObject({ kind: 'area', area: { page: 1, x: 0.2, y: 0.3, width: 0.6, height: 0.25 } });
    await user.keyboard('{ArrowRight}{ArrowRight}{Shift>}{ArrowDown}{/Shift}');
    const moved = useAppStore.getState().selection;
    if (!moved || !('kind' in moved)) throw new Error('expected an area selection');
    expect(moved.area.x).toBeCloseTo(0.22, 9);
    expect(moved.area.height).toBeCloseTo(0.26, 9);
    expect(within(pane).getByRole('toolbar', { name: 'Annotate the area' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(useAppStore.getState().selection).toBeNull();
    expect(within(pane).queryByRole('group', { name: /^New area/ })).toBeNull();
    expect(await db.annotations.count()).toBe(0);
  });

  it('offers no page view for a document without a kept PDF', async () => {
    const bundled = (await db.documents.toArray()).find((d) => d.origin === 'bundled')!.id;
    act(() => useAppStore.getState().openDocument(bundled, 0));
    renderPane();
    const pane = screen.getByRole('region', { name: 'Reader, left pane' });
    await within(pane).findByRole('heading', { level: 2 });
    expect(within(pane).queryByRole('button', { name: 'Page view' })).toBeNull();
  });
});
