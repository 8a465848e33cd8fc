// The workspace setting: which documents are open where, the view, and reading positions, kept
// across starts (document/use-workspace.ts). Apart from settings.ts because the desk reads it at
// start: the rest of the settings (colours, the reviewer, hidden columns) belongs to later parts.
import type { DocumentId, Setting } from '@shared/model';
import type { MarginDatabase } from './database';
import { runChangeLater as runChange } from './write-later';

export const WORKSPACE_KEY = 'workspace';

/** The desk as the reviewer left it: which documents are open where, the view, and where each document was being read. */
export interface Workspace {
  panes: [DocumentId | null, DocumentId | null];
  secondPaneOpen: boolean;
  activePane: 0 | 1;
  view: 'desk' | 'table';
  /** Reading positions as [document, text offset of the first block in view], most recent last. */
  positions: [DocumentId, number][];
}

/** At most this many documents keep a reading position (the oldest are forgotten). */
export const MAX_READING_POSITIONS = 200;

const isDocumentId = (value: unknown): value is DocumentId => typeof value === 'string' && value.length > 0 && value.length <= 128;

/** A stored workspace checked field by field; anything malformed falls back to the empty desk. */
export function readWorkspace(stored: unknown): Workspace {
  const value = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const get = (key: string) => (Object.hasOwn(value, key) ? value[key] : undefined);
  const panes = Array.isArray(get('panes')) ? (get('panes') as unknown[]) : [];
  const positions = Array.isArray(get('positions')) ? (get('positions') as unknown[]) : [];
  return {
    panes: [isDocumentId(panes[0]) ? panes[0] : null, isDocumentId(panes[1]) ? panes[1] : null],
    secondPaneOpen: get('secondPaneOpen') === true,
    activePane: get('activePane') === 1 ? 1 : 0,
    view: get('view') === 'table' ? 'table' : 'desk',
    positions: positions
      .filter((p): p is [DocumentId, number] => Array.isArray(p) && isDocumentId(p[0]) && Number.isSafeInteger(p[1]) && (p[1] as number) >= 0)
      .slice(-MAX_READING_POSITIONS),
  };
}

/**
 * Saves the workspace. It goes through the funnel like every persistent write, so it is audited
 * and travels with a backup, but it is UI state, not review work: it is never put on an undo stack
 * (Ctrl+Z must undo the reviewer's last highlight, not a scroll), and the caller saves it only
 * when something settles (a document opened, scrolling stopped), so the log stays small.
 */
export async function saveWorkspace(db: MarginDatabase, workspace: Workspace): Promise<void> {
  const value = readWorkspace(workspace);
  await runChange(db, { action: 'settings.workspace', label: 'workspace', documentId: null, undo: { refused: 'Where documents are open and read is not undone.' } }, async (writer) => {
    await writer.put<Setting>('settings', { key: WORKSPACE_KEY, value });
  });
}

export async function loadWorkspace(db: MarginDatabase): Promise<Workspace | null> {
  const stored = await db.settings.get(WORKSPACE_KEY);
  return stored ? readWorkspace(stored.value) : null;
}
