// The question before Done over empty fields: which required fields are empty, which the text
// mentions, and why the reviewer marks it Done anyway. Loaded when it is first asked (done-override.tsx).
import { useState } from 'react';
import type { DocumentId } from '@shared/model';
import { ModalDialog } from '../components/modal-dialog';
import type { OmissionAlert } from '../db/suggestions';
import type { EmptyRequiredField } from './done-override';

export interface Pending {
  documentId: DocumentId;
  title: string;
  missing: EmptyRequiredField[];
  /** Empty fields the text mentions (issue 14), listed so none is left out unseen. */
  omissions: OmissionAlert[];
}

export function OverrideDialog({ pending, onDone, onCancel }: { pending: Pending; onDone: (reason: string) => Promise<boolean>; onCancel: () => void }) {
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

