// The page view of a PDF document: each page as pdf.js draws it (canvas and text layer), rendered only
// near the viewport with sized placeholders elsewhere, zoom, "page 3 of 12" navigation, Margin's
// highlights painted on the text layer with the CSS Custom Highlight API, and a selection on the page
// turned into stored-text offsets so every annotate command works as in the text view.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { HIGHLIGHT_COLORS } from '@shared/model';
import type { AnnotationId, DocumentId, DocumentOriginal } from '@shared/model';
import { indexByItem, offsetOf, piecesOf } from '@shared/text/text-runs';
import { useAppStore } from '../../store/app-store';
import type { PaneIndex } from '../../store/app-store';
import { useOpenDocument } from '../../document/open-documents';
import { clearPane, paintPane } from '../../document/highlight-painter';
import type { PaintLayer } from '../../document/highlight-painter';
import { loadPdfViewer, openPdf } from '../../document/pdf-pages';
import type { PdfDocumentProxy, PdfViewerModule } from '../../document/pdf-pages';

export const ZOOMS = [0.75, 1, 1.25, 1.5, 2] as const;
/** Pages this many viewport heights away are rendered before they scroll in. */
const RENDER_MARGIN = '100% 0px';
/** PDF points to CSS pixels at 100%. */
const CSS_UNITS = 96 / 72;

interface Props {
  pane: PaneIndex;
  documentId: DocumentId;
  text: string;
  original: DocumentOriginal;
  /** The page to open at (kept from the text view). */
  initialPage: number;
  onPageChange?: (page: number) => void;
  /** Supplies pdf.js; tests pass their own. */
  loadViewer?: () => Promise<PdfViewerModule>;
}

interface PageSize {
  width: number;
  height: number;
}

/** The text node of text item `item` on a rendered page, or null before it is drawn. */
function itemNode(pageElement: HTMLElement, item: number): Text | null {
  const span = pageElement.querySelector<HTMLElement>(`.textLayer [data-item="${item}"]`);
  const node = span?.firstChild;
  return node && node.nodeType === Node.TEXT_NODE ? (node as Text) : null;
}

function itemOfNode(node: Node): { page: number; item: number } | null {
  const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  const span = element?.closest<HTMLElement>('[data-item]');
  const page = span?.closest<HTMLElement>('[data-page]');
  if (!span || !page) return null;
  return { page: Number(page.dataset.page), item: Number(span.dataset.item) };
}

