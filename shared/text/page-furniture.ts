// What a printed page repeats around its text: page numbers and the journal's citation line. The
// PDF import sets such lines apart, and the reader's segmenter folds them, by the same patterns.

const PAGE_NUMBER = [
  /^(?:page|p\.?|pg\.?|seite|pagina)\s*\d{1,4}(?:\s*(?:of|\/|von|de)\s*\d{1,4})?$/i,
  /^\d{1,4}$/,
  /^[-–—]\s*\d{1,4}\s*[-–—]$/,
  /^\d{1,4}\s*(?:of|\/)\s*\d{1,4}$/,
];

/** "Page 3 of 12" anywhere in a line. */
export const PAGE_PHRASE = /\bpage\s+\d{1,4}\s+of\s+\d{1,4}\b/i;

/** A journal's citation line: "2025;3(4):201–208", "2024, 76: 1560-1565", "Vol. 12, No. 3". */
export const JOURNAL_CITATION =
  /\b(?:19|20)\d{2}\s*[;,]\s*\d{1,4}\s*(?:\(\s*[\d–-]+\s*\))?\s*[:,]\s*[a-z]?\d{1,6}(?:\s*[-–]\s*[a-z]?\d{1,6})?|\bvol(?:ume)?\.?\s*\d{1,4}\s*[,;]?\s*(?:no|issue)\.?\s*\d{1,4}/i;

/** The whole line is a page number: "12", "Page 3", "Page 3 of 12", "– 4 –", "3/12". */
export function isPageNumber(text: string): boolean {
  const trimmed = text.trim();
  return PAGE_NUMBER.some((pattern) => pattern.test(trimmed));
}

/** A line's shape with its numbers blanked, so "Page 1 of 9" and "Page 2 of 9" are the same running line. */
export function runningSignature(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}
