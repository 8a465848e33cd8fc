// The annotation panel beside the reader: the open document's annotations in reading order with
// colour, quote, note and tags; filters; editing; undo/redo; and orphans to re-attach. The list is
// windowed (rows of one height, only those in view rendered), so 10,000 annotations cost what 20 do;
// the selected annotation's editor sits under the list, outside the window. Notes on the whole
// document come first (document-notes.tsx).
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { describe } from '@shared/anchoring';
import { HIGHLIGHT_COLORS } from '@shared/model';
import type { Annotation, AnnotationId, HighlightColor } from '@shared/model';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { renameColor, useColorMeanings } from '../../db/settings';
import { isAreaSelection, useAppStore } from '../../store/app-store';
import type { PaneIndex } from '../../store/app-store';
import { useNotices } from '../../components/notices';
import { scrollTopForRow, useRowWindow } from '../../components/use-row-window';
import { useOpenDocument } from '../../document/open-documents';
import { PANE_NAMES } from '../../document/panes';
import { deleteAnnotations, EditConflict, updateAnnotation } from '../../db/annotations';
import type { AnnotationChanges } from '../../db/annotations';
import { scopeOf, useHistory, useHistoryScope } from '../../db/history';
import { COLOR_NAMES, keyForColor } from '../../document/color-names';
import { collectTags, matchesAnnotationFilter } from './filter';
import { DocumentNotes } from './document-notes';
import { useAnnotateCommands } from '../../document/use-annotate-commands';
import { ModalDialog } from '../../components/modal-dialog';
import { useActiveSchema } from '../../db/schemas';
import { countsAsFilled, fieldLookup, sentenceCase } from '@shared/evidence';
import { describeArea } from '@shared/text/page-area';
import type { FieldLookup } from '@shared/evidence';

const QUOTE_PREVIEW = 220;

function parseTags(input: string): string[] {
  return input.split(',').map((t) => t.trim()).filter(Boolean);
}

/** What a field value's deletion does to the form, said before it is done. */
interface FilledField {
  label: string;
  required: boolean;
  /** Other live values that fill the same field. */
  others: number;
}

function filledFieldOf(annotation: Annotation, lookup: FieldLookup, all: readonly Annotation[]): FilledField | null {
  const tag = annotation.field;
  if (tag === null) return null;
  const place = lookup.get(tag.fieldKey);
  const others = all.filter((a) => a.id !== annotation.id && a.deletedAt === null && a.field?.fieldKey === tag.fieldKey && countsAsFilled(a.field)).length;
  return { label: place?.field.label ?? tag.fieldKey, required: place?.field.required ?? false, others };
}

function DeleteValueDialog({ filled, onDelete, onCancel }: { filled: FilledField; onDelete: () => void; onCancel: () => void }) {
  const consequence =
    filled.others > 0
      ? `${filled.others} other ${filled.others === 1 ? 'value stays' : 'values stay'} in that field.`
      : `The field will be empty${filled.required ? ', and it is required' : ''}.`;
  return (
    <ModalDialog
      title={`Delete the value of ${filled.label}?`}
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="toolbar-button" onClick={onCancel} data-autofocus>
            Cancel
          </button>
          <button type="button" className="danger-button" onClick={onDelete}>
            Delete value
          </button>
        </>
      }
    >
      <p className="dialog-text">
        This annotation fills the form field “{filled.label}”{filled.required ? ' (required)' : ''}. Deleting it removes the value from the extraction form. {consequence} Undo brings it back.
      </p>
    </ModalDialog>
  );
}

