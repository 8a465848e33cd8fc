// Finds the numbers in scraped article text as a reviewer reads them: "1,000", "−34", "twenty-nine",
// and powers of ten, including superscripts that scraping flattened ("1 × 106" was 1 × 10⁶).

/** How a power of ten was written; `flattened` and `missing` are guesses the reviewer should confirm. */
export type ExponentSource = 'superscript' | 'caret' | 'e-notation' | 'parenthesized' | 'flattened' | 'missing';

export interface NumberToken {
  value: number;
  /** The number as written before any power of ten: 52.5 in "52.5 × 10⁶". */
  mantissa: number;
  exponent: number | null;
  exponentSource: ExponentSource | null;
  /** Offsets into the cleaned text (see `cleanText`). */
  start: number;
  end: number;
  kind: 'digits' | 'words';
  /** Written with an explicit sign: "+325 days", "−34 days". */
  signed: boolean;
  /** Glued to a name ("CD19", "MDA5", "NCT04146051", "IL-6", a footnote "n=4).1"): not an amount. */
  attachedBefore: boolean;
  /** Followed at once by a letter ("2K", "Phase 2a", "10mg"). */
  attachedAfter: boolean;
}

/**
 * Collapses the spacing quirks of scraped pages (non-breaking and thin spaces, soft hyphens, line
 * breaks) to single spaces, so every reader sees the same plain text.
 */
