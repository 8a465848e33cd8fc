// @vitest-environment node
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  BINARY_FILE_REASON,
  BLANK_FILE_REASON,
  EMPTY_FILE_REASON,
  NOT_UTF8_REASON,
  decodeText,
  decodeUtf8ByHand,
  normalizeNewlines,
  parsePlainText,
} from '@shared/import/text';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set(littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    const [first, second] = littleEndian ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff];
    bytes[2 + i * 2] = first;
    bytes[3 + i * 2] = second;
  }
  return bytes;
}

/** The characters decodeText counts as signs of binary data. */
function isControl(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (code < 0x20 && ![0x09, 0x0a, 0x0c, 0x0d].includes(code)) || (code >= 0x7f && code <= 0x9f);
}

const SAMPLE = 'Müller et al.: 32.69 cells/μL, grade ≥ 2 — “CAR‑T” 😀 日本語';

describe('decodeText', () => {
  // The native decoder serves well-formed bytes and the loop damaged ones: both must give TextDecoder's text.
  test('decodes any bytes as the by-hand decoder and a replacing TextDecoder do', () => {
    const replacing = new TextDecoder('utf-8', { ignoreBOM: true });
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.string({ unit: 'grapheme', maxLength: 100 }).map((text) => utf8(text)),
      fc.tuple(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.uint8Array({ maxLength: 4 }), fc.string({ maxLength: 60 })).map(([a, junk, b]) => new Uint8Array([...utf8(a), ...junk, ...utf8(b)])),
    );
    fc.assert(
      fc.property(bytes, (input) => {
        expect(decodeUtf8ByHand(input, 0).text).toBe(replacing.decode(input));
        // A leading mark says the encoding (UTF-16 is another decoder) and is stepped over.
        if (input[0] === 0xff || input[0] === 0xfe) return;
        const start = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? 3 : 0;
        const byHand = decodeUtf8ByHand(input, start);
        const decoded = decodeText(input);
        if (decoded.ok) expect(decoded.text).toBe(byHand.text);
        // Refused without damage: only as binary, empty or blank, never as not UTF-8.
        else if (byHand.invalid === 0) expect(decoded.reason).not.toBe(NOT_UTF8_REASON);
      }),
      { numRuns: 500 },
    );
  });

  test.each([
    ['UTF-8', utf8(SAMPLE)],
    ['UTF-8 with a byte-order mark', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(SAMPLE)])],
    ['UTF-16 little-endian with a byte-order mark', utf16(SAMPLE, true)],
    ['UTF-16 big-endian with a byte-order mark', utf16(SAMPLE, false)],
  ])('decodes %s and drops the mark', (_label, bytes) => {
    expect(decodeText(bytes)).toEqual({ ok: true, text: SAMPLE });
  });

  test.each([
    ['an empty file', new Uint8Array(), EMPTY_FILE_REASON],
    ['only a byte-order mark', new Uint8Array([0xef, 0xbb, 0xbf]), EMPTY_FILE_REASON],
    ['only blank space', utf8(' \n\t\r\n  '), BLANK_FILE_REASON],
    ['NUL bytes', utf8('PK\u0003\u0004\u0000\u0000 archive'), BINARY_FILE_REASON],
    ['a PNG header', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]), BINARY_FILE_REASON],
    ['many control characters', utf8('text\u0001\u0002\u0003\u0004\u0005 more text'), BINARY_FILE_REASON],
    ['Windows-1252 accents', new Uint8Array([...utf8('Caf'), 0xe9, ...utf8(' au lait, na'), 0xef, ...utf8('ve reviewer')]), NOT_UTF8_REASON],
    ['an overlong encoding', new Uint8Array([...utf8('slash '), 0xc0, 0xaf, ...utf8(' here')]), NOT_UTF8_REASON],
    ['an encoded surrogate', new Uint8Array([...utf8('half '), 0xed, 0xa0, 0x80, ...utf8(' pair')]), NOT_UTF8_REASON],
  ])('refuses %s with a reason', (_label, bytes, reason) => {
    expect(decodeText(bytes)).toEqual({ ok: false, reason });
  });

  test('tolerates one damaged byte in a large file, as a replacement character', () => {
    const body = 'CAR T cells expanded. '.repeat(1000);
    const bytes = new Uint8Array([...utf8(body), 0xff, ...utf8(body)]);
    const result = decodeText(bytes);
    expect(result).toEqual({ ok: true, text: `${body}\uFFFD${body}` });
  });

  test('a character cut off by the end of the file does not count as damage', () => {
    const bytes = new Uint8Array([...utf8('dose 5 '), 0xce]);
    expect(decodeText(bytes)).toEqual({ ok: true, text: 'dose 5 \uFFFD' });
  });

  test('one stray control character is allowed, as editors sometimes leave one', () => {
    expect(decodeText(utf8('page one\u000bpage two'))).toEqual({ ok: true, text: 'page one\u000bpage two' });
  });

  test('any text that is not blank and has no control characters round-trips through UTF-8', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), (text) => {
        fc.pre(text.trim().length > 0 && ![...text].some(isControl));
        expect(decodeText(utf8(text))).toEqual({ ok: true, text });
      }),
    );
  });

  test('whatever it accepts, it decodes exactly as the platform decoder does', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc
        .tuple(fc.string({ unit: 'binary', maxLength: 60 }), fc.nat(), fc.integer({ min: 0x80, max: 0xff }))
        .map(([text, at, byte]) => {
          const encoded = utf8(text);
          const cut = encoded.length === 0 ? 0 : at % encoded.length;
          return new Uint8Array([...encoded.subarray(0, cut), byte, ...encoded.subarray(cut)]);
        }),
    );
    fc.assert(
      fc.property(bytes, (input) => {
        const result = decodeText(input);
        if (result.ok) expect(result.text).toBe(new TextDecoder('utf-8').decode(input));
        else expect(result.reason.length).toBeGreaterThan(10);
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalizeNewlines', () => {
  test.each([
    ['a\r\nb\r\n', 'a\nb\n'],
    ['a\rb', 'a\nb'],
    ['a\n\r\nb', 'a\n\nb'],
    ['no breaks', 'no breaks'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeNewlines(input)).toBe(expected);
  });
});

describe('parsePlainText', () => {
  test('stores the text with LF line endings and marks it imported', () => {
    const result = parsePlainText('notes/trial notes.txt', utf8('Trial notes on CD19 CAR-T therapy\r\n\r\nFirst line.\r\nSecond line.\r\n'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [document] = result.documents;
    expect(document?.text).toBe('Trial notes on CD19 CAR-T therapy\n\nFirst line.\nSecond line.\n');
    expect(document?.meta).toMatchObject({
      title: 'Trial notes on CD19 CAR-T therapy',
      origin: 'imported',
      corpusVersion: null,
      fileName: 'notes/trial notes.txt',
      pageMap: null,
      type: 'other',
    });
  });

  test('keeps Markdown exactly as written and takes the first heading as the title', () => {
    const markdown = '# Lupus cohort: *CD19* CAR-T\n\nSLEDAI-2K fell to **0** in 8/8 (p<0.05*), patient #3 relapsed.\n\n- item_one\n';
    const result = parsePlainText('cohort.md', utf8(markdown));
    expect(result).toMatchObject({ ok: true, documents: [{ text: markdown, meta: { title: 'Lupus cohort: *CD19* CAR-T' } }] });
  });

  test('falls back to the file name for the title', () => {
    const result = parsePlainText('Smith 2024 follow-up.txt', utf8('ok.\nshort lines only.\n'));
    expect(result).toMatchObject({ ok: true, documents: [{ meta: { title: 'Smith 2024 follow-up' } }] });
  });

  test('fills identifiers found in the text', () => {
    const result = parsePlainText('a.txt', utf8('Registered as NCT04146051.\ndoi: 10.1002/acn3.70167.\nPMID: 40851234\n'));
    expect(result).toMatchObject({
      ok: true,
      documents: [{ meta: { trialRegistration: 'NCT04146051', doi: '10.1002/acn3.70167', pmid: '40851234' } }],
    });
  });

  test('passes the decoding reason through', () => {
    expect(parsePlainText('a.txt', new Uint8Array([0, 1, 2, 3]))).toEqual({ ok: false, reason: BINARY_FILE_REASON });
  });

  test('tells binary data from text by its control characters exactly as the rule says, however few or many (property)', () => {
    // The rule spelled out: NUL anywhere, or more C0 (but tab, LF, CR, FF), DEL and C1 characters than 1 % (at least 1).
    const isControl = (code: number) => (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0x7f || (code >= 0x80 && code <= 0x9f);
    const char = fc.oneof(
      { weight: 8, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 0x9f }).map((code) => String.fromCharCode(code)) },
    );
    fc.assert(
      fc.property(fc.array(char, { minLength: 1, maxLength: 400 }), (chars) => {
        const text = `A title line\n${chars.join('')}`;
        const codes = Array.from(text, (c) => c.codePointAt(0)!);
        const controls = codes.filter(isControl).length;
        const binary = codes.includes(0) || controls > Math.max(1, text.length * 0.01);
        const result = decodeText(new TextEncoder().encode(text));
        if (binary) expect(result).toEqual({ ok: false, reason: BINARY_FILE_REASON });
        else expect(result).toEqual({ ok: true, text });
      }),
      { numRuns: 400 },
    );
  });
});
