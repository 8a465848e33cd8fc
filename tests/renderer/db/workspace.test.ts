// The workspace setting: stored through the funnel (audited) but never on an undo stack, and read
// back field by field so a malformed record gives the empty desk rather than a broken one.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentId } from '@shared/model';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { LIBRARY_SCOPE, stacksOf, useHistory } from '../../../renderer/src/db/history';
import { loadWorkspace, readWorkspace, saveWorkspace } from '../../../renderer/src/db/workspace';
import { freshDatabase } from '../../helpers/db';

let db: MarginDatabase;
beforeEach(() => {
  useHistory.getState().clear();
  db = freshDatabase();
});

const A = 'a'.repeat(64) as DocumentId;
const B = 'b'.repeat(64) as DocumentId;

describe('workspace setting', () => {
  it('comes back as saved, is audited, and puts nothing on the undo stack', async () => {
    await saveWorkspace(db, { panes: [A, B], secondPaneOpen: true, activePane: 1, view: 'table', positions: [[A, 1412], [B, 0]] });
    expect(await loadWorkspace(db)).toEqual({ panes: [A, B], secondPaneOpen: true, activePane: 1, view: 'table', positions: [[A, 1412], [B, 0]] });
    expect(stacksOf(LIBRARY_SCOPE).undo).toHaveLength(0);
    expect((await db.audit.toArray()).some((e) => e.action === 'settings.workspace')).toBe(true);
  });

  it('reads a malformed record as the empty desk, keeping what is well formed', () => {
    expect(readWorkspace('nonsense')).toEqual({ panes: [null, null], secondPaneOpen: false, activePane: 0, view: 'desk', positions: [] });
    expect(readWorkspace({ panes: [A, 7], view: 'grid', activePane: 3, positions: [[A, -1], [B, 12], ['', 3], [A, 1.5]], __proto__: { view: 'table' } })).toEqual({
      panes: [A, null],
      secondPaneOpen: false,
      activePane: 0,
      view: 'desk',
      positions: [[B, 12]],
    });
  });
});
