// The article text as blocks. Each block renders exactly `text.slice(start, end)` in one text node
// with its offset in data-start, so selections map back to offsets of the stored text. Long
// documents render in slices across frames so the window never freezes. The blocks are made as
// plain DOM, not React elements: the text never changes once shown, and a 1 MB review's 1,700
// blocks as components cost ~0.5 MB of fibers and props for nothing React would ever update.
import { useImperativeHandle, useLayoutEffect, useMemo, useRef } from 'react';
import type { Ref } from 'react';
import { segmentText } from '@shared/text/segment';
import type { TextBlock } from '@shared/text/segment';

/** Blocks rendered in the first frame, then per following frame. */
export const FIRST_SLICE = 400; // a multiple of BLOCKS_PER_GROUP, so groups render whole
export const NEXT_SLICE = 1_500;
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

/** Appends blocks [from, to) to the container, in groups of BLOCKS_PER_GROUP counted from the first block. */
function appendBlocks(container: HTMLElement, text: string, blocks: readonly TextBlock[], from: number, to: number): void {
  const groups = document.createDocumentFragment();
  let group: HTMLElement | null = null;
  for (let i = from; i < to; i++) {
    if (i % BLOCKS_PER_GROUP === 0 || group === null) {
      group = document.createElement('div');
      group.className = 'block-group';
      groups.append(group);
    }
    group.append(blockElement(blocks[i]!, text.slice(blocks[i]!.start, blocks[i]!.end)));
  }
  container.append(groups);
}

interface Props {
  text: string;
  /** Called as slices render, with the offset up to which the text is in the DOM (its length when all is). */
  onProgress?: (renderedTo: number) => void;
  containerRef?: Ref<HTMLDivElement>;
}

export function DocumentText({ text, onProgress, containerRef }: Props) {
  const blocks = useMemo(() => segmentText(text), [text]);
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
    let rendered = 0;
    let frame = 0;
    const renderTo = (count: number) => {
      appendBlocks(container, text, blocks, rendered, count);
      rendered = count;
      container.setAttribute('aria-busy', String(rendered < blocks.length));
      progress.current?.(rendered >= blocks.length ? text.length : (blocks[rendered - 1]?.end ?? 0));
      if (rendered < blocks.length) frame = requestAnimationFrame(() => renderTo(Math.min(blocks.length, rendered + NEXT_SLICE)));
    };
    renderTo(Math.min(blocks.length, FIRST_SLICE));
    return () => cancelAnimationFrame(frame);
  }, [blocks, text]);

  // aria-busy is the effect's to set: it says whether every slice is in yet.
  return <div className="document-text" ref={element} />;
}
