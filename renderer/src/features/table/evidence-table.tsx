// The evidence table: one row per document, one column per field of the active schema grouped by
// section. Sort by any column, filter per column or across all, choose columns; an ARIA grid with
// arrow-key navigation whose rows are windowed so thousands of documents stay smooth. A value opens
// its document in the reader at the quote it came from.
import { Fragment, memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { FocusEvent, KeyboardEvent } from 'react';
import { describeEntry, describeProvenance, FLAG_WORDS, sentenceCase } from '@shared/evidence';
import type { EvidenceEntry } from '@shared/evidence';
import { DOCUMENT_TYPE_LABELS, REVIEW_STATUS_LABELS } from '@shared/model';
import { ColumnChooser } from './column-chooser';
import { regionProps } from '../../components/regions';
import { useHiddenColumns } from '../../db/settings';
import { filterRows, hasFilters, nextSort, sortRows, tableColumns, visibleColumns } from './evidence-rows';
import type { EvidenceRow, TableColumn } from './evidence-rows';
import { clampPosition, FILTER_ROW, moveCell, SORT_ROW } from './grid-keys';
import type { CellPosition } from './grid-keys';
import { useAppStore } from '../../store/app-store';
import { useTableStore } from './table-store';
import { useEvidenceRows } from './use-evidence-rows';
import { useColumnWindow, useRowWindow } from '../../components/use-row-window';

export const ROW_HEIGHT = 44;
const GROUP_ROW_HEIGHT = 24;
const HEAD_ROW_HEIGHT = 34;
const FILTER_ROW_HEIGHT = 32;
const HEADER_HEIGHT = GROUP_ROW_HEIGHT + HEAD_ROW_HEIGHT + FILTER_ROW_HEIGHT;
/** aria-rowindex of the first data row: three header rows come before it. */
const FIRST_DATA_ROW_INDEX = 4;

function cellId(row: number, col: number): string {
  return `${row}:${col}`;
}

function parseCellId(id: string | undefined): CellPosition | null {
  const match = /^(-?\d+):(\d+)$/.exec(id ?? '');
  return match ? { row: Number(match[1]), col: Number(match[2]) } : null;
}

/** A value's flags in words (never colour alone), one badge each. */
function ValueFlags({ entry }: { entry: EvidenceEntry }) {
  return (
    <>
      {entry.flags.map((flag) => (
        <Fragment key={flag}>
          <span className="visually-hidden">, </span>
          <span className={`value-flag flag-${flag}`}>{FLAG_WORDS[flag]}</span>
        </Fragment>
      ))}
    </>
  );
}

/** The tooltip: the value's line, then why it is flagged, then the quote it came from. */
function valueTooltip(entry: EvidenceEntry): string {
  const lines = [describeEntry(entry)];
  if (entry.reviewText) lines.push(entry.reviewText);
  if (entry.why) lines.push(`Why: ${entry.why}`);
  if (entry.provenance.state === 'stale') lines.push(sentenceCase(describeProvenance(entry.provenance)));
  if (entry.quote !== null) lines.push(`“${entry.quote}”`);
  return lines.join('\n');
}

function ValueChip({ entry, documentId }: { entry: EvidenceEntry; documentId: EvidenceRow['id'] }) {
  const content = (
    <>
      <span className={entry.unread ? 'value-unread' : undefined}>{entry.text}</span>
      {entry.qualifier && <span className="value-qualifier"> ({entry.qualifier})</span>}
      <ValueFlags entry={entry} />
    </>
  );
  if (entry.quote === null) {
    return (
      <span className="cell-value" title={valueTooltip(entry)}>
        {content}
      </span>
    );
  }
  return (
    <button
      type="button"
      className="cell-value cell-value-link"
      tabIndex={-1}
      data-cell-value
      title={valueTooltip(entry)}
      onClick={() => useAppStore.getState().requestShowInReader(documentId, entry.annotationId)}
    >
      {content}
    </button>
  );
}

interface RowProps {
  row: EvidenceRow;
  index: number;
  columns: TableColumn[];
  offsets: number[];
  /** The scrolling columns in view: [colStart, colEnd). The title column is always rendered. */
  colStart: number;
  colEnd: number;
  /** The focusable column of this row, or -1 when the focus is in another row. */
  activeCol: number;
  width: number;
  top: number;
  expanded: boolean;
  /** Told the expanded row's natural height once it is laid out. */
  onMeasure: (height: number) => void;
}

/**
 * The title cell's toggle: "more" when a row's cells are cut off, "less" when it is shown whole.
 * Always rendered, hidden until the row's layout effect finds a cut cell (or the row is expanded).
 */
function ExpandToggle({ row, expanded }: { row: EvidenceRow; expanded: boolean }) {
  const fit = { expanded };
  return (
    <button
      type="button"
      className="row-expand"
      hidden={!expanded}
      tabIndex={-1}
      aria-expanded={fit.expanded}
      aria-label={fit.expanded ? `Show less of ${row.meta.title}` : `Show more of ${row.meta.title}`}
      title={fit.expanded ? 'Show the row at its usual height (Space)' : 'Some cells hold more than shows: show the whole row (Space)'}
      onClick={() => useTableStore.getState().toggleExpandedRow(row.key)}
    >
      {fit.expanded ? 'less ▴' : 'more ▾'}
    </button>
  );
}

function renderCell(row: EvidenceRow, column: TableColumn, col: number, index: number, tabIndex: number, expanded: boolean) {
  const common = { 'aria-colindex': col + 1, style: { width: column.width } };
  switch (column.kind) {
    case 'title':
      return (
        <div key={column.key} role="rowheader" className="grid-cell cell-title sticky-col" {...common}>
          <button
            type="button"
            className="cell-open"
            data-cell={cellId(index, col)}
            tabIndex={tabIndex}
            title={`${row.meta.title}\nOpen in the reading desk`}
            onClick={() => useAppStore.getState().requestShowInReader(row.id, null)}
          >
            {/* The instance first: a title clamped to two lines would hide it at the end. */}
            {row.instance !== null && <span className="cell-instance">{row.instance.label} · </span>}
            {row.meta.title}
          </button>
          <ExpandToggle row={row} expanded={expanded} />
        </div>
      );
    case 'field': {
      const values = row.values.get(column.field!.key) ?? [];
      return (
        <div
          key={column.key}
          role="gridcell"
          className={values.length === 0 ? 'grid-cell cell-field cell-empty' : 'grid-cell cell-field'}
          aria-label={values.length === 0 ? 'No value' : undefined}
          data-cell={cellId(index, col)}
          tabIndex={tabIndex}
          {...common}
        >
          {values.length === 0
            ? '–'
            : values.map((entry) => <ValueChip key={entry.annotationId} entry={entry} documentId={row.id} />)}
        </div>
      );
    }
    case 'status':
      return (
        <div key={column.key} role="gridcell" className="grid-cell" data-cell={cellId(index, col)} tabIndex={tabIndex} title={row.overrideText ?? undefined} {...common}>
          <span className={`badge status-badge status-${row.status}`}>{REVIEW_STATUS_LABELS[row.status]}</span>
          {row.overrideText !== null && (
            <>
              <span className="visually-hidden">, </span>
              <span className="value-flag flag-override">override</span>
              <span className="visually-hidden">: {row.overrideText}</span>
            </>
          )}
        </div>
      );
    case 'completeness':
      return (
        <div key={column.key} role="gridcell" className="grid-cell cell-completeness" data-cell={cellId(index, col)} tabIndex={tabIndex} title={row.completeness.label} {...common}>
          <span className="meter" aria-hidden="true">
            <span className="meter-fill" style={{ width: `${row.completeness.percent}%` }} />
          </span>
          <span aria-hidden="true">{row.completeness.percent}%</span>
          <span className="visually-hidden">{row.completeness.label}</span>
        </div>
      );
    case 'type':
      return (
        <div key={column.key} role="gridcell" className="grid-cell" data-cell={cellId(index, col)} tabIndex={tabIndex} {...common}>
          {DOCUMENT_TYPE_LABELS[row.meta.type]}
        </div>
      );
  }
}

const DataRow = memo(function DataRow({ row, index, columns, offsets, colStart, colEnd, activeCol, width, top, expanded, onMeasure }: RowProps) {
  const rowRef = useRef<HTMLDivElement>(null);
  // After each layout: which cells hold more than shows (marked, so the cut is visible), and the
  // expanded row's natural height, for the rows below it to move down by.
  useLayoutEffect(() => {
    const element = rowRef.current;
    if (!element) return;
    if (expanded) onMeasure(element.getBoundingClientRect().height);
    let any = false;
    for (const cell of Array.from(element.querySelectorAll<HTMLElement>('.cell-field'))) {
      const cut = !expanded && cell.scrollHeight > cell.clientHeight + 1;
      cell.toggleAttribute('data-clipped', cut);
      any ||= cut;
    }
    // The row's "more" toggle shows through CSS while any cell is cut: measured, not React state,
    // so a layout never renders the row twice.
    element.toggleAttribute('data-clipped', any);
    const toggle = element.querySelector<HTMLElement>('.row-expand');
    if (toggle) toggle.hidden = !any && !expanded;
  });
  const shown: number[] = columns.length > 0 ? [0] : [];
  for (let col = Math.max(1, colStart); col < colEnd; col++) shown.push(col);
  // The focusable cell is rendered even when scrolled out of view, so the focus never gets lost.
  if (activeCol > 0 && (activeCol < colStart || activeCol >= colEnd)) shown.push(activeCol);
  shown.sort((a, b) => a - b);
  const cells = [];
  let edge = 0;
  for (const col of shown) {
    const gap = offsets[col]! - edge;
    if (gap > 0) cells.push(<div key={`gap-${col}`} className="grid-gap" style={{ width: gap }} aria-hidden="true" />);
    cells.push(renderCell(row, columns[col]!, col, index, col === activeCol ? 0 : -1, expanded));
    edge = offsets[col]! + columns[col]!.width;
  }
  return (
    <div
      ref={rowRef}
      role="row"
      aria-rowindex={index + FIRST_DATA_ROW_INDEX}
      className="grid-row grid-data-row"
      data-expanded={expanded ? 'true' : undefined}
      style={expanded ? { top, width, minHeight: ROW_HEIGHT } : { top, width, height: ROW_HEIGHT }}
    >
      {cells}
    </div>
  );
});

function GroupHeaderRow({ columns }: { columns: TableColumn[] }) {
  const groups: { key: string; label: string; first: number; span: number; width: number }[] = [];
  columns.forEach((column, col) => {
    const last = groups.at(-1);
    if (last && last.key === column.group.key) {
      last.span += 1;
      last.width += column.width;
    } else groups.push({ key: column.group.key, label: column.group.label, first: col, span: 1, width: column.width });
  });
  return (
    <div role="row" aria-rowindex={1} className="grid-row grid-group-row" style={{ height: GROUP_ROW_HEIGHT }}>
      {groups.map((group) => (
        <div
          key={group.key}
          role="columnheader"
          aria-colindex={group.first + 1}
          aria-colspan={group.span}
          className={`grid-cell group-cell${group.first === 0 ? ' sticky-col' : ''}`}
          style={{ width: group.width }}
        >
          <span className="group-label" style={{ left: group.first === 0 ? 0 : (columns[0]?.width ?? 0) + 8 }}>
            {group.label}
          </span>
        </div>
      ))}
    </div>
  );
}

export function EvidenceTable() {
  const data = useEvidenceRows();
  const hidden = useHiddenColumns();
  // Separate selectors: the scroll position is saved on every scroll and must not re-render the table.
  const sort = useTableStore((s) => s.sort);
  const filters = useTableStore((s) => s.filters);
  const active = useTableStore((s) => s.active);
  const expandedRow = useTableStore((s) => s.expandedRow);
  const rowsPer = useTableStore((s) => s.rowsPer);
  const { setSort, setGlobalFilter, setColumnFilter, clearFilters, setActive, setScroll } = useTableStore.getState();
  const [expandedHeight, setExpandedHeight] = useState(ROW_HEIGHT);
  // The element as state drives the row window; the ref is for scrolling and focusing it.
  const [grid, setGrid] = useState<HTMLDivElement | null>(null);
  const gridRef = useRef<HTMLDivElement | null>(null);
  const attachGrid = useCallback((element: HTMLDivElement | null) => {
    gridRef.current = element;
    setGrid(element);
    // Come back to where the reviewer left the table.
    if (element) {
      const { top, left } = useTableStore.getState().scroll;
      element.scrollTop = top;
      element.scrollLeft = left;
    }
  }, []);
  /** Set when a key moved the focus, so the next layout focuses the new cell. */
  const focusPending = useRef(false);

  const allColumns = useMemo(() => (data ? tableColumns(data.schema) : []), [data]);
  const columns = useMemo(() => visibleColumns(allColumns, hidden ?? new Set()), [allColumns, hidden]);
  const offsets = useMemo(() => {
    const list: number[] = [];
    let left = 0;
    for (const column of columns) {
      list.push(left);
      left += column.width;
    }
    return list;
  }, [columns]);
  const widths = useMemo(() => columns.map((c) => c.width), [columns]);
  const totalWidth = columns.reduce((sum, c) => sum + c.width, 0);
  const shown = useMemo(() => {
    if (!data) return [];
    const filtered = filterRows(data.rows, filters, columns);
    const sortColumn = sort ? columns.find((c) => c.key === sort.columnKey) : undefined;
    return sort && sortColumn ? sortRows(filtered, sortColumn, sort.direction) : filtered;
  }, [data, filters, columns, sort]);

  const range = useRowWindow(grid, { count: shown.length, rowHeight: ROW_HEIGHT, offsetTop: HEADER_HEIGHT });
  const colRange = useColumnWindow(grid, { offsets, widths });
  const position = clampPosition(active, shown.length, columns.length);

  useLayoutEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    const element = gridRef.current;
    if (!element) return;
    if (position.row >= 0) {
      const top = position.row * ROW_HEIGHT;
      const viewport = element.clientHeight - HEADER_HEIGHT;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (viewport > 0 && top + ROW_HEIGHT > element.scrollTop + viewport) element.scrollTop = top + ROW_HEIGHT - viewport;
    }
    if (position.col > 0) {
      const left = offsets[position.col] ?? 0;
      const width = columns[position.col]?.width ?? 0;
      const stickyWidth = columns[0]?.width ?? 0;
      if (left - stickyWidth < element.scrollLeft) element.scrollLeft = left - stickyWidth;
      else if (element.clientWidth > 0 && left + width > element.scrollLeft + element.clientWidth) element.scrollLeft = left + width - element.clientWidth;
    }
    element.querySelector<HTMLElement>(`[data-cell="${cellId(position.row, position.col)}"]`)?.focus({ preventScroll: true });
  });

  if (!data || !hidden) {
    return (
      <section className="evidence-table" aria-label="Evidence table">
        <p className="empty-state" role="status">
          Loading the evidence table…
        </p>
      </section>
    );
  }

  const moveTo = (next: CellPosition) => {
    focusPending.current = true;
    setActive(next);
  };

  const activateCell = (cell: HTMLElement, row: EvidenceRow) => {
    const links = cell.querySelectorAll<HTMLElement>('[data-cell-value]');
    if (links.length === 1) links[0]!.click();
    else if (links.length > 1) links[0]!.focus();
    // Nothing to jump to (an empty cell, a value without a source): open the document itself.
    else useAppStore.getState().requestShowInReader(row.id, null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const valueLink = target.closest<HTMLElement>('[data-cell-value]');
    if (valueLink) {
      // Inside a cell with several values: arrows move between them, Escape goes back to the cell.
      const cell = valueLink.closest<HTMLElement>('[data-cell]');
      const links = Array.from(cell?.querySelectorAll<HTMLElement>('[data-cell-value]') ?? []);
      const at = links.indexOf(valueLink);
      if (event.key === 'Escape') cell?.focus();
      else if (event.key === 'ArrowRight' || event.key === 'ArrowDown') links[Math.min(links.length - 1, at + 1)]?.focus();
      else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') links[Math.max(0, at - 1)]?.focus();
      else return;
      event.preventDefault();
      return;
    }
    if (target.tagName === 'INPUT' && !['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown'].includes(event.key)) return;
    if (event.key === ' ' && target.closest('[role=row]')?.classList.contains('grid-data-row')) {
      // Space shows a row whole, or back at its usual height.
      const row = shown[position.row];
      if (row) {
        event.preventDefault();
        useTableStore.getState().toggleExpandedRow(row.key);
      }
      return;
    }
    if (event.key === 'Enter') {
      const row = shown[position.row];
      if (row && target.getAttribute('role') === 'gridcell') {
        event.preventDefault();
        activateCell(target, row);
      }
      return;
    }
    // A page is a screenful of rows, less one so the reviewer keeps their place.
    const viewport = (gridRef.current?.clientHeight ?? 0) - HEADER_HEIGHT;
    const pageSize = viewport > 0 ? Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1) : 10;
    const next = moveCell(position, event.key, event.ctrlKey || event.metaKey, { rowCount: shown.length, colCount: columns.length, pageSize });
    if (!next) return;
    event.preventDefault();
    moveTo(next);
  };

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-cell]');
    const at = parseCellId(cell?.dataset.cell);
    if (at && (at.row !== position.row || at.col !== position.col)) setActive(at);
  };

  // Rows below the expanded one move down by what it grew.
  const expandedIndex = expandedRow === null ? -1 : shown.findIndex((r) => r.key === expandedRow);
  const extra = expandedIndex >= 0 ? Math.max(0, expandedHeight - ROW_HEIGHT) : 0;
  const topOf = (index: number) => index * ROW_HEIGHT + (expandedIndex >= 0 && index > expandedIndex ? extra : 0);
  const rowIndexes: number[] = [];
  for (let i = range.start; i < range.end; i++) rowIndexes.push(i);
  // The focusable row is always rendered, so Tab can reach the grid wherever it is scrolled.
  if (position.row >= 0 && (position.row < range.start || position.row >= range.end)) rowIndexes.push(position.row);

  const total = data.rows.length;
  const filtered = hasFilters(filters);
  const noun = rowsPer === 'instance' ? ['row', 'rows'] : ['document', 'documents'];
  const countText = filtered ? `${shown.length} of ${total} ${noun[1]}` : `${total} ${total === 1 ? noun[0] : noun[1]}`;

  return (
    <section className="evidence-table" aria-labelledby="evidence-table-heading" {...regionProps('table', ['[role=grid] [tabindex="0"]', 'input[type=search]'])}>
      <div className="table-toolbar">
        <h2 id="evidence-table-heading" className="panel-title">
          Evidence table
        </h2>
        <span className="count" role="status" aria-live="polite">
          {countText}
        </span>
        <input
          type="search"
          className="table-filter"
          aria-label="Filter rows in all columns"
          placeholder="Filter all columns…"
          value={filters.global}
          onChange={(e) => setGlobalFilter(e.target.value)}
        />
        {filtered && (
          <button type="button" className="link-button" onClick={clearFilters}>
            Clear filters
          </button>
        )}
        <span className="table-legend" aria-hidden="true">
          <span className="value-flag flag-no-source">{FLAG_WORDS['no-source']}</span> entered without a quote ·{' '}
          <span className="value-flag flag-stale-quote">{FLAG_WORDS['stale-quote']}</span> no longer in the text as quoted
        </span>
        <label className="field-label inline">
          Rows
          <select aria-label="Rows of the table" value={rowsPer} onChange={(e) => useTableStore.getState().setRowsPer(e.target.value === 'instance' ? 'instance' : 'document')}>
            <option value="document">One per document</option>
            <option value="instance">One per patient, arm or time point</option>
          </select>
        </label>
        <ColumnChooser columns={allColumns} hidden={hidden} />
      </div>
      <div
        ref={attachGrid}
        role="grid"
        aria-labelledby="evidence-table-heading"
        aria-rowcount={shown.length + FIRST_DATA_ROW_INDEX - 1}
        aria-colcount={columns.length}
        aria-readonly="true"
        className="grid"
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, left: e.currentTarget.scrollLeft })}
      >
        <div role="rowgroup" className="grid-head" style={{ width: totalWidth }}>
          <GroupHeaderRow columns={columns} />
          <div role="row" aria-rowindex={2} className="grid-row grid-head-row" style={{ height: HEAD_ROW_HEIGHT }}>
            {columns.map((column, col) => {
              const sorted = sort?.columnKey === column.key ? sort.direction : undefined;
              return (
                <div
                  key={column.key}
                  role="columnheader"
                  aria-colindex={col + 1}
                  aria-sort={sorted}
                  className={`grid-cell head-cell${col === 0 ? ' sticky-col' : ''}`}
                  style={{ width: column.width }}
                >
                  <button
                    type="button"
                    className="sort-button"
                    data-cell={cellId(SORT_ROW, col)}
                    tabIndex={position.row === SORT_ROW && position.col === col ? 0 : -1}
                    title={column.field ? `${column.field.guidance}\n\nSort by ${column.label}` : `Sort by ${column.label}`}
                    onClick={() => setSort(nextSort(sort, column.key))}
                  >
                    <span className="sort-label">{column.label}</span>
                    {column.field?.required && (
                      <span className="required-mark">
                        *<span className="visually-hidden"> required</span>
                      </span>
                    )}
                    <span className="sort-indicator" aria-hidden="true">
                      {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
          <div role="row" aria-rowindex={3} className="grid-row grid-filter-row" style={{ height: FILTER_ROW_HEIGHT }}>
            {columns.map((column, col) => (
              <div key={column.key} role="gridcell" aria-colindex={col + 1} className={`grid-cell filter-cell${col === 0 ? ' sticky-col' : ''}`} style={{ width: column.width }}>
                <input
                  type="search"
                  className="column-filter"
                  data-cell={cellId(FILTER_ROW, col)}
                  tabIndex={position.row === FILTER_ROW && position.col === col ? 0 : -1}
                  aria-label={`Filter ${column.label}`}
                  placeholder="Filter"
                  value={filters.columns[column.key] ?? ''}
                  onChange={(e) => setColumnFilter(column.key, e.target.value)}
                />
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="grid-body" style={{ height: shown.length * ROW_HEIGHT + extra, width: totalWidth }}>
          {rowIndexes.map((index) => {
            const row = shown[index]!;
            return (
              <DataRow
                key={row.key}
                row={row}
                index={index}
                columns={columns}
                offsets={offsets}
                colStart={colRange.start}
                colEnd={colRange.end}
                activeCol={position.row === index ? position.col : -1}
                width={totalWidth}
                top={topOf(index)}
                expanded={index === expandedIndex}
                onMeasure={setExpandedHeight}
              />
            );
          })}
        </div>
        {shown.length === 0 && (
          <p className="empty-state table-empty">
            {total === 0 ? 'No documents in the library yet.' : 'No document matches the filters.'}{' '}
            {filtered && (
              <button type="button" className="link-button" onClick={clearFilters}>
                Clear filters
              </button>
            )}
          </p>
        )}
      </div>
    </section>
  );
}
