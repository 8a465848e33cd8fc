// Imports a saved web page: finds the article, drops everything that is not text, and keeps the
// article's structure as blank lines between blocks. Nothing from the file is rendered or executed.
//
// Order: the page is parsed with DOMParser (an inert document: no script runs, nothing loads), its
// <head> facts are read as plain attribute strings, then the body is sanitized with DOMPurify
// BEFORE Readability sees it. Readability is not a sanitizer; sanitizing first means Readability,
// the fallback path and the text walker all work on an allow-listed tree with no script, style,
// template, iframe or form content whose characters could leak into the reviewer's text, and
// Readability's scoring loses nothing it needs (DOMPurify keeps ids, classes and structure).
import { Readability } from '@mozilla/readability';
import DOMPurify from 'dompurify';
import { withInertDocuments } from '../../../platform/trusted-types';
import { parseMetaDate } from '@shared/import/dates';
import { mergeSections } from '@shared/import/html-sections';
import type { SectionCandidate } from '@shared/import/html-sections';
import { blocksToText, collapseWhitespace, htmlToBlocks } from '@shared/import/html-text';
import type { TextBlock } from '@shared/import/html-text';
import { importedDocument, personName } from '@shared/import/incoming';
import { detectMetadata, normalizeDoi } from '@shared/import/metadata';
import { NOT_UTF8_REASON, decodeText } from '@shared/import/text';
import type { DecodeResult, ImportResult } from '@shared/import/types';
import { markupNodeOf } from './dom-nodes';

export const NO_READABLE_TEXT_REASON =
  'This web page has no readable text: it may build its content with JavaScript, which Margin never runs. Save the page after it has loaded (or print it to PDF) and import that.';

/** Readability gives up (throws) past this many elements; the body is then used as it is. */
const MAX_ELEMENTS = 100_000;
/** An "article" shorter than this is a Readability miss (a caption, a teaser), not the page. */
const SHORTEST_ARTICLE = 140;
/** Page chrome left out when there is no article and the whole body is used. */
const CHROME_TAGS = ['nav', 'header', 'footer', 'aside', 'form', 'menu'];

/**
 * UTF-8 or UTF-16 first; a page that is not UTF-8 but names another charset in a <meta> (older
 * sites save as windows-1252) is decoded with that charset.
 */
function decodeHtml(bytes: Uint8Array): DecodeResult {
  const decoded = decodeText(bytes);
  if (decoded.ok || decoded.reason !== NOT_UTF8_REASON) return decoded;
  const head = String.fromCharCode(...bytes.subarray(0, 2048));
  const declared = /<meta[^>]{0,200}charset\s*=\s*["']?([\w-]{1,40})/i.exec(head)?.[1];
  if (declared === undefined || /^utf-?8$/i.test(declared)) return decoded;
  try {
    const text = new TextDecoder(declared).decode(bytes);
    return text.trim().length > 0 ? { ok: true, text } : decoded;
  } catch {
    return decoded;
  }
}

/** `<meta name|property=… content=…>` values by lower-cased key, in document order. */
function metaValues(doc: Document): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const meta of Array.from(doc.getElementsByTagName('meta'))) {
    const key = (meta.getAttribute('name') ?? meta.getAttribute('property') ?? '').trim().toLowerCase();
    const content = collapseWhitespace(meta.getAttribute('content') ?? '');
    if (key.length === 0 || content.length === 0) continue;
    values.set(key, [...(values.get(key) ?? []), content]);
  }
  return values;
}

function firstOf(values: Map<string, string[]>, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = values.get(key)?.[0];
    if (value !== undefined) return value;
  }
  return null;
}

/** The body, sanitized, in a fresh inert document that Readability may change at will. */
function sanitizedDocument(source: Document, title: string): Document {
  const clean = new DOMParser().parseFromString('<!DOCTYPE html><html><head></head><body></body></html>', 'text/html');
  clean.title = title;
  if (source.body === null) return clean;
  const purified = DOMPurify.sanitize(source.body, {
    RETURN_DOM: true,
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'button', 'select', 'option', 'textarea', 'input', 'datalist', 'dialog'],
  });
  const body = clean.importNode(purified, true);
  if (body.nodeName === 'BODY') clean.body.replaceWith(body);
  else clean.body.append(body);
  return clean;
}

/** Class or id words that name a part of the article itself (PMC, Springer, Elsevier, Wiley, JATS-like pages). */
const LABELLED_PART = /(?:^|[-_])(?:abstract|keywords?|kwd-group)(?:$|[-_\d])/i;
/** Labelled sections that belong to the site, not the article. */
const SITE_SECTION = /^(?:related|recommended|similar|more (?:from|like)|you may also|cited by|citing|metrics|comments?|share|most (?:read|viewed)|trending|advertisement|recently viewed)/i;
const SECTION_CHROME = 'nav, footer, aside, menu, [role="navigation"], [role="contentinfo"], [role="complementary"]';

function firstHeading(element: Element): Element | null {
  for (const child of Array.from(element.children)) {
    if (/^h[1-6]$/i.test(child.localName)) return child;
    if (child.localName === 'header' || child.localName === 'hgroup') {
      const inner = child.querySelector('h1, h2, h3, h4, h5, h6');
      if (inner !== null) return inner;
    }
  }
  return null;
}

