// Builds the record every parser hands back, so all formats fill the storage fields the same way
// (origin, no corpus version) and a document always has a title, even if only its file name.
import type { DocumentType, IncomingDocument, PageSpan } from '../model';

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

export function importedDocument(fileName: string, text: string, facts: ImportedFacts): IncomingDocument {
  const title = facts.title?.trim();
  return {
    meta: {
      title: title !== undefined && title.length > 0 ? title : titleFromFileName(fileName),
      authors: facts.authors ?? [],
      journal: facts.journal ?? null,
      publishedDate: facts.publishedDate ?? null,
      doi: facts.doi ?? null,
      pmid: facts.pmid ?? null,
      trialRegistration: facts.trialRegistration ?? null,
      type: facts.type ?? 'other',
      origin: 'imported',
      fileName,
      corpusVersion: null,
      pageMap: facts.pageMap ?? null,
    },
    text,
  };
}
