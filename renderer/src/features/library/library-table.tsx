// The library's compact mode: one line per document in sortable, resizable columns (first author,
// year, title, journal, type, status, completeness), as reference managers show a library. Rows
// have one fixed height, so only those in view are rendered and 50,000 documents scroll like 50.
import { memo, useRef } from 'react';
import type { CSSProperties, KeyboardEvent, PointerEvent } from 'react';
import { DOCUMENT_TYPE_LABELS, REVIEW_STATUSES, REVIEW_STATUS_LABELS } from '@shared/model';
import type { DocumentId, ReviewStatusValue } from '@shared/model';
import type { RowWindow } from '../../components/use-row-window';
import { useAppStore } from '../../store/app-store';
import type { PaneIndex } from '../../store/app-store';
import { clampWidth, COLUMN_WIDTH_STEP, DEFAULT_COLUMN_WIDTHS, firstAuthor, LIBRARY_COLUMN_LABELS, LIBRARY_COLUMNS, publicationYear } from './library-columns';
import type { LibraryColumn, LibrarySort } from './library-columns';
import type { LibraryRow } from './library-panel';
import { CompletenessMeter } from './completeness-meter';

export const COMPACT_ROW_HEIGHT = 32;
/** The sticky column header's height: the rows start below it. */
export const COMPACT_HEAD_HEIGHT = 34;
/** The tick box column, before the named columns. */
const CHECK_WIDTH = 30;

export function columnWidths(stored: Partial<Record<LibraryColumn, number>>): Record<LibraryColumn, number> {
  const widths = { ...DEFAULT_COLUMN_WIDTHS };
  for (const column of LIBRARY_COLUMNS) {
    const width = stored[column];
    if (width !== undefined) widths[column] = clampWidth(width);
  }
  return widths;
}

/** The next sort when a column's header is pressed: ascending, then descending, then library order. */
export function nextSort(current: LibrarySort | null, column: LibraryColumn): LibrarySort | null {
  if (current?.column !== column) return { column, direction: 'ascending' };
  return current.direction === 'ascending' ? { column, direction: 'descending' } : null;
}

const PANE_WORDS = ['left', 'right'] as const;

interface CompactRowProps {
  row: LibraryRow;
  index: number;
  openIn: number;
  checked: boolean;
  targetId: string;
  onStatus: (row: LibraryRow, status: ReviewStatusValue) => void;
  onOpen: (id: DocumentId) => void;
}

