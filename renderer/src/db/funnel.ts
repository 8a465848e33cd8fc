// The change funnel: the one way anything persistent is written. A repository describes its write
// through a ChangeWriter (table, key, before, after); the funnel runs it in one Dexie transaction,
// appends one hash-chained audit entry per changed record naming the reviewer in that same
// transaction, and, once it has committed, records the step for undo in its document's history.
// Zotero's reader does the same with one `_applyChanges`: no view writes on its own.
import { Dexie } from 'dexie';
import { canonicalJson } from '@shared/canonical-json';
import { sealEntriesSync } from '@shared/audit/chain';
import type { Actor, AuditedChange, AuditEntry, AuditedTable, DocumentId, DocumentOriginal, DocumentText, ReviewerId, Setting } from '@shared/model';
import { PRIMARY_KEY_FIELD } from '@shared/model';
import type { MarginDatabase } from './database';
import { sha256HexDigestSync } from './digest';
import { recordStep } from './history';
import { applyFieldCountChanges } from './field-counts';
import { DEFAULT_REVIEWER, DEVICE_KEY, REVIEWER_KEY, reviewerOf, SYSTEM_ACTOR } from './identity';

/** One record's change; null stands for "not stored". */
export interface RecordChange {
  table: AuditedTable;
  key: string;
  before: unknown;
  after: unknown;
}

export interface ActionInfo {
  /** For programs and the audit log: `annotation.create`, `status.set`, `settings.colours`… */
  action: string;
  /** For people: "Undo highlight", and the History view. */
  label: string;
  /** The document the action is about; null for library-wide actions (settings, schemas, imports). */
  documentId: DocumentId | null;
  /**
   * Whether the step goes onto the undo history (default true). An action that cannot be undone
   * gives the sentence its dialog shows; undo and redo themselves are recorded by the history.
   */
  undo?: true | { refused: string };
  /** 'system' for what Margin does by itself (loading the bundled corpus). */
  actor?: 'reviewer' | 'system';
  /** ISO 8601; tests pass a fixed time. */
  now?: string;
  /**
   * A change another device made, arriving by sync or bundle: the audit entries name that reviewer
   * (this device's chain records that it received it), and it goes onto no undo history here.
   */
  remote?: Actor;
  /**
   * One audit entry per added document: the text and original file added with it under its id are
   * logged in the document's entry (`alongside`), each by its hash as before, instead of an entry
   * each. For imports, which add a document with its text and nothing else of it.
   */
  documentEntries?: boolean;
}

export interface ChangeWriter {
  readonly now: string;
  readonly actor: Actor;
  /** The reviewer's id, or null for a system action. */
  readonly reviewerId: ReviewerId | null;
  get<T>(table: AuditedTable, key: string): Promise<T | undefined>;
  /** Stores `record` (its key read from it) and returns what was stored before. */
  put<T extends object>(table: AuditedTable, record: T): Promise<T | undefined>;
  /** Stores many records of one table with one read and one write. */
  putMany<T extends object>(table: AuditedTable, records: readonly T[]): Promise<(T | undefined)[]>;
  /**
   * Stores many records expected to be new, without reading first: one write, and a read only for
   * a key that turns out to be stored already (that record is then replaced, its old version
   * noted as putMany would). Same changes as putMany; an import's texts are new nearly always.
   */
  addMany<T extends object>(table: AuditedTable, records: readonly T[]): Promise<void>;
  /**
   * Stores the records whose key is not stored yet, without reading first, and leaves the others
   * as they are: for each record, what was already stored under its key (then not written), or
   * undefined where it was written. One write, and a read only for the keys that were taken.
   */
  addAbsent<T extends object>(table: AuditedTable, records: readonly T[]): Promise<(T | undefined)[]>;
  remove(table: AuditedTable, key: string): Promise<void>;
  /** Makes a table hold exactly `records` (restore); only records that differ count as changes. */
  replaceTable<T extends object>(table: AuditedTable, records: readonly T[]): Promise<void>;
  readonly changes: readonly RecordChange[];
}

/** Told of every committed action's changes (the search index follows the database this way). */
export type CommitListener = (db: MarginDatabase, changes: readonly RecordChange[]) => void;
const commitListeners = new Set<CommitListener>();

/** Calls `listener` after each action that changed something has committed; returns the unsubscribe. */
export function onCommitted(listener: CommitListener): () => void {
  commitListeners.add(listener);
  return () => commitListeners.delete(listener);
}

