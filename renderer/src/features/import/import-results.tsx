// The per-file outcome of an import: a progress bar over the batch, and for each file whether it was
// imported, was already in the library, or failed with the reason in words. File content is text only.
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { describeDuplicate } from '@shared/import/duplicates';
import type { DocumentMeta } from '@shared/model';
import { useDatabase } from '../../db/context';
import type { DuplicateChoice } from '../../db/imports';
import { useAppStore } from '../../store/app-store';
import { resolveReview, useImportStore } from './import-queue';
import type { ImportRow, ImportRowState } from './import-queue';

export const ROW_STATE_LABELS: Record<ImportRowState, string> = {
  waiting: 'Waiting',
  reading: 'Reading…',
  imported: 'Imported',
  'already-present': 'Already present',
  failed: 'Failed',
  cancelled: 'Cancelled',
  review: 'Needs review',
};

/** Titles listed per file; a PubMed export of hundreds of records says how many more there are. */
const TITLES_SHOWN = 5;

const isDone = (row: ImportRow): boolean => row.state !== 'waiting' && row.state !== 'reading';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "2 files", "1 pasted text", "2 files and 1 pasted text": what a batch held, in the reviewer's words. */
function batchWords(rows: readonly ImportRow[]): string {
  const files = rows.filter((row) => row.kind === 'file').length;
  const pasted = rows.length - files;
  const parts = [files > 0 ? plural(files, 'file', 'files') : '', pasted > 0 ? plural(pasted, 'pasted text', 'pasted texts') : ''].filter(Boolean);
  return parts.join(' and ') || plural(0, 'file', 'files');
}

/** "Importing file 2 of 3…" while running; "3 files: 2 imported, 1 failed" or "1 pasted text: 1 imported" when done. */
export function importSummary(rows: readonly ImportRow[], busy: boolean): string {
  const done = rows.filter(isDone).length;
  if (busy) {
    const onlyPasted = rows.length > 0 && rows.every((row) => row.kind === 'pasted');
    return `Importing ${onlyPasted ? 'pasted text' : 'file'} ${Math.min(done + 1, rows.length)} of ${rows.length}…`;
  }
  const parts = (['imported', 'review', 'already-present', 'failed', 'cancelled'] as const)
    .map((state) => ({ state, count: rows.filter((row) => row.state === state).length }))
    .filter(({ count }) => count > 0)
    .map(({ state, count }) => `${count} ${state === 'review' ? 'to review' : ROW_STATE_LABELS[state].toLowerCase()}`);
  return `${batchWords(rows)}: ${parts.join(', ')}`;
}

function rowDetail(row: ImportRow): string | null {
  switch (row.state) {
    case 'waiting':
    case 'reading':
      return null;
    case 'failed':
    case 'cancelled':
      return row.reason;
    case 'review': {
      const added = row.added.length > 0 ? `${plural(row.added.length, 'document added', 'documents added')}; ` : '';
      const held = `${plural(row.held.length, 'record looks', 'records look')} like ${row.held.length === 1 ? 'a document' : 'documents'} already in the library: keep, merge or skip ${row.held.length === 1 ? 'it' : 'each'}.`;
      return `${added}${held}${row.reason ? ` ${row.reason}` : ''}`;
    }
    case 'already-present':
      return row.alreadyPresent.length === 1 ? 'This text is already in the library:' : `All ${row.alreadyPresent.length} documents are already in the library.`;
    case 'imported': {
      const added = plural(row.added.length, 'document added', 'documents added');
      return row.alreadyPresent.length > 0 ? `${added}; ${row.alreadyPresent.length} already in the library.` : row.added.length > 1 ? `${added}:` : null;
    }
  }
}

const CHOICES: { choice: DuplicateChoice; label: string }[] = [
  { choice: 'keep', label: 'Keep both (import as a new document)' },
  { choice: 'merge', label: "Merge (fill the library record's missing details)" },
  { choice: 'skip', label: 'Skip (do not import)' },
];

