// Reads BibTeX (.bib), as reference managers export it: one document per @article/@misc/… entry,
// its text the title and abstract. LaTeX is reduced to the characters it prints (accents, escaped
// symbols, braces). A hand-written scanner without recursion: a brace that never closes ends the
// reading (as BibTeX would read the rest as inside it), so each character is scanned a bounded
// number of times and a hostile file costs no more than its length; it never throws.
import { isoDate, monthNumber } from './dates';
import { personName } from './incoming';
import { documentTypeFromPublicationTypes, findTrialRegistration, normalizeDoi } from './metadata';
import { hasContent, pubmedRecordToDocument, splitAbstract } from './pubmed-record';
import type { ImportResult, PubmedRecord } from './types';

export const NO_BIBTEX_ENTRIES_REASON = 'This BibTeX file holds no entry with a title or an abstract (each entry starts with "@article{" or similar).';

export interface BibtexEntry {
  type: string;
  key: string;
  fields: Map<string, string>;
}

const MONTHS = new Map(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, String(i + 1)]));

/** True when a text looks like BibTeX: an @type{ or @type( near the start, after comments. */
export function looksLikeBibtex(text: string): boolean {
  return /^\uFEFF?(?:\s|%[^\n]*\n)*@[A-Za-z]+\s*[{(]/.test(text.slice(0, 4096));
}

class Scanner {
  pos = 0;
  /** Set when a value ran to the end of the file unclosed: nothing after it can be read. */
  exhausted = false;
  constructor(readonly text: string) {}

  space(): void {
    for (;;) {
      while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos += 1;
      if (this.text[this.pos] !== '%') return;
      const end = this.text.indexOf('\n', this.pos);
      this.pos = end < 0 ? this.text.length : end + 1;
    }
  }

  word(): string {
    const match = /[^\s"#%'(),={}]+/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (found === null) return '';
    this.pos = match.lastIndex;
    return found[0];
  }

  /** A {…} or "…" value, braces balanced; null when it never closes. Content is kept raw. */
  delimited(): string | null {
    const open = this.text[this.pos];
    const close = open === '{' ? '}' : '"';
    let depth = 0;
    const start = this.pos + 1;
    for (let i = start; i < this.text.length; i += 1) {
      const char = this.text[i];
      if (char === '\\') {
        i += 1;
        continue;
      }
      if (char === '{') depth += 1;
      else if (char === '}') {
        if (depth === 0) {
          if (close !== '}') return null;
          this.pos = i + 1;
          return this.text.slice(start, i);
        }
        depth -= 1;
      } else if (char === '"' && close === '"' && depth === 0) {
        this.pos = i + 1;
        return this.text.slice(start, i);
      }
    }
    this.exhausted = true;
    return null;
  }
}

const ACCENTS = new Map([
  ['"', '\u0308'],
  ["'", '\u0301'],
  ['`', '\u0300'],
  ['^', '\u0302'],
  ['~', '\u0303'],
  ['=', '\u0304'],
  ['.', '\u0307'],
  ['c', '\u0327'],
  ['v', '\u030C'],
  ['u', '\u0306'],
  ['H', '\u030B'],
  ['k', '\u0328'],
]);
const SYMBOLS = new Map([
  ['ss', 'ß'],
  ['o', 'ø'],
  ['O', 'Ø'],
  ['ae', 'æ'],
  ['AE', 'Æ'],
  ['oe', 'œ'],
  ['OE', 'Œ'],
  ['aa', 'å'],
  ['AA', 'Å'],
  ['l', 'ł'],
  ['L', 'Ł'],
  ['i', 'ı'],
  ['textendash', '–'],
  ['textemdash', '—'],
  ['textquoteright', '’'],
  ['textbeta', 'β'],
  ['alpha', 'α'],
  ['beta', 'β'],
  ['gamma', 'γ'],
  ['kappa', 'κ'],
  ['mu', 'μ'],
  ['pm', '±'],
  ['times', '×'],
  ['geq', '≥'],
  ['leq', '≤'],
]);

/**
 * The characters LaTeX would print: accents composed ({\"u}, \'{e}), escaped symbols (\&, \%),
 * named letters (\ss, \o), dashes; braces and unknown commands dropped, their arguments kept.
 */
export function latexToText(value: string): string {
  let out = value.replace(/\\([&%$#_{}])/g, (_, symbol: string) => `\uE000${symbol}`);
  out = out.replace(/\\([A-Za-z]+|["'`^~=.])\s*(?:\{\s*([A-Za-z]?)\s*\}|([A-Za-z]))?/g, (_match, command: string, braced: string | undefined, bare: string | undefined) => {
    const letter = braced ?? bare;
    const accent = ACCENTS.get(command);
    if (accent !== undefined && letter !== undefined && letter.length > 0) return `${letter === 'i' ? 'i' : letter}${accent}`;
    const symbol = SYMBOLS.get(command);
    if (symbol !== undefined) return symbol + (letter ?? '');
    // An unknown command (\emph, \textit) prints its argument.
    return letter ?? '';
  });
  out = out.replace(/---/g, '—').replace(/--/g, '–').replace(/[{}]/g, '').replace(/~/g, '\u00a0');
  return out.replace(/\uE000(.)/g, '$1').normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** The entries of a BibTeX file, @string macros applied; @comment and @preamble skipped. */
export function readBibtexEntries(text: string): BibtexEntry[] {
  const scanner = new Scanner(text);
  const macros = new Map(MONTHS);
  const entries: BibtexEntry[] = [];
  for (let at = text.indexOf('@'); at >= 0 && !scanner.exhausted; at = text.indexOf('@', Math.max(scanner.pos, at + 1))) {
    scanner.pos = at + 1;
    const type = scanner.word().toLowerCase();
    scanner.space();
    const open = text[scanner.pos];
    if (type.length === 0 || (open !== '{' && open !== '(')) continue;
    if (type === 'comment' || type === 'preamble') {
      if (open === '{') scanner.delimited();
      continue;
    }
    scanner.pos += 1;
    const entry = readEntryBody(scanner, open === '(' ? ')' : '}', macros);
    if (entry === null) continue;
    if (type === 'string') {
      for (const [name, value] of entry.fields) macros.set(name, value);
      continue;
    }
    entries.push({ type, key: entry.key, fields: entry.fields });
  }
  return entries;
}

function readEntryBody(scanner: Scanner, close: string, macros: Map<string, string>): { key: string; fields: Map<string, string> } | null {
  const fields = new Map<string, string>();
  scanner.space();
  // The key runs to the first comma; @string has none (its body is one field).
  const keyStart = scanner.pos;
  const key = scanner.word();
  scanner.space();
  if (scanner.text[scanner.pos] === '=') {
    scanner.pos = keyStart;
  } else if (scanner.text[scanner.pos] === ',') scanner.pos += 1;
  else if (scanner.text[scanner.pos] !== close) return null;
  const entryKey = scanner.pos === keyStart ? '' : key;
  for (;;) {
    scanner.space();
    const char = scanner.text[scanner.pos];
    if (char === undefined) return { key: entryKey, fields };
    if (char === close) {
      scanner.pos += 1;
      return { key: entryKey, fields };
    }
    if (char === ',') {
      scanner.pos += 1;
      continue;
    }
    if (char === '@') return { key: entryKey, fields };
    const name = scanner.word().toLowerCase();
    scanner.space();
    if (name.length === 0 || scanner.text[scanner.pos] !== '=') return { key: entryKey, fields };
    scanner.pos += 1;
    const value = readValue(scanner, macros);
    if (value === null) return { key: entryKey, fields };
    if (!fields.has(name)) fields.set(name, value);
  }
}

/** A value: pieces joined by #, each {…}, "…", a number or a macro name. */
function readValue(scanner: Scanner, macros: Map<string, string>): string | null {
  let value = '';
  for (;;) {
    scanner.space();
    const char = scanner.text[scanner.pos];
    if (char === '{' || char === '"') {
      const piece = scanner.delimited();
      if (piece === null) return null;
      value += piece;
    } else {
      const word = scanner.word();
      if (word.length === 0) return null;
      value += macros.get(word.toLowerCase()) ?? (/^\d+$/.test(word) ? word : '');
    }
    scanner.space();
    if (scanner.text[scanner.pos] !== '#') return value;
    scanner.pos += 1;
  }
}

/** "Smith, Jane and {World Health Organization} and John Doe": split on "and" outside braces. */
export function splitBibtexNames(value: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i += 1) {
    const char = value[i];
    if (char === '{') depth += 1;
    else if (char === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && /\s/.test(char!) && /^\s+and\s/i.test(value.slice(i, i + 6))) {
      names.push(value.slice(start, i));
      const after = /^\s+and\s+/i.exec(value.slice(i))!;
      i += after[0].length - 1;
      start = i + 1;
    }
  }
  names.push(value.slice(start));
  return names.map((name) => latexToText(name)).filter((name) => name.length > 0 && name.toLowerCase() !== 'others');
}

function bibtexDate(fields: Map<string, string>): string | null {
  const date = fields.get('date');
  const isoLike = date === undefined ? null : /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date.trim());
  if (isoLike) return isoDate(Number(isoLike[1]), isoLike[2] === undefined ? null : Number(isoLike[2]), isoLike[3] === undefined ? null : Number(isoLike[3]));
  const year = /\d{4}/.exec(fields.get('year') ?? '')?.[0];
  if (year === undefined) return null;
  const monthRaw = latexToText(fields.get('month') ?? '');
  const month = monthRaw.length === 0 ? null : monthNumber(monthRaw);
  return isoDate(Number(year), month) ?? isoDate(Number(year));
}

function recordOf(entry: BibtexEntry): PubmedRecord {
  const field = (name: string): string | null => {
    const value = entry.fields.get(name);
    if (value === undefined) return null;
    const text = latexToText(value);
    return text.length > 0 ? text : null;
  };
  const abstract = field('abstract') ?? '';
  const pmid = field('pmid') ?? (/^pmid:?\s*(\d{1,9})$/i.exec(field('eprint') ?? '')?.[1] ?? null);
  const doi = field('doi') ?? (field('url')?.includes('10.') ? field('url') : null);
  return {
    pmid: pmid !== null && /^\d{1,9}$/.test(pmid) ? pmid : null,
    title: field('title') ?? field('booktitle') ?? '',
    abstract: splitAbstract(abstract),
    authors: splitBibtexNames(entry.fields.get('author') ?? entry.fields.get('editor') ?? '').map(personName),
    journal: field('journal') ?? field('journaltitle') ?? field('booktitle'),
    publishedDate: bibtexDate(entry.fields),
    doi: doi === null ? null : normalizeDoi(doi),
    trialRegistration: findTrialRegistration([abstract, field('note') ?? ''].join('\n')),
    publicationTypes: (field('keywords') ?? '').split(/[;,]/).map((k) => k.trim()).filter((k) => documentTypeFromPublicationTypes([k]) !== null),
  };
}

export function bibtexToRecords(text: string): PubmedRecord[] {
  return readBibtexEntries(text).map(recordOf).filter(hasContent);
}

export function parseBibtex(name: string, text: string): ImportResult {
  const records = bibtexToRecords(text);
  if (records.length === 0) return { ok: false, reason: NO_BIBTEX_ENTRIES_REASON };
  return { ok: true, documents: records.map((record) => pubmedRecordToDocument(record, name)) };
}
