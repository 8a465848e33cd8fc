// The article text as blocks. Each block renders exactly `text.slice(start, end)` in one text node
// with its offset in data-start, so selections map back to offsets of the stored text. Long
// documents render in slices across frames, each slice as many blocks as fit in a few milliseconds,
// so the window never freezes (a 50 MB text is 115,000 blocks). The blocks are made as
// plain DOM, not React elements: the text never changes once shown, and a 1 MB review's 1,700
// blocks as components cost ~0.5 MB of fibers and props for nothing React would ever update.
import { useImperativeHandle, useLayoutEffect, useRef } from 'react';
import type { Ref } from 'react';
import type { TextBlock } from '@shared/text/segment';
import type { TextSource } from '@shared/text/text-source';
import { registerBlockElements } from '../../document/text-ranges';

/** Blocks rendered in the first frame, then at most per following frame. */
export const FIRST_SLICE = 400; // a multiple of BLOCKS_PER_GROUP, so groups render whole
export const NEXT_SLICE = 1_500;
/**
 * A following frame's slice stops early once it has taken this long, so making the elements plus
 * the browser's own style work for them stay well inside a frame even on a slow, loaded machine.
 */
export const SLICE_BUDGET_MS = 8;
/** Progress is reported at most this often while slices render (each report re-renders the pane and its layers). */
export const PROGRESS_EVERY_MS = 120;
/**
 * Blocks are grouped, and the groups (not each block) skip layout while off screen: with thousands
 * of sibling blocks each skipping layout, Chromium's caret hit-testing got several times slower.
 */
export const BLOCKS_PER_GROUP = 20;

function blockElement(block: TextBlock, content: string): HTMLElement {
  if (block.kind === 'furniture') {
    const details = document.createElement('details');
    details.className = 'furniture';
    const summary = document.createElement('summary');
    const label = document.createElement('span');
    label.className = 'furniture-label';
    label.textContent = block.label;
    const count = document.createElement('span');
    count.className = 'furniture-count';
    count.textContent = `· ${block.lineCount === 1 ? '1 line' : `${block.lineCount} lines`} folded`;
    summary.append(label, ' ', count);
    const body = document.createElement('div');
    body.className = 'block furniture-text';
    body.dataset.start = String(block.start);
    body.dataset.end = String(block.end);
    body.textContent = content;
    details.append(summary, body);
    return details;
  }
  const element = document.createElement(block.kind === 'heading' ? 'h3' : 'p');
  element.className = block.kind === 'heading' ? 'block block-heading' : 'block';
  element.dataset.start = String(block.start);
  element.dataset.end = String(block.end);
  element.textContent = content;
  return element;
}

/**
 * Appends blocks from `from` up to `to` (or fewer, once `deadline` has passed, whole groups only) to
 * the container, in groups of BLOCKS_PER_GROUP counted from the first block; each block's element
 * joins `elements`. Returns the index after the last block appended.
 */
function appendBlocks(container: HTMLElement, text: TextSource, blocks: readonly TextBlock[], from: number, to: number, elements: HTMLElement[], deadline = Infinity): number {
  const groups = document.createDocumentFragment();
  let group: HTMLElement | null = null;
  let i = from;
  for (; i < to; i++) {
    if (i % BLOCKS_PER_GROUP === 0 || group === null) {
      if (i > from && performance.now() > deadline) break;
      group = document.createElement('div');
      group.className = 'block-group';
      groups.append(group);
    }
    const element = blockElement(blocks[i]!, text.slice(blocks[i]!.start, blocks[i]!.end));
    group.append(element);
    elements.push(element.matches('[data-start]') ? element : element.querySelector<HTMLElement>('[data-start]')!);
  }
  container.append(groups);
  return i;
}

interface Props {
  text: TextSource;
  /** The text's blocks (segmentText's, computed once by the pane). */
  blocks: readonly TextBlock[];
  /** Called as slices render, with the offset up to which the text is in the DOM (its length when all is). */
  onProgress?: (renderedTo: number) => void;
  containerRef?: Ref<HTMLDivElement>;
}

export function DocumentText({ text, blocks, onProgress, containerRef }: Props) {
  const element = useRef<HTMLDivElement>(null);
  useImperativeHandle(containerRef, () => element.current!, []);
  // The latest callback, so a new one never makes the text render again.
  const progress = useRef(onProgress);
  useLayoutEffect(() => {
    progress.current = onProgress;
  });

  // Renders the first slice before the first paint, then one slice per frame; a new text starts
  // again from an empty container.
  useLayoutEffect(() => {
    const container = element.current;
    if (!container) return;
    container.replaceChildren();
    const elements: HTMLElement[] = [];
    registerBlockElements(container, elements);
    let rendered = 0;
    let frame = 0;
    let reported = -Infinity;
    const renderTo = (count: number, deadline?: number) => {
      rendered = appendBlocks(container, text, blocks, rendered, count, elements, deadline);
      const done = rendered >= blocks.length;
      container.setAttribute('aria-busy', String(!done));
      const now = performance.now();
      if (done || now - reported >= PROGRESS_EVERY_MS) {
        reported = now;
        progress.current?.(done ? text.length : (blocks[rendered - 1]?.end ?? 0));
      }
      if (!done) frame = requestAnimationFrame(() => renderTo(Math.min(blocks.length, rendered + NEXT_SLICE), performance.now() + SLICE_BUDGET_MS));
    };
    renderTo(Math.min(blocks.length, FIRST_SLICE));
    return () => cancelAnimationFrame(frame);
  }, [blocks, text]);

  // aria-busy is the effect's to set: it says whether every slice is in yet.
  return <div className="document-text" ref={element} />;
}
