// Settings repository: the reviewer's preferences and identity, each one record keyed by name.
// Every write goes through the change funnel, so a renamed colour can be undone and is audited.
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { DEFAULT_COLOR_MEANINGS, HIGHLIGHT_COLORS } from '@shared/model';
import type { HighlightColor, Reviewer, Setting } from '@shared/model';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
// The library's first screen reads settings: writes fetch the funnel when they happen.
import { DEFAULT_REVIEWER, REVIEWER_KEY, reviewerOf } from './identity';
import { runChangeLater as runChange } from './write-later';

export const COLOR_MEANINGS_KEY = 'colorMeanings';
export const HIDDEN_COLUMNS_KEY = 'evidenceTable.hiddenColumns';

/** Stored meanings merged over the defaults, so a colour always has a name. */
export function mergeColorMeanings(stored: unknown): Record<HighlightColor, string> {
  const merged = { ...DEFAULT_COLOR_MEANINGS };
  if (stored && typeof stored === 'object') {
    for (const color of HIGHLIGHT_COLORS) {
      const value = Object.hasOwn(stored, color) ? (stored as Record<string, unknown>)[color] : undefined;
      if (typeof value === 'string' && value.trim()) merged[color] = value.trim().slice(0, 60);
    }
  }
  return merged;
}

export async function renameColor(db: MarginDatabase, color: HighlightColor, meaning: string, options: { now?: string } = {}): Promise<void> {
  await runChange(db, { action: 'settings.colour', label: 'colour meaning', documentId: null, now: options.now }, async (writer) => {
    const current = mergeColorMeanings((await writer.get<Setting>('settings', COLOR_MEANINGS_KEY))?.value);
    current[color] = meaning.trim() || DEFAULT_COLOR_MEANINGS[color];
    await writer.put<Setting>('settings', { key: COLOR_MEANINGS_KEY, value: current });
  });
}

export function useColorMeanings(): Record<HighlightColor, string> {
  const db = useDatabase();
  const stored = useLiveQuery(() => db.settings.get(COLOR_MEANINGS_KEY), [db]);
  return useMemo(() => mergeColorMeanings(stored?.value), [stored]);
}

/** The stored value as a set of column keys; anything malformed counts as nothing hidden. */
export function readHiddenColumns(stored: unknown): Set<string> {
  return new Set(Array.isArray(stored) ? stored.filter((key): key is string => typeof key === 'string') : []);
}

/**
 * Which evidence-table columns are hidden, kept as a setting so the choice survives a restart and
 * travels with a backup. Hidden (not shown) columns are stored, so a field added later appears.
 */
export async function saveHiddenColumns(db: MarginDatabase, hidden: Iterable<string>): Promise<void> {
  const value = [...new Set(hidden)].sort();
  await runChange(db, { action: 'settings.columns', label: 'table columns', documentId: null }, async (writer) => {
    await writer.put<Setting>('settings', { key: HIDDEN_COLUMNS_KEY, value });
  });
}

/** The hidden column keys; undefined while the setting is being read. */
export function useHiddenColumns(): Set<string> | undefined {
  const db = useDatabase();
  const stored = useLiveQuery(async () => (await db.settings.get(HIDDEN_COLUMNS_KEY)) ?? null, [db]);
  return useMemo(() => (stored === undefined ? undefined : readHiddenColumns(stored?.value)), [stored]);
}

/** Initials from a name: "Ana María Ruiz" → "AMR"; at most four letters. */
export function initialsOf(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((part) => [...part][0]!.toUpperCase())
    .join('')
    .slice(0, 4);
}

export type ReviewerInput = { name: string; initials: string };
export type ReviewerCheck = { ok: true; reviewer: ReviewerInput } | { ok: false; message: string };

/** Tidies a name and initials as typed; a blank name is "Reviewer 1". */
export function checkReviewer(input: ReviewerInput): ReviewerCheck {
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length > 120) return { ok: false, message: 'A name of at most 120 characters, please.' };
  const initials = input.initials.trim().replace(/\s+/g, '');
  if (initials.length > 6) return { ok: false, message: 'Initials of at most 6 characters, please.' };
  if (!name) return { ok: true, reviewer: DEFAULT_REVIEWER };
  return { ok: true, reviewer: { name, initials: initials || initialsOf(name) } };
}

/**
 * Names the reviewer at this device. The id is made once and kept through every rename, so what
 * they did before a rename stays theirs.
 */
export async function saveReviewer(db: MarginDatabase, input: ReviewerInput, options: { now?: string } = {}): Promise<Reviewer> {
  const checked = checkReviewer(input);
  if (!checked.ok) throw new Error(checked.message);
  return runChange(db, { action: 'identity.reviewer', label: 'reviewer name', documentId: null, now: options.now }, async (writer) => {
    // The funnel has made the reviewer record if there was none; keep its id.
    const current = reviewerOf(await writer.get<Setting>('settings', REVIEWER_KEY))!;
    const reviewer: Reviewer = { ...current, ...checked.reviewer, chosen: true };
    await writer.put<Setting>('settings', { key: REVIEWER_KEY, value: reviewer });
    return reviewer;
  });
}

export async function getReviewer(db: MarginDatabase): Promise<Reviewer | null> {
  return reviewerOf(await db.settings.get(REVIEWER_KEY));
}

/** The reviewer at this device; null before anyone was named, undefined while reading. */
export function useReviewer(): Reviewer | null | undefined {
  const db = useDatabase();
  const stored = useLiveQuery(async () => (await db.settings.get(REVIEWER_KEY)) ?? null, [db]);
  return useMemo(() => (stored === undefined ? undefined : reviewerOf(stored ?? undefined)), [stored]);
}
