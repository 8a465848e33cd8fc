// Identifiers exports mint from content rather than from chance, so the same export or import of
// the same file gives the same ids (golden files stay stable; re-importing a file is idempotent).
import { sha256Hex } from '../hash';

/** A UUID (version 8, "custom") made from the SHA-256 of `seed`. */
export function uuidFromSeed(seed: string): string {
  const hex = sha256Hex(seed);
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}
