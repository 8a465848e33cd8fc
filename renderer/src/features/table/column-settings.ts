// Which evidence-table columns the reviewer has hidden, kept as a setting so the choice survives a
// restart and travels with a backup. Hidden (not shown) columns are stored, so a field added to the
// schema later appears without asking.
// (The live read, useHiddenColumns, is in db/settings.ts.)
import type { MarginDatabase } from '../../db/database';
import { HIDDEN_COLUMNS_KEY } from '../../db/settings';

export async function saveHiddenColumns(db: MarginDatabase, hidden: Iterable<string>): Promise<void> {
  const value = [...new Set(hidden)].sort();
  await db.transaction('rw', db.settings, async () => {
    await db.settings.put({ key: HIDDEN_COLUMNS_KEY, value });
  });
}
