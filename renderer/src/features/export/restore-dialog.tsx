// Restoring from a backup file. A refused file says why and changes nothing; a sound one shows what
// it holds next to what Margin holds now, and asks whether to replace everything or merge.
import { useState } from 'react';
import type { BackupCounts, ReadBackupResult } from '@shared/export/backup';
import { useNotices } from '../../components/notices';
import { restoreBackup, useTableCounts } from '../../db/backup';
import type { RestoreMode } from '../../db/backup';
import { RESTORE_NOT_UNDOABLE } from '../../db/backup';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { useAppStore } from '../../store/app-store';
import { useHistory } from '../../db/history';
import { ModalDialog } from '../../components/modal-dialog';

const TABLE_LABELS: Record<keyof BackupCounts, string> = {
  documents: 'Documents',
  texts: 'Document texts',
  annotations: 'Annotations (incl. deleted)',
  statuses: 'Review statuses',
  schemas: 'Extraction schemas',
  settings: 'Settings',
};

/** "22 Nov 2026, 10:04" in the reviewer's locale; the raw text if it is not a date. */
export function describeBackupDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isFinite(time) ? new Date(time).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : iso;
}

export function RestoreDialog({ fileName, result, onClose }: { fileName: string; result: ReadBackupResult; onClose: () => void }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const current = useTableCounts();
  const [running, setRunning] = useState<RestoreMode | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  if (!result.ok) {
    return (
      <ModalDialog
        title="This backup cannot be restored"
        description={fileName}
        onClose={onClose}
        className="restore-dialog"
        footer={
          <button type="button" className="toolbar-button" onClick={onClose} data-autofocus>
            Close
          </button>
        }
      >
        <p className="notice notice-error" role="alert">
          {result.reason}
        </p>
        <p className="dialog-text">Nothing in Margin was changed.</p>
      </ModalDialog>
    );
  }

  const { backup } = result;
  const restore = async (mode: RestoreMode) => {
    setRunning(mode);
    setFailure(null);
    try {
      const after = await restoreBackup(db, backup.data, mode);
      // Undo entries point at records the restore may have replaced.
      useHistory.getState().clear();
      const store = useAppStore.getState();
      const present = new Set(backup.data.documents.map((d) => d.id));
      if (mode === 'replace') store.setChecked(store.checkedDocuments.filter((id) => present.has(id)));
      notify({
        kind: 'info',
        message: `${mode === 'replace' ? 'Restored' : 'Merged'} the backup: Margin now holds ${after.documents} ${after.documents === 1 ? 'document' : 'documents'} and ${after.annotations} ${after.annotations === 1 ? 'annotation record' : 'annotation records'}.`,
      });
      onClose();
    } catch (error) {
      setRunning(null);
      setFailure(`The backup was not restored and nothing was changed. ${describeStorageError(error)}`);
    }
  };

  return (
    <ModalDialog
      title="Restore from a backup"
      description={
        <>
          <span className="file-name">{fileName}</span>, made {describeBackupDate(backup.createdAt)}
        </>
      }
      onClose={onClose}
      dismissable={running === null}
      className="restore-dialog"
      footer={
        <>
          <button type="button" className="toolbar-button" onClick={onClose} disabled={running !== null}>
            Cancel
          </button>
          <button type="button" className="toolbar-button" onClick={() => void restore('merge')} disabled={running !== null} data-autofocus>
            {running === 'merge' ? 'Merging…' : 'Merge'}
          </button>
          <button type="button" className="toolbar-button danger-button" onClick={() => void restore('replace')} disabled={running !== null}>
            {running === 'replace' ? 'Replacing…' : 'Replace everything'}
          </button>
        </>
      }
    >
      <table className="counts-table">
        <caption className="visually-hidden">Records in the backup and in Margin now</caption>
        <thead>
          <tr>
            <th scope="col">Table</th>
            <th scope="col">In the backup</th>
            <th scope="col">In Margin now</th>
          </tr>
        </thead>
        <tbody>
          {(Object.keys(TABLE_LABELS) as (keyof BackupCounts)[]).map((table) => (
            <tr key={table}>
              <th scope="row">{TABLE_LABELS[table]}</th>
              <td>{backup.counts[table]}</td>
              <td>{current ? current[table] : '…'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="restore-choices">
        <li>
          <strong>Merge</strong> keeps what Margin holds and adds what the backup has; where both changed an annotation or a status, the later change wins. The backup’s settings are taken.
        </li>
        <li>
          <strong>Replace</strong> makes Margin exactly the backup: documents, annotations and settings not in it are removed.
        </li>
      </ul>
      <p className="dialog-text">{RESTORE_NOT_UNDOABLE}</p>
      {failure && (
        <p className="notice notice-error" role="alert">
          {failure}
        </p>
      )}
    </ModalDialog>
  );
}
