// SHA-256 for the audit chain: WebCrypto where the host has it (every browser and Electron), the
// pure implementation of shared/hash.ts only where it is absent (old test hosts).
import { sha256Bytes, sha256Hex } from '@shared/hash';

const encoder = new TextEncoder();

export async function sha256HexDigest(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return sha256Hex(text);
  const bytes = new Uint8Array(await subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * The same digest at once, for the audit chain's entries (a few hundred bytes each, where a
 * WebCrypto round trip costs more than the hashing). Their payload is JSON, which escapes lone
 * surrogates, so TextEncoder's UTF-8 is exactly the bytes the asynchronous digest hashes.
 */
export function sha256HexDigestSync(text: string): string {
  return sha256Bytes(encoder.encode(text));
}
