// @vitest-environment node
// The audit chain's two digests: sealing hashes entries at once (pure SHA-256 over TextEncoder's
// bytes), verification through WebCrypto; they must agree on every entry payload, which is JSON.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@shared/canonical-json';
import { sha256HexDigest, sha256HexDigestSync } from '../../../renderer/src/db/digest';

/** Any text, single UTF-16 surrogate halves mixed in (an annotation's quote or note may hold one). */
const anyUtf16 = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit))), { maxLength: 16 })
  .map((parts) => parts.join(''));

describe('the audit digests', () => {
  it('give the same hash at once as through WebCrypto for any JSON payload, lone surrogates included (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(anyUtf16, fc.oneof(anyUtf16, fc.integer(), fc.constant(null)), { maxKeys: 6 }), async (record) => {
        const payload = canonicalJson(record);
        expect(sha256HexDigestSync(payload)).toBe(await sha256HexDigest(payload));
      }),
      { numRuns: 200 },
    );
  });
});
