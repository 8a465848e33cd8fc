// A document's extraction completeness as a small meter with its percent, the same in the card and
// the compact row: one role, name and value text for screen readers, the bar and number for the eye.
import type { DocumentCompleteness } from '@shared/evidence/completeness';

export function CompletenessMeter({ completeness }: { completeness: DocumentCompleteness }) {
  return (
    <span
      className="library-progress"
      role="meter"
      aria-label="Extraction completeness"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={completeness.percent}
      aria-valuetext={completeness.label}
      title={completeness.label}
    >
      <span className="mini-meter" aria-hidden="true">
        <span className="mini-meter-fill" style={{ width: `${completeness.percent}%` }} />
      </span>
      <span aria-hidden="true">{completeness.percent}%</span>
    </span>
  );
}
