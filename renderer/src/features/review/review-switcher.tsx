// The desk says which team review is active and lets the reviewer switch (or work solo): one
// labelled select in the app bar, stored as the device's `activeReview` setting.
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { setActiveReview, useReviewDesk } from '../../db/reviews';
import type { ReviewId } from '@shared/review/model';

export function ReviewSwitcher() {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const desk = useReviewDesk();
  if (!desk || desk.reviews.length === 0) return null;
  return (
    <label className="review-switch">
      <span className="review-switch-label visually-hidden">Review</span>
      <select
        aria-label="Active review"
        value={desk.active?.id ?? ''}
        onChange={(e) => {
          setActiveReview(db, (e.target.value || null) as ReviewId | null).catch((error: unknown) => notify({ kind: 'error', message: describeStorageError(error) }));
        }}
      >
        <option value="">Solo work</option>
        {desk.reviews.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
    </label>
  );
}
