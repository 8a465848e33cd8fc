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
import { acceptSuggestion, rejectSuggestion, suggestForDocument } from '../db/suggestions';
import { useAssistantStore } from '../store/assistant-store';
import { colorForSection } from './section-colors';

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

  /** Suggests for each document in turn; Stop (requestStop) ends the run after the document in hand. */
  const suggestAll = useCallback(
    async (documentIds: readonly DocumentId[]) => {
      const { setBatch } = useAssistantStore.getState();
      let batch = { total: documentIds.length, done: 0, found: 0, failed: 0, running: true, stopRequested: false };
      setBatch(batch);
      for (const documentId of documentIds) {
        if (useAssistantStore.getState().batch?.stopRequested) break;
        try {
          const result = await suggestForDocument(db, documentId, schema);
          if (result) useAssistantStore.getState().setSuggestions(documentId, result);
          batch = { ...batch, done: batch.done + 1, found: batch.found + (result?.suggestions.length ?? 0) };
        } catch {
          batch = { ...batch, done: batch.done + 1, failed: batch.failed + 1 };
        }
        setBatch({ ...batch, stopRequested: useAssistantStore.getState().batch?.stopRequested ?? false });
      }
      setBatch({ ...batch, running: false, stopRequested: useAssistantStore.getState().batch?.stopRequested ?? false });
    },
    [db, schema],
  );

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
