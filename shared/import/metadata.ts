// Guesses a document's bibliographic facts from its text, for formats that do not state them (plain
// text, scraped pages, PDFs). Only what is obvious is claimed; everything else stays null.
import type { DocumentType } from '../model';
import { MONTH_PATTERN, isoDate, monthNumber } from './dates';

export interface DetectedMetadata {
  title: string | null;
  authors: string[];
  doi: string | null;
  pmid: string | null;
  trialRegistration: string | null;
  publishedDate: string | null;
  type: DocumentType | null;
}

/** Title, byline, type and date are looked for near the top only: further down they are someone else's. */
const HEAD_CHARS = 20_000;
/**
 * Identifiers (DOI, PMID, registration) are looked for in this much of the head: an article prints
 * them on its first page or in its abstract. Reading only the head keeps detection constant-time,
 * so a 50 MB text costs what a 50 KB one does; further down they are usually a cited work's.
 */
export const IDENTIFIER_HEAD_CHARS = 64 * 1024;
const HEAD_LINES = 200;
const LONGEST_TITLE = 300;

/** Lines that web pages put above every article: skip links, government banners, menus, promotions. */
const SITE_FURNITURE: RegExp[] = [
  /^skip to\b/i,
  /\bofficial website of\b/i,
  /^an official (?:publication|website|journal)\b/i,
  /^(?:the )?\.gov means\b/i,
  /^federal government websites\b/i,
  /^the site is secure\b/i,
  /\baccess keys\b/i,
  /^(?:main )?(?:menu|navigation|search|home|log ?in|sign ?in|sign ?up|register|subscribe|share|print|download|toggle)\b/i,
  /^(?:video|webinar|podcast|advertisement|sponsored|related articles?|you may also like|recommended)\b/i,
  /\bcookies?\b/i,
  /\bjavascript\b/i,
  /\ball rights reserved\b/i,
  /^copyright\b|©/i,
  /^(?:saved in|cover|format|language|published in|main authors|online access|subjects)\b/i,
];

function isFurniture(line: string): boolean {
  return SITE_FURNITURE.some((pattern) => pattern.test(line));
}

/** "## Results" → "Results"; a Markdown heading is a heading whatever else the line looks like. */
function stripMarkdownHeading(line: string): { text: string; isHeading: boolean } {
  const match = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  return match ? { text: match[1] ?? '', isHeading: true } : { text: line, isHeading: false };
}

