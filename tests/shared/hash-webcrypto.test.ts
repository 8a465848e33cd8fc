// @vitest-environment node
// sha256HexAsync: Web Crypto where the host has it, the pure version where it has not, and the same
// hex digest as sha256Hex either way, for any string (astral characters and lone surrogates too).
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex, sha256HexAsync } from '@shared/hash';

afterEach(() => {
  vi.unstubAllGlobals();
});

// Strings of any UTF-16 units (lone surrogates included) and of whole code points, astral ones often.
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', '𝔸', '\uD800', '\uDFFF', '\u0000'), maxLength: 200 }),
);

describe('sha256HexAsync', () => {
  it('matches the published test vectors', async () => {
    await expect(sha256HexAsync('')).resolves.toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    await expect(sha256HexAsync('abc')).resolves.toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('gives the same hex as the pure sha256Hex for any string, through Web Crypto', async () => {
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    await fc.assert(
      fc.asyncProperty(anyString, async (text) => {
        expect(await sha256HexAsync(text)).toBe(sha256Hex(text));
      }),
      { numRuns: 300 },
    );
    // The digests came from Web Crypto, not from the fallback.
    expect(digest).toHaveBeenCalled();
    expect(digest.mock.calls.every(([algorithm]) => algorithm === 'SHA-256')).toBe(true);
  });

  it('falls back to the pure version where Web Crypto is absent, with the same result', async () => {
    vi.stubGlobal('crypto', undefined);
    await fc.assert(
      fc.asyncProperty(anyString, async (text) => {
        expect(await sha256HexAsync(text)).toBe(sha256Hex(text));
      }),
      { numRuns: 100 },
    );
  });

  it('falls back to the pure version when Web Crypto refuses (as outside a secure context)', async () => {
    const refusing = { subtle: { digest: () => Promise.reject(new Error('not allowed')) } };
    vi.stubGlobal('crypto', refusing);
    const text = 'Lymphodepletion with fludarabine 25 mg/m² 😀';
    await expect(sha256HexAsync(text)).resolves.toBe(sha256Hex(text));
  });

  it('hashes a 1 MB text to the same digest both ways', async () => {
    const text = 'CAR T cells/μL on day 7; grade 2 CRS. '.repeat(27_000);
    await expect(sha256HexAsync(text)).resolves.toBe(sha256Hex(text));
  });
});
