// Asks before importing an annotation file Margin cannot vouch for: an unsigned one, or one signed
// with a key this device does not know (named, with the key's fingerprint to compare aloud). Trusting
// the key remembers it with the backups' known signers, so that reviewer's next file imports at once.
import { useState } from 'react';
import type { SignatureCheck } from '@shared/signing';
import { ModalDialog } from '../../components/modal-dialog';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { DEFAULT_REVIEWER } from '../../db/funnel';
import { useReviewer } from '../../db/settings';
import { trustSigner } from '../../db/signing';
import { useDataStore } from './data-store';
import { fileError, importAnnotationText } from './import-annotations';

export function ImportSignatureDialog({ fileName, text, check, onClose }: { fileName: string; text: string; check: SignatureCheck; onClose: () => void }) {
  const db = useDatabase();
  const creator = useReviewer()?.name ?? DEFAULT_REVIEWER.name;
  const openDialog = useDataStore((s) => s.openDialog);
  const [trust, setTrust] = useState(false);
  const [running, setRunning] = useState(false);
  const unknown = check.kind === 'signed' ? check : null;

  const importAnyway = async () => {
    setRunning(true);
    try {
      if (unknown && trust) await trustSigner(db, unknown.signer);
      const result = await importAnnotationText(db, text, creator, new Date().toISOString());
      openDialog({ kind: 'import-report', fileName, result: { ...result, signature: unknown && trust ? { ...unknown, trust: 'trusted' } : check } });
    } catch (error) {
      openDialog({ kind: 'import-report', fileName, result: fileError(`The annotations were not imported. ${describeStorageError(error)}`) });
    }
  };

  return (
    <ModalDialog
      title={unknown ? 'Import annotations from an unknown signer?' : 'Import an unsigned annotation file?'}
      description={fileName}
      onClose={onClose}
      className="import-signature"
      footer={
        <>
          <button type="button" className="toolbar-button" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button type="button" className="toolbar-button" disabled={running} onClick={() => void importAnyway()}>
            Import anyway
          </button>
        </>
      }
    >
      <p className="notice notice-warning">
        <span aria-hidden="true">⚠ </span>
        {unknown ? (
          <>
            Signed by <strong>{unknown.signer.name}</strong> with key <code className="fingerprint">{unknown.fingerprint}</code>, which this device does
            not know. Compare the key with {unknown.signer.name} before importing.
          </>
        ) : (
          <>This file is not signed: Margin cannot tell who made it, or whether it was changed after it was made.</>
        )}
      </p>
      {unknown && (
        <label className="checkbox-row">
          <input type="checkbox" checked={trust} onChange={(e) => setTrust(e.target.checked)} />
          Trust {unknown.signer.name}’s key from now on
        </label>
      )}
    </ModalDialog>
  );
}
