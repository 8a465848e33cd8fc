import { describe, expect, it } from 'vitest';
import { recycleSlots } from '../../../renderer/src/components/use-recycled-keys';

const slotsOf = (result: { slots: Map<string, number> }, ids: string[]) => ids.map((id) => result.slots.get(id));

describe('recycleSlots', () => {
  it('numbers a first window from the next free slot', () => {
    const result = recycleSlots(['a', 'b', 'c'], new Map(), null, 0);
    expect(slotsOf(result, ['a', 'b', 'c'])).toEqual([0, 1, 2]);
    expect(result.nextFree).toBe(3);
  });

  it('keeps the slot of a row that stays and gives a leaving row’s slot to an entering one (a one-row scroll)', () => {
    const result = recycleSlots(['b', 'c', 'd'], new Map([['a', 0], ['b', 1], ['c', 2]]), null, 3);
    expect(slotsOf(result, ['b', 'c', 'd'])).toEqual([1, 2, 0]);
    expect(result.nextFree).toBe(3);
  });

  it('reuses every slot when the whole window changes (a jump or a filter), in order', () => {
    const result = recycleSlots(['x', 'y', 'z'], new Map([['a', 5], ['b', 1], ['c', 2]]), null, 6);
    expect(slotsOf(result, ['x', 'y', 'z'])).toEqual([1, 2, 5]);
  });

  it('never hands the focused row’s slot to another row', () => {
    const result = recycleSlots(['x', 'y', 'z'], new Map([['a', 0], ['b', 1], ['c', 2]]), 'b', 3);
    expect(slotsOf(result, ['x', 'y', 'z'])).toEqual([0, 2, 3]);
    expect(result.nextFree).toBe(4);
  });

  it('takes new numbers when the window grows', () => {
    const result = recycleSlots(['a', 'b', 'c', 'd'], new Map([['a', 0], ['b', 1]]), null, 2);
    expect(slotsOf(result, ['a', 'b', 'c', 'd'])).toEqual([0, 1, 2, 3]);
  });
});
