// Edit-distance similarity for the short context strings (prefix, suffix) that decide between
// candidate places for a quote. Kept separate so its contract can be tested on its own.

/**
 * Levenshtein distance (insertions, deletions, substitutions, each costing 1) between two strings,
 * counted in UTF-16 code units like every offset in the anchoring module. Meant for short strings:
 * when one of them fits a 32-bit word (the 32-unit contexts it compares) it runs Myers' bit-parallel
 * algorithm, one pass over the other string; otherwise the O(a × b) dynamic programme.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  if (a.length <= 32) return bitParallelDistance(a, b);
  if (b.length <= 32) return bitParallelDistance(b, a);
  return tableDistance(a, b);
}

/**
 * Bit masks of where each ASCII unit occurs in the pattern, filled and cleared again within one
 * bitParallelDistance call (never shared between calls), so scoring a candidate allocates nothing.
 */
const asciiMasks = new Int32Array(128);

/**
 * Myers' (1999) bit-vector edit distance, in Hyyrö's formulation for whole strings: the pattern's
 * column of the distance table is kept as vertical +1/−1 deltas in two words, and each unit of the
 * text advances it in a constant number of word operations. `pattern` is 1–32 units.
 */
function bitParallelDistance(pattern: string, text: string): number {
  const m = pattern.length;
  let others: Map<number, number> | null = null;
  for (let i = 0; i < m; i++) {
    const unit = pattern.charCodeAt(i);
    if (unit < 128) asciiMasks[unit] = (asciiMasks[unit] as number) | (1 << i);
    else {
      others ??= new Map();
      others.set(unit, (others.get(unit) ?? 0) | (1 << i));
    }
  }
  const last = 1 << (m - 1);
  let positive = m === 32 ? -1 : (1 << m) - 1;
  let negative = 0;
  let score = m;
  for (let j = 0; j < text.length; j++) {
    const unit = text.charCodeAt(j);
    const equal = unit < 128 ? (asciiMasks[unit] as number) : (others?.get(unit) ?? 0);
    const xv = equal | negative;
    const xh = ((((equal & positive) + positive) | 0) ^ positive) | equal;
    let horizontalPositive = negative | ~(xh | positive);
    let horizontalNegative = positive & xh;
    if (horizontalPositive & last) score++;
    else if (horizontalNegative & last) score--;
    // The top row of the table is 0, 1, 2, …: every column starts with a +1.
    horizontalPositive = (horizontalPositive << 1) | 1;
    horizontalNegative <<= 1;
    positive = horizontalNegative | ~(xv | horizontalPositive);
    negative = horizontalPositive & xv;
  }
  for (let i = 0; i < m; i++) {
    const unit = pattern.charCodeAt(i);
    if (unit < 128) asciiMasks[unit] = 0;
  }
  return score;
}