export function cleanText(text: string): string {
  return text
    .replace(/\u00ad|\u200b|\u200c|\u200d|\ufeff/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

// Maps, not object literals: the words and characters looked up come from the tagged text, and a
// word like "constructor" must not find Object.prototype's.
const SUPERSCRIPTS: ReadonlyMap<string, string> = new Map(Object.entries({
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '⁻': '-',
  '⁺': '+',
}));
const SUPERSCRIPT_RUN = /^[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+/;

// Thousands groups are tried first so "1,000" is one number; a comma followed by anything other
// than exactly three digits ends the number ("2, 3, 6" and footnotes "1,2" stay apart).
const DIGITS = /([+\-\u2212\u2013\u2014]?)(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(\.\d+)?/g;
// A sign only where a new number can start; after a letter the dash is a hyphen in a name ("IL-6").
const SIGN_MAY_FOLLOW = /[\s([{=:;≈~<>≤≥,]/;
const LETTER = /\p{L}/u;
const TIMES_TEN = /^\s*[×xX✕⨯*·∙]\s*10(?![.,]\d)/;

function toAsciiSign(sign: string): string {
  return sign === '' || sign === '+' ? '' : '-';
}

interface ExponentRead {
  exponent: number;
  source: ExponentSource;
  length: number;
}

/** Reads the exponent right after a written "10" (the base itself already consumed). */
function readExponentAfterTen(rest: string): ExponentRead | null {
  const sup = SUPERSCRIPT_RUN.exec(rest);
  if (sup) {
    const ascii = [...sup[0]].map((ch) => SUPERSCRIPTS.get(ch) ?? '').join('');
    return { exponent: Number(ascii), source: 'superscript', length: sup[0].length };
  }
  const caret = /^\s*\^\s*\(?\s*([+\-\u2212]?\d{1,3})\s*\)?/.exec(rest);
  if (caret?.[1] !== undefined) {
    return { exponent: Number(caret[1].replace('\u2212', '-')), source: 'caret', length: caret[0].length };
  }
  const eNotation = /^[eE]([+\-\u2212]?\d{1,3})(?!\d)/.exec(rest);
  if (eNotation?.[1] !== undefined) {
    return { exponent: Number(eNotation[1].replace('\u2212', '-')), source: 'e-notation', length: eNotation[0].length };
  }
  // MEDLINE writes superscripts in parentheses: "1 x 10(6) CAR T cells per kg".
  const parenthesized = /^\(\s*([+\-\u2212]?\d{1,2})\s*\)/.exec(rest);
  if (parenthesized?.[1] !== undefined) {
    return { exponent: Number(parenthesized[1].replace('\u2212', '-')), source: 'parenthesized', length: parenthesized[0].length };
  }
  // One or two digits glued to "10" are a superscript that lost its formatting; three or more (or
  // a leading zero, as in "× 100") are a plain number, not an exponent.
  const flattened = /^([1-9]\d?)(?![\d.,]\d|\d)/.exec(rest);
  if (flattened?.[1] !== undefined) {
    return { exponent: Number(flattened[1]), source: 'flattened', length: flattened[0].length };
  }
  if (/^\d/.test(rest)) return null;
  return { exponent: 1, source: 'missing', length: 0 };
}

function digitTokens(text: string): NumberToken[] {
  const tokens: NumberToken[] = [];
  DIGITS.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = DIGITS.exec(text)) !== null) {
    let sign = match[1] ?? '';
    const intPart = (match[2] ?? '').replace(/,/g, '');
    const fraction = match[3] ?? '';
    let start = match.index;
    const before = text[start - 1];
    let attachedBefore = false;
    if (sign !== '') {
      const signAllowed = before === undefined || SIGN_MAY_FOLLOW.test(before);
      if (!signAllowed) {
        attachedBefore = before !== undefined && LETTER.test(before);
        sign = '';
        start += 1;
      }
    } else if (before !== undefined && (LETTER.test(before) || before === '.' || before === ',')) {
      attachedBefore = true;
    }
    let end = match.index + match[0].length;
    const mantissaText = `${toAsciiSign(sign)}${intPart}${fraction}`;
    let exponent: ExponentRead | null = null;
    const rest = text.slice(end, end + 24);
    if (intPart === '10' && fraction === '' && /^(?:\s*\^|[⁻⁺⁰¹²³⁴⁵⁶⁷⁸⁹])/.test(rest)) {
      // "10⁶ cells" and "10^6 cells": a bare power of ten, mantissa 1.
      exponent = readExponentAfterTen(rest);
      if (exponent) {
        end += exponent.length;
        const value = Number(`${toAsciiSign(sign)}1e${exponent.exponent}`);
        tokens.push(makeToken(value, sign === '' ? 1 : -1, exponent, start, end, sign !== '', attachedBefore, text));
        DIGITS.lastIndex = end;
        continue;
      }
    }
    const eNotation = /^[eE]([+\-\u2212]?\d{1,3})(?![\d\p{L}])/u.exec(rest);
    if (eNotation?.[1] !== undefined) {
      exponent = { exponent: Number(eNotation[1].replace('\u2212', '-')), source: 'e-notation', length: eNotation[0].length };
    } else {
      const times = TIMES_TEN.exec(rest);
      if (times) {
        const afterTen = readExponentAfterTen(rest.slice(times[0].length));
        if (afterTen) exponent = { ...afterTen, length: times[0].length + afterTen.length };
      }
    }
    const mantissa = Number(mantissaText);
    if (exponent) {
      end += exponent.length;
      const value = Number(`${mantissaText}e${exponent.exponent}`);
      tokens.push(makeToken(value, mantissa, exponent, start, end, sign !== '', attachedBefore, text));
    } else {
      tokens.push(makeToken(mantissa, mantissa, null, start, end, sign !== '', attachedBefore, text));
    }
    DIGITS.lastIndex = end;
  }
  return tokens;
}

function makeToken(
  value: number,
  mantissa: number,
  exponent: ExponentRead | null,
  start: number,
  end: number,
  signed: boolean,
  attachedBefore: boolean,
  text: string,
): NumberToken {
  const after = text[end];
  return {
    value,
    mantissa,
    exponent: exponent?.exponent ?? null,
    exponentSource: exponent?.source ?? null,
    start,
    end,
    kind: 'digits',
    signed,
    attachedBefore,
    attachedAfter: after !== undefined && LETTER.test(after),
  };
}

/** The number words below twenty and their values; read-grade reads "grade three" with them too. */
export const SMALL_WORDS: ReadonlyMap<string, number> = new Map(Object.entries({
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
}));
const TENS_WORDS: ReadonlyMap<string, number> = new Map(Object.entries({
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
}));
const SCALE_WORDS: ReadonlyMap<string, number> = new Map([
  ['thousand', 1000],
  ['million', 1_000_000],
]);

interface Word {
  text: string;
  start: number;
  end: number;
}

/**
 * Reads one number written in words starting at `words[from]`: "seven", "twenty-nine",
 * "one hundred and five". Stops at the first word that cannot continue the number, so "two to
 * four" gives two numbers and "one two" never becomes three.
 */
function readWordNumber(words: Word[], from: number, text: string): { value: number; next: number } | null {
  let total = 0;
  let current = 0;
  let last: 'none' | 'small' | 'tens' | 'hundred' | 'scale' = 'none';
  let index = from;
  let consumed = from;
  while (index < words.length) {
    const word = words[index];
    if (word === undefined) break;
    if (index > from) {
      const previous = words[index - 1];
      const gap = previous === undefined ? '' : text.slice(previous.end, word.start);
      if (!/^[\s-]$/.test(gap)) break;
    }
    const lower = word.text.toLowerCase();
    if (lower === 'and' && (last === 'hundred' || last === 'scale')) {
      index += 1;
      continue;
    }
    const small = SMALL_WORDS.get(lower);
    const tens = TENS_WORDS.get(lower);
    const scale = SCALE_WORDS.get(lower);
    if (small !== undefined) {
      const fitsAfterTens = last === 'tens' && small >= 1 && small <= 9;
      if (!(last === 'none' || last === 'hundred' || last === 'scale' || fitsAfterTens)) break;
      if (small === 0 && last !== 'none') break;
      current += small;
      last = 'small';
    } else if (tens !== undefined) {
      if (!(last === 'none' || last === 'hundred' || last === 'scale')) break;
      current += tens;
      last = 'tens';
    } else if (lower === 'hundred') {
      if (!(last === 'small' || last === 'tens') || current === 0 || current >= 100) break;
      current *= 100;
      last = 'hundred';
    } else if (scale !== undefined) {
      if (last === 'none' || last === 'scale' || current === 0) break;
      total += current * scale;
      current = 0;
      last = 'scale';
    } else {
      break;
    }
    index += 1;
    consumed = index;
  }
  if (consumed === from) return null;
  return { value: total + current, next: consumed };
}

function wordTokens(text: string): NumberToken[] {
  const words: Word[] = [];
  for (const match of text.matchAll(/\p{L}+/gu)) {
    words.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  }
  const tokens: NumberToken[] = [];
  let index = 0;
  while (index < words.length) {
    const read = readWordNumber(words, index, text);
    if (read) {
      const first = words[index];
      const last = words[read.next - 1];
      if (first && last) {
        tokens.push({
          value: read.value,
          mantissa: read.value,
          exponent: null,
          exponentSource: null,
          start: first.start,
          end: last.end,
          kind: 'words',
          signed: false,
          attachedBefore: false,
          attachedAfter: false,
        });
      }
      index = read.next;
    } else {
      index += 1;
    }
  }
  return tokens;
}

/** Every number in the (cleaned) text, in reading order. */
export function findNumbers(text: string): NumberToken[] {
  return [...digitTokens(text), ...wordTokens(text)].sort((a, b) => a.start - b.start);
}

/** The numbers that can be amounts: not glued to a name or a footnote. */
export function amountNumbers(text: string): NumberToken[] {
  return findNumbers(text).filter((token) => !token.attachedBefore);
}
