// Search across every document (Ctrl+Shift+F, the app bar's Search, or the command menu): ranked
// full-text results with the matches marked, or annotations and field values grouped by document.
// A result opens its document in the left pane at the match. The words are explained in the hint.
import { Fragment, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, RefObject } from 'react';
import { DOCUMENT_TYPE_LABELS, REVIEW_STATUS_LABELS } from '@shared/model';
import type { AnnotationId, DocumentId, DocumentType, ReviewStatusValue } from '@shared/model';
import { ModalDialog } from '../../components/modal-dialog';
import { useSearchIndex, useSearchIndexStatus } from '../../db/search-index';
import type { DocumentResult, IndexStatus, NoteResult, SearchOutcome } from '../../db/search-index';
import type { ParsedQuery } from '@shared/search/query';
import { useAppStore } from '../../store/app-store';
import { MarkedText } from './marked-text';

const DEBOUNCE_MS = 120;

/** Documents found, shown as soon as they are ranked; `total` is null while they are still being counted. */
type DocumentsShown = { ok: true; hits: DocumentResult[]; total: number | null; query: ParsedQuery } | { ok: false; message: string };

export function isSearchShortcut(event: Pick<globalThis.KeyboardEvent, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'key'>): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.shiftKey && event.key.toLowerCase() === 'f';
}

function statusSentence(status: IndexStatus): string {
  const { index } = status;
  switch (index.state) {
    case 'starting':
      return 'Opening the search index…';
    case 'building':
      return `Indexing ${index.done.toLocaleString('en')} of ${index.total.toLocaleString('en')} documents…`;
    case 'ready':
      return `${index.documents.toLocaleString('en')} ${index.documents === 1 ? 'document' : 'documents'} indexed.`;
    case 'failed':
      return `The search index failed: ${index.message}. Rebuild it from the library below.`;
  }
}

function IndexLine({ status, onRebuild }: { status: IndexStatus; onRebuild: () => void }) {
  const { index, storage } = status;
  return (
    <div className="search-index-line">
      <p role="status" className={index.state === 'failed' ? 'notice notice-error' : 'hint'}>
        {statusSentence(status)}
        {index.state === 'building' && <progress className="search-progress" aria-label="Indexing progress" max={index.total} value={index.done} />}
      </p>
      {storage?.kind === 'memory' && (
        <p className="notice notice-warning">
          The index is kept in memory only ({storage.reason}); it is built again from the library each time Margin starts.
        </p>
      )}
      <button type="button" className="toolbar-button" onClick={onRebuild} disabled={index.state === 'building' || index.state === 'starting'}>
        Rebuild the index
      </button>
    </div>
  );
}

function describeDocument(hit: DocumentResult): string {
  const parts = [
    hit.meta?.authors[0] ? `${hit.meta.authors[0]}${hit.meta.authors.length > 1 ? ' et al.' : ''}` : null,
    hit.year === null ? null : String(hit.year),
    DOCUMENT_TYPE_LABELS[hit.type as DocumentType] ?? hit.type,
    REVIEW_STATUS_LABELS[hit.status as ReviewStatusValue] ?? hit.status,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Arrow keys move between the results and back up to the search field. */
function moveFocus(event: KeyboardEvent<HTMLElement>, input: HTMLInputElement | null) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const list = event.currentTarget.closest('.search-dialog')?.querySelectorAll<HTMLButtonElement>('.search-result-button');
  if (!list || list.length === 0) return;
  const buttons = Array.from(list);
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  event.preventDefault();
  if (event.key === 'ArrowDown') buttons[Math.min(at + 1, buttons.length - 1)]?.focus();
  else if (at <= 0) input?.focus();
  else buttons[at - 1]?.focus();
}

export function SearchDialog({ onClose }: { onClose: () => void }) {
  const index = useSearchIndex();
  const status = useSearchIndexStatus();
  const text = useAppStore((s) => s.searchText);
  const setText = useAppStore((s) => s.setSearchText);
  const scope = useAppStore((s) => s.searchScope);
  const setScope = useAppStore((s) => s.setSearchScope);
  const requestShowInReader = useAppStore((s) => s.requestShowInReader);
  // Each answer is kept with the search it answers, so a stale one is never shown for newer words.
  const [answer, setAnswer] = useState<{ key: string; documents?: DocumentsShown; notes?: SearchOutcome<NoteResult> } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const ready = status.index.state;
  const key = `${scope}\u0000${ready}\u0000${text}`;

  useEffect(() => {
    if (text.trim() === '') return;
    let stale = false;
    const failed = (error: unknown) => ({ ok: false as const, message: error instanceof Error ? error.message : String(error) });
    const handle = setTimeout(() => {
      if (scope === 'documents') {
        // The best documents first, their number when it has been counted.
        index.rank(text).then(
          (outcome) => {
            if (stale) return;
            if (!outcome.ok) return setAnswer({ key, documents: outcome });
            const shown = { ...outcome, total: null };
            setAnswer({ key, documents: shown });
            outcome.total.then(
              (total) => !stale && setAnswer({ key, documents: { ...shown, total } }),
              (error: unknown) => !stale && setAnswer({ key, documents: failed(error) }),
            );
          },
          (error: unknown) => !stale && setAnswer({ key, documents: failed(error) }),
        );
      } else {
        index.searchNotes(text).then(
          (outcome) => !stale && setAnswer({ key, notes: outcome }),
          (error: unknown) => !stale && setAnswer({ key, notes: failed(error) }),
        );
      }
    }, DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(handle);
    };
  }, [index, key, scope, text]);
  const current = text.trim() !== '' && answer?.key === key ? answer : null;
  const documents = current?.documents ?? null;
  const notes = current?.notes ?? null;

  const openDocument = async (hit: DocumentResult, outcome: Extract<DocumentsShown, { ok: true }>) => {
    const ranges = await index.locate(hit.id as DocumentId, outcome.query).catch(() => []);
    onClose();
    requestShowInReader(hit.id as DocumentId, null, ranges[0]);
  };

  const openNote = (hit: NoteResult) => {
    onClose();
    requestShowInReader(hit.documentId as DocumentId, hit.id as AnnotationId);
  };

  const outcome = scope === 'documents' ? documents : notes;
  return (
    <ModalDialog title="Search" onClose={onClose} className="search-dialog">
      <div className="search-field">
        <input
          ref={inputRef}
          type="search"
          className="search-input"
          aria-label="Search all documents"
          aria-describedby="search-hint"
          placeholder='Words, "a phrase", prefix*, OR, NOT, title:, author:, year:2020..2024, type:, status:'
          data-autofocus
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => moveFocus(event, inputRef.current)}
        />
      </div>
      <div className="search-scope" role="group" aria-label="Search in">
        <button type="button" className="toolbar-button" aria-pressed={scope === 'documents'} onClick={() => setScope('documents')}>
          Documents
        </button>
        <button type="button" className="toolbar-button" aria-pressed={scope === 'annotations'} onClick={() => setScope('annotations')}>
          Annotations and values
        </button>
      </div>
      <p id="search-hint" className="hint">
        All words must appear; “OR” for either, “NOT” or “-” to leave out, quotes for a phrase, * after the start of a word. Enter opens a result.
      </p>
      <IndexLine status={status} onRebuild={() => void index.rebuild()} />
      {outcome && !outcome.ok && (
        <p className="notice notice-error" role="alert">
          {outcome.message}
        </p>
      )}
      {scope === 'documents' && documents?.ok && <DocumentResults outcome={documents} onOpen={(hit) => void openDocument(hit, documents)} input={inputRef} />}
      {scope === 'annotations' && notes?.ok && <NoteResults outcome={notes} onOpen={openNote} input={inputRef} />}
    </ModalDialog>
  );
}

