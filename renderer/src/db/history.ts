// Undo and redo over the change funnel, one history per document and one for the library (settings,
// schemas, imports). A step holds the records each change left before and after; undoing it is a
// new funnel action that puts the "before" records back, so an undo is in the audit log too. A
// record changed since the step (in another pane, tab or window) is never overwritten: the undo is
// refused with a sentence that says so.
import { create } from 'zustand';
import type { DocumentId } from '@shared/model';
import type { MarginDatabase } from './database';
import { isTombstoned, runChange, sameRecord } from './funnel';
import type { ChangeWriter, RecordChange } from './funnel';

export interface HistoryStep {
  /** Said to the reviewer: "Undo highlight", "Redo review status". */
  label: string;
  documentId: DocumentId | null;
  changes: RecordChange[];
}

/** The library's own history, for actions not about one document. */
export const LIBRARY_SCOPE = 'library';
export type HistoryScope = DocumentId | typeof LIBRARY_SCOPE;

export function scopeOf(documentId: DocumentId | null): HistoryScope {
  return documentId ?? LIBRARY_SCOPE;
}

interface Stacks {
  undo: HistoryStep[];
  redo: HistoryStep[];
}

const LIMIT = 200;
const EMPTY: Stacks = { undo: [], redo: [] };

interface HistoryState {
  stacks: Map<HistoryScope, Stacks>;
  /** What the last undo or redo did, or why it could not, for the live region. */
  lastMessage: string;
  clear: () => void;
}

export const useHistory = create<HistoryState>()((set) => ({
  stacks: new Map(),
  lastMessage: '',
  clear: () => set({ stacks: new Map(), lastMessage: '' }),
}));

/** Said where undo is offered once a restore has committed (see `forgetHistoryAfterRestore`). */
export const RESTORE_ENDS_UNDO = 'A restore cannot be undone, and the undo steps from before it no longer apply to the restored records: undo starts again from here.';

/**
 * After a restore: every step on every stack points at records the restore may have replaced, and
 * the restore itself is one action of up to millions of records, not undoable record by record.
 */
export function forgetHistoryAfterRestore(): void {
  useHistory.setState({ stacks: new Map(), lastMessage: RESTORE_ENDS_UNDO });
}

export function stacksOf(scope: HistoryScope): Stacks {
  return useHistory.getState().stacks.get(scope) ?? EMPTY;
}

function setStacks(scope: HistoryScope, stacks: Stacks, lastMessage?: string): void {
  useHistory.setState((s) => {
    const next = new Map(s.stacks);
    next.set(scope, stacks);
    return lastMessage === undefined ? { stacks: next } : { stacks: next, lastMessage };
  });
}

/** Library actions made while a group is open (an import of many files) become one step. */
let openGroup: HistoryStep | null = null;

/**
 * Gathers the library actions `run` makes into one undo step labelled `label` ("import 12 files").
 * Each action still has its own transaction; undoing the step undoes them all, newest first.
 */
export async function asOneStep<R>(label: string, run: () => Promise<R>): Promise<R> {
  if (openGroup) return run();
  const group: HistoryStep = { label, documentId: null, changes: [] };
  openGroup = group;
  try {
    return await run();
  } finally {
    openGroup = null;
    if (group.changes.length > 0) recordStep(group);
  }
}

/**
 * What the history keeps of a text an action added: its id and length, not its characters. A text
 * is stored only under the SHA-256 of its characters (the funnel's imports add it so; a restore
 * checks every text against its id, and ends undo anyway), so the id alone says which text it is;
 * undoing the addition only needs to know it is still that text before removing it. An import of
 * 5,000 files of 50 KB otherwise held 250 MB of text on the undo stack, which the garbage
 * collector copied and kept sweeping through while the import ran. The step the undo puts on the
 * redo stack holds the whole text again (read as it removes it), so a redo can put it back.
 */
interface AddedText {
  addedText: { id: string; length: number };
}

function compact(change: RecordChange): RecordChange {
  if (change.table !== 'texts' || change.before !== null || change.after === null || typeof change.after !== 'object') return change;
  const text = change.after as { id?: unknown; text?: unknown };
  if (typeof text.id !== 'string' || typeof text.text !== 'string') return change;
  const after: AddedText = { addedText: { id: text.id, length: text.text.length } };
  return { ...change, after };
}

function addedTextOf(record: unknown): AddedText['addedText'] | null {
  return record !== null && typeof record === 'object' && Object.hasOwn(record, 'addedText') ? (record as AddedText).addedText : null;
}

/** Whether the stored record is still what the step left (an added text: the same id and length). */
function stillIs(current: unknown, expected: unknown): boolean {
  const added = addedTextOf(expected);
  if (added === null) return sameRecord(current ?? null, expected);
  const text = current as { id?: unknown; text?: unknown } | null | undefined;
  return typeof text?.text === 'string' && text.id === added.id && text.text.length === added.length;
}

