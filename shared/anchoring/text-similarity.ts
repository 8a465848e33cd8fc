// Edit-distance similarity for the short context strings (prefix, suffix) that decide between
// candidate places for a quote. Kept separate so its contract can be tested on its own.

/**
 * Levenshtein distance (insertions, deletions, substitutions, each costing 1) between two strings,
 * counted in UTF-16 code units like every offset in the anchoring module. Meant for short strings:
 * it is O(a.length × b.length) in time, which is fine for the 32-character contexts it compares.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Two rows of the dynamic-programming table are enough: each row only reads the one above.
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const deletion = (previous[j] as number) + 1;
      const insertion = (current[j - 1] as number) + 1;
      current[j] = Math.min(substitution, deletion, insertion);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
}

/**
 * How alike `actual` is to the `expected` string, from 0 (nothing in common) to 1 (equal), as
 * 1 − distance / longer length. An empty `expected` carries no information and scores 1.
 */
export function similarity(expected: string, actual: string): number {
  if (expected.length === 0) return 1;
  const longer = Math.max(expected.length, actual.length);
  return 1 - editDistance(expected, actual) / longer;
}
