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
import { firstVisibleOffset, useReadingCursor } from './use-reading-cursor';
import { blockElements } from '../../document/text-ranges';
import { regionProps } from '../../components/regions';

interface Props {
  pane: PaneIndex;
  /** Drawn over the text (highlights, selection toolbar); composed in by app.tsx. */
  Layer?: ComponentType<ReaderLayerProps>;
}

export function ReaderPane({ pane, Layer }: Props) {
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
  const cursor = useReadingCursor(text, scrollRef, textRef);
  const { placeAt } = cursor;

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
    // The reviewer came here by keyboard as often as by mouse: the focus follows to the article,
    // with the reading cursor on the quote, rather than falling to the page when the table goes.
    placeAt({ start: item.start, end: item.end });
    scrollRef.current?.focus({ preventScroll: true });
  }, [anchoredSet, loaded, pane, placeAt, renderedTo, request]);

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
    const align = () => {
      scroller.scrollTop += block.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
    };
    align();
    // What is above the block may still grow for a moment (the header, block groups laid out for
    // the first time): keep the block at the top while it settles, then leave the scroll alone.
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(align);
    observer.observe(container);
    const stop = setTimeout(() => observer.disconnect(), 1_000);
    return () => {
      clearTimeout(stop);
      observer.disconnect();
    };
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
        useAppStore.getState().setReadingPosition(documentId, scroller.scrollTop === 0 ? 0 : firstVisibleOffset(scroller, blockElements(container)));
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
      aria-label={`Reader, ${name}`}
      {...regionProps(pane === 0 ? 'left-pane' : 'right-pane', ['.pane-scroll'])}
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
        {pane === 1 ? (
          <button type="button" className="icon-button" onClick={() => setSecondPaneOpen(false)} aria-label="Close the right pane">
            Close
          </button>
        ) : null}
      </div>
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
