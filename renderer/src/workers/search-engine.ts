// The search index itself: SQLite FTS5 tables over documents and annotations, written and queried
// synchronously inside the search worker (or, in tests and the benchmark, on an in-memory
// database). It is derived data: db/search-index.ts rebuilds it from Dexie whenever it is missing,
// stale or cleared, so nothing here is ever the only copy of anything.
import type { Database } from '@sqlite.org/sqlite-wasm';
import { indexedText, MARK_CLOSE, MARK_OPEN, markedRanges } from '@shared/search/marked';
import type { TextRange } from '@shared/search/marked';
import type { ParsedQuery, SearchFilters } from '@shared/search/query';
import { byScore } from '@shared/search/shards';
import { TOKENIZER } from '@shared/search/tokens';
import type { DocumentHit, NoteHit, ScoredRow, SearchDocument, SearchNote } from './search-protocol';

/** Bumped when the tables change shape: an index of another version is dropped and rebuilt. */
export const INDEX_VERSION = '4';

/** Title matches count most, then authors, then the journal, then the body (BM25 column weights). */
const DOCUMENT_WEIGHTS = '10.0, 5.0, 2.0, 1.0';
const NOTE_WEIGHTS = '2.0, 2.0, 1.5, 2.0';
const SNIPPET_TOKENS = 24;
/**
 * How much new text FTS5 holds in memory before writing a segment (its default is 1 MB). With
 * a rebuild kept in one transaction (see `upsert`), 64 MB holds the position lists of 50,000
 * abstracts whole, so a rebuild writes one segment and never merges: measured on 50,000
 * abstracts, 16 MB (several segments, merged as they came) took about a fifth longer to index (measured under load), and every
 * query then read its terms from several segments. The memory is the worker's, and only while a
 * rebuild is open.
 */
const HASH_BYTES = 64 * 1024 * 1024;
/**
 * FTS5's leaf size (its default is about 4 KB). A common word's list of documents spans thousands
 * of leaves, each a row of the shadow table read on its own; 16 KB leaves quarter that count, which
 * measured (under load, so roughly) a fifth to a third off the ranked searches over tens of thousands of matches.
 */
const LEAF_BYTES = 16_000;

const SCHEMA = [
  'CREATE TABLE IF NOT EXISTS index_info(key TEXT PRIMARY KEY, value TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS docs(row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, year INTEGER, type TEXT NOT NULL, status TEXT NOT NULL, stamp TEXT NOT NULL)',
  // No prefix indexes: they made indexing four times slower, and FTS5 answers word* from the main index.
  `CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(title, authors, journal, body, tokenize='${TOKENIZER}')`,
  'CREATE TABLE IF NOT EXISTS notes(row INTEGER PRIMARY KEY, id TEXT NOT NULL, document TEXT NOT NULL, label TEXT NOT NULL, start INTEGER, end INTEGER)',
  'CREATE INDEX IF NOT EXISTS notes_by_document ON notes(document)',
  `CREATE VIRTUAL TABLE IF NOT EXISTS notes_fts USING fts5(quote, note, tags, value, tokenize='${TOKENIZER}')`,
  'CREATE TABLE IF NOT EXISTS note_stamps(document TEXT PRIMARY KEY, stamp TEXT NOT NULL)',
];

const TABLES = ['index_info', 'docs', 'docs_fts', 'notes', 'notes_fts', 'note_stamps'];

function filterClauses(filters: SearchFilters, alias: string): { sql: string; bind: (string | number)[] } {
  const parts: string[] = [];
  const bind: (string | number)[] = [];
  const list = (column: string, values: readonly string[], negated: boolean) => {
    if (values.length === 0) return;
    parts.push(`${alias}.${column} ${negated ? 'NOT IN' : 'IN'} (${values.map(() => '?').join(', ')})`);
    bind.push(...values);
  };
  if (filters.years) {
    parts.push(`${alias}.year BETWEEN ? AND ?`);
    bind.push(filters.years.from, filters.years.to);
  }
  // Several type: (or status:) words mean any of them; a NOT leaves those out.
  list('type', filters.types, false);
  list('type', filters.excludedTypes, true);
  list('status', filters.statuses, false);
  list('status', filters.excludedStatuses, true);
  return { sql: parts.map((part) => ` AND ${part}`).join(''), bind };
}

