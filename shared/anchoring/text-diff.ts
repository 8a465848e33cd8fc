// One diff of a document's old text against its new text (a correction or a re-import), and the
// mapping of old offsets through it: what lets re-anchoring follow every annotation without searching.
//
// Texts here are long (up to megabytes) and usually differ in a few hundred places, so the diff works
// in two levels: content-defined chunks of about a line first, aligned on chunks that occur once on
// each side (patience diff), and then a character-level Myers diff inside each changed stretch. The
// result is not always a minimal edit script, but every run it reports as equal is equal.

/** Runs of text equal on both sides, ascending and disjoint on both: old [oldStart, oldStart + length) = new [newStart, …). */
export interface TextDiff {
  readonly oldLength: number;
  readonly newLength: number;
  readonly oldStarts: Int32Array;
  readonly newStarts: Int32Array;
  readonly lengths: Int32Array;
  /**
   * Stretches of the new text that the chunk-level pass found inserted or changed, ascending and
   * disjoint, as [start, end) pairs: where a passage that moved must now be. (Inside them the
   * character-level pass may still align a few units by chance; these stretches ignore that.)
   */
  readonly changed: readonly (readonly [number, number])[];
}

/** Where an old range is in the new text. */
export interface MappedRange {
  start: number;
  end: number;
  /**
   * True when the whole old range lies in one equal run, so the new range holds exactly the same
   * text. False when an edit reached into it (or the diff aligned it differently): then start and end
   * are where the text that now stands in its place begins and ends, a place to look near.
   */
  intact: boolean;
  /** The equal run holding the whole range when intact, else -1. */
  run: number;
  /** Whether the start (the end) lies in an equal run, so that it moved exactly with the text. */
  startKept: boolean;
  endKept: boolean;
}

/*
 * Chunking. A chunk ends after a line break, or where a rolling hash of the last 32 code units has
 * its top CHUNK_BITS bits clear (on average every 2^CHUNK_BITS units), so chunk boundaries depend only
 * on nearby text and fall in the same places on both sides except right next to an edit. Chunks of
 * about 64 units keep a 1 MB text to some 16,000 tokens, and an edit costs one or two of them.
 */
const CHUNK_BITS = 6;
/** No boundary is taken closer than this to the previous one, so that runs of hash hits make no crumbs. */
const MIN_CHUNK = 16;
/** A chunk is cut here even without a hash hit, so a text without line breaks still has many chunks. */
const MAX_CHUNK = 1024;

/** 256 fixed pseudo-random words for the rolling ("gear") hash, from a fixed seed so chunking is stable. */
const GEAR = (() => {
  const table = new Int32Array(256);
  let state = 0x2545f491;
  for (let i = 0; i < 256; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    table[i] = t ^ (t >>> 14);
  }
  return table;
})();

/** End offsets of the chunks of text[from, to), ascending, the last one `to`. */
export function chunkEnds(text: string, from: number, to: number): number[] {
  const ends: number[] = [];
  let hash = 0;
  let chunkStart = from;
  for (let i = from; i < to; i++) {
    const unit = text.charCodeAt(i);
    hash = ((hash << 1) + (GEAR[(unit ^ (unit >>> 8)) & 0xff] as number)) | 0;
    const length = i + 1 - chunkStart;
    if (unit === 0x0a || length >= MAX_CHUNK || (length >= MIN_CHUNK && hash >>> (32 - CHUNK_BITS) === 0)) {
      ends.push(i + 1);
      chunkStart = i + 1;
    }
  }
  if (chunkStart < to) ends.push(to);
  return ends;
}

/** Tokens of both sides as small integers, equal integers for equal chunks. */
function tokenize(
  oldText: string,
  newText: string,
  oldFrom: number,
  oldTo: number,
  newFrom: number,
  newTo: number,
): { oldTokens: Int32Array; newTokens: Int32Array; oldEnds: number[]; newEnds: number[] } {
  // User text as Map keys: a Map, never a plain object (CONVENTIONS).
  const ids = new Map<string, number>();
  const encode = (text: string, from: number, ends: number[]) => {
    const tokens = new Int32Array(ends.length);
    let start = from;
    ends.forEach((end, i) => {
      const chunk = text.slice(start, end);
      let id = ids.get(chunk);
      if (id === undefined) {
        id = ids.size;
        ids.set(chunk, id);
      }
      tokens[i] = id;
      start = end;
    });
    return tokens;
  };
  const oldEnds = chunkEnds(oldText, oldFrom, oldTo);
  const newEnds = chunkEnds(newText, newFrom, newTo);
  return { oldTokens: encode(oldText, oldFrom, oldEnds), newTokens: encode(newText, newFrom, newEnds), oldEnds, newEnds };
}

