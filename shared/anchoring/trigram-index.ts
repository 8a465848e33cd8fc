// Exact occurrences of short patterns in a long text without scanning it: the text's offsets grouped
// by trigram, built once for a batch of annotations, so each lookup visits only the offsets of the
// pattern's rarest trigram instead of the whole text.

/** At most 2^16 buckets (a megabyte's trigrams, about 15 per bucket); fewer for a shorter text. */
const MAX_BUCKET_BITS = 16;
const MIN_BUCKET_BITS = 8;

export interface TrigramIndex {
  readonly bits: number;
  /** positions[bucketStarts[h] … bucketStarts[h + 1]) are the offsets whose trigram hashes to h, ascending. */
  readonly bucketStarts: Uint32Array;
  readonly positions: Uint32Array;
}

/** The hash of text[i, i + 3) in `bits` bits; buildTrigramIndex computes the same inline. */
function trigramHash(text: string, i: number, bits: number): number {
  let h = Math.imul(text.charCodeAt(i), 0x9e3779b1);
  h = Math.imul(h ^ text.charCodeAt(i + 1), 0x85ebca77);
  h = Math.imul(h ^ text.charCodeAt(i + 2), 0xc2b2ae3d);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> (32 - bits);
}

/** Two passes over the text (a counting sort of its trigram hashes): a few milliseconds per megabyte. */
export function buildTrigramIndex(text: string): TrigramIndex {
  const count = Math.max(0, text.length - 2);
  const bits = Math.max(MIN_BUCKET_BITS, Math.min(MAX_BUCKET_BITS, Math.ceil(Math.log2(count + 1)) - 4));
  const buckets = 1 << bits;
  const hashes = new Uint16Array(count);
  const bucketStarts = new Uint32Array(buckets + 1);
  // trigramHash written out, with the last two units carried from one offset to the next: measured,
  // a third faster than calling it (the text is read once per offset instead of three times).
  const shift = 32 - bits;
  let a = text.charCodeAt(0);
  let b = text.charCodeAt(1);
  for (let i = 0; i < count; i++) {
    const c = text.charCodeAt(i + 2);
    let h = Math.imul(a, 0x9e3779b1);
    h = Math.imul(h ^ b, 0x85ebca77);
    h = Math.imul(h ^ c, 0xc2b2ae3d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d) >>> shift;
    hashes[i] = h;
    bucketStarts[h + 1] = (bucketStarts[h + 1] as number) + 1;
    a = b;
    b = c;
  }
  for (let h = 0; h < buckets; h++) bucketStarts[h + 1] = (bucketStarts[h + 1] as number) + (bucketStarts[h] as number);
  const cursor = bucketStarts.slice(0, buckets);
  const positions = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const h = hashes[i] as number;
    positions[cursor[h] as number] = i;
    cursor[h] = (cursor[h] as number) + 1;
  }
  return { bits, bucketStarts, positions };
}

/**
 * Start offsets of every occurrence of `pattern` (at least 3 code units) in the indexed `text`,
 * ascending, overlapping ones included: the offsets of its rarest trigram, each checked in full.
 */
export function indexedOccurrences(index: TrigramIndex, text: string, pattern: string): number[] {
  let rarest = 0;
  let fewest = Infinity;
  for (let i = 0; i + 3 <= pattern.length; i++) {
    const h = trigramHash(pattern, i, index.bits);
    const size = (index.bucketStarts[h + 1] as number) - (index.bucketStarts[h] as number);
    if (size < fewest) {
      fewest = size;
      rarest = i;
    }
  }
  const h = trigramHash(pattern, rarest, index.bits);
  const starts: number[] = [];
  const end = index.bucketStarts[h + 1] as number;
  for (let at = index.bucketStarts[h] as number; at < end; at++) {
    const start = (index.positions[at] as number) - rarest;
    if (start >= 0 && text.startsWith(pattern, start)) starts.push(start);
  }
  return starts;
}
