// Keyboard shortcuts of the annotate gesture: 1–8 highlight the selected text in a colour, N adds a
// note, T adds tags, F opens the field picker; Shift+N with nothing selected adds a note on the whole
// document; Ctrl+Z undoes, Ctrl+Shift+Z or Ctrl+Y redoes. Typing in a field is left alone.
import { useEffect } from 'react';
import { useAppStore } from '../../store/app-store';
import { colorForKey } from '../../document/color-names';
import { useAnnotateCommands } from '../../document/use-annotate-commands';
import { useNotices } from '../../components/notices';

/** Said when an annotate key is pressed over text selected in a document's header, where nothing can be tagged. */
export const HEADER_SELECTION_HINT =
  'The title and details above the article cannot be highlighted or tagged: select the words in the article text. To correct the details, use Edit details.';

/** Whether the page's selection is text in a document's header (title, authors, identifiers), outside the article. */
function selectionInDocumentHeader(): boolean {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return false;
  const node = selection.getRangeAt(0).commonAncestorContainer;
  const element = node instanceof Element ? node : node.parentElement;
  return Boolean(element?.closest('.document-header'));
}

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

export function useAnnotateShortcuts(): void {
  const { highlightSelection, undo, redo } = useAnnotateCommands();
  const notify = useNotices((s) => s.push);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && !event.altKey && key === 'z') {
        event.preventDefault();
        void (event.shiftKey ? redo() : undo());
        return;
      }
      if (mod && !event.altKey && key === 'y') {
        event.preventDefault();
        void redo();
        return;
      }
      if (mod || event.altKey) return;
      // The browser reports a changed selection in a task of its own: a key pressed right after
      // Shift+→ (the reading cursor) could act on the selection before it. Bring the stored one up
      // to date with the page's first, so the key acts on exactly what is selected now.
      document.dispatchEvent(new Event('selectionchange'));
      const state = useAppStore.getState();
      if (!state.selection && event.shiftKey && key === 'n' && !selectionInDocumentHeader()) {
        const documentId = state.panes[state.activePane];
        if (documentId) {
          event.preventDefault();
          state.requestDocumentNote(documentId);
        }
        return;
      }
      if (!state.selection) {
        // Not silent: the reviewer selected the title (say) and pressed F; tell them why nothing is tagged.
        if ((colorForKey(event.key) || key === 'f' || key === 'n' || key === 't') && selectionInDocumentHeader()) {
          event.preventDefault();
          notify({ kind: 'info', message: HEADER_SELECTION_HINT });
        }
        return;
      }
      const color = colorForKey(event.key);
      if (color) {
        event.preventDefault();
        void highlightSelection(color);
      } else if (key === 'f') {
        event.preventDefault();
        useAppStore.getState().openFieldPicker();
      } else if (key === 'n' || key === 't') {
        event.preventDefault();
        void highlightSelection(null, key === 'n' ? 'note' : 'tags');
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [highlightSelection, notify, redo, undo]);
}