export function PageView({ pane, documentId, text, original, initialPage, onPageChange, loadViewer = loadPdfViewer }: Props) {
  const [pdf, setPdf] = useState<{ doc: PdfDocumentProxy; module: PdfViewerModule; sizes: PageSize[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [zoom, setZoom] = useState<number>(1.5);
  const [current, setCurrent] = useState(initialPage);
  const [near, setNear] = useState<ReadonlySet<number>>(new Set([initialPage]));
  const [drawn, setDrawn] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const pageRefs = useRef(new Map<number, HTMLElement>());
  const anchoredSet = useOpenDocument(documentId)?.anchoredSet ?? null;
  const setSelection = useAppStore((s) => s.setSelection);
  const itemIndex = useMemo(() => indexByItem(original.runs), [original.runs]);
  // The stretch of stored text each page holds, so painting looks only at annotations on drawn pages.
  const pageStretch = useMemo(() => {
    const stretch = new Map<number, [number, number]>();
    for (const run of original.runs) {
      const known = stretch.get(run.page);
      stretch.set(run.page, known ? [Math.min(known[0], run.start), Math.max(known[1], run.end)] : [run.start, run.end]);
    }
    return stretch;
  }, [original.runs]);

  useEffect(() => {
    let live = true;
    let task: ReturnType<typeof openPdf> | null = null;
    void (async () => {
      try {
        const module = await loadViewer();
        task = openPdf(module, original.bytes);
        const doc = await task.promise;
        const sizes: PageSize[] = [];
        for (let n = 1; n <= doc.numPages; n += 1) {
          const viewport = (await doc.getPage(n)).getViewport({ scale: 1 });
          sizes.push({ width: viewport.width, height: viewport.height });
        }
        if (live) setPdf({ doc, module, sizes });
      } catch (error) {
        if (live) setFailure(error instanceof Error ? error.message : String(error));
      }
    })();
    return () => {
      live = false;
      void task?.destroy();
    };
  }, [loadViewer, original.bytes]);

  // Which pages are near the viewport: only they are drawn.
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller || !pdf) return;
    const observer = new IntersectionObserver(
      (entries) => {
        setNear((before) => {
          const next = new Set(before);
          for (const entry of entries) {
            const page = Number((entry.target as HTMLElement).dataset.page);
            if (entry.isIntersecting) next.add(page);
            else next.delete(page);
          }
          return next;
        });
      },
      { root: scroller, rootMargin: RENDER_MARGIN },
    );
    for (const element of pageRefs.current.values()) observer.observe(element);
    return () => observer.disconnect();
  }, [pdf, zoom]);

  // Open at the page kept from the text view.
  const opened = useRef(false);
  useEffect(() => {
    if (!pdf || opened.current) return;
    opened.current = true;
    pageRefs.current.get(initialPage)?.scrollIntoView({ block: 'start' });
  }, [initialPage, pdf]);

  // Draw the pages near the viewport (canvas, then the text layer), and drop those far away.
  useEffect(() => {
    if (!pdf) return;
    let live = true;
    const cancels: (() => void)[] = [];
    for (const [page, element] of pageRefs.current) {
      if (!near.has(page)) {
        element.replaceChildren();
        element.removeAttribute('data-drawn');
        continue;
      }
      if (element.dataset.drawn === String(zoom)) continue;
      void (async () => {
        const proxy = await pdf.doc.getPage(page);
        if (!live) return;
        const viewport = proxy.getViewport({ scale: zoom * CSS_UNITS });
        const canvas = document.createElement('canvas');
        const ratio = window.devicePixelRatio || 1;
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        canvas.className = 'page-canvas';
        const context = canvas.getContext('2d');
        if (!context) return;
        const render = proxy.render({ canvas, canvasContext: context, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
        cancels.push(() => render.cancel());
        const layer = document.createElement('div');
        layer.className = 'textLayer';
        const textLayer = new pdf.module.TextLayer({ textContentSource: proxy.streamTextContent(), container: layer, viewport });
        cancels.push(() => textLayer.cancel());
        try {
          await Promise.all([render.promise, textLayer.render()]);
        } catch {
          return; // cancelled: the page scrolled away or the zoom changed
        }
        if (!live) return;
        // Text items in pdf.js's order, the order the import's map counts them in.
        textLayer.textDivs.forEach((div, index) => (div.dataset.item = String(index)));
        element.replaceChildren(canvas, layer);
        element.setAttribute('data-drawn', String(zoom));
        setDrawn((n) => n + 1);
      })();
    }
    return () => {
      live = false;
      for (const cancel of cancels) cancel();
    };
  }, [near, pdf, zoom]);

  // Paint Margin's annotations on the drawn text layers.
  const paint = useCallback(() => {
    if (!anchoredSet) return;
    const layers = new Map<PaintLayer, Range[]>();
    const ids = new Set<string>();
    for (const [page, element] of pageRefs.current) {
      const stretch = pageStretch.get(page);
      if (element.dataset.drawn === undefined || !stretch) continue;
      for (const id of anchoredSet.index.overlapping(stretch[0], stretch[1])) ids.add(id);
    }
    for (const id of ids) {
      const item = anchoredSet.byId.get(id as AnnotationId);
      if (!item) continue;
      for (const piece of piecesOf(original.runs, item.start, item.end)) {
        const element = pageRefs.current.get(piece.page);
        const node = element ? itemNode(element, piece.item) : null;
        if (!node) continue;
        const range = document.createRange();
        range.setStart(node, Math.min(piece.from, node.length));
        range.setEnd(node, Math.min(piece.to, node.length));
        const list = layers.get(item.annotation.color) ?? [];
        list.push(range);
        layers.set(item.annotation.color, list);
      }
    }
    paintPane(pane, layers, [...HIGHLIGHT_COLORS]);
  }, [anchoredSet, original.runs, pageStretch, pane]);
  useEffect(() => paint(), [paint, drawn]);
  useEffect(() => () => clearPane(pane), [pane]);

  // A selection on the page is a selection of the stored text, for the same annotate commands.
  useEffect(() => {
    const onSelectionChange = () => {
      const scroller = scrollRef.current;
      const selection = document.getSelection();
      if (!scroller || !selection || selection.rangeCount === 0) return;
      const range = selection.getRangeAt(0);
      if (!scroller.contains(range.commonAncestorContainer) || range.collapsed) return;
      const from = itemOfNode(range.startContainer);
      const to = itemOfNode(range.endContainer);
      if (!from || !to) return;
      const start = offsetOf(itemIndex, { ...from, unit: range.startContainer.nodeType === Node.TEXT_NODE ? range.startOffset : 0 }, 'after');
      const endUnit = range.endContainer.nodeType === Node.TEXT_NODE ? range.endOffset : (range.endContainer.textContent?.length ?? 0);
      const end = offsetOf(itemIndex, { ...to, unit: Math.max(0, endUnit - 1) }, 'before');
      if (start === null || end === null) return;
      const last = offsetOf(itemIndex, { ...to, unit: Math.max(0, endUnit - 1) });
      const stop = last === null ? end : last + 1;
      if (stop <= start) return;
      setSelection({ pane, documentId, start, end: stop, quote: text.slice(start, stop) });
    };
    document.addEventListener('selectionchange', onSelectionChange);
    return () => document.removeEventListener('selectionchange', onSelectionChange);
  }, [documentId, itemIndex, pane, setSelection, text]);

  // The page at the top of the viewport, for "page N of M" and to keep the place.
  const onScroll = useCallback(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const top = scroller.getBoundingClientRect().top;
    let page = 1;
    for (const [n, element] of pageRefs.current) if (element.getBoundingClientRect().top - top <= 40) page = Math.max(page, n);
    setCurrent(page);
    onPageChange?.(page);
  }, [onPageChange]);

  const goTo = (page: number) => {
    const count = pdf?.sizes.length ?? original.pageCount;
    const target = Math.min(Math.max(1, page), count);
    pageRefs.current.get(target)?.scrollIntoView({ block: 'start' });
    setCurrent(target);
    onPageChange?.(target);
  };

  const count = pdf?.sizes.length ?? original.pageCount;
  return (
    <div className="page-view">
      <div className="page-toolbar" role="toolbar" aria-label="Pages">
        <button type="button" onClick={() => goTo(current - 1)} disabled={current <= 1} aria-label="Previous page">
          ‹
        </button>
        <span role="status" aria-live="polite">
          Page {current} of {count}
        </span>
        <button type="button" onClick={() => goTo(current + 1)} disabled={current >= count} aria-label="Next page">
          ›
        </button>
        <label>
          Zoom{' '}
          <select value={zoom} onChange={(event) => setZoom(Number(event.target.value))}>
            {ZOOMS.map((z) => (
              <option key={z} value={z}>
                {Math.round(z * 100)}%
              </option>
            ))}
          </select>
        </label>
      </div>
      {failure !== null ? (
        <p className="notice notice-error" role="alert">
          The PDF’s pages could not be shown ({failure.slice(0, 160)}); the text view still has its text.
        </p>
      ) : null}
      <div className="page-scroll" ref={scrollRef} onScroll={onScroll} tabIndex={0} aria-label="Pages of the PDF">
        {(pdf?.sizes ?? []).map((size, index) => {
          const page = index + 1;
          return (
            <div
              key={page}
              data-page={page}
              className="pdf-page"
              role="region"
              aria-label={`Page ${page} of ${count}`}
              ref={(element) => {
                if (element) {
                  element.style.width = `${size.width * zoom * CSS_UNITS}px`;
                  element.style.height = `${size.height * zoom * CSS_UNITS}px`;
                  element.style.setProperty('--scale-factor', String(zoom * CSS_UNITS));
                  pageRefs.current.set(page, element);
                } else pageRefs.current.delete(page);
              }}
            />
          );
        })}
      </div>
    </div>
  );
}
