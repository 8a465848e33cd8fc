// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { clampPosition, FILTER_ROW, moveCell, SORT_ROW } from '../../../renderer/src/features/table/grid-keys';

const bounds = { rowCount: 100, colCount: 10, pageSize: 20 };

describe('moveCell', () => {
  it.each([
    ['ArrowRight', false, { row: 5, col: 3 }, { row: 5, col: 4 }],
    ['ArrowRight', false, { row: 5, col: 9 }, { row: 5, col: 9 }],
    ['ArrowLeft', false, { row: 5, col: 0 }, { row: 5, col: 0 }],
    ['ArrowDown', false, { row: SORT_ROW, col: 2 }, { row: FILTER_ROW, col: 2 }],
    ['ArrowDown', false, { row: FILTER_ROW, col: 2 }, { row: 0, col: 2 }],
    ['ArrowDown', false, { row: 99, col: 2 }, { row: 99, col: 2 }],
    ['ArrowUp', false, { row: 0, col: 2 }, { row: FILTER_ROW, col: 2 }],
    ['ArrowUp', false, { row: SORT_ROW, col: 2 }, { row: SORT_ROW, col: 2 }],
    ['Home', false, { row: 7, col: 6 }, { row: 7, col: 0 }],
    ['End', false, { row: 7, col: 6 }, { row: 7, col: 9 }],
    ['Home', true, { row: 7, col: 6 }, { row: SORT_ROW, col: 0 }],
    ['End', true, { row: 7, col: 6 }, { row: 99, col: 9 }],
    ['PageDown', false, { row: 7, col: 1 }, { row: 27, col: 1 }],
    ['PageDown', false, { row: 90, col: 1 }, { row: 99, col: 1 }],
    ['PageDown', false, { row: FILTER_ROW, col: 1 }, { row: 19, col: 1 }],
    ['PageUp', false, { row: 27, col: 1 }, { row: 7, col: 1 }],
    ['PageUp', false, { row: 7, col: 1 }, { row: 0, col: 1 }],
    ['PageUp', false, { row: FILTER_ROW, col: 1 }, { row: SORT_ROW, col: 1 }],
  ] as const)('%s (ctrl %s) from %o goes to %o', (key, ctrl, from, to) => {
    expect(moveCell(from, key, ctrl, bounds)).toEqual(to);
  });

  it('stays in the header rows when there are no data rows', () => {
    const empty = { rowCount: 0, colCount: 3, pageSize: 20 };
    expect(moveCell({ row: FILTER_ROW, col: 0 }, 'ArrowDown', false, empty)).toEqual({ row: FILTER_ROW, col: 0 });
    expect(moveCell({ row: SORT_ROW, col: 0 }, 'End', true, empty)).toEqual({ row: FILTER_ROW, col: 2 });
    expect(moveCell({ row: SORT_ROW, col: 0 }, 'PageDown', false, empty)).toEqual({ row: FILTER_ROW, col: 0 });
  });

  it('ignores keys that do not move', () => {
    expect(moveCell({ row: 1, col: 1 }, 'Enter', false, bounds)).toBeNull();
    expect(moveCell({ row: 1, col: 1 }, 'a', false, bounds)).toBeNull();
  });
});

describe('clampPosition', () => {
  it('pulls a position back inside a grid that shrank', () => {
    expect(clampPosition({ row: 50, col: 8 }, 10, 5)).toEqual({ row: 9, col: 4 });
    expect(clampPosition({ row: 3, col: 2 }, 0, 5)).toEqual({ row: FILTER_ROW, col: 2 });
    expect(clampPosition({ row: SORT_ROW, col: 0 }, 10, 5)).toEqual({ row: SORT_ROW, col: 0 });
  });
});
