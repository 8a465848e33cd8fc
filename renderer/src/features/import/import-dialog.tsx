// The import dialog: choose files (a file input on the web, the system dialog in Electron), paste a
// text as a new document, set the largest file Margin will read, and follow each file's outcome.
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useDatabase } from '../../db/context';
import {
  LARGEST_IMPORT_LIMIT_MB,
  LONGEST_IMPORT_TIME_LIMIT_SECONDS,
  MEGABYTE,
  SHORTEST_IMPORT_TIME_LIMIT_SECONDS,
  setImportMaxMegabytes,
  setImportTimeLimitSeconds,
  useImportMaxBytes,
  useImportTimeLimitSeconds,
} from '../../db/imports';
import { describeStorageError } from '../../db/errors';
import { bridge } from '../../platform';
import { cancelImport, enqueueImport, openedFileSource, useImportStore } from './import-queue';
import { ImportDropTarget } from './drop-target';
import { ImportResults } from './import-results';
import { ModalDialog } from '../../components/modal-dialog';
import { IMPORT_EXTENSIONS } from './parsers/extensions';
import { suggestedTitle } from './paste';

const FORMATS_HINT = 'Plain text, Markdown, web pages (.html), PDFs with a text layer, PubMed exports (.nbib), PubMed XML, RIS (.ris) and BibTeX (.bib).';

/** Electron wraps a rejected handler's message in its own words; the reviewer needs only ours. */
function openFailureMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Error invoking remote method '[^']*':\s*(?:Error:\s*)?/, '');
}

