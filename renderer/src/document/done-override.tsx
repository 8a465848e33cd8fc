// Setting a document's review status from any list (the form, the library): Done while required
// fields are empty is not taken silently; a dialog names the empty fields and asks why, and the
// override is recorded with the status (so in the audit log too). The library lists at start with
// this hook, so the writes and the assistant's check are loaded when a status is first changed.
import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import type { DocumentId, ReviewStatusValue } from '@shared/model';
import { ModalDialog } from '../components/modal-dialog';
import { useNotices } from '../components/notices';
import { useDatabase } from '../db/context';
import { describeStorageError } from '../db/errors';
import type { OmissionAlert } from '../db/suggestions';

export interface EmptyRequiredField {
  key: string;
  label: string;
}

interface Pending {
  documentId: DocumentId;
  title: string;
  missing: EmptyRequiredField[];
  /** Empty fields the text mentions (issue 14), listed so none is left out unseen. */
  omissions: OmissionAlert[];
}

function OverrideDialog({ pending, onDone, onCancel }: { pending: Pending; onDone: (reason: string) => Promise<boolean>; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const n = pending.missing.length;
  const m = pending.omissions.length;
  const submit = async () => {
    if (!reason.trim()) {
      setProblem('Please give a reason: it is kept with the status and in the audit log.');
      return;
    }
    setSaving(true);
    const saved = await onDone(reason);
    setSaving(false);
    if (!saved) setProblem('The status was not saved; see the message at the bottom of the window.');
  };
  return (
    <ModalDialog
      title={n > 0 ? `Mark as Done with ${n} required ${n === 1 ? 'field' : 'fields'} empty?` : `Mark as Done with ${m} ${m === 1 ? 'field' : 'fields'} the text mentions left empty?`}
      description={pending.title}
      onClose={onCancel}
      dismissable={!saving}
      className="done-override"
      footer={
        <>
          <button type="button" className="toolbar-button" onClick={onCancel} disabled={saving}>
            Cancel
          </button>
          <button type="submit" form="done-override-form" className="primary-button" disabled={saving}>
            Mark Done anyway
          </button>
        </>
      }
    >
      {n > 0 && (
        <>
          <p className="dialog-text">{n === 1 ? 'This required field has no value:' : 'These required fields have no value:'}</p>
          <ul className="empty-required" aria-label="Required fields without a value">
            {pending.missing.map((field) => (
              <li key={field.key}>{field.label}</li>
            ))}
          </ul>
        </>
      )}
      {m > 0 && (
        <>
          <p className="dialog-text">{m === 1 ? 'The text mentions this field, which is empty:' : 'The text mentions these fields, which are empty:'}</p>
          <ul className="empty-required omission-list" aria-label="Empty fields the text mentions">
            {pending.omissions.map((alert) => (
              <li key={alert.key}>
                <strong>{alert.label}</strong>: “{alert.sentence.length > 160 ? `${alert.sentence.slice(0, 157)}…` : alert.sentence}”
              </li>
            ))}
          </ul>
        </>
      )}
      <form
        id="done-override-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field-label">
          Why is the document done without them?
          <textarea
            data-autofocus
            rows={3}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setProblem(null);
            }}
            aria-invalid={problem !== null || undefined}
            aria-describedby={problem ? 'done-override-problem' : undefined}
            placeholder="e.g. not reported in the article"
          />
        </label>
        {problem && (
          <p id="done-override-problem" className="notice notice-error" role="alert">
            {problem}
          </p>
        )}
      </form>
    </ModalDialog>
  );
}

/**
 * `change` sets a status at once, except Done over empty required fields, which opens the question
 * first; render `dialog` where the control is.
 */
export function useReviewStatusChange(): {
  change: (documentId: DocumentId, title: string, status: ReviewStatusValue, missing: readonly EmptyRequiredField[]) => void;
  dialog: ReactNode;
} {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const [pending, setPending] = useState<Pending | null>(null);
  const write = useCallback(
    async (documentId: DocumentId, status: ReviewStatusValue, override?: { missingRequired: EmptyRequiredField[]; mentionedEmpty?: EmptyRequiredField[]; reason: string }) => {
      try {
        const { setReviewStatus } = await import('../db/statuses');
        await setReviewStatus(db, documentId, status, override ? { override } : {});
        return true;
      } catch (error) {
        notify({ kind: 'error', message: `The review status was not saved. ${describeStorageError(error)}` });
        return false;
      }
    },
    [db, notify],
  );
  // Stable, so rows of a long list that take it need not re-render.
  const change = useCallback(
    (documentId: DocumentId, title: string, status: ReviewStatusValue, missing: readonly EmptyRequiredField[]) => {
      if (status !== 'done') {
        void write(documentId, status);
        return;
      }
      // Before Done, the assistant reads the text for fields it mentions that are still empty.
      void (async () => {
        let omissions: OmissionAlert[] = [];
        try {
          const required = new Set(missing.map((f) => f.key));
          const [{ omissionAlerts }, { getActiveSchema }] = await Promise.all([import('../db/suggestions'), import('../db/schemas')]);
          omissions = (await omissionAlerts(db, documentId, await getActiveSchema(db))).filter((alert) => !required.has(alert.key));
        } catch (error) {
          notify({ kind: 'error', message: `The text could not be checked for empty fields it mentions. ${error instanceof Error ? error.message : String(error)}` });
        }
        if (missing.length > 0 || omissions.length > 0) setPending({ documentId, title, missing: [...missing], omissions });
        else void write(documentId, status);
      })();
    },
    [db, notify, write],
  );
  const dialog = pending ? (
    <OverrideDialog
      pending={pending}
      onCancel={() => setPending(null)}
      onDone={async (reason) => {
        const mentionedEmpty = pending.omissions.map(({ key, label }) => ({ key, label }));
        const saved = await write(pending.documentId, 'done', { missingRequired: pending.missing, ...(mentionedEmpty.length > 0 ? { mentionedEmpty } : {}), reason });
        if (saved) setPending(null);
        return saved;
      }}
    />
  ) : null;
  return { change, dialog };
}
