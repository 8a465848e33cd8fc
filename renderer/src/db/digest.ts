// SHA-256 for the audit chain: WebCrypto where the host has it (every browser and Electron), the
// pure implementation of shared/hash.ts only where it is absent (old test hosts).
import { sha256Hex } from '@shared/hash';

const encoder = new TextEncoder();

export async function sha256HexDigest(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return sha256Hex(text);
  const bytes = new Uint8Array(await subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
