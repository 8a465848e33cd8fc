// Builds the record every parser hands back, so all formats fill the storage fields the same way
// (origin, no corpus version) and a document always has a title, even if only its file name.
// Metadata enters here, so here it loses the invisible characters that could disguise it.
import type { DocumentType, IncomingDocument, PageSpan } from '../model';
import { displaySafeText } from '../text/unicode-safety';

export interface ImportedFacts {
  title?: string | null;
  authors?: string[];
  journal?: string | null;
  publishedDate?: string | null;
  doi?: string | null;
  pmid?: string | null;
  trialRegistration?: string | null;
  type?: DocumentType | null;
  pageMap?: PageSpan[] | null;
}

/** "Smith 2024 - CAR-T.final.pdf" → "Smith 2024 - CAR-T.final": the name a reviewer gave the file. */
export function titleFromFileName(fileName: string): string {
  const base = fileName.split(/[/\\]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  const stem = (dot > 0 ? base.slice(0, dot) : base).trim();
  return stem.length > 0 ? stem : 'Untitled document';
}

/** "Nicolai, Rebecca" → "Rebecca Nicolai": names as a reader writes them; other forms are kept. */
export function personName(name: string): string {
  const parts = name.split(',');
  if (parts.length !== 2) return name.replace(/\s+/g, ' ').trim();
  const family = parts[0]!.trim();
  const given = parts[1]!.trim();
  return given.length > 0 ? `${given} ${family}` : family;
}

/** A metadata value without bidi overrides, zero-width and control characters; null when nothing is left. */
function safeField(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const safe = displaySafeText(value).trim();
  return safe.length > 0 ? safe : null;
}

/**
 * The imported record. Every metadata string is made display-safe (see displaySafeText), so a title
 * carrying a right-to-left override or zero-width characters cannot pose as another on screen or in
 * an export; the text itself is kept exactly as read, since every offset points into it.
 */
export function importedDocument(fileName: string, text: string, facts: ImportedFacts): IncomingDocument {
  const safeFileName = safeField(fileName) ?? 'Untitled document';
  return {
    meta: {
      title: safeField(facts.title) ?? titleFromFileName(safeFileName),
      authors: (facts.authors ?? []).flatMap((author) => safeField(author) ?? []),
      journal: safeField(facts.journal),
      publishedDate: safeField(facts.publishedDate),
      doi: safeField(facts.doi),
      pmid: safeField(facts.pmid),
      trialRegistration: safeField(facts.trialRegistration),
      type: facts.type ?? 'other',
      origin: 'imported',
      fileName: safeFileName,
      corpusVersion: null,
      pageMap: facts.pageMap ?? null,
    },
    text,
  };
}