/**
 * Most differences (D) a Myers run may explore, and most steps it may take. Its cost is about
 * D² plus the snakes it follows (up to (n + m) × D on repetitive text), with D² memory for the path;
 * beyond either limit the stretch is left as one replacement, and its annotations are found by
 * searching near their mapped place instead of by the map.
 */
const MAX_MYERS_DIFFERENCES = 2_000;
const MAX_MYERS_STEPS = 20_000_000;

/**
 * Pairs (i, j) with a[i] = b[j] forming a longest common subsequence of a[aLo, aHi) and b[bLo, bHi)
 * (Myers' greedy O((n + m) D) algorithm), pushed ascending onto `pairs`; false when the sequences
 * differ in more than MAX_MYERS_DIFFERENCES places, leaving `pairs` as it was.
 */
function myersPairs(a: ArrayLike<number>, aLo: number, aHi: number, b: ArrayLike<number>, bLo: number, bHi: number, pairs: number[]): boolean {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const maxD = Math.min(n + m, MAX_MYERS_DIFFERENCES);
  const offset = maxD + 1;
  const v = new Int32Array(2 * maxD + 3);
  // trace[d] holds v for diagonals -d..d after round d, to walk the path back.
  const trace: Int32Array[] = [];
  let found = -1;
  let steps = 0;
  for (let d = 0; d <= maxD && found < 0; d++) {
    steps += d + 1;
    if (steps > MAX_MYERS_STEPS) return false;
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))) x = v[offset + k + 1] as number;
      else x = (v[offset + k - 1] as number) + 1;
      let y = x - k;
      const snakeFrom = x;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      steps += x - snakeFrom;
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  if (found < 0) return false;
  const reversed: number[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const previous = trace[d - 1] as Int32Array;
    const k = x - y;
    const at = (diagonal: number) => previous[diagonal + d - 1] as number;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const previousK = down ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    const snakeStartX = down ? previousX : previousX + 1;
    while (x > snakeStartX) {
      x--;
      y--;
      reversed.push(x, y);
    }
    x = previousX;
    y = previousY;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    reversed.push(x, y);
  }
  for (let i = reversed.length - 2; i >= 0; i -= 2) pairs.push(aLo + (reversed[i] as number), bLo + (reversed[i + 1] as number));
  return true;
}

/** How deep the patience recursion goes before a stretch is handed to Myers. */
const MAX_PATIENCE_DEPTH = 48;

/** Indexes into `values` of a longest strictly increasing subsequence (patience sorting, O(n log n)). */
function longestIncreasing(values: readonly number[]): number[] {
  const tails: number[] = [];
  const previous = new Int32Array(values.length).fill(-1);
  values.forEach((value, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] as number] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1] as number;
    tails[lo] = i;
  });
  const result: number[] = [];
  for (let i = tails.length > 0 ? (tails[tails.length - 1] as number) : -1; i >= 0; i = previous[i] as number) result.push(i);
  return result.reverse();
}

/** Occurrences of a token on each side, and where its last one is (for a token occurring once, its only one). */
interface TokenCount {
  inA: number;
  inB: number;
  atA: number;
  atB: number;
}

/*
 * The counting below is split into functions with one loop each, and nothing after the loop. A
 * long loop gets compiled while it runs (on-stack replacement) with no feedback yet for the code
 * after it; with that code in patiencePairs, V8 kept entering the cached compiled loop from later
 * calls and bailing out after it, about a hundred times per diff of a 1 MB text (--trace-deopt).
 */

function countOld(a: Int32Array, lo: number, hi: number, seen: Map<number, TokenCount>): void {
  for (let i = lo; i < hi; i++) {
    const token = a[i] as number;
    const entry = seen.get(token);
    if (entry) {
      entry.inA++;
      entry.atA = i;
    } else seen.set(token, { inA: 1, inB: 0, atA: i, atB: -1 });
  }
}

function countNew(b: Int32Array, lo: number, hi: number, seen: Map<number, TokenCount>): void {
  for (let j = lo; j < hi; j++) {
    const entry = seen.get(b[j] as number);
    if (entry) {
      entry.inB++;
      entry.atB = j;
    }
  }
}

function onceOnEachSide(seen: Map<number, TokenCount>): TokenCount[] {
  const unique: TokenCount[] = [];
  for (const entry of seen.values()) if (entry.inA === 1 && entry.inB === 1) unique.push(entry);
  return unique;
}

/** The tokens occurring exactly once in a[aLo, aHi) and once in b[bLo, bHi), with their positions. */
function uniqueTokens(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number): TokenCount[] {
  const seen = new Map<number, TokenCount>();
  countOld(a, aLo, aHi, seen);
  countNew(b, bLo, bHi, seen);
  return onceOnEachSide(seen);
}