function countSentence(shown: number, total: number | null): string {
  if (total === null) return shown === 0 ? 'No document matches.' : `The ${shown === 1 ? 'best document' : `${shown} best documents`} shown; counting every match…`;
  if (total === 0) return 'No document matches.';
  return shown < total ? `The ${shown} best of ${total.toLocaleString('en')} documents` : `${total} ${total === 1 ? 'document' : 'documents'}`;
}

function DocumentResults({ outcome, onOpen, input }: { outcome: Extract<DocumentsShown, { ok: true }>; onOpen: (hit: DocumentResult) => void; input: RefObject<HTMLInputElement | null> }) {
  return (
    <section aria-label="Documents found">
      <p className="search-count" role="status" aria-busy={outcome.total === null}>
        {countSentence(outcome.hits.length, outcome.total)}
      </p>
      <ol className="search-results">
        {outcome.hits.map((hit) => (
          <li key={hit.id} className="search-result">
            <button type="button" className="search-result-button" onClick={() => onOpen(hit)} onKeyDown={(event) => moveFocus(event, input.current)}>
              <span className="search-result-title">
                <MarkedText marked={hit.title || hit.meta?.title || 'Untitled'} />
              </span>
              <span className="search-result-meta">{describeDocument(hit)}</span>
              <span className="search-result-snippet">
                <MarkedText marked={hit.snippet} />
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

function NoteResults({ outcome, onOpen, input }: { outcome: Extract<SearchOutcome<NoteResult>, { ok: true }>; onOpen: (hit: NoteResult) => void; input: RefObject<HTMLInputElement | null> }) {
  const groups = new Map<string, NoteResult[]>();
  for (const hit of outcome.hits) groups.set(hit.documentId, [...(groups.get(hit.documentId) ?? []), hit]);
  if (outcome.query.fields.length > 0) {
    return <p className="hint">Annotations have no {outcome.query.fields.join(' or ')}: search them with plain words, year:, type: or status:.</p>;
  }
  return (
    <section aria-label="Annotations and values found">
      <p className="search-count" role="status">
        {outcome.total === 0 ? 'No annotation or value matches.' : `${outcome.total} ${outcome.total === 1 ? 'annotation' : 'annotations'} in ${groups.size} ${groups.size === 1 ? 'document' : 'documents'}`}
      </p>
      {[...groups].map(([documentId, hits]) => (
        <Fragment key={documentId}>
          <h3 className="search-group-title">{hits[0]!.documentTitle}</h3>
          <ul className="search-results" aria-label={`Found in ${hits[0]!.documentTitle}`}>
            {hits.map((hit) => (
              <li key={hit.id} className="search-result">
                <button type="button" className="search-result-button" onClick={() => onOpen(hit)} onKeyDown={(event) => moveFocus(event, input.current)}>
                  <span className="search-result-meta">{hit.label}</span>
                  <span className="search-result-snippet">
                    <MarkedText marked={hit.snippet} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </Fragment>
      ))}
    </section>
  );
}

/** Mounted once by app.tsx: the shortcut and the dialog. */
export function SearchAction() {
  const open = useAppStore((s) => s.searchOpen);
  const setOpen = useAppStore((s) => s.setSearchOpen);
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (!isSearchShortcut(event)) return;
      event.preventDefault();
      setOpen(!useAppStore.getState().searchOpen);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [setOpen]);
  return (
    <>
      <button type="button" className="toolbar-button" onClick={() => setOpen(true)} aria-keyshortcuts="Control+Shift+F">
        Search
      </button>
      {open && <SearchDialog onClose={() => setOpen(false)} />}
    </>
  );
}
