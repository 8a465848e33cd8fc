// Both extractors' quotes for one field in the reader at once (issue 11: "both quotes can be shown
// in the reader at once"): A's under a solid line, B's over a double line, each also marked with a
// letter where it starts and named in a bar above the text, so neither colour nor line alone tells them apart.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { AnnotationId } from '@shared/model';
import { createRangeLayer } from '../../document/range-layer';
import type { ReaderLayerProps } from '../../document/reader-layer';
import { useOpenDocument } from '../../document/open-documents';
import { blockElements, rangeOfOffsets } from '../../document/text-ranges';
import { useAppStore } from '../../store/app-store';

// Above the annotations' own highlights and find matches, so the compared quotes stay visible.
const QUOTE_A = createRangeLayer('margin-quote-a', 40);
const QUOTE_B = createRangeLayer('margin-quote-b', 42);

/** How many ranges each side paints now (for tests). */
export function paintedComparedQuotes(): { a: number; b: number } {
  return { a: QUOTE_A.count().all, b: QUOTE_B.count().all };
}

interface Mark {
  side: 'A' | 'B';
  top: number;
  left: number;
}

export function ComparedQuotesLayer({ pane, documentId, scrollRef, textRef, renderTick }: ReaderLayerProps) {
  const compared = useAppStore((s) => (s.comparedQuotes?.pane === pane && s.comparedQuotes.documentId === documentId ? s.comparedQuotes : null));
  const clear = useAppStore((s) => s.clearComparedQuotes);
  const anchored = useOpenDocument(documentId)?.anchoredSet ?? null;
  const [marks, setMarks] = useState<Mark[]>([]);
  const revealed = useRef(0);

  const spans = useMemo(() => {
    const of = (ids: readonly AnnotationId[]) => ids.flatMap((id) => {
      const found = anchored?.byId.get(id);
      return found ? [{ start: found.start, end: found.end }] : [];
    });
    return compared === null ? null : { a: of(compared.a.annotationIds), b: of(compared.b.annotationIds) };
  }, [anchored, compared]);

  useLayoutEffect(() => {
    const container = textRef.current;
    const scroller = scrollRef.current;
    if (!container || !scroller || spans === null) {
      QUOTE_A.clear(pane);
      QUOTE_B.clear(pane);
      setMarks([]);
      return;
    }
    const blocks = blockElements(container);
    const host = scroller.getBoundingClientRect();
    const next: Mark[] = [];
    const paint = (side: 'A' | 'B', list: { start: number; end: number }[]) => {
      const ranges: Range[] = [];
      for (const { start, end } of list) {
        if (end > renderTick) continue;
        const range = rangeOfOffsets(blocks, start, end);
        if (!range) continue;
        ranges.push(range);
        const first = range.getClientRects()[0];
        if (first) next.push({ side, top: first.top - host.top + scroller.scrollTop, left: first.left - host.left + scroller.scrollLeft });
      }
      return ranges;
    };
    const a = paint('A', spans.a);
    const b = paint('B', spans.b);
    QUOTE_A.paint(pane, a, null);
    QUOTE_B.paint(pane, b, null);
    setMarks(next);
    // Once per request: the earlier of the quotes a third of the way down the pane.
    const earliest = [...a, ...b].sort((x, y) => x.getBoundingClientRect().top - y.getBoundingClientRect().top)[0];
    if (earliest && compared && revealed.current !== compared.nonce) {
      revealed.current = compared.nonce;
      const box = earliest.getBoundingClientRect();
      scroller.scrollTop += box.top - host.top - host.height / 3;
    }
  }, [compared, pane, renderTick, scrollRef, spans, textRef]);

  useEffect(
    () => () => {
      QUOTE_A.clear(pane);
      QUOTE_B.clear(pane);
    },
    [pane],
  );

  useEffect(() => {
    if (compared === null) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented && !document.querySelector('[role="dialog"]')) clear();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [clear, compared]);

  if (compared === null || spans === null) return null;
  const missing = (n: number, asked: number) => (asked === 0 ? ' (no quote)' : n < asked ? ' (quote not found in the text)' : '');
  return (
    <>
      <div className="compared-quotes-bar" role="region" aria-label="Compared quotes">
        <p>
          {compared.label}: <span className="compared-key compared-key-a">A</span> {compared.a.name}, solid underline{missing(spans.a.length, compared.a.annotationIds.length)};{' '}
          <span className="compared-key compared-key-b">B</span> {compared.b.name}, double overline{missing(spans.b.length, compared.b.annotationIds.length)}.
        </p>
        <button type="button" className="toolbar-button" onClick={clear}>
          Stop comparing
        </button>
      </div>
      {marks.map((m, i) => (
        <span key={`${m.side}-${i}`} className={`compared-mark compared-mark-${m.side.toLowerCase()}`} style={{ top: m.top, left: m.left }} aria-hidden="true">
          {m.side}
        </span>
      ))}
    </>
  );
}
