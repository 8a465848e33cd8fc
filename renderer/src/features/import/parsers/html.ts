// Imports a saved web page: finds the article, drops everything that is not text, and keeps the
// article's structure as blank lines between blocks. Nothing from the file is rendered or executed.
//
// This runs in the import Worker, which has no DOMParser. The page is parsed by parse5 (the HTML
// standard's tree construction, as a browser's DOMParser does it: implied <body>, misnested tags
// repaired) and built, to a bounded depth, into a linkedom document (a DOM in plain JavaScript: no
// script runs, nothing loads, no live document exists to touch). Order: its <head> facts are read
// as plain attribute strings; then the body is pruned to an allow-list (pruneToText) BEFORE
// Readability sees it. Readability is not a sanitizer;
// pruning first means Readability, the fallback path and the text walker all work on a tree with
// no script, style, template, iframe or form content whose characters could leak into the
// reviewer's text. DOMPurify did this step on the main thread; it needs the browser's own DOM and
// does not run on linkedom, and since nothing here is ever rendered, what it was kept for (no
// hidden or executable content reaching the text) is exactly what the prune does.
import { Readability } from '@mozilla/readability';
import { DOMParser as LinkedomParser } from 'linkedom/worker';
import { parse as parseHtml5 } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
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

/** Below this depth a page's elements are read as their text alone: no article nests so deep, a hostile page nests thousands. */
export const MAX_HTML_DEPTH = 256;

/** Removed with everything inside: never text for a reader (DOMPurify's forbidden contents, and form controls). */
const DROPPED = new Set([
  'script', 'style', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math',
  'canvas', 'audio', 'video', 'noembed', 'noframes', 'xmp', 'plaintext', 'head', 'title', 'textarea', 'select',
  'option', 'datalist', 'button', 'input', 'dialog', 'link', 'meta', 'base',
]);
/** Removed, their content kept, as DOMPurify did for forms. */
const UNWRAPPED = new Set(['form']);

type Html5Node = DefaultTreeAdapterMap['childNode'];
type Html5Parent = DefaultTreeAdapterMap['parentNode'];

function emptyDocument(): Document {
  // linkedom implements the DOM interfaces used here; its own types differ from lib.dom's only in detail.
  return new LinkedomParser().parseFromString('<!DOCTYPE html><html><head></head><body></body></html>', 'text/html') as unknown as Document;
}

/** The text of a parse5 subtree without what DROPPED names, read without recursion. */
function html5Text(node: Html5Node): string {
  let text = '';
  const stack: Html5Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.nodeName === '#text') text += (current as DefaultTreeAdapterMap['textNode']).value;
    else if ('childNodes' in current && (current === node || !DROPPED.has(current.nodeName))) {
      for (let i = current.childNodes.length - 1; i >= 0; i -= 1) stack.push(current.childNodes[i]!);
    }
  }
  return text;
}

/**
 * The page as a linkedom document, built from parse5's tree without recursion. Below
 * MAX_HTML_DEPTH an element becomes its text, so Readability and the walkers below see a tree
 * of bounded depth whatever the file. Comments and template contents are left out.
 */
export function parseDocument(text: string): Document {
  const doc = emptyDocument();
  const tree = parseHtml5(text, { scriptingEnabled: false });
  const html = tree.childNodes.find((node) => node.nodeName === 'html') as DefaultTreeAdapterMap['element'] | undefined;
  const work: { from: Html5Parent; into: Element; depth: number }[] = [];
  for (const part of html?.childNodes ?? []) {
    if (part.nodeName === 'head') work.push({ from: part as Html5Parent, into: doc.head, depth: 1 });
    else if (part.nodeName === 'body') {
      const body = part as DefaultTreeAdapterMap['element'];
      for (const { name, value } of body.attrs) if (name === 'class' || name === 'id') doc.body.setAttribute(name, value);
      work.push({ from: body, into: doc.body, depth: 1 });
    }
  }
  while (work.length > 0) {
    const { from, into, depth } = work.pop()!;
    for (const child of from.childNodes) {
      if (child.nodeName === '#text') into.append(doc.createTextNode((child as DefaultTreeAdapterMap['textNode']).value));
      else if (!('tagName' in child)) continue;
      else if (depth >= MAX_HTML_DEPTH) into.append(doc.createTextNode(html5Text(child)));
      else {
        const element = doc.createElement(child.tagName);
        for (const { name, value } of child.attrs) {
          try {
            element.setAttribute(name, value);
          } catch {
            // A name the DOM refuses ("a<b") carries nothing a reader needs.
          }
        }
        into.append(element);
        work.push({ from: child, into: element, depth: depth + 1 });
      }
    }
  }
  return doc;
}

/** The characters inside an element, without what DROPPED names, read without recursion. */
function keptText(element: Element): string {
  let text = '';
  const stack: Node[] = [element];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType === 3 || node.nodeType === 4) text += node.nodeValue ?? '';
    else if (node.nodeType === 1 && (node === element || !DROPPED.has((node as Element).localName.toLowerCase()))) {
      const children = node.childNodes;
      for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
    }
  }
  return text;
}

/**
 * Cuts the tree to MAX_HTML_DEPTH (deeper elements become their text) and removes what DROPPED
 * and UNWRAPPED name, and comments, without recursion: Readability and the walkers below then
 * see a tree of bounded depth whatever the file.
 */
export function pruneToText(root: Element): void {
  const stack: { element: Element; depth: number }[] = [{ element: root, depth: 0 }];
  while (stack.length > 0) {
    const { element, depth } = stack.pop()!;
    if (depth >= MAX_HTML_DEPTH) {
      const text = keptText(element);
      while (element.firstChild !== null) element.firstChild.remove();
      element.append(element.ownerDocument.createTextNode(text));
      continue;
    }
    for (let child = element.firstChild; child !== null; ) {
      const next = child.nextSibling;
      if (child.nodeType === 8) child.remove();
      else if (child.nodeType === 1) {
        const tag = (child as Element).localName.toLowerCase();
        if (DROPPED.has(tag)) child.remove();
        else if (UNWRAPPED.has(tag)) {
          const first = child.firstChild;
          (child as Element).replaceWith(...Array.from(child.childNodes));
          if (first !== null) {
            // Its children now stand where it stood; walk them from the first.
            child = first;
            continue;
          }
        } else stack.push({ element: child as Element, depth: depth + 1 });
      }
      child = next;
    }
  }
}

/** The page with its body pruned: Readability works on a copy of it, the fallback on another. */
function sanitizedDocument(source: Document): Document {
  // The head's facts are read already; Readability sees only its title, as it did on a fresh page.
  for (const child of Array.from(source.head.childNodes)) if (child.nodeName.toLowerCase() !== 'title') child.remove();
  if (source.body !== null) pruneToText(source.body);
  return source;
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
  const source = parseDocument(decoded.text);
  const meta = metaValues(source);
  const pageTitle = collapseWhitespace(source.title);
  const metaTitle = firstOf(meta, 'citation_title', 'og:title', 'dc.title', 'twitter:title');

  const article = articleBlocks(sanitizedDocument(source));
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
