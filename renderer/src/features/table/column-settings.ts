// Which evidence-table columns the reviewer has hidden, kept as a setting so the choice survives a
// restart and travels with a backup. Hidden (not shown) columns are stored, so a field added to the
// schema later appears without asking.
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useDatabase } from '../../db/context';
import type { MarginDatabase } from '../../db/database';

export const HIDDEN_COLUMNS_KEY = 'evidenceTable.hiddenColumns';

/** The stored value as a set of column keys; anything malformed counts as nothing hidden. */
export function readHiddenColumns(stored: unknown): Set<string> {
  return new Set(Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : []);
}

export async function saveHiddenColumns(db: MarginDatabase, hidden: Iterable<string>): Promise<void> {
  const value = [...new Set(hidden)].sort();
  await db.transaction('rw', db.settings, async () => {
    await db.settings.put({ key: HIDDEN_COLUMNS_KEY, value });
  });
}

/** The hidden column keys; undefined while the setting is being read. */
export function useHiddenColumns(): Set<string> | undefined {
  const db = useDatabase();
  const stored = useLiveQuery(async () => (await db.settings.get(HIDDEN_COLUMNS_KEY)) ?? null, [db]);
  return useMemo(() => (stored === undefined ? undefined : readHiddenColumns(stored?.value)), [stored]);
}
