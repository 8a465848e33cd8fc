// Keyboard shortcuts of the annotate gesture: 1–8 highlight the selected text in a colour, N adds a
// note, T adds tags, F opens the field picker; Ctrl+Z undoes, Ctrl+Shift+Z or Ctrl+Y redoes. Typing in a field is left alone.
import { useEffect } from 'react';
import { useAppStore } from '../../store/app-store';
import { colorForKey } from './color-names';
import { useAnnotateCommands } from '../../document/use-annotate-commands';

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

export function useAnnotateShortcuts(): void {
  const { highlightSelection, undo, redo } = useAnnotateCommands();
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
      if (!useAppStore.getState().selection) return;
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
  }, [highlightSelection, redo, undo]);
}
