// Find in a long text (over the 2 MB that are folded at once): search's request to show a stretch of
// it steps to that occurrence once the bar's own matches are in, the text folded a slice per task,
// never searched unfolded in one go as it is rendered (which held the window on a 50 MB text).
import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as find from '@shared/search/find';
import type { DocumentId } from '@shared/model';
import { FindBar } from '../../../renderer/src/features/search/find-bar';
import { useAppStore } from '../../../renderer/src/store/app-store';

vi.mock('@shared/search/find', async (importOriginal) => {
  const actual = await importOriginal<typeof find>();
  return { ...actual, findInText: vi.fn(actual.findInText) };
});

const FOLDED_AT_ONCE = 1 << 21;
const phrase = 'Grade 2 cytokine release syndrome';
const filler = 'Neutropenia resolved without growth factor support within two weeks. ';
const text = `${phrase} on day 3. ${filler.repeat(Math.ceil((FOLDED_AT_ONCE + 100_000) / filler.length))}${phrase} on day 40.`;
const documentId = 'long-text' as DocumentId;

afterEach(() => vi.mocked(find.findInText).mockClear());

describe('find bar on a long text', () => {
  it('steps to the occurrence search asked for once the text is folded, without searching it unfolded', async () => {
    expect(text.length).toBeGreaterThan(FOLDED_AT_ONCE);
    const host = document.createElement('div');
    const scroller = document.createElement('div');
    const container = document.createElement('div');
    host.append(scroller);
    scroller.append(container);
    document.body.append(host);
    act(() => useAppStore.getState().openDocument(documentId, 0));
    render(<FindBar pane={0} documentId={documentId} text={text} scrollRef={{ current: scroller }} textRef={{ current: container }} renderTick={text.length} />);
    const start = text.lastIndexOf(phrase);
    act(() => useAppStore.getState().requestShowInReader(documentId, null, { start, end: start + phrase.length }));
    const input = await screen.findByRole('searchbox', { name: 'Find in document' });
    expect(input).toHaveValue(phrase);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('2 of 2'), { timeout: 10_000 });
    // Every search of this text had its folded slices (case-insensitive, as the request asks).
    const calls = vi.mocked(find.findInText).mock.calls;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter(([, , , , folded]) => folded === undefined).map(([, needle]) => needle)).toEqual([]);
    host.remove();
  });
});
