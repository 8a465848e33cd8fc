// @vitest-environment node
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityBytes, isIdOfText, sha256Bytes, sha256Hex, utf8Encode } from '@shared/hash';
import { bundledEntries, readCorpusFile } from '../helpers/corpus';

const nodeSha = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Any text, with single UTF-16 surrogate halves mixed in (fast-check's strings hold whole code points only). */
const anyUtf16 = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit))), { maxLength: 12 })
  .map((parts) => parts.join(''));

describe('sha256Hex', () => {
  it('matches the published test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with Node’s crypto on the bundled documents', () => {
    for (const file of ['000_7053caf609a0560e.txt', '004_b19ba799e085bef5.txt']) {
      const text = readCorpusFile(file);
      expect(sha256Hex(text)).toBe(nodeSha(text));
    }
  });

  it('agrees with Node’s crypto on any well-formed string, emoji included; utf8Encode agrees on every string', () => {
    fc.assert(
      fc.property(anyUtf16, (text) => {
        if (!LONE_SURROGATE.test(text)) expect(sha256Hex(text)).toBe(nodeSha(text));
        expect(Buffer.from(utf8Encode(text)).equals(Buffer.from(text, 'utf8'))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with Node’s crypto on bytes of every length around the block and padding boundaries (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => {
        expect(sha256Bytes(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
      { numRuns: 300 },
    );
    for (const length of [55, 56, 63, 64, 65, 119, 120, 128]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31) & 255);
      expect(sha256Bytes(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('keeps the ids of the five bundled documents (ids are stored), as sha256sum computes them from the files', () => {
    const ids = new Map([
      ['000_7053caf609a0560e.txt', '41c6aa0a707cbdb30cdfbebfb6de3e584ae7c0f4ce554fa38c4bde366bff169b'],
      ['001_6102b45430287510.txt', '788d2a94bbe85c3f3ef21c7308c18fa141b838be5479efe8a63abdc99158dad0'],
      ['002_6092b13f19ffd9f5.txt', '74122e457339ad078bd758c38d79e72022537aaea449f5d346ef216ab842ffdf'],
      ['003_da37b44e80a88b1e.txt', '48dd9d3ae3775d95c25fb7c9173875d139353778a9f262d1adf5508bfd51df38'],
      ['004_b19ba799e085bef5.txt', '502ce6047fa82f6710f59ca536c27cebd24db9d35a1262d8dac2d875a2152774'],
    ]);
    expect(bundledEntries().map((entry) => entry.file)).toEqual([...ids.keys()]);
    for (const [file, id] of ids) expect(sha256Hex(readCorpusFile(file)), file).toBe(id);
  });
});

describe('document identity and lone surrogates', () => {
  it('does not give a lone surrogate the id of U+FFFD, nor one lone half the id of the other', () => {
    const ids = ['a\uD800', 'a\uFFFD', 'a\uDC00', '\uDC00\uD800', '\uD800\uDC00'].map(sha256Hex);
    expect(new Set(ids).size).toBe(ids.length);
    // A proper pair is still the UTF-8 of its code point.
    expect(sha256Hex('\uD800\uDC00')).toBe(nodeSha('\u{10000}'));
  });

  it('hashes a lone surrogate as its WTF-8 bytes', () => {
    expect([...identityBytes('\uD800')]).toEqual([0xed, 0xa0, 0x80]);
    expect([...identityBytes('x\uDFFF')]).toEqual([0x78, 0xed, 0xbf, 0xbf]);
    expect([...utf8Encode('\uD800')]).toEqual([0xef, 0xbf, 0xbd]);
  });

  it('never lets a text with lone surrogates share its id with its U+FFFD-repaired form', () => {
    fc.assert(
      fc.property(anyUtf16, (text) => {
        fc.pre(LONE_SURROGATE.test(text));
        expect(sha256Hex(text)).not.toBe(sha256Hex(text.replace(LONE_SURROGATES, '\uFFFD')));
      }),
      { numRuns: 300 },
    );
  });

  it('still recognises an id stored before lone surrogates were told apart, and only for such text', () => {
    const legacy = nodeSha('note \uFFFD');
    expect(isIdOfText(legacy, 'note \uD800')).toBe(true);
    expect(isIdOfText(sha256Hex('note \uD800'), 'note \uD800')).toBe(true);
    expect(isIdOfText(sha256Hex('note \uFFFD'), 'note \uFFFD')).toBe(true);
    expect(isIdOfText(sha256Hex('note \uD800'), 'note \uFFFD')).toBe(false);
    expect(isIdOfText(nodeSha('other'), 'note \uD800')).toBe(false);
  });
});
