// Restoring from a backup file. A refused file says why and changes nothing; a sound one shows what
// it holds next to what Margin holds now, and asks whether to replace everything or merge.
import { useEffect, useState } from 'react';
import type { BackupCounts } from '@shared/export/backup';
import type { SignatureCheck } from '@shared/signing';
import { useNotices } from '../../components/notices';
import { useTableCounts } from '../../db/backup';
import type { BackupProgress } from '../../db/backup-stream';
import type { RestoreMode } from '../../db/backup';
import { RESTORE_NOT_UNDOABLE } from '../../db/backup';
import { useDatabase } from '../../db/context';
import { describeRestoreError } from '../../db/errors';
import { useAppStore } from '../../store/app-store';
import { ModalDialog } from '../../components/modal-dialog';
import { formatMoment } from '../../components/format';
import { checkFileSignature, trustSigner } from '../../db/signing';
import type { MarginDatabase } from '../../db/database';
import { BackupProgressLine, checkBackupFile } from './backup-actions';
import type { CheckedBackupFile, RestorableBackup } from './backup-actions';

const TABLE_LABELS: Record<keyof BackupCounts, string> = {
  documents: 'Documents',
  texts: 'Document texts',
  annotations: 'Annotations (incl. deleted)',
  statuses: 'Review statuses',
  schemas: 'Extraction schemas',
  settings: 'Settings',
  originals: 'Original PDFs',
  reviews: 'Team reviews',
  progress: 'Reviewers’ progress in reviews',
  suggestionRejections: 'Rejected suggestions',
};


/** The backup's signature as checked against this device; undefined while checking. */
function useSignatureCheck(db: MarginDatabase, backup: RestorableBackup | null): SignatureCheck | undefined {
  const [check, setCheck] = useState<{ backup: RestorableBackup; check: SignatureCheck } | undefined>(undefined);
  useEffect(() => {
    if (backup === null) return;
    let live = true;
    checkFileSignature(db, backup.covered, backup.signature).then(
      (c) => live && setCheck({ backup, check: c }),
      () => live && setCheck({ backup, check: { kind: 'invalid', reason: 'its signature could not be checked on this device' } }),
    );
    return () => {
      live = false;
    };
  }, [db, backup]);
  return check?.backup === backup ? check.check : undefined;
}

/** What the dialog says of a backup's signature, and what the reviewer must confirm before restoring. */
function SignatureNote({ check, accepted, onAccept }: { check: SignatureCheck | undefined; accepted: boolean; onAccept: (accepted: boolean) => void }) {
  if (check === undefined) return <p className="dialog-text">Checking who signed the backup…</p>;
  if (check.kind === 'invalid') return null;
  if (check.kind === 'signed' && check.trust !== 'unknown') {
    return (
      <p className="dialog-text signature-note" data-trust={check.trust}>
        <span aria-hidden="true">✓ </span>
        Signed by <strong>{check.signer.name}</strong> {check.trust === 'this-device' ? 'on this device' : '(a signer this device trusts)'}, key{' '}
        <code className="fingerprint">{check.fingerprint}</code>. Nothing in it changed since.
      </p>
    );
  }
  const unsigned = check.kind === 'unsigned';
  return (
    <div className="signature-note" data-trust={unsigned ? 'unsigned' : 'unknown'} role="group" aria-label="Signature">
      <p className="notice notice-warning">
        <span aria-hidden="true">⚠ </span>
        {unsigned ? (
          <>This backup is not signed: Margin cannot tell who made it, or whether it was changed after it was made.</>
        ) : (
          <>
            Signed by <strong>{check.signer.name}</strong> with key <code className="fingerprint">{check.fingerprint}</code>, which this device does not
            know. Compare the key with {check.signer.name} before going on.
          </>
        )}
      </p>
      <label className="checkbox-row">
        <input type="checkbox" checked={accepted} onChange={(e) => onAccept(e.target.checked)} />
        {unsigned ? 'Restore this unsigned backup anyway' : `Trust ${check.signer.name}’s key and restore`}
      </label>
    </div>
  );
}

