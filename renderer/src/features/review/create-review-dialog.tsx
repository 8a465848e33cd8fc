// Creating a team review (issue 11): name, protocol id, the schema it extracts with, its documents,
// its members by reviewer id and name with their roles, and whether extraction is blinded. Members
// on other devices are listed by the id their own Margin shows them (the "Your reviewer id" line).
import { useState } from 'react';
import { CopyButton } from '../../components/copy-button';
import { ModalDialog } from '../../components/modal-dialog';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { useDocuments } from '../../db/documents';
import { describeStorageError } from '../../db/errors';
import { checkReview, createReview } from '../../db/reviews';
import type { NewReview } from '../../db/reviews';
import { schemaKey, useActiveSchema } from '../../db/schemas';
import { useReviewer } from '../../db/settings';
import { REVIEW_ROLE_LABELS, REVIEW_ROLES } from '@shared/review/model';
import type { ReviewRole } from '@shared/review/model';
import type { DocumentId } from '@shared/model';

interface MemberDraft {
  key: number;
  reviewerId: string;
  name: string;
  role: ReviewRole;
}

export function CreateReviewDialog({ onClose }: { onClose: () => void }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const me = useReviewer();
  const schema = useActiveSchema();
  const documents = useDocuments();
  const [name, setName] = useState('');
  const [protocolId, setProtocolId] = useState('');
  const [blinded, setBlinded] = useState(true);
  const [chosen, setChosen] = useState<Set<DocumentId> | null>(null);
  const [members, setMembers] = useState<MemberDraft[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [nextKey, setNextKey] = useState(10);

  // The reviewer at this device is the first member until the list is edited.
  const rows: MemberDraft[] = members ?? [{ key: 0, reviewerId: me?.id ?? '', name: me?.name ?? '', role: 'extractor' }];
  const picked = chosen ?? new Set((documents ?? []).map((d) => d.id));
  const edit = (key: number, patch: Partial<MemberDraft>) => setMembers(rows.map((m) => (m.key === key ? { ...m, ...patch } : m)));

  const save = async () => {
    const input: NewReview = {
      name,
      protocolId,
      schemaKey: schemaKey(schema),
      documentIds: (documents ?? []).filter((d) => picked.has(d.id)).map((d) => d.id),
      members: rows.map(({ reviewerId, name: memberName, role }) => ({ reviewerId, name: memberName, role })),
      blinded,
    };
    const check = checkReview(input);
    if (!check.ok) {
      setProblem(check.message);
      return;
    }
    setSaving(true);
    try {
      const review = await createReview(db, input);
      notify({ kind: 'info', message: `Created the review “${review.name}”; it is now the active review.` });
      onClose();
    } catch (error) {
      setProblem(describeStorageError(error));
      setSaving(false);
    }
  };

  return (
    <ModalDialog
      title="New team review"
      description="Two extractors extract each document independently; an adjudicator compares their values and decides."
      onClose={onClose}
      className="review-dialog"
      footer={
        <>
          <button type="button" className="toolbar-button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="toolbar-button primary" disabled={saving} onClick={() => void save()}>
            Create review
          </button>
        </>
      }
    >
      {me && (
        <p className="dialog-text">
          Your reviewer id: <code>{me.id}</code> <CopyButton value={me.id} label="Copy your reviewer id" />. Colleagues list you by it.
        </p>
      )}
      <label className="dialog-field">
        Review name
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
      </label>
      <label className="dialog-field">
        Protocol id (optional, e.g. PROSPERO CRD42025012345)
        <input type="text" value={protocolId} onChange={(e) => setProtocolId(e.target.value)} />
      </label>
      <p className="dialog-text">
        Schema: {schema.title} (version {schema.version})
      </p>
      <label className="dialog-check">
        <input type="checkbox" checked={blinded} onChange={(e) => setBlinded(e.target.checked)} /> Blinded: extractors see none of each other’s values on a document until both have marked it Done
      </label>
      <fieldset className="review-members">
        <legend>Members</legend>
        {rows.map((m, i) => (
          <div key={m.key} className="review-member" role="group" aria-label={`Member ${i + 1}`}>
            <label>
              Reviewer id
              <input type="text" value={m.reviewerId} onChange={(e) => edit(m.key, { reviewerId: e.target.value })} />
            </label>
            <label>
              Name
              <input type="text" value={m.name} onChange={(e) => edit(m.key, { name: e.target.value })} />
            </label>
            <label>
              Role
              <select value={m.role} onChange={(e) => edit(m.key, { role: e.target.value as ReviewRole })}>
                {REVIEW_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {REVIEW_ROLE_LABELS[role]}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="toolbar-button" aria-label={`Remove member ${i + 1}`} disabled={rows.length === 1} onClick={() => setMembers(rows.filter((r) => r.key !== m.key))}>
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="toolbar-button"
          onClick={() => {
            setMembers([...rows, { key: nextKey, reviewerId: '', name: '', role: rows.some((r) => r.role === 'extractor') && rows.length >= 2 ? 'adjudicator' : 'extractor' }]);
            setNextKey(nextKey + 1);
          }}
        >
          Add member
        </button>
      </fieldset>
      <fieldset className="review-documents">
        <legend>
          Documents ({picked.size} of {documents?.length ?? 0})
        </legend>
        <ul>
          {(documents ?? []).map((d) => (
            <li key={d.id}>
              <label className="dialog-check">
                <input
                  type="checkbox"
                  checked={picked.has(d.id)}
                  onChange={(e) => {
                    const next = new Set(picked);
                    if (e.target.checked) next.add(d.id);
                    else next.delete(d.id);
                    setChosen(next);
                  }}
                />{' '}
                {d.title}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {problem && (
        <p className="dialog-error" role="alert">
          {problem}
        </p>
      )}
    </ModalDialog>
  );
}
