// One reader pane: its own document picker, the metadata header and the article text.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ComponentType } from 'react';
import { useDocuments } from '../../db/documents';
import { useAppStore } from '../../store/app-store';
import type { PaneIndex } from '../../store/app-store';
import type { DocumentId } from '@shared/model';
import { DocumentHeader } from './document-header';
import { DocumentText } from './document-text';
import { useOpenDocument } from '../../document/open-documents';
import { PANE_NAMES } from '../../document/panes';
import type { ReaderLayerProps } from '../../document/reader-layer';
import { useOriginal } from '../../db/originals';
import { blockElements, firstVisibleOffset, keepInView, textWindowBetween } from '../../document/text-ranges';
import { pageAt } from '@shared/text/page-map';
import { PageView } from './page-view';
import type { PdfViewerModule } from '../../document/pdf-pages';
import { useReadingCursor } from './use-reading-cursor';
import { regionProps } from '../../components/regions';
import { useTextBlocks } from '../../document/use-text-blocks';
import { TextProgress } from './text-progress';
import { DocumentPicker } from './document-picker';
import type { TextSource } from '@shared/text/text-source';

interface Props {
  pane: PaneIndex;
  /** Drawn over the text (highlights, selection toolbar); composed in by app.tsx. */
  Layer?: ComponentType<ReaderLayerProps>;
  /** Supplies pdf.js to the page view; tests pass their own. */
  loadPdfViewer?: () => Promise<PdfViewerModule>;
}

type View = 'text' | 'pages';

