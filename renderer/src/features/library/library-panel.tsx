// The library: every document with its type, journal, date and review status; a filter; and the
// way to open a document in a reader pane. Arrow keys move between documents.
import { regionProps } from '../../components/regions';
import { firstScreenShown } from '../../components/first-screen';
import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { ComponentType, FocusEvent, FormEvent, KeyboardEvent, ReactNode } from 'react';
import { DOCUMENT_TYPE_LABELS, REVIEW_STATUSES, REVIEW_STATUS_LABELS } from '@shared/model';
import type { DocumentMeta, ReviewStatusValue } from '@shared/model';
import { useLibraryRecords } from '../../db/overview';
// From the files, not the barrel: the barrel also brings provenance and anchoring.
import { completenessFor, fieldLookup } from '@shared/evidence/completeness';
import type { DocumentCompleteness } from '@shared/evidence/completeness';
import { statusWords } from '@shared/evidence/library-words';
import { useAppStore } from '../../store/app-store';
import { formatPublishedDate } from '../../components/format';
import { scrollTopForRow, useRowWindow } from '../../components/use-row-window';
import { useRecycledKeys } from '../../components/use-recycled-keys';
import { CorpusNotice } from './corpus-notice';
import { useReviewStatusChange } from '../../document/done-override';
import { COMPACT_HEAD_HEIGHT, COMPACT_ROW_HEIGHT, columnWidths, LibraryTable, nextSort } from './library-table';
import { sortRows } from './library-columns';
import type { LibraryColumn } from './library-columns';
import type { DocumentId } from '@shared/model';
import type { PaneIndex } from '../../store/app-store';
import type { EmptyRequiredField } from '../../document/done-override';
import { CompletenessMeter } from './completeness-meter';

export interface LibraryRow {
  meta: DocumentMeta;
  status: ReviewStatusValue;
  /** Set when Done was an override of empty required fields: the status in words, and the reason. */
  override: { words: string; reason: string } | null;
  /** How much of the active schema's form is filled. */
  completeness: DocumentCompleteness;
  /** The required fields without a value, with their labels, for the question before Done. */
  emptyRequired: EmptyRequiredField[];
}

/** What the filter matches a row against, lower-cased once per row, not once per row per keystroke. */
function haystackOf(row: LibraryRow): string {
  return [row.meta.title, row.meta.journal ?? '', row.meta.authors.join(' '), DOCUMENT_TYPE_LABELS[row.meta.type], REVIEW_STATUS_LABELS[row.status], row.meta.doi ?? '', row.meta.publishedDate ?? '']
    .join(' ')
    .toLowerCase();
}

/** The rows whose text holds every word of the filter; the haystacks are built with the rows. */
export function filterLibraryRows<T>(rows: readonly T[], haystacks: readonly string[], filter: string): T[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  const out: T[] = [];
  for (let i = 0; i < rows.length; i++) {
    const haystack = haystacks[i]!;
    if (words.every((word) => haystack.includes(word))) out.push(rows[i]!);
  }
  return out;
}

/** Every library row has this height, so only the rows in view need rendering (5,000 documents scroll like 5). */
export const LIBRARY_ROW_HEIGHT = 100;

interface ItemProps {
  row: LibraryRow;
  targetId: string;
  /** The pane the title opens in. */
  target: PaneIndex;
  index: number;
  setSize: number;
  openIn: number;
  checked: boolean;
  onStatus: (row: LibraryRow, status: ReviewStatusValue) => void;
}