/** An abstract, keywords, or a <section> with a label or heading: a part of the article a reader expects. */
function isLabelledPart(element: Element): boolean {
  if (element.closest(SECTION_CHROME) !== null) return false;
  const heading = element.getAttribute('aria-labelledby') !== null
    ? element.ownerDocument.getElementById(element.getAttribute('aria-labelledby')!.split(/\s+/)[0] ?? '')
    : firstHeading(element);
  if (heading !== null && SITE_SECTION.test(collapseWhitespace(heading.textContent ?? ''))) return false;
  if (element.getAttribute('role') === 'doc-abstract') return true;
  const words = `${element.getAttribute('class') ?? ''} ${element.id}`.split(/\s+/);
  if (words.some((word) => LABELLED_PART.test(word))) return true;
  return element.localName === 'section' && (element.getAttribute('aria-labelledby') !== null || firstHeading(element) !== null);
}

/** The page's labelled parts as a tree (a part nested in another is its child), in document order. */
function labelledParts(body: HTMLElement): SectionCandidate[] {
  const roots: SectionCandidate[] = [];
  const open: { element: Element; candidate: SectionCandidate }[] = [];
  for (const element of Array.from(body.querySelectorAll('section, div, [role="doc-abstract"]'))) {
    if (!isLabelledPart(element)) continue;
    while (open.length > 0 && !open.at(-1)!.element.contains(element)) open.pop();
    const candidate: SectionCandidate = { blocks: htmlToBlocks(markupNodeOf(element)), children: [] };
    (open.at(-1)?.candidate.children ?? roots).push(candidate);
    open.push({ element, candidate });
  }
  return roots;
}

/** The article's blocks, and Readability's cleaned title ("Title | Site" loses the site). */
function articleBlocks(clean: Document): { blocks: TextBlock[]; title: string | null } {
  const fallback = clean.body.cloneNode(true);
  let article: Node | null = null;
  let title: string | null = null;
  try {
    const parsed = new Readability<Node>(clean.cloneNode(true) as Document, {
      serializer: (node) => node,
      maxElemsToParse: MAX_ELEMENTS,
    }).parse();
    article = parsed?.content ?? null;
    title = parsed?.title ? collapseWhitespace(parsed.title) : null;
  } catch {
    // Readability throws on documents over its element budget; the body below is the answer then.
  }
  if (article !== null) {
    const blocks = htmlToBlocks(markupNodeOf(article));
    if (blocks.reduce((length, block) => length + block.text.length, 0) >= SHORTEST_ARTICLE) {
      const parts = labelledParts(clean.body);
      if (parts.length === 0) return { blocks, title };
      return { blocks: mergeSections(blocks, htmlToBlocks(markupNodeOf(clean.body)), parts), title };
    }
  }
  return { blocks: htmlToBlocks(markupNodeOf(fallback), { skipTags: CHROME_TAGS }), title };
}

function startsWithTitle(blocks: TextBlock[], title: string): boolean {
  const wanted = collapseWhitespace(title).toLowerCase();
  return blocks.slice(0, 3).some((block) => collapseWhitespace(block.text).toLowerCase().includes(wanted));
}

export function parseHtml(name: string, bytes: Uint8Array): ImportResult {
  const decoded = decodeHtml(bytes);
  if (!decoded.ok) return decoded;
  const source = new DOMParser().parseFromString(decoded.text, 'text/html');
  const meta = metaValues(source);
  const pageTitle = collapseWhitespace(source.title);
  const metaTitle = firstOf(meta, 'citation_title', 'og:title', 'dc.title', 'twitter:title');

  // Readability rewrites its inert copy with innerHTML, which Trusted Types allow only in this scope.
  const article = withInertDocuments(() => articleBlocks(sanitizedDocument(source, pageTitle)));
  const blocks = article.blocks;
  const title = metaTitle ?? (article.title || null) ?? (pageTitle.length > 0 ? pageTitle : null);
  if (blocks.length === 0) return { ok: false, reason: NO_READABLE_TEXT_REASON };
  if (title !== null && !startsWithTitle(blocks, title)) blocks.unshift({ kind: 'heading', text: title });
  const text = blocksToText(blocks);
  if (text.trim().length === 0) return { ok: false, reason: NO_READABLE_TEXT_REASON };

  const found = detectMetadata(text);
  // Highwire's citation_author is "Last, First"; free-form author tags ("Jane Doe, MD") are kept as written.
  const citationAuthors = (meta.get('citation_author') ?? []).map(personName);
  const metaAuthors = citationAuthors.length > 0 ? citationAuthors : (meta.get('dc.creator') ?? meta.get('author') ?? []);
  const metaDate = firstOf(meta, 'citation_publication_date', 'citation_date', 'citation_online_date', 'dc.date', 'article:published_time');
  const metaDoi = firstOf(meta, 'citation_doi', 'prism.doi', 'dc.identifier');
  const metaPmid = firstOf(meta, 'citation_pmid');
  return {
    ok: true,
    documents: [
      importedDocument(name, text, {
        title: title ?? found.title,
        authors: metaAuthors.length > 0 ? metaAuthors : found.authors,
        journal: firstOf(meta, 'citation_journal_title', 'og:site_name'),
        publishedDate: (metaDate === null ? null : parseMetaDate(metaDate)) ?? found.publishedDate,
        doi: (metaDoi === null ? null : normalizeDoi(metaDoi)) ?? found.doi,
        pmid: metaPmid !== null && /^\d{1,9}$/.test(metaPmid) ? metaPmid : found.pmid,
        trialRegistration: found.trialRegistration,
        type: found.type,
      }),
    ],
  };
}
