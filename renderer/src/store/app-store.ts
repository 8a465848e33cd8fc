// UI state only: which document is in which pane, which pane is active, the library filter, and
// the corpus load outcome. Persistent data lives in Dexie.
import { create } from 'zustand';
import type { StateCreator } from 'zustand';
import type { CorpusProblem } from '@shared/ipc';
import type { AnnotationId, AreaSelector, DocumentId, HighlightColor } from '@shared/model';

export type PaneIndex = 0 | 1;

/**
 * A request from another screen (the evidence table) to show an annotation's quote in a pane. The
 * pane answers it once its text is rendered as far as the quote (it flashes the quote) and clears it.
 */
export interface ShowRequest {
  pane: PaneIndex;
  documentId: DocumentId;
  annotationId: AnnotationId;
}

/**
 * Two extractors' quotes for one field, painted in a pane at once (the adjudication view asks; the
 * review feature's reader layer paints them). Each side is named so the pane can label it "A"/"B".
 */
export interface ComparedQuotes {
  pane: PaneIndex;
  documentId: DocumentId;
  /** What is compared, in words: "Dose", "CRS grade (Patient 2)". */
  label: string;
  a: { name: string; annotationIds: AnnotationId[] };
  b: { name: string; annotationIds: AnnotationId[] };
  nonce: number;
}

/**
 * A request (from search) to show a stretch of a document's text in a pane: the find bar answers it
 * once the text is rendered that far, by finding that text and stepping to this occurrence.
 */
export interface ShowTextRequest {
  pane: PaneIndex;
  documentId: DocumentId;
  start: number;
  end: number;
  nonce: number;
}

export interface ReaderSlice {
  panes: [DocumentId | null, DocumentId | null];
  secondPaneOpen: boolean;
  activePane: PaneIndex;
  openDocument: (documentId: DocumentId, pane?: PaneIndex) => void;
  setActivePane: (pane: PaneIndex) => void;
  setSecondPaneOpen: (open: boolean) => void;
  showRequest: ShowRequest | null;
  /** Opens the document in the left pane of the desk; with an annotation, asks the pane to show its quote. */
  requestShowInReader: (documentId: DocumentId, annotationId: AnnotationId | null, range?: { start: number; end: number }) => void;
  showTextRequest: ShowTextRequest | null;
  /** Both extractors' quotes painted in a pane at once; null when not comparing. */
  comparedQuotes: ComparedQuotes | null;
  /** Opens the document in the left pane of the desk with A's and B's quotes for one field painted. */
  showComparedQuotes: (quotes: Omit<ComparedQuotes, 'pane' | 'nonce'>) => void;
  clearComparedQuotes: () => void;
  answerShowTextRequest: (request: ShowTextRequest) => void;
  /** The pane is done with this request (shown, or nothing to show); a newer request is left alone. */
  answerShowRequest: (request: ShowRequest) => void;
  /** Where each document was last read: the text offset of the first block in view. */
  readingPositions: Map<DocumentId, number>;
  setReadingPosition: (documentId: DocumentId, offset: number) => void;
  /** Set once the stored workspace has been put back (or there was none), so saving may begin. */
  workspaceRestored: boolean;
  restoreWorkspace: (workspace: { panes: [DocumentId | null, DocumentId | null]; secondPaneOpen: boolean; activePane: PaneIndex; view: 'desk' | 'table'; positions: [DocumentId, number][] } | null) => void;
}

export interface LibrarySlice {
  libraryFilter: string;
  setLibraryFilter: (filter: string) => void;
  /** Documents ticked in the library, e.g. for exporting a selection. */
  checkedDocuments: DocumentId[];
  toggleChecked: (documentId: DocumentId) => void;
  setChecked: (documentIds: DocumentId[]) => void;
  /** What the main area shows: the reading desk or the evidence table. */
  view: 'desk' | 'table';
  setView: (view: 'desk' | 'table') => void;
  /** Cards (title on two lines, controls under it) or compact (one line per document, in columns). */
  libraryLayout: 'cards' | 'compact';
  setLibraryLayout: (layout: 'cards' | 'compact') => void;
  /** The compact layout's sort (null: library order) and column widths in CSS pixels. */
  librarySort: { column: LibraryColumnId; direction: 'ascending' | 'descending' } | null;
  setLibrarySort: (sort: { column: LibraryColumnId; direction: 'ascending' | 'descending' } | null) => void;
  libraryColumnWidths: Partial<Record<LibraryColumnId, number>>;
  setLibraryColumnWidth: (column: LibraryColumnId, width: number) => void;
}

