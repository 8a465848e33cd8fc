// Keeps the workspace across reloads: puts back the stored panes, side by side, view and reading
// positions at start, then saves them (through the settings repository) once changes settle.
import { useEffect } from 'react';
import { useDatabase } from '../db/context';
import { loadWorkspace, MAX_READING_POSITIONS, saveWorkspace } from '../db/workspace';
import type { Workspace } from '../db/workspace';
import { useAppStore } from '../store/app-store';
import type { AppState } from '../store/app-store';

/** How long the desk must be still before it is saved: one write per pause, not per scroll frame. */
const SAVE_AFTER_MS = 800;

function workspaceOf(s: AppState): Workspace {
  return {
    panes: s.panes,
    secondPaneOpen: s.secondPaneOpen,
    activePane: s.activePane,
    view: s.view,
    positions: [...s.readingPositions].slice(-MAX_READING_POSITIONS),
  };
}

export function useWorkspace(): void {
  const db = useDatabase();
  useEffect(() => {
    let cancelled = false;
    void loadWorkspace(db)
      .catch(() => null)
      .then((workspace) => {
        if (cancelled) return;
        // Something opened before the stored workspace was read (a test, a fast click) wins.
        const { panes, restoreWorkspace } = useAppStore.getState();
        restoreWorkspace(panes[0] === null && panes[1] === null ? workspace : null);
      });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = useAppStore.subscribe((state, before) => {
      if (!state.workspaceRestored) return;
      const changed =
        state.panes !== before.panes ||
        state.secondPaneOpen !== before.secondPaneOpen ||
        state.activePane !== before.activePane ||
        state.view !== before.view ||
        state.readingPositions !== before.readingPositions;
      if (!changed) return;
      clearTimeout(timer);
      timer = setTimeout(() => void saveWorkspace(db, workspaceOf(useAppStore.getState())).catch(() => undefined), SAVE_AFTER_MS);
    });
    return () => {
      cancelled = true;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [db]);
}