// Kept in ./identity (the start path reads them without the funnel); exported here as before.
export { DEFAULT_REVIEWER, DEVICE_KEY, REVIEWER_KEY, reviewerOf, SYSTEM_ACTOR };

export function keyOf(table: AuditedTable, record: object): string {
  return String((record as Record<string, unknown>)[PRIMARY_KEY_FIELD[table]]);
}

/** Tables whose records are never removed but marked deleted, so undo and sync can bring them back. */
const TOMBSTONED: ReadonlySet<AuditedTable> = new Set(['annotations']);

export function isTombstoned(table: AuditedTable): boolean {
  return TOMBSTONED.has(table);
}

/**
 * A kept file's bytes stand for themselves by their SHA-256 (which the record holds), so comparing
 * two originals never spells out megabytes of bytes as JSON.
 */
function comparable(record: unknown): unknown {
  // isView, not instanceof: IndexedDB may hand back bytes made in another realm.
  if (record !== null && typeof record === 'object' && ArrayBuffer.isView((record as { bytes?: unknown }).bytes)) {
    return { ...record, bytes: (record as DocumentOriginal).bytes.byteLength };
  }
  return record ?? null;
}

/** Equal as stored records: the same canonical JSON (key order and undefined members do not count). */
export function sameRecord(a: unknown, b: unknown): boolean {
  return canonicalJson(comparable(a)) === canonicalJson(comparable(b));
}

/** What the audit log keeps of a record: everything, except a document's text, kept by its hash. */
export function forAudit(table: AuditedTable, record: unknown): unknown {
  if (record === undefined || record === null) return null;
  if (table === 'texts') {
    const text = record as DocumentText;
    // A document's id is the SHA-256 of its text, so the id is the text's hash.
    return { id: text.id, sha256: text.id, length: text.text.length };
  }
  if (table === 'originals') {
    // The file by its hash and size, as the text is: the log stays small and holds no document content.
    const original = record as DocumentOriginal;
    return { id: original.id, mediaType: original.mediaType, sha256: original.sha256, length: original.bytes.length, pageCount: original.pageCount, runs: original.runs.length };
  }
  return record;
}

/** Tables whose record is a document's own (keyed by its id), logged in the document's entry when added with it. */
const DOCUMENT_PARTS: ReadonlySet<AuditedTable> = new Set(['texts', 'originals']);

/**
 * For `documentEntries`: each added document's change and the additions of its text and original
 * (same id, nothing stored before) that go into its entry. A part that replaced something stored,
 * or whose document was not added, keeps an entry of its own.
 */
function companionsOf(changes: readonly RecordChange[]): { byDocument: Map<RecordChange, RecordChange[]>; folded: Set<RecordChange> } {
  const added = new Map<string, RecordChange>();
  for (const change of changes) if (change.table === 'documents' && change.before === null && change.after !== null) added.set(change.key, change);
  const byDocument = new Map<RecordChange, RecordChange[]>();
  const folded = new Set<RecordChange>();
  for (const change of changes) {
    if (!DOCUMENT_PARTS.has(change.table) || change.before !== null || change.after === null) continue;
    const document = added.get(change.key);
    if (document === undefined) continue;
    const parts = byDocument.get(document);
    if (parts) parts.push(change);
    else byDocument.set(document, [change]);
    folded.add(change);
  }
  return { byDocument, folded };
}

function tableOf(db: MarginDatabase, table: AuditedTable) {
  return db[table] as unknown as Dexie.Table<object, string>;
}

class Writer implements ChangeWriter {
  readonly changes: RecordChange[] = [];
  constructor(
    private readonly db: MarginDatabase,
    readonly now: string,
    readonly actor: Actor,
    readonly reviewerId: ReviewerId | null,
  ) {}

  private note(table: AuditedTable, key: string, before: unknown, after: unknown): void {
    // A record that was not stored is a change without spelling both out as JSON (an import's 50 KB
    // texts made that a tenth of its time); only two stored versions need comparing.
    const added = (before === undefined || before === null) && after !== undefined && after !== null;
    if (!added && sameRecord(before, after)) return;
    this.changes.push({ table, key, before: before ?? null, after: after ?? null });
  }

