// A value's review in the form: who decided what and when ("Confirmed by Ana Ruiz, 1 Dec 2026,
// 14:40"), what the machine had read before a correction, and the Confirm and Reject actions.
// Decisions are written by the annotations repository, so the funnel names the reviewer.
import { useState } from 'react';
import { correctedFromText, reviewSentence, sentenceCase } from '@shared/evidence';
import type { EvidenceEntry } from '@shared/evidence';
import type { Annotation } from '@shared/model';
import { formatMoment } from '../../components/format';
import { useNotices } from '../../components/notices';
import { reviewValue } from '../../db/annotations';
import type { ValueDecision } from '../../db/annotations';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';

/** The decision on a value and what was corrected, in words; nothing for a value nobody has decided on. */
export function ReviewLine({ entry }: { entry: EvidenceEntry }) {
  const sentence = reviewSentence(entry.review, formatMoment);
  if (sentence === null && entry.machineText === null) return null;
  return (
    <p className="value-review">
      {sentence}
      {sentence !== null && entry.machineText !== null && '; '}
      {entry.machineText !== null && (sentence === null ? sentenceCase(correctedFromText(entry.machineText)) : correctedFromText(entry.machineText))}
    </p>
  );
}

/** Confirm (a readable value nobody has confirmed or corrected) and Reject (any value not rejected), with an optional reason. */
export function ReviewActions({ entry, annotation, label }: { entry: EvidenceEntry; annotation: Annotation; label: string }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const decide = async (decision: ValueDecision) => {
    try {
      await reviewValue(db, annotation.id, decision);
      return true;
    } catch (error) {
      notify({ kind: 'error', message: `The decision was not saved. ${describeStorageError(error)}` });
      return false;
    }
  };
  const canConfirm = !entry.unread && (entry.state === 'machine-read' || entry.state === 'needs-confirmation' || entry.state === 'rejected' || entry.state === 'accepted-suggestion');
  return (
    <>
      {canConfirm && (
        <button type="button" className="icon-button" onClick={() => void decide({ state: 'confirmed' })} aria-label={`Confirm ${label}`}>
          Confirm
        </button>
      )}
      {entry.state !== 'rejected' && (
        <button type="button" className="icon-button" aria-expanded={rejecting} onClick={() => setRejecting((r) => !r)} aria-label={`Reject ${label}`}>
          Reject
        </button>
      )}
      {rejecting && entry.state !== 'rejected' && (
        <form
          className="reject-form"
          onSubmit={(e) => {
            e.preventDefault();
            void decide({ state: 'rejected', reason }).then((saved) => {
              if (!saved) return;
              setRejecting(false);
              setReason('');
            });
          }}
        >
          <input type="text" autoFocus aria-label={`Reason for rejecting ${label} (optional)`} placeholder="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" className="toolbar-button">
            Reject value
          </button>
        </form>
      )}
    </>
  );
}