/**
 * Matched token pairs between a[aLo, aHi) and b[bLo, bHi), ascending, pushed onto `pairs`: equal ends
 * first, then tokens that occur exactly once on each side, kept where they are in the same order,
 * recursing between them; a stretch with no such token gets a Myers diff, or none if it is too unlike.
 */
function patiencePairs(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, pairs: number[], depth = 0): void {
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) pairs.push(aLo++, bLo++);
  const tail: number[] = [];
  while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) tail.push(--aHi, --bHi);
  if (aLo < aHi && bLo < bHi) {
    const unique = uniqueTokens(a, aLo, aHi, b, bLo, bHi);
    // Deep recursion only happens on pathological inputs; Myers (or nothing) is the answer there.
    if (unique.length === 0 || depth >= MAX_PATIENCE_DEPTH) {
      myersPairs(a, aLo, aHi, b, bLo, bHi, pairs);
    } else {
      unique.sort((p, q) => p.atA - q.atA);
      const anchors = longestIncreasing(unique.map((u) => u.atB)).map((i) => unique[i] as { atA: number; atB: number });
      let fromA = aLo;
      let fromB = bLo;
      for (const { atA, atB } of anchors) {
        // Between adjacent anchors there is often nothing on one side: nothing to pair there.
        if (fromA < atA && fromB < atB) patiencePairs(a, fromA, atA, b, fromB, atB, pairs, depth + 1);
        pairs.push(atA, atB);
        fromA = atA + 1;
        fromB = atB + 1;
      }
      if (fromA < aHi && fromB < bHi) patiencePairs(a, fromA, aHi, b, fromB, bHi, pairs, depth + 1);
    }
  }
  for (let i = tail.length - 2; i >= 0; i -= 2) pairs.push(tail[i] as number, tail[i + 1] as number);
}

function commonPrefixLength(a: string, b: string, aFrom: number, bFrom: number, max: number): number {
  let n = 0;
  while (n < max && a.charCodeAt(aFrom + n) === b.charCodeAt(bFrom + n)) n++;
  return n;
}

function commonSuffixLength(a: string, b: string, aTo: number, bTo: number, max: number): number {
  let n = 0;
  while (n < max && a.charCodeAt(aTo - 1 - n) === b.charCodeAt(bTo - 1 - n)) n++;
  return n;
}

function unitsOf(text: string, from: number, to: number): Uint16Array {
  const units = new Uint16Array(to - from);
  for (let i = from; i < to; i++) units[i - from] = text.charCodeAt(i);
  return units;
}

/** Collects equal runs, joining a run to the previous one when both sides continue it. */
class RunCollector {
  readonly oldStarts: number[] = [];
  readonly newStarts: number[] = [];
  readonly lengths: number[] = [];

  add(oldStart: number, newStart: number, length: number): void {
    if (length <= 0) return;
    const last = this.lengths.length - 1;
    if (last >= 0 && (this.oldStarts[last] as number) + (this.lengths[last] as number) === oldStart && (this.newStarts[last] as number) + (this.lengths[last] as number) === newStart) {
      this.lengths[last] = (this.lengths[last] as number) + length;
    } else {
      this.oldStarts.push(oldStart);
      this.newStarts.push(newStart);
      this.lengths.push(length);
    }
  }
}

/** Character-level diff of one changed stretch: common ends trimmed, then Myers on what is left. */
function diffStretch(oldText: string, newText: string, oldFrom: number, oldTo: number, newFrom: number, newTo: number, runs: RunCollector): void {
  const head = commonPrefixLength(oldText, newText, oldFrom, newFrom, Math.min(oldTo - oldFrom, newTo - newFrom));
  runs.add(oldFrom, newFrom, head);
  oldFrom += head;
  newFrom += head;
  const tail = commonSuffixLength(oldText, newText, oldTo, newTo, Math.min(oldTo - oldFrom, newTo - newFrom));
  const oldEnd = oldTo - tail;
  const newEnd = newTo - tail;
  if (oldEnd > oldFrom && newEnd > newFrom) {
    const pairs: number[] = [];
    if (myersPairs(unitsOf(oldText, oldFrom, oldEnd), 0, oldEnd - oldFrom, unitsOf(newText, newFrom, newEnd), 0, newEnd - newFrom, pairs)) {
      for (let i = 0; i < pairs.length; i += 2) runs.add(oldFrom + (pairs[i] as number), newFrom + (pairs[i + 1] as number), 1);
    }
  }
  runs.add(oldEnd, newEnd, tail);
}

