// Find in document (Ctrl+F, ⌘F on a Mac) for a reader pane: every match of what is typed painted
// with the Highlight API, Enter and Shift+Enter (or the arrows) to step, "3 of 17", match case and
// whole words; Escape closes it and gives focus back. Composed over the text by app.tsx as part of
// the pane's layer; it also answers search's request to show a stretch of text in the pane.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { findInText, foldSameLength, foldSlices, matchAtOrAfter } from '@shared/search/find';
import { wholeText } from '@shared/text/text-source';
import type { TextSource } from '@shared/text/text-source';
import { blockElements, rangeOfOffsets } from '../../document/text-ranges';
import type { ReaderLayerProps } from '../../document/reader-layer';
import { PANE_NAMES } from '../../document/panes';
import { useAppStore } from '../../store/app-store';
import { clearMatches, paintMatches } from './find-painter';

/** More matches than this are not counted further (a single letter in a long text). */
export const MATCH_LIMIT = 10_000;

export function isFindShortcut(event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'key'>): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'f';
}

/** Texts up to this many UTF-16 units are folded at once; longer ones a slice per task. */
const FOLD_AT_ONCE = 1 << 21;

/**
 * foldSameLength(text) while `wanted`: at once for a short text, else a slice per task, kept as the
 * slices (findInText searches them one by one; joined, 50 MB would be copied in one task). Undefined
 * until done.
 */
function useFoldedText(text: TextSource, wanted: boolean): string | readonly string[] | undefined {
  const short = wanted && text.length <= FOLD_AT_ONCE;
  const now = useMemo(() => (short ? foldSameLength(wholeText(text)) : undefined), [short, text]);
  const [slow, setSlow] = useState<{ text: TextSource; folded: readonly string[] } | null>(null);
  useEffect(() => {
    if (!wanted || text.length <= FOLD_AT_ONCE) return;
    let cancelled = false;
    void (async () => {
      const folded: string[] = [];
      for (const slice of foldSlices(text)) {
        folded.push(slice);
        await new Promise<void>((done) => setTimeout(done, 0));
        if (cancelled) return;
      }
      setSlow({ text, folded });
    })();
    return () => {
      cancelled = true;
    };
  }, [wanted, text]);
  if (!wanted) return undefined;
  return short ? now : slow?.text === text ? slow.folded : undefined;
}

/** Scrolls the pane so the range sits a third of the way down, opening a folded block that holds it. */
function reveal(range: Range, scroller: HTMLElement | null): void {
  const container = range.startContainer.parentElement;
  const folded = container?.closest('details');
  if (folded && !folded.open) folded.open = true;
  if (!scroller) return;
  const box = range.getBoundingClientRect();
  const frame = scroller.getBoundingClientRect();
  if (box.top >= frame.top + 40 && box.bottom <= frame.bottom - 8) return;
  scroller.scrollTop += box.top - frame.top - frame.height / 3;
}

