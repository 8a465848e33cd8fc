// The one Dexie database. Every past version() stays declared so old installs upgrade in place;
// document text lives in its own table keyed only by id so it is stored once and never indexed.
import { Dexie } from 'dexie';
import type { EntityTable, Table } from 'dexie';
import type { Annotation, AuditEntry, DocumentMeta, DocumentText, ReviewStatus, Setting, StoredSchema } from '@shared/model';

export type MarginDatabase = Dexie & {
  documents: EntityTable<DocumentMeta, 'id'>;
  texts: EntityTable<DocumentText, 'id'>;
  annotations: EntityTable<Annotation, 'id'>;
  statuses: EntityTable<ReviewStatus, 'documentId'>;
  schemas: EntityTable<StoredSchema, 'key'>;
  settings: EntityTable<Setting, 'key'>;
  /** Append-only, hash-chained: written only by the change funnel. Keyed by [chain+seq]. */
  audit: Table<AuditEntry, [string, number]>;
  /** This device's private keys (never exported, never in backups or the log). */
  keys: EntityTable<DeviceKey, 'id'>;
};

/** A key pair made on this device: the private half is a non-extractable CryptoKey. */
export interface DeviceKey {
  id: string;
  privateKey: CryptoKey;
  /** Raw public key, base64: the half others see, in every signature. */
  publicKey: string;
  createdAt: string;
}

export const DATABASE_NAME = 'margin';

export function openDatabase(name: string = DATABASE_NAME): MarginDatabase {
  // Live-query results are shared between components and never mutated in place (repositories
  // write new records), so Dexie need not deep-clone 10,000 annotations on every emission.
  const db = new Dexie(name, { cache: 'immutable' }) as MarginDatabase;
  db.version(1).stores({
    documents: 'id, title, type, origin, addedAt',
    texts: 'id',
    annotations: 'id, documentId, modifiedAt, *tags, field.fieldKey',
    statuses: 'documentId, status',
    schemas: 'key, active',
    settings: 'key',
  });
  // v2: annotations by document and start offset, so the reader can fetch the few annotations in
  // view before all of a document's annotations have loaded. No data changes; the index is built.
  db.version(2).stores({
    annotations: 'id, documentId, modifiedAt, *tags, field.fieldKey, [documentId+target.position.start]',
  });
  // v3: the audit log. Existing records are left exactly as they were: reviewer ids appear on
  // records as they are next changed, and the log starts with the first change after the upgrade.
  db.version(3).stores({
    audit: '[chain+seq], documentId, at',
  });
  // v4: the device's signing key, kept apart from the data tables so no backup, export or log
  // entry can carry it. No existing record changes.
  db.version(4).stores({
    keys: 'id',
  });
  return db;
}

/** The app's database; tests open their own with a unique name. */
export const db: MarginDatabase = openDatabase();