const CompactRow = memo(function CompactRow({ row, index, openIn, checked, targetId, onStatus, onOpen }: CompactRowProps) {
  const toggleChecked = useAppStore((s) => s.toggleChecked);
  const { meta } = row;
  const author = firstAuthor(meta);
  const year = publicationYear(meta);
  return (
    <div
      role="row"
      className="compact-row"
      aria-rowindex={index + 2}
      data-index={index}
      data-open={openIn >= 0 ? 'true' : undefined}
      style={{ top: index * COMPACT_ROW_HEIGHT, height: COMPACT_ROW_HEIGHT }}
    >
      <div role="cell" className="compact-cell compact-check">
        <input type="checkbox" checked={checked} onChange={() => toggleChecked(meta.id)} aria-label={`Select ${meta.title}`} />
      </div>
      <div role="cell" className="compact-cell" title={meta.authors.join('; ')}>
        {author || <span className="compact-empty">No author</span>}
      </div>
      <div role="cell" className="compact-cell compact-year">
        {year || <span className="compact-empty">—</span>}
      </div>
      <div role="cell" className="compact-cell compact-title">
        {openIn >= 0 && (
          <span className="compact-in-pane" title={`Open in the ${PANE_WORDS[openIn as PaneIndex]} pane`}>
            <span aria-hidden="true">{openIn === 0 ? 'L' : 'R'}</span>
            <span className="visually-hidden">Open in the {PANE_WORDS[openIn as PaneIndex]} pane:</span>
          </span>
        )}
        <button
          type="button"
          className="library-open compact-open"
          data-open-document
          onClick={() => onOpen(meta.id)}
          aria-label={`Open ${meta.title}`}
          aria-describedby={targetId}
          aria-current={openIn >= 0 ? 'true' : undefined}
          title={meta.title}
        >
          {meta.title}
        </button>
      </div>
      <div role="cell" className="compact-cell" title={meta.journal ?? undefined}>
        {meta.journal ?? <span className="compact-empty">Unknown source</span>}
      </div>
      <div role="cell" className="compact-cell">
        {DOCUMENT_TYPE_LABELS[meta.type]}
      </div>
      <div role="cell" className="compact-cell">
        <select
          className={`status-select compact-status status-${row.status}`}
          value={row.status}
          onChange={(e) => onStatus(row, e.target.value as ReviewStatusValue)}
          aria-label={`Review status of ${meta.title}`}
          aria-describedby={row.override ? `override-${meta.id}` : undefined}
        >
          {REVIEW_STATUSES.map((status) => (
            <option key={status} value={status}>
              {REVIEW_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
        {row.override && (
          <span id={`override-${meta.id}`} className="visually-hidden">
            override ({row.override.words}): {row.override.reason}
          </span>
        )}
      </div>
      <div role="cell" className="compact-cell">
        <CompletenessMeter completeness={row.completeness} />
      </div>
    </div>
  );
});

/** A column's resize handle: drag it, or focus it and press ← and →. */
function ResizeHandle({ column, width, onResize }: { column: LibraryColumn; width: number; onResize: (column: LibraryColumn, width: number) => void }) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  const label = LIBRARY_COLUMN_LABELS[column];
  const onKeyDown = (event: KeyboardEvent<HTMLSpanElement>) => {
    const step = event.key === 'ArrowLeft' ? -COLUMN_WIDTH_STEP : event.key === 'ArrowRight' ? COLUMN_WIDTH_STEP : 0;
    if (step === 0) return;
    event.preventDefault();
    event.stopPropagation();
    onResize(column, clampWidth(width + step));
  };
  return (
    <span
      role="separator"
      tabIndex={0}
      className="column-resize"
      aria-orientation="vertical"
      aria-label={`Resize the ${label} column`}
      aria-valuenow={width}
      aria-valuemin={44}
      aria-valuemax={640}
      aria-valuetext={`${width} pixels`}
      onKeyDown={onKeyDown}
      onPointerDown={(event: PointerEvent<HTMLSpanElement>) => {
        event.preventDefault();
        // Optional: a test DOM (jsdom) has no pointer capture.
        event.currentTarget.setPointerCapture?.(event.pointerId);
        drag.current = { x: event.clientX, width };
      }}
      onPointerMove={(event) => {
        if (drag.current) onResize(column, clampWidth(drag.current.width + event.clientX - drag.current.x));
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
    />
  );
}

export interface LibraryTableProps {
  rows: readonly LibraryRow[];
  rowWindow: RowWindow;
  panes: readonly (DocumentId | null)[];
  checked: readonly DocumentId[];
  sort: LibrarySort | null;
  widths: Record<LibraryColumn, number>;
  /** The id of the words saying which pane a title opens in. */
  targetId: string;
  onSort: (column: LibraryColumn) => void;
  onResize: (column: LibraryColumn, width: number) => void;
  onStatus: (row: LibraryRow, status: ReviewStatusValue) => void;
  onOpen: (id: DocumentId) => void;
  onRowKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
}

export function LibraryTable({ rows, rowWindow, panes, checked, sort, widths, targetId, onSort, onResize, onStatus, onOpen, onRowKeyDown }: LibraryTableProps) {
  const template = `${CHECK_WIDTH}px ${LIBRARY_COLUMNS.map((c) => `${widths[c]}px`).join(' ')}`;
  const total = CHECK_WIDTH + LIBRARY_COLUMNS.reduce((sum, c) => sum + widths[c], 0);
  const style = { '--library-columns': template, width: total } as CSSProperties;
  return (
    <div role="table" aria-label="Documents" aria-rowcount={rows.length + 1} className="library-table" style={style}>
      <div role="rowgroup" className="compact-head">
        <div role="row" aria-rowindex={1} className="compact-head-row">
          <div role="columnheader" className="compact-cell compact-check">
            <span className="visually-hidden">Selected</span>
          </div>
          {LIBRARY_COLUMNS.map((column) => {
            const sorted = sort?.column === column ? sort.direction : undefined;
            return (
              <div key={column} role="columnheader" className="compact-cell compact-header" aria-sort={sorted ?? 'none'}>
                <button type="button" className="compact-sort" onClick={() => onSort(column)}>
                  {LIBRARY_COLUMN_LABELS[column]}
                  <span aria-hidden="true" className="compact-sort-mark">
                    {sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : ''}
                  </span>
                </button>
                <ResizeHandle column={column} width={widths[column]} onResize={onResize} />
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className="compact-body" style={{ height: rows.length * COMPACT_ROW_HEIGHT }} onKeyDown={onRowKeyDown}>
        {rows.slice(rowWindow.start, rowWindow.end).map((row, offset) => (
          <CompactRow
            key={row.meta.id}
            row={row}
            index={rowWindow.start + offset}
            openIn={panes.indexOf(row.meta.id)}
            checked={checked.includes(row.meta.id)}
            targetId={targetId}
            onStatus={onStatus}
            onOpen={onOpen}
          />
        ))}
      </div>
    </div>
  );
}
