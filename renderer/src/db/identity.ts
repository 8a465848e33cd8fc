// Who is writing at this device, as stored in settings: kept apart from the change funnel so the
// first screen (blinding in the library, the reviewer badge) can read it without loading the write path.
import type { Actor, Reviewer, ReviewerId, Setting } from '@shared/model';

export const SYSTEM_ACTOR: Actor = { id: 'margin', name: 'Margin' };
export const REVIEWER_KEY = 'reviewer';
export const DEVICE_KEY = 'device';
export const DEFAULT_REVIEWER: Pick<Reviewer, 'name' | 'initials'> = { name: 'Reviewer 1', initials: 'R1' };

/** The reviewer at this device as stored, or null before anyone was named. */
export function reviewerOf(setting: Setting | undefined): Reviewer | null {
  const value = setting?.value as Partial<Reviewer> | undefined;
  if (!value || typeof value.id !== 'string' || typeof value.name !== 'string') return null;
  return {
    id: value.id as ReviewerId,
    name: value.name,
    initials: typeof value.initials === 'string' ? value.initials : '',
    createdAt: typeof value.createdAt === 'string' ? value.createdAt : '',
    chosen: value.chosen === true,
  };
}