/** A column of the library's compact layout (features/library/library-columns.ts names them). */
export type LibraryColumnId = 'author' | 'year' | 'title' | 'journal' | 'type' | 'status' | 'completeness';

export type CorpusLoad =
  | { state: 'loading' }
  | { state: 'ready'; added: number; problems: CorpusProblem[] }
  | { state: 'failed'; message: string };

export interface CorpusSlice {
  corpus: CorpusLoad;
  setCorpus: (corpus: CorpusLoad) => void;
}

/** A text selection in a reader pane, as offsets of the stored text. */
export interface TextSelection {
  pane: PaneIndex;
  documentId: DocumentId;
  start: number;
  end: number;
  /** The selected text, shown to the reviewer (e.g. in the field picker). */
  quote: string;
}

/**
 * A rectangle drawn on a PDF page in the page view: annotated with the same commands as a text
 * selection, but it has no offsets, so code that works on text checks `isAreaSelection` first.
 */
export interface AreaSelection {
  kind: 'area';
  pane: PaneIndex;
  documentId: DocumentId;
  area: AreaSelector;
  /** What the reviewer is shown in place of a quote: "area on page 3". */
  quote: string;
}

export type ReaderSelection = TextSelection | AreaSelection;

export function isAreaSelection(selection: ReaderSelection | null): selection is AreaSelection {
  return selection !== null && 'kind' in selection && selection.kind === 'area';
}

export interface AnnotationFilter {
  colors: HighlightColor[];
  tag: string | null;
  text: string;
}

export type SideTab = 'annotations' | 'extraction' | 'history' | 'review';

export interface AnnotateSlice {
  selection: ReaderSelection | null;
  selectedAnnotation: { pane: PaneIndex; id: AnnotationId } | null;
  /** A request to scroll an annotation into view and flash it; the nonce repeats a flash. */
  flash: { pane: PaneIndex; id: AnnotationId; nonce: number } | null;
  /** Which editor field of the selected annotation should take focus ("note", "tags"). */
  focusEditor: { id: AnnotationId; field: 'note' | 'tags'; nonce: number } | null;
  annotationFilter: AnnotationFilter;
  /** The text the field picker will tag, captured when it opens (focus moves to the picker). */
  fieldPickerTarget: ReaderSelection | null;
  sideTab: SideTab;
  /** The colour N and T highlight in: the one used last. */
  lastHighlightColor: HighlightColor;
  setLastHighlightColor: (color: HighlightColor) => void;
  /** The field tagged last, which the field picker offers first when nothing in the text suggests another. */
  lastFieldKey: string | null;
  setLastFieldKey: (key: string) => void;
  /**
   * The patient (arm, time point) last worked on per document and kind, keyed `${documentId} ${kind}`:
   * the form shows it and the picker preselects it, so a run of tags for one patient needs no choosing.
   */
  activeInstances: ReadonlyMap<string, string>;
  setActiveInstance: (documentId: DocumentId, kind: string, instanceId: string) => void;
  openFieldPicker: () => void;
  closeFieldPicker: () => void;
  setSideTab: (tab: SideTab) => void;
  setSelection: (selection: ReaderSelection | null) => void;
  selectAnnotation: (selected: { pane: PaneIndex; id: AnnotationId } | null) => void;
  flashAnnotation: (pane: PaneIndex, id: AnnotationId) => void;
  requestEditorFocus: (id: AnnotationId, field: 'note' | 'tags') => void;
  setAnnotationFilter: (filter: Partial<AnnotationFilter>) => void;
}

export interface SearchSlice {
  /** Whether the search across all documents is open, and what it last looked for. */
  searchOpen: boolean;
  searchText: string;
  searchScope: 'documents' | 'annotations';
  setSearchOpen: (open: boolean) => void;
  setSearchText: (text: string) => void;
  setSearchScope: (scope: 'documents' | 'annotations') => void;
}

/**
 * Requests from the command menu to a control another screen owns (the find bar, the extraction
 * form, the library filter): the screen answers by focusing it. Each is a counter, so asking twice
 * asks twice.
 */