function LimitField() {
  const db = useDatabase();
  const maxBytes = useImportMaxBytes();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();
  const hintId = useId();

  const commit = async (value: string) => {
    const megabytes = Number(value);
    if (value.trim() === '' || !Number.isInteger(megabytes) || megabytes < 1 || megabytes > LARGEST_IMPORT_LIMIT_MB) {
      setError(`Enter a whole number of megabytes from 1 to ${LARGEST_IMPORT_LIMIT_MB}.`);
      return;
    }
    setError(null);
    try {
      await setImportMaxMegabytes(db, megabytes);
    } catch (storageError) {
      setError(describeStorageError(storageError));
    }
  };

  return (
    <div className="import-field import-limit">
      <label htmlFor={inputId}>Largest file (MB)</label>
      <input
        id={inputId}
        type="number"
        inputMode="numeric"
        min={1}
        max={LARGEST_IMPORT_LIMIT_MB}
        step={1}
        value={draft ?? String(Math.round(maxBytes / MEGABYTE))}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        onChange={(e) => {
          setDraft(e.target.value);
          void commit(e.target.value);
        }}
        onBlur={() => {
          if (!error) setDraft(null);
        }}
      />
      <span id={hintId} className="import-hint">
        Larger files are refused.
      </span>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** How long one file may be read before Margin stops it: a hostile or broken file cannot keep the import busy. */
function TimeLimitField() {
  const db = useDatabase();
  const seconds = useImportTimeLimitSeconds();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();
  const hintId = useId();

  const commit = async (value: string) => {
    const wanted = Number(value);
    if (value.trim() === '' || !Number.isInteger(wanted) || wanted < SHORTEST_IMPORT_TIME_LIMIT_SECONDS || wanted > LONGEST_IMPORT_TIME_LIMIT_SECONDS) {
      setError(`Enter a whole number of seconds from ${SHORTEST_IMPORT_TIME_LIMIT_SECONDS} to ${LONGEST_IMPORT_TIME_LIMIT_SECONDS}.`);
      return;
    }
    setError(null);
    try {
      await setImportTimeLimitSeconds(db, wanted);
    } catch (storageError) {
      setError(describeStorageError(storageError));
    }
  };

  return (
    <div className="import-field import-limit">
      <label htmlFor={inputId}>Time limit per file (s)</label>
      <input
        id={inputId}
        type="number"
        inputMode="numeric"
        min={SHORTEST_IMPORT_TIME_LIMIT_SECONDS}
        max={LONGEST_IMPORT_TIME_LIMIT_SECONDS}
        step={1}
        value={draft ?? String(seconds)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        onChange={(e) => {
          setDraft(e.target.value);
          void commit(e.target.value);
        }}
        onBlur={() => {
          if (!error) setDraft(null);
        }}
      />
      <span id={hintId} className="import-hint">
        A file still being read after this is stopped.
      </span>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function PasteForm() {
  const db = useDatabase();
  const maxBytes = useImportMaxBytes();
  const [title, setTitle] = useState('');
  const [titleEdited, setTitleEdited] = useState(false);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<{ title?: string; text?: string }>({});
  const ids = { title: useId(), text: useId(), titleError: useId(), textError: useId() };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: { title?: string; text?: string } = {};
    if (text.trim().length === 0) found.text = 'Paste or type the text of the article.';
    if (title.trim().length === 0) found.title = 'Give the text a title; none was found in it.';
    setErrors(found);
    if (found.text) {
      document.getElementById(ids.text)?.focus();
      return;
    }
    if (found.title) {
      document.getElementById(ids.title)?.focus();
      return;
    }
    void enqueueImport(db, [{ kind: 'pasted', title, text }], maxBytes);
    setTitle('');
    setTitleEdited(false);
    setText('');
  };

  return (
    <form className="import-paste" onSubmit={submit} noValidate>
      <div className="import-field">
        <label htmlFor={ids.title}>Title</label>
        <input
          id={ids.title}
          type="text"
          value={title}
          aria-invalid={errors.title ? 'true' : undefined}
          aria-describedby={errors.title ? ids.titleError : undefined}
          onChange={(e) => {
            setTitle(e.target.value);
            setTitleEdited(e.target.value.length > 0);
          }}
        />
        {errors.title && (
          <p id={ids.titleError} className="field-error">
            {errors.title}
          </p>
        )}
      </div>
      <div className="import-field">
        <label htmlFor={ids.text}>Text</label>
        <textarea
          id={ids.text}
          rows={6}
          value={text}
          spellCheck={false}
          aria-invalid={errors.text ? 'true' : undefined}
          aria-describedby={errors.text ? ids.textError : undefined}
          onChange={(e) => {
            setText(e.target.value);
            // The title follows what the text makes obvious until the reviewer types their own.
            if (!titleEdited) setTitle(suggestedTitle(e.target.value));
          }}
        />
        {errors.text && (
          <p id={ids.textError} className="field-error">
            {errors.text}
          </p>
        )}
      </div>
      <div className="import-actions">
        <button type="submit" className="toolbar-button">
          Add as document
        </button>
      </div>
    </form>
  );
}

export function ImportDialog() {
  const db = useDatabase();
  const maxBytes = useImportMaxBytes();
  const close = useImportStore((s) => s.closeDialog);
  const busy = useImportStore((s) => s.busy);
  const [openError, setOpenError] = useState<string | null>(null);
  const filesHeading = useId();
  const pasteHeading = useId();

  const chooseFiles = async () => {
    setOpenError(null);
    try {
      // Called straight from the click: the web host's file input needs the user's gesture.
      // The host's limit is the hard cap; the reviewer's setting is applied per file by the queue,
      // so one large file gets its own "too large" result instead of refusing the whole selection.
      const files = await bridge.openFiles({ extensions: [...IMPORT_EXTENSIONS], multiple: true, maxBytes: LARGEST_IMPORT_LIMIT_MB * MEGABYTE });
      await enqueueImport(db, files.map(openedFileSource), maxBytes);
    } catch (error) {
      setOpenError(`The files could not be opened. ${openFailureMessage(error)}`);
    }
  };

  return (
    <ModalDialog
      title="Import documents"
      className="import-dialog"
      onClose={close}
      footer={
        <>
          {busy && (
            <button type="button" className="toolbar-button" onClick={cancelImport}>
              Cancel import
            </button>
          )}
          <button type="button" className="toolbar-button" onClick={close}>
            {busy ? 'Continue in the background' : 'Done'}
          </button>
        </>
      }
    >
      <div className="import-ways">
        <ImportDropTarget place="the import dialog">
          <section className="import-section" aria-labelledby={filesHeading}>
            <h3 id={filesHeading} className="import-section-title">
              From files
            </h3>
            <div className="import-actions">
              <button type="button" className="primary-button" data-autofocus onClick={() => void chooseFiles()}>
                Choose files…
              </button>
              <span className="import-hint">or drop them here or on the library</span>
            </div>
            <p className="import-hint">{FORMATS_HINT} Several at once is fine.</p>
            <LimitField />
            <TimeLimitField />
            {openError && (
              <p className="notice notice-error" role="alert">
                {openError}
              </p>
            )}
          </section>
        </ImportDropTarget>
        <section className="import-section" aria-labelledby={pasteHeading}>
          <h3 id={pasteHeading} className="import-section-title">
            Paste text
          </h3>
          <PasteForm />
        </section>
      </div>
      <ImportResults />
    </ModalDialog>
  );
}

/** The app bar's "Import…" button; the dialog also opens when files are dropped on the library. */
export function ImportAction() {
  const dialogOpen = useImportStore((s) => s.dialogOpen);
  const openDialog = useImportStore((s) => s.openDialog);
  return (
    <>
      <button type="button" className="toolbar-button" aria-haspopup="dialog" onClick={openDialog}>
        Import…
      </button>
      {dialogOpen && <ImportDialog />}
    </>
  );
}
