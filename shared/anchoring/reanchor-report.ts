// Counts what happens to a set of annotated ranges when their text is edited: the measure the
// re-anchoring benchmark reports (kept here so the benchmark and the tests count the same way).
import { anchor, isOrphan } from './anchor';
import { describe } from './describe';

export interface ReanchorReport {
  /** Still at their stored position ('position'). */
  exact: number;
  /** Exact quote found elsewhere ('quote'). */
  moved: number;
  /** Found through an approximate match ('fuzzy'). */
  fuzzy: number;
  orphaned: number;
}

/**
 * Describes each range in `text` (as `describe` would when the annotation was made), anchors it in
 * `newText`, and counts the outcomes. Ranges must be valid in `text` (describe throws otherwise).
 */
export function reanchorReport(
  text: string,
  newText: string,
  ranges: readonly { start: number; end: number }[],
): ReanchorReport {
  const report: ReanchorReport = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  for (const range of ranges) {
    const found = anchor(newText, describe(text, range.start, range.end));
    if (isOrphan(found)) report.orphaned++;
    else if (found.method === 'position') report.exact++;
    else if (found.method === 'quote') report.moved++;
    else report.fuzzy++;
  }
  return report;
}
