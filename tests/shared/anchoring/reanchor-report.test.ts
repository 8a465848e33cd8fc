// @vitest-environment node
// reanchorReport counts what the benchmark reports; checked on a corpus document edited in ways
// whose outcome for each annotated range is known in advance.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reanchorReport } from '@shared/anchoring';

const published = readFileSync(resolve(import.meta.dirname, '../../../resources/documents/001_6102b45430287510.txt'), 'utf8');

/** The range of the single occurrence of `quote` in `text`. */
function rangeOf(text: string, quote: string): { start: number; end: number } {
  const start = text.indexOf(quote);
  if (start === -1 || text.indexOf(quote, start + 1) !== -1) throw new Error(`"${quote}" must occur once`);
  return { start, end: start + quote.length };
}

describe('reanchorReport', () => {
  it('sorts each outcome into its own count', () => {
    // Annotated on a copy with a spelling variant; re-anchored on a revision that restores the
    // spelling, deletes a sentence and inserts a note.
    const oldText = published.replace('transient anemia (grade 2)', 'transient anaemia (grade 2)');
    const deleted = 'Neither infection nor neurotoxicity were observed.';
    const revised = published.replace(deleted, '').replace('Conclusion:', '[Note: see table 2.]\nConclusion:');
    const ranges = [
      rangeOf(oldText, 'The aim of this study is to report the safety and efficacy'), // before every edit
      rangeOf(oldText, 'achieved sustained B cell depletion'), // after them: shifted
      rangeOf(oldText, deleted), // gone
      rangeOf(oldText, 'transient anaemia (grade 2)'), // spelling changed
    ];
    expect(reanchorReport(oldText, revised, ranges)).toEqual({ exact: 1, moved: 1, fuzzy: 1, orphaned: 1 });
  });

  it('counts every range exactly once, and all as exact when nothing changed', () => {
    const ranges = Array.from({ length: 50 }, (_, i) => ({ start: i * 60, end: i * 60 + 25 }));
    expect(reanchorReport(published, published, ranges)).toEqual({ exact: 50, moved: 0, fuzzy: 0, orphaned: 0 });
  });
});