export function ReaderPane({ pane, Layer, loadPdfViewer }: Props) {
  const documentId = useAppStore((s) => s.panes[pane]);
  const active = useAppStore((s) => s.activePane === pane);
  const secondPaneOpen = useAppStore((s) => s.secondPaneOpen);
  const setActivePane = useAppStore((s) => s.setActivePane);
  const setSecondPaneOpen = useAppStore((s) => s.setSecondPaneOpen);
  const documents = useDocuments();
  const open = useOpenDocument(documentId);
  const loaded = open?.loaded ?? null;
  const name = PANE_NAMES[pane];
  const scrollRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const text = loaded?.state === 'ready' ? loaded.text : null;
  // How far the text is rendered, for the text it was rendered from (a new document starts again).
  const [rendered, setRendered] = useState<{ text: TextSource | null; to: number }>({ text: null, to: 0 });
  const renderedTo = rendered.text === text ? rendered.to : 0;
  const onProgress = useCallback((to: number) => setRendered({ text, to }), [text]);
  const anchoredSet = open?.anchoredSet ?? null;
  const textBlocks = useTextBlocks(text);
  const blocks = textBlocks?.state === 'ready' ? textBlocks.blocks : null;
  const cursor = useReadingCursor(text, blocks, scrollRef, textRef);
  const { placeAt } = cursor;
  const original = useOriginal(documentId) ?? null;
  // Which view, and the page that keeps the place when switching; per document, reset on a new one.
  const [view, setView] = useState<{ documentId: DocumentId | null; view: View; page: number }>({ documentId, view: 'text', page: 1 });
  const current = view.documentId === documentId ? view : { documentId, view: 'text' as View, page: 1 };
  const showPages = current.view === 'pages' && original !== null && text !== null;
  const pendingOffset = useRef<number | null>(null);

  const switchTo = (next: View) => {
    if (next === current.view || !loaded || loaded.state !== 'ready') return;
    if (next === 'pages') {
      // The page of the first text in view.
      const scroller = scrollRef.current;
      const container = textRef.current;
      const box = scroller?.getBoundingClientRect();
      const window = container && box ? textWindowBetween(container, box.top, box.bottom) : null;
      const firstVisible = container && box ? blockElements(container).find((b) => b.getBoundingClientRect().bottom > box.top) : undefined;
      const offset = firstVisible ? Number(firstVisible.dataset.start) : (window?.[0] ?? 0);
      setView({ documentId, view: 'pages', page: pageAt(loaded.meta.pageMap, offset) ?? nearestPage(loaded.meta.pageMap, offset) });
    } else {
      // The text where the page in view starts.
      const span = (loaded.meta.pageMap ?? []).filter((s) => s.page === current.page && s.end > s.start).sort((a, b) => a.start - b.start)[0];
      pendingOffset.current = span?.start ?? null;
      setView({ documentId, view: 'text', page: current.page });
    }
  };
  useEffect(() => {
    const offset = pendingOffset.current;
    const container = textRef.current;
    if (current.view !== 'text' || offset === null || !container || renderedTo < offset) return;
    const block = blockElements(container).find((b) => Number(b.dataset.start) <= offset && offset < Number(b.dataset.end));
    block?.scrollIntoView({ block: 'start' });
    pendingOffset.current = null;
  }, [current.view, renderedTo]);

  // Another screen asked to show an annotation here: answer once the quote is in the DOM (the text
  // renders in slices), by flashing it; with nothing to show (the quote is lost, or the document),
  // the request is dropped and the side panel shows the selected annotation.
  const request = useAppStore((s) => (s.showRequest?.pane === pane && s.showRequest.documentId === documentId ? s.showRequest : null));
  // An area has no place in the text: showing one opens the page view at its page (set while
  // rendering, so the view is right before anything is drawn; the effect below then answers).
  const requestedArea = request && original !== null && current.view !== 'pages' ? anchoredSet?.areas.find((a) => a.id === request.annotationId)?.area : undefined;
  if (requestedArea) setView({ documentId, view: 'pages', page: requestedArea.page });
  useEffect(() => {
    if (!request || !loaded || loaded.state === 'loading') return;
    const { answerShowRequest, flashAnnotation } = useAppStore.getState();
    if (loaded.state === 'missing') return answerShowRequest(request);
    if (!anchoredSet) return;
    const item = anchoredSet.byId.get(request.annotationId);
    const area = item ? undefined : anchoredSet.areas.find((a) => a.id === request.annotationId)?.area;
    // The page view answers on its page: it scrolls there and flashes the quote or the area.
    if (showPages) {
      if (item || area) flashAnnotation(pane, request.annotationId);
      return answerShowRequest(request);
    }
    if (!item) return answerShowRequest(request);
    if (renderedTo < item.end) return;
    flashAnnotation(pane, request.annotationId);
    answerShowRequest(request);
    // The reviewer came here by keyboard as often as by mouse: the focus follows to the article,
    // with the reading cursor on the quote, rather than falling to the page when the table goes.
    placeAt({ start: item.start, end: item.end });
    scrollRef.current?.focus({ preventScroll: true });
  }, [anchoredSet, loaded, pane, placeAt, renderedTo, request, showPages]);

  // Each document opens where its reader last left it, or at its top, never at the scroll offset
  // of the document shown before. The position is a text offset (the first block in view), so it
  // holds across window sizes; it is put back once the text has rendered that far.
  const restoring = useRef<{ documentId: DocumentId | null; done: boolean }>({ documentId: null, done: true });
  useLayoutEffect(() => {
    if (restoring.current.documentId === documentId) return;
    restoring.current = { documentId, done: false };
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [documentId]);
  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    const container = textRef.current;
    if (restoring.current.done || !documentId || !scroller || !container || text === null || renderedTo === 0) return;
    const { readingPositions, showRequest, showTextRequest } = useAppStore.getState();
    const saved = readingPositions.get(documentId);
    // A quote shown from the table, or a search match, scrolls the pane itself.
    const shown = (request: { pane: PaneIndex; documentId: DocumentId } | null) => request?.pane === pane && request.documentId === documentId;
    if (saved === undefined || saved === 0 || shown(showRequest) || shown(showTextRequest)) {
      restoring.current.done = true;
      return;
    }
    if (renderedTo < saved && renderedTo < text.length) return;
    restoring.current.done = true;
    const block = blockElements(container).findLast((b) => Number(b.dataset.start) <= saved);
    if (!block) return;
    // What is above the block may still grow for a moment (the header, block groups laid out for
    // the first time): keep the block at the top while it settles, then leave the scroll alone.
    return keepInView(scroller, container, block, 'top');
  }, [documentId, pane, renderedTo, text]);
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller || !documentId || text === null) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onScroll = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const container = textRef.current;
        if (!container || !restoring.current.done) return;
        useAppStore.getState().setReadingPosition(documentId, scroller.scrollTop === 0 ? 0 : firstVisibleOffset(scroller, container));
      }, 250);
    };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      clearTimeout(timer);
      scroller.removeEventListener('scroll', onScroll);
    };
  }, [documentId, text]);

  return (
    <section
      className="reader-pane"
      data-active={active ? 'true' : undefined}
      data-two-panes={secondPaneOpen ? 'true' : undefined}
      aria-label={`Reader, ${name}`}
      {...regionProps(pane === 0 ? 'left-pane' : 'right-pane', ['.pane-scroll'])}
      onFocusCapture={() => !active && setActivePane(pane)}
      onPointerDown={() => !active && setActivePane(pane)}
    >
      <div className="pane-toolbar">
        {secondPaneOpen && active && (
          <span className="pane-active-badge" title="Keys, the side panel and titles opened from the library act on this pane">
            Active
          </span>
        )}
        <DocumentPicker pane={pane} name={name} documentId={documentId} documents={documents} />
        {original !== null && loaded?.state === 'ready' ? (
          <div className="view-switch" role="group" aria-label="View">
            <button type="button" aria-pressed={!showPages} onClick={() => switchTo('text')}>
              Text view
            </button>
            <button type="button" aria-pressed={showPages} onClick={() => switchTo('pages')}>
              Page view
            </button>
          </div>
        ) : null}
        {pane === 1 ? (
          <button type="button" className="icon-button" onClick={() => setSecondPaneOpen(false)} aria-label="Close the right pane">
            Close
          </button>
        ) : null}
      </div>
      {showPages && documentId ? (
        <PageView
          pane={pane}
          documentId={documentId}
          text={text}
          original={original}
          initialPage={current.page}
          onPageChange={(page) => setView({ documentId, view: 'pages', page })}
          {...(loadPdfViewer ? { loadViewer: loadPdfViewer } : {})}
        />
      ) : (
      <div
        className="pane-scroll"
        tabIndex={0}
        aria-label={`Article in the ${name}`}
        aria-describedby={`cursor-help-${pane}`}
        ref={scrollRef}
        onKeyDown={cursor.onKeyDown}
      >
        {loaded === null ? (
          <div className="empty-state reader-empty">
            <p>No document in the {name}.</p>
            <p className="hint">Pick one above, or choose “Open” in the library.</p>
          </div>
        ) : loaded.state === 'loading' ? (
          <p className="empty-state" role="status">
            Opening the document…
          </p>
        ) : loaded.state === 'missing' ? (
          <p className="notice notice-error" role="alert">
            This document is no longer in the library.
          </p>
        ) : (
          <article className="article" lang="en">
            <DocumentHeader meta={loaded.meta} />
            <TextProgress length={loaded.text.length} blocks={textBlocks} renderedTo={renderedTo} />
            {blocks && <DocumentText text={loaded.text} blocks={blocks} containerRef={textRef} onProgress={onProgress} />}
            {documentId && Layer && blocks && (
              <Layer
                pane={pane}
                documentId={documentId}
                text={loaded.text}
                scrollRef={scrollRef}
                textRef={textRef}
                renderTick={renderedTo}
              />
            )}
          </article>
        )}
      </div>
      )}
      <p id={`cursor-help-${pane}`} className="visually-hidden">
        Arrow keys select the next word, Up and Down the next sentence, with Control the next paragraph; Shift extends the selection. Then 1 to 8 highlight, N adds a note, T tags, F tags a field.
      </p>
      {/* A live region without the status role: the pane's own status messages keep that name. */}
      <p className="visually-hidden cursor-announcement" aria-live="polite" aria-atomic="true">
        {cursor.announcement}
      </p>
    </section>
  );
}

/** The page of the nearest text before `offset` (between pages, or before any). */
function nearestPage(pageMap: readonly { page: number; start: number; end: number }[] | null, offset: number): number {
  let page = 1;
  for (const span of pageMap ?? []) if (span.start <= offset && span.end > span.start) page = span.page;
  return page;
}