function AnnotationEditor({ annotation, meanings, filled }: { annotation: Annotation; meanings: Record<HighlightColor, string>; filled: FilledField | null }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const focusEditor = useAppStore((s) => (s.focusEditor?.id === annotation.id ? s.focusEditor : null));
  const [note, setNote] = useState(annotation.note);
  const [tags, setTags] = useState(annotation.tags.join(', '));
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const tagsRef = useRef<HTMLInputElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [synced, setSynced] = useState(annotation);
  // The note and tags as the reviewer's edit found them: the base a save is checked against.
  const [noteBase, setNoteBase] = useState(annotation.note);
  const [tagsBase, setTagsBase] = useState(annotation.tags);
  // When the record changes underneath (undo, another pane or window), show its new values, except
  // where the reviewer is typing: their words stay, and saving them meets the change as a conflict.
  if (synced !== annotation) {
    setSynced(annotation);
    if (note === noteBase) {
      setNote(annotation.note);
      setNoteBase(annotation.note);
    }
    if (tags === tagsBase.join(', ')) {
      setTags(annotation.tags.join(', '));
      setTagsBase(annotation.tags);
    }
  }

  useEffect(() => {
    if (!focusEditor) return;
    (focusEditor.field === 'note' ? noteRef.current : tagsRef.current)?.focus();
  }, [focusEditor]);

  const save = async (changes: AnnotationChanges, label: string, base?: AnnotationChanges) => {
    try {
      const saved = await updateAnnotation(db, annotation.id, changes, { label, base });
      if (changes.note !== undefined) setNoteBase(saved.note);
      if (changes.tags !== undefined) setTagsBase(saved.tags);
    } catch (error) {
      if (error instanceof EditConflict) {
        // Keep the reviewer's words in the box; the base becomes what is stored, so saving again
        // (after reading the notice) replaces it knowingly.
        if (changes.note !== undefined) setNoteBase(error.current.note);
        if (changes.tags !== undefined) setTagsBase(error.current.tags);
        const stored = changes.note !== undefined ? `“${error.current.note}”` : error.current.tags.join(', ');
        notify({ kind: 'error', message: `Not saved: this ${label} was changed in another window while you were editing it (it now reads ${stored}). Your text is still in the box; save again to replace it.` });
        return;
      }
      notify({ kind: 'error', message: `The change was not saved. ${describeStorageError(error)}` });
    }
  };
  const saveNote = () => note !== noteBase && void save({ note }, 'note', { note: noteBase });
  const remove = () => void deleteAnnotations(db, [annotation.id], { label: filled ? `delete ${filled.label} value` : 'delete' }).catch((e: unknown) => notify({ kind: 'error', message: describeStorageError(e) }));
  const saveTags = () => {
    const next = parseTags(tags);
    if (next.join('\u0000') !== tagsBase.join('\u0000')) void save({ tags: next }, 'tags', { tags: tagsBase });
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
        <button type="button" className="danger-button" onClick={() => (filled ? setConfirming(true) : remove())}>
          Delete annotation
        </button>
      </div>
      {confirming && filled && (
        <DeleteValueDialog
          filled={filled}
          onCancel={() => setConfirming(false)}
          onDelete={() => {
            setConfirming(false);
            remove();
          }}
        />
      )}
    </div>
  );
}

/**
 * Every row has this height: the quote is cut to three lines, or to two above a line of note and
 * tags; the editor under the list shows them whole.
 */
export const ANNOTATION_ROW_HEIGHT = 96;

interface RowProps {
  annotation: Annotation;
  quote: string;
  fuzzy: boolean;
  selected: boolean;
  /** The field a value fills, or the colour's meaning for a plain highlight. */
  meaning: string;
  pane: PaneIndex;
  index: number;
  setSize: number;
}

/**
 * One entry of the list. Live queries hand back new objects on every change, so rows compare what
 * they show: adding one annotation re-renders one row, not every row in view.
 */
const AnnotationRow = memo(
  function AnnotationRow({ annotation, quote, fuzzy, selected, meaning, pane, index, setSize }: RowProps) {
    const flashAnnotation = useAppStore((s) => s.flashAnnotation);
    const onOpen = () => flashAnnotation(pane, annotation.id);
    const hasMeta = annotation.note !== '' || annotation.tags.length > 0;
    return (
      <li
        className={`annotation-item rule-${annotation.color}`}
        data-annotation-id={annotation.id}
        data-index={index}
        data-selected={selected || undefined}
        aria-posinset={index + 1}
        aria-setsize={setSize}
        style={{ top: index * ANNOTATION_ROW_HEIGHT, height: ANNOTATION_ROW_HEIGHT }}
      >
        <button type="button" className="annotation-open" data-meta={hasMeta || undefined} aria-current={selected || undefined} onClick={onOpen}>
          <span className="annotation-color">
            <span className={`swatch-dot swatch-${annotation.color}`} aria-hidden="true" />
            {meaning}
            {fuzzy && <span className="badge badge-warning">Moved: text changed</span>}
          </span>
          <span className="quote">{quote.length > QUOTE_PREVIEW ? `${quote.slice(0, QUOTE_PREVIEW)}…` : quote}</span>
          {hasMeta && (
            <span className="annotation-meta">
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
            </span>
          )}
        </button>
      </li>
    );
  },
  (a, b) =>
    a.annotation.id === b.annotation.id &&
    a.annotation.modifiedAt === b.annotation.modifiedAt &&
    a.quote === b.quote &&
    a.fuzzy === b.fuzzy &&
    a.selected === b.selected &&
    a.meaning === b.meaning &&
    a.pane === b.pane &&
    a.index === b.index &&
    a.setSize === b.setSize,
);

