// Reads a PDF's bibliographic facts from its first page as printed: the title is the largest type,
// the authors the line of names under it, the journal the citation line with a year, the date the
// "Published" (or "Available online") date. A PDF's own Title field is used only when it looks like
// a title, since producers fill it with file names ("Microsoft Word - draft3.docx").
import { MONTH_PATTERN, isoDate, monthNumber } from './dates';
import { isSectionName } from '../text/sections';
import type { PdfLine } from './pdf-lines';

export interface PdfFrontMatter {
  title: string | null;
  authors: string[];
  journal: string | null;
  publishedDate: string | null;
}

/** The title is at least this much larger than the body text. */
const TITLE_SIZE = 1.15;
/** Only lines this close to the top of the first page are looked at for the title and authors. */
const HEAD_LINES = 40;

const AFFILIATION = /\b(?:university|universit[àäé]|hospital|department|dept\.|institute|instituto|center|centre|clinic|school|faculty|laboratory|college|foundation|division|unit)\b|@/i;
const DEGREES = new Set(['md', 'phd', 'msc', 'bsc', 'mph', 'rn', 'mbbs', 'frcp', 'facp', 'dphil', 'ma', 'ba', 'ms', 'do', 'pharmd', 'mba', 'prof', 'dr']);
const PARTICLE = /^(?:van|von|de|da|del|della|der|di|du|dos|das|le|la|bin|ibn|al|el|ten|ter|y)$/;
const NAME_WORD = /^\p{Lu}[\p{L}'’-]*\.?$|^\p{Lu}\.(?:-?\p{Lu}\.)*$/u;
/** Marks of affiliations and correspondence beside names: super/subscripts, carets, daggers, asterisks. */
const NAME_MARKS = /[⁰¹²³⁴-⁹⁺⁻⁼⁽⁾ⁿⁱ₀-₉*†‡§¶#]+|\^[^\s,;]+|\d+(?=\s*(?:,|;|$|\band\b))/gu;

/** "Microsoft Word - draft3.docx", "untitled", "case_report_final", "Title": not a title. */
export function usableTitle(value: unknown, fileName?: string): string | null {
  if (typeof value !== 'string') return null;
  const title = value.replace(/\s+/g, ' ').trim();
  if (title.length < 10 || title.length > 400) return null;
  if (title.split(' ').length < 3) return null;
  if ((title.match(/\p{L}/gu)?.length ?? 0) < title.length * 0.5) return null;
  if (/^(?:microsoft\s+(?:word|powerpoint)|untitled|document\d*\b|title\b|adobe\b|print\b|pdf\b|scan\b|doi:?\s*10\.)/i.test(title)) return null;
  if (/\.(?:docx?|pdf|tex|indd|qxd|qxp|dvi|rtf|odt|pages|ps|eps|xml|html?)$/i.test(title)) return null;
  if (/^[\w.-]+$/.test(title) || /_\w+_/.test(title)) return null;
  if (/^\S+\.(?:docx?|pdf)\b/i.test(title)) return null;
  if (fileName !== undefined && title.toLowerCase() === fileName.replace(/\.[^.]*$/, '').toLowerCase()) return null;
  return title;
}

function looksLikeTitle(text: string): boolean {
  if (text.length < 10 || text.length > 400 || text.split(' ').length < 2) return false;
  if ((text.match(/\p{L}/gu)?.length ?? 0) < text.length * 0.5) return false;
  return !isSectionName(text);
}

function joinTitle(lines: readonly PdfLine[]): string {
  let text = '';
  for (const line of lines) {
    if (text.length === 0) text = line.text;
    else if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(line.text)) text = text.slice(0, -1) + line.text;
    else text = `${text} ${line.text}`;
  }
  return text;
}

/** "Anna Berg¹, Jonas Weber²* and C. M. de Vries³" → the three names; null when the line is not a list of names. */
export function namesOf(line: string): string[] | null {
  const cleaned = line.replace(NAME_MARKS, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned.length === 0 || AFFILIATION.test(cleaned) || /\d/.test(cleaned)) return null;
  const parts = cleaned
    .split(/\s*(?:,|;|\band\b|&)\s*/i)
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && !DEGREES.has(part.toLowerCase().replace(/\./g, '')));
  if (parts.length === 0) return null;
  const names = parts.filter((part) => {
    const words = part.split(' ');
    if (words.length < 2 || words.length > 5) return false;
    return words.every((word, index) => NAME_WORD.test(word) || (index > 0 && index < words.length - 1 && PARTICLE.test(word)));
  });
  return names.length === parts.length ? names : null;
}

