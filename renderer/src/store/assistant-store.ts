// UI state of the assistant (issue 14): the suggestions proposed for each document this session,
// which one is current, and the run over a selection of the library with its progress. A store of
// its own beside app-store, so the assistant's state merges without touching the desk's slices.
// Nothing here is persistent: decisions go to Dexie through db/suggestions.ts.
import { create } from 'zustand';
import type { FieldMention, Suggestion } from '@shared/assistant/types';
import type { DocumentId } from '@shared/model';

export interface DocumentSuggestions {
  suggestions: Suggestion[];
  mentions: FieldMention[];
}

/** What a run over several documents found in one of them, for its summary. */
export interface BatchOutcome {
  documentId: DocumentId;
  title: string;
  /** read: suggested; missing: no longer stored; failed: the assistant could not read it. */
  state: 'read' | 'missing' | 'failed';
  suggestions: number;
  /** Labels of the fields the text mentions that are still empty (the omission alerts Done would list). */
  alerts: string[];
}

export interface SuggestBatch {
  /** What the run covers, in the reviewer's words: "review ‘Lupus’" or "the library". */
  scope: string;
  total: number;
  done: number;
  /** Suggestions found so far over the batch. */
  found: number;
  failed: number;
  running: boolean;
  stopRequested: boolean;
  /** One entry per document read so far, in order. */
  outcomes: BatchOutcome[];
}

export interface AssistantState {
  byDocument: ReadonlyMap<DocumentId, DocumentSuggestions>;
  /** The document being read now by "Suggest values", or null. */
  running: DocumentId | null;
  /** The suggestion the reviewer is on (J/K move it), by id. */
  current: { documentId: DocumentId; id: string } | null;
  /** The suggestion open in the typed editor (E), by id. */
  editing: string | null;
  batch: SuggestBatch | null;
  /** Ends the running batch promptly (it terminates the worker); set by the run, called by Stop. */
  stopBatch: (() => void) | null;
  setRunning: (documentId: DocumentId | null) => void;
  setSuggestions: (documentId: DocumentId, result: DocumentSuggestions) => void;
  /** Takes a decided suggestion out of the list; the next one becomes current. */
  dropSuggestion: (documentId: DocumentId, id: string) => void;
  setCurrent: (current: { documentId: DocumentId; id: string } | null) => void;
  setEditing: (id: string | null) => void;
  setBatch: (batch: SuggestBatch | null, stop?: (() => void) | null) => void;
  requestStop: () => void;
}

export const useAssistantStore = create<AssistantState>()((set) => ({
  byDocument: new Map(),
  running: null,
  current: null,
  editing: null,
  batch: null,
  stopBatch: null,
  setRunning: (documentId) => set({ running: documentId }),
  setSuggestions: (documentId, result) =>
    set((s) => {
      const byDocument = new Map(s.byDocument);
      byDocument.set(documentId, result);
      const first = result.suggestions[0];
      const keep = s.current?.documentId === documentId && result.suggestions.some((x) => x.id === s.current?.id);
      return { byDocument, current: keep ? s.current : first ? { documentId, id: first.id } : s.current?.documentId === documentId ? null : s.current };
    }),
  dropSuggestion: (documentId, id) =>
    set((s) => {
      const entry = s.byDocument.get(documentId);
      if (!entry) return {};
      const index = entry.suggestions.findIndex((x) => x.id === id);
      const suggestions = entry.suggestions.filter((x) => x.id !== id);
      const byDocument = new Map(s.byDocument);
      byDocument.set(documentId, { ...entry, suggestions });
      const next = suggestions[Math.min(Math.max(index, 0), suggestions.length - 1)];
      const current = s.current?.id === id ? (next ? { documentId, id: next.id } : null) : s.current;
      return { byDocument, current, editing: s.editing === id ? null : s.editing };
    }),
  setCurrent: (current) => set({ current }),
  setEditing: (id) => set({ editing: id }),
  setBatch: (batch, stop) => set(stop === undefined ? { batch } : { batch, stopBatch: stop }),
  requestStop: () => {
    const { batch, stopBatch } = useAssistantStore.getState();
    if (!batch?.running || batch.stopRequested) return;
    set({ batch: { ...batch, stopRequested: true } });
    stopBatch?.();
  },
}));

const initialAssistantState = useAssistantStore.getState();
/** Tests reset the store between cases. */
export function resetAssistantStore(): void {
  useAssistantStore.setState(initialAssistantState, true);
}
