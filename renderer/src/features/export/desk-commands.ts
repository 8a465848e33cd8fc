// The command menu's commands for moving about the desk from the keyboard: open a document, switch
// pane, step through annotations, the next empty required field, find, the next document of the
// review, and a note on the whole document. Built from plain state so a test can check each without rendering the desk.
import { useMemo } from 'react';
import type { AnnotationId, DocumentId, DocumentMeta } from '@shared/model';
import { focusRegionNamed } from '../../components/regions';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { nextDocumentToReview } from '../../db/overview';
import { useOpenDocument } from '../../document/open-documents';
import type { AnchoredAnnotation } from '../../document/anchored-set';
import { useAppStore } from '../../store/app-store';
import type { PaneIndex } from '../../store/app-store';
import type { Command } from './command-menu';

export interface DeskState {
  view: 'desk' | 'table';
  activePane: PaneIndex;
  secondPaneOpen: boolean;
  /** The document in the active pane. */
  documentId: DocumentId | null;
  /** The active document's anchored annotations, sorted by start; null while they load. */
  anchored: readonly AnchoredAnnotation[] | null;
  selectedAnnotation: AnnotationId | null;
}

export interface DeskActions {
  openLibraryFilter: () => void;
  switchPane: (pane: PaneIndex) => void;
  showAnnotation: (id: AnnotationId) => void;
  nextEmptyField: () => void;
  find: () => void;
  nextDocument: () => void;
  addDocumentNote: () => void;
}

/** The annotation after (or before) the selected one in reading order, wrapping round; the first (or last) with none selected. */
export function steppedAnnotation(anchored: readonly AnchoredAnnotation[], selected: AnnotationId | null, step: 1 | -1): AnnotationId | null {
  if (anchored.length === 0) return null;
  const at = selected === null ? -1 : anchored.findIndex((item) => item.annotation.id === selected);
  if (at < 0) return (step === 1 ? anchored[0]! : anchored[anchored.length - 1]!).annotation.id;
  return anchored[(at + step + anchored.length) % anchored.length]!.annotation.id;
}

export function buildDeskCommands(state: DeskState, actions: DeskActions): Command[] {
  const commands: Command[] = [
    { id: 'open-document', label: 'Open a document…', group: 'Go', keywords: 'library title filter choose article', run: actions.openLibraryFilter },
    { id: 'next-document', label: 'Next document to review', group: 'Go', keywords: 'review queue not done following skip', run: actions.nextDocument },
  ];
  if (state.view !== 'desk') return commands;
  const other: PaneIndex = state.activePane === 0 ? 1 : 0;
  commands.push({
    id: 'switch-pane',
    label: state.secondPaneOpen ? `Switch to the ${other === 0 ? 'left' : 'right'} pane` : 'Open the right pane and switch to it',
    group: 'Go',
    keywords: 'switch pane left right other side by side reader',
    run: () => actions.switchPane(state.secondPaneOpen ? other : 1),
  });
  if (state.documentId === null) return commands;
  commands.push({ id: 'find', label: 'Find in this document…', group: 'Go', keywords: 'ctrl+f text match occurrences', run: actions.find });
  if (state.anchored && state.anchored.length > 0) {
    const anchored = state.anchored;
    for (const [id, label, step] of [
      ['next-annotation', 'Next annotation', 1],
      ['previous-annotation', 'Previous annotation', -1],
    ] as const) {
      commands.push({
        id,
        label,
        group: 'Go',
        keywords: 'highlight note value jump step',
        run: () => {
          const target = steppedAnnotation(anchored, state.selectedAnnotation, step);
          if (target) actions.showAnnotation(target);
        },
      });
    }
  }
  commands.push({ id: 'next-empty-field', label: 'Next empty required field', group: 'Go', keywords: 'extraction form missing value required blank', run: actions.nextEmptyField });
  commands.push({ id: 'add-document-note', label: 'Add a document note', group: 'Document', keywords: 'note comment whole document exclude exclusion reason screening shift+n', run: actions.addDocumentNote });
  return commands;
}

/** The words of a document a reviewer might type to open it: title, authors, journal, year. */
function documentWords(meta: DocumentMeta): string {
  return `${meta.title} ${meta.authors.join(' ')} ${meta.journal ?? ''} ${meta.publishedDate?.slice(0, 4) ?? ''}`.toLowerCase();
}

/** Documents whose words hold every typed word, as "Open …" commands; none until two letters are typed. */
export function documentCommands(documents: readonly DocumentMeta[], query: string, open: (id: DocumentId) => void, limit = 8): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.join('').length < 2) return [];
  const found: Command[] = [];
  for (const meta of documents) {
    if (found.length >= limit) break;
    const haystack = documentWords(meta);
    if (!words.every((w) => haystack.includes(w))) continue;
    found.push({ id: `open-${meta.id}`, label: `Open “${meta.title}”`, group: 'Document', keywords: '', run: () => open(meta.id) });
  }
  return found;
}

/** The desk commands for the present state, wired to the store, the database and the regions. */
export function useDeskCommands(): Command[] {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const view = useAppStore((s) => s.view);
  const activePane = useAppStore((s) => s.activePane);
  const secondPaneOpen = useAppStore((s) => s.secondPaneOpen);
  const documentId = useAppStore((s) => s.panes[s.activePane]);
  const selected = useAppStore((s) => (s.selectedAnnotation?.pane === s.activePane ? s.selectedAnnotation.id : null));
  const open = useOpenDocument(documentId);
  const anchored = open?.anchoredSet?.anchored ?? null;
  return useMemo(() => {
    const store = useAppStore.getState;
    const actions: DeskActions = {
      openLibraryFilter: () => store().requestLibraryFilter(),
      switchPane: (pane) => {
        if (pane === 1 && !store().secondPaneOpen) store().setSecondPaneOpen(true);
        store().setActivePane(pane);
        // After the pane has rendered (the right pane may just have opened).
        requestAnimationFrame(() => focusRegionNamed(pane === 0 ? 'left-pane' : 'right-pane'));
      },
      showAnnotation: (id) => {
        store().setSideTab('annotations');
        store().flashAnnotation(store().activePane, id);
      },
      nextEmptyField: () => store().requestEmptyField(),
      addDocumentNote: () => {
        const id = store().panes[store().activePane];
        if (id) store().requestDocumentNote(id);
      },
      find: () => store().requestFind(store().activePane),
      nextDocument: () =>
        void nextDocumentToReview(db, store().panes[store().activePane]).then((next) => {
          if (!next) {
            notify({ kind: 'info', message: 'Every document in the library is Done.' });
            return;
          }
          store().openDocument(next.id);
          store().setView('desk');
          requestAnimationFrame(() => focusRegionNamed(store().activePane === 0 ? 'left-pane' : 'right-pane'));
        }),
    };
    return buildDeskCommands({ view, activePane, secondPaneOpen, documentId, anchored, selectedAnnotation: selected }, actions);
  }, [anchored, activePane, db, documentId, notify, secondPaneOpen, selected, view]);
}