const LibraryItem = memo(function LibraryItem({ row, targetId, target, index, setSize, openIn, checked, onStatus }: ItemProps) {
  const openDocument = useAppStore((s) => s.openDocument);
  const toggleChecked = useAppStore((s) => s.toggleChecked);
  const setView = useAppStore((s) => s.setView);
  return (
    <li
      className="library-item"
      data-index={index}
      data-document={row.meta.id}
      data-open={openIn >= 0 ? 'true' : undefined}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      style={{ top: index * LIBRARY_ROW_HEIGHT, height: LIBRARY_ROW_HEIGHT }}
    >
      <input type="checkbox" className="library-check" checked={checked} onChange={() => toggleChecked(row.meta.id)} aria-label={`Select ${row.meta.title}`} />
      <button
        type="button"
        className="library-open"
        data-open-document
        onClick={() => {
          openDocument(row.meta.id);
          setView('desk');
        }}
        aria-label={`Open ${row.meta.title}`}
        aria-describedby={targetId}
        aria-current={openIn >= 0 ? 'true' : undefined}
        title={row.meta.title}
      >
        <span className="library-title">{row.meta.title}</span>
      </button>
      {/* Beside the button, not in it: a control's visible text must be part of its name ("Open <title>"). */}
      <div className="library-meta">
        <span className="badge">{DOCUMENT_TYPE_LABELS[row.meta.type]}</span>
        {row.override && (
          // In the line under the title, where it has room; the status select is described by it.
          <span id={`override-${row.meta.id}`} className="value-flag flag-override library-override" title={row.override.reason}>
            override <span className="visually-hidden">({row.override.words}): {row.override.reason}</span>
          </span>
        )}
        {openIn >= 0 && <span className="library-in-pane">{openIn === 0 ? 'in left pane' : 'in right pane'}</span>}
        <span className="library-source">{row.meta.journal ?? 'Unknown source'}</span>
        <span aria-hidden="true">·</span>
        <span className="library-date">{formatPublishedDate(row.meta.publishedDate)}</span>
      </div>
      <div className="library-actions">
        <label className="visually-hidden" htmlFor={`status-${row.meta.id}`}>
          Review status of {row.meta.title}
        </label>
        <select
          id={`status-${row.meta.id}`}
          className={`status-select status-${row.status}`}
          value={row.status}
          onChange={(e) => onStatus(row, e.target.value as ReviewStatusValue)}
          aria-describedby={row.override ? `override-${row.meta.id}` : undefined}
        >
          {REVIEW_STATUSES.map((status) => (
            <option key={status} value={status}>
              {REVIEW_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
        <CompletenessMeter completeness={row.completeness} />
        {/* The title opens in the target pane; this opens in the other one, so both sides are a click away. */}
        {target === 0 ? (
          <button type="button" className="link-button" onClick={() => openDocument(row.meta.id, 1)} aria-label={`Open right: ${row.meta.title}`}>
            Open right
          </button>
        ) : (
          <button type="button" className="link-button" onClick={() => openDocument(row.meta.id, 0)} aria-label={`Open left: ${row.meta.title}`}>
            Open left
          </button>
        )}
      </div>
    </li>
  );
});

/** The list's form holds its controls only (see where it is rendered); Enter in a tick box must not submit it. */
function preventSubmit(event: FormEvent) {
  event.preventDefault();
}

/** Wraps the list where something else should happen around it (files dropped to import); composed in by app.tsx. */
type ListFrame = ComponentType<{ children: ReactNode }>;

function PlainFrame({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

export function LibraryPanel({ ListFrame = PlainFrame }: { ListFrame?: ListFrame }) {
  const filter = useAppStore((s) => s.libraryFilter);
  const setFilter = useAppStore((s) => s.setLibraryFilter);
  const panes = useAppStore((s) => s.panes);
  const corpus = useAppStore((s) => s.corpus);
  const checked = useAppStore((s) => s.checkedDocuments);

  const records = useLibraryRecords();
  const statusChange = useReviewStatusChange();
  const { change } = statusChange;
  const onStatus = useCallback((row: LibraryRow, status: ReviewStatusValue) => change(row.meta.id, row.meta.title, status, row.emptyRequired), [change]);
  const rows = useMemo(() => {
    if (!records) return undefined;
    const { documents, statuses, schema, filledFieldKeys: fieldKeys } = records;
    const byId = new Map(statuses.map((s) => [s.documentId, s]));
    const measure = completenessFor(schema);
    const lookup = fieldLookup(schema);
    return documents.map((meta): LibraryRow => {
      const record = byId.get(meta.id);
      const status = record?.status ?? 'not-started';
      const completeness = measure(fieldKeys.get(meta.id) ?? new Set());
      const override = status === 'done' && record?.override ? record.override : null;
      return {
        meta,
        status,
        // "2 required fields empty", out of "Done (override: 2 required fields empty)": the flag says the rest.
        override: override ? { words: statusWords(REVIEW_STATUS_LABELS[status], override).replace(/^.*?\(override: (.*)\)$/, '$1'), reason: override.reason } : null,
        completeness,
        emptyRequired: completeness.missingRequired.map((key) => ({ key, label: lookup.get(key)?.field.label ?? key })),
      };
    });
  }, [records]);

  // The rows (or the library's empty state) are the start's first screen: once they are committed,
  // the rest of the desk may load (components/first-screen). An empty library whose bundled corpus
  // is still loading shows nothing yet.
  const firstScreen = rows !== undefined && !(corpus.state === 'loading' && rows.length === 0);
  useEffect(() => {
    if (firstScreen) firstScreenShown();
  }, [firstScreen]);

  const layout = useAppStore((s) => s.libraryLayout);
  const setLayout = useAppStore((s) => s.setLibraryLayout);
  const sort = useAppStore((s) => s.librarySort);
  const setSort = useAppStore((s) => s.setLibrarySort);
  const storedWidths = useAppStore((s) => s.libraryColumnWidths);
  const setColumnWidth = useAppStore((s) => s.setLibraryColumnWidth);
  const activePane = useAppStore((s) => s.activePane);
  const secondPaneOpen = useAppStore((s) => s.secondPaneOpen);
  const setActivePane = useAppStore((s) => s.setActivePane);
  const setSecondPaneOpen = useAppStore((s) => s.setSecondPaneOpen);
  const openDocument = useAppStore((s) => s.openDocument);
  const setView = useAppStore((s) => s.setView);
  const compact = layout === 'compact';
  const rowHeight = compact ? COMPACT_ROW_HEIGHT : LIBRARY_ROW_HEIGHT;
  const widths = useMemo(() => columnWidths(storedWidths), [storedWidths]);

  // The filter's haystacks are built in a render of their own after the rows are painted (nothing
  // needs them before a word is typed); typed before that, the filter builds them on the spot.
  const settledRows = useDeferredValue(rows);
  const haystacks = useMemo(() => (settledRows ?? []).map(haystackOf), [settledRows]);
  const filtered = useMemo(() => {
    const current = rows ?? [];
    if (filter.trim() === '') return current;
    return filterLibraryRows(current, settledRows === rows ? haystacks : current.map(haystackOf), filter);
  }, [rows, settledRows, haystacks, filter]);
  // The sort applies to the compact columns; the cards keep library order.
  const shown = useMemo(() => (compact ? sortRows(filtered, sort) : filtered), [compact, filtered, sort]);

  const [scroller, setScrollerState] = useState<HTMLFormElement | null>(null);
  const scrollerRef = useRef<HTMLFormElement | null>(null);
  const setScroller = useCallback((element: HTMLFormElement | null) => {
    scrollerRef.current = element;
    setScrollerState(element);
  }, []);
  // A short margin beyond the view: the window is rendered within the scroll event's own frame
  // (use-row-window), so a wider one only adds rows to build on a jump or a filter (traced at 50,000
  // documents: about 3 ms of script, style and layout per card), not blank frames it would prevent.
  const rowWindow = useRowWindow(scroller, { count: shown.length, rowHeight, overscan: compact ? 6 : 3, offsetTop: compact ? COMPACT_HEAD_HEIGHT : 0 });
  const [pendingFocus, setPendingFocus] = useState<number | null>(null);
  // The cards in the window, keyed so that those entering reuse the elements of those leaving
  // (components/use-recycled-keys): a filter or a jump rewrites a screenful of cards instead of
  // building it anew. The focused card's elements are never handed to another document.
  const windowRows = compact ? [] : shown.slice(rowWindow.start, rowWindow.end);
  const focusedRow = useRef<string | null>(null);
  const cardKeys = useRecycledKeys(
    windowRows.map((row) => row.meta.id),
    () => focusedRow.current,
  );
  const onListFocus = (event: FocusEvent<HTMLElement>) => {
    focusedRow.current = (event.target as HTMLElement).closest<HTMLElement>('[data-document]')?.dataset.document ?? null;
  };
  const onListBlur = () => {
    focusedRow.current = null;
  };

  // Arrow keys move between documents; a row outside the rendered window is scrolled in first.
  const onListKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    if ((event.target as HTMLElement).tagName === 'SELECT') return;
    const item = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-index]');
    if (!item) return;
    const next = Math.max(0, Math.min(shown.length - 1, Number(item.dataset.index) + (event.key === 'ArrowDown' ? 1 : -1)));
    event.preventDefault();
    const top = scroller ? scrollTopForRow(next, { scrollTop: scroller.scrollTop, viewportHeight: scroller.clientHeight - (compact ? COMPACT_HEAD_HEIGHT : 0), rowHeight }) : null;
    if (top !== null) scroller?.scrollTo({ top });
    setPendingFocus(next);
  };
  useEffect(() => {
    if (pendingFocus === null) return;
    const target = scrollerRef.current?.querySelector<HTMLButtonElement>(`[data-index="${pendingFocus}"] button[data-open-document]`);
    if (target) {
      target.focus();
      setPendingFocus(null);
    }
  }, [pendingFocus, rowWindow]);

  const open = useCallback(
    (id: DocumentId) => {
      openDocument(id);
      setView('desk');
    },
    [openDocument, setView],
  );
  const onSort = useCallback((column: LibraryColumn) => setSort(nextSort(useAppStore.getState().librarySort, column)), [setSort]);
  const target: PaneIndex = secondPaneOpen ? activePane : 0;
  const targetId = 'library-open-target';
  const chooseTarget = (pane: PaneIndex) => {
    if (pane === 1 && !secondPaneOpen) setSecondPaneOpen(true);
    setActivePane(pane);
  };

  // "Open a document…" in the command menu puts the focus in the filter.
  const filterRef = useRef<HTMLInputElement>(null);
  const filterRequest = useAppStore((s) => s.libraryFilterRequest);
  const answeredFilter = useRef(filterRequest);
  useEffect(() => {
    if (filterRequest === answeredFilter.current) return;
    answeredFilter.current = filterRequest;
    requestAnimationFrame(() => filterRef.current?.focus());
  }, [filterRequest]);

  const total = rows?.length ?? 0;
  const countText = filter.trim() ? `${shown.length} of ${total} documents` : `${total} ${total === 1 ? 'document' : 'documents'}`;

  return (
    <section className="library" aria-labelledby="library-heading" {...regionProps('library', ['button[data-open-document]', 'input[type=search]'])}>
      <header className="panel-header">
        <h2 id="library-heading" className="panel-title">
          Library
        </h2>
        <span className="count" role="status" aria-live="polite" aria-label={`Library: ${countText}`}>
          {countText}
        </span>
        <button type="button" className="toolbar-button library-layout" aria-pressed={compact} onClick={() => setLayout(compact ? 'cards' : 'compact')}>
          Compact rows
        </button>
      </header>
      <div className="library-filter">
        <input
          ref={filterRef}
          type="search"
          aria-label="Filter documents"
          placeholder="Filter by title, journal, type, status…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      <div className="library-target" role="group" aria-label="Titles open in">
        <span className="library-target-label" aria-hidden="true">
          Titles open in
        </span>
        <button type="button" className="segment" aria-pressed={target === 0} onClick={() => chooseTarget(0)}>
          Left pane
        </button>
        <button type="button" className="segment" aria-pressed={target === 1} onClick={() => chooseTarget(1)}>
          Right pane
        </button>
        <span id={targetId} className="visually-hidden">
          Opens in the {target === 0 ? 'left' : 'right'} pane
        </span>
      </div>
      <CorpusNotice />
      <ListFrame>
        {rows === undefined || (corpus.state === 'loading' && total === 0) ? (
          <p className="empty-state" role="status">
            Loading the library…
          </p>
        ) : total === 0 ? (
          <p className="empty-state">No documents yet. Bundled articles could not be loaded; see the message above.</p>
        ) : shown.length === 0 ? (
          <p className="empty-state">No document matches “{filter.trim()}”.</p>
        ) : (
          // A form of its own, never submitted: Chromium's autofill answers every <select> that
          // enters the page by reading the controls of its form, and a control in no form is read
          // with every other control in no form, found by walking the whole document (the desk's
          // tens of thousands of nodes), once per row scrolled in. Electron has no autofill; a
          // browser running the web build does.
          <form className={compact ? 'library-scroll compact' : 'library-scroll'} ref={setScroller} onSubmit={preventSubmit} autoComplete="off">
            {compact ? (
              <LibraryTable
                  rows={shown}
                  rowWindow={rowWindow}
                  panes={panes}
                  checked={checked}
                  sort={sort}
                  widths={widths}
                  targetId={targetId}
                  onSort={onSort}
                  onResize={setColumnWidth}
                  onStatus={onStatus}
                  onOpen={open}
                  onRowKeyDown={onListKeyDown}
                />
            ) : (
              <ul
                className="library-list"
                aria-label="Documents"
                onKeyDown={onListKeyDown}
                onFocus={onListFocus}
                onBlur={onListBlur}
                style={{ height: shown.length * LIBRARY_ROW_HEIGHT }}
              >
                {windowRows.map((row, offset) => (
                  <LibraryItem
                    key={cardKeys[offset]}
                    row={row}
                    targetId={targetId}
                    target={target}
                    index={rowWindow.start + offset}
                    setSize={shown.length}
                    openIn={panes.indexOf(row.meta.id)}
                    checked={checked.includes(row.meta.id)}
                    onStatus={onStatus}
                  />
                ))}
              </ul>
            )}
          </form>
        )}
      </ListFrame>
      {statusChange.dialog}
    </section>
  );
}
