// Keyboard movement in the evidence grid (the ARIA grid pattern): arrows, Home/End, Ctrl+Home/End,
// Page Up/Down. Rows are numbered with the header rows first: SORT_ROW, FILTER_ROW, then 0… for data.

export const SORT_ROW = -2;
export const FILTER_ROW = -1;

export interface CellPosition {
  /** SORT_ROW, FILTER_ROW, or the index of a data row in the rows as shown. */
  row: number;
  /** Index among the visible columns. */
  col: number;
}

export interface GridBounds {
  rowCount: number;
  colCount: number;
  /** Rows a Page Up/Down moves by: about one screenful. */
  pageSize: number;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

/**
 * Where a key moves the focus, or null when the key is not a movement key. Movement stops at the
 * edges (it does not wrap), as in a spreadsheet; Page keys stay among the data rows.
 */
export function moveCell(position: CellPosition, key: string, ctrlKey: boolean, bounds: GridBounds): CellPosition | null {
  const lastRow = bounds.rowCount - 1;
  const lastCol = Math.max(0, bounds.colCount - 1);
  const { row, col } = position;
  switch (key) {
    case 'ArrowRight':
      return { row, col: clamp(col + 1, 0, lastCol) };
    case 'ArrowLeft':
      return { row, col: clamp(col - 1, 0, lastCol) };
    case 'ArrowDown':
      return { row: clamp(row + 1, SORT_ROW, Math.max(FILTER_ROW, lastRow)), col };
    case 'ArrowUp':
      return { row: clamp(row - 1, SORT_ROW, Math.max(FILTER_ROW, lastRow)), col };
    case 'Home':
      return ctrlKey ? { row: SORT_ROW, col: 0 } : { row, col: 0 };
    case 'End':
      return ctrlKey ? { row: Math.max(FILTER_ROW, lastRow), col: lastCol } : { row, col: lastCol };
    case 'PageDown':
      if (lastRow < 0) return { row: FILTER_ROW, col };
      return { row: clamp(row + bounds.pageSize, 0, lastRow), col };
    case 'PageUp':
      if (row < 0) return { row: SORT_ROW, col };
      return { row: clamp(row - bounds.pageSize, 0, Math.max(0, lastRow)), col };
    default:
      return null;
  }
}

/** Keeps a remembered position inside the grid after rows or columns change. */
export function clampPosition(position: CellPosition, rowCount: number, colCount: number): CellPosition {
  return {
    row: clamp(position.row, SORT_ROW, Math.max(FILTER_ROW, rowCount - 1)),
    col: clamp(position.col, 0, Math.max(0, colCount - 1)),
  };
}
