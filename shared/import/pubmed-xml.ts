// Maps a parsed PubMed XML export (PubmedArticleSet/PubmedArticle, as E-utilities' efetch returns
// it) to citation records. The XML is parsed by the host (DOMParser in the renderer); this mapping
// only walks a minimal element interface, so it is pure and tested without a DOM.
import { isoDate, monthNumber, parsePubmedDate } from './dates';
import { collapseWhitespace } from './html-text';
import { scriptText } from './scripts';
import { findTrialRegistration, normalizeDoi } from './metadata';
import { hasContent, pubmedRecordToDocument } from './pubmed-record';
import type { AbstractSection, ImportResult, PubmedRecord } from './types';

/** The few things the mapping needs from an XML element. */
export interface XmlElementLike {
  /** The element's name as written, e.g. `AbstractText`. */
  readonly name: string;
  attribute(name: string): string | null;
  /** Child elements only, in document order. */
  elements(): readonly XmlElementLike[];
  /** All text inside, markup removed. */
  text(): string;
  /** Child elements and text, in document order: what mixed content such as `10<sup>6</sup>` needs. */
  nodes(): readonly (XmlElementLike | string)[];
}

function child(element: XmlElementLike | null | undefined, name: string): XmlElementLike | null {
  return element?.elements().find((e) => e.name === name) ?? null;
}

function children(element: XmlElementLike | null | undefined, name: string): XmlElementLike[] {
  return element?.elements().filter((e) => e.name === name) ?? [];
}

function path(element: XmlElementLike | null, ...names: string[]): XmlElementLike | null {
  let current = element;
  for (const name of names) current = child(current, name);
  return current;
}

function textOf(element: XmlElementLike | null): string | null {
  if (element === null) return null;
  const text = collapseWhitespace(element.text());
  return text.length > 0 ? text : null;
}

/**
 * Text with its inline markup read: PubMed keeps <sup> and <sub> in titles and abstracts, and a
 * flattened "1 × 10<sup>6</sup>" would read as "1 × 106". Italics and bold keep their letters.
 */
function richText(element: XmlElementLike): string {
  let text = '';
  // An explicit stack: a hostile file may nest inline elements thousands deep.
  const stack: (XmlElementLike | string)[] = [element];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node === 'string') {
      text += node;
      continue;
    }
    if (node !== element && (node.name === 'sup' || node.name === 'sub')) {
      text += scriptText(node.text(), node.name === 'sup' ? 'super' : 'sub');
      continue;
    }
    const children = node.nodes();
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
  }
  return text;
}

function richTextOf(element: XmlElementLike | null): string | null {
  if (element === null) return null;
  const text = collapseWhitespace(richText(element));
  return text.length > 0 ? text : null;
}

function authorsOf(article: XmlElementLike | null): string[] {
  return children(child(article, 'AuthorList'), 'Author')
    .filter((author) => author.attribute('ValidYN') !== 'N')
    .map((author) => {
      const collective = textOf(child(author, 'CollectiveName'));
      if (collective !== null) return collective;
      const given = textOf(child(author, 'ForeName')) ?? textOf(child(author, 'Initials'));
      const family = textOf(child(author, 'LastName'));
      return [given, family].filter((part) => part !== null).join(' ');
    })
    .filter((name) => name.length > 0);
}

function dateOf(pubDate: XmlElementLike | null): string | null {
  if (pubDate === null) return null;
  const medlineDate = textOf(child(pubDate, 'MedlineDate'));
  if (medlineDate !== null) return parsePubmedDate(medlineDate);
  const year = textOf(child(pubDate, 'Year'));
  if (year === null || !/^\d{4}$/.test(year)) return null;
  const monthText = textOf(child(pubDate, 'Month'));
  const month = monthText === null ? null : monthNumber(monthText);
  const dayText = textOf(child(pubDate, 'Day'));
  const day = dayText !== null && /^\d{1,2}$/.test(dayText) ? Number(dayText) : null;
  if (month === null) return isoDate(Number(year));
  return isoDate(Number(year), month, day) ?? isoDate(Number(year), month);
}

