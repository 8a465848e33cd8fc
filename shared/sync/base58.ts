// Base58Check, the encoding automerge-repo gives its document ids: Margin names its sync documents
// by a hash of what they hold, so every device finds the same document without asking anyone.
import { sha256Bytes } from '../hash';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** SHA-256 of bytes, as bytes. */
export function sha256Raw(bytes: Uint8Array): Uint8Array {
  return hexBytes(sha256Bytes(bytes));
}

export function base58Encode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const digits: number[] = [];
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]!;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j]! << 8;
      digits[j] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  return '1'.repeat(zeros) + digits.reverse().map((d) => ALPHABET[d]!).join('');
}

/** Base58 of the payload followed by the first four bytes of its double SHA-256 (bs58check). */
export function base58CheckEncode(payload: Uint8Array): string {
  const check = sha256Raw(sha256Raw(payload)).subarray(0, 4);
  const joined = new Uint8Array(payload.length + 4);
  joined.set(payload);
  joined.set(check, payload.length);
  return base58Encode(joined);
}
