// The page view of a PDF document: each page as pdf.js draws it (canvas and text layer), rendered only
// near the viewport with sized placeholders elsewhere, zoom, "page 3 of 12" navigation, Margin's
// highlights painted on the text layer with the CSS Custom Highlight API, and a selection on the page
// turned into stored-text offsets so every annotate command works as in the text view. Areas of a
// page (tables, figures) are drawn with the mouse or placed and sized with the keyboard, and
// annotated with the same commands; the selected annotation is marked, and one shown from another
// screen is scrolled to and flashed.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { HIGHLIGHT_COLORS } from '@shared/model';
import type { Annotation, AnnotationId, AreaSelector, DocumentId, DocumentOriginal } from '@shared/model';
import { sentenceCase } from '@shared/evidence';
import { areaBetween, describeArea, nudgeArea } from '@shared/text/page-area';
import type { PagePoint } from '@shared/text/page-area';
import { indexByItem, offsetOf, piecesOf } from '@shared/text/text-runs';
import { isAreaSelection, useAppStore } from '../../store/app-store';
import type { PaneIndex } from '../../store/app-store';
import { useColorMeanings } from '../../db/settings';
import { COLOR_NAMES, keyForColor } from '../../document/color-names';
import { SelectionToolbar } from '../../document/selection-toolbar';
import { useOpenDocument } from '../../document/open-documents';
import { clearPane, paintPane } from '../../document/highlight-painter';
import type { PaintLayer } from '../../document/highlight-painter';
import { loadPdfViewer, openPdf } from '../../document/pdf-pages';
import type { PdfDocumentProxy, PdfViewerModule } from '../../document/pdf-pages';
import type { TextSource } from '@shared/text/text-source';

export const ZOOMS = [0.75, 1, 1.25, 1.5, 2] as const;
/** Pages this many viewport heights away are rendered before they scroll in. */
const RENDER_MARGIN = '100% 0px';
/** PDF points to CSS pixels at 100%. */
const CSS_UNITS = 96 / 72;
/** How long the view rests (no scrolling, no page drawn) before drawn pages no longer near are dropped. */
const REST_MS = 500;
/** How long an annotation shown from elsewhere stays flashed. */
const FLASH_MS = 1_400;
/** One arrow key moves or resizes an area by this fraction of the page; with Control, ten times more. */
const AREA_STEP = 0.01;
/** Where the keyboard puts a new area: the middle of the page, about a table's size. */
const NEW_AREA = { x: 0.2, y: 0.3, width: 0.6, height: 0.25 };

/**
 * Flash requests already played, by identity (the store makes a new object for each request): a page
 * view mounted again (back from the text view) must not replay a flash the reviewer has seen.
 */
const playedFlashes = new WeakSet<object>();

