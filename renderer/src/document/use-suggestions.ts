// The assistant's commands, shared by the form's suggestion list and the reader's outlines: suggest
// for one document or a selection of the library (with progress and a stop), accept (as suggested or
// edited) and reject, each decision written through db/suggestions and taken out of the list.
import { useCallback } from 'react';
import { fieldIndex } from '@shared/fields/schema';
import type { ExtractionSchema, FieldValue } from '@shared/fields/types';
import type { Suggestion } from '@shared/assistant/types';
import type { DocumentId } from '@shared/model';
import { useNotices } from '../components/notices';
import { useDatabase } from '../db/context';
import { describeStorageError } from '../db/errors';
import { schemaKey } from '../db/schemas';
import { acceptSuggestion, appAssistant, rejectSuggestion, suggestAndAlert, suggestForDocument } from '../db/suggestions';
import type { AssistantClient } from '../db/suggestions';
import type { MarginDatabase } from '../db/database';
import type { SuggestBatch } from '../store/assistant-store';
import { useAssistantStore } from '../store/assistant-store';
import { colorForSection } from './section-colors';

/**
 * Suggests for each document in turn, keeping each one's suggestions in the assistant store (so a
 * document opened later shows them) and its count and omission alerts in the run's summary. Stop
 * terminates the worker, so the document in hand ends at once; nothing is written to the database
 * by a run, so a stopped one leaves nothing half-written, only the documents it did not reach.
 */
export async function runSuggestBatch(db: MarginDatabase, schema: ExtractionSchema, documentIds: readonly DocumentId[], scope: string, client: AssistantClient = appAssistant()): Promise<SuggestBatch> {
  const store = useAssistantStore.getState();
  if (store.batch?.running) return store.batch;
  let stopped = false;
  let batch: SuggestBatch = { scope, total: documentIds.length, done: 0, found: 0, failed: 0, running: true, stopRequested: false, outcomes: [] };
  store.setBatch(batch, () => {
    stopped = true;
    // The worker may be half-way through a long article: end it rather than wait (it restarts on next use).
    client.dispose();
  });
  const current = () => ({ ...batch, stopRequested: useAssistantStore.getState().batch?.stopRequested ?? stopped });
  for (const documentId of documentIds) {
    if (stopped) break;
    try {
      const run = await suggestAndAlert(db, documentId, schema, client);
      if (stopped) break;
      if (run) useAssistantStore.getState().setSuggestions(documentId, run.result);
      const outcome = run
        ? { documentId, title: run.title, state: 'read' as const, suggestions: run.result.suggestions.length, alerts: run.alerts.map((a) => a.label) }
        : { documentId, title: documentId, state: 'missing' as const, suggestions: 0, alerts: [] };
      batch = { ...batch, done: batch.done + 1, found: batch.found + outcome.suggestions, outcomes: [...batch.outcomes, outcome] };
    } catch {
      // A stop rejects the document in hand: it was not reached, not failed.
      if (stopped) break;
      batch = { ...batch, done: batch.done + 1, failed: batch.failed + 1, outcomes: [...batch.outcomes, { documentId, title: documentId, state: 'failed', suggestions: 0, alerts: [] }] };
    }
    useAssistantStore.getState().setBatch(current());
  }
  batch = { ...current(), running: false };
  useAssistantStore.getState().setBatch(batch, null);
  return batch;
}

export function useSuggestionCommands(schema: ExtractionSchema) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);

  const suggest = useCallback(
    async (documentId: DocumentId) => {
      const store = useAssistantStore.getState();
      store.setRunning(documentId);
      try {
        const result = await suggestForDocument(db, documentId, schema);
        if (result) useAssistantStore.getState().setSuggestions(documentId, result);
        return result;
      } catch (error) {
        notify({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
        return null;
      } finally {
        useAssistantStore.getState().setRunning(null);
      }
    },
    [db, notify, schema],
  );

  /** Suggests for each document of `scope` in turn; Stop (requestStop) ends the run at once. */
  const suggestAll = useCallback((documentIds: readonly DocumentId[], scope: string) => runSuggestBatch(db, schema, documentIds, scope), [db, schema]);

  const accept = useCallback(
    async (documentId: DocumentId, suggestion: Suggestion, edited?: FieldValue) => {
      const section = fieldIndex(schema).get(suggestion.fieldKey)?.section.key ?? 'other';
      try {
        await acceptSuggestion(db, { documentId, suggestion, schemaId: schemaKey(schema), color: colorForSection(section), ...(edited ? { edited } : {}) });
        useAssistantStore.getState().dropSuggestion(documentId, suggestion.id);
        return true;
      } catch (error) {
        notify({ kind: 'error', message: `The suggested value was not saved. ${describeStorageError(error)}` });
        return false;
      }
    },
    [db, notify, schema],
  );

  const reject = useCallback(
    async (documentId: DocumentId, suggestion: Suggestion) => {
      try {
        await rejectSuggestion(db, documentId, suggestion);
        useAssistantStore.getState().dropSuggestion(documentId, suggestion.id);
        return true;
      } catch (error) {
        notify({ kind: 'error', message: `The rejection was not saved. ${describeStorageError(error)}` });
        return false;
      }
    },
    [db, notify],
  );

  return { suggest, suggestAll, accept, reject };
}
