// SHA-256 of a text's identity bytes: a synchronous pure-TypeScript version every room can call, and an
// asynchronous one that uses the host's Web Crypto (several times faster on long texts) where it exists.
// Identity keeps lone surrogates apart from U+FFFD; every well-formed text hashes as plain UTF-8.

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

function encode(text: string, loneSurrogates: 'replace' | 'keep'): Uint8Array {
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else if (loneSurrogates === 'replace') c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff && loneSurrogates === 'replace') c = 0xfffd;
    if (c < 0x80) out[n++] = c;
    else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 63);
      out[n++] = 0x80 | (c & 63);
    } else {
      out[n++] = 0xf0 | (c >> 18);
      out[n++] = 0x80 | ((c >> 12) & 63);
      out[n++] = 0x80 | ((c >> 6) & 63);
      out[n++] = 0x80 | (c & 63);
    }
  }
  return out.subarray(0, n);
}

/** UTF-8 encoding of a JS string; lone surrogates become U+FFFD, as TextEncoder does. */
export function utf8Encode(text: string): Uint8Array {
  return encode(text, 'replace');
}

/**
 * The bytes a text's identity is hashed from. Well-formed text gives exactly its UTF-8, so no
 * stored document id changes. A lone surrogate, which UTF-8 cannot hold, gets the three bytes
 * WTF-8 gives it (U+D800 → ED A0 80) instead of U+FFFD's EF BF BD: "a\uD800" and "a\uFFFD" are
 * different texts and must not share an id. No well-formed UTF-8 contains those sequences.
 */
export function identityBytes(text: string): Uint8Array {
  return encode(text, 'keep');
}

/** The message schedule, reused by every call (the hash is synchronous, so calls never overlap). */
const W = new Int32Array(64);
const H = new Int32Array(8);

/**
 * SHA-256 of bytes, as lower-case hex. Written for V8: plain local integers, one reused schedule,
 * words read straight from the bytes; the audit log hashes thousands of short entries with it, so
 * it is kept tight rather than short.
 */
export function sha256Bytes(bytes: Uint8Array): string {
  const length = bytes.length;
  const bitLength = length * 8;
  const padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[length] = 0x80;
  const end = padded.length;
  const high = Math.floor(bitLength / 0x100000000);
  const low = bitLength >>> 0;
  padded[end - 8] = high >>> 24;
  padded[end - 7] = (high >>> 16) & 255;
  padded[end - 6] = (high >>> 8) & 255;
  padded[end - 5] = high & 255;
  padded[end - 4] = low >>> 24;
  padded[end - 3] = (low >>> 16) & 255;
  padded[end - 2] = (low >>> 8) & 255;
  padded[end - 1] = low & 255;
  const w = W;
  let h0 = 0x6a09e667 | 0;
  let h1 = 0xbb67ae85 | 0;
  let h2 = 0x3c6ef372 | 0;
  let h3 = 0xa54ff53a | 0;
  let h4 = 0x510e527f | 0;
  let h5 = 0x9b05688c | 0;
  let h6 = 0x1f83d9ab | 0;
  let h7 = 0x5be0cd19 | 0;
  for (let offset = 0; offset < end; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const j = offset + i * 4;
      w[i] = (padded[j]! << 24) | (padded[j + 1]! << 16) | (padded[j + 2]! << 8) | padded[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let f = h5;
    let g = h6;
    let hh = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + hh) | 0;
  }
  H[0] = h0;
  H[1] = h1;
  H[2] = h2;
  H[3] = h3;
  H[4] = h4;
  H[5] = h5;
  H[6] = h6;
  H[7] = h7;
  let out = '';
  for (let i = 0; i < 8; i++) out += (H[i]! >>> 0).toString(16).padStart(8, '0');
  return out;
}

/** The hex SHA-256 of a text's identity bytes (its UTF-8, when well-formed): the content hash that identifies a document. */
export function sha256Hex(text: string): string {
  return sha256Bytes(identityBytes(text));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether `id` names `text`. Besides today's id this accepts the one stored before lone surrogates
 * were told apart (hashed with them as U+FFFD), so a backup made then still restores; for
 * well-formed text the two are the same hash.
 */
export function isIdOfText(id: string, text: string): boolean {
  return sha256Hex(text) === id || (LONE_SURROGATE.test(text) && sha256Bytes(utf8Encode(text)) === id);
}

/**
 * The part of Web Crypto this module uses, declared here because shared/ compiles without the DOM
 * library. Browsers, Electron's renderer, workers and Node 20 all provide it as globalThis.crypto.
 */
interface SubtleDigest {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

function webCryptoDigest(): SubtleDigest | null {
  const subtle = (globalThis as { crypto?: { subtle?: Partial<SubtleDigest> } }).crypto?.subtle;
  return typeof subtle?.digest === 'function' ? (subtle as SubtleDigest) : null;
}

/**
 * The host's TextEncoder (native, far faster than utf8Encode on megabytes), declared for the same
 * reason as SubtleDigest. It encodes lone surrogates as U+FFFD, so it serves only well-formed text;
 * identityBytes encodes the rest.
 */
function encodeUtf8(text: string): Uint8Array {
  const Encoder = (globalThis as { TextEncoder?: new () => { encode(input: string): Uint8Array } }).TextEncoder;
  return Encoder ? new Encoder().encode(text) : utf8Encode(text);
}

function hex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * The same hex SHA-256 as sha256Hex, computed by Web Crypto when the host has it (import hashes
 * thousands of documents, and the pure version is several times slower), by the pure version only
 * where it is absent (or refuses, as in an insecure context). Same UTF-8 encoding either way, so the
 * two always agree, lone surrogates included (their text is encoded as identityBytes does).
 */
export async function sha256HexAsync(text: string): Promise<string> {
  const bytes = LONE_SURROGATE.test(text) ? identityBytes(text) : encodeUtf8(text);
  const subtle = webCryptoDigest();
  if (subtle !== null) {
    try {
      return hex(await subtle.digest('SHA-256', bytes));
    } catch {
      // Fall through to the pure version: the identity must not depend on the host.
    }
  }
  return sha256Bytes(bytes);
}