/** The chosen file, read and checked whole (with its progress while that runs); undefined until done. */
function useCheckedFile(file: Blob): { result: CheckedBackupFile | undefined; progress: BackupProgress | null } {
  const [state, setState] = useState<{ file: Blob; result: CheckedBackupFile | undefined; progress: BackupProgress | null }>({ file, result: undefined, progress: null });
  useEffect(() => {
    let live = true;
    checkBackupFile(file, (progress) => live && setState((s) => (s.file === file ? { ...s, progress } : s))).then(
      (result) => live && setState({ file, result, progress: null }),
      (error: unknown) => live && setState({ file, result: { ok: false, reason: `The file could not be read: ${error instanceof Error ? error.message : String(error)}` }, progress: null }),
    );
    return () => {
      live = false;
    };
  }, [file]);
  return state.file === file ? state : { result: undefined, progress: null };
}

export function RestoreDialog({ fileName, file, onClose }: { fileName: string; file: Blob; onClose: () => void }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const current = useTableCounts();
  const [running, setRunning] = useState<RestoreMode | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [accepted, setAccepted] = useState(false);
  const [progress, setProgress] = useState<BackupProgress | null>(null);
  const checked = useCheckedFile(file);
  const result = checked.result;
  const signature = useSignatureCheck(db, result?.ok ? result.backup : null);

  if (result === undefined) {
    return (
      <ModalDialog
        title="Restore from a backup"
        description={fileName}
        onClose={onClose}
        className="restore-dialog"
        footer={
          <button type="button" className="toolbar-button" onClick={onClose} data-autofocus>
            Cancel
          </button>
        }
      >
        <p className="dialog-text">Margin reads and checks the whole backup before it offers to restore it; nothing is changed meanwhile.</p>
        <BackupProgressLine progress={checked.progress ?? { phase: 'checking', done: 0, total: null }} />
      </ModalDialog>
    );
  }

  if (!result.ok || signature?.kind === 'invalid') {
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
          {result.ok ? `The backup’s signature does not hold: ${signature?.kind === 'invalid' ? signature.reason : ''}.` : result.reason}
        </p>
        <p className="dialog-text">Nothing in Margin was changed.</p>
      </ModalDialog>
    );
  }

  const { backup } = result;
  // An unsigned backup, or one from a signer this device does not know, waits for the reviewer's yes.
  const needsConsent = signature === undefined || (signature.kind === 'unsigned' || (signature.kind === 'signed' && signature.trust === 'unknown'));
  const blocked = running !== null || signature === undefined || (needsConsent && !accepted);
  const restore = async (mode: RestoreMode) => {
    setRunning(mode);
    setFailure(null);
    try {
      if (signature?.kind === 'signed' && signature.trust === 'unknown') await trustSigner(db, signature.signer);
      const after = await backup.restore(db, mode, setProgress);
      const store = useAppStore.getState();
      if (mode === 'replace') store.setChecked(store.checkedDocuments.filter((id) => backup.documentIds.has(id)));
      notify({
        kind: 'info',
        message: `${mode === 'replace' ? 'Restored' : 'Merged'} the backup: Margin now holds ${after.documents} ${after.documents === 1 ? 'document' : 'documents'} and ${after.annotations} ${after.annotations === 1 ? 'annotation record' : 'annotation records'}.`,
      });
      onClose();
    } catch (error) {
      setRunning(null);
      setProgress(null);
      setFailure(describeRestoreError(error));
    }
  };

  return (
    <ModalDialog
      title="Restore from a backup"
      description={
        <>
          <span className="file-name">{fileName}</span>, made {formatMoment(backup.createdAt)}
        </>
      }
      onClose={onClose}
      dismissable={running === null}
      className="restore-dialog"
      footer={
        <>
          {/* Cancel takes the focus: Merge may wait for the signature check or the reviewer's consent. */}
          <button type="button" className="toolbar-button" onClick={onClose} disabled={running !== null} data-autofocus>
            Cancel
          </button>
          <button type="button" className="toolbar-button" onClick={() => void restore('merge')} disabled={blocked}>
            {running === 'merge' ? 'Merging…' : 'Merge'}
          </button>
          <button type="button" className="toolbar-button danger-button" onClick={() => void restore('replace')} disabled={blocked}>
            {running === 'replace' ? 'Replacing…' : 'Replace everything'}
          </button>
        </>
      }
    >
      <SignatureNote check={signature} accepted={accepted} onAccept={setAccepted} />
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
              <td>{backup.counts[table] ?? 0}</td>
              <td>{current ? (current[table] ?? 0) : '…'}</td>
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
      {running !== null && progress !== null && <BackupProgressLine progress={progress} />}
      {failure && (
        <p className="notice notice-error" role="alert">
          {failure}
        </p>
      )}
    </ModalDialog>
  );
}