export class SearchEngine {
  /** True while a rebuild's batches are being written in one open transaction (see `upsert`). */
  private bulk = false;

  constructor(private readonly db: Database) {
    const version = this.tryVersion();
    if (version !== null && version !== INDEX_VERSION) this.dropAll();
    for (const statement of SCHEMA) db.exec(statement);
    if (version !== INDEX_VERSION) {
      db.exec({ sql: "INSERT INTO docs_fts(docs_fts, rank) VALUES ('hashsize', ?)", bind: [HASH_BYTES] });
      db.exec({ sql: "INSERT INTO docs_fts(docs_fts, rank) VALUES ('pgsz', ?)", bind: [LEAF_BYTES] });
    }
    db.exec({ sql: 'INSERT OR REPLACE INTO index_info(key, value) VALUES (?, ?)', bind: ['version', INDEX_VERSION] });
  }

  /** Commits the batches of a rebuild still open; every other write (and a last batch) does this first. */
  private settle(): void {
    if (!this.bulk) return;
    this.bulk = false;
    this.db.exec('COMMIT');
  }

  private tryVersion(): string | null {
    try {
      const value = this.db.selectValue("SELECT value FROM index_info WHERE key = 'version'");
      return typeof value === 'string' ? value : null;
    } catch {
      return null;
    }
  }

  private dropAll(): void {
    for (const table of TABLES) this.db.exec(`DROP TABLE IF EXISTS ${table}`);
  }

  /** Empties the index (before a rebuild). */
  clear(): void {
    this.settle();
    this.db.transaction(() => {
      for (const table of ['docs', 'docs_fts', 'notes', 'notes_fts', 'note_stamps']) this.db.exec(`DELETE FROM ${table}`);
    });
  }

  documentCount(): number {
    return Number(this.db.selectValue('SELECT count(*) FROM docs') ?? 0);
  }

