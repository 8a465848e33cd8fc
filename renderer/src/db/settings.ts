// Settings repository: the reviewer's preferences, each one record keyed by name.
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { DEFAULT_COLOR_MEANINGS, HIGHLIGHT_COLORS } from '@shared/model';
import type { HighlightColor } from '@shared/model';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';

export const COLOR_MEANINGS_KEY = 'colorMeanings';
export const REVIEWER_NAME_KEY = 'reviewerName';
export const DEFAULT_REVIEWER_NAME = 'Reviewer';
/** The evidence-table columns the reviewer has hidden (hidden, not shown, so a new field appears without asking). */
export const HIDDEN_COLUMNS_KEY = 'evidenceTable.hiddenColumns';

/** Stored meanings merged over the defaults, so a colour always has a name. */
export function mergeColorMeanings(stored: unknown): Record<HighlightColor, string> {
  const merged = { ...DEFAULT_COLOR_MEANINGS };
  if (stored && typeof stored === 'object') {
    for (const color of HIGHLIGHT_COLORS) {
      const value = (stored as Record<string, unknown>)[color];
      if (typeof value === 'string' && value.trim()) merged[color] = value.trim().slice(0, 60);
    }
  }
  return merged;
}

export async function renameColor(db: MarginDatabase, color: HighlightColor, meaning: string): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const current = mergeColorMeanings((await db.settings.get(COLOR_MEANINGS_KEY))?.value);
    current[color] = meaning.trim() || DEFAULT_COLOR_MEANINGS[color];
    await db.settings.put({ key: COLOR_MEANINGS_KEY, value: current });
  });
}

export function useColorMeanings(): Record<HighlightColor, string> {
  const db = useDatabase();
  const stored = useLiveQuery(() => db.settings.get(COLOR_MEANINGS_KEY), [db]);
  return mergeColorMeanings(stored?.value);
}

export function useReviewerName(): string {
  const db = useDatabase();
  const stored = useLiveQuery(() => db.settings.get(REVIEWER_NAME_KEY), [db]);
  return typeof stored?.value === 'string' && stored.value.trim() ? stored.value : DEFAULT_REVIEWER_NAME;
}

/** The stored hidden columns as a set of column keys; anything malformed counts as nothing hidden. */
export function readHiddenColumns(stored: unknown): Set<string> {
  return new Set(Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : []);
}

/** The hidden evidence-table column keys; undefined while the setting is being read. */
export function useHiddenColumns(): Set<string> | undefined {
  const db = useDatabase();
  const stored = useLiveQuery(async () => (await db.settings.get(HIDDEN_COLUMNS_KEY)) ?? null, [db]);
  return useMemo(() => (stored === undefined ? undefined : readHiddenColumns(stored?.value)), [stored]);
}
