// Everything the reader pane does with annotations: paints the highlights near the viewport,
// tracks the text selection, hit-tests clicks on highlighted text (with a chooser where several
// overlap), scrolls to and flashes an annotation on request, and shows the selection toolbar.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { HIGHLIGHT_COLORS } from '@shared/model';
import type { AnnotationId, DocumentId } from '@shared/model';
import { isAreaSelection, useAppStore } from '../../store/app-store';
import { useColorMeanings } from '../../db/settings';
import { blockElements, keepInView, offsetAtPoint, offsetsOfRange, rangeOfOffsets, textWindowBetween } from '../../document/text-ranges';
import { useOpenDocument } from '../../document/open-documents';
import type { ReaderLayerProps } from '../../document/reader-layer';
import { ANNOTATION_LAYERS, clearPane, layerOf, paintPane } from '../../document/highlight-painter';
import type { PaintLayer } from '../../document/highlight-painter';
import { SelectionToolbar } from '../../document/selection-toolbar';

/** How far beyond the visible area highlights are registered, in viewport heights. */
const VIEWPORT_MARGIN = 1;
const FLASH_MS = 1_400;

/** Offsets of the text shown in the scroll viewport, widened by the margin (whole groups of blocks). */
function visibleWindow(scroller: HTMLElement, container: HTMLElement): [number, number] | null {
  const view = scroller.getBoundingClientRect();
  const margin = view.height * VIEWPORT_MARGIN;
  return textWindowBetween(container, view.top - margin, view.bottom + margin);
}

