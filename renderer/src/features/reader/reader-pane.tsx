// One reader pane: its own document picker, the metadata header and the article text.
import { useCallback, useEffect, useRef, useState } from 'react';
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
import { blockElements, textWindowBetween } from '../../document/text-ranges';
import { pageAt } from '@shared/text/page-map';
import { PageView } from './page-view';
import type { PdfViewerModule } from '../../document/pdf-pages';

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
  const openDocument = useAppStore((s) => s.openDocument);
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
  const [rendered, setRendered] = useState<{ text: string | null; to: number }>({ text: null, to: 0 });
  const renderedTo = rendered.text === text ? rendered.to : 0;
  const onProgress = useCallback((to: number) => setRendered({ text, to }), [text]);
  const anchoredSet = open?.anchoredSet ?? null;
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
  useEffect(() => {
    if (!request || !loaded || loaded.state === 'loading') return;
    const { answerShowRequest, flashAnnotation } = useAppStore.getState();
    if (loaded.state === 'missing') return answerShowRequest(request);
    if (!anchoredSet) return;
    const item = anchoredSet.byId.get(request.annotationId);
    if (!item) return answerShowRequest(request);
    if (renderedTo < item.end) return;
    flashAnnotation(pane, request.annotationId);
    answerShowRequest(request);
  }, [anchoredSet, loaded, pane, renderedTo, request]);

  return (
    <section
      className="reader-pane"
      data-active={active ? 'true' : undefined}
      aria-label={`Reader, ${name}`}
      onFocusCapture={() => !active && setActivePane(pane)}
      onPointerDown={() => !active && setActivePane(pane)}
    >
      <div className="pane-toolbar">
        <label className="visually-hidden" htmlFor={`picker-${pane}`}>
          Document in the {name}
        </label>
        <select
          id={`picker-${pane}`}
          className="document-picker"
          value={documentId ?? ''}
          onChange={(e) => e.target.value && openDocument(e.target.value as DocumentId, pane)}
        >
          <option value="">Choose a document…</option>
          {(documents ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {d.title}
            </option>
          ))}
        </select>
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
      <div className="pane-scroll" tabIndex={0} aria-label={`Article in the ${name}`} ref={scrollRef}>
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
            <DocumentText text={loaded.text} containerRef={textRef} onProgress={onProgress} />
            {documentId && Layer && (
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
    </section>
  );
}

/** The page of the nearest text before `offset` (between pages, or before any). */
function nearestPage(pageMap: readonly { page: number; start: number; end: number }[] | null, offset: number): number {
  let page = 1;
  for (const span of pageMap ?? []) if (span.start <= offset && span.end > span.start) page = span.page;
  return page;
}
