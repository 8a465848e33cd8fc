// The reviewers the database knows, by their stable id: the one at this device, the ones files
// brought in (an imported export names who confirmed what), and creators of stored annotations.
// Exports and screens name every review decision through this one directory.
import { useLiveQuery } from 'dexie-react-hooks';
import type { ReviewerNames } from '@shared/evidence';
import type { Annotation, Setting } from '@shared/model';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { REVIEWER_KEY, reviewerOf } from './funnel';
import type { ChangeWriter } from './funnel';

/** Reviewers met in imported files, as [id, name] pairs: ids come from files, so never object keys. */
export const KNOWN_REVIEWERS_KEY = 'reviewers.known';

function storedPairs(setting: Setting | undefined): [string, string][] {
  const value = setting?.value;
  if (!Array.isArray(value)) return [];
  return value.filter((pair): pair is [string, string] => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string');
}

/**
 * The directory from what is stored. Later sources win: the name a team review gives a member
 * (so a colleague whose values blinding still hides is named, not "unknown"), a creator's name as
 * it was when the annotation was made, then names files gave, then this device's reviewer as now named.
 */
export function reviewerNames(
  known: Setting | undefined,
  current: Setting | undefined,
  annotations: Iterable<Pick<Annotation, 'creatorId' | 'creator'>> = [],
  members: Iterable<{ reviewerId: string; name: string }> = [],
): ReviewerNames {
  const names = new Map<string, string>();
  for (const m of members) if (m.name.trim()) names.set(m.reviewerId, m.name.trim());
  for (const a of annotations) if (a.creatorId && a.creator) names.set(a.creatorId, a.creator);
  for (const [id, name] of storedPairs(known)) names.set(id, name);
  const me = reviewerOf(current);
  if (me) names.set(me.id, me.name);
  return names;
}

export async function readReviewerNames(db: MarginDatabase, annotations: Iterable<Pick<Annotation, 'creatorId' | 'creator'>> = []): Promise<ReviewerNames> {
  const [known, current] = await db.settings.bulkGet([KNOWN_REVIEWERS_KEY, REVIEWER_KEY]);
  return reviewerNames(known, current, annotations);
}

/** Part of an action that brings records in: remembers the reviewers they name (a name a file gives updates the stored one). */
export async function rememberReviewers(writer: ChangeWriter, people: ReadonlyMap<string, string>): Promise<void> {
  if (people.size === 0) return;
  // The reviewer at this device is named by their own setting; a file cannot rename them.
  const me = reviewerOf(await writer.get<Setting>('settings', REVIEWER_KEY));
  const stored = storedPairs(await writer.get<Setting>('settings', KNOWN_REVIEWERS_KEY));
  const merged = new Map(stored);
  for (const [id, name] of people) if (name.trim() && id !== me?.id) merged.set(id, name.trim().slice(0, 120));
  if (merged.size === stored.length && stored.every(([id, name]) => merged.get(id) === name)) return;
  const value = [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  await writer.put<Setting>('settings', { key: KNOWN_REVIEWERS_KEY, value });
}

/** The directory, live (creators of stored annotations are left to the reads that have them). */
export function useReviewerNames(): ReviewerNames | undefined {
  const db = useDatabase();
  return useLiveQuery(() => readReviewerNames(db), [db]);
}
