// The kept blocks of long texts: blocks offered by the text-read worker are the ones the reader gets
// (its text is not split again), a failed offer is forgotten, and a split is ended only when the last
// one waiting on it leaves.
import { describe, expect, it, vi } from 'vitest';
import { segmentText } from '@shared/text/segment';
import type { TextBlock } from '@shared/text/segment';
import { blocksOfLongText, KEPT_TEXTS, offerBlocks } from '../../../renderer/src/db/text-blocks';
import { packBlocks } from '../../../renderer/src/workers/segment-protocol';
import type { SegmentResponse } from '../../../renderer/src/workers/segment-protocol';

const textOf = (n: number) => `Note ${n}. Grade 2 cytokine release syndrome on day 3.\n\nNo ICANS was observed during the first month.\n\nB cell aplasia persisted.`;
/** One block over the whole text: unlike what splitting it gives, so its use shows the offer was taken. */
const offered = (text: string): TextBlock[] => [{ kind: 'paragraph', start: 0, end: text.length, label: null, lineCount: 1 }];
const answerOf = (blocks: TextBlock[]): SegmentResponse => ({ id: 1, blocks: packBlocks(blocks) });

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((yes, no) => ((resolve = yes), (reject = no)));
  return { promise, resolve, reject };
}

describe('blocks of long texts', () => {
  it('gives the blocks offered for a text instead of splitting it again', async () => {
    const text = textOf(1);
    expect(segmentText(text).length).toBeGreaterThan(1);
    const cancel = vi.fn();
    offerBlocks(text, Promise.resolve(answerOf(offered(text))), cancel);
    await expect(blocksOfLongText(text)).resolves.toEqual(offered(text));
    expect(cancel).not.toHaveBeenCalled();
  });

  it('splits a text itself once the blocks offered for it have failed', async () => {
    const text = textOf(2);
    const answer = deferred<SegmentResponse>();
    offerBlocks(text, answer.promise, () => undefined);
    answer.reject(new Error('the worker stopped'));
    await answer.promise.catch(() => undefined);
    await new Promise((done) => setTimeout(done, 0));
    await expect(blocksOfLongText(text)).resolves.toEqual(segmentText(text));
  });

  it('ends an offered split when the last reader waiting on it leaves, not before', async () => {
    const text = textOf(3);
    const answer = deferred<SegmentResponse>();
    const cancel = vi.fn(() => answer.reject(new DOMException('The text is no longer wanted.', 'AbortError') as Error));
    offerBlocks(text, answer.promise, cancel);
    const [left, right] = [new AbortController(), new AbortController()];
    const first = blocksOfLongText(text, left.signal);
    const second = blocksOfLongText(text, right.signal);
    left.abort();
    await expect(first).rejects.toThrow('no longer wanted');
    expect(cancel).not.toHaveBeenCalled();
    right.abort();
    await expect(second).rejects.toThrow('no longer wanted');
    expect(cancel).toHaveBeenCalledTimes(1);
    // Forgotten with it: the next ask splits the text afresh.
    await expect(blocksOfLongText(text)).resolves.toEqual(segmentText(text));
  });

  it('hands one offer to everyone waiting, and declines a second offer for a text already kept', async () => {
    const text = textOf(4);
    const answer = deferred<SegmentResponse>();
    offerBlocks(text, answer.promise, () => undefined);
    const again = vi.fn();
    offerBlocks(text, Promise.resolve(answerOf(segmentText(text))), again);
    expect(again).toHaveBeenCalledTimes(1);
    const both = Promise.all([blocksOfLongText(text, new AbortController().signal), blocksOfLongText(text)]);
    answer.resolve(answerOf(offered(text)));
    await expect(both).resolves.toEqual([offered(text), offered(text)]);
  });

  it('keeps the blocks of the texts asked for most lately, as the text cache keeps the texts', async () => {
    const texts = Array.from({ length: KEPT_TEXTS + 1 }, (_, i) => textOf(100 + i));
    for (const text of texts.slice(0, KEPT_TEXTS)) offerBlocks(text, Promise.resolve(answerOf(offered(text))), () => undefined);
    // The first is asked for again (reopened), so the second is now the least lately asked for.
    await expect(blocksOfLongText(texts[0]!)).resolves.toEqual(offered(texts[0]!));
    offerBlocks(texts[KEPT_TEXTS]!, Promise.resolve(answerOf(offered(texts[KEPT_TEXTS]!))), () => undefined);
    await expect(blocksOfLongText(texts[0]!)).resolves.toEqual(offered(texts[0]!));
    await expect(blocksOfLongText(texts[KEPT_TEXTS]!)).resolves.toEqual(offered(texts[KEPT_TEXTS]!));
    // The second was let go: asked for, it is split afresh.
    await expect(blocksOfLongText(texts[1]!)).resolves.toEqual(segmentText(texts[1]!));
  });
});
