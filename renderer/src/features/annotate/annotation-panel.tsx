// The annotation panel beside the reader: the open document's annotations in reading order with
// colour, quote, note and tags; filters; editing; undo/redo; and orphans to re-attach.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { describe } from '@shared/anchoring';
import { HIGHLIGHT_COLORS } from '@shared/model';
import type { Annotation, AnnotationId, HighlightColor } from '@shared/model';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { renameColor, useColorMeanings } from '../../db/settings';
import { useAppStore } from '../../store/app-store';
import type { PaneIndex } from '../../store/app-store';
import { useNotices } from '../../components/notices';
import { useMeasuredWindow } from '../../components/use-measured-window';
import { useOpenDocument } from '../../document/open-documents';
import { PANE_NAMES } from '../../document/panes';
import { deleteAnnotations, updateAnnotation } from '../../db/annotations';
import type { AnnotationChanges } from '../../db/annotations';
import { scopeOf, useHistory, useHistoryScope } from '../../db/history';
import { COLOR_NAMES, keyForColor } from './color-names';
import { collectTags, matchesAnnotationFilter } from './filter';
import { useAnnotateCommands } from '../../document/use-annotate-commands';

const QUOTE_PREVIEW = 220;

function parseTags(input: string): string[] {
  return input.split(',').map((t) => t.trim()).filter(Boolean);
}

function AnnotationEditor({ annotation, meanings }: { annotation: Annotation; meanings: Record<HighlightColor, string> }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const focusEditor = useAppStore((s) => (s.focusEditor?.id === annotation.id ? s.focusEditor : null));
  const [note, setNote] = useState(annotation.note);
  const [tags, setTags] = useState(annotation.tags.join(', '));
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const tagsRef = useRef<HTMLInputElement>(null);
  const [synced, setSynced] = useState(annotation);
  // When the record changes underneath (undo, another pane), show its new values.
  if (synced !== annotation) {
    setSynced(annotation);
    setNote(annotation.note);
    setTags(annotation.tags.join(', '));
  }

  useEffect(() => {
    if (!focusEditor) return;
    (focusEditor.field === 'note' ? noteRef.current : tagsRef.current)?.focus();
  }, [focusEditor]);

  const save = async (changes: AnnotationChanges, label: string) => {
    try {
      await updateAnnotation(db, annotation.id, changes, { label });
    } catch (error) {
      notify({ kind: 'error', message: `The change was not saved. ${describeStorageError(error)}` });
    }
  };
  const saveNote = () => note !== annotation.note && void save({ note }, 'note');
  const saveTags = () => {
    const next = parseTags(tags);
    if (next.join('\u0000') !== annotation.tags.join('\u0000')) void save({ tags: next }, 'tags');
  };

  return (
    <div className="annotation-editor" role="group" aria-label="Edit annotation">
      <label className="field-label">
        Colour
        <select value={annotation.color} onChange={(e) => void save({ color: e.target.value as HighlightColor }, 'colour')}>
          {HIGHLIGHT_COLORS.map((c) => (
            <option key={c} value={c}>
              {COLOR_NAMES[c]} — {meanings[c]}
            </option>
          ))}
        </select>
      </label>
      <label className="field-label">
        Note
        <textarea
          ref={noteRef}
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          onBlur={saveNote}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              saveNote();
            }
          }}
          placeholder="Why this matters…"
        />
      </label>
      <label className="field-label">
        Tags (comma separated)
        <input
          ref={tagsRef}
          type="text"
          value={tags}
          onChange={(e) => setTags(e.target.value)}
          onBlur={saveTags}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              saveTags();
            }
          }}
          placeholder="e.g. CRS, dose"
        />
      </label>
      <div className="editor-actions">
        <button type="button" className="danger-button" onClick={() => void deleteAnnotations(db, [annotation.id]).catch((e: unknown) => notify({ kind: 'error', message: describeStorageError(e) }))}>
          Delete annotation
        </button>
      </div>
    </div>
  );
}

interface RowProps {
  annotation: Annotation;
  /** Position in the filtered list (1-based) and its length, for assistive technology: only rows in view are rendered. */
  position: number;
  setSize: number;
  quote: string;
  fuzzy: boolean;
  selected: boolean;
  meaning: string;
  meanings: Record<HighlightColor, string>;
  pane: PaneIndex;
}

/**
 * One entry of the list. Live queries hand back new objects on every change, so rows compare what
 * they show: with 10,000 annotations, adding one re-renders one row, not all of them.
 */
