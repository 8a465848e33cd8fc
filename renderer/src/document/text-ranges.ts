// Maps between DOM selections in a reader pane and offsets of the stored text. Each block element
// carries data-start and holds exactly one text node, so an offset is block start + node offset.

/**
 * The block elements a text's renderer has put in each container, in text order, kept as they are
 * appended: on a 50 MB text (115,000 blocks) querying them again on every paint and scroll frame
 * cost more than the frame itself.
 */
const registered = new WeakMap<HTMLElement, readonly HTMLElement[]>();

/** Called by the text's renderer with the (growing) list of its block elements in `container`. */
export function registerBlockElements(container: HTMLElement, blocks: readonly HTMLElement[]): void {
  registered.set(container, blocks);
}

/** The rendered block elements of a document, in text order. Read-only: it may be the renderer's own list. */
export function blockElements(container: HTMLElement): readonly HTMLElement[] {
  return registered.get(container) ?? Array.from(container.querySelectorAll<HTMLElement>('[data-start]'));
}

/** The text range of one child of the container: from its first block's start to its last block's end. */
function rangeOfUnit(unit: Element): [number, number] | null {
  const first = unit.matches('[data-start]') ? unit : unit.querySelector('[data-start]');
  if (!first) return null;
  const blocks = unit.matches('[data-start]') ? [unit] : unit.querySelectorAll('[data-start]');
  const last = blocks[blocks.length - 1]!;
  return [Number((first as HTMLElement).dataset.start), Number((last as HTMLElement).dataset.end)];
}

/**
 * The text offsets of the container's children (its layout units: groups of blocks) that reach
 * into [top, bottom] in viewport coordinates, whole units. Only the children are measured: a
 * block inside a group that skips layout (content-visibility) would make Chromium lay that group
 * out to answer, some ten milliseconds each on a long document. Null without any text.
 */
/** The index of the first of `units` (in document order) whose bottom reaches `top`, by binary search; the last when none does. */
function firstUnitReaching(units: HTMLCollection, top: number): number {
  let lo = 0;
  let hi = units.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid]!.getBoundingClientRect().bottom < top) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function textWindowBetween(container: HTMLElement, top: number, bottom: number): [number, number] | null {
  const units = container.children;
  if (units.length === 0) return null;
  const first = firstUnitReaching(units, top);
  let lo = first;
  let hi = units.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (units[mid]!.getBoundingClientRect().top > bottom) hi = mid - 1;
    else lo = mid;
  }
  const from = rangeOfUnit(units[first]!);
  const to = rangeOfUnit(units[lo]!);
  return from && to ? [from[0], to[1]] : null;
}

function blockOf(node: Node): HTMLElement | null {
  const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  return element?.closest<HTMLElement>('[data-start]') ?? null;
}

/**
 * The text offset of a DOM boundary point inside `container`. A point between blocks (or on a
 * block element rather than its text) snaps to the nearest block edge in the given direction.
 */
export function offsetOfPoint(container: HTMLElement, node: Node, offset: number, edge: 'start' | 'end'): number | null {
  if (!container.contains(node)) return null;
  const block = blockOf(node);
  if (block && node.nodeType === Node.TEXT_NODE) return Number(block.dataset.start) + offset;
  if (block) {
    // A point on the block element itself: before or after its single text node.
    return offset === 0 ? Number(block.dataset.start) : Number(block.dataset.end);
  }
  // A point outside any block (the article wrapper, a header): snap to the next or previous block.
  const blocks = blockElements(container);
  const probe = document.createRange();
  probe.setStart(node, offset);
  if (edge === 'start') {
    const next = blocks.find((b) => probe.comparePoint(b, 0) >= 0);
    return next ? Number(next.dataset.start) : null;
  }
  const previous = [...blocks].reverse().find((b) => probe.comparePoint(b, b.childNodes.length) <= 0);
  return previous ? Number(previous.dataset.end) : null;
}

/** The selection as text offsets within the container's document, or null if it is not inside it. */
export function offsetsOfRange(container: HTMLElement, range: Range): { start: number; end: number } | null {
  if (range.collapsed) return null;
  const start = offsetOfPoint(container, range.startContainer, range.startOffset, 'start');
  const end = offsetOfPoint(container, range.endContainer, range.endOffset, 'end');
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}

/** Finds the block holding an offset by binary search over the rendered blocks. */
function findBlock(blocks: readonly HTMLElement[], offset: number, preferEnd: boolean): HTMLElement | null {
  let lo = 0;
  let hi = blocks.length - 1;
  let candidate: HTMLElement | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const block = blocks[mid]!;
    const start = Number(block.dataset.start);
    const end = Number(block.dataset.end);
    if (offset < start || (preferEnd && offset === start)) hi = mid - 1;
    else if (offset > end || (!preferEnd && offset === end)) lo = mid + 1;
    else return block;
    // Offsets in the gaps between blocks (blank lines) fall to the neighbouring block.
    candidate = preferEnd ? (hi >= 0 ? (blocks[hi] ?? null) : null) : (blocks[lo] ?? null);
  }
  return candidate;
}