function abstractOf(article: XmlElementLike | null): AbstractSection[] {
  return children(child(article, 'Abstract'), 'AbstractText')
    .map((part) => ({ label: part.attribute('Label')?.trim() || null, text: richTextOf(part) ?? '' }))
    .filter((section) => section.text.length > 0);
}

function doiOf(article: XmlElementLike | null, pubmedData: XmlElementLike | null): string | null {
  const candidates = [
    ...children(article, 'ELocationID').filter((e) => e.attribute('EIdType') === 'doi'),
    ...children(child(pubmedData, 'ArticleIdList'), 'ArticleId').filter((e) => e.attribute('IdType') === 'doi'),
  ];
  for (const candidate of candidates) {
    const doi = normalizeDoi(candidate.text());
    if (doi !== null) return doi;
  }
  return null;
}

function pmidOf(citation: XmlElementLike | null, pubmedData: XmlElementLike | null): string | null {
  const own = textOf(child(citation, 'PMID'));
  const listed = children(child(pubmedData, 'ArticleIdList'), 'ArticleId').find((e) => e.attribute('IdType') === 'pubmed');
  const pmid = own ?? (listed === undefined ? null : textOf(listed));
  return pmid !== null && /^\d{1,9}$/.test(pmid) ? pmid : null;
}

function registrationOf(article: XmlElementLike | null): string | null {
  for (const bank of children(child(article, 'DataBankList'), 'DataBank')) {
    for (const accession of children(child(bank, 'AccessionNumberList'), 'AccessionNumber')) {
      const id = findTrialRegistration(accession.text());
      if (id !== null) return id;
    }
  }
  return null;
}

function recordOf(pubmedArticle: XmlElementLike): PubmedRecord {
  const citation = child(pubmedArticle, 'MedlineCitation');
  const pubmedData = child(pubmedArticle, 'PubmedData');
  const article = child(citation, 'Article');
  const journal = child(article, 'Journal');
  return {
    pmid: pmidOf(citation, pubmedData),
    title: richTextOf(child(article, 'ArticleTitle')) ?? richTextOf(child(article, 'VernacularTitle')) ?? '',
    abstract: abstractOf(article),
    authors: authorsOf(article),
    journal: textOf(child(journal, 'Title')) ?? textOf(child(journal, 'ISOAbbreviation')),
    publishedDate: dateOf(path(journal, 'JournalIssue', 'PubDate')),
    doi: doiOf(article, pubmedData),
    trialRegistration: registrationOf(article),
    publicationTypes: children(child(article, 'PublicationTypeList'), 'PublicationType')
      .map((e) => textOf(e))
      .filter((t): t is string => t !== null),
  };
}

const ROOT_NAMES = new Set(['PubmedArticleSet', 'PubmedArticle']);

/** Records from the root element of a PubMed XML export; a reason when the XML is something else. */
export function pubmedXmlToRecords(root: XmlElementLike): { ok: true; records: PubmedRecord[] } | { ok: false; reason: string } {
  if (!ROOT_NAMES.has(root.name)) {
    const shown = root.name.length > 40 ? `${root.name.slice(0, 40)}…` : root.name;
    return {
      ok: false,
      reason: `This XML file is not a PubMed export: it starts with <${shown}>, not <PubmedArticleSet>.`,
    };
  }
  const articles = root.name === 'PubmedArticle' ? [root] : children(root, 'PubmedArticle');
  const records = articles.map(recordOf).filter(hasContent);
  if (records.length === 0) {
    return { ok: false, reason: 'This PubMed XML file holds no articles with a title or an abstract.' };
  }
  return { ok: true, records };
}

export function pubmedXmlToImport(name: string, root: XmlElementLike): ImportResult {
  const mapped = pubmedXmlToRecords(root);
  if (!mapped.ok) return mapped;
  return { ok: true, documents: mapped.records.map((record) => pubmedRecordToDocument(record, name)) };
}
