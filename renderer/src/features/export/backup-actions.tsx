// Back up and restore as the reviewer starts them: write every table to a dated file (streamed,
// format 2), or read a chosen file — format 2, or the one-JSON format 1 of older Margins — and check
// it completely before anything is offered for writing.
import { backupCovered, readBackup } from '@shared/export/backup';
import type { BackupCounts } from '@shared/export/backup';
import { streamCovered } from '@shared/export/backup-stream';
import { mimeTypeOf, suggestFileName } from '@shared/export/file-names';
import type { Bridge } from '@shared/ipc';
import type { FileSignature } from '@shared/signing';
import type { MarginDatabase } from '../../db/database';
import { restoreBackup } from '../../db/backup';
import type { RestoreMode } from '../../db/backup';
import { checkStreamedBackup, isStreamedBackup, restoreStreamedBackup, writeStreamedBackup } from '../../db/backup-stream';
import type { BackupProgress, OnProgress } from '../../db/backup-stream';
import { ProgressLine } from '../../components/progress-line';
import { describeStorageError } from '../../db/errors';
import { signCovered, SigningUnavailable } from '../../db/signing';
import { localDate } from './run-export';

const PHASE_LABEL: Record<BackupProgress['phase'], string> = {
  reading: 'Backing up',
  checking: 'Checking the backup',
  writing: 'Restoring',
};

/** A backup's or restore's progress as the progress line shows it. */
export function BackupProgressLine({ progress }: { progress: BackupProgress }) {
  return <ProgressLine label={PHASE_LABEL[progress.phase]} done={progress.done} total={progress.total} unit="records" />;
}

/** UTF-8 text of a file the reviewer opened; broken bytes become U+FFFD and fail the checks later. */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Saves a backup of every table; the result is a notice for the reviewer. */
export async function runBackup(db: MarginDatabase, bridge: Bridge, now: Date, onProgress?: OnProgress): Promise<{ kind: 'info' | 'error'; message: string }> {
  let bytes: Uint8Array<ArrayBuffer>;
  let documents: number;
  let annotations: number;
  let unsigned = false;
  try {
    const sign = async (covered: unknown): Promise<FileSignature | undefined> => {
      try {
        return await signCovered(db, covered);
      } catch (error) {
        // A host without Ed25519 still gets its data out; the notice says the file is unsigned.
        if (!(error instanceof SigningUnavailable)) throw error;
        unsigned = true;
        return undefined;
      }
    };
    const written = await writeStreamedBackup(db, { now: now.toISOString(), sign, onProgress });
    bytes = new Uint8Array(await written.file.arrayBuffer());
    documents = written.header.counts.documents;
    annotations = written.liveAnnotations;
  } catch (error) {
    return { kind: 'error', message: `The backup was not made. ${describeStorageError(error)}` };
  }
  const result = await bridge.saveFile({ suggestedName: suggestFileName('backup', localDate(now)), mimeType: mimeTypeOf('backup'), data: bytes });
  if (result.saved) {
    const what = `${documents} ${documents === 1 ? 'document' : 'documents'} and ${annotations} ${annotations === 1 ? 'annotation' : 'annotations'}`;
    return { kind: 'info', message: `Backup of ${what} saved to ${result.location}${unsigned ? ', unsigned: this browser cannot sign files' : ', signed by this device'}.` };
  }
  if (result.reason === 'cancelled') return { kind: 'info', message: 'Backup cancelled: nothing was saved.' };
  return { kind: 'error', message: `The backup was not saved. ${result.message ?? ''}`.trim() };
}

/** A backup file that was read and checked whole, in either format, ready to restore. */
export interface RestorableBackup {
  format: 1 | 2;
  createdAt: string;
  counts: BackupCounts;
  /** What its signature covers, and the signature (absent when unsigned). */
  covered: unknown;
  signature: FileSignature | undefined;
  documentIds: ReadonlySet<string>;
  restore: (db: MarginDatabase, mode: RestoreMode, onProgress?: OnProgress) => Promise<BackupCounts>;
}

export type CheckedBackupFile = { ok: true; backup: RestorableBackup } | { ok: false; reason: string };

export interface ChosenBackup {
  fileName: string;
  file: Blob;
}

/** The largest backup file Margin reads (the bridge's own ceiling). */
export const BACKUP_MAX_BYTES = 1024 * 1024 * 1024;

/** Asks for a backup file; null when the reviewer chose nothing. The dialog checks it. */
export async function chooseBackupFile(bridge: Bridge): Promise<ChosenBackup | null> {
  // A backup holds every document's text, so it may be far larger than an article. Format 1 files
  // (older Margins) are .json.
  const [file] = await bridge.openFiles({ extensions: ['mbackup', 'json'], multiple: false, maxBytes: BACKUP_MAX_BYTES });
  if (!file) return null;
  return { fileName: file.name, file: new Blob([file.bytes as Uint8Array<ArrayBuffer>]) };
}

/** Reads and checks a chosen file in whichever format it is, reporting progress on format 2. */
export async function checkBackupFile(file: Blob, onProgress?: OnProgress): Promise<CheckedBackupFile> {
  if (await isStreamedBackup(file)) {
    const checked = await checkStreamedBackup(file, onProgress);
    if (!checked.ok) return checked;
    const { backup } = checked;
    return {
      ok: true,
      backup: {
        format: 2,
        createdAt: backup.header.createdAt,
        counts: backup.counts,
        covered: streamCovered(backup.header),
        signature: backup.header.signature,
        documentIds: backup.documentIds,
        restore: (db, mode, progress) => restoreStreamedBackup(db, backup, mode, { onProgress: progress }),
      },
    };
  }
  // Format 1 is one JSON text; files of that format were small enough to be made as one string.
  const read = readBackup(decodeText(new Uint8Array(await file.arrayBuffer())));
  if (!read.ok) return read;
  const { backup } = read;
  return {
    ok: true,
    backup: {
      format: 1,
      createdAt: backup.createdAt,
      counts: read.summary,
      covered: backupCovered(backup),
      signature: backup.signature,
      documentIds: new Set(backup.data.documents.map((d) => d.id)),
      restore: (db, mode) => restoreBackup(db, backup.data, mode),
    },
  };
}
