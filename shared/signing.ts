// Ed25519 signatures for the files Margin hands between people (backups, annotation exports): who
// made a file, and that nothing in it changed since, checked with the host's Web Crypto. Pure: the
// caller passes the crypto object in, so the main process, the browser and tests share one code path.
import { canonicalJson } from './canonical-json';
import { sha256Bytes, utf8Encode } from './hash';

export const SIGNATURE_ALGORITHM = 'Ed25519';

/** Who signed: the reviewer as named on the signing device, and that device's public key. */
export interface Signer {
  reviewerId: string;
  name: string;
  /** The raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
}

/** A signature as it travels inside a file, beside what it covers. */
export interface FileSignature {
  algorithm: typeof SIGNATURE_ALGORITHM;
  signer: Signer;
  /** The 64-byte signature, base64, over `signedMessage(covered, signer)`. */
  value: string;
}

/** A public key this device accepts without asking: its own, or one the reviewer chose to trust. */
export interface TrustedSigner {
  publicKey: string;
  name: string;
  trustedAt: string;
}

/** What a file's signature says, for the dialog that asks before using it. */
export type SignatureCheck =
  | { kind: 'unsigned' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'signed'; signer: Signer; fingerprint: string; trust: 'this-device' | 'trusted' | 'unknown' };

/** The part of Web Crypto used here, declared because shared/ compiles without the DOM library. */
export interface SigningCrypto {
  subtle: {
    importKey(format: 'raw', keyData: Uint8Array, algorithm: { name: 'Ed25519' }, extractable: boolean, usages: 'verify'[]): Promise<unknown>;
    verify(algorithm: { name: 'Ed25519' }, key: unknown, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
  };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Each base64 digit's value by its char code; -1 for a char that is not a digit. */
const BASE64_VALUE: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < BASE64.length; i++) table[BASE64.charCodeAt(i)] = i;
  return table;
})();

/** Characters per piece when writing base64: pieces are joined once, so a 50 MB PDF is not a 67-million-step concatenation. */
const BASE64_PIECE = 3 * 8192;

export function toBase64(bytes: Uint8Array): string {
  const pieces: string[] = [];
  for (let from = 0; from < bytes.length; from += BASE64_PIECE) {
    const to = Math.min(bytes.length, from + BASE64_PIECE);
    let out = '';
    for (let i = from; i < to; i += 3) {
      const a = bytes[i]!;
      const b = i + 1 < to ? bytes[i + 1] : undefined;
      const c = i + 2 < to ? bytes[i + 2] : undefined;
      out += BASE64[a >> 2]! + BASE64[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
      out += b === undefined ? '=' : BASE64[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
      out += c === undefined ? '=' : BASE64[c & 63]!;
    }
    pieces.push(out);
  }
  return pieces.join('');
}

/** The bytes of a base64 text, or null when it is not canonical base64 (a tampered key or signature). */
export function fromBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  const digits = text.length - padding;
  const digit = (at: number): number => {
    if (at >= digits) return 0;
    const code = text.charCodeAt(at);
    return code < 128 ? BASE64_VALUE[code]! : -1;
  };
  let at = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = digit(i);
    const b = digit(i + 1);
    const c = digit(i + 2);
    const d = digit(i + 3);
    if ((a | b | c | d) < 0) return null;
    const triple = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[at++] = (triple >> 16) & 255;
    if (at < bytes.length) bytes[at++] = (triple >> 8) & 255;
    if (at < bytes.length) bytes[at++] = triple & 255;
  }
  // Canonical only: the unused bits of the last digit before padding must be zero, so one byte
  // string has exactly one accepted text (a tampered signature cannot differ in ignored bits).
  if (padding === 2 && (digit(digits - 1) & 15) !== 0) return null;
  if (padding === 1 && (digit(digits - 1) & 3) !== 0) return null;
  return bytes;
}

/**
 * A public key as a reviewer compares it aloud: the first 10 bytes of its SHA-256 in five groups of
 * four hex digits ("3F2A-91C0-7B44-E1D2-0A9C"), 80 bits, enough that a forged key matching it is out
 * of reach.
 */
export function fingerprintOf(publicKey: string): string {
  const bytes = fromBase64(publicKey) ?? utf8Encode(publicKey);
  const hex = sha256Bytes(bytes).slice(0, 20).toUpperCase();
  return hex.match(/.{4}/g)!.join('-');
}

/**
 * The exact bytes signed: the canonical JSON of what the signature covers (for a backup, its format,
 * version, time, counts and checksum, the checksum covering every record) together with the signer,
 * so a signature cannot be moved to another file or another name.
 */
export function signedMessage(covered: unknown, signer: Signer): Uint8Array {
  return utf8Encode(canonicalJson({ covered, signer }));
}

/**
 * Checks a file's signature against what it covers, and says whose key it is: this device's, one
 * trusted here, or unknown. A signature that does not verify is invalid, never "unsigned".
 */
export async function checkSignature(
  crypto: SigningCrypto,
  covered: unknown,
  signature: FileSignature | undefined,
  known: { ownPublicKey: string | null; trusted: readonly TrustedSigner[] },
): Promise<SignatureCheck> {
  if (signature === undefined) return { kind: 'unsigned' };
  if (signature.algorithm !== SIGNATURE_ALGORITHM) return { kind: 'invalid', reason: `it is signed with ${String(signature.algorithm)}, which Margin does not accept` };
  const key = fromBase64(signature.signer.publicKey);
  const value = fromBase64(signature.value);
  if (key === null || key.length !== 32) return { kind: 'invalid', reason: 'the signer’s key is damaged' };
  if (value === null || value.length !== 64) return { kind: 'invalid', reason: 'the signature is damaged' };
  let verified: boolean;
  try {
    const publicKey = await crypto.subtle.importKey('raw', key, { name: 'Ed25519' }, false, ['verify']);
    verified = await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, value, signedMessage(covered, signature.signer));
  } catch {
    // A key Web Crypto will not import (not a point on the curve) proves nothing either.
    verified = false;
  }
  if (!verified) return { kind: 'invalid', reason: 'the signature does not match the content: the file was changed after it was signed' };
  const trust =
    signature.signer.publicKey === known.ownPublicKey ? 'this-device' : known.trusted.some((t) => t.publicKey === signature.signer.publicKey) ? 'trusted' : 'unknown';
  return { kind: 'signed', signer: signature.signer, fingerprint: fingerprintOf(signature.signer.publicKey), trust };
}
