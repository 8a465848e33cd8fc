// The article text as blocks. Each block renders exactly `text.slice(start, end)` in one text node
// with its offset in data-start, so selections map back to offsets of the stored text. Long
// documents render in slices across frames so the window never freezes; blocks are memoized.
import { memo, useEffect, useMemo, useState } from 'react';
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
export const BLOCKS_PER_GROUP = 50;

const Block = memo(function Block({ block, content }: { block: TextBlock; content: string }) {
  if (block.kind === 'furniture') {
    const lines = block.lineCount === 1 ? '1 line' : `${block.lineCount} lines`;
    return (
      <details className="furniture">
        <summary>
          <span className="furniture-label">{block.label}</span> <span className="furniture-count">· {lines} folded</span>
        </summary>
        <div className="block furniture-text" data-start={block.start} data-end={block.end}>
          {content}
        </div>
      </details>
    );
  }
  if (block.kind === 'heading') {
    return (
      <h3 className="block block-heading" data-start={block.start} data-end={block.end}>
        {content}
      </h3>
    );
  }
  return (
    <p className="block" data-start={block.start} data-end={block.end}>
      {content}
    </p>
  );
});

const BlockGroup = memo(function BlockGroup({ blocks, text }: { blocks: TextBlock[]; text: string }) {
  return (
    <div className="block-group">
      {blocks.map((block) => (
        <Block key={block.start} block={block} content={text.slice(block.start, block.end)} />
      ))}
    </div>
  );
});

interface Props {
  text: string;
  /** Called as slices render, with the offset up to which the text is in the DOM (its length when all is). */
  onProgress?: (renderedTo: number) => void;
  containerRef?: Ref<HTMLDivElement>;
}

export function DocumentText({ text, onProgress, containerRef }: Props) {
  const blocks = useMemo(() => segmentText(text), [text]);
  const groups = useMemo(() => {
    const chunks: TextBlock[][] = [];
    for (let i = 0; i < blocks.length; i += BLOCKS_PER_GROUP) chunks.push(blocks.slice(i, i + BLOCKS_PER_GROUP));
    return chunks;
  }, [blocks]);
  const [shown, setShown] = useState({ text, count: FIRST_SLICE });
  // A new text starts again from the first slice (state derived during render, React's documented pattern).
  if (shown.text !== text) setShown({ text, count: FIRST_SLICE });
  const count = shown.text === text ? shown.count : FIRST_SLICE;

  useEffect(() => {
    onProgress?.(count >= blocks.length ? text.length : (blocks[count - 1]?.end ?? 0));
    if (count >= blocks.length) return;
    const handle = requestAnimationFrame(() => setShown({ text, count: count + NEXT_SLICE }));
    return () => cancelAnimationFrame(handle);
  }, [count, blocks, text, onProgress]);

  const shownGroups = groups.slice(0, Math.ceil(count / BLOCKS_PER_GROUP));
  return (
    <div className="document-text" aria-busy={count < blocks.length} ref={containerRef}>
      {shownGroups.map((group) => (
        <BlockGroup key={group[0]!.start} blocks={group} text={text} />
      ))}
    </div>
  );
}
