// Notes about the open document as a whole ("Excluded at full text: wrong population"), at the top of
// the annotation panel where a reviewer looks first: several per document, each with its author and
// times, added, edited and deleted from the keyboard, every write through the change funnel.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { documentNoteEntries } from '@shared/evidence';
import type { DocumentNoteEntry } from '@shared/evidence';
import type { Annotation, AnnotationId, DocumentId } from '@shared/model';
import { useDatabase } from '../../db/context';
import { createDocumentNote, deleteAnnotations, DOCUMENT_NOTE_MAX, editDocumentNote, EditConflict } from '../../db/annotations';
import { describeStorageError } from '../../db/errors';
import { useReviewerNames } from '../../db/reviewers';
import { formatMoment } from '../../components/format';
import { ModalDialog } from '../../components/modal-dialog';
import { useNotices } from '../../components/notices';
import { useAppStore } from '../../store/app-store';

const PLACEHOLDER = 'e.g. Excluded at full text: wrong population';

/** "Ana Ruiz · 1 Dec 2026, 20:31 · edited 1 Dec 2026, 20:40": who wrote it and when, in the reviewer's locale. */
function byline(entry: DocumentNoteEntry): string {
  const edited = entry.editedAt === null ? '' : ` · edited ${formatMoment(entry.editedAt)}${entry.editedBy ? ` by ${entry.editedBy}` : ''}`;
  return `${entry.author} · ${formatMoment(entry.createdAt)}${edited}`;
}

interface NoteEditorProps {
  label: string;
  initial: string;
  saveLabel: string;
  onSave: (text: string) => Promise<boolean>;
  onCancel: () => void;
}

/** A note's text box: Ctrl+Enter saves, Escape cancels; an empty note cannot be saved. */
function NoteEditor({ label, initial, saveLabel, onSave, onCancel }: NoteEditorProps) {
  const [text, setText] = useState(initial);
  const [saving, setSaving] = useState(false);
  const boxRef = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }, []);
  const empty = text.trim() === '';
  const save = async () => {
    if (empty || saving) return;
    setSaving(true);
    const saved = await onSave(text);
    if (!saved) setSaving(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      // The note's own Escape: the panel and the desk behind it keep theirs.
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };
  return (
    <div className="document-note-editor">
      <label className="field-label">
        {label}
        <textarea ref={boxRef} rows={3} value={text} maxLength={DOCUMENT_NOTE_MAX} placeholder={PLACEHOLDER} aria-describedby={hintId} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} />
      </label>
      <p id={hintId} className="hint">
        Ctrl+Enter saves, Escape cancels.
      </p>
      <div className="editor-actions">
        <button type="button" className="toolbar-button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary-button" disabled={empty || saving} onClick={() => void save()}>
          {saveLabel}
        </button>
      </div>
    </div>
  );
}

function DeleteNoteDialog({ entry, onDelete, onCancel }: { entry: DocumentNoteEntry; onDelete: () => void; onCancel: () => void }) {
  const preview = entry.note.length > 160 ? `${entry.note.slice(0, 160)}…` : entry.note;
  return (
    <ModalDialog
      title="Delete this document note?"
      onClose={onCancel}
      footer={
        <>
          <button type="button" className="toolbar-button" onClick={onCancel} data-autofocus>
            Cancel
          </button>
          <button type="button" className="danger-button" onClick={onDelete}>
            Delete note
          </button>
        </>
      }
    >
      <blockquote className="quote selected-quote">{preview}</blockquote>
      <p className="dialog-text">Written by {entry.author}. Undo (Ctrl+Z) brings it back.</p>
    </ModalDialog>
  );
}

