// The blocks a text is shown in. A short text is split at once, before its first paint; a long one
// (a 50 MB export of notes) is split in a worker while the pane shows its progress, since splitting
// it here would hold the window for seconds. The reader and its reading cursor share the one result.
import { useEffect, useMemo, useState } from 'react';
import { segmentText } from '@shared/text/segment';
import type { TextBlock } from '@shared/text/segment';
import { wholeText } from '@shared/text/text-source';
import type { TextSource } from '@shared/text/text-source';
import { blocksOfLongText, WORKER_SEGMENT_CHARS } from '../db/text-blocks';

export { WORKER_SEGMENT_CHARS };

export type TextBlocks = { state: 'splitting' } | { state: 'ready'; blocks: TextBlock[] } | { state: 'failed'; message: string };

const SPLITTING: TextBlocks = { state: 'splitting' };

export function useTextBlocks(text: TextSource | null): TextBlocks | null {
  const inline = useMemo<TextBlocks | null>(() => (text !== null && text.length <= WORKER_SEGMENT_CHARS ? { state: 'ready', blocks: segmentText(wholeText(text)) } : null), [text]);
  // The worker's answer, for the text it was asked about (a new text starts again).
  const [answer, setAnswer] = useState<{ text: TextSource; blocks: TextBlocks } | null>(null);
  useEffect(() => {
    if (text === null || text.length <= WORKER_SEGMENT_CHARS) return;
    const controller = new AbortController();
    blocksOfLongText(text, controller.signal).then(
      (blocks) => setAnswer({ text, blocks: { state: 'ready', blocks } }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setAnswer({ text, blocks: { state: 'failed', message: error instanceof Error ? error.message : String(error) } });
      },
    );
    return () => controller.abort();
  }, [text]);
  if (text === null) return null;
  if (inline) return inline;
  return answer !== null && answer.text === text ? answer.blocks : SPLITTING;
}
