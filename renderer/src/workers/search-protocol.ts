// The messages between the renderer and the search worker, and the records the index holds. The
// index is derived from Dexie (db/search-index.ts writes it); these are its plain-data shapes.
import type { ParsedQuery } from '@shared/search/query';
import type { TextRange } from '@shared/search/marked';

/** One document as the index holds it. `stamp` says which version of the record was indexed. */
export interface SearchDocument {
  id: string;
  title: string;
  /** Author names joined by "; ". */
  authors: string;
  journal: string;
  body: string;
  year: number | null;
  type: string;
  status: string;
  stamp: string;
}

/** One annotation as the index holds it: its quote, note, tags and formatted field value. */
export interface SearchNote {
  id: string;
  documentId: string;
  /** "Highlight", "Note", or the field's label. */
  label: string;
  quote: string;
  note: string;
  tags: string;
  value: string;
  start: number | null;
  end: number | null;
}

export interface DocumentHit {
  id: string;
  year: number | null;
  type: string;
  status: string;
  /** The title with matches between MARK_OPEN and MARK_CLOSE. */
  title: string;
  /** The best stretch of the best column, marked the same way. */
  snippet: string;
  score: number;
}

/** A shard's ranked row before it is marked: its row in that shard's database, its document and its BM25 score. */
export interface ScoredRow {
  row: number;
  id: string;
  score: number;
}

export interface NoteHit {
  id: string;
  documentId: string;
  label: string;
  /** The best stretch of the quote, note, tags or value, marked. */
  snippet: string;
  start: number | null;
  end: number | null;
  score: number;
}

export type IndexStorage = { kind: 'opfs' } | { kind: 'memory'; reason: string };

export type SearchRequest =
  | { id: number; type: 'open' }
  /** `more`: further batches of the same rebuild follow, written in the same transaction (SearchEngine.upsert). */
  | { id: number; type: 'upsert'; documents: SearchDocument[]; more: boolean }
  | { id: number; type: 'remove'; ids: string[] }
  | { id: number; type: 'replace-notes'; documentIds: string[]; notes: SearchNote[]; stamps: [string, string][] }
  | { id: number; type: 'stamps' }
  | { id: number; type: 'clear' }
  /** The best documents, marked; their number is asked apart (`count`) so the results need not wait for it. */
  | { id: number; type: 'rank'; query: ParsedQuery; limit: number }
  /** A shard's best rows, unmarked, to be merged with the other shards' (SearchEngine.best). */
  | { id: number; type: 'best'; query: ParsedQuery; limit: number }
  /** Marks the rows of this shard among the merged best (SearchEngine.show). */
  | { id: number; type: 'show'; query: ParsedQuery; rows: ScoredRow[] }
  | { id: number; type: 'count'; query: ParsedQuery }
  | { id: number; type: 'search-notes'; query: ParsedQuery; limit: number }
  | { id: number; type: 'locate'; documentId: string; query: ParsedQuery };

export type SearchAnswer =
  | { type: 'open'; storage: IndexStorage; documents: number }
  | { type: 'done'; documents: number }
  | { type: 'stamps'; documents: [string, string][]; notes: [string, string][] }
  | { type: 'rank'; hits: DocumentHit[] }
  | { type: 'best'; hits: ScoredRow[] }
  | { type: 'show'; hits: DocumentHit[] }
  | { type: 'count'; total: number }
  | { type: 'search-notes'; hits: NoteHit[]; total: number }
  | { type: 'locate'; ranges: TextRange[] };

export type SearchResponse = { id: number; ok: true; answer: SearchAnswer } | { id: number; ok: false; message: string };