export function FindBar({ pane, documentId, text, scrollRef, textRef, renderTick }: ReaderLayerProps) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [wholeWord, setWholeWord] = useState(false);
  const [current, setCurrent] = useState(0);
  /** Where a search result asked to be shown starts: the current match is set there once the matches are in. */
  const [stepTo, setStepTo] = useState<number | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const [host, setHost] = useState<HTMLElement | null>(null);
  const countId = useId();
  const active = useAppStore((s) => s.activePane === pane);
  const name = PANE_NAMES[pane];

  useEffect(() => setHost(scrollRef.current?.parentElement ?? null), [scrollRef]);

  // The folded text, made once while the bar is open for case-insensitive finds: a long text a slice
  // per task (folding 50 MB at once blocked the page for a quarter of a second), the count saying
  // "Searching…" meanwhile.
  const folded = useFoldedText(text, open && !caseSensitive);
  const waiting = open && !caseSensitive && folded === undefined;
  const matches = useMemo(() => (open && !waiting ? findInText(text, query, { caseSensitive, wholeWord }, MATCH_LIMIT, folded) : []), [open, waiting, text, query, caseSensitive, wholeWord, folded]);
  const index = matches.length === 0 ? -1 : Math.min(current, matches.length - 1);

  const openBar = () => {
    if (!open) returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(true);
    // Focus after the bar renders; selecting lets the reviewer type over the last search.
    requestAnimationFrame(() => {
      inputRef.current?.focus();
      inputRef.current?.select();
    });
  };

  const close = () => {
    setOpen(false);
    setStepTo(null);
    clearMatches(pane);
    const back = returnFocus.current;
    returnFocus.current = null;
    (back && back.isConnected ? back : scrollRef.current)?.focus();
  };

  // Ctrl+F in the active pane opens (or refocuses) its bar instead of the browser's own find.
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (!isFindShortcut(event) || event.defaultPrevented) return;
      event.preventDefault();
      openBar();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // The command menu's "Find in this document…" asks through the store; answered once per request.
  const findRequest = useAppStore((s) => (s.findRequest?.pane === pane ? s.findRequest.nonce : 0));
  const answeredFind = useRef(findRequest);
  useEffect(() => {
    if (findRequest === answeredFind.current) return;
    answeredFind.current = findRequest;
    openBar();
  });

  // Search asked to show a stretch of this document: once it is rendered, find that text and step to
  // that occurrence (state set while rendering, React's pattern for state derived from props). The
  // step waits for the bar's own matches, so a long text is folded a slice per task, not all at once.
  const request = useAppStore((s) => (s.showTextRequest?.pane === pane && s.showTextRequest.documentId === documentId ? s.showTextRequest : null));
  const [handled, setHandled] = useState(0);
  if (request && renderTick >= request.end && request.nonce !== handled) {
    setHandled(request.nonce);
    setCaseSensitive(false);
    setWholeWord(false);
    setQuery(text.slice(request.start, request.end));
    setStepTo(request.start);
    setOpen(true);
  } else if (stepTo !== null && open && !waiting) {
    setCurrent(Math.max(0, matchAtOrAfter(matches, stepTo)));
    setStepTo(null);
  }
  useEffect(() => {
    if (!request || request.nonce !== handled) return;
    returnFocus.current ??= scrollRef.current;
    useAppStore.getState().answerShowTextRequest(request);
  }, [handled, request, scrollRef]);

  // Paint what is rendered so far; the current match is revealed when it changes.
  const revealed = useRef<string>('');
  useEffect(() => {
    const container = textRef.current;
    if (!open || !container || matches.length === 0) {
      clearMatches(pane);
      return;
    }
    const blocks = blockElements(container);
    const ranges: Range[] = [];
    let currentRange: Range | null = null;
    matches.forEach((match, i) => {
      if (match.end > renderTick) return;
      const range = rangeOfOffsets(blocks, match.start, match.end);
      if (!range) return;
      ranges.push(range);
      if (i === index) currentRange = range;
    });
    paintMatches(pane, ranges, currentRange);
    const key = `${documentId}:${query}:${index}:${caseSensitive}:${wholeWord}`;
    if (currentRange && revealed.current !== key) {
      revealed.current = key;
      const range: Range = currentRange;
      reveal(range, scrollRef.current);
      // Block groups above the match are laid out for the first time as they come into view and
      // take their real height, which moves the match: keep it in view while the text settles.
      if (typeof ResizeObserver === 'undefined') return;
      const observer = new ResizeObserver(() => reveal(range, scrollRef.current));
      observer.observe(container);
      const stop = setTimeout(() => observer.disconnect(), 1_000);
      return () => {
        clearTimeout(stop);
        observer.disconnect();
      };
    }
  }, [caseSensitive, documentId, index, matches, open, pane, query, renderTick, scrollRef, textRef, wholeWord]);

  useEffect(() => () => clearMatches(pane), [pane]);

  const step = (by: number) => {
    if (matches.length === 0) return;
    setCurrent((index + by + matches.length) % matches.length);
  };

  const onKeyDown = (event: ReactKeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'Enter' && event.target === inputRef.current) {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    }
  };

  if (!open || !host) return null;
  const capped = matches.length >= MATCH_LIMIT ? `${MATCH_LIMIT.toLocaleString('en')}+` : String(matches.length);
  const count = query === '' ? '' : waiting ? 'Searching…' : matches.length === 0 ? 'No matches' : `${index + 1} of ${capped}`;
  return createPortal(
    <div className="find-bar" role="search" aria-label={`Find in the ${name}`} onKeyDown={onKeyDown}>
      <input
        ref={inputRef}
        type="search"
        className="find-input"
        aria-label="Find in document"
        aria-describedby={countId}
        value={query}
        placeholder="Find in document"
        onChange={(event) => {
          setQuery(event.target.value);
          setCurrent(0);
        }}
      />
      <span id={countId} className="find-count" role="status" aria-live="polite">
        {count}
      </span>
      <button type="button" className="icon-button" aria-label="Previous match" disabled={matches.length === 0} onClick={() => step(-1)}>
        ↑
      </button>
      <button type="button" className="icon-button" aria-label="Next match" disabled={matches.length === 0} onClick={() => step(1)}>
        ↓
      </button>
      <label className="find-option">
        <input type="checkbox" checked={caseSensitive} onChange={(event) => {
            setCaseSensitive(event.target.checked);
            setCurrent(0);
          }} /> Match case
      </label>
      <label className="find-option">
        <input type="checkbox" checked={wholeWord} onChange={(event) => {
            setWholeWord(event.target.checked);
            setCurrent(0);
          }} /> Whole words
      </label>
      <button type="button" className="icon-button" aria-label="Close find" onClick={close}>
        ×
      </button>
    </div>,
    host,
  );
}