  async get<T>(table: AuditedTable, key: string): Promise<T | undefined> {
    return (await tableOf(this.db, table).get(key)) as T | undefined;
  }

  async put<T extends object>(table: AuditedTable, record: T): Promise<T | undefined> {
    const key = keyOf(table, record);
    const before = (await tableOf(this.db, table).get(key)) as T | undefined;
    await tableOf(this.db, table).put(record);
    this.note(table, key, before, record);
    return before;
  }

  async putMany<T extends object>(table: AuditedTable, records: readonly T[]): Promise<(T | undefined)[]> {
    if (records.length === 0) return [];
    const keys = records.map((record) => keyOf(table, record));
    const before = (await tableOf(this.db, table).bulkGet(keys)) as (T | undefined)[];
    await tableOf(this.db, table).bulkPut([...records]);
    records.forEach((record, i) => this.note(table, keys[i]!, before[i], record));
    return before;
  }

  /** Adds the records; the positions of those whose key was stored already (not written), in order. */
  private async bulkAddTaken<T extends object>(table: AuditedTable, records: readonly T[]): Promise<number[]> {
    try {
      await tableOf(this.db, table).bulkAdd([...records]);
      return [];
    } catch (error) {
      // Caught, so the transaction goes on: only the records whose key was stored failed.
      if (!(error instanceof Dexie.BulkError)) throw error;
      const failures = error.failuresByPos;
      const taken = Object.keys(failures).map(Number);
      if (taken.some((position) => failures[position]?.name !== 'ConstraintError')) throw error;
      return taken.sort((a, b) => a - b);
    }
  }

  async addAbsent<T extends object>(table: AuditedTable, records: readonly T[]): Promise<(T | undefined)[]> {
    if (records.length === 0) return [];
    const keys = records.map((record) => keyOf(table, record));
    const taken = await this.bulkAddTaken(table, records);
    const stored = taken.length > 0 ? ((await tableOf(this.db, table).bulkGet(taken.map((i) => keys[i]!))) as (T | undefined)[]) : [];
    const present: (T | undefined)[] = records.map(() => undefined);
    taken.forEach((position, i) => (present[position] = stored[i]));
    const kept = new Set(taken);
    records.forEach((record, i) => {
      if (!kept.has(i)) this.note(table, keys[i]!, undefined, record);
    });
    return present;
  }

  async addMany<T extends object>(table: AuditedTable, records: readonly T[]): Promise<void> {
    if (records.length === 0) return;
    const store = tableOf(this.db, table);
    const keys = records.map((record) => keyOf(table, record));
    const retry = await this.bulkAddTaken(table, records);
    const before = retry.length > 0 ? ((await store.bulkGet(retry.map((i) => keys[i]!))) as (T | undefined)[]) : [];
    if (retry.length > 0) await store.bulkPut(retry.map((i) => records[i]!));
    const old = new Map(retry.map((position, i) => [position, before[i]]));
    records.forEach((record, i) => this.note(table, keys[i]!, old.get(i), record));
  }

  async remove(table: AuditedTable, key: string): Promise<void> {
    const before = await tableOf(this.db, table).get(key);
    if (before === undefined) return;
    await tableOf(this.db, table).delete(key);
    this.note(table, key, before, null);
  }

  async replaceTable<T extends object>(table: AuditedTable, records: readonly T[]): Promise<void> {
    const store = tableOf(this.db, table);
    const before = new Map((await store.toArray()).map((record) => [keyOf(table, record), record]));
    await store.clear();
    await store.bulkAdd([...records]);
    for (const record of records) {
      const key = keyOf(table, record);
      this.note(table, key, before.get(key), record);
      before.delete(key);
    }
    for (const [key, record] of before) this.note(table, key, record, null);
  }
}

function newReviewerId(): ReviewerId {
  return crypto.randomUUID() as ReviewerId;
}

/**
 * Runs `body` as one user action: one transaction over every audited table and the log. Either
 * everything it wrote, its audit entries and its undo step happen, or nothing does.
 */