const AnnotationRow = memo(
  function AnnotationRow({ annotation, position, setSize, quote, fuzzy, selected, meaning, meanings, pane }: RowProps) {
    const flashAnnotation = useAppStore((s) => s.flashAnnotation);
    const onOpen = () => flashAnnotation(pane, annotation.id);
    return (
      <li
        className={`annotation-item rule-${annotation.color}`}
        data-annotation-id={annotation.id}
        data-window-key={annotation.id}
        data-selected={selected || undefined}
        aria-posinset={position}
        aria-setsize={setSize}
      >
        <button type="button" className="annotation-open" aria-current={selected || undefined} onClick={onOpen}>
          <span className="annotation-color">
            <span className={`swatch-dot swatch-${annotation.color}`} aria-hidden="true" />
            {meaning}
            {fuzzy && <span className="badge badge-warning">Moved: text changed</span>}
          </span>
          <span className="quote">{quote.length > QUOTE_PREVIEW ? `${quote.slice(0, QUOTE_PREVIEW)}…` : quote}</span>
          {annotation.note && <span className="annotation-note">{annotation.note}</span>}
          {annotation.tags.length > 0 && (
            <span className="annotation-tags" aria-label={`Tags: ${annotation.tags.join(', ')}`}>
              {annotation.tags.map((t) => (
                <span key={t} className="tag">
                  {t}
                </span>
              ))}
            </span>
          )}
        </button>
        {selected && <AnnotationEditor annotation={annotation} meanings={meanings} />}
      </li>
    );
  },
  (a, b) =>
    a.annotation.id === b.annotation.id &&
    a.annotation.modifiedAt === b.annotation.modifiedAt &&
    a.position === b.position &&
    a.setSize === b.setSize &&
    a.quote === b.quote &&
    a.fuzzy === b.fuzzy &&
    a.selected === b.selected &&
    a.meaning === b.meaning &&
    a.pane === b.pane &&
    (!a.selected || a.meanings === b.meanings),
);

/** Height of a row before it is measured: colour line, two lines of quote, padding. */
const ESTIMATED_ROW_HEIGHT = 96;

