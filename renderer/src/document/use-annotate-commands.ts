// The annotate commands shared by the selection toolbar, the keyboard shortcuts and the panel.
import { useCallback } from 'react';
import { describe } from '@shared/anchoring';
import type { ExtractionSchema, FieldDefinition } from '@shared/fields/types';
import type { HighlightColor } from '@shared/model';
import { useDatabase } from '../db/context';
import { readText } from '../db/text-cache';
import { describeStorageError } from '../db/errors';
import { useAppStore } from '../store/app-store';
import { isAreaSelection } from '../store/app-store';
import type { ReaderSelection } from '../store/app-store';
import { createAnnotation } from '../db/annotations';
import { redo as redoIn, scopeOf, undo as undoIn } from '../db/history';
import { useNotices } from '../components/notices';
import { colorForSection } from './section-colors';
import { clearPending, paintPending } from './highlight-painter';
import { tagFromArea, tagFromQuote } from './field-values';

/** Whether two reader selections cover the same thing (the store makes a new object on every selectionchange). */
function sameSelection(a: ReaderSelection, b: ReaderSelection): boolean {
  if (a.pane !== b.pane || a.documentId !== b.documentId) return false;
  if (isAreaSelection(a) || isAreaSelection(b)) {
    if (!isAreaSelection(a) || !isAreaSelection(b)) return false;
    const [x, y] = [a.area, b.area];
    return x.page === y.page && x.x === y.x && x.y === y.y && x.width === y.width && x.height === y.height;
  }
  return a.start === b.start && a.end === b.end;
}

/**
 * Lets go of the selection that was annotated once its annotation is stored, unless the reviewer
 * has moved on while it was being stored (the reading cursor on to the next sentence, say): the
 * new selection is theirs and stays. The page's selection is brought into the store first (the
 * browser reports a change in a task of its own), so the two are compared as they are now.
 */
function releaseSelection(acted: ReaderSelection): void {
  document.dispatchEvent(new Event('selectionchange'));
  const { selection, setSelection } = useAppStore.getState();
  if (selection === null || !sameSelection(acted, selection)) return;
  document.getSelection()?.removeAllRanges();
  setSelection(null);
}

export function useAnnotateCommands() {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);

  const highlightSelection = useCallback(
    async (color: HighlightColor | null, then?: 'note' | 'tags') => {
      const { selection, selectAnnotation, requestEditorFocus, lastHighlightColor, setLastHighlightColor } = useAppStore.getState();
      if (!selection) return null;
      const chosen = color ?? lastHighlightColor;
      setLastHighlightColor(chosen);
      // Paint at once from the live DOM selection; the stored annotation replaces it when it lands.
      const domSelection = document.getSelection();
      const area = isAreaSelection(selection) ? selection.area : null;
      if (!area && domSelection && domSelection.rangeCount > 0 && !domSelection.isCollapsed) paintPending(selection.pane, chosen, domSelection.getRangeAt(0).cloneRange());
      try {
        const label = then === 'note' ? 'note' : then === 'tags' ? 'tags' : area ? 'area' : 'highlight';
        let created;
        if (isAreaSelection(selection)) created = await createAnnotation(db, { documentId: selection.documentId, target: null, area: selection.area, color: chosen }, { label });
        else {
          const text = await readText(db, selection.documentId);
          if (text === undefined) throw new Error('the document is no longer in the library');
          created = await createAnnotation(db, { documentId: selection.documentId, target: describe(text, selection.start, selection.end), color: chosen }, { label });
        }
        releaseSelection(selection);
        selectAnnotation({ pane: selection.pane, id: created.id });
        if (then) requestEditorFocus(created.id, then);
        return created;
      } catch (error) {
        clearPending(selection.pane);
        notify({ kind: 'error', message: `The highlight was not saved. ${describeStorageError(error)}` });
        return null;
      }
    },
    [db, notify],
  );

  /**
   * Tags the selected text as a value of a field: an annotation with the parsed value, belonging to
   * `instance` (a patient, arm or time point) when the field's section repeats. An area of a page has
   * no text to read, so its value is the one the reviewer typed from it (`typed`), read by the same
   * normalizers; with nothing typed the value is stored unread, to be entered in the form.
   */
  const tagSelectionAsField = useCallback(
    async (
      selection: ReaderSelection,
      schema: ExtractionSchema,
      sectionKey: string,
      field: FieldDefinition,
      instance: { id: string; kind: string } | null = null,
      typed = '',
    ) => {
      const { selectAnnotation, setSideTab, setLastFieldKey, setActiveInstance } = useAppStore.getState();
      setLastFieldKey(field.key);
      if (instance) setActiveInstance(selection.documentId, instance.kind, instance.id);
      const inInstance = instance ? { instance: instance.id } : {};
      try {
        let created;
        if (isAreaSelection(selection)) {
          created = await createAnnotation(
            db,
            { documentId: selection.documentId, target: null, area: selection.area, color: colorForSection(sectionKey), field: { ...tagFromArea(schema, field, typed, selection.area), ...inInstance } },
            { label: `tag as ${field.label}` },
          );
        } else {
          const text = await readText(db, selection.documentId);
          if (text === undefined) throw new Error('the document is no longer in the library');
          const quote = text.slice(selection.start, selection.end);
          created = await createAnnotation(
            db,
            {
              documentId: selection.documentId,
              target: describe(text, selection.start, selection.end),
              color: colorForSection(sectionKey),
              field: { ...tagFromQuote(schema, field, quote), ...inInstance },
            },
            { label: `tag as ${field.label}` },
          );
        }
        releaseSelection(selection);
        selectAnnotation({ pane: selection.pane, id: created.id });
        setSideTab('extraction');
        return created;
      } catch (error) {
        notify({ kind: 'error', message: `The value was not saved. ${describeStorageError(error)}` });
        return null;
      }
    },
    [db, notify],
  );

  // Undo and redo act on the document of the active pane, never on the other pane's.
  const undo = useCallback(async () => {
    const { panes, activePane } = useAppStore.getState();
    try {
      await undoIn(db, scopeOf(panes[activePane]));
    } catch (error) {
      notify({ kind: 'error', message: `Undo failed. ${describeStorageError(error)}` });
    }
  }, [db, notify]);

  const redo = useCallback(async () => {
    const { panes, activePane } = useAppStore.getState();
    try {
      await redoIn(db, scopeOf(panes[activePane]));
    } catch (error) {
      notify({ kind: 'error', message: `Redo failed. ${describeStorageError(error)}` });
    }
  }, [db, notify]);

  return { highlightSelection, tagSelectionAsField, undo, redo };
}