/** Called by the funnel after an undoable action committed: a new step clears what could be redone. */
export function recordStep(recorded: HistoryStep): void {
  const step = { ...recorded, changes: recorded.changes.map(compact) };
  if (openGroup && recorded !== openGroup && step.documentId === null) {
    openGroup.changes.push(...step.changes);
    return;
  }
  const scope = scopeOf(step.documentId);
  const current = stacksOf(scope);
  setStacks(scope, { undo: [...current.undo.slice(-(LIMIT - 1)), step], redo: [] });
}

export class HistoryConflict extends Error {}

/**
 * Puts each record back to `target` if it still is `expected`. A record of a tombstoned table that
 * should not exist is marked deleted rather than removed, so sync can tell it was taken back.
 */
async function rewind(writer: ChangeWriter, changes: readonly RecordChange[], direction: 'undo' | 'redo'): Promise<void> {
  const ordered = direction === 'undo' ? [...changes].reverse() : changes;
  for (const change of ordered) {
    const expected = direction === 'undo' ? change.after : change.before;
    const target = direction === 'undo' ? change.before : change.after;
    const current = await writer.get(change.table, change.key);
    if (!stillIs(current, expected)) {
      throw new HistoryConflict(`it was changed since (perhaps in another pane or window), and ${direction === 'undo' ? 'undoing' : 'redoing'} would overwrite the newer change. Nothing was changed.`);
    }
    if (addedTextOf(target) !== null) {
      // Only an added text is kept by its id, and it is only ever removed by undo, never put back from here.
      throw new HistoryConflict('the step does not hold that text any more. Nothing was changed.');
    } else if (target !== null) {
      await writer.put(change.table, target as object);
    } else if (isTombstoned(change.table) && current && typeof current === 'object') {
      await writer.put(change.table, { ...(current as object), deletedAt: writer.now, modifiedAt: writer.now });
    } else {
      await writer.remove(change.table, change.key);
    }
  }
}

/** The changes the rewind itself made, as the step to put on the other stack. */
function replayed(step: HistoryStep, changes: readonly RecordChange[]): HistoryStep {
  return { ...step, changes: [...changes] };
}

async function move(db: MarginDatabase, scope: HistoryScope, direction: 'undo' | 'redo'): Promise<string | null> {
  const stacks = stacksOf(scope);
  const from = direction === 'undo' ? stacks.undo : stacks.redo;
  const step = from.at(-1);
  if (!step) return null;
  const verb = direction === 'undo' ? 'Undone' : 'Redone';
  try {
    const changes = await runChange(db, { action: direction, label: `${direction} ${step.label}`, documentId: step.documentId, undo: { refused: 'history' } }, async (writer) => {
      await rewind(writer, step.changes, direction);
      return writer.changes;
    });
    const rest = from.slice(0, -1);
    // The step the other way holds the records as they now are, so a later redo checks against them.
    const back = replayed(step, direction === 'undo' ? changes.map((c) => ({ ...c, before: c.after, after: c.before })) : changes);
    const other = direction === 'undo' ? stacks.redo : stacks.undo;
    const message = `${verb}: ${step.label}`;
    setStacks(scope, direction === 'undo' ? { undo: rest, redo: [...other, back] } : { undo: [...other, back], redo: rest }, message);
    return message;
  } catch (error) {
    if (error instanceof HistoryConflict) {
      const message = `Could not ${direction} ${step.label}: ${error.message}`;
      // The step can never apply again; drop it so the next one down is reachable.
      setStacks(scope, direction === 'undo' ? { undo: from.slice(0, -1), redo: stacks.redo } : { undo: stacks.undo, redo: from.slice(0, -1) }, message);
      throw error;
    }
    throw error;
  }
}

/** Undoes the latest step of `scope`; returns what was said, or null when there was nothing. */
export function undo(db: MarginDatabase, scope: HistoryScope): Promise<string | null> {
  return move(db, scope, 'undo');
}

export function redo(db: MarginDatabase, scope: HistoryScope): Promise<string | null> {
  return move(db, scope, 'redo');
}

/** Whether the history of `scope` can undo or redo, and what: for buttons and the command menu. */
export function useHistoryScope(scope: HistoryScope | null) {
  const stacks = useHistory((s) => (scope === null ? undefined : s.stacks.get(scope)) ?? EMPTY);
  return {
    canUndo: stacks.undo.length > 0,
    canRedo: stacks.redo.length > 0,
    undoLabel: stacks.undo.at(-1)?.label ?? null,
    redoLabel: stacks.redo.at(-1)?.label ?? null,
  };
}
