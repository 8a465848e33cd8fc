// UI state only: which document is in which pane, which pane is active, the library filter, and
// the corpus load outcome. Persistent data lives in Dexie.
import { create } from 'zustand';
import type { StateCreator } from 'zustand';
import type { CorpusProblem } from '@shared/ipc';
import type { DocumentId } from '@shared/model';

export type PaneIndex = 0 | 1;

export interface ReaderSlice {
  panes: [DocumentId | null, DocumentId | null];
  secondPaneOpen: boolean;
  activePane: PaneIndex;
  openDocument: (documentId: DocumentId, pane?: PaneIndex) => void;
  setActivePane: (pane: PaneIndex) => void;
  setSecondPaneOpen: (open: boolean) => void;
}

export interface LibrarySlice {
  libraryFilter: string;
  setLibraryFilter: (filter: string) => void;
}

export type CorpusLoad =
  | { state: 'loading' }
  | { state: 'ready'; added: number; problems: CorpusProblem[] }
  | { state: 'failed'; message: string };

export interface CorpusSlice {
  corpus: CorpusLoad;
  setCorpus: (corpus: CorpusLoad) => void;
}

export type AppState = ReaderSlice & LibrarySlice & CorpusSlice;

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
});

const createLibrarySlice: StateCreator<AppState, [], [], LibrarySlice> = (set) => ({
  libraryFilter: '',
  setLibraryFilter: (libraryFilter) => set({ libraryFilter }),
});

const createCorpusSlice: StateCreator<AppState, [], [], CorpusSlice> = (set) => ({
  corpus: { state: 'loading' },
  setCorpus: (corpus) => set({ corpus }),
});

export const useAppStore = create<AppState>()((...args) => ({
  ...createReaderSlice(...args),
  ...createLibrarySlice(...args),
  ...createCorpusSlice(...args),
}));

/** Tests reset the store between cases. */
export const initialAppState = useAppStore.getState();
export function resetAppStore(): void {
  useAppStore.setState(initialAppState, true);
}