export interface CommandRequestSlice {
  findRequest: { pane: PaneIndex; nonce: number } | null;
  /** Focus the next required field without a value, after the one holding the focus. */
  emptyFieldRequest: number;
  libraryFilterRequest: number;
  /** Open the new-note box of a document's notes (annotation panel), or show them; cleared once answered. */
  documentNoteRequest: { documentId: DocumentId; mode: 'add' | 'show'; nonce: number } | null;
  requestFind: (pane: PaneIndex) => void;
  requestDocumentNote: (documentId: DocumentId, mode?: 'add' | 'show') => void;
  clearDocumentNoteRequest: () => void;
  requestEmptyField: () => void;
  requestLibraryFilter: () => void;
}

export type AppState = ReaderSlice & LibrarySlice & CorpusSlice & AnnotateSlice & SearchSlice & CommandRequestSlice;

const createCommandRequestSlice: StateCreator<AppState, [], [], CommandRequestSlice> = (set) => ({
  findRequest: null,
  emptyFieldRequest: 0,
  libraryFilterRequest: 0,
  documentNoteRequest: null,
  requestDocumentNote: (documentId, mode = 'add') => set((s) => ({ documentNoteRequest: { documentId, mode, nonce: (s.documentNoteRequest?.nonce ?? 0) + 1 }, sideTab: 'annotations' })),
  clearDocumentNoteRequest: () => set({ documentNoteRequest: null }),
  requestFind: (pane) => set((s) => ({ findRequest: { pane, nonce: (s.findRequest?.nonce ?? 0) + 1 } })),
  requestEmptyField: () => set((s) => ({ emptyFieldRequest: s.emptyFieldRequest + 1, sideTab: 'extraction' })),
  requestLibraryFilter: () => set((s) => ({ libraryFilterRequest: s.libraryFilterRequest + 1 })),
});

const createSearchSlice: StateCreator<AppState, [], [], SearchSlice> = (set) => ({
  searchOpen: false,
  searchText: '',
  searchScope: 'documents',
  setSearchOpen: (searchOpen) => set({ searchOpen }),
  setSearchText: (searchText) => set({ searchText }),
  setSearchScope: (searchScope) => set({ searchScope }),
});

const createAnnotateSlice: StateCreator<AppState, [], [], AnnotateSlice> = (set) => ({
  selection: null,
  selectedAnnotation: null,
  flash: null,
  focusEditor: null,
  annotationFilter: { colors: [], tag: null, text: '' },
  fieldPickerTarget: null,
  sideTab: 'annotations',
  lastHighlightColor: 'yellow',
  setLastHighlightColor: (lastHighlightColor) => set({ lastHighlightColor }),
  lastFieldKey: null,
  setLastFieldKey: (lastFieldKey) => set({ lastFieldKey }),
  activeInstances: new Map(),
  setActiveInstance: (documentId, kind, instanceId) =>
    set((s) => {
      const next = new Map(s.activeInstances);
      next.set(`${documentId} ${kind}`, instanceId);
      return { activeInstances: next };
    }),
  openFieldPicker: () => set((s) => (s.selection ? { fieldPickerTarget: s.selection } : {})),
  closeFieldPicker: () => set({ fieldPickerTarget: null }),
  setSideTab: (sideTab) => set({ sideTab }),
  setSelection: (selection) => set({ selection }),
  selectAnnotation: (selectedAnnotation) => set({ selectedAnnotation }),
  flashAnnotation: (pane, id) => set((s) => ({ flash: { pane, id, nonce: (s.flash?.nonce ?? 0) + 1 }, selectedAnnotation: { pane, id } })),
  requestEditorFocus: (id, field) => set((s) => ({ focusEditor: { id, field, nonce: (s.focusEditor?.nonce ?? 0) + 1 } })),
  setAnnotationFilter: (filter) => set((s) => ({ annotationFilter: { ...s.annotationFilter, ...filter } })),
});

