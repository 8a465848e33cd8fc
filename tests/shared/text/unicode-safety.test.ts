// Display-safe metadata: the invisible characters that reorder or disguise a title are removed, and
// everything a reader can see (accents, scripts, emoji, joiners inside words) is left alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displaySafeText, hasHiddenCharacters } from '@shared/text/unicode-safety';

describe('displaySafeText', () => {
  it.each([
    ['a right-to-left override that shows “exe.pdf” as “fdp.exe”', 'Report\u202Efdp.exe', 'Reportfdp.exe'],
    ['embeddings and their pop', 'A\u202Bb\u202Cc\u202Ad', 'Abcd'],
    ['bidi isolates', 'x\u2066y\u2067z\u2068w\u2069', 'xyzw'],
    ['bidi marks', '\u200Fdose\u200E \u061C', 'dose '],
    ['a zero-width space inside a name', 'Pfi\u200Bzer', 'Pfizer'],
    ['a word joiner and invisible times', 'a\u2060b\u2062c', 'abc'],
    ['a byte-order mark', '\uFEFFTitle', 'Title'],
    ['a soft hyphen', 'Immuno\u00ADtherapy', 'Immunotherapy'],
    ['tag characters hiding a sentence', 'Trial\u{E0049}\u{E0047}\u{E004E}', 'Trial'],
    ['Hangul fillers posing as spaces', 'a\u3164b\uFFA0c\u115F', 'abc'],
    ['the Mongolian vowel separator', 'a\u180Eb', 'ab'],
    ['NUL and other controls', 'a\u0000b\u0007c\u009Bd', 'abcd'],
    ['line breaks and tabs in a single line', 'two\nlines\tand\r\ntab\u2028', 'two lines and  tab '],
    ['a joiner with nothing to join', '\u200DTitle\u200C \u200D x', 'Title  x'],
    ['joiners between Latin letters and digits', 'NCT\u200D0001 Pfi\u200Czer', 'NCT0001 Pfizer'],
    ['a run of variation selectors', 'A\uFE00\uFE01\uFE02', 'A\uFE00'],
    ['supplementary variation selectors smuggling bytes', '😀\u{E0100}\u{E0101}\u{E0102}', '😀\u{E0100}'],
  ])('removes %s', (_name, input, expected) => {
    expect(displaySafeText(input)).toBe(expected);
    expect(hasHiddenCharacters(input)).toBe(true);
  });

  it.each([
    ['accents and typography', 'Sjögren’s disease: 1 × 10⁶ cells/kg — “CAR-T”'],
    ['Greek, Hebrew and Arabic', 'αβγ שלום مرحبا'],
    ['a ZWNJ inside a Persian word', 'می\u200Cخواهم'],
    ['a ZWJ inside a Devanagari conjunct', 'क्\u200Dष'],
    ['emoji sequences with joiners and selectors', '👩‍⚕️ ❤️‍🔥 🏳️‍🌈 🇩🇪 👍🏽'],
    ['CJK', '嵌合抗原受容体T細胞療法'],
  ])('keeps %s', (_name, text) => {
    expect(displaySafeText(text)).toBe(text);
    expect(hasHiddenCharacters(text)).toBe(false);
  });

  it('keeps tabs and line breaks in multi-line text', () => {
    expect(displaySafeText('note\n\twith\r\nlines\u202E', { multiline: true })).toBe('note\n\twith\r\nlines');
  });

  it('is idempotent and leaves no override, isolate, zero-width space or BOM in any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.boolean(), (text, multiline) => {
        const safe = displaySafeText(text, { multiline });
        expect(displaySafeText(safe, { multiline })).toBe(safe);
        // eslint-disable-next-line no-control-regex -- NUL is one of the characters that must be gone
        expect(safe).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B\u200E\u200F\uFEFF\u0000]/);
        if (!multiline) expect(safe).not.toMatch(/[\n\r\t]/);
      }),
    );
  });

  it('changes nothing in text made only of visible letters, digits, punctuation and spaces', () => {
    const visible = fc.string({ unit: fc.constantFrom(...'aAzZ09 .,;:-–—()[]’“”×µ±≥≤éüßñαβγשמ你好'.split('')), maxLength: 60 });
    fc.assert(
      fc.property(visible, (text) => {
        expect(displaySafeText(text)).toBe(text);
      }),
    );
  });
});