function pointIn(block: HTMLElement, offset: number): [Node, number] {
  const start = Number(block.dataset.start);
  const end = Number(block.dataset.end);
  const text = block.firstChild;
  const clamped = Math.max(start, Math.min(end, offset));
  if (text && text.nodeType === Node.TEXT_NODE) return [text, clamped - start];
  return [block, clamped === start ? 0 : block.childNodes.length];
}

/** A DOM Range for text offsets [start, end), using the given block list (sorted by start). */
export function rangeOfOffsets(blocks: readonly HTMLElement[], start: number, end: number): Range | null {
  const first = findBlock(blocks, start, false);
  const last = findBlock(blocks, end, true);
  if (!first || !last) return null;
  const range = document.createRange();
  const [startNode, startOffset] = pointIn(first, start);
  const [endNode, endOffset] = pointIn(last, end);
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, endOffset);
  return range.collapsed ? null : range;
}

/** The text offset under a screen point (for clicks on highlighted text), or null. */
export function offsetAtPoint(container: HTMLElement, x: number, y: number): number | null {
  const doc = container.ownerDocument as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  let node: Node | null = null;
  let offset = 0;
  const position = doc.caretPositionFromPoint?.(x, y);
  if (position) {
    node = position.offsetNode;
    offset = position.offset;
  } else {
    const range = doc.caretRangeFromPoint?.(x, y);
    if (range) {
      node = range.startContainer;
      offset = range.startOffset;
    }
  }
  if (!node || node.nodeType !== Node.TEXT_NODE) return null;
  const block = blockOf(node);
  if (!block || !container.contains(block)) return null;
  return Number(block.dataset.start) + offset;
}

/** The child of `container` (a group of blocks, or a block) that holds `node`. */
function unitHolding(container: HTMLElement, node: Node): HTMLElement | null {
  let unit: Node | null = node;
  while (unit && unit.parentNode !== container) unit = unit.parentNode;
  return unit as HTMLElement | null;
}

/** How long a scroll target is kept in place while the groups around it take their real height. */
export const SETTLE_MS = 1_000;

/**
 * Scrolls the pane to `target` (a range of the text, or a block) so it sits at the top of the view
 * or a third of the way down, and keeps it there while the text settles; returns what stops that.
 *
 * A group of blocks off screen skips layout (content-visibility: auto) and keeps its placeholder
 * height, but the blocks inside it still measure as if laid out from the group's top, so on a long
 * text they overflow far into the groups after it. Scrolling to such a measurement lands in those
 * later groups, and the target's own group, still off screen, never takes its real height: a 50 MB
 * text reopened after a reload showed its reading place and its highlights thirty paragraphs away.
 * So while the target measures outside its group, the group's own top (which is true) is brought
 * into view first; the group is laid out for that frame, and the target is placed again once it
 * and the groups around it have their real sizes (observed as resizes, for SETTLE_MS).
 */
export function keepInView(scroller: HTMLElement, container: HTMLElement, target: Range | HTMLElement, where: 'top' | 'third'): () => void {
  const node = target instanceof HTMLElement ? target : target.startContainer;
  const unit = unitHolding(container, node);
  const folded = (node instanceof Element ? node : node.parentElement)?.closest('details');
  if (folded && !folded.open) folded.open = true;
  const place = () => {
    // jsdom has no layout (nor Range.getBoundingClientRect): nothing to measure there.
    if (typeof target.getBoundingClientRect !== 'function') return;
    const box = target.getBoundingClientRect();
    const frame = scroller.getBoundingClientRect();
    const group = unit && unit !== target ? unit.getBoundingClientRect() : null;
    const measured = group === null || (box.top >= group.top - 1 && box.bottom <= group.bottom + 1);
    const top = measured ? box.top : group.top;
    const wanted = measured && where === 'third' ? frame.top + frame.height / 3 : frame.top;
    if (Math.abs(top - wanted) >= 1) scroller.scrollTop += top - wanted;
  };
  place();
  if (typeof ResizeObserver === 'undefined') return () => undefined;
  const observer = new ResizeObserver(place);
  observer.observe(container);
  if (unit) observer.observe(unit);
  const stop = setTimeout(() => observer.disconnect(), SETTLE_MS);
  return () => {
    clearTimeout(stop);
    observer.disconnect();
  };
}

/**
 * The offset of the first block whose bottom is below the top of the scroll viewport. The group at
 * the top is found first, by the groups' own boxes: a block inside a group that skips layout
 * measures far from where it is shown (see keepInView).
 */
export function firstVisibleOffset(scroller: HTMLElement, container: HTMLElement): number {
  const top = scroller.getBoundingClientRect().top;
  const units = container.children;
  const unit = units[firstUnitReaching(units, top)];
  if (!unit) return 0;
  const blocks = unit.matches('[data-start]') ? [unit as HTMLElement] : [...unit.querySelectorAll<HTMLElement>('[data-start]')];
  const block = blocks.find((b) => b.getBoundingClientRect().bottom >= top) ?? blocks[blocks.length - 1];
  return block ? Number(block.dataset.start) : 0;
}
