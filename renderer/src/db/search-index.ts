// Keeps the full-text index (SQLite FTS5 in the search worker) in step with Dexie, which stays the
// only source of truth: at start the index's stamps are compared with the stored records and only
// what differs is re-indexed (everything, the first time, with progress); after every committed
// action the changed documents are sent again; "Rebuild" empties it and indexes all from Dexie.
import { useSyncExternalStore } from 'react';
import { checkProvenance, fieldLookup, isDocumentNote, toEvidenceEntry } from '@shared/evidence';
import type { ExtractionSchema } from '@shared/fields/types';
import type { Annotation, AnnotationId, DocumentId, DocumentMeta, ReviewStatus } from '@shared/model';
import { parseSearchQuery } from '@shared/search/query';
import type { ParsedQuery } from '@shared/search/query';
import type { TextRange } from '@shared/search/marked';
import { createSearchClient, upsertPipeline } from '../workers/search-client';
import type { SearchClient } from '../workers/search-client';
import type { DocumentHit, IndexStorage, NoteHit, SearchDocument, SearchNote } from '../workers/search-protocol';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { onCommitted } from './funnel';
import type { RecordChange } from './funnel';
import { getActiveSchema, schemaKey } from './schemas';
import { visibleToViewer } from './reviews';

export type IndexState =
  | { state: 'starting' }
  | { state: 'building'; done: number; total: number }
  | { state: 'ready'; documents: number }
  | { state: 'failed'; message: string };

export interface IndexStatus {
  index: IndexState;
  /** Where the index lives; null until the worker has opened it. */
  storage: IndexStorage | null;
}

/** How much text goes to the worker in one message (and one SQLite transaction). */
const BATCH_CHARACTERS = 2_000_000;
const BATCH_DOCUMENTS = 500;

export interface DocumentResult extends DocumentHit {
  meta: DocumentMeta | null;
}

export interface NoteResult extends NoteHit {
  documentTitle: string;
}

export type SearchOutcome<H> = { ok: true; hits: H[]; total: number; query: ParsedQuery } | { ok: false; message: string };

/** Ranked documents whose number (`total`) is still being counted. */
export type RankedOutcome = { ok: true; hits: DocumentResult[]; total: Promise<number>; query: ParsedQuery } | { ok: false; message: string };

function yearOf(meta: DocumentMeta): number | null {
  const match = /^(\d{4})/u.exec(meta.publishedDate ?? '');
  return match ? Number(match[1]) : null;
}

/** Which version of a document's searchable record this is: its metadata and review status. */
export function documentStamp(meta: DocumentMeta, status: string): string {
  return JSON.stringify([meta.title, meta.authors, meta.journal, meta.publishedDate, meta.type, status]);
}

function notesStamp(annotations: readonly Annotation[], schema: string): string {
  let latest = '';
  for (const annotation of annotations) if (annotation.modifiedAt > latest) latest = annotation.modifiedAt;
  return `${schema}|${annotations.length}|${latest}`;
}

export function searchDocumentOf(meta: DocumentMeta, text: string, status: string): SearchDocument {
  return {
    id: meta.id,
    title: meta.title,
    authors: meta.authors.join('; '),
    journal: meta.journal ?? '',
    body: text,
    year: yearOf(meta),
    type: meta.type,
    status,
    stamp: documentStamp(meta, status),
  };
}

/** An annotation as the index holds it: its value formatted by the one evidence view model. */
export function searchNoteOf(annotation: Annotation, schema: ExtractionSchema, lookup = fieldLookup(schema)): SearchNote {
  const tag = annotation.field;
  const known = tag ? lookup.get(tag.fieldKey) : undefined;
  const entry = tag ? toEvidenceEntry(annotation, known?.field ?? null, known?.sectionLabel ?? null, checkProvenance(null, { target: null })) : null;
  const value = entry ? [entry.fieldLabel, entry.text, entry.qualifier ?? ''].filter(Boolean).join(' · ') : '';
  return {
    id: annotation.id,
    documentId: annotation.documentId,
    label: entry ? entry.fieldLabel : isDocumentNote(annotation) ? 'Document note' : annotation.note.trim() !== '' ? 'Note' : 'Highlight',
    quote: annotation.target?.quote.exact ?? '',
    note: annotation.note,
    tags: annotation.tags.join(' '),
    value,
    start: annotation.target?.position.start ?? null,
    end: annotation.target?.position.end ?? null,
  };
}

function documentIdsOf(changes: readonly RecordChange[]): { documents: Set<string>; notes: Set<string>; allNotes: boolean } {
  const documents = new Set<string>();
  const notes = new Set<string>();
  let allNotes = false;
  for (const change of changes) {
    if (change.table === 'documents' || change.table === 'texts' || change.table === 'statuses') documents.add(change.key);
    else if (change.table === 'annotations') {
      for (const record of [change.before, change.after]) {
        const id = (record as Partial<Annotation> | null)?.documentId;
        if (typeof id === 'string') notes.add(id);
      }
    } else if (change.table === 'schemas') allNotes = true;
  }
  return { documents, notes, allNotes };
}