/** The diff of two texts as equal runs (see TextDiff). Pure; linear in the texts plus the cost of their differences. */
export function diffTexts(oldText: string, newText: string): TextDiff {
  const runs = new RunCollector();
  const changed: [number, number][] = [];
  const stretch = (oldFrom: number, oldTo: number, newFrom: number, newTo: number) => {
    if (newTo > newFrom) changed.push([newFrom, newTo]);
    diffStretch(oldText, newText, oldFrom, oldTo, newFrom, newTo, runs);
  };
  const head = commonPrefixLength(oldText, newText, 0, 0, Math.min(oldText.length, newText.length));
  const tail = commonSuffixLength(oldText, newText, oldText.length, newText.length, Math.min(oldText.length, newText.length) - head);
  const oldTo = oldText.length - tail;
  const newTo = newText.length - tail;
  runs.add(0, 0, head);
  if (head < oldTo && head < newTo) {
    const { oldTokens, newTokens, oldEnds, newEnds } = tokenize(oldText, newText, head, oldTo, head, newTo);
    const pairs: number[] = [];
    patiencePairs(oldTokens, 0, oldTokens.length, newTokens, 0, newTokens.length, pairs);
    const startOf = (ends: number[], i: number) => (i === 0 ? head : (ends[i - 1] as number));
    let oldAt = head;
    let newAt = head;
    for (let p = 0; p < pairs.length; p += 2) {
      const i = pairs[p] as number;
      const j = pairs[p + 1] as number;
      const oldStart = startOf(oldEnds, i);
      const newStart = startOf(newEnds, j);
      if (oldStart > oldAt || newStart > newAt) stretch(oldAt, oldStart, newAt, newStart);
      runs.add(oldStart, newStart, (oldEnds[i] as number) - oldStart);
      oldAt = oldEnds[i] as number;
      newAt = newEnds[j] as number;
    }
    if (oldAt < oldTo || newAt < newTo) stretch(oldAt, oldTo, newAt, newTo);
  } else if (head < newTo) {
    changed.push([head, newTo]);
  }
  runs.add(oldTo, newTo, tail);
  return {
    oldLength: oldText.length,
    newLength: newText.length,
    oldStarts: Int32Array.from(runs.oldStarts),
    newStarts: Int32Array.from(runs.newStarts),
    lengths: Int32Array.from(runs.lengths),
    changed,
  };
}

/** Index of the last run starting at or before `offset`, or -1. */
function runAtOrBefore(diff: TextDiff, offset: number): number {
  let lo = 0;
  let hi = diff.oldStarts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((diff.oldStarts[mid] as number) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The equal run holding all of old [start, end), or -1: mapRange's common case without its object. */
export function intactRun(diff: TextDiff, start: number, end: number): number {
  const run = runAtOrBefore(diff, start);
  return run >= 0 && end <= (diff.oldStarts[run] as number) + (diff.lengths[run] as number) ? run : -1;
}

/**
 * Carries the old range [start, end) (0 ≤ start < end ≤ old length) into the new text. A boundary
 * inside an equal run moves with it; one inside a changed stretch goes to that stretch's edge in the
 * new text (the start to its beginning, the end to its end), so the mapped range covers what replaced it.
 */
export function mapRange(diff: TextDiff, start: number, end: number): MappedRange {
  const first = runAtOrBefore(diff, start);
  const startInside = first >= 0 && start < (diff.oldStarts[first] as number) + (diff.lengths[first] as number);
  if (startInside && end <= (diff.oldStarts[first] as number) + (diff.lengths[first] as number)) {
    const shift = (diff.newStarts[first] as number) - (diff.oldStarts[first] as number);
    return { start: start + shift, end: end + shift, intact: true, run: first, startKept: true, endKept: true };
  }
  const newStart = startInside
    ? start - (diff.oldStarts[first] as number) + (diff.newStarts[first] as number)
    : first >= 0
      ? (diff.newStarts[first] as number) + (diff.lengths[first] as number)
      : 0;
  const last = runAtOrBefore(diff, end - 1);
  const endInside = last >= 0 && end - 1 < (diff.oldStarts[last] as number) + (diff.lengths[last] as number);
  const newEnd = endInside
    ? end - (diff.oldStarts[last] as number) + (diff.newStarts[last] as number)
    : last + 1 < diff.newStarts.length
      ? (diff.newStarts[last + 1] as number)
      : diff.newLength;
  return { start: newStart, end: Math.max(newStart, newEnd), intact: false, run: -1, startKept: startInside, endKept: endInside };
}

/** Index of the equal run holding all of new-text [start, end), or -1. */
export function runHolding(diff: TextDiff, start: number, end: number): number {
  let lo = 0;
  let hi = diff.newStarts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((diff.newStarts[mid] as number) <= start) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && end <= (diff.newStarts[found] as number) + (diff.lengths[found] as number) ? found : -1;
}

/** Whether new-text [start, end) lies wholly inside one equal run: text that was there, unchanged, before. */
export function withinEqualRun(diff: TextDiff, start: number, end: number): boolean {
  return runHolding(diff, start, end) !== -1;
}