  /**
   * Adds or replaces documents. Which are already indexed is asked once for the batch, and new rows
   * get their numbers here: a lookup and an upsert per record made indexing three times slower than
   * the inserts themselves. `more` says further batches of the same rebuild follow: they all go
   * into one transaction, committed with the last batch (or before any other write), because each
   * commit makes FTS5 write and later merge a segment, which was half the cost of a rebuild in
   * batches. A failure rolls the open batches back with their stamps, so they are indexed again at
   * the next catch-up: the index stays derived, never half-written.
   */
  upsert(documents: readonly SearchDocument[], more = false): void {
    if (documents.length === 0) {
      if (!more) this.settle();
      return;
    }
    const putRow = this.db.prepare('INSERT INTO docs(row, id, year, type, status, stamp) VALUES (?, ?, ?, ?, ?, ?)');
    const updateRow = this.db.prepare('UPDATE docs SET year = ?, type = ?, status = ?, stamp = ? WHERE row = ?');
    const removeText = this.db.prepare('DELETE FROM docs_fts WHERE rowid = ?');
    const putText = this.db.prepare('INSERT INTO docs_fts(rowid, title, authors, journal, body) VALUES (?, ?, ?, ?, ?)');
    if (!this.bulk) {
      this.db.exec('BEGIN');
      this.bulk = true;
    }
    try {
      const existing = new Map(
        this.db.selectArrays('SELECT id, row FROM docs WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(documents.map((doc) => doc.id))]).map((row) => [String(row[0]), Number(row[1])]),
      );
      let next = Number(this.db.selectValue('SELECT coalesce(max(row), 0) FROM docs') ?? 0) + 1;
      for (const doc of documents) {
        let row = existing.get(doc.id);
        if (row === undefined) {
          row = next++;
          existing.set(doc.id, row);
          putRow.bind([row, doc.id, doc.year, doc.type, doc.status, doc.stamp]).stepReset();
        } else {
          removeText.bind([row]).stepReset();
          updateRow.bind([doc.year, doc.type, doc.status, doc.stamp, row]).stepReset();
        }
        // Marker characters are replaced one for one, so highlight offsets stay the stored text's.
        putText.bind([row, indexedText(doc.title), indexedText(doc.authors), indexedText(doc.journal), indexedText(doc.body)]).stepReset();
      }
    } catch (error) {
      this.bulk = false;
      this.db.exec('ROLLBACK');
      throw error;
    } finally {
      putRow.finalize();
      updateRow.finalize();
      removeText.finalize();
      putText.finalize();
    }
    if (!more) this.settle();
  }

  remove(ids: readonly string[]): void {
    this.settle();
    if (ids.length === 0) return;
    this.db.transaction(() => {
      for (const id of ids) {
        const row = this.db.selectValue('SELECT row FROM docs WHERE id = ?', [id]);
        if (row !== undefined && row !== null) {
          this.db.exec({ sql: 'DELETE FROM docs_fts WHERE rowid = ?', bind: [row] });
          this.db.exec({ sql: 'DELETE FROM docs WHERE row = ?', bind: [row] });
        }
        this.removeNotesOf(id);
        this.db.exec({ sql: 'DELETE FROM note_stamps WHERE document = ?', bind: [id] });
      }
    });
  }

  private removeNotesOf(documentId: string): void {
    this.db.exec({ sql: 'DELETE FROM notes_fts WHERE rowid IN (SELECT row FROM notes WHERE document = ?)', bind: [documentId] });
    this.db.exec({ sql: 'DELETE FROM notes WHERE document = ?', bind: [documentId] });
  }

  /** Makes the index hold exactly `notes` for each of `documentIds` (a document's annotations changed). */
  replaceNotes(documentIds: readonly string[], notes: readonly SearchNote[], stamps: readonly (readonly [string, string])[]): void {
    this.settle();
    const putRow = this.db.prepare('INSERT INTO notes(id, document, label, start, end) VALUES (?, ?, ?, ?, ?) RETURNING row');
    const putText = this.db.prepare('INSERT INTO notes_fts(rowid, quote, note, tags, value) VALUES (?, ?, ?, ?, ?)');
    try {
      this.db.transaction(() => {
        for (const id of documentIds) this.removeNotesOf(id);
        for (const note of notes) {
          putRow.bind([note.id, note.documentId, note.label, note.start, note.end]);
          putRow.step();
          const row = Number(putRow.get(0));
          putRow.reset();
          putText.bind([row, indexedText(note.quote), indexedText(note.note), indexedText(note.tags), indexedText(note.value)]).stepReset();
        }
        for (const [document, stamp] of stamps) this.db.exec({ sql: 'INSERT OR REPLACE INTO note_stamps(document, stamp) VALUES (?, ?)', bind: [document, stamp] });
      });
    } finally {
      putRow.finalize();
      putText.finalize();
    }
  }

  /** Which version of each document and of each document's annotations is indexed. */
  stamps(): { documents: [string, string][]; notes: [string, string][] } {
    return {
      documents: this.db.selectArrays('SELECT id, stamp FROM docs').map((row) => [String(row[0]), String(row[1])]),
      notes: this.db.selectArrays('SELECT document, stamp FROM note_stamps').map((row) => [String(row[0]), String(row[1])]),
    };
  }

  /** The best `limit` documents by BM25, with the title and the best snippet marked, and how many matched. */
  search(query: ParsedQuery, limit: number): { hits: DocumentHit[]; total: number } {
    return { hits: this.rank(query, limit), total: this.count(query) };
  }

  /**
   * How many documents match. Asked apart from `rank`: counting is one more pass over every match,
   * and the search screen shows the best documents first and their number when it comes.
   */
  count(query: ParsedQuery): number {
    const filters = filterClauses(query.filters, 'd');
    if (query.match === null) return Number(this.db.selectValue(`SELECT count(*) FROM docs d WHERE 1${filters.sql}`, filters.bind) ?? 0);
    // Without filters the count needs no side table: joining it cost a lookup per match.
    const from = filters.sql !== '' ? `FROM docs_fts f JOIN docs d ON d.row = f.rowid WHERE docs_fts MATCH ?${filters.sql}` : 'FROM docs_fts f WHERE docs_fts MATCH ?';
    return Number(this.db.selectValue(`SELECT count(*) ${from}`, [query.match, ...filters.bind]) ?? 0);
  }

  /**
   * The best `limit` documents by BM25, best first, with the title and the best snippet marked. The
   * scores are this database's: in the app it holds one shard of the library, so N, the average
   * lengths and the document frequencies are the shard's (shared/search/shards.ts says why that
   * ranks as the whole would, up to sampling noise).
   */
  rank(query: ParsedQuery, limit: number): DocumentHit[] {
    const filters = filterClauses(query.filters, 'd');
    if (query.match === null) {
      // Filters alone: no ranking to speak of, newest first (then title and id: the order
      // shared/search/shards.ts `byYearThenTitle` merges the shards' answers in).
      const rows = this.db.selectArrays(
        `SELECT d.id, d.year, d.type, d.status, f.title, substr(f.body, 1, 200) FROM docs d JOIN docs_fts f ON f.rowid = d.row WHERE 1${filters.sql} ORDER BY d.year DESC, f.title, d.id LIMIT ?`,
        [...filters.bind, limit],
      );
      return rows.map((row) => this.hit(row, 0));
    }
    return this.show(query, this.best(query, limit));
  }

  /**
   * The best `limit` rows by BM25 with their document ids and scores, nothing marked yet: a shard's
   * part of a search, whose best the client merges with the other shards' before asking each to
   * mark (`show`) only its rows among the winners.
   */
  best(query: ParsedQuery, limit: number): ScoredRow[] {
    if (query.match === null) return [];
    const filters = filterClauses(query.filters, 'd');
    // Without filters the ranking needs no side table. bm25() is sorted by SQLite's top-N sorter
    // rather than FTS5's `ORDER BY rank`, which keeps every match's position lists to sort them and
    // measured 1.5 to 2 times slower here.
    const from = filters.sql !== '' ? `FROM docs_fts f JOIN docs d ON d.row = f.rowid WHERE docs_fts MATCH ?${filters.sql}` : 'FROM docs_fts f WHERE docs_fts MATCH ?';
    // Rank on rowids alone; the few shown are marked apart: snippets of every match would cost far
    // more than the ranking itself.
    const top = this.db.selectArrays(`SELECT f.rowid, bm25(docs_fts, ${DOCUMENT_WEIGHTS}) AS score ${from} ORDER BY score LIMIT ?`, [query.match, ...filters.bind, limit]);
    if (top.length === 0) return [];
    const rows = top.map((row) => Number(row[0]));
    const ids = new Map(this.db.selectArrays(`SELECT row, id FROM docs WHERE row IN (${rows.map(() => '?').join(', ')})`, rows).map((row) => [Number(row[0]), String(row[1])]));
    return top.map((row) => ({ row: Number(row[0]), id: ids.get(Number(row[0])) ?? '', score: Number(row[1]) }));
  }

  /** The rows given (from `best`), with the title and the best snippet marked, best first. Rows gone meanwhile are left out. */
  show(query: ParsedQuery, ranked: readonly ScoredRow[]): DocumentHit[] {
    if (query.match === null || ranked.length === 0) return [];
    const rows = ranked.map((hit) => hit.row);
    const scores = new Map(ranked.map((hit) => [hit.row, hit.score]));
    const list = rows.map(() => '?').join(', ');
    const marks = new Map(this.marked(query.match, rows, list).map((row) => [Number(row[0]), row]));
    const metas = this.db.selectArrays(`SELECT row, id, year, type, status FROM docs WHERE row IN (${list})`, rows);
    const hits = metas.map((meta) => {
      const row = Number(meta[0]);
      const mark = marks.get(row);
      return this.hit([meta[1], meta[2], meta[3], meta[4], mark?.[1], mark?.[2]], scores.get(row) ?? 0);
    });
    hits.sort(byScore);
    return hits;
  }

  /** The marked title and the snippet of the rows shown, found by the same MATCH so FTS5 marks the same words. */
  private marked(match: string, rows: readonly number[], list: string): unknown[][] {
    const marks = [MARK_OPEN, MARK_CLOSE, MARK_OPEN, MARK_CLOSE, match];
    const columns = `f.rowid, highlight(docs_fts, 0, ?, ?), snippet(docs_fts, -1, ?, ?, '…', ${SNIPPET_TOKENS})`;
    // A prefix (neuro*) is expanded over the whole vocabulary each time FTS5 starts the query, and a
    // rowid list makes it start once per row (50 times 2 ms): one pass over the matches within the
    // rows' range marks only the rows shown (`+rowid` keeps the list from FTS5). Without a prefix
    // every word is a seek in its list, and 50 seeks beat a pass over tens of thousands of matches
    // (half the time on common words). Quoted tokens hold only letters and digits, so a star is
    // always the prefix operator.
    if (match.includes('*')) {
      return this.db.selectArrays(`SELECT ${columns} FROM docs_fts f WHERE docs_fts MATCH ? AND f.rowid BETWEEN ? AND ? AND +f.rowid IN (${list})`, [
        ...marks,
        Math.min(...rows),
        Math.max(...rows),
        ...rows,
      ]);
    }
    return this.db.selectArrays(`SELECT ${columns} FROM docs_fts f WHERE docs_fts MATCH ? AND f.rowid IN (${list})`, [...marks, ...rows]);
  }

  private hit(row: unknown[], score: number): DocumentHit {
    return {
      id: String(row[0]),
      year: row[1] === null ? null : Number(row[1]),
      type: String(row[2]),
      status: String(row[3]),
      title: String(row[4] ?? ''),
      snippet: String(row[5] ?? ''),
      score,
    };
  }

  /** Where the query matches in a document's text, as offsets of the stored text (empty when it matched only elsewhere). */
  locate(documentId: string, query: ParsedQuery): TextRange[] {
    if (query.match === null) return [];
    const marked = this.db.selectValue('SELECT highlight(docs_fts, 3, ?, ?) FROM docs_fts f JOIN docs d ON d.row = f.rowid WHERE docs_fts MATCH ? AND d.id = ?', [MARK_OPEN, MARK_CLOSE, query.match, documentId]);
    return typeof marked === 'string' ? markedRanges(marked).ranges : [];
  }

  /** Annotations whose quote, note, tags or value match, best first; filters apply to their document. */
  searchNotes(query: ParsedQuery, limit: number): { hits: NoteHit[]; total: number } {
    // Field names of documents (title:, author:) have no column here: only plain words search notes.
    if (query.match === null || query.fields.length > 0) return { hits: [], total: 0 };
    const match = query.match;
    const filters = filterClauses(query.filters, 'd');
    const from = `FROM notes_fts f JOIN notes n ON n.row = f.rowid JOIN docs d ON d.id = n.document WHERE notes_fts MATCH ?${filters.sql}`;
    const total = Number(this.db.selectValue(`SELECT count(*) ${from}`, [match, ...filters.bind]) ?? 0);
    const rows = this.db.selectArrays(
      `SELECT n.id, n.document, n.label, snippet(notes_fts, -1, ?, ?, '…', ${SNIPPET_TOKENS}), n.start, n.end, bm25(notes_fts, ${NOTE_WEIGHTS}) AS score ${from} ORDER BY score LIMIT ?`,
      [MARK_OPEN, MARK_CLOSE, match, ...filters.bind, limit],
    );
    return {
      hits: rows.map((row) => ({
        id: String(row[0]),
        documentId: String(row[1]),
        label: String(row[2]),
        snippet: String(row[3] ?? ''),
        start: row[4] === null ? null : Number(row[4]),
        end: row[5] === null ? null : Number(row[5]),
        score: Number(row[6]),
      })),
      total,
    };
  }
}