/** The textbook dynamic programme, two rows at a time (each row only reads the one above). */
function tableDistance(a: string, b: string): number {
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

/**
 * Edit distances between `pattern` and every prefix of `text`: entry k is the distance to the first
 * k code units (entry 0 is the pattern's length). Myers' bit-vector algorithm over ⌈m / 32⌉ words
 * per text unit, each word handing its bottom row's change to the next, instead of the m-row table:
 * the boundary refinement of approximate matches calls this for every start it tries.
 */
export function distancesToPrefixes(pattern: string, text: string): Uint32Array {
  return prefixDistancesOf(pattern)(text);
}

/**
 * distancesToPrefixes with the pattern's bit masks built once, for calling on several texts (the
 * refinement tries up to nine starts for one quote). With `anyStart`, entry k is instead the
 * smallest distance between the pattern and any substring of the text ending at k (the top row of
 * the table is all zeros): the search form.
 */
export function prefixDistancesOf(pattern: string, anyStart = false): (text: string) => Uint32Array {
  const compiled = prefixDistancesIn(pattern, anyStart, false);
  return (text: string) => compiled(text, 0, text.length);
}

/**
 * prefixDistancesOf over text[from, to) without slicing it, forwards, or with `backwards` read from
 * its end: entry k is then the distance between the pattern and text[to − k, to) (both read
 * right to left, which gives the same distance), what a search for a match's start needs. Reading
 * in place replaces building reversed copies of the pattern and the text one unit at a time, which
 * cost more than the distances themselves for the few hundred edited quotes of a re-anchoring.
 */
export function prefixDistancesIn(pattern: string, anyStart: boolean, backwards: boolean): (text: string, from: number, to: number) => Uint32Array {
  const m = pattern.length;
  const words = Math.max(1, Math.ceil(m / 32));
  // Masks of ASCII units in one flat table (most text), others in a Map. Backwards, bit i stands
  // for the pattern's i-th unit from the end.
  const ascii = new Int32Array(128 * words);
  const others = new Map<number, Int32Array>();
  for (let i = 0; i < m; i++) {
    const unit = pattern.charCodeAt(backwards ? m - 1 - i : i);
    const bit = 1 << (i & 31);
    if (unit < 128) ascii[unit * words + (i >> 5)] = (ascii[unit * words + (i >> 5)] as number) | bit;
    else {
      let mask = others.get(unit);
      if (!mask) {
        mask = new Int32Array(words);
        others.set(unit, mask);
      }
      mask[i >> 5] = (mask[i >> 5] as number) | bit;
    }
  }
  const lastBit = 1 << ((m - 1) & 31);
  const step = backwards ? -1 : 1;
  if (words === 1 && m > 0) return (text, from, to) => oneWordDistances(ascii, others, m, lastBit, anyStart, text, backwards ? to - 1 : from, step, to - from);
  return (text: string, from: number, to: number) => {
    const length = to - from;
    const result = new Uint32Array(length + 1);
    result[0] = m;
    if (m === 0) {
      for (let j = 1; j <= length; j++) result[j] = j;
      return result;
    }
    const positive = new Int32Array(words).fill(-1);
    const negative = new Int32Array(words);
    const none = new Int32Array(words);
    const lastWord = words - 1;
    // The top row is 0, 1, 2, … (whole strings: the first word receives a +1 from above every
    // column) or all zeros (a match may start anywhere).
    const topCarry = anyStart ? 0 : 1;
    let score = m;
    let at = backwards ? to - 1 : from;
    for (let j = 0; j < length; j++, at += step) {
      const unit = text.charCodeAt(at);
      // The unit's masks, found once per unit rather than once per word.
      const masks = unit < 128 ? ascii : (others.get(unit) ?? none);
      const base = unit < 128 ? unit * words : 0;
      // The change of the bottom row handed from word to word, as two bits (+1 and −1).
      let carryUp = topCarry;
      let carryDown = 0;
      for (let w = 0; w <= lastWord; w++) {
        const pv = positive[w] as number;
        const mv = negative[w] as number;
        const equal = (masks[base + w] as number) | carryDown;
        const xv = equal | mv;
        const xh = ((((equal & pv) + pv) | 0) ^ pv) | equal;
        let ph = mv | ~(xh | pv);
        let mh = pv & xh;
        const bottom = w === lastWord ? lastBit : 1 << 31;
        const outUp = (ph & bottom) !== 0 ? 1 : 0;
        const outDown = (mh & bottom) !== 0 ? 1 : 0;
        ph = (ph << 1) | carryUp;
        mh = (mh << 1) | carryDown;
        positive[w] = mh | ~(xv | ph);
        negative[w] = ph & xv;
        carryUp = outUp;
        carryDown = outDown;
      }
      score += carryUp - carryDown;
      result[j + 1] = score;
    }
    return result;
  };
}

/**
 * prefixDistancesIn(pattern, false, backwards)(text, from, to), computed only past the units that
 * text[from, to) shares with the pattern at the side it is read from: Levenshtein distance is
 * unchanged by a common prefix (lev(c + a, c + b) = lev(a, b)), so entry k is m − k up to the
 * shared length and the distances of the rest of the pattern after it. An edited quote through a
 * diff usually agrees with its text for most of its length, so the bit-parallel pass runs over a
 * pattern of one word where the whole quote would take several.
 */
export function trimmedPrefixDistances(pattern: string, text: string, from: number, to: number, backwards: boolean): Uint32Array {
  const m = pattern.length;
  const max = Math.min(m, to - from);
  let shared = 0;
  if (backwards) while (shared < max && text.charCodeAt(to - 1 - shared) === pattern.charCodeAt(m - 1 - shared)) shared++;
  else while (shared < max && text.charCodeAt(from + shared) === pattern.charCodeAt(shared)) shared++;
  if (shared === 0) return prefixDistancesIn(pattern, false, backwards)(text, from, to);
  const result = new Uint32Array(to - from + 1);
  for (let k = 0; k < shared; k++) result[k] = m - k;
  const rest = backwards
    ? prefixDistancesIn(pattern.slice(0, m - shared), false, true)(text, from, to - shared)
    : prefixDistancesIn(pattern.slice(shared), false, false)(text, from + shared, to);
  result.set(rest, shared);
  return result;
}

/**
 * editDistance(pattern, text.slice(from, to)) without the slice, and with the common prefix and
 * suffix taken off first (neither changes the distance): for an edited quote held against the
 * range a diff maps it to, what is left is the edit itself, a few units long.
 */
export function rangeDistance(pattern: string, text: string, from: number, to: number): number {
  let m = pattern.length;
  let lo = from;
  let hi = to;
  let p = 0;
  while (p < m && lo < hi && text.charCodeAt(lo) === pattern.charCodeAt(p)) {
    p++;
    lo++;
  }
  while (m > p && hi > lo && text.charCodeAt(hi - 1) === pattern.charCodeAt(m - 1)) {
    m--;
    hi--;
  }
  if (m === p) return hi - lo;
  if (hi === lo) return m - p;
  return prefixDistancesIn(pattern.slice(p, m), false, false)(text, lo, hi)[hi - lo] as number;
}

/**
 * The one-word case of prefixDistancesIn (patterns of 1–32 units, most short quotes and every
 * context): the column in two integers instead of typed arrays, and no carry between words.
 */
function oneWordDistances(
  ascii: Int32Array,
  others: Map<number, Int32Array>,
  m: number,
  lastBit: number,
  anyStart: boolean,
  text: string,
  first: number,
  step: number,
  length: number,
): Uint32Array {
  const result = new Uint32Array(length + 1);
  result[0] = m;
  let positive = -1;
  let negative = 0;
  let score = m;
  const topCarry = anyStart ? 0 : 1;
  let at = first;
  for (let j = 0; j < length; j++, at += step) {
    const unit = text.charCodeAt(at);
    const equal = unit < 128 ? (ascii[unit] as number) : ((others.get(unit)?.[0] ?? 0) as number);
    const xv = equal | negative;
    const xh = ((((equal & positive) + positive) | 0) ^ positive) | equal;
    let ph = negative | ~(xh | positive);
    let mh = positive & xh;
    if (ph & lastBit) score++;
    else if (mh & lastBit) score--;
    ph = (ph << 1) | topCarry;
    mh <<= 1;
    positive = mh | ~(xv | ph);
    negative = ph & xv;
    result[j + 1] = score;
  }
  return result;
}

/** A place where a pattern matches approximately: text[start, end) with `errors` edits. */
export interface ApproximateMatch {
  start: number;
  end: number;
  errors: number;
}

/**
 * The matches of `pattern` in `text` with the fewest edits, if that is at most `maxErrors`: one
 * forward pass in search form finds every end with the fewest edits; ends next to each other are
 * one place, taken at its first and last end; each end's start is found by one backward pass of
 * the reversed pattern (the earliest start giving that many edits). At most
 * `maxPlaces` places, the first ones. What approx-string-match reports, in bit-parallel passes
 * with masks built once, and without its cost when many ends tie.
 */
export function approximateMatches(text: string, pattern: string, maxErrors: number, maxPlaces = 64): ApproximateMatch[] {
  const m = pattern.length;
  if (m === 0 || text.length === 0) return [];
  const ends = prefixDistancesOf(pattern, true)(text);
  let fewest = Infinity;
  for (let j = 1; j <= text.length; j++) if ((ends[j] as number) < fewest) fewest = ends[j] as number;
  if (fewest > maxErrors) return [];
  const chosen: number[] = [];
  let places = 0;
  for (let j = 1; j <= text.length && places < maxPlaces; j++) {
    if (ends[j] !== fewest) continue;
    let last = j;
    while (last + 1 <= text.length && ends[last + 1] === fewest) last++;
    chosen.push(j);
    if (last !== j) chosen.push(last);
    places++;
    j = last;
  }
  const matches: ApproximateMatch[] = [];
  for (const end of chosen) {
    const from = Math.max(0, end - m - maxErrors);
    // Past the pattern's tail the text ends with: a close match shares most of it.
    const distances = trimmedPrefixDistances(pattern, text, from, end, true);
    // Among starts giving as few edits, the earliest (longest match), as approx-string-match does:
    // "ab" inserted after "xy" in "xyQ…" reads as an insertion, not as "xy" replaced.
    let length = -1;
    for (let k = 1; k <= end - from; k++) if (distances[k] === fewest) length = k;
    if (length !== -1) matches.push({ start: end - length, end, errors: fewest });
  }
  return matches;
}
