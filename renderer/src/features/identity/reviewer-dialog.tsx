// At first start Margin asks who is reviewing: every annotation, value and change is then signed with
// that name and a stable id. Skipping names the reviewer "Reviewer 1"; the name can be changed later
// from the app bar, and the id stays, so earlier work stays theirs.
import { useState } from 'react';
import { ModalDialog } from '../../components/modal-dialog';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { checkReviewer, initialsOf, saveReviewer, useReviewer } from '../../db/settings';
import { useDeviceFingerprint } from '../../db/signing';

/** The device key's fingerprint under the reviewer's name: what a colleague compares before trusting a file. */
function SigningKey() {
  const fingerprint = useDeviceFingerprint();
  if (fingerprint === undefined) return null;
  return (
    <p className="dialog-text signing-key">
      {fingerprint === null ? (
        'This browser cannot sign files: your backups are saved unsigned.'
      ) : (
        <>
          Files you save are signed with this device’s key <code className="fingerprint">{fingerprint}</code>. A colleague restoring one of
          them sees your name and this key, and can compare it with you.
        </>
      )}
    </p>
  );
}

function ReviewerForm({ initial, onDone, first }: { initial: { name: string; initials: string }; onDone: () => void; first: boolean }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const [name, setName] = useState(initial.name);
  const [initials, setInitials] = useState(initial.initials);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async (input: { name: string; initials: string }) => {
    const checked = checkReviewer(input);
    if (!checked.ok) {
      setProblem(checked.message);
      return;
    }
    setSaving(true);
    try {
      const saved = await saveReviewer(db, checked.reviewer);
      notify({ kind: 'info', message: `Your work is signed as ${saved.name} (${saved.initials}).` });
      onDone();
    } catch (error) {
      setSaving(false);
      setProblem(describeStorageError(error));
    }
  };

  return (
    <ModalDialog
      title={first ? 'Who is reviewing?' : 'Your name as a reviewer'}
      description={
        first
          ? 'Margin signs every highlight, value and change with your name, so a review team can see who did what. It stays on this computer.'
          : 'Your earlier work stays yours: Margin knows you by an id that a new name does not change.'
      }
      onClose={() => (first ? void save({ name: '', initials: '' }) : onDone())}
      dismissable={!saving}
      className="reviewer-dialog"
      footer={
        <>
          <button type="button" className="toolbar-button" disabled={saving} onClick={() => (first ? void save({ name: '', initials: '' }) : onDone())}>
            {first ? 'Skip (Reviewer 1)' : 'Cancel'}
          </button>
          <button type="submit" form="reviewer-form" className="toolbar-button primary-button" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <form
        id="reviewer-form"
        className="reviewer-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save({ name, initials });
        }}
      >
        <label className="field-label">
          Name
          <input type="text" data-autofocus autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Ana Ruiz" maxLength={120} />
        </label>
        <label className="field-label">
          Initials
          <input type="text" value={initials} onChange={(e) => setInitials(e.target.value)} placeholder={initialsOf(name) || 'e.g. AR'} maxLength={6} />
        </label>
        {problem && (
          <p className="notice notice-error" role="alert">
            {problem}
          </p>
        )}
        {!first && <SigningKey />}
      </form>
    </ModalDialog>
  );
}

/** Asks once, at first start (or when a change came before anyone was named). */
export function FirstStartReviewer() {
  const reviewer = useReviewer();
  const [dismissed, setDismissed] = useState(false);
  if (reviewer === undefined || dismissed || reviewer?.chosen) return null;
  return <ReviewerForm first initial={{ name: '', initials: '' }} onDone={() => setDismissed(true)} />;
}

/** The reviewer's initials in the app bar; opens the form to change the name. */
export function ReviewerBadge() {
  const reviewer = useReviewer();
  const [editing, setEditing] = useState(false);
  if (!reviewer) return null;
  return (
    <>
      <button type="button" className="toolbar-button reviewer-badge" aria-haspopup="dialog" onClick={() => setEditing(true)} title={`Signed as ${reviewer.name}`}>
        <span className="reviewer-initials" aria-hidden="true">
          {reviewer.initials || initialsOf(reviewer.name)}
        </span>
        <span className="visually-hidden">Reviewer: </span>
        <span className="reviewer-name">{reviewer.name}</span>
      </button>
      {editing && <ReviewerForm first={false} initial={{ name: reviewer.name, initials: reviewer.initials }} onDone={() => setEditing(false)} />}
    </>
  );
}
