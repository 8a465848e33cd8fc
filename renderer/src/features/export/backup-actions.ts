// Back up and restore as the reviewer starts them: write every table to a dated file, or read a
// chosen file and check it completely before anything is offered for writing.
import { backupCovered, backupOf, backupText, readBackup } from '@shared/export/backup';
import type { ReadBackupResult } from '@shared/export/backup';
import { mimeTypeOf, suggestFileName } from '@shared/export/file-names';
import type { Bridge } from '@shared/ipc';
import type { MarginDatabase } from '../../db/database';
import { readAllTables } from '../../db/backup';
import { describeStorageError } from '../../db/errors';
import { signCovered, SigningUnavailable } from '../../db/signing';
import { localDate } from './run-export';

/** UTF-8 text of a file the reviewer opened; broken bytes become U+FFFD and fail the checks later. */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Saves a backup of every table; the result is a notice for the reviewer. */
export async function runBackup(db: MarginDatabase, bridge: Bridge, now: Date): Promise<{ kind: 'info' | 'error'; message: string }> {
  let text: string;
  let documents: number;
  let annotations: number;
  let unsigned = false;
  try {
    const data = await readAllTables(db);
    const backup = backupOf(data, now.toISOString());
    let signature;
    try {
      signature = await signCovered(db, backupCovered(backup));
    } catch (error) {
      // A host without Ed25519 still gets its data out; the notice says the file is unsigned.
      if (!(error instanceof SigningUnavailable)) throw error;
      unsigned = true;
    }
    text = backupText(backup, signature);
    documents = data.documents.length;
    annotations = data.annotations.filter((a) => a.deletedAt === null).length;
  } catch (error) {
    return { kind: 'error', message: `The backup was not made. ${describeStorageError(error)}` };
  }
  const result = await bridge.saveFile({ suggestedName: suggestFileName('backup', localDate(now)), mimeType: mimeTypeOf('backup'), data: text });
  if (result.saved) {
    const what = `${documents} ${documents === 1 ? 'document' : 'documents'} and ${annotations} ${annotations === 1 ? 'annotation' : 'annotations'}`;
    return { kind: 'info', message: `Backup of ${what} saved to ${result.location}${unsigned ? ', unsigned: this browser cannot sign files' : ', signed by this device'}.` };
  }
  if (result.reason === 'cancelled') return { kind: 'info', message: 'Backup cancelled: nothing was saved.' };
  return { kind: 'error', message: `The backup was not saved. ${result.message ?? ''}`.trim() };
}

export interface ChosenBackup {
  fileName: string;
  result: ReadBackupResult;
}

/** The largest backup file Margin reads (the bridge's own ceiling). */
export const BACKUP_MAX_BYTES = 1024 * 1024 * 1024;

/** Asks for a backup file and checks it; null when the reviewer chose nothing. */
export async function chooseBackupFile(bridge: Bridge): Promise<ChosenBackup | null> {
  // A backup holds every document's text, so it may be far larger than an article.
  const [file] = await bridge.openFiles({ extensions: ['json'], multiple: false, maxBytes: BACKUP_MAX_BYTES });
  if (!file) return null;
  return { fileName: file.name, result: readBackup(decodeText(file.bytes)) };
}
