// Undo and redo of annotation actions. Each entry stores whole records before and after, so undo
// and redo are each one transaction that puts records back (a create is undone into a tombstone).
import { create } from 'zustand';
import type { Annotation } from '@shared/model';
import type { MarginDatabase } from '../db/database';
import { restoreAnnotations } from '../db/annotations';

export interface HistoryEntry {
  /** Said to the reviewer: "Undo highlight", "Redo delete". */
  label: string;
  before: Annotation[];
  after: Annotation[];
}

const LIMIT = 200;

interface HistoryState {
  undoStack: HistoryEntry[];
  redoStack: HistoryEntry[];
  /** What the last undo/redo did, for the live region. */
  lastMessage: string;
  record: (entry: HistoryEntry) => void;
  undo: (db: MarginDatabase) => Promise<void>;
  redo: (db: MarginDatabase) => Promise<void>;
  clear: () => void;
}

/** A created record's "before" is the same record as a tombstone, so undoing a create deletes it. */
export function tombstoneOf(record: Annotation, now: string): Annotation {
  return { ...record, deletedAt: now, modifiedAt: now };
}

export const useHistory = create<HistoryState>()((set, get) => ({
  undoStack: [],
  redoStack: [],
  lastMessage: '',
  record: (entry) => set((s) => ({ undoStack: [...s.undoStack.slice(-(LIMIT - 1)), entry], redoStack: [] })),
  undo: async (db) => {
    const entry = get().undoStack.at(-1);
    if (!entry) return;
    await restoreAnnotations(db, entry.before);
    set((s) => ({ undoStack: s.undoStack.slice(0, -1), redoStack: [...s.redoStack, entry], lastMessage: `Undone: ${entry.label}` }));
  },
  redo: async (db) => {
    const entry = get().redoStack.at(-1);
    if (!entry) return;
    await restoreAnnotations(db, entry.after);
    set((s) => ({ redoStack: s.redoStack.slice(0, -1), undoStack: [...s.undoStack, entry], lastMessage: `Redone: ${entry.label}` }));
  },
  clear: () => set({ undoStack: [], redoStack: [], lastMessage: '' }),
}));