const createReaderSlice: StateCreator<AppState, [], [], ReaderSlice> = (set, get) => ({
  panes: [null, null],
  secondPaneOpen: false,
  activePane: 0,
  openDocument: (documentId, pane) => {
    const target = pane ?? get().activePane;
    set((state) => {
      const panes: [DocumentId | null, DocumentId | null] = [...state.panes];
      panes[target] = documentId;
      return { panes, activePane: target, secondPaneOpen: state.secondPaneOpen || target === 1 };
    });
  },
  setActivePane: (pane) => set({ activePane: pane }),
  setSecondPaneOpen: (open) =>
    set((state) => ({ secondPaneOpen: open, activePane: open ? state.activePane : 0 })),
  showRequest: null,
  showTextRequest: null,
  requestShowInReader: (documentId, annotationId, range) => {
    get().openDocument(documentId, 0);
    set((s) => {
      // A place asked to be shown wins over the pane's return to the last reading position (which
      // may come later, once the text has rendered that far): that position is forgotten.
      const forget = range !== undefined && range.end > range.start && s.readingPositions.has(documentId);
      const readingPositions = forget ? new Map([...s.readingPositions].filter(([id]) => id !== documentId)) : s.readingPositions;
      return {
      readingPositions,
      view: 'desk',
      showTextRequest: range === undefined || range.end <= range.start ? null : { pane: 0, documentId, start: range.start, end: range.end, nonce: (s.showTextRequest?.nonce ?? 0) + 1 },
      showRequest: annotationId === null ? null : { pane: 0, documentId, annotationId },
      // Selected at once, so the side panel shows the value while the text is still rendering.
      ...(annotationId === null ? {} : { selectedAnnotation: { pane: 0 as const, id: annotationId } }),
      };
    });
  },
  comparedQuotes: null,
  showComparedQuotes: (quotes) => {
    get().openDocument(quotes.documentId, 0);
    set((s) => ({ view: 'desk', comparedQuotes: { ...quotes, pane: 0, nonce: (s.comparedQuotes?.nonce ?? 0) + 1 } }));
  },
  clearComparedQuotes: () => set({ comparedQuotes: null }),
  answerShowRequest: (request) => set((s) => (s.showRequest === request ? { showRequest: null } : {})),
  answerShowTextRequest: (request) => set((s) => (s.showTextRequest === request ? { showTextRequest: null } : {})),
  readingPositions: new Map(),
  setReadingPosition: (documentId, offset) =>
    set((s) => {
      if (s.readingPositions.get(documentId) === offset) return {};
      const next = new Map(s.readingPositions);
      // Most recent last, so the oldest are the ones forgotten when the list is trimmed.
      next.delete(documentId);
      next.set(documentId, offset);
      return { readingPositions: next };
    }),
  workspaceRestored: false,
  restoreWorkspace: (workspace) =>
    set(() =>
      workspace
        ? {
            panes: workspace.panes,
            secondPaneOpen: workspace.secondPaneOpen,
            activePane: workspace.activePane,
            view: workspace.view,
            readingPositions: new Map(workspace.positions),
            workspaceRestored: true,
          }
        : { workspaceRestored: true },
    ),
});

const createLibrarySlice: StateCreator<AppState, [], [], LibrarySlice> = (set) => ({
  libraryFilter: '',
  setLibraryFilter: (libraryFilter) => set({ libraryFilter }),
  checkedDocuments: [],
  toggleChecked: (documentId) =>
    set((s) => ({
      checkedDocuments: s.checkedDocuments.includes(documentId) ? s.checkedDocuments.filter((id) => id !== documentId) : [...s.checkedDocuments, documentId],
    })),
  setChecked: (checkedDocuments) => set({ checkedDocuments }),
  view: 'desk',
  setView: (view) => set({ view }),
  libraryLayout: 'cards',
  setLibraryLayout: (libraryLayout) => set({ libraryLayout }),
  librarySort: null,
  setLibrarySort: (librarySort) => set({ librarySort }),
  libraryColumnWidths: {},
  setLibraryColumnWidth: (column, width) => set((s) => ({ libraryColumnWidths: { ...s.libraryColumnWidths, [column]: width } })),
});

const createCorpusSlice: StateCreator<AppState, [], [], CorpusSlice> = (set) => ({
  corpus: { state: 'loading' },
  setCorpus: (corpus) => set({ corpus }),
});

export const useAppStore = create<AppState>()((...args) => ({
  ...createReaderSlice(...args),
  ...createLibrarySlice(...args),
  ...createCorpusSlice(...args),
  ...createAnnotateSlice(...args),
  ...createSearchSlice(...args),
  ...createCommandRequestSlice(...args),
}));

/** Tests reset the store between cases. */
export const initialAppState = useAppStore.getState();
export function resetAppStore(): void {
  useAppStore.setState(initialAppState, true);
}
