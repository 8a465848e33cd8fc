// textWindowBetween, keepInView and firstVisibleOffset: where text is in the pane, found by measuring
// groups of blocks first (a block in a group that skips layout measures far from where it is shown).
import { describe, expect, it, vi } from 'vitest';
import { firstVisibleOffset, keepInView, textWindowBetween } from '../../../renderer/src/document/text-ranges';

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

/**
 * A pane scrolled by `scrollTop` over `article`'s groups: every box moves with the scroll. The view
 * is 600 px tall from y = 0. Group 5 skips layout: it keeps a 100 px placeholder, while its blocks
 * measure as laid out from its top (so its last block overflows to 300 px below it).
 */
function pane(groups: number) {
  const container = article(groups);
  const scroller = document.createElement('div');
  scroller.append(container);
  scroller.getBoundingClientRect = () => new DOMRect(0, 0, 600, 600);
  const units = [...container.children] as HTMLElement[];
  for (const [g, unit] of units.entries()) {
    // Groups after the skipped one sit 200 px higher (its placeholder is 100 px, not 300).
    const top = g * 300 - (g > 5 ? 200 : 0);
    unit.getBoundingClientRect = () => new DOMRect(0, top - scroller.scrollTop, 600, g === 5 ? 100 : 300);
    for (const [b, block] of ([...unit.children] as HTMLElement[]).entries()) block.getBoundingClientRect = () => new DOMRect(0, top + b * 100 - scroller.scrollTop, 600, 100);
  }
  return { scroller, container, units };
}

describe('keepInView', () => {
  it('places a block of a laid-out group at the top, or a third of the way down', () => {
    const { scroller, container, units } = pane(10);
    const block = units[3]!.children[1] as HTMLElement;
    keepInView(scroller, container, block, 'top')();
    expect(scroller.scrollTop).toBe(1_000);
    scroller.scrollTop = 0;
    keepInView(scroller, container, block, 'third')();
    expect(scroller.scrollTop).toBe(800);
  });

  it('brings the group of a block that measures outside it to the top first, not the block’s false place', () => {
    const { scroller, container, units } = pane(10);
    // Measured at 1,700 px, inside group 6's place: scrolling there would never show group 5.
    const block = units[5]!.children[2] as HTMLElement;
    keepInView(scroller, container, block, 'top')();
    expect(scroller.scrollTop).toBe(1_500);
    // Once there, the group is laid out and takes its real height; then the block itself is placed.
    const unit = units[5]!;
    unit.getBoundingClientRect = () => new DOMRect(0, 1_500 - scroller.scrollTop, 600, 300);
    keepInView(scroller, container, block, 'third')();
    expect(scroller.scrollTop).toBe(1_500);
  });
});

describe('firstVisibleOffset', () => {
  it('finds the first block in view through the groups, not through blocks that measure outside theirs', () => {
    const { scroller, container } = pane(10);
    // At 1,560 px: group 5 ends at 1,600 and shows its first block there; its third block measures
    // at 1,700-1,800 but is not what is shown.
    scroller.scrollTop = 1_560;
    expect(firstVisibleOffset(scroller, container)).toBe(1_500);
    scroller.scrollTop = 1_650;
    expect(firstVisibleOffset(scroller, container)).toBe(1_800);
  });
});
