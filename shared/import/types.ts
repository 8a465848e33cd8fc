// The shapes every import parser returns, so the import UI can treat all formats alike: a list of
// documents ready to store, or one sentence telling the reviewer why the file could not be read.
import type { IncomingDocument } from '../model';

/**
 * `notices` tell the reviewer what an import that worked still lost ("Page 3 has no text layer…"),
 * one sentence each. `citations` marks records from a citation export (MEDLINE, PubMed XML, RIS,
 * BibTeX): those are checked against the library for duplicates; a full text is always stored,
 * since its full text beside the library's abstract of the same work is what the reviewer wants.
 * `metadataDetected` says the parser already looked for metadata in each text (a plain text file is
 * nothing but its text), so storing need not look again. `ids` are the documents' ids (the SHA-256 of
 * each text, in order) when the parse worker already hashed them, off the window's thread.
 */
export type ImportResult =
  | { ok: true; documents: IncomingDocument[]; notices?: string[]; citations?: boolean; metadataDetected?: boolean; ids?: string[] }
  | { ok: false; reason: string };

export type DecodeResult = { ok: true; text: string } | { ok: false; reason: string };

/** One labelled part of an abstract ("METHODS: …"); `label` is null for unlabelled abstracts. */
export interface AbstractSection {
  label: string | null;
  text: string;
}

/** A PubMed citation as both export formats (MEDLINE text and PubMed XML) describe it. */
export interface PubmedRecord {
  pmid: string | null;
  title: string;
  abstract: AbstractSection[];
  authors: string[];
  journal: string | null;
  /** ISO 8601 as precise as PubMed gives it: `2024`, `2024-10` or `2024-10-15`. */
  publishedDate: string | null;
  doi: string | null;
  trialRegistration: string | null;
  /** PubMed publication types, e.g. `Case Reports`, `Clinical Trial, Phase II`. */
  publicationTypes: string[];
}
