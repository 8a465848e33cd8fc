// Turns a PubMed citation (from either export format) into a document: the title, then the
// abstract with each labelled section as its own paragraph, so "RESULTS: …" can be read and quoted.
import type { IncomingDocument } from '../model';
import { importedDocument } from './incoming';
import { collapseWhitespace } from './html-text';
import { documentTypeFromPublicationTypes, findTrialRegistration } from './metadata';
import type { AbstractSection, PubmedRecord } from './types';

/**
 * Uppercase labels PubMed puts inside one abstract string ("BACKGROUND: … METHODS: …"). A label
 * starts the text or follows a sentence end; it is short and all capitals (length is bounded so a
 * long run of capitals cannot make the search slow).
 */
const LABEL = /(?:^|(?<=[.!?)\]]\s{1,3}))([A-Z][A-Z0-9 ,&/()'-]{1,58}[A-Z0-9)]):\s+/g;

/**
 * Splits a MEDLINE abstract into its labelled sections. At least two labels are needed: one
 * "HIV:" in running text does not make a structured abstract.
 */
export function splitAbstract(abstract: string): AbstractSection[] {
  const text = collapseWhitespace(abstract);
  if (text.length === 0) return [];
  const labels = [...text.matchAll(LABEL)].filter((match) => /[A-Z]{3}/.test(match[1] ?? ''));
  if (labels.length < 2) return [{ label: null, text }];
  const sections: AbstractSection[] = [];
  const lead = text.slice(0, labels[0]!.index).trim();
  if (lead.length > 0) sections.push({ label: null, text: lead });
  labels.forEach((match, i) => {
    const start = match.index + match[0].length;
    const end = labels[i + 1]?.index ?? text.length;
    const body = text.slice(start, end).trim();
    if (body.length > 0) sections.push({ label: match[1]!.trim(), text: body });
  });
  return sections;
}

/** The stored text: title, blank line, then each abstract section as "LABEL: text" on its own paragraph. */
export function pubmedRecordText(record: PubmedRecord): string {
  const paragraphs = [record.title, ...record.abstract.map((s) => (s.label === null ? s.text : `${s.label}: ${s.text}`))];
  return paragraphs.map(collapseWhitespace).filter((p) => p.length > 0).join('\n\n');
}

export function pubmedRecordToDocument(record: PubmedRecord, fileName: string): IncomingDocument {
  const text = pubmedRecordText(record);
  const fallbackTitle = record.pmid !== null ? `PubMed record ${record.pmid}` : null;
  // PubMed ends every title with a period by convention; the text keeps it, the title does not.
  const title = record.title.replace(/(?<!\.)\.$/, '');
  return importedDocument(fileName, text, {
    title: title.length > 0 ? title : fallbackTitle,
    authors: record.authors,
    journal: record.journal,
    publishedDate: record.publishedDate,
    doi: record.doi,
    pmid: record.pmid,
    trialRegistration: record.trialRegistration ?? findTrialRegistration(text),
    type: documentTypeFromPublicationTypes(record.publicationTypes),
  });
}

/** A record with neither a title nor an abstract has nothing to review. */
export function hasContent(record: PubmedRecord): boolean {
  return record.title.trim().length > 0 || record.abstract.some((s) => s.text.trim().length > 0);
}