/** One fieldset per likely duplicate, Skip chosen until the reviewer says otherwise: nothing doubles by accident. */
function DuplicateReview({ row }: { row: ImportRow }) {
  const db = useDatabase();
  const [choices, setChoices] = useState<DuplicateChoice[]>(() => row.held.map(() => 'skip'));
  const [saving, setSaving] = useState(false);
  const groupName = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaving(true);
    void resolveReview(db, row.id, choices).finally(() => setSaving(false));
  };
  return (
    <form className="import-duplicates" aria-label={`Possible duplicates in ${row.name}`} onSubmit={submit}>
      {row.held.map((held, index) => (
        <fieldset key={index} className="import-duplicate">
          <legend>
            <span className="import-document-title">{held.incoming.meta.title}</span> looks like <span className="import-document-title">{held.existing.title}</span>{' '}
            ({describeDuplicate(held.reason)})
          </legend>
          {CHOICES.map(({ choice, label }) => (
            <label key={choice} className="import-duplicate-choice">
              <input
                type="radio"
                name={`${groupName}-${index}`}
                value={choice}
                checked={choices[index] === choice}
                onChange={() => setChoices((current) => current.map((c, i) => (i === index ? choice : c)))}
              />
              {label}
            </label>
          ))}
        </fieldset>
      ))}
      <div className="import-actions">
        <button type="submit" className="primary-button" disabled={saving}>
          Apply choices
        </button>
      </div>
    </form>
  );
}

function DocumentLinks({ documents, onOpen }: { documents: DocumentMeta[]; onOpen: (doc: DocumentMeta) => void }) {
  const shown = documents.slice(0, TITLES_SHOWN);
  return (
    <ul className="import-documents">
      {shown.map((doc) => (
        <li key={doc.id}>
          <span className="import-document-title">{doc.title}</span>
          <button type="button" className="link-button" onClick={() => onOpen(doc)} aria-label={`Open ${doc.title} in the reader`}>
            Open
          </button>
        </li>
      ))}
      {documents.length > shown.length && <li className="hint">and {documents.length - shown.length} more</li>}
    </ul>
  );
}

export function ImportResults() {
  const rows = useImportStore((s) => s.rows);
  const busy = useImportStore((s) => s.busy);
  const clearResults = useImportStore((s) => s.clearResults);
  const closeDialog = useImportStore((s) => s.closeDialog);
  const openDocument = useAppStore((s) => s.openDocument);
  const setView = useAppStore((s) => s.setView);
  const headingId = useId();
  if (rows.length === 0) return null;

  const done = rows.filter(isDone).length;
  const summary = importSummary(rows, busy);
  const open = (doc: DocumentMeta) => {
    openDocument(doc.id);
    setView('desk');
    closeDialog();
  };

  return (
    <section className="import-results" aria-labelledby={headingId}>
      <div className="import-results-head">
        <h3 id={headingId} className="import-section-title">
          Results
        </h3>
        <span className="import-summary" role="status">
          {summary}
        </span>
        {!busy && (
          <button type="button" className="link-button" onClick={clearResults}>
            Clear results
          </button>
        )}
      </div>
      <div
        className="import-progress"
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={rows.length}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${plural(rows.length, 'file', 'files')} done`}
      >
        <div className="import-progress-fill" style={{ width: `${(done / rows.length) * 100}%` }} />
      </div>
      <ul className="import-result-list" aria-label="Import results">
        {rows.map((row) => {
          const detail = rowDetail(row);
          const documents = row.state === 'imported' || row.state === 'review' ? row.added : row.state === 'already-present' ? row.alreadyPresent : [];
          return (
            <li key={row.id} className="import-result" data-state={row.state}>
              <div className="import-result-head">
                <span className="import-file-name">{row.name}</span>
                <span className={`import-state import-state-${row.state}`}>{ROW_STATE_LABELS[row.state]}</span>
              </div>
              {detail && <p className="import-detail">{detail}</p>}
              {row.resolved && <p className="import-detail">{row.resolved}</p>}
              {row.state === 'review' && <DuplicateReview row={row} />}
              {documents.length > 0 && <DocumentLinks documents={documents} onOpen={open} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