export async function runChange<R>(db: MarginDatabase, info: ActionInfo, body: (writer: ChangeWriter) => Promise<R>): Promise<R> {
  const now = info.now ?? new Date().toISOString();
  const tables = [db.documents, db.texts, db.annotations, db.statuses, db.schemas, db.settings, db.originals, db.reviews, db.progress, db.suggestionRejections, db.audit, db.fieldCounts];
  const { result, changes } = await db.transaction('rw', tables, async () => {
    const [deviceSetting, reviewerSetting] = await db.settings.bulkGet([DEVICE_KEY, REVIEWER_KEY]);
    const bootstrap = new Writer(db, now, SYSTEM_ACTOR, null);
    // The device's chain id and, for a reviewer's first change before the question at first start
    // was answered, a reviewer named by default: both made once, and logged like any change.
    let chain = typeof deviceSetting?.value === 'object' && deviceSetting.value !== null ? String((deviceSetting.value as { id?: unknown }).id ?? '') : '';
    if (!chain) {
      chain = crypto.randomUUID();
      await bootstrap.put<Setting>('settings', { key: DEVICE_KEY, value: { id: chain, createdAt: now } });
    }
    let reviewer = reviewerOf(reviewerSetting);
    if (info.actor !== 'system' && info.remote === undefined && reviewer === null) {
      reviewer = { id: newReviewerId(), ...DEFAULT_REVIEWER, createdAt: now, chosen: false };
      await bootstrap.put<Setting>('settings', { key: REVIEWER_KEY, value: reviewer });
    }
    const actor: Actor = info.remote ?? (info.actor === 'system' || reviewer === null ? SYSTEM_ACTOR : { id: reviewer.id, name: reviewer.name });
    const writer = new Writer(db, now, actor, info.remote !== undefined ? (info.remote.id as ReviewerId) : info.actor === 'system' ? null : (reviewer?.id ?? null));
    const result = await body(writer);
    // Derived in the same transaction: the library's counts of filled values follow every annotation write.
    await applyFieldCountChanges(db.fieldCounts, writer.changes);
    const all = [...bootstrap.changes.map((c) => ({ change: c, actor: SYSTEM_ACTOR, action: 'identity.create', label: 'device identity' })), ...writer.changes.map((c) => ({ change: c, actor, action: info.action, label: info.label }))];
    if (all.length > 0) {
      const last = await db.audit.where('[chain+seq]').between([chain, Dexie.minKey], [chain, Dexie.maxKey]).last();
      const companions = info.documentEntries === true ? companionsOf(writer.changes) : null;
      const drafts = all.flatMap(({ change, actor: who, action, label }) => {
        if (companions?.folded.has(change)) return [];
        const alongside = companions?.byDocument.get(change);
        return [
          {
            chain,
            at: now,
            actor: who,
            action,
            label,
            documentId: info.documentId,
            table: change.table,
            key: change.key,
            before: forAudit(change.table, change.before),
            after: forAudit(change.table, change.after),
            ...(alongside ? { alongside: alongside.map((c): AuditedChange => ({ table: c.table, key: c.key, before: forAudit(c.table, c.before), after: forAudit(c.table, c.after) })) } : {}),
          },
        ];
      });
      // Sealed in one synchronous pass, in the transaction (no await, so nothing lets it commit
      // early): an entry is a few hundred bytes of canonical JSON, which the pure SHA-256 hashes in
      // microseconds (sha256HexDigestSync), where an asynchronous WebCrypto digest per entry cost a round trip each and
      // kept the transaction spinning with dummy reads (Dexie.waitFor) until the last answered. The
      // payload is JSON, so always well-formed: the same hash WebCrypto gives, as verification checks.
      const sealed: AuditEntry[] = sealEntriesSync(drafts, last ? { seq: last.seq, hash: last.hash } : null, sha256HexDigestSync);
      await db.audit.bulkAdd(sealed);
    }
    return { result, changes: writer.changes };
  });
  if (changes.length > 0 && (info.remote !== undefined || (info.undo !== undefined && info.undo !== true))) {
    // Not undoable here: the caller's dialog has said why, or the change is another reviewer's.
  } else if (changes.length > 0) {
    recordStep({ label: info.label, documentId: info.documentId, changes: [...changes] });
  }
  if (changes.length > 0) notifyCommitted(db, changes);
  return result;
}

/** Tells the listeners of committed changes (also used by the streamed restore, which commits on its own). */
export function notifyCommitted(db: MarginDatabase, changes: readonly RecordChange[]): void {
  // Derived data follows what is stored; a listener that fails must not undo or hide the write.
  for (const listener of commitListeners) {
    try {
      listener(db, changes);
    } catch (error) {
      console.error('A listener of committed changes failed', error);
    }
  }
}
