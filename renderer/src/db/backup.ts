// Backup and restore against the database: every table read in one transaction (so a backup is a
// consistent picture even while the reviewer works), and a restore written in one transaction over
// every table, so a failure half-way leaves the data exactly as it was.
import { useLiveQuery } from 'dexie-react-hooks';
import { mergeBackup } from '@shared/export/backup';
import type { BackupCounts, BackupData } from '@shared/export/backup';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';

export type RestoreMode = 'replace' | 'merge';

function allTables(db: MarginDatabase) {
  return [db.documents, db.texts, db.annotations, db.statuses, db.schemas, db.settings];
}

async function readTables(db: MarginDatabase): Promise<BackupData> {
  const [documents, texts, annotations, statuses, schemas, settings] = await Promise.all([
    db.documents.toArray(),
    db.texts.toArray(),
    db.annotations.toArray(),
    db.statuses.toArray(),
    db.schemas.toArray(),
    db.settings.toArray(),
  ]);
  return { documents, texts, annotations, statuses, schemas, settings };
}

/** Every record of every table, tombstones included, as one consistent snapshot. */
export async function readAllTables(db: MarginDatabase): Promise<BackupData> {
  return db.transaction('r', allTables(db), () => readTables(db));
}

/** How many records each table holds now. */
export async function countAllTables(db: MarginDatabase): Promise<BackupCounts> {
  return db.transaction('r', allTables(db), async () => {
    const [documents, texts, annotations, statuses, schemas, settings] = await Promise.all(allTables(db).map((table) => table.count()));
    return { documents: documents!, texts: texts!, annotations: annotations!, statuses: statuses!, schemas: schemas!, settings: settings! };
  });
}

/**
 * Writes a checked backup (from `readBackup`) into the database in one transaction. Replace makes
 * every table exactly the backup's; merge combines the backup with what is stored (`mergeBackup`
 * decides who wins) and writes the result. Returns the counts after the restore.
 */
export async function restoreBackup(db: MarginDatabase, incoming: BackupData, mode: RestoreMode): Promise<BackupCounts> {
  return db.transaction('rw', allTables(db), async () => {
    const target = mode === 'replace' ? incoming : mergeBackup(await readTables(db), incoming);
    await Promise.all(allTables(db).map((table) => table.clear()));
    await db.documents.bulkAdd(target.documents);
    await db.texts.bulkAdd(target.texts);
    await db.annotations.bulkAdd(target.annotations);
    await db.statuses.bulkAdd(target.statuses);
    await db.schemas.bulkAdd(target.schemas);
    await db.settings.bulkAdd(target.settings);
    return {
      documents: target.documents.length,
      texts: target.texts.length,
      annotations: target.annotations.length,
      statuses: target.statuses.length,
      schemas: target.schemas.length,
      settings: target.settings.length,
    };
  });
}

/** How many records each table holds, live; undefined while counting. */
export function useTableCounts(): BackupCounts | undefined {
  const db = useDatabase();
  return useLiveQuery(() => countAllTables(db), [db]);
}
