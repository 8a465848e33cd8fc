// The metadata header above an article: title, authors, source, date and identifiers to copy, and
// "Edit details" to correct them (the last edit can be undone from here), and how many notes the
// document has as a whole (they are listed in the annotation panel).
import { useMemo, useState } from 'react';
import { DOCUMENT_TYPE_LABELS } from '@shared/model';
import type { DocumentMeta } from '@shared/model';
import { CopyButton } from '../../components/copy-button';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { scopeOf, undo as undoIn, useHistoryScope } from '../../db/history';
import { formatPublishedDate } from '../../components/format';
import { MetadataEditor } from './metadata-editor';
import { documentNoteEntries } from '@shared/evidence';
import { useOpenDocument } from '../../document/open-documents';
import { useAppStore } from '../../store/app-store';

const DETAILS_LABEL = 'document details';

export function DocumentHeader({ meta }: { meta: DocumentMeta }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const [editing, setEditing] = useState(false);
  // The last save of this document's details, offered for undo while it is the document's latest step.
  const [lastEdit, setLastEdit] = useState<DocumentMeta | null>(null);
  const { undoLabel } = useHistoryScope(scopeOf(meta.id));
  const undo = lastEdit?.id === meta.id && undoLabel === DETAILS_LABEL ? lastEdit : null;
  // Notes on the whole document, said here so a reader of the article sees there are some (the
  // open document's annotation set already holds them: no query of its own).
  const unsourced = useOpenDocument(meta.id)?.anchoredSet?.unsourced;
  const noteCount = useMemo(() => (unsourced ? documentNoteEntries(unsourced).length : 0), [unsourced]);

  const undoEdit = async () => {
    try {
      await undoIn(db, scopeOf(meta.id));
      setLastEdit(null);
    } catch (error) {
      notify({ kind: 'error', message: `The edit was not undone. ${describeStorageError(error)}` });
    }
  };

  return (
    <header className="document-header">
      <div className="document-kicker-row">
        <p className="document-kicker">
          <span className="badge">{DOCUMENT_TYPE_LABELS[meta.type]}</span> {meta.journal ?? 'Unknown source'} · {formatPublishedDate(meta.publishedDate)}
        </p>
        {noteCount > 0 && (
          <button type="button" className="link-button document-notes-count" onClick={() => useAppStore.getState().requestDocumentNote(meta.id, 'show')}>
            {noteCount === 1 ? '1 document note' : `${noteCount} document notes`}
          </button>
        )}
        <button type="button" className="link-button document-edit" aria-haspopup="dialog" onClick={() => setEditing(true)}>
          Edit details
        </button>
      </div>
      {undo && (
        <p className="document-edit-saved" role="status">
          Details saved.{' '}
          <button type="button" className="link-button" onClick={() => void undoEdit()}>
            Undo
          </button>
        </p>
      )}
      {editing && <MetadataEditor meta={meta} onClose={() => setEditing(false)} onSaved={setLastEdit} />}
      <h2 className="document-title">{meta.title}</h2>
      {meta.authors.length > 0 && <p className="document-authors">{meta.authors.join('; ')}</p>}
      <dl className="document-ids">
        {meta.doi && (
          <div>
            <dt>DOI</dt>
            <dd>
              <span className="selectable-id">{meta.doi}</span> <CopyButton value={meta.doi} label={`Copy DOI ${meta.doi}`} />
            </dd>
          </div>
        )}
        {meta.pmid && (
          <div>
            <dt>PMID</dt>
            <dd>
              <span className="selectable-id">{meta.pmid}</span> <CopyButton value={meta.pmid} label={`Copy PMID ${meta.pmid}`} />
            </dd>
          </div>
        )}
        {meta.trialRegistration && (
          <div>
            <dt>Registration</dt>
            <dd>
              <span className="selectable-id">{meta.trialRegistration}</span>{' '}
              <CopyButton value={meta.trialRegistration} label={`Copy registration ${meta.trialRegistration}`} />
            </dd>
          </div>
        )}
      </dl>
    </header>
  );
}