export function AnnotationPanel() {
  const db = useDatabase();
  const pane = useAppStore((s) => s.activePane) as PaneIndex;
  const documentId = useAppStore((s) => s.panes[pane]);
  const filter = useAppStore((s) => s.annotationFilter);
  const setFilter = useAppStore((s) => s.setAnnotationFilter);
  const selected = useAppStore((s) => (s.selectedAnnotation?.pane === pane ? s.selectedAnnotation.id : null));
  const textSelection = useAppStore((s) => (s.selection?.documentId === documentId && !isAreaSelection(s.selection) ? s.selection : null));
  const { canUndo, canRedo, undoLabel, redoLabel } = useHistoryScope(documentId ? scopeOf(documentId) : null);
  const historyMessage = useHistory((s) => s.lastMessage);
  const { undo, redo } = useAnnotateCommands();
  const notify = useNotices((s) => s.push);
  const meanings = useColorMeanings();
  const schema = useActiveSchema();
  const lookup = useMemo(() => fieldLookup(schema), [schema]);
  const open = useOpenDocument(documentId);
  const text = open?.loaded.state === 'ready' ? open.loaded.text : null;
  const anchoredSet = open?.anchoredSet ?? null;
  const listRef = useRef<HTMLOListElement>(null);
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);

  const all = useMemo(() => anchoredSet?.anchored ?? [], [anchoredSet]);
  const tags = useMemo(() => collectTags(all.map((a) => a.annotation)), [all]);
  const filtered = filter.colors.length > 0 || filter.tag !== null || filter.text.trim() !== '';
  // Unfiltered, the list is the set's own array (not a copy of 10,000 entries).
  const shown = useMemo(
    () => (text === null ? [] : filtered ? all.filter((a) => matchesAnnotationFilter(a.annotation, text.slice(a.start, a.end), filter, meanings)) : all),
    [all, filter, filtered, meanings, text],
  );
  const rowWindow = useRowWindow(scroller, { count: shown.length, rowHeight: ANNOTATION_ROW_HEIGHT, overscan: 6 });
  const selectedIndex = useMemo(() => (selected ? shown.findIndex((a) => a.annotation.id === selected) : -1), [selected, shown]);
  const selectedItem = selected ? anchoredSet?.byId.get(selected) : undefined;
  const selectedArea = selected ? anchoredSet?.areas.find((a) => a.id === selected) : undefined;
  const [pendingFocus, setPendingFocus] = useState<number | null>(null);

  const scrollToRow = (index: number, place: 'nearest' | 'third') => {
    if (!scroller) return;
    const top = scrollTopForRow(index, { scrollTop: scroller.scrollTop, viewportHeight: scroller.clientHeight, rowHeight: ANNOTATION_ROW_HEIGHT }, place);
    if (top !== null) scroller.scrollTo({ top });
  };

  // Selecting in the text selects the entry here and scrolls the list to it (it may not be rendered
  // yet), once per selection and list: an annotation just made is scrolled to when it reaches the
  // list, but the list is not pulled back when it changes under the reviewer (an annotation added
  // above the selected one moves its index).
  const revealed = useRef<{ id: AnnotationId; scroller: HTMLDivElement } | null>(null);
  useEffect(() => {
    if (!selected) revealed.current = null;
    if (selectedIndex < 0 || !scroller || !selected) return;
    if (revealed.current?.id === selected && revealed.current.scroller === scroller) return;
    revealed.current = { id: selected, scroller };
    const top = scrollTopForRow(selectedIndex, { scrollTop: scroller.scrollTop, viewportHeight: scroller.clientHeight, rowHeight: ANNOTATION_ROW_HEIGHT }, 'third');
    if (top !== null) scroller.scrollTo({ top });
  }, [scroller, selected, selectedIndex]);

  // Arrow keys, Home and End move between entries; one outside the rendered window is scrolled in first.
  const onListKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    const item = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('li[data-index]');
    if (!item) return;
    const at = Number(item.dataset.index);
    const next = event.key === 'ArrowDown' ? at + 1 : event.key === 'ArrowUp' ? at - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? shown.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const target = Math.max(0, Math.min(shown.length - 1, next));
    scrollToRow(target, 'nearest');
    setPendingFocus(target);
  };
  useEffect(() => {
    if (pendingFocus === null) return;
    const target = listRef.current?.querySelector<HTMLButtonElement>(`li[data-index="${pendingFocus}"] .annotation-open`);
    if (target) {
      target.focus();
      setPendingFocus(null);
    }
  }, [pendingFocus, rowWindow]);

  if (!documentId || !text || !anchoredSet) {
    return (
      <section className="side-panel annotation-panel" aria-label="Annotations">
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
    <section className="side-panel annotation-panel" aria-labelledby="annotations-heading">
      <header className="panel-header">
        <h2 id="annotations-heading" className="panel-title">
          Annotations
        </h2>
        <span className="count" aria-live="polite">
          {filtered ? `${shown.length} of ${all.length}` : all.length} · {PANE_NAMES[pane]}
        </span>
      </header>
      <DocumentNotes documentId={documentId} annotations={anchoredSet.unsourced} />
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
              aria-label={`${COLOR_NAMES[c]}: ${meanings[c]}, key ${keyForColor(c)}`}
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

      {anchoredSet.areas.length > 0 && (
        <section className="page-areas" aria-labelledby="areas-heading">
          <h3 id="areas-heading" className="section-title">
            Areas of pages ({anchoredSet.areas.length})
          </h3>
          <ul className="area-list">
            {anchoredSet.areas.map((annotation) => (
              <li key={annotation.id} className={`annotation-item area-item rule-${annotation.color}`} data-annotation-id={annotation.id} data-selected={annotation.id === selected || undefined}>
                <button type="button" className="annotation-open" aria-current={annotation.id === selected || undefined} onClick={() => useAppStore.getState().flashAnnotation(pane, annotation.id)}>
                  <span className="annotation-color">
                    <span className={`swatch-dot swatch-${annotation.color}`} aria-hidden="true" />
                    {annotation.field ? `Field: ${lookup.get(annotation.field.fieldKey)?.field.label ?? annotation.field.fieldKey}` : meanings[annotation.color]}
                  </span>
                  <span className="quote">{sentenceCase(describeArea(annotation.area!))}</span>
                  {(annotation.note !== '' || annotation.tags.length > 0) && (
                    <span className="annotation-meta">
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
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {all.length === 0 && anchoredSet.areas.length > 0 ? null : all.length === 0 ? (
        <div className="empty-state">
          <p>No annotations yet.</p>
          <p className="hint">Select text in the article, then press 1–8 to highlight, N to add a note or T to tag.</p>
        </div>
      ) : shown.length === 0 ? (
        <p className="empty-state">No annotation matches the filter.</p>
      ) : (
        <div className="annotation-scroll" ref={setScroller}>
          <ol
            className="annotation-list"
            aria-label="Annotations in reading order"
            ref={listRef}
            onKeyDown={onListKeyDown}
            style={{ height: shown.length * ANNOTATION_ROW_HEIGHT }}
          >
            {shown.slice(rowWindow.start, rowWindow.end).map(({ annotation, start, end, method }, offset) => (
              <AnnotationRow
                key={annotation.id}
                annotation={annotation}
                quote={text.slice(start, end)}
                fuzzy={method === 'fuzzy'}
                selected={annotation.id === selected}
                meaning={annotation.field ? `Field: ${lookup.get(annotation.field.fieldKey)?.field.label ?? annotation.field.fieldKey}` : meanings[annotation.color]}
                pane={pane}
                index={rowWindow.start + offset}
                setSize={shown.length}
              />
            ))}
          </ol>
        </div>
      )}
      {selectedArea && (
        <section className="selected-annotation" aria-label="Selected annotation">
          <p className="quote selected-quote">{sentenceCase(describeArea(selectedArea.area!))}</p>
          <AnnotationEditor
            annotation={selectedArea}
            meanings={meanings}
            filled={filledFieldOf(selectedArea, lookup, [...anchoredSet.anchored.map((a) => a.annotation), ...anchoredSet.orphans.map((o) => o.annotation), ...anchoredSet.unsourced, ...anchoredSet.areas])}
          />
        </section>
      )}
      {selectedItem && (
        <section className="selected-annotation" aria-label="Selected annotation">
          <blockquote className="quote selected-quote">{text.slice(selectedItem.start, selectedItem.end)}</blockquote>
          <AnnotationEditor
            annotation={selectedItem.annotation}
            meanings={meanings}
            filled={filledFieldOf(selectedItem.annotation, lookup, [...anchoredSet.anchored.map((a) => a.annotation), ...anchoredSet.orphans.map((o) => o.annotation), ...anchoredSet.unsourced])}
          />
        </section>
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
