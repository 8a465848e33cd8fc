// The evidence table's UI state (sort, filters, focused cell, scroll position), kept outside the
// component so a reviewer who jumps to a quote and comes back finds the table as they left it.
import { create } from 'zustand';
import type { RowFilters, SortState } from './evidence-rows';
import type { CellPosition } from './grid-keys';

export interface TableState {
  sort: SortState | null;
  filters: RowFilters;
  active: CellPosition;
  scroll: { top: number; left: number };
  setSort: (sort: SortState | null) => void;
  setGlobalFilter: (text: string) => void;
  setColumnFilter: (columnKey: string, text: string) => void;
  clearFilters: () => void;
  setActive: (active: CellPosition) => void;
  setScroll: (scroll: { top: number; left: number }) => void;
  /** The one row shown whole (its cells hold more lines than a row's height), if any: its row key. */
  expandedRow: string | null;
  toggleExpandedRow: (key: string) => void;
  /** One row per document, or one per patient, arm or time point. */
  rowsPer: 'document' | 'instance';
  setRowsPer: (rowsPer: 'document' | 'instance') => void;
}

const initial = {
  sort: null,
  filters: { global: '', columns: {} },
  active: { row: 0, col: 0 },
  scroll: { top: 0, left: 0 },
  expandedRow: null as string | null,
  rowsPer: 'document' as 'document' | 'instance',
};

export const useTableStore = create<TableState>()((set) => ({
  ...initial,
  setSort: (sort) => set({ sort }),
  setGlobalFilter: (global) => set((s) => ({ filters: { ...s.filters, global } })),
  setColumnFilter: (columnKey, text) => set((s) => ({ filters: { ...s.filters, columns: { ...s.filters.columns, [columnKey]: text } } })),
  clearFilters: () => set({ filters: { global: '', columns: {} } }),
  setActive: (active) => set({ active }),
  setScroll: (scroll) => set({ scroll }),
  toggleExpandedRow: (key) => set((s) => ({ expandedRow: s.expandedRow === key ? null : key })),
  setRowsPer: (rowsPer) => set({ rowsPer, expandedRow: null, active: { row: 0, col: 0 } }),
}));

/** Tests start each case from a fresh table. */
export function resetTableStore(): void {
  useTableStore.setState(initial);
}