/** The document notes section of the annotation panel. `annotations` are the document's unanchored ones (notes among them). */
export function DocumentNotes({ documentId, annotations }: { documentId: DocumentId; annotations: readonly Annotation[] }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const names = useReviewerNames();
  const notes = useMemo(() => documentNoteEntries(annotations, names), [annotations, names]);
  const request = useAppStore((s) => (s.documentNoteRequest?.documentId === documentId ? s.documentNoteRequest : null));
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<AnnotationId | null>(null);
  const [deleting, setDeleting] = useState<DocumentNoteEntry | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  // Where focus goes once the list has re-rendered: the add button, or a note's Edit button.
  const [focusAfter, setFocusAfter] = useState<'add' | AnnotationId | null>(null);
  const headingId = useId();

  // Another document: nothing half-typed carries over to it.
  const [shownFor, setShownFor] = useState(documentId);
  if (shownFor !== documentId) {
    setShownFor(documentId);
    setAdding(false);
    setEditing(null);
    setDeleting(null);
  }

  // "Add a document note" from the command menu or Shift+N opens the box here (also when the
  // request came before this panel was shown), and is then cleared so it opens the box once.
  const [answered, setAnswered] = useState<typeof request>(null);
  if (request && request !== answered) {
    setAnswered(request);
    if (request.mode === 'add') setAdding(true);
  }
  useEffect(() => {
    if (!request) return;
    // "Show" (the reader's "2 document notes"): the focus moves to the notes, read out by their heading.
    if (request.mode === 'show') sectionRef.current?.focus();
    useAppStore.getState().clearDocumentNoteRequest();
  }, [request]);

  useEffect(() => {
    if (focusAfter === null) return;
    const target = focusAfter === 'add' ? addRef.current : sectionRef.current?.querySelector<HTMLButtonElement>(`[data-note-id="${focusAfter}"] .document-note-edit`);
    if (target) {
      target.focus();
      setFocusAfter(null);
    }
  }, [focusAfter, notes, adding, editing]);

  const add = async (text: string): Promise<boolean> => {
    try {
      await createDocumentNote(db, documentId, text);
      setAdding(false);
      setFocusAfter('add');
      notify({ kind: 'info', message: 'Document note saved.' });
      return true;
    } catch (error) {
      notify({ kind: 'error', message: `The note was not saved. ${describeStorageError(error)}` });
      return false;
    }
  };

  const edit = async (entry: DocumentNoteEntry, text: string): Promise<boolean> => {
    try {
      await editDocumentNote(db, entry.annotationId as AnnotationId, text, entry.note);
      setEditing(null);
      setFocusAfter(entry.annotationId as AnnotationId);
      return true;
    } catch (error) {
      if (error instanceof EditConflict) {
        // The reviewer's words stay in the box; the list already shows what is stored now.
        notify({ kind: 'error', message: `Not saved: this note was changed in another window while you were editing it (it now reads “${error.current.note}”). Your text is still in the box; cancel, then edit again to replace it.` });
        return false;
      }
      notify({ kind: 'error', message: `The change was not saved. ${describeStorageError(error)}` });
      return false;
    }
  };

  const remove = (entry: DocumentNoteEntry) => {
    setDeleting(null);
    setFocusAfter('add');
    deleteAnnotations(db, [entry.annotationId as AnnotationId], { label: 'delete document note' }).then(
      () => notify({ kind: 'info', message: 'Document note deleted. Undo (Ctrl+Z) brings it back.' }),
      (error: unknown) => notify({ kind: 'error', message: `The note was not deleted. ${describeStorageError(error)}` }),
    );
  };

  return (
    <section className="document-notes" aria-labelledby={headingId} ref={sectionRef} tabIndex={-1}>
      <div className="document-notes-head">
        <h3 id={headingId} className="section-title">
          Document notes{notes.length > 0 ? ` (${notes.length})` : ''}
        </h3>
        {!adding && (
          <button ref={addRef} type="button" className="link-button" aria-keyshortcuts="Shift+N" onClick={() => setAdding(true)}>
            Add document note
          </button>
        )}
      </div>
      {notes.length === 0 && !adding && (
        <div className="document-notes-empty">
          <p>No notes on this document yet.</p>
          <p className="hint">For the whole document rather than a passage: a screening decision, a question for the authors. Shift+N adds one.</p>
        </div>
      )}
      {notes.length > 0 && (
        <ol className="document-note-list" aria-label="Document notes, oldest first">
          {notes.map((entry, index) => (
            <li key={entry.annotationId} className="document-note" data-note-id={entry.annotationId}>
              {editing === entry.annotationId ? (
                <NoteEditor
                  label={`Edit document note ${index + 1}`}
                  initial={entry.note}
                  saveLabel="Save changes"
                  onSave={(text) => edit(entry, text)}
                  onCancel={() => {
                    setEditing(null);
                    setFocusAfter(entry.annotationId as AnnotationId);
                  }}
                />
              ) : (
                <>
                  <p className="document-note-text">{entry.note}</p>
                  {entry.tags.length > 0 && (
                    <p className="annotation-tags" aria-label={`Tags: ${entry.tags.join(', ')}`}>
                      {entry.tags.map((t) => (
                        <span key={t} className="tag">
                          {t}
                        </span>
                      ))}
                    </p>
                  )}
                  <div className="document-note-foot">
                    <p className="document-note-byline">{byline(entry)}</p>
                    <button type="button" className="link-button document-note-edit" aria-label={`Edit document note ${index + 1}`} onClick={() => setEditing(entry.annotationId as AnnotationId)}>
                      Edit
                    </button>
                    <button type="button" className="link-button document-note-delete" aria-label={`Delete document note ${index + 1}`} onClick={() => setDeleting(entry)}>
                      Delete
                    </button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
      {adding && (
        <NoteEditor
          label="New document note"
          initial=""
          saveLabel="Save note"
          onSave={add}
          onCancel={() => {
            setAdding(false);
            setFocusAfter('add');
          }}
        />
      )}
      {deleting && <DeleteNoteDialog entry={deleting} onCancel={() => setDeleting(null)} onDelete={() => remove(deleting)} />}
    </section>
  );
}
