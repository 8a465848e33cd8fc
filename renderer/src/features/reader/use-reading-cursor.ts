// The reading cursor of a pane: arrow keys in the article select the next word (←/→), sentence
// (↑/↓) or paragraph (Ctrl+↑/↓), Shift extends. It sets the DOM selection, so the annotate layer,
// the selection toolbar and the keys 1–8, N, T, F act on it exactly as on a mouse selection, and
// says what it covers in a live region for screen readers.
import { useCallback, useRef, useState } from 'react';
import type { KeyboardEvent, RefObject } from 'react';
import { cursorSpan, moveCursor, readableBlocks, startCursor } from '@shared/text/reading-cursor';
import type { CursorUnit, ReadingCursor, Span } from '@shared/text/reading-cursor';
import type { TextBlock } from '@shared/text/segment';
import type { TextSource } from '@shared/text/text-source';
import { blockElements, firstVisibleOffset, offsetOfPoint, rangeOfOffsets } from '../../document/text-ranges';

/** What the screen reader hears, at most this long. */
const ANNOUNCE_CHARS = 240;

function unitOf(event: KeyboardEvent): { unit: CursorUnit; forward: boolean } | null {
  const mod = event.ctrlKey || event.metaKey || event.altKey;
  switch (event.key) {
    case 'ArrowRight':
      return { unit: 'word', forward: true };
    case 'ArrowLeft':
      return { unit: 'word', forward: false };
    case 'ArrowDown':
      return { unit: mod ? 'paragraph' : 'sentence', forward: true };
    case 'ArrowUp':
      return { unit: mod ? 'paragraph' : 'sentence', forward: false };
    default:
      return null;
  }
}

function isInView(scroller: HTMLElement, range: Range): boolean {
  const rect = range.getBoundingClientRect();
  const view = scroller.getBoundingClientRect();
  // Nothing laid out (a hidden pane): there is no view to be outside of.
  if (view.height === 0) return true;
  return rect.bottom > view.top && rect.top < view.bottom;
}

/** The DOM selection inside the article, as anchor and focus offsets (either order), or null. */
function domCursor(container: HTMLElement): { anchor: number; focus: number } | null {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed || !selection.anchorNode || !selection.focusNode) return null;
  if (!container.contains(selection.anchorNode) || !container.contains(selection.focusNode)) return null;
  const backward = selection.anchorNode === selection.focusNode ? selection.focusOffset < selection.anchorOffset : Boolean(selection.anchorNode.compareDocumentPosition(selection.focusNode) & Node.DOCUMENT_POSITION_PRECEDING);
  const anchor = offsetOfPoint(container, selection.anchorNode, selection.anchorOffset, backward ? 'end' : 'start');
  const focus = offsetOfPoint(container, selection.focusNode, selection.focusOffset, backward ? 'start' : 'end');
  return anchor === null || focus === null ? null : { anchor, focus };
}

export interface ReadingCursorHandle {
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  /** What the live region says now. */
  announcement: string;
  /** Puts the cursor on a span without selecting it (e.g. a quote shown from the table). */
  placeAt: (span: Span) => void;
}

/** `textBlocks` are the pane's blocks of `text` (null while they are being made: the keys wait). */
export function useReadingCursor(text: TextSource | null, textBlocks: readonly TextBlock[] | null, scrollRef: RefObject<HTMLElement | null>, textRef: RefObject<HTMLElement | null>): ReadingCursorHandle {
  const cursorRef = useRef<{ text: TextSource; cursor: ReadingCursor } | null>(null);
  const blocksRef = useRef<{ from: readonly TextBlock[]; blocks: Span[] } | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const placeAt = useCallback(
    (span: Span) => {
      if (text !== null) cursorRef.current = { text, cursor: { anchor: span.start, focus: span.end, unit: 'sentence' } };
    },
    [text],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const container = textRef.current;
      const scroller = scrollRef.current;
      if (text === null || textBlocks === null || !container || !scroller || event.target !== scroller) return;
      if (event.key === 'Escape') {
        const selection = document.getSelection();
        if (selection && !selection.isCollapsed && domCursor(container)) {
          event.preventDefault();
          selection.removeAllRanges();
          setAnnouncement('Selection cleared');
        }
        return;
      }
      const step = unitOf(event);
      if (!step) return;
      event.preventDefault();
      if (blocksRef.current?.from !== textBlocks) blocksRef.current = { from: textBlocks, blocks: readableBlocks(textBlocks) };
      const blocks = blocksRef.current.blocks;
      const elements = blockElements(container);

      // Where it moves from: the DOM selection if the reviewer made one (by mouse, say), else the
      // cursor as it was left if it is still in view, else the top of what is in view.
      const fromDom = domCursor(container);
      const kept = cursorRef.current?.text === text ? cursorRef.current.cursor : null;
      let from: ReadingCursor | null = null;
      if (fromDom) {
        const same = kept && cursorSpan(kept).start === Math.min(fromDom.anchor, fromDom.focus) && cursorSpan(kept).end === Math.max(fromDom.anchor, fromDom.focus);
        from = same ? kept : { ...fromDom, unit: step.unit };
      } else if (kept) {
        const range = rangeOfOffsets(elements, cursorSpan(kept).start, cursorSpan(kept).end);
        if (range && isInView(scroller, range)) from = kept;
      }
      const next = from
        ? moveCursor(text, blocks, from, step.unit, step.forward ? 'forward' : 'backward', event.shiftKey)
        : startCursor(text, blocks, firstVisibleOffset(scroller, container), step.unit);
      if (!next) return;
      cursorRef.current = { text, cursor: next };
      const { start, end } = cursorSpan(next);
      const range = rangeOfOffsets(elements, start, end);
      const selection = document.getSelection();
      if (!range || !selection) return;
      // Anchor and focus as the cursor has them, so a backward extension reads as one.
      const forwardRange = next.focus >= next.anchor;
      selection.removeAllRanges();
      if (forwardRange) selection.addRange(range);
      else selection.setBaseAndExtent(range.endContainer, range.endOffset, range.startContainer, range.startOffset);
      if (!isInView(scroller, range)) {
        const rect = range.getBoundingClientRect();
        const host = scroller.getBoundingClientRect();
        scroller.scrollTo({ top: scroller.scrollTop + rect.top - host.top - host.height / 3, behavior: 'auto' });
      }
      const quote = text.slice(start, end);
      const spoken = quote.length > ANNOUNCE_CHARS ? `${quote.slice(0, ANNOUNCE_CHARS)}…` : quote;
      setAnnouncement(event.shiftKey ? `Selected: ${spoken}` : spoken);
    },
    [scrollRef, text, textBlocks, textRef],
  );

  return { onKeyDown, announcement, placeAt };
}