export function AnnotationLayer({ pane, documentId, text, scrollRef, textRef, renderTick }: ReaderLayerProps) {
  const open = useOpenDocument(documentId);
  const anchoredSet = open?.anchoredSet ?? null;
  const preview = open?.preview;
  // Only text: an area drawn on a PDF page belongs to the page view.
  const selection = useAppStore((s) => (s.selection?.pane === pane && !isAreaSelection(s.selection) ? s.selection : null));
  const setSelection = useAppStore((s) => s.setSelection);
  const selected = useAppStore((s) => (s.selectedAnnotation?.pane === pane ? s.selectedAnnotation.id : null));
  const selectAnnotation = useAppStore((s) => s.selectAnnotation);
  const flash = useAppStore((s) => (s.flash?.pane === pane ? s.flash : null));
  const meanings = useColorMeanings();
  const [toolbarAt, setToolbarAt] = useState<{ top: number; bottom: number; left: number } | null>(null);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const [chooser, setChooser] = useState<{ top: number; left: number; ids: AnnotationId[] } | null>(null);
  const blocksRef = useRef<readonly HTMLElement[]>([]);
  // This view's claim on the pane's highlights (see paintPane); dead once the layer unmounts.
  const [owner] = useState(() => ({}));
  const live = useRef(true);

  const paint = useCallback(() => {
    const scroller = scrollRef.current;
    const container = textRef.current;
    if (!scroller || !container || !anchoredSet) return;
    blocksRef.current = blockElements(container);
    const window = visibleWindow(scroller, container);
    const layers = new Map<PaintLayer, Range[]>();
    if (window) {
      for (const id of anchoredSet.index.overlapping(window[0], window[1])) {
        const item = anchoredSet.byId.get(id as AnnotationId);
        if (!item) continue;
        const range = rangeOfOffsets(blocksRef.current, item.start, item.end);
        if (!range) continue;
        const layer = layerOf(item.annotation);
        const list = layers.get(layer) ?? [];
        list.push(range);
        layers.set(layer, list);
      }
    }
    const selectedItem = selected ? anchoredSet.byId.get(selected) : undefined;
    const selectedRange = selectedItem ? rangeOfOffsets(blocksRef.current, selectedItem.start, selectedItem.end) : null;
    layers.set('selected', selectedRange ? [selectedRange] : []);
    paintPane(pane, owner, layers, ANNOTATION_LAYERS);
  }, [anchoredSet, owner, pane, scrollRef, selected, textRef]);

  // Repaint when annotations, the selection or the rendered blocks change, and while scrolling.
  useLayoutEffect(() => {
    paint();
  }, [paint, renderTick]);
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(paint);
    };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      scroller.removeEventListener('scroll', onScroll);
    };
  }, [paint, scrollRef]);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
      clearPane(pane, owner);
    };
  }, [owner, pane]);

  // Until all annotations have loaded, paint the ones in view from the open document's preview (a
  // small indexed read). It is not cancelled as more blocks render; its result is dropped if the
  // full set or another document got there first.
  const previewed = useRef<DocumentId | null>(null);
  const shown = useRef<{ documentId: DocumentId; loaded: boolean }>({ documentId, loaded: false });
  useLayoutEffect(() => {
    shown.current = { documentId, loaded: anchoredSet !== null };
  }, [anchoredSet, documentId]);
  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    const container = textRef.current;
    if (anchoredSet || !preview || renderTick === 0 || previewed.current === documentId || !scroller || !container) return;
    const window = visibleWindow(scroller, container);
    if (!window) return;
    previewed.current = documentId;
    void preview(window[0], window[1]).then((found) => {
      if (!live.current || shown.current.documentId !== documentId || shown.current.loaded) return;
      const blocks = blockElements(container);
      const layers = new Map<PaintLayer, Range[]>();
      for (const { start, end, color } of found) {
        const range = rangeOfOffsets(blocks, start, end);
        if (range) layers.set(color, [...(layers.get(color) ?? []), range]);
      }
      paintPane(pane, owner, layers, HIGHLIGHT_COLORS);
    });
  }, [anchoredSet, documentId, owner, pane, preview, renderTick, scrollRef, textRef]);

  // Track the text selection inside this pane's article.
  useEffect(() => {
    const onSelectionChange = () => {
      const container = textRef.current;
      const scroller = scrollRef.current;
      const domSelection = document.getSelection();
      if (!container || !scroller || !domSelection || domSelection.rangeCount === 0) return;
      const range = domSelection.getRangeAt(0);
      if (!container.contains(range.commonAncestorContainer)) {
        if (useAppStore.getState().selection?.pane === pane && !scroller.contains(document.activeElement === document.body ? null : document.activeElement)) {
          setSelection(null);
          setToolbarAt(null);
        }
        return;
      }
      const offsets = offsetsOfRange(container, range);
      if (!offsets) {
        if (useAppStore.getState().selection?.pane === pane) setSelection(null);
        setToolbarAt(null);
        return;
      }
      setSelection({ pane, documentId, ...offsets, quote: text.slice(offsets.start, offsets.end) });
      const rect = range.getBoundingClientRect();
      const host = scroller.getBoundingClientRect();
      setToolbarAt({ top: rect.top - host.top + scroller.scrollTop, bottom: rect.bottom - host.top + scroller.scrollTop, left: rect.left - host.left + rect.width / 2 });
      setChooser(null);
    };
    document.addEventListener('selectionchange', onSelectionChange);
    // The layer may mount after the reviewer selected (its code loads on demand): take up a
    // selection already made in this pane instead of waiting for the next change.
    onSelectionChange();
    return () => document.removeEventListener('selectionchange', onSelectionChange);
  }, [documentId, pane, scrollRef, setSelection, text, textRef]);

  // A click on highlighted text selects its annotation; several overlapping open a chooser.
  useEffect(() => {
    const container = textRef.current;
    const scroller = scrollRef.current;
    if (!container || !scroller) return;
    const onClick = (event: MouseEvent) => {
      if (!anchoredSet) return;
      const domSelection = document.getSelection();
      if (domSelection && !domSelection.isCollapsed) return;
      const offset = offsetAtPoint(container, event.clientX, event.clientY);
      const ids = offset === null ? [] : (anchoredSet.index.at(offset) as AnnotationId[]);
      if (ids.length === 0) {
        setChooser(null);
        return;
      }
      if (ids.length === 1) {
        selectAnnotation({ pane, id: ids[0]! });
        setChooser(null);
        return;
      }
      const host = scroller.getBoundingClientRect();
      setChooser({ top: event.clientY - host.top + scroller.scrollTop + 12, left: event.clientX - host.left, ids });
    };
    container.addEventListener('click', onClick);
    return () => container.removeEventListener('click', onClick);
  }, [anchoredSet, pane, scrollRef, selectAnnotation, textRef]);

  // Scroll to and flash an annotation when the panel asks: once, when the text is in the DOM as far
  // as its quote (a long text is laid out in slices, so a request may come before). Kept apart from
  // the effect's runs, since the text growing or the set changing must not scroll there again.
  const flashing = useRef<{ request: typeof flash; stop: () => void } | null>(null);
  useEffect(() => {
    if (!flash || !anchoredSet || flashing.current?.request === flash) return;
    const item = anchoredSet.byId.get(flash.id);
    const scroller = scrollRef.current;
    const container = textRef.current;
    if (!item || !scroller || !container || renderTick < item.end) return;
    const range = rangeOfOffsets(blockElements(container), item.start, item.end);
    if (!range) return;
    flashing.current?.stop();
    const keeping = keepInView(scroller, container, range, 'third');
    paintPane(pane, owner, new Map([['flash', [range]]]), ['flash']);
    const timer = setTimeout(() => paintPane(pane, owner, new Map(), ['flash']), FLASH_MS);
    flashing.current = {
      request: flash,
      stop: () => {
        clearTimeout(timer);
        keeping();
      },
    };
  }, [anchoredSet, flash, owner, pane, renderTick, scrollRef, textRef]);
  useEffect(() => () => flashing.current?.stop(), []);

  const showToolbar = selection !== null && selection.documentId === documentId && toolbarAt !== null;
  // The toolbar is centred over the selection but kept whole inside the pane: clamped between the
  // pane's edges once its width is known, and put below the selection when there is no room above.
  useLayoutEffect(() => {
    const toolbar = toolbarRef.current;
    const scroller = scrollRef.current;
    if (!toolbar || !scroller || !toolbarAt) return;
    const place = () => {
      const EDGE = 8;
      const half = toolbar.offsetWidth / 2;
      const left = Math.max(EDGE + half, Math.min(toolbarAt.left, scroller.clientWidth - EDGE - half));
      const below = toolbarAt.top - toolbar.offsetHeight - EDGE < scroller.scrollTop;
      toolbar.style.left = `${left}px`;
      toolbar.style.top = `${below ? toolbarAt.bottom : toolbarAt.top}px`;
      toolbar.toggleAttribute('data-below', below);
    };
    place();
    // Again whenever the pane or the toolbar changes size (a divider dragged, the window resized).
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(place);
    observer.observe(scroller);
    observer.observe(toolbar);
    return () => observer.disconnect();
  }, [scrollRef, showToolbar, toolbarAt]);
  return (
    <>
      {showToolbar && (
        <SelectionToolbar ref={toolbarRef} label="Annotate the selected text" />
      )}
      {chooser && (
        <div className="overlap-chooser" role="menu" aria-label="Overlapping annotations" style={{ top: chooser.top, left: chooser.left }}>
          {chooser.ids.map((id) => {
            const item = anchoredSet?.byId.get(id);
            if (!item) return null;
            return (
              <button
                key={id}
                type="button"
                role="menuitem"
                className="chooser-item"
                onClick={() => {
                  selectAnnotation({ pane, id });
                  setChooser(null);
                }}
              >
                <span className={`swatch-dot swatch-${item.annotation.color}`} aria-hidden="true" />
                <span className="chooser-color">{meanings[item.annotation.color]}</span>
                <span className="chooser-quote">{text.slice(item.start, Math.min(item.end, item.start + 60))}</span>
              </button>
            );
          })}
        </div>
      )}
    </>
  );
}
