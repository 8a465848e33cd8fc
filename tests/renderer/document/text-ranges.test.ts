// textWindowBetween: which text is near the viewport, found by measuring groups of blocks only.
import { describe, expect, it, vi } from 'vitest';
import { textWindowBetween } from '../../../renderer/src/document/text-ranges';

/** Groups of three 100-character blocks, each group 300 px tall from y = 0, with their rectangles given. */
function article(groups: number) {
  const container = document.createElement('div');
  for (let g = 0; g < groups; g++) {
    const group = document.createElement('div');
    group.getBoundingClientRect = () => new DOMRect(0, g * 300, 600, 300);
    for (let b = 0; b < 3; b++) {
      const block = document.createElement('p');
      const start = (g * 3 + b) * 100;
      block.dataset.start = String(start);
      block.dataset.end = String(start + 99);
      block.textContent = 'x'.repeat(99);
      block.getBoundingClientRect = vi.fn(() => new DOMRect(0, g * 300 + b * 100, 600, 100));
      group.append(block);
    }
    container.append(group);
  }
  return container;
}

describe('textWindowBetween', () => {
  it('gives the text of the whole groups reaching into the band, measuring no block', () => {
    const container = article(10);
    expect(textWindowBetween(container, 650, 1_250)).toEqual([600, 1_499]);
    expect(textWindowBetween(container, -500, 10)).toEqual([0, 299]);
    expect(textWindowBetween(container, 2_950, 9_000)).toEqual([2_700, 2_999]);
    for (const block of container.querySelectorAll('p')) expect(block.getBoundingClientRect).not.toHaveBeenCalled();
  });

  it('takes a furniture block inside a group, and blocks that are the container’s own children', () => {
    const container = document.createElement('div');
    const details = document.createElement('details');
    const folded = document.createElement('div');
    folded.dataset.start = '0';
    folded.dataset.end = '40';
    details.append(folded);
    const group = document.createElement('div');
    group.append(details);
    const loose = document.createElement('p');
    loose.dataset.start = '42';
    loose.dataset.end = '90';
    container.append(group, loose);
    expect(textWindowBetween(container, 0, 0)).toEqual([0, 90]);
  });

  it('has nothing to give without text', () => {
    expect(textWindowBetween(document.createElement('div'), 0, 100)).toBeNull();
  });
});
