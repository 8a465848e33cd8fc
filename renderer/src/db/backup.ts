// Backup and restore against the database: every table read in one transaction (so a backup is a
// consistent picture even while the reviewer works), and a restore written as one action through the
// change funnel, so a failure half-way leaves the data exactly as it was and the restore is audited.
import { verifyAuditLog } from '@shared/audit/chain';
import { mergeBackup, originalForBackup, originalFromBackup } from '@shared/export/backup';
import type { BackupCounts, BackupData } from '@shared/export/backup';
import type { AuditEntry, Setting } from '@shared/model';
import { useLiveQuery } from 'dexie-react-hooks';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { sha256HexDigest } from './digest';
import { DEVICE_KEY, REVIEWER_KEY, runChange } from './funnel';
import { forgetHistoryAfterRestore } from './history';
import { TRUSTED_SIGNERS_KEY } from './signing';

export type RestoreMode = 'replace' | 'merge';

/** Said by the restore dialog: why a restore is not on the undo history. */
export const RESTORE_NOT_UNDOABLE =
  'A restore cannot be undone: it may replace every record. Make a backup first if you may want today’s data back.';

function dataTables(db: MarginDatabase) {
  return [db.documents, db.texts, db.annotations, db.statuses, db.schemas, db.settings];
}

async function readTables(db: MarginDatabase): Promise<BackupData> {
  const [documents, texts, annotations, statuses, schemas, settings, audit, originals, reviews, progress, suggestionRejections] = await Promise.all([
    db.documents.toArray(),
    db.texts.toArray(),
    db.annotations.toArray(),
    db.statuses.toArray(),
    db.schemas.toArray(),
    db.settings.toArray(),
    db.audit.toArray(),
    db.originals.toArray(),
    db.reviews.toArray(),
    db.progress.toArray(),
    db.suggestionRejections.toArray(),
  ]);
  return { documents, texts, annotations, statuses, schemas, settings, audit, originals: originals.map(originalForBackup), reviews, progress, suggestionRejections };
}

/** Every record of every table, tombstones and the audit log included, as one consistent snapshot. */
export async function readAllTables(db: MarginDatabase): Promise<BackupData> {
  return db.transaction('r', [...dataTables(db), db.originals, db.reviews, db.progress, db.suggestionRejections, db.audit], () => readTables(db));
}

/** How many records each table holds now. */
export async function countAllTables(db: MarginDatabase): Promise<BackupCounts> {
  return db.transaction('r', [...dataTables(db), db.originals, db.reviews, db.progress, db.suggestionRejections], async () => {
    const [documents, texts, annotations, statuses, schemas, settings] = await Promise.all(dataTables(db).map((table) => table.count()));
    const [originals, reviews, progress, suggestionRejections] = await Promise.all([db.originals.count(), db.reviews.count(), db.progress.count(), db.suggestionRejections.count()]);
    return { documents: documents!, texts: texts!, annotations: annotations!, statuses: statuses!, schemas: schemas!, settings: settings!, originals, reviews, progress, suggestionRejections };
  });
}

/**
 * This device's identity is its own: a restore never takes another device's chain id, reviewer or
 * list of trusted signers (a backup that could add signers to trust would vouch for itself).
 */
export const LOCAL_SETTINGS: ReadonlySet<string> = new Set([DEVICE_KEY, REVIEWER_KEY, TRUSTED_SIGNERS_KEY]);

export class RestoreRefused extends Error {}

/**
 * Writes a checked backup (from `readBackup`) into the database as one action. Replace makes every
 * table the backup's; merge combines the backup with what is stored (`mergeBackup` decides who
 * wins). The backup's audit log is verified first and its entries are kept beside this device's;
 * this device's identity and its own log are never replaced. Returns the counts after the restore.
 */
export async function restoreBackup(db: MarginDatabase, incoming: BackupData, mode: RestoreMode, options: { now?: string } = {}): Promise<BackupCounts> {
  const incomingLog = incoming.audit ?? [];
  const verified = await verifyAuditLog(incomingLog, sha256HexDigest);
  if (!verified.ok) throw new RestoreRefused(`The backup’s history does not hold together: ${verified.reason}. Nothing was changed.`);
  const counts = await runChange(
    db,
    { action: `backup.restore.${mode}`, label: mode === 'replace' ? 'restore a backup' : 'merge a backup', documentId: null, undo: { refused: RESTORE_NOT_UNDOABLE }, now: options.now },
    async (writer) => {
      const current = await readTables(db);
      const target = mode === 'replace' ? incoming : mergeBackup(current, incoming);
      const settings: Setting[] = [
        ...target.settings.filter((s) => !LOCAL_SETTINGS.has(s.key)),
        ...current.settings.filter((s) => LOCAL_SETTINGS.has(s.key)),
      ];
      await writer.replaceTable('documents', target.documents);
      await writer.replaceTable('texts', target.texts);
      await writer.replaceTable('annotations', target.annotations);
      await writer.replaceTable('statuses', target.statuses);
      await writer.replaceTable('schemas', target.schemas);
      await writer.replaceTable('settings', settings);
      // A backup from before originals were kept leaves those stored (their documents may remain).
      const originals = target.originals === undefined ? (await db.originals.toArray()) : target.originals.map(originalFromBackup);
      const documentIds = new Set<string>(target.documents.map((d) => d.id));
      const kept = originals.filter((o) => documentIds.has(o.id));
      await writer.replaceTable('originals', kept);
      // A backup from before team reviews leaves the stored ones (and their progress) as they are.
      const reviews = target.reviews ?? (await db.reviews.toArray());
      const progress = (target.progress ?? (await db.progress.toArray())).filter((p) => documentIds.has(p.documentId));
      await writer.replaceTable('reviews', reviews);
      await writer.replaceTable('progress', progress);
      // Likewise for rejected suggestions: a backup from before the assistant leaves them stored.
      const rejections = (target.suggestionRejections ?? (await db.suggestionRejections.toArray())).filter((r) => documentIds.has(r.documentId));
      await writer.replaceTable('suggestionRejections', rejections);
      await addForeignEntries(db, current.audit ?? [], incomingLog);
      return {
        documents: target.documents.length,
        texts: target.texts.length,
        annotations: target.annotations.length,
        statuses: target.statuses.length,
        schemas: target.schemas.length,
        settings: settings.length,
        originals: kept.length,
        reviews: reviews.length,
        progress: progress.length,
        suggestionRejections: rejections.length,
      };
    },
  );
  forgetHistoryAfterRestore();
  return counts;
}

/**
 * The backup's log entries this database lacks. An entry of the same chain and number must be the
 * same entry: two different histories under one number mean the file is not what it claims.
 */
async function addForeignEntries(db: MarginDatabase, stored: readonly AuditEntry[], incoming: readonly AuditEntry[]): Promise<void> {
  const known = new Map(stored.map((e) => [`${e.chain}\u0000${e.seq}`, e.hash]));
  const fresh: AuditEntry[] = [];
  for (const entry of incoming) {
    const hash = known.get(`${entry.chain}\u0000${entry.seq}`);
    if (hash === undefined) fresh.push(entry);
    else if (hash !== entry.hash) throw new RestoreRefused(`The backup’s history differs from this device’s at entry ${entry.seq}. Nothing was changed.`);
  }
  await db.audit.bulkAdd(fresh);
}

/** How many records each table holds, live; undefined while counting. */
export function useTableCounts(): BackupCounts | undefined {
  const db = useDatabase();
  return useLiveQuery(() => countAllTables(db), [db]);
}