const DATE_FORMS: { pattern: RegExp; iso: (m: RegExpExecArray) => string | null }[] = [
  { pattern: new RegExp(String.raw`^(\d{1,2})\s+(${MONTH_PATTERN})\.?,?\s+(\d{4})`, 'i'), iso: (m) => isoDate(Number(m[3]), monthNumber(m[2]!), Number(m[1])) },
  { pattern: new RegExp(String.raw`^(${MONTH_PATTERN})\.?\s+(\d{1,2}),?\s+(\d{4})`, 'i'), iso: (m) => isoDate(Number(m[3]), monthNumber(m[1]!), Number(m[2])) },
  { pattern: /^(\d{4})-(\d{2})-(\d{2})\b/, iso: (m) => isoDate(Number(m[1]), Number(m[2]), Number(m[3])) },
  { pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})\b/, iso: (m) => isoDate(Number(m[3]), Number(m[2]), Number(m[1])) },
  { pattern: new RegExp(String.raw`^(${MONTH_PATTERN})\.?\s+(\d{4})`, 'i'), iso: (m) => isoDate(Number(m[2]), monthNumber(m[1]!)) },
];

function dateAt(text: string): string | null {
  for (const { pattern, iso } of DATE_FORMS) {
    const match = pattern.exec(text);
    if (match) return iso(match);
  }
  return null;
}

/** Which printed date is the publication date, best first. */
const DATE_LABELS: { label: RegExp; rank: number }[] = [
  { label: /published(?:\s+online)?/i, rank: 0 },
  { label: /available\s+online/i, rank: 1 },
  { label: /first\s+published/i, rank: 0 },
  { label: /epub(?:\s+ahead\s+of\s+print)?/i, rank: 2 },
];

function publishedDateOf(text: string): string | null {
  let best: { rank: number; iso: string } | null = null;
  for (const { label, rank } of DATE_LABELS) {
    const pattern = new RegExp(String.raw`\b(?:${label.source})\s*(?:on\s*)?[:\-–]?\s*`, 'gi');
    for (const match of text.matchAll(pattern)) {
      const iso = dateAt(text.slice(match.index + match[0].length));
      if (iso !== null && (best === null || rank < best.rank)) best = { rank, iso };
    }
  }
  return best?.iso ?? null;
}

/** "Clinical Cell Therapy Reports · 2025;3(4):201–208" → the name and the year. */
const CITATION_LINE = [
  /^(.*?\p{L}.*?)[\s·•|,.;:–—-]*\b((?:19|20)\d{2})\s*[;,]\s*\d{1,4}\s*(?:\(\s*[\d–-]+\s*\))?\s*[:,]\s*[a-z]?\d{1,6}/iu,
  /^(.*?\p{L}.*?)[\s·•|,.;:–—-]*\(\s*((?:19|20)\d{2})\s*\)\s*\d{1,4}\s*(?:\(\s*[\d–-]+\s*\))?\s*:\s*[a-z]?\d{1,6}/iu,
  /^(.*?\p{L}.*?)[\s·•|,.;:–—-]*\b(?:vol(?:ume)?\.?\s*\d{1,4}\s*[,;]?\s*(?:no|issue)\.?\s*\d{1,4})\s*[,;(]?\s*(?:\p{L}+\s+)?((?:19|20)\d{2})/iu,
];

function journalOf(lines: readonly PdfLine[]): { journal: string; year: string } | null {
  // The running head and the footer first: that is where journals print their citation line.
  const ordered = [...lines.filter((l) => l.role !== 'body'), ...lines.filter((l) => l.role === 'body').slice(0, HEAD_LINES)];
  for (const line of ordered) {
    for (const pattern of CITATION_LINE) {
      const match = pattern.exec(line.text);
      if (!match) continue;
      const journal = match[1]!.replace(/^(?:©|\(c\))\s*/i, '').replace(/[\s·•|,.;:–—-]+$/u, '').trim();
      if (journal.length < 3 || journal.length > 120 || /^(?:page|doi|https?)\b/i.test(journal) || journal.split(' ').length > 12) continue;
      return { journal, year: match[2]! };
    }
  }
  return null;
}

/** The first page's facts. `bodySize` is the size most of the document's text is set in. */
export function pdfFrontMatter(firstPage: readonly PdfLine[], bodySize: number): PdfFrontMatter {
  const body = firstPage.filter((line) => line.role === 'body').slice(0, HEAD_LINES);
  let title: string | null = null;
  let authors: string[] = [];
  const largest = body.reduce((max, line) => Math.max(max, line.size), 0);
  if (bodySize > 0 && largest >= bodySize * TITLE_SIZE) {
    const first = body.findIndex((line) => Math.abs(line.size - largest) < 0.5);
    let last = first;
    while (last + 1 < body.length && Math.abs(body[last + 1]!.size - largest) < 0.5) last += 1;
    const text = joinTitle(body.slice(first, last + 1));
    if (looksLikeTitle(text)) {
      title = text;
      for (const line of body.slice(last + 1, last + 5)) {
        const names = namesOf(line.text);
        if (names === null) {
          if (authors.length > 0) break;
          continue;
        }
        authors = [...authors, ...names];
        if (!/(?:,|\band)$/.test(line.text.replace(NAME_MARKS, '').trim())) break;
      }
    }
  }
  const citation = journalOf(firstPage);
  const printed = publishedDateOf(firstPage.map((line) => line.text).join('\n'));
  return {
    title,
    authors,
    journal: citation?.journal ?? null,
    publishedDate: printed ?? (citation === null ? null : citation.year),
  };
}
