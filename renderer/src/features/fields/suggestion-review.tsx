// The assistant in the form (issue 14): "Suggest values" for the open document or for the active
// review's documents (the library's without one), with progress and Stop, and the suggestions to review one key at a time: Enter accepts,
// Backspace rejects, E edits in the typed editor, J and K go to the next and previous suggestion.
import { useEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { formatFieldValue } from '@shared/fields/format';
import { fieldIndex } from '@shared/fields/schema';
import type { ExtractionSchema } from '@shared/fields/types';
import type { Suggestion } from '@shared/assistant/types';
import type { DocumentId } from '@shared/model';
import { useDocuments } from '../../db/documents';
import { useReviewDesk } from '../../db/reviews';
import { useSuggestionCommands } from '../../document/use-suggestions';
import { useAssistantStore } from '../../store/assistant-store';
import { TypedValueEditor } from './typed-value-editor';

const NO_SUGGESTIONS: readonly Suggestion[] = [];

function instanceWords(instance: string): string {
  return instance.replace(/-/g, ' ');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * "Suggest values" over many documents: the active review's (named, so the reviewer knows what the
 * run covers), or the library's when no review is active. Progress in documents, Stop that ends the
 * run at once, and a summary per document of what was found and which fields the text mentions
 * that are still empty. The suggestions stay with each document for when it is opened.
 */
export function SuggestBatchControls({ schema }: { schema: ExtractionSchema }) {
  const documents = useDocuments();
  const desk = useReviewDesk();
  const batch = useAssistantStore((s) => s.batch);
  const requestStop = useAssistantStore((s) => s.requestStop);
  const { suggestAll } = useSuggestionCommands(schema);
  const running = batch?.running ?? false;
  const review = desk?.active ?? null;
  const stored = new Set((documents ?? []).map((d) => d.id));
  // A review's documents in its own order, without any removed from the library since.
  const ids = review ? review.documentIds.filter((id) => stored.has(id)) : (documents ?? []).map((d) => d.id);
  const scope = review ? `review ‘${review.name}’` : 'the library';
  const ready = documents !== undefined && desk !== undefined;
  return (
    <div className="suggest-batch">
      <button type="button" className="toolbar-button" disabled={running || !ready || ids.length === 0} onClick={() => void suggestAll(ids, scope)}>
        {`Suggest values for ${scope} — ${plural(ids.length, 'document', 'documents')}`}
      </button>
      {batch && (
        <>
          <div className="suggest-progress" role="progressbar" aria-label={`Suggesting for ${batch.scope}`} aria-valuemin={0} aria-valuemax={batch.total} aria-valuenow={batch.done} aria-valuetext={`${batch.done} of ${batch.total} documents`}>
            <div className="suggest-progress-fill" style={{ width: `${batch.total === 0 ? 100 : (100 * batch.done) / batch.total}%` }} />
          </div>
          <span role="status" className="hint">
            {running
              ? batch.stopRequested
                ? `Stopping… (${batch.done} of ${batch.total} documents)`
                : `Suggesting for ${batch.scope}: ${batch.done} of ${batch.total} documents, ${plural(batch.found, 'value', 'values')} so far`
              : `${batch.stopRequested ? 'Stopped' : 'Done'}: ${batch.done} of ${batch.total} documents read, ${plural(batch.found, 'value', 'values')} suggested${batch.failed > 0 ? `, ${batch.failed} could not be read` : ''}${batch.done < batch.total ? `; ${plural(batch.total - batch.done, 'document was', 'documents were')} not reached` : ''}.`}
          </span>
          {running && (
            <button type="button" className="toolbar-button" onClick={requestStop} disabled={batch.stopRequested}>
              Stop
            </button>
          )}
          {!running && batch.outcomes.length > 0 && (
            <ul className="suggest-summary" aria-label={`Suggestions for ${batch.scope}, per document`}>
              {batch.outcomes.map((o) => (
                <li key={o.documentId}>
                  <span className="suggest-summary-title">{o.title}</span>:{' '}
                  {o.state === 'read'
                    ? `${plural(o.suggestions, 'suggestion', 'suggestions')} to review${o.alerts.length > 0 ? `; mentioned but empty: ${o.alerts.join(', ')}` : ''}`
                    : o.state === 'missing'
                      ? 'no longer in the library'
                      : 'the assistant could not read it'}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

export function SuggestionReview({ schema, documentId }: { schema: ExtractionSchema; documentId: DocumentId }) {
  const entry = useAssistantStore((s) => s.byDocument.get(documentId));
  const suggestions = entry?.suggestions ?? NO_SUGGESTIONS;
  const running = useAssistantStore((s) => s.running === documentId);
  const current = useAssistantStore((s) => (s.current?.documentId === documentId ? s.current.id : null));
  const editing = useAssistantStore((s) => s.editing);
  const setCurrent = useAssistantStore((s) => s.setCurrent);
  const setEditing = useAssistantStore((s) => s.setEditing);
  const { suggest, accept, reject } = useSuggestionCommands(schema);
  const fields = fieldIndex(schema);
  const items = useRef(new Map<string, HTMLDivElement>());
  const listHasFocus = useRef(false);

  // After a decision the next suggestion becomes current: keep the keyboard on the list.
  useEffect(() => {
    if (current && listHasFocus.current && editing === null) items.current.get(current)?.focus();
  }, [current, editing, suggestions]);

  const move = (index: number) => {
    const next = suggestions[index];
    if (!next) return;
    setCurrent({ documentId, id: next.id });
    items.current.get(next.id)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, suggestion: Suggestion, index: number) => {
    // Keys typed into a button or the editor inside the item are theirs.
    if (event.target !== event.currentTarget || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    if (key === 'Enter') void accept(documentId, suggestion);
    else if (key === 'Backspace' || key === 'Delete') void reject(documentId, suggestion);
    else if (key === 'e' || key === 'E') setEditing(suggestion.id);
    else if (key === 'j' || key === 'J' || key === 'ArrowDown') move(index + 1);
    else if (key === 'k' || key === 'K' || key === 'ArrowUp') move(index - 1);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <section className="suggestions" aria-labelledby="suggestions-title">
      <div className="suggestions-head">
        {/* Not a heading: the form's headings are its schema's sections, in order. */}
        <strong id="suggestions-title" className="form-section-title">
          Suggestions
        </strong>
        <button type="button" className="primary-button" disabled={running} onClick={() => void suggest(documentId)}>
          {running ? 'Suggesting…' : 'Suggest values'}
        </button>
      </div>
      <SuggestBatchControls schema={schema} />
      {entry && suggestions.length === 0 && <p className="hint">No suggestions left for this document.</p>}
      {suggestions.length > 0 && (
        <>
          <p className="hint" id="suggestion-keys">
            {suggestions.length} to review. On a suggestion: Enter accepts, Backspace rejects, E edits, J and K go to the next and previous. Each is outlined with a dashed line in the text.
          </p>
          <ul
            className="suggestion-list"
            aria-label="Suggested values"
            onFocus={() => (listHasFocus.current = true)}
            onBlur={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node | null)) listHasFocus.current = false;
            }}
          >
            {suggestions.map((suggestion, index) => {
              const field = fields.get(suggestion.fieldKey)?.field;
              const label = field?.label ?? suggestion.fieldKey;
              const value = field ? formatFieldValue(field, suggestion.value) : '';
              const isCurrent = suggestion.id === current;
              const percent = Math.round(suggestion.confidence * 100);
              return (
                <li key={suggestion.id}>
                  <div
                    ref={(el) => {
                      if (el) items.current.set(suggestion.id, el);
                      else items.current.delete(suggestion.id);
                    }}
                    className="suggestion"
                    role="group"
                    tabIndex={isCurrent || (current === null && index === 0) ? 0 : -1}
                    aria-current={isCurrent || undefined}
                    aria-label={`Suggestion ${index + 1} of ${suggestions.length}: ${label}${suggestion.instance ? ` (${instanceWords(suggestion.instance)})` : ''}, ${value}`}
                    aria-describedby="suggestion-keys"
                    data-suggestion-id={suggestion.id}
                    onFocus={(e) => {
                      if (e.target === e.currentTarget && !isCurrent) setCurrent({ documentId, id: suggestion.id });
                    }}
                    onKeyDown={(e) => onKeyDown(e, suggestion, index)}
                  >
                    <div className="suggestion-head">
                      <span className="suggestion-field">{label}</span>
                      {suggestion.instance && <span className="badge badge-manual">{instanceWords(suggestion.instance)}</span>}
                      <span className="suggestion-confidence" title={`Rule ${suggestion.rule}`}>
                        {percent}% · {suggestion.rule}
                      </span>
                    </div>
                    <div className="suggestion-value">{value}</div>
                    <blockquote className="suggestion-quote">“{suggestion.target.quote.exact}”</blockquote>
                    {suggestion.reason && <p className="value-reason">Check: {suggestion.reason}</p>}
                    {editing === suggestion.id && field ? (
                      <TypedValueEditor
                        field={field}
                        initial={suggestion.value}
                        onCancel={() => {
                          setEditing(null);
                          items.current.get(suggestion.id)?.focus();
                        }}
                        onSave={async (edited) => {
                          if (await accept(documentId, suggestion, edited)) setEditing(null);
                        }}
                      />
                    ) : (
                      <div className="suggestion-actions">
                        <button type="button" className="toolbar-button" tabIndex={-1} onClick={() => void accept(documentId, suggestion)} aria-label={`Accept ${label}: ${value}`}>
                          Accept
                        </button>
                        <button type="button" className="toolbar-button" tabIndex={-1} onClick={() => void reject(documentId, suggestion)} aria-label={`Reject ${label}: ${value}`}>
                          Reject
                        </button>
                        <button type="button" className="link-button" tabIndex={-1} onClick={() => setEditing(suggestion.id)} aria-label={`Edit ${label} before accepting`}>
                          Edit
                        </button>
                      </div>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
