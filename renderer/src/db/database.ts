// The one Dexie database, declared at its latest version (old installs upgrade in place from any past one);
// document text lives in its own table keyed only by id so it is stored once and never indexed.
import { Dexie } from 'dexie';
import type { EntityTable, Table } from 'dexie';
import type { Annotation, AuditEntry, DocumentMeta, DocumentOriginal, DocumentText, ReviewStatus, Setting, StoredSchema, SuggestionRejection } from '@shared/model';
import type { Review } from '@shared/review/model';
import type { StoredProgress } from '@shared/review/progress';
import { rebuildFieldCounts } from './field-counts';
import type { FieldCount } from './field-counts';

export type MarginDatabase = Dexie & {
  documents: EntityTable<DocumentMeta, 'id'>;
  texts: EntityTable<DocumentText, 'id'>;
  /** The files documents were imported from (PDFs) with their text-to-item map; keyed by document id, never indexed. */
  originals: EntityTable<DocumentOriginal, 'id'>;
  annotations: EntityTable<Annotation, 'id'>;
  statuses: EntityTable<ReviewStatus, 'documentId'>;
  /** Team reviews (issue 11): name, protocol, schema, documents, members and roles. */
  reviews: EntityTable<Review, 'id'>;
  /** Each reviewer's status per document of a review; the solo status stays in `statuses`. */
  progress: EntityTable<StoredProgress, 'id'>;
  schemas: EntityTable<StoredSchema, 'key'>;
  settings: EntityTable<Setting, 'key'>;
  /** Append-only, hash-chained: written only by the change funnel. Keyed by [chain+seq]. */
  audit: Table<AuditEntry, [string, number]>;
  /** This device's private keys (never exported, never in backups or the log). */
  keys: EntityTable<DeviceKey, 'id'>;
  /** Automatic local copies of every data table, newest kept (never in backups or the log). */
  snapshots: EntityTable<Snapshot, 'id'>;
  /** Suggestions of the assistant the reviewer rejected, so they are not proposed again; in backups and the log. */
  suggestionRejections: EntityTable<SuggestionRejection, 'id'>;
  /** Derived: filled field values per document, reviewer and review, for the library (see field-counts.ts). Not audited, not in backups. */
  fieldCounts: Table<FieldCount, string>;
};

/** One automatic copy of the database: a compressed backup file of it, with what it holds. */
export interface Snapshot {
  id: string;
  takenAt: string;
  /** Why it was taken: on the schedule, asked for, or just before a restore replaced the data. */
  reason: 'scheduled' | 'manual' | 'before-restore';
  documents: number;
  /** Annotations not deleted. */
  annotations: number;
  /** The audit log's length when taken: a later snapshot with the same length would be a copy. */
  auditEntries: number;
  /**
   * The data's size in bytes, so the list need not measure every kept copy. Not indexed, so no
   * new version: snapshots taken before it was recorded lack it and are measured from their data.
   */
  bytes?: number;
  /** The backup file's text, gzip-compressed. */
  data: Uint8Array;
}

/** A key pair made on this device: the private half is a non-extractable CryptoKey. */
export interface DeviceKey {
  id: string;
  privateKey: CryptoKey;
  /** Raw public key, base64: the half others see, in every signature. */
  publicKey: string;
  createdAt: string;
}

export const DATABASE_NAME = 'margin';

/**
 * Each version's changes to the tables, in Dexie's stores() syntax: the schema's history. The database
 * is declared once, at the latest version, with the sum of these (Dexie 3+ upgrades any installed
 * version by comparing what is installed with the declaration, so past versions need declaring only for
 * an upgrade function, and the one there is, v8's, is kept). Declaring all eight costs a full re-parse
 * of every version's schema per call, some 20 ms of the start; the history stays here for the record
 * and for the upgrade tests, which build a database as each past version left it.
 */
export const SCHEMA_HISTORY: readonly { version: number; stores: Readonly<Record<string, string>> }[] = [
  {
    version: 1,
    stores: {
      documents: 'id, title, type, origin, addedAt',
      texts: 'id',
      annotations: 'id, documentId, modifiedAt, *tags, field.fieldKey',
      statuses: 'documentId, status',
      schemas: 'key, active',
      settings: 'key',
    },
  },
  // v2: annotations by document and start offset, so the reader can fetch the few annotations in
  // view before all of a document's annotations have loaded. No data changes; the index is built.
  { version: 2, stores: { annotations: 'id, documentId, modifiedAt, *tags, field.fieldKey, [documentId+target.position.start]' } },
  // v3: the audit log. Existing records are left exactly as they were: reviewer ids appear on
  // records as they are next changed, and the log starts with the first change after the upgrade.
  { version: 3, stores: { audit: '[chain+seq], documentId, at' } },
  // v4: the device's signing key, kept apart from the data tables so no backup, export or log
  // entry can carry it, and automatic snapshots of the data. No existing record changes.
  { version: 4, stores: { keys: 'id', snapshots: 'id, takenAt' } },
  // v5: the original files of imported PDFs, keyed by document id only (bytes are never indexed).
  // Documents imported before keep none; nothing existing changes.
  { version: 5, stores: { originals: 'id' } },
  // v6: team reviews and each reviewer's progress per document of a review (issue 11). A review is
  // read whole (few, small); progress is found by review and document, for blinding and the desk.
  // The solo review status in `statuses` stays as it is; no existing record changes.
  { version: 6, stores: { reviews: 'id', progress: 'id, reviewId, [reviewId+documentId]' } },
  // v7: the assistant's rejected suggestions (issue 14), by document so a document's are read at
  // once. A new table: nothing existing changes.
  { version: 7, stores: { suggestionRejections: 'id, documentId' } },
  // v8: per-document counts of filled field values by reviewer and review, so the library reads one
  // small record per document instead of every value (issue 13). Derived from the annotations: the
  // upgrade (below) builds it from them, the funnel keeps it with every annotation write.
  { version: 8, stores: { fieldCounts: 'id, documentId' } },
];

export const SCHEMA_VERSION = 8;

/** The tables and indexes at `version`: the history's changes up to it, later ones over earlier ones. */
export function schemaAt(version: number): Record<string, string> {
  const tables: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const step of SCHEMA_HISTORY) if (step.version <= version) Object.assign(tables, step.stores);
  return tables;
}

export function openDatabase(name: string = DATABASE_NAME): MarginDatabase {
  // Live-query results are shared between components and never mutated in place (repositories
  // write new records), so Dexie need not deep-clone 10,000 annotations on every emission.
  const db = new Dexie(name, { cache: 'immutable' }) as MarginDatabase;
  // One declaration: an install at any earlier version gets the tables and indexes it lacks, and
  // one from before v8 its field counts built from its annotations (Dexie runs a version's upgrade
  // for every install older than it).
  db.version(SCHEMA_VERSION)
    .stores(schemaAt(SCHEMA_VERSION))
    .upgrade((tx) => rebuildFieldCounts(tx));
  return db;
}

/** The app's database; tests open their own with a unique name. */
export const db: MarginDatabase = openDatabase();
