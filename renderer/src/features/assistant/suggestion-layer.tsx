// The assistant's suggestions in the text of a reader pane: each suggested quote outlined, the
// current one outlined more heavily and scrolled into view when the reviewer moves to it (J/K).
import { useEffect, useRef } from 'react';
import type { ReaderLayerProps } from '../../document/reader-layer';
import { blockElements, rangeOfOffsets } from '../../document/text-ranges';
import { useAssistantStore } from '../../store/assistant-store';
import { clearSuggestions, paintSuggestions } from './suggestion-painter';

export function SuggestionLayer({ pane, documentId, scrollRef, textRef, renderTick }: ReaderLayerProps) {
  const suggestions = useAssistantStore((s) => s.byDocument.get(documentId)?.suggestions);
  const current = useAssistantStore((s) => (s.current?.documentId === documentId ? s.current.id : null));
  const revealed = useRef<string | null>(null);

  useEffect(() => {
    const container = textRef.current;
    if (!container || !suggestions || suggestions.length === 0) {
      clearSuggestions(pane);
      return;
    }
    const blocks = blockElements(container);
    const ranges: Range[] = [];
    let currentRange: Range | null = null;
    for (const suggestion of suggestions) {
      const { start, end } = suggestion.target.position;
      if (end > renderTick) continue;
      const range = rangeOfOffsets(blocks, start, end);
      if (!range) continue;
      ranges.push(range);
      if (suggestion.id === current) currentRange = range;
    }
    paintSuggestions(pane, ranges, currentRange);
    const scroller = scrollRef.current;
    if (currentRange && scroller && revealed.current !== current) {
      revealed.current = current;
      const box = (currentRange as Range).getBoundingClientRect();
      const view = scroller.getBoundingClientRect();
      if (box.top < view.top || box.bottom > view.bottom) scroller.scrollTop += box.top - view.top - view.height / 3;
    }
  }, [current, pane, renderTick, scrollRef, suggestions, textRef]);

  useEffect(() => () => clearSuggestions(pane), [pane]);
  return null;
}
