// Lets the reviewer correct a document's bibliographic details (an import may guess them wrong or not
// at all). Each field is checked and its problem shown beside it; the article's text is not editable.
import { useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { DOCUMENT_TYPES, DOCUMENT_TYPE_LABELS } from '@shared/model';
import type { DocumentMeta, DocumentType } from '@shared/model';
import { useDatabase } from '../../db/context';
import { checkEditableMeta, updateDocumentMeta } from '../../db/documents';
import type { EditableMeta, MetaErrors } from '../../db/documents';
import { describeStorageError } from '../../db/errors';
import { ModalDialog } from '../../components/modal-dialog';

interface Draft {
  title: string;
  authors: string;
  journal: string;
  publishedDate: string;
  doi: string;
  pmid: string;
  trialRegistration: string;
  type: DocumentType;
}

function draftOf(meta: DocumentMeta): Draft {
  return {
    title: meta.title,
    authors: meta.authors.join('\n'),
    journal: meta.journal ?? '',
    publishedDate: meta.publishedDate ?? '',
    doi: meta.doi ?? '',
    pmid: meta.pmid ?? '',
    trialRegistration: meta.trialRegistration ?? '',
    type: meta.type,
  };
}

/** One author per line; semicolons also separate, as the header prints them. */
function editOf(draft: Draft): EditableMeta {
  return { ...draft, authors: draft.authors.split(/[\n;]/) };
}

const FIELD_ORDER: (keyof EditableMeta)[] = ['title', 'authors', 'journal', 'publishedDate', 'type', 'doi', 'pmid', 'trialRegistration'];
const FIELD_NAMES = new Map<keyof EditableMeta, string>([
  ['title', 'Title'],
  ['authors', 'Authors'],
  ['journal', 'Journal or source'],
  ['publishedDate', 'Date'],
  ['type', 'Type'],
  ['doi', 'DOI'],
  ['pmid', 'PMID'],
  ['trialRegistration', 'Trial registration'],
]);

function listOf(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

interface FieldProps {
  name: keyof EditableMeta;
  label: string;
  hint?: string;
  error: string | undefined;
  ids: Record<keyof EditableMeta, string>;
  children: (props: { id: string; 'aria-invalid': 'true' | undefined; 'aria-describedby': string | undefined }) => ReactNode;
  wide?: boolean;
}

function Field({ name, label, hint, error, ids, children, wide }: FieldProps) {
  const id = ids[name];
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={wide ? 'meta-field meta-field-wide' : 'meta-field'} data-invalid={error ? 'true' : undefined}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <span id={`${id}-hint`} className="import-hint">
          {hint}
        </span>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function MetadataEditor({ meta, onClose, onSaved }: { meta: DocumentMeta; onClose: () => void; onSaved: (before: DocumentMeta) => void }) {
  const db = useDatabase();
  const [draft, setDraft] = useState<Draft>(() => draftOf(meta));
  const [errors, setErrors] = useState<MetaErrors>({});
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // The record the edit started from: what another window saves meanwhile is kept, not reverted.
  const [startedFrom, setStartedFrom] = useState<DocumentMeta>(meta);
  const [conflict, setConflict] = useState<string | null>(null);
  const base = useId();
  const formId = `${base}-form`;
  const ids = Object.fromEntries(FIELD_ORDER.map((key) => [key, `${base}-${key}`])) as Record<keyof EditableMeta, string>;

  const change = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    const next = { ...draft, [key]: value };
    setDraft(next);
    // After a first attempt, problems clear as soon as they are fixed.
    if (tried) {
      const checked = checkEditableMeta(editOf(next));
      setErrors(checked.ok ? {} : checked.errors);
    }
  };

  const focusFirstError = (found: MetaErrors) => {
    const first = FIELD_ORDER.find((key) => found[key] !== undefined);
    if (first) document.getElementById(ids[first])?.focus();
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTried(true);
    setFailure(null);
    setConflict(null);
    setSaving(true);
    try {
      const result = await updateDocumentMeta(db, meta.id, editOf(draft), { base: startedFrom });
      if (!result.ok && 'conflicts' in result) {
        // Show what is stored now for the fields both changed; the reviewer decides and saves again.
        const stored = draftOf(result.current);
        const next = { ...draft };
        for (const key of result.conflicts) (next as Record<string, unknown>)[key] = stored[key];
        setDraft(next);
        setStartedFrom(result.current);
        const names = result.conflicts.map((key) => FIELD_NAMES.get(key) ?? key);
        setConflict(
          `${listOf(names)} ${names.length === 1 ? 'was' : 'were'} changed in another window while you were editing, so nothing was saved. The form now shows the stored ${names.length === 1 ? 'value' : 'values'} there; check ${names.length === 1 ? 'it' : 'them'} and save again.`,
        );
        return;
      }
      if (!result.ok) {
        setErrors(result.errors);
        focusFirstError(result.errors);
        return;
      }
      onSaved(result.before);
      onClose();
    } catch (error) {
      setFailure(error instanceof Error && /no longer in the library/.test(error.message) ? error.message : describeStorageError(error));
    } finally {
      setSaving(false);
    }
  };

  const input = (name: Exclude<keyof Draft, 'type' | 'authors'>, extra: { placeholder?: string; mono?: boolean } = {}) =>
    function renderInput(props: { id: string; 'aria-invalid': 'true' | undefined; 'aria-describedby': string | undefined }) {
      return (
        <input
          {...props}
          type="text"
          className={extra.mono ? 'mono' : undefined}
          placeholder={extra.placeholder}
          value={draft[name]}
          spellCheck={name === 'title' || name === 'journal'}
          onChange={(e) => change(name, e.target.value)}
        />
      );
    };

  return (
    <ModalDialog
      title="Edit details"
      className="metadata-dialog"
      description="Correct the details that describe this document. The article’s text itself cannot be changed."
      onClose={onClose}
      footer={
        <>
          <button type="button" className="toolbar-button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={formId} className="primary-button" disabled={saving}>
            Save details
          </button>
        </>
      }
    >
      <form id={formId} className="metadata-form" onSubmit={(e) => void submit(e)} noValidate aria-label={`Details of ${meta.title}`}>
        <div className="meta-grid">
          <Field name="title" label="Title" error={errors.title} ids={ids} wide>
            {(props) => (
              <textarea {...props} data-autofocus rows={2} value={draft.title} onChange={(e) => change('title', e.target.value)} />
            )}
          </Field>
          <Field name="authors" label="Authors" hint="One per line." error={errors.authors} ids={ids} wide>
            {(props) => <textarea {...props} rows={3} value={draft.authors} spellCheck={false} onChange={(e) => change('authors', e.target.value)} />}
          </Field>
          <Field name="journal" label="Journal or source" error={errors.journal} ids={ids} wide>
            {input('journal')}
          </Field>
          <Field name="publishedDate" label="Date" hint="YYYY, YYYY-MM or YYYY-MM-DD" error={errors.publishedDate} ids={ids}>
            {input('publishedDate', { placeholder: '2024-10-15', mono: true })}
          </Field>
          <Field name="type" label="Type" error={errors.type} ids={ids}>
            {(props) => (
              <select {...props} value={draft.type} onChange={(e) => change('type', e.target.value as DocumentType)}>
                {DOCUMENT_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {DOCUMENT_TYPE_LABELS[type]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="doi" label="DOI" error={errors.doi} ids={ids}>
            {input('doi', { placeholder: '10.1002/art.42933', mono: true })}
          </Field>
          <Field name="pmid" label="PMID" error={errors.pmid} ids={ids}>
            {input('pmid', { placeholder: '39086061', mono: true })}
          </Field>
          <Field name="trialRegistration" label="Trial registration" error={errors.trialRegistration} ids={ids}>
            {input('trialRegistration', { placeholder: 'NCT04561557', mono: true })}
          </Field>
        </div>
        {failure && (
          <p className="notice notice-error" role="alert">
            The details were not saved. {failure}
          </p>
        )}
        {conflict && (
          <p className="notice notice-warning" role="alert">
            {conflict}
          </p>
        )}
      </form>
    </ModalDialog>
  );
}
