// Who sees whose marks at this device: reads the blinding context and filters annotations (or the
// library's per-reviewer counts of them) by it.
// Apart from reviews.ts so the library's first read needs none of the review writes.
import { visibleAnnotations } from '@shared/review/blinding';
import type { BlindingContext, WorkOf } from '@shared/review/blinding';
import type { MarginDatabase } from './database';
import { REVIEWER_KEY, reviewerOf } from './identity';

/** Who sees whose marks at this device now: its reviewer, every review and all progress. */
export async function readBlindingContext(db: MarginDatabase): Promise<BlindingContext> {
  const [reviews, progress, reviewer] = await Promise.all([db.reviews.toArray(), db.progress.toArray(), db.settings.get(REVIEWER_KEY)]);
  return { viewer: reviewerOf(reviewer)?.id ?? null, reviews, progress };
}

/** `annotations` as the reviewer at this device may see them (see shared/review/blinding). */
export async function visibleToViewer<T extends WorkOf>(db: MarginDatabase, annotations: readonly T[]): Promise<T[]> {
  return [...visibleAnnotations(await readBlindingContext(db), annotations)];
}