interface Props {
  pane: PaneIndex;
  documentId: DocumentId;
  text: TextSource;
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

/**
 * The drawn page as a still image: a canvas showing an ImageBitmap of the one pdf.js drew on. Chromium
 * hands a 2D canvas in the page to the compositor anew at every commit (a copy of its pixels, each
 * frame, for each drawn page: the largest part of a scroll frame's main-thread time, traced), while a
 * bitmap shown through "bitmaprenderer" is handed over once. Where that is not available (an old
 * engine, a test's DOM), the canvas pdf.js drew on is shown as it is.
 */
async function stillImage(canvas: HTMLCanvasElement): Promise<HTMLCanvasElement> {
  if (typeof createImageBitmap !== 'function') return canvas;
  const shown = document.createElement('canvas');
  shown.width = canvas.width;
  shown.height = canvas.height;
  shown.className = canvas.className;
  const context = shown.getContext('bitmaprenderer');
  if (!context) return canvas;
  try {
    context.transferFromImageBitmap(await createImageBitmap(canvas));
  } catch {
    return canvas;
  }
  // The drawing's own pixels are no longer needed.
  canvas.width = 0;
  canvas.height = 0;
  return shown;
}

/** The page's drawing (canvas and text layer, put in by hand) inside its React-rendered element. */
function drawingOf(pageElement: HTMLElement): HTMLElement | null {
  return pageElement.querySelector<HTMLElement>(':scope > .page-drawing');
}

function percent(n: number): string {
  return `${(n * 100).toFixed(3)}%`;
}

function areaStyle(area: Pick<AreaSelector, 'x' | 'y' | 'width' | 'height'>): React.CSSProperties {
  return { left: percent(area.x), top: percent(area.y), width: percent(area.width), height: percent(area.height) };
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
  const scrollRef = useRef<HTMLDivElement>(null);
  const pageRefs = useRef(new Map<number, HTMLElement>());
  const anchoredSet = useOpenDocument(documentId)?.anchoredSet ?? null;
  const setSelection = useAppStore((s) => s.setSelection);
  const selectAnnotation = useAppStore((s) => s.selectAnnotation);
  const selected = useAppStore((s) => (s.selectedAnnotation?.pane === pane ? s.selectedAnnotation.id : null));
  const flash = useAppStore((s) => (s.flash?.pane === pane ? s.flash : null));
  const areaSelection = useAppStore((s) => (isAreaSelection(s.selection) && s.selection.pane === pane && s.selection.documentId === documentId ? s.selection : null));
  // The text selected on a page, as a key that changes with it (the toolbar follows the selection).
  const textSelected = useAppStore((s) => (s.selection !== null && !isAreaSelection(s.selection) && s.selection.pane === pane && s.selection.documentId === documentId ? `${s.selection.start}:${s.selection.end}` : null));
  const meanings = useColorMeanings();
  const [drawMode, setDrawMode] = useState(false);
  const [dragging, setDragging] = useState<{ page: number; from: PagePoint; to: PagePoint } | null>(null);
  // The annotation flashing now: set when a request is answered, cleared by its own timer. Local,
  // so a redraw (another zoom) never plays it again, and a request once played is never replayed.
  const [flashing, setFlashing] = useState<AnnotationId | null>(null);
  // This view's claim on the pane's highlights (see paintPane).
  const [owner] = useState(() => ({}));
  const [toolbarAt, setToolbarAt] = useState<{ top: number; left: number } | null>(null);
  const draftRef = useRef<HTMLDivElement>(null);
  const areas = useMemo(() => {
    const byPage = new Map<number, Annotation[]>();
    for (const annotation of anchoredSet?.areas ?? []) {
      const list = byPage.get(annotation.area!.page);
      if (list) list.push(annotation);
      else byPage.set(annotation.area!.page, [annotation]);
    }
    return byPage;
  }, [anchoredSet]);
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

  // Draw the pages near the viewport (canvas, then the text layer), and drop those far away. A page
  // being drawn goes on while it stays near: only leaving the view, another zoom or another file
  // cancels it (cancelling every drawing on each change of the near set would, while scrolling,
  // start the same pages over and over).
  // A drawn page that is no longer near is dropped with the next page drawn, in the same task, or
  // once the scrolling has rested: each frame that changes the DOM makes Chromium rebuild every
  // highlight marker and repaint every highlighted span on the drawn pages, so a page dropped in
  // a frame of its own cost one more such repaint for each page scrolled past.
  const drawing = useRef(new Map<number, { zoom: number; cancel: () => void }>());
  const far = useRef(new Set<number>());
  /** The latest paint (below), for a page that has just been drawn. */
  const paintRef = useRef<() => void>(() => {});
  const dropFar = useCallback(() => {
    for (const page of far.current) {
      const element = pageRefs.current.get(page);
      if (!element || element.dataset.drawn === undefined) continue;
      drawingOf(element)?.replaceChildren();
      element.removeAttribute('data-drawn');
    }
    far.current.clear();
  }, []);
  const restTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** Drops the far pages once nothing has scrolled or been drawn for a while (called on both). */
  const dropWhenRested = useCallback(() => {
    clearTimeout(restTimer.current);
    if (far.current.size > 0) restTimer.current = setTimeout(dropFar, REST_MS);
  }, [dropFar]);
  useEffect(() => () => clearTimeout(restTimer.current), []);
  useEffect(() => {
    if (!pdf) return;
    for (const [page, element] of pageRefs.current) {
      const running = drawing.current.get(page);
      if (!near.has(page)) {
        if (running) {
          running.cancel();
          drawing.current.delete(page);
        }
        if (element.dataset.drawn !== undefined) far.current.add(page);
        continue;
      }
      far.current.delete(page);
      if (element.dataset.drawn === String(zoom) || running?.zoom === zoom) continue;
      running?.cancel();
      let cancelled = false;
      const cancels: (() => void)[] = [];
      const cancel = () => {
        cancelled = true;
        for (const stop of cancels) stop();
      };
      drawing.current.set(page, { zoom, cancel });
      const done = () => {
        if (drawing.current.get(page)?.cancel === cancel) drawing.current.delete(page);
      };
      void (async () => {
        const proxy = await pdf.doc.getPage(page);
        if (cancelled) return;
        const viewport = proxy.getViewport({ scale: zoom * CSS_UNITS });
        const canvas = document.createElement('canvas');
        const ratio = window.devicePixelRatio || 1;
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        canvas.className = 'page-canvas';
        // The canvas alone, no context of our own: pdf.js then draws the page in its renderer worker
        // (see document/pdf-pages.ts) and takes a context itself only where it must draw here.
        const render = proxy.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
        cancels.push(() => render.cancel());
        const layer = document.createElement('div');
        layer.className = 'textLayer';
        const textLayer = new pdf.module.TextLayer({ textContentSource: proxy.streamTextContent(), container: layer, viewport });
        cancels.push(() => textLayer.cancel());
        try {
          await Promise.all([render.promise, textLayer.render()]);
        } catch {
          return; // cancelled: the page scrolled away or the zoom changed
        } finally {
          done();
        }
        if (cancelled) return;
        const shown = await stillImage(canvas);
        if (cancelled) return;
        // Text items in pdf.js's order, the order the import's map counts them in.
        textLayer.textDivs.forEach((div, index) => (div.dataset.item = String(index)));
        dropFar();
        drawingOf(element)?.replaceChildren(shown, layer);
        element.setAttribute('data-drawn', String(zoom));
        // Highlights on the new page in the same task as its layer goes in. Chromium rebuilds every
        // highlight marker, and repaints every highlighted span on the drawn pages, once per frame in
        // which the DOM or the highlights changed: painting from a later render cost a second rebuild
        // for each page drawn while scrolling.
        paintRef.current();
      })().catch(done);
    }
    dropWhenRested();
  }, [dropFar, dropWhenRested, near, pdf, zoom]);
  // Another file, or the view closing, stops every drawing still running.
  useEffect(() => {
    const running = drawing.current;
    return () => {
      for (const { cancel } of running.values()) cancel();
      running.clear();
    };
  }, [pdf]);

  /** DOM ranges of the stored text [start, end) on the drawn pages' text layers. */
  const rangesOf = useCallback(
    (start: number, end: number): Range[] => {
      const ranges: Range[] = [];
      for (const piece of piecesOf(original.runs, start, end)) {
        const element = pageRefs.current.get(piece.page);
        const node = element ? itemNode(element, piece.item) : null;
        if (!node) continue;
        const range = document.createRange();
        range.setStart(node, Math.min(piece.from, node.length));
        range.setEnd(node, Math.min(piece.to, node.length));
        ranges.push(range);
      }
      return ranges;
    },
    [original.runs],
  );

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
    const add = (layer: PaintLayer, range: Range) => {
      const list = layers.get(layer) ?? [];
      list.push(range);
      layers.set(layer, list);
    };
    for (const id of ids) {
      const item = anchoredSet.byId.get(id as AnnotationId);
      if (!item) continue;
      for (const range of rangesOf(item.start, item.end)) {
        add(item.annotation.color, range);
        if (id === selected) add('selected', range.cloneRange());
        if (id === flashing) add('flash', range.cloneRange());
      }
    }
    layers.set('selected', layers.get('selected') ?? []);
    layers.set('flash', layers.get('flash') ?? []);
    paintPane(pane, owner, layers, [...HIGHLIGHT_COLORS, 'selected', 'flash']);
  }, [anchoredSet, flashing, owner, pageStretch, pane, rangesOf, selected]);
  // Pages drawn call it at once (above); here it follows the annotations, the selection and the flash.
  useLayoutEffect(() => {
    paintRef.current = paint;
  }, [paint]);
  useEffect(() => paint(), [paint]);
  useEffect(() => () => clearPane(pane, owner), [owner, pane]);

  // A selection on the page is a selection of the stored text, for the same annotate commands.
  useEffect(() => {
    const onSelectionChange = () => {
      const scroller = scrollRef.current;
      const selection = document.getSelection();
      if (!scroller || !selection || selection.rangeCount === 0) return;
      const range = selection.getRangeAt(0);
      if (!scroller.contains(range.commonAncestorContainer)) return;
      if (range.collapsed) {
        // A click on the page ends the text selection (an area drawn stays until it is annotated or dropped).
        const stored = useAppStore.getState().selection;
        if (stored && !isAreaSelection(stored) && stored.pane === pane) setSelection(null);
        return;
      }
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

  // An annotation shown from elsewhere (the panel, the table): its page scrolled to, then it flashes,
  // once for that request (the same request object seen again, after the view is shown anew, is not
  // played again).
  const flashTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (!flash || playedFlashes.has(flash) || !anchoredSet || !pdf) return;
    const area = anchoredSet.areas.find((a) => a.id === flash.id)?.area;
    const item = area ? undefined : anchoredSet.byId.get(flash.id);
    const page = area?.page ?? (item ? piecesOf(original.runs, item.start, item.end)[0]?.page : undefined);
    playedFlashes.add(flash);
    if (page === undefined) return;
    // Started from a task, as its end is: the flash is this view's own state from here on.
    const id = flash.id;
    clearTimeout(flashTimer.current);
    flashTimer.current = setTimeout(() => {
      setFlashing(id);
      flashTimer.current = setTimeout(() => setFlashing(null), FLASH_MS);
    }, 0);
    const element = pageRefs.current.get(page);
    const scroller = scrollRef.current;
    if (element && scroller) {
      // The place on the page: an area's top, or the quote's text item once the page is drawn.
      const node = item ? itemNode(element, piecesOf(original.runs, item.start, item.end)[0]!.item) : null;
      const within = area ? area.y * element.offsetHeight : node ? (node.parentElement?.offsetTop ?? 0) : 0;
      scroller.scrollTo({ top: element.offsetTop + within - scroller.clientHeight / 3 });
      setCurrent(page);
      onPageChange?.(page);
    }
  }, [anchoredSet, flash, onPageChange, original.runs, pdf]);
  useEffect(() => () => clearTimeout(flashTimer.current), []);

  // The selection toolbar over text selected on a page, as in the text view.
  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    const selection = document.getSelection();
    if (textSelected === null || !scroller || !selection || selection.rangeCount === 0 || selection.isCollapsed) {
      setToolbarAt(null);
      return;
    }
    const rect = selection.getRangeAt(0).getBoundingClientRect();
    const host = scroller.getBoundingClientRect();
    setToolbarAt({ top: rect.top - host.top + scroller.scrollTop, left: rect.left - host.left + scroller.scrollLeft + rect.width / 2 });
  }, [textSelected]);

  // Drawing an area with the mouse: press, drag, release (in area mode, or with Alt held).
  const pointOn = (page: number, event: PointerEvent<HTMLElement>): PagePoint | null => {
    const element = pageRefs.current.get(page);
    if (!element) return null;
    const box = element.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  };
  const finishArea = useCallback(
    (area: AreaSelector | null) => {
      if (!area) return;
      document.getSelection()?.removeAllRanges();
      setSelection({ kind: 'area', pane, documentId, area, quote: describeArea(area) });
      // The keys act on it, and the arrows move it, from here.
      requestAnimationFrame(() => draftRef.current?.focus({ preventScroll: true }));
    },
    [documentId, pane, setSelection],
  );
  const onPagePointerDown = (page: number, event: PointerEvent<HTMLElement>) => {
    if (!(drawMode || event.altKey) || event.button !== 0) return;
    if ((event.target as HTMLElement).closest('.page-area-label, .selection-toolbar, .page-area-draft')) return;
    const from = pointOn(page, event);
    if (!from) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    setDragging({ page, from, to: from });
  };
  const onPagePointerMove = (page: number, event: PointerEvent<HTMLElement>) => {
    if (!dragging || dragging.page !== page) return;
    const to = pointOn(page, event);
    if (to) setDragging({ ...dragging, to });
  };
  const onPagePointerUp = (page: number, event: PointerEvent<HTMLElement>) => {
    if (!dragging || dragging.page !== page || !pdf) return;
    const to = pointOn(page, event) ?? dragging.to;
    const element = pageRefs.current.get(page);
    const size = pdf.sizes[page - 1];
    setDragging(null);
    if (!element || !size) return;
    finishArea(areaBetween(page, dragging.from, to, { width: element.offsetWidth, height: element.offsetHeight }, size));
  };

  // Drawing an area with the keyboard: "Draw area" places one on the page in view; arrows move it,
  // Shift+arrows resize it, Control takes bigger steps, Escape drops it; 1–8, N, T, F annotate it.
  const placeArea = () => {
    const size = pdf?.sizes[current - 1];
    if (!size) return;
    finishArea({ type: 'AreaSelector', page: current, ...NEW_AREA, pageWidth: size.width, pageHeight: size.height });
  };
  const onDraftKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!areaSelection) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      setSelection(null);
      scrollRef.current?.focus({ preventScroll: true });
      return;
    }
    const step = event.ctrlKey || event.metaKey ? AREA_STEP * 10 : AREA_STEP;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const area = event.shiftKey ? nudgeArea(areaSelection.area, { dw: move[0], dh: move[1] }) : nudgeArea(areaSelection.area, { dx: move[0], dy: move[1] });
    setSelection({ ...areaSelection, area, quote: describeArea(area) });
  };

  // The page at the top of the viewport, for "page N of M" and to keep the place: once a frame, by
  // binary search over the pages' offsets (300 pages measured on every scroll event cost frames),
  // and a state change only when the page does change.
  // The pages' offsets are read once per zoom and kept: their heights are fixed by size and zoom, so
  // they hold while scrolling, and reading offsetTop in the frame after a page was drawn forced a
  // style and layout pass inside the scroll frame.
  const scrollFrame = useRef(0);
  const shownPage = useRef(initialPage);
  const pageTops = useRef<number[] | null>(null);
  useLayoutEffect(() => {
    pageTops.current = null;
  }, [pdf, zoom]);
  const onScroll = useCallback(() => {
    dropWhenRested();
    cancelAnimationFrame(scrollFrame.current);
    scrollFrame.current = requestAnimationFrame(() => {
      const scroller = scrollRef.current;
      const total = pageRefs.current.size;
      if (!scroller || total === 0) return;
      const tops = (pageTops.current ??= Array.from({ length: total }, (_, index) => pageRefs.current.get(index + 1)?.offsetTop ?? 0));
      const top = scroller.scrollTop + 40;
      let low = 1;
      let high = tops.length;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (tops[mid - 1]! <= top) low = mid;
        else high = mid - 1;
      }
      if (low === shownPage.current) return;
      shownPage.current = low;
      setCurrent(low);
      onPageChange?.(low);
    });
  }, [dropWhenRested, onPageChange]);
  useEffect(() => () => cancelAnimationFrame(scrollFrame.current), []);

  // One ref callback per page, kept across renders: a new one each render would detach and attach
  // every page element again on every state change.
  const pageTotal = pdf?.sizes.length ?? 0;
  const pageRefCallbacks = useMemo(
    () =>
      Array.from({ length: pageTotal }, (_, index) => (element: HTMLDivElement | null) => {
        if (element) pageRefs.current.set(index + 1, element);
        else pageRefs.current.delete(index + 1);
      }),
    [pageTotal],
  );

  const goTo = (page: number) => {
    const count = pdf?.sizes.length ?? original.pageCount;
    const target = Math.min(Math.max(1, page), count);
    pageRefs.current.get(target)?.scrollIntoView({ block: 'start' });
    shownPage.current = target;
    setCurrent(target);
    onPageChange?.(target);
  };

  const count = pdf?.sizes.length ?? original.pageCount;
  // The pages, kept across renders that change nothing on them: the counter ("Page N of M") and the
  // set of pages near the view change while scrolling, and each made React go over all 300 pages.
  // The pointer and key handlers are read through a ref, so the pages need not follow them.
  const handlers = useRef({ down: onPagePointerDown, move: onPagePointerMove, up: onPagePointerUp, draftKey: onDraftKeyDown });
  useLayoutEffect(() => {
    handlers.current = { down: onPagePointerDown, move: onPagePointerMove, up: onPagePointerUp, draftKey: onDraftKeyDown };
  });
  const pages = useMemo(
    () =>
      (pdf?.sizes ?? []).map((size, index) => {
        const page = index + 1;
        const draft = dragging?.page === page ? dragging : null;
        return (
          <div
            key={page}
            data-page={page}
            className="pdf-page"
            role="region"
            aria-label={`Page ${page} of ${count}`}
            onPointerDown={(event) => handlers.current.down(page, event)}
            onPointerMove={(event) => handlers.current.move(page, event)}
            onPointerUp={(event) => handlers.current.up(page, event)}
            style={{ width: `${size.width * zoom * CSS_UNITS}px`, height: `${size.height * zoom * CSS_UNITS}px`, ['--scale-factor' as string]: String(zoom * CSS_UNITS) }}
            ref={pageRefCallbacks[index]}
          >
            <div className="page-drawing" />
            {(areas.get(page) ?? []).map((annotation) => {
              const label = `${sentenceCase(describeArea(annotation.area!))}: ${annotation.field ? 'field value' : meanings[annotation.color]} (${COLOR_NAMES[annotation.color]})${annotation.note ? `, note: ${annotation.note}` : ''}`;
              return (
                <div
                  key={annotation.id}
                  className={`page-area area-${annotation.color}`}
                  data-annotation-id={annotation.id}
                  data-selected={annotation.id === selected || undefined}
                  data-flash={annotation.id === flashing || undefined}
                  style={areaStyle(annotation.area!)}
                >
                  <button type="button" className={`page-area-label swatch-${annotation.color}`} aria-label={label} aria-current={annotation.id === selected || undefined} title={label} onClick={() => selectAnnotation({ pane, id: annotation.id })}>
                    <span aria-hidden="true">{keyForColor(annotation.color)}</span>
                  </button>
                </div>
              );
            })}
            {draft ? <div className="page-area page-area-drawing" aria-hidden="true" style={areaStyle(areaBetween(page, draft.from, draft.to, { width: size.width, height: size.height }, size) ?? { x: 0, y: 0, width: 0, height: 0 })} /> : null}
            {areaSelection?.area.page === page ? (
              <>
                <div
                  ref={draftRef}
                  className="page-area page-area-draft"
                  role="group"
                  aria-roledescription="area"
                  tabIndex={0}
                  aria-label={`New ${describeArea(areaSelection.area)}: arrow keys move it, Shift with the arrows resizes it; 1 to 8 highlight it, N adds a note, T tags, F tags a field, Escape drops it`}
                  style={areaStyle(areaSelection.area)}
                  onKeyDown={(event) => handlers.current.draftKey(event)}
                />
                <SelectionToolbar
                  label="Annotate the area"
                  className="page-toolbar-float"
                  style={{ left: percent(areaSelection.area.x + areaSelection.area.width / 2), top: percent(areaSelection.area.y) }}
                />
              </>
            ) : null}
          </div>
        );
      }),
    [areaSelection, areas, count, dragging, flashing, meanings, pageRefCallbacks, pane, pdf, selectAnnotation, selected, zoom],
  );

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
        <button type="button" aria-pressed={drawMode} onClick={() => setDrawMode((on) => !on)} title="Drag on a page to mark a table or figure (or hold Alt while dragging)">
          Area mode
        </button>
        <button type="button" onClick={placeArea} disabled={!pdf} title="Place an area on this page, then move it with the arrow keys and size it with Shift+arrows">
          Draw area
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
      <div className={`page-scroll${drawMode ? ' drawing-areas' : ''}`} ref={scrollRef} onScroll={onScroll} tabIndex={0} aria-label="Pages of the PDF">
        {pages}
        {toolbarAt && !areaSelection ? <SelectionToolbar label="Annotate the selected text" style={{ top: toolbarAt.top, left: toolbarAt.left }} /> : null}
      </div>
    </div>
  );
}