function looksLikeTitle(line: string): boolean {
  if (line.length < 15 || line.length > LONGEST_TITLE) return false;
  if (!/^(?:[\p{Lu}\p{N}"“‘'([]|\p{Ll}+\p{Lu})/u.test(line)) return false;
  if (/[|•·▪]|https?:|www\.|\t/.test(line)) return false;
  if (/\.$/.test(line) && !/\b(?:et al|vs|Inc|Ltd)\.$/.test(line)) return false;
  const words = line.split(/\s+/);
  if (words.length < 3 || words.length > 40) return false;
  const letters = line.match(/\p{L}/gu)?.length ?? 0;
  if (letters < line.length * 0.5) return false;
  return !isFurniture(line);
}

function headLines(text: string): string[] {
  return text.slice(0, HEAD_CHARS).split('\n', HEAD_LINES).map((line) => line.trim());
}

function findTitle(lines: string[]): string | null {
  for (const raw of lines) {
    if (raw.length === 0) continue;
    const { text, isHeading } = stripMarkdownHeading(raw);
    if (isHeading && text.length > 0 && text.length <= LONGEST_TITLE && !isFurniture(text)) return text;
    if (looksLikeTitle(text)) return text;
  }
  return null;
}

const NAME_WORD = String.raw`\p{Lu}[\p{L}'’.-]*`;
const PERSON = new RegExp(String.raw`^(?:${NAME_WORD}\s+){1,3}\p{Lu}[\p{L}'’-]+$`, 'u');
const DEGREE = /^(?:[A-Z][A-Za-z]{0,5}\.?){1,3}$/;
const ET_AL = new RegExp(String.raw`^((?:${NAME_WORD}\s+){1,3}\p{Lu}[\p{L}'’-]+\s+et al\.)`, 'u');

/** "Samantha C. Shapiro, MD" or "By Jane Doe": a person, optionally followed by degrees. */
function bylineName(segment: string): string | null {
  const text = segment.replace(/^by\s+/i, '').trim();
  const [name, ...degrees] = text.split(/\s*,\s*/);
  if (name === undefined || !PERSON.test(name) || degrees.length > 4) return null;
  return degrees.every((degree) => DEGREE.test(degree)) ? text.replace(/\s+/g, ' ') : null;
}

/**
 * Authors are claimed only from a byline right under a line equal to the title: PubMed's
 * "Rebecca Nicolai et al. Arthritis Rheumatol. 2024 Oct." or a magazine's "Name, MD | Issue | date".
 */
function findAuthors(lines: string[], title: string | null): string[] {
  if (title === null) return [];
  for (let i = 0; i < lines.length; i += 1) {
    if (stripMarkdownHeading(lines[i]!).text !== title) continue;
    const following = lines.slice(i + 1, i + 8).filter((line) => line.length > 0).slice(0, 3);
    for (const line of following) {
      const etAl = ET_AL.exec(line);
      if (etAl?.[1] !== undefined) return [etAl[1].replace(/\s+/g, ' ')];
      const first = line.split('|')[0] ?? '';
      if (line.includes('|') || /^by\s/i.test(line)) {
        const name = bylineName(first);
        if (name !== null) return [name];
      }
    }
  }
  return [];
}

/** Trailing punctuation from the sentence around a DOI, and a closing bracket it did not open. */
export function normalizeDoi(raw: string): string | null {
  const match = /10\.\d{4,9}\/[^\s"<>]+/.exec(raw);
  if (!match) return null;
  let doi = match[0];
  for (;;) {
    const trimmed = doi.replace(/[.,;:'"’”]+$/, '');
    const last = trimmed.at(-1);
    const unbalanced =
      (last === ')' && count(trimmed, '(') < count(trimmed, ')')) ||
      (last === ']' && count(trimmed, '[') < count(trimmed, ']')) ||
      (last === '}' && count(trimmed, '{') < count(trimmed, '}'));
    const next = unbalanced ? trimmed.slice(0, -1) : trimmed;
    if (next === doi) break;
    doi = next;
  }
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : null;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

export function findDoi(text: string): string | null {
  const match = /(?<![\d.])10\.\d{4,9}\/[^\s"<>]+/.exec(text);
  return match ? normalizeDoi(match[0]) : null;
}

export function findPmid(text: string): string | null {
  return /\bPMID\s*:?\s*(\d{1,9})\b/i.exec(text)?.[1] ?? null;
}

/** ClinicalTrials.gov first (the registry this field of medicine uses most), then ISRCTN, then EudraCT. */
export function findTrialRegistration(text: string): string | null {
  const nct = /\bNCT\d{8}\b/.exec(text);
  if (nct) return nct[0];
  const isrctn = /\bISRCTN\s?(\d{8})\b/.exec(text);
  if (isrctn) return `ISRCTN${isrctn[1]}`;
  const eudract = /\bEudraCT\b[^\d\n]{0,20}(\d{4}-\d{6}-\d{2})\b/i.exec(text);
  return eudract ? `EudraCT ${eudract[1]}` : null;
}

interface DateCandidate {
  index: number;
  iso: string;
}

/**
 * The first date written in a form that cannot be mistaken: "January 30, 2025", "8 July 2024",
 * PubMed's "2024 Oct;" or "Epub 2024 Jul 31.", ISO "2025-01-30" and day-first "08.08.2025" (a dotted
 * date is day-first wherever it is written). Bare "March 2025" is skipped: it is often an issue.
 */
function findPublishedDate(head: string): string | null {
  const patterns: { pattern: RegExp; toIso: (m: RegExpExecArray) => string | null }[] = [
    {
      pattern: new RegExp(String.raw`\b(${MONTH_PATTERN})\.? (\d{1,2}), (\d{4})\b`, 'g'),
      toIso: (m) => isoDate(Number(m[3]), monthNumber(m[1]!), Number(m[2])),
    },
    {
      pattern: new RegExp(String.raw`\b(\d{1,2}) (${MONTH_PATTERN})\.? (\d{4})\b`, 'g'),
      toIso: (m) => isoDate(Number(m[3]), monthNumber(m[2]!), Number(m[1])),
    },
    {
      pattern: new RegExp(String.raw`\b(\d{4}) (${MONTH_PATTERN})(?: (\d{1,2}))?(?=[;.:,)])`, 'g'),
      toIso: (m) => isoDate(Number(m[1]), monthNumber(m[2]!), m[3] === undefined ? null : Number(m[3])),
    },
    {
      pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/g,
      toIso: (m) => isoDate(Number(m[1]), Number(m[2]), Number(m[3])),
    },
    {
      pattern: /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.]\d)/g,
      toIso: (m) => isoDate(Number(m[3]), Number(m[2]), Number(m[1])),
    },
  ];
  let best: DateCandidate | null = null;
  for (const { pattern, toIso } of patterns) {
    for (const match of head.matchAll(pattern)) {
      if (best !== null && match.index >= best.index) break;
      const iso = toIso(match);
      if (iso !== null) {
        best = { index: match.index, iso };
        break;
      }
    }
  }
  return best?.iso ?? null;
}

const TYPE_PRIORITY: DocumentType[] = ['case-report', 'case-series', 'randomised-trial', 'clinical-trial', 'cohort', 'conference-abstract', 'review', 'news', 'commentary', 'letter'];

function typeOfPublicationType(label: string): DocumentType | null {
  const t = label.trim().toLowerCase();
  if (t === 'case reports' || t === 'case report') return 'case-report';
  if (t === 'case series' || t === 'case serie') return 'case-series';
  if (t === 'randomized controlled trial' || t === 'randomised controlled trial' || t === 'equivalence trial') return 'randomised-trial';
  if (/^(?:clinical trial\b|controlled clinical trial$|pragmatic clinical trial$)/.test(t)) {
    return 'clinical-trial';
  }
  if (t === 'review' || t === 'systematic review' || t === 'meta-analysis' || t === 'scoping review') return 'review';
  if (t === 'news' || t === 'newspaper article') return 'news';
  if (t === 'comment' || t === 'editorial' || t === 'commentary') return 'commentary';
  if (t === 'letter') return 'letter';
  if (t === 'observational study' || t === 'cohort studies' || t === 'cohort study') return 'cohort';
  if (t === 'congress' || t === 'meeting abstract' || t === 'conference abstract' || t === 'congresses') return 'conference-abstract';
  return null;
}

/** PubMed publication types to a document type; the most specific wins (a case report with a review is a case report). */
export function documentTypeFromPublicationTypes(labels: readonly string[]): DocumentType | null {
  const found = new Set(labels.map(typeOfPublicationType));
  return TYPE_PRIORITY.find((type) => found.has(type)) ?? null;
}

/** Scraped PubMed pages print the publication type on its own line above the title ("Case Reports"). */
function findType(lines: string[]): DocumentType | null {
  return documentTypeFromPublicationTypes(lines.slice(0, 40).filter((line) => line.length > 0 && line.length < 40));
}

export function detectMetadata(text: string): DetectedMetadata {
  const head = text.length > IDENTIFIER_HEAD_CHARS ? text.slice(0, IDENTIFIER_HEAD_CHARS) : text;
  const lines = headLines(head);
  const title = findTitle(lines);
  return {
    title,
    authors: findAuthors(lines, title),
    doi: findDoi(head),
    pmid: findPmid(head),
    trialRegistration: findTrialRegistration(head),
    publishedDate: findPublishedDate(head.slice(0, HEAD_CHARS)),
    type: findType(lines),
  };
}