export class SearchIndex {
  private status: IndexStatus = { index: { state: 'starting' }, storage: null };
  private readonly listeners = new Set<() => void>();
  private readonly dirtyDocuments = new Set<string>();
  private readonly dirtyNotes = new Set<string>();
  private allNotesDirty = false;
  private work: Promise<void> = Promise.resolve();
  private flushQueued = false;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly db: MarginDatabase,
    private readonly client: SearchClient,
  ) {}

  /** Opens the index and brings it up to date with the database; later changes follow as they commit. */
  start(): Promise<void> {
    if (this.unsubscribe) return this.work;
    this.unsubscribe = onCommitted((db, changes) => {
      if (db !== this.db) return;
      const { documents, notes, allNotes } = documentIdsOf(changes);
      documents.forEach((id) => this.dirtyDocuments.add(id));
      notes.forEach((id) => this.dirtyNotes.add(id));
      this.allNotesDirty ||= allNotes;
      this.queueFlush();
    });
    return this.enqueue(async () => {
      const { storage } = await this.client.open();
      this.setStatus({ storage });
      await this.catchUp();
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  getStatus = (): IndexStatus => this.status;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private setStatus(patch: Partial<IndexStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Runs index work one piece at a time; a failure is shown, and the next piece still runs. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    this.work = this.work.then(task).catch((error: unknown) => {
      this.setStatus({ index: { state: 'failed', message: error instanceof Error ? error.message : String(error) } });
    });
    return this.work;
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    void this.enqueue(async () => {
      this.flushQueued = false;
      const documents = [...this.dirtyDocuments];
      const notes = [...this.dirtyNotes];
      const allNotes = this.allNotesDirty;
      this.dirtyDocuments.clear();
      this.dirtyNotes.clear();
      this.allNotesDirty = false;
      await this.indexDocuments(documents, false);
      const liveIds = allNotes ? (await this.db.documents.toCollection().primaryKeys()).map(String) : notes;
      await this.indexNotes(liveIds);
      this.setStatus({ index: { state: 'ready', documents: await this.count() } });
    });
  }

  /** Resolves once every change committed so far is in the index (tests and the benchmark wait on it). */
  settled(): Promise<void> {
    return this.work;
  }

  private async count(): Promise<number> {
    return (await this.client.open()).documents;
  }

  /** Compares the index with the database and re-indexes only what differs. */
  private async catchUp(): Promise<void> {
    const [metas, statuses, stamps, schema] = await Promise.all([this.db.documents.toArray(), this.db.statuses.toArray(), this.client.stamps(), getActiveSchema(this.db)]);
    const statusOf = new Map(statuses.map((s: ReviewStatus) => [s.documentId as string, s.status as string]));
    const indexed = new Map(stamps.documents);
    const stale = metas.filter((meta) => indexed.get(meta.id) !== documentStamp(meta, statusOf.get(meta.id) ?? 'not-started')).map((meta) => meta.id as string);
    const live = new Set(metas.map((meta) => meta.id as string));
    const gone = [...indexed.keys()].filter((id) => !live.has(id));
    if (gone.length > 0) await this.client.remove(gone);
    await this.indexDocuments(stale, true);
    // Annotations: compared per document by count, latest change and schema.
    const annotations = (await this.db.annotations.toArray()).filter((a) => a.deletedAt === null);
    const byDocument = new Map<string, Annotation[]>();
    for (const annotation of annotations) byDocument.set(annotation.documentId, [...(byDocument.get(annotation.documentId) ?? []), annotation]);
    const key = schemaKey(schema);
    const indexedNotes = new Map(stamps.notes);
    const staleNotes = [...live].filter((id) => indexedNotes.get(id) !== notesStamp(byDocument.get(id) ?? [], key));
    await this.indexNotes(staleNotes);
    this.setStatus({ index: { state: 'ready', documents: await this.count() } });
  }

  /** Sends the current records of these documents (removing those no longer stored), in batches. */
  private async indexDocuments(ids: readonly string[], showProgress: boolean): Promise<void> {
    if (ids.length === 0) return;
    let done = 0;
    if (showProgress) this.setStatus({ index: { state: 'building', done, total: ids.length } });
    // The next batch is read and built while the shards index this one.
    const sending = upsertPipeline(this.client);
    for (let from = 0; from < ids.length; ) {
      const slice = ids.slice(from, from + BATCH_DOCUMENTS);
      const [metas, texts, statuses] = await this.db.transaction('r', this.db.documents, this.db.texts, this.db.statuses, () =>
        Promise.all([this.db.documents.bulkGet(slice as DocumentId[]), this.db.texts.bulkGet(slice as DocumentId[]), this.db.statuses.bulkGet(slice as DocumentId[])]),
      );
      const batch: SearchDocument[] = [];
      const removed: string[] = [];
      let characters = 0;
      let taken = 0;
      for (let i = 0; i < slice.length; i += 1) {
        const meta = metas[i];
        const text = texts[i];
        taken += 1;
        if (!meta || !text) removed.push(slice[i]!);
        else {
          batch.push(searchDocumentOf(meta, text.text, statuses[i]?.status ?? 'not-started'));
          characters += text.text.length;
        }
        if (characters >= BATCH_CHARACTERS) break;
      }
      if (removed.length > 0) await this.client.remove(removed);
      from += taken;
      await sending.push(batch, from < ids.length, () => {
        done += taken;
        if (showProgress) this.setStatus({ index: { state: 'building', done, total: ids.length } });
      });
    }
    await sending.drain();
  }

  private async indexNotes(documentIds: readonly string[]): Promise<void> {
    if (documentIds.length === 0) return;
    const schema = await getActiveSchema(this.db);
    const lookup = fieldLookup(schema);
    const key = schemaKey(schema);
    const annotations = (await this.db.annotations.where('documentId').anyOf([...documentIds]).toArray()).filter((a) => a.deletedAt === null);
    const byDocument = new Map<string, Annotation[]>();
    for (const annotation of annotations) byDocument.set(annotation.documentId, [...(byDocument.get(annotation.documentId) ?? []), annotation]);
    const stamps: [string, string][] = documentIds.map((id) => [id, notesStamp(byDocument.get(id) ?? [], key)]);
    await this.client.replaceNotes([...documentIds], annotations.map((a) => searchNoteOf(a, schema, lookup)), stamps);
  }

  /** Empties the index and indexes every stored document again (the index is never the only copy). */
  rebuild(): Promise<void> {
    return this.enqueue(async () => {
      this.setStatus({ index: { state: 'building', done: 0, total: await this.db.documents.count() } });
      await this.client.clear();
      await this.catchUp();
    });
  }

  async search(input: string, limit = 50): Promise<SearchOutcome<DocumentResult>> {
    const ranked = await this.rank(input, limit);
    if (!ranked.ok) return ranked;
    return { ok: true, hits: ranked.hits, total: await ranked.total, query: ranked.query };
  }

  /**
   * The best documents as soon as they are ranked, with their number still to come: counting every
   * match is a pass of its own, and the reviewer reads the first results meanwhile.
   */
  async rank(input: string, limit = 50): Promise<RankedOutcome> {
    const parsed = parseSearchQuery(input);
    if (!parsed.ok) return parsed;
    await this.work;
    // Both asked now: the worker answers in order, the ranking first.
    const ranked = this.client.rank(parsed.query, limit);
    const total = this.client.count(parsed.query);
    // A failed count is the caller's to show; it must not go unhandled while the hits are read.
    total.catch(() => undefined);
    const hits = await ranked;
    const metas = await this.db.documents.bulkGet(hits.map((hit) => hit.id as DocumentId));
    return { ok: true, hits: hits.map((hit, i) => ({ ...hit, meta: metas[i] ?? null })), total, query: parsed.query };
  }

  async searchNotes(input: string, limit = 200): Promise<SearchOutcome<NoteResult>> {
    const parsed = parseSearchQuery(input);
    if (!parsed.ok) return parsed;
    await this.work;
    const found = await this.client.searchNotes(parsed.query, limit);
    // Blinded: the index holds every mark; a colleague's hidden ones are dropped from the answer.
    const records = (await this.db.annotations.bulkGet(found.hits.map((hit) => hit.id as AnnotationId))).filter((a) => a !== undefined);
    const visible = new Set((await visibleToViewer(this.db, records)).map((a) => a.id as string));
    const hidden = new Set(records.filter((a) => !visible.has(a.id)).map((a) => a.id as string));
    const hits = found.hits.filter((hit) => !hidden.has(hit.id));
    const total = found.total - (found.hits.length - hits.length);
    const metas = await this.db.documents.bulkGet([...new Set(hits.map((hit) => hit.documentId as DocumentId))]);
    const titles = new Map(metas.filter((meta) => meta !== undefined).map((meta) => [meta.id as string, meta.title]));
    return { ok: true, hits: hits.map((hit) => ({ ...hit, documentTitle: titles.get(hit.documentId) ?? 'A document no longer in the library' })), total, query: parsed.query };
  }

  /** Where a search matched in a document's text, for opening it there. */
  locate(documentId: DocumentId, query: ParsedQuery): Promise<TextRange[]> {
    return this.client.locate(documentId, query);
  }
}

const indexes = new WeakMap<MarginDatabase, SearchIndex>();

/** The search index of a database, started on first use. */
export function searchIndexOf(db: MarginDatabase, client?: SearchClient): SearchIndex {
  let index = indexes.get(db);
  if (!index) {
    index = new SearchIndex(db, client ?? createSearchClient());
    indexes.set(db, index);
    void index.start();
  }
  return index;
}

export function useSearchIndex(): SearchIndex {
  return searchIndexOf(useDatabase());
}

export function useSearchIndexStatus(): IndexStatus {
  const index = useSearchIndex();
  return useSyncExternalStore(index.subscribe, index.getStatus);
}