export function AnnotationPanel() {
  const db = useDatabase();
  const pane = useAppStore((s) => s.activePane) as PaneIndex;
  const documentId = useAppStore((s) => s.panes[pane]);
  const filter = useAppStore((s) => s.annotationFilter);
  const setFilter = useAppStore((s) => s.setAnnotationFilter);
  const selected = useAppStore((s) => (s.selectedAnnotation?.pane === pane ? s.selectedAnnotation.id : null));
  const textSelection = useAppStore((s) => (s.selection?.documentId === documentId ? s.selection : null));
  const { canUndo, canRedo, undoLabel, redoLabel } = useHistoryScope(documentId ? scopeOf(documentId) : null);
  const historyMessage = useHistory((s) => s.lastMessage);
  const { undo, redo } = useAnnotateCommands();
  const notify = useNotices((s) => s.push);
  const meanings = useColorMeanings();
  const open = useOpenDocument(documentId);
  const text = open?.loaded.state === 'ready' ? open.loaded.text : null;
  const anchoredSet = open?.anchoredSet ?? null;
  const [listElement, setListElement] = useState<HTMLOListElement | null>(null);

  const all = useMemo(() => anchoredSet?.anchored ?? [], [anchoredSet]);
  const tags = useMemo(() => collectTags(all.map((a) => a.annotation)), [all]);
  const filtered = filter.colors.length > 0 || filter.tag !== null || filter.text.trim() !== '';
  // Unfiltered, the list is the set's own array (not a copy of 10,000 entries).
  const shown = useMemo(
    () => (text === null ? [] : filtered ? all.filter((a) => matchesAnnotationFilter(a.annotation, text.slice(a.start, a.end), filter, meanings)) : all),
    [all, filter, filtered, meanings, text],
  );
  // Only the rows in view are rendered: 10,000 rows would cost seconds of layout and tens of MB.
  const keyAt = useCallback((i: number) => shown[i]!.annotation.id, [shown]);
  const rows = useMeasuredWindow(listElement, { count: shown.length, keyAt, estimate: ESTIMATED_ROW_HEIGHT });
  const { scrollToIndex } = rows;

  // Selecting in the text selects (and reveals) the entry in the panel, once: not again when the
  // list changes under it (an annotation added elsewhere), which would pull the list back.
  const shownNow = useRef(shown);
  useLayoutEffect(() => {
    shownNow.current = shown;
  });
  useEffect(() => {
    if (!selected) return;
    scrollToIndex(shownNow.current.findIndex((a) => a.annotation.id === selected));
  }, [selected, scrollToIndex]);

  if (!documentId || !text || !anchoredSet) {
    return (
      <section className="side-panel" aria-label="Annotations">
        <p className="empty-state">Open a document to see its annotations.</p>
      </section>
    );
  }

  const reattach = async (id: AnnotationId) => {
    if (!textSelection) return;
    try {
      await updateAnnotation(db, id, { target: describe(text, textSelection.start, textSelection.end) }, { label: 're-attach' });
      document.getSelection()?.removeAllRanges();
      notify({ kind: 'info', message: 'Annotation re-attached to the selected text.' });
    } catch (error) {
      notify({ kind: 'error', message: `Re-attaching failed. ${describeStorageError(error)}` });
    }
  };

  return (
    <section className="side-panel" aria-labelledby="annotations-heading">
      <header className="panel-header">
        <h2 id="annotations-heading" className="panel-title">
          Annotations
        </h2>
        <span className="count" aria-live="polite">
          {filtered ? `${shown.length} of ${all.length}` : all.length} · {PANE_NAMES[pane]}
        </span>
      </header>
      <div className="panel-tools">
        <div className="history-buttons">
          <button type="button" className="icon-button" disabled={!canUndo} onClick={() => void undo()} aria-keyshortcuts="Control+Z" title={undoLabel ? `Undo ${undoLabel} (Ctrl+Z)` : 'Nothing to undo in this document'}>
            Undo
          </button>
          <button type="button" className="icon-button" disabled={!canRedo} onClick={() => void redo()} aria-keyshortcuts="Control+Shift+Z Control+Y" title={redoLabel ? `Redo ${redoLabel} (Ctrl+Shift+Z)` : 'Nothing to redo in this document'}>
            Redo
          </button>
          <span className="visually-hidden" role="status">
            {historyMessage}
          </span>
        </div>
        <div className="color-filter" role="group" aria-label="Filter by colour">
          {HIGHLIGHT_COLORS.map((c) => (
            <button
              key={c}
              type="button"
              className={`chip swatch-${c}`}
              aria-pressed={filter.colors.includes(c)}
              aria-label={`${COLOR_NAMES[c]}: ${meanings[c]}`}
              title={`${COLOR_NAMES[c]} · ${meanings[c]}`}
              onClick={() => setFilter({ colors: filter.colors.includes(c) ? filter.colors.filter((x) => x !== c) : [...filter.colors, c] })}
            >
              {keyForColor(c)}
            </button>
          ))}
        </div>
        <div className="filter-row">
          <select aria-label="Filter by tag" value={filter.tag ?? ''} onChange={(e) => setFilter({ tag: e.target.value || null })}>
            <option value="">All tags</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <input type="search" aria-label="Filter annotations by text" placeholder="Search quotes, notes…" value={filter.text} onChange={(e) => setFilter({ text: e.target.value })} />
          {filtered && (
            <button type="button" className="link-button" onClick={() => setFilter({ colors: [], tag: null, text: '' })}>
              Clear
            </button>
          )}
        </div>
      </div>

      {anchoredSet.orphans.length > 0 && (
        <section className="orphans" aria-labelledby="orphans-heading">
          <h3 id="orphans-heading" className="section-title">
            Needs re-attaching ({anchoredSet.orphans.length})
          </h3>
          <ul className="orphan-list">
            {anchoredSet.orphans.map(({ annotation, reason }) => (
              <li key={annotation.id} className="orphan-item">
                <blockquote className="quote">{annotation.target?.quote.exact.slice(0, QUOTE_PREVIEW)}</blockquote>
                <p className="hint">{reason}</p>
                <button type="button" className="toolbar-button" disabled={!textSelection} onClick={() => void reattach(annotation.id)}>
                  {textSelection ? 'Re-attach to the selected text' : 'Select the right text, then re-attach'}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {all.length === 0 ? (
        <div className="empty-state">
          <p>No annotations yet.</p>
          <p className="hint">Select text in the article, then press 1–8 to highlight, N to add a note or T to tag.</p>
        </div>
      ) : shown.length === 0 ? (
        <p className="empty-state">No annotation matches the filter.</p>
      ) : (
        <ol className="annotation-list" aria-label="Annotations in reading order" ref={setListElement} style={{ paddingTop: rows.paddingTop, paddingBottom: rows.paddingBottom }}>
          {shown.slice(rows.start, rows.end).map(({ annotation, start, end, method }, i) => (
            <AnnotationRow
              key={annotation.id}
              annotation={annotation}
              position={rows.start + i + 1}
              setSize={shown.length}
              quote={text.slice(start, end)}
              fuzzy={method === 'fuzzy'}
              selected={annotation.id === selected}
              meaning={meanings[annotation.color]}
              meanings={meanings}
              pane={pane}
            />
          ))}
        </ol>
      )}
      <details className="color-meanings">
        <summary>Colour meanings</summary>
        <ul>
          {HIGHLIGHT_COLORS.map((c) => (
            <li key={c}>
              <span className={`swatch-dot swatch-${c}`} aria-hidden="true" />
              <label>
                <span className="color-name">
                  {COLOR_NAMES[c]} ({keyForColor(c)})
                </span>
                <input type="text" defaultValue={meanings[c]} key={meanings[c]} aria-label={`Meaning of ${COLOR_NAMES[c]}`} onBlur={(e) => e.target.value !== meanings[c] && void renameColor(db, c, e.target.value)} />
              </label>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
