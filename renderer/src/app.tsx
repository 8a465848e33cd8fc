// The desk: the library on the left, one or two reader panes side by side with draggable
// dividers, and the annotation and extraction panel for the active pane on the right. This is the
// one place where features are composed: they never import each other, so what one shows inside
// another (highlights over the text, the drop target around the library) is handed in here.
import { useEffect, useMemo } from 'react';
import type { ReactNode } from 'react';
import { ErrorBoundary } from './components/error-boundary';
import { AfterFirstScreen, afterFirstScreen, useFirstScreenDeadline } from './components/first-screen';
import { Deferred, lazyPart, PartLoading } from './components/lazy-part';
import { NoticeArea } from './components/notices';
import { regionProps, SkipLinks, useRegionCycle } from './components/regions';
import { SplitRow } from './components/split-row';
import type { SplitPanel } from './components/split-row';
import { TabbedPanel } from './components/tabbed-panel';
import { OpenDocuments } from './document/open-documents';
import { useWorkspace } from './document/use-workspace';
import { LibraryPanel } from './features/library/library-panel';
import { useCorpusLoader } from './features/library/use-corpus-loader';
import { useAppStore } from './store/app-store';
import type { ReaderLayerProps } from './document/reader-layer';
import type { Command } from './features/export/command-menu';

// Everything below is fetched after the first screen: the library's rows need none of it. Imports
// stay relative (no bare specifiers), so the chunks resolve under Electron's app:// as on the web.
const ReviewerBadge = lazyPart(() => import('./features/identity/reviewer-dialog').then((m) => m.ReviewerBadge));
const FirstStartReviewer = lazyPart(() => import('./features/identity/reviewer-dialog').then((m) => m.FirstStartReviewer));
const AnnotationLayer = lazyPart(() => import('./features/annotate/annotation-layer').then((m) => m.AnnotationLayer));
const AnnotationPanel = lazyPart(() => import('./features/annotate/annotation-panel').then((m) => m.AnnotationPanel));
const AnnotateShortcuts = lazyPart(() =>
  import('./features/annotate/use-annotate-shortcuts').then(({ useAnnotateShortcuts }) => {
    return function AnnotateShortcuts() {
      useAnnotateShortcuts();
      return null;
    };
  }),
);
const ReaderPane = lazyPart(() => import('./features/reader/reader-pane').then((m) => m.ReaderPane));
const FieldPicker = lazyPart(() => import('./features/fields/field-picker').then((m) => m.FieldPicker));
const FormPanel = lazyPart(() => import('./features/fields/form-panel').then((m) => m.FormPanel));
const ImportDropTarget = lazyPart(() => import('./features/import/drop-target').then((m) => m.ImportDropTarget));
const ImportAction = lazyPart(() => import('./features/import/import-dialog').then((m) => m.ImportAction));
const EvidenceTable = lazyPart(() => import('./features/table/evidence-table').then((m) => m.EvidenceTable));
const ExportActions = lazyPart(() => import('./features/export/export-actions').then((m) => m.ExportActions));
const ScheduledSnapshots = lazyPart(() =>
  import('./features/export/snapshots-dialog').then(({ useScheduledSnapshots }) => {
    return function ScheduledSnapshots() {
      useScheduledSnapshots();
      return null;
    };
  }),
);
const HistoryPanel = lazyPart(() => import('./features/history/history-panel').then((m) => m.HistoryPanel));
const SyncAction = lazyPart(() => import('./features/sync/sync-panel').then((m) => m.SyncAction));
const FindBar = lazyPart(() => import('./features/search/find-bar').then((m) => m.FindBar));
const SearchAction = lazyPart(() => import('./features/search/search-dialog').then((m) => m.SearchAction));
const ReviewPanel = lazyPart(() => import('./features/review/review-panel').then((m) => m.ReviewPanel));
const ReviewSwitcher = lazyPart(() => import('./features/review/review-switcher').then((m) => m.ReviewSwitcher));
const SuggestionLayer = lazyPart(() => import('./features/assistant/suggestion-layer').then((m) => m.SuggestionLayer));
const ComparedQuotesLayer = lazyPart(() => import('./features/review/compared-quotes-layer').then((m) => m.ComparedQuotesLayer));
/** The command menu with the desk's commands (which read the open documents) and other features'. */
const Commands = lazyPart(() =>
  Promise.all([import('./features/export/command-menu'), import('./features/export/desk-commands'), import('./features/export/data-store')]).then(([{ CommandMenu }, { useDeskCommands }, { useDataStore }]) => {
    return function Commands() {
      const desk = useDeskCommands();
      const commands = useMemo(() => [...desk, ...FEATURE_COMMANDS], [desk]);
      useEffect(() => {
        // From here the menu's own shortcut listens; a Ctrl+K pressed while its code was on the way opens it now.
        earlyCommandMenuKey.menuHere = true;
        if (earlyCommandMenuKey.asked) {
          earlyCommandMenuKey.asked = false;
          useDataStore.getState().setPaletteOpen(true);
        }
      }, []);
      return <CommandMenu extraCommands={commands} />;
    };
  }),
);

/**
 * Ctrl+K (⌘K) pressed before the command menu's code has arrived: the menu loads on demand, and a
 * reviewer who presses the shortcut as the library appears must not lose it (nor get the browser's own
 * Ctrl+K). Kept here until the menu mounts, which then opens itself.
 */
const earlyCommandMenuKey = { asked: false, menuHere: false };

function useEarlyCommandMenuKey(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (earlyCommandMenuKey.menuHere) return;
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'k') return;
      event.preventDefault();
      earlyCommandMenuKey.asked = true;
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** Other features' commands offered in the command menu, after the desk's. */
const FEATURE_COMMANDS: readonly Command[] = [
  {
    id: 'import',
    label: 'Import documents…',
    group: 'Data',
    keywords: 'start add files pdf paste text html nbib medline pubmed xml',
    run: () => void import('./features/import/import-queue').then((m) => m.useImportStore.getState().openDialog()),
  },
];

/**
 * A part fetched only once the library's rows are painted (see components/first-screen): before that,
 * its fetch, compile and first render would share the six connections and the one main thread with
 * the rows. Until then, and while it loads, `fallback` stands in its place.
 */
function Later({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  return (
    <AfterFirstScreen fallback={fallback}>
      <Deferred fallback={fallback}>{children}</Deferred>
    </AfterFirstScreen>
  );
}

/** What is drawn over a pane's text: the annotations' highlights and tools, find in document, the assistant's suggestions, and an adjudicator's compared quotes. */
function ReaderLayer(props: ReaderLayerProps) {
  return (
    <Later>
      <AnnotationLayer {...props} />
      <FindBar {...props} />
      <SuggestionLayer {...props} />
      <ComparedQuotesLayer {...props} />
    </Later>
  );
}

/** The library's list with its drop target; until the target loads, the rows are framed the same way. */
function LibraryListFrame({ children }: { children: ReactNode }) {
  return (
    <Later fallback={<div className="import-drop-target">{children}</div>}>
      <ImportDropTarget>{children}</ImportDropTarget>
    </Later>
  );
}

const SIDE_TABS = [
  { id: 'annotations', label: 'Annotations', panel: <Later fallback={<PartLoading what="the annotations" />}><AnnotationPanel /></Later> },
  { id: 'extraction', label: 'Extraction', panel: <Later fallback={<PartLoading what="the extraction form" />}><FormPanel /></Later> },
  { id: 'history', label: 'History', panel: <Later fallback={<PartLoading what="the history" />}><HistoryPanel /></Later> },
  { id: 'review', label: 'Review', panel: <Later fallback={<PartLoading what="the review" />}><ReviewPanel /></Later> },
] as const;

const DESK_SKIPS = [
  { region: 'left-pane', label: 'Skip to the article' },
  { region: 'library', label: 'Skip to the library' },
  { region: 'side-panel', label: 'Skip to the side panel' },
] as const;
const TABLE_SKIPS = [
  { region: 'table', label: 'Skip to the evidence table' },
  { region: 'library', label: 'Skip to the library' },
] as const;

/** The panel beside the reader, for the active pane's document: its annotations, its extraction form, or its history. */
function SidePanel() {
  const tab = useAppStore((s) => s.sideTab);
  const setTab = useAppStore((s) => s.setSideTab);
  return (
    <div className="side-region" {...regionProps('side-panel', ['[role=tab][aria-selected=true]'])}>
      <TabbedPanel label="Side panel" idPrefix="side" tabs={SIDE_TABS} selected={tab} onSelect={setTab} />
    </div>
  );
}

/**
 * The parts a reviewer reaches first after the library (the reader and what is drawn over its
 * text, the keyboard commands, the side panel) are fetched as soon as the rows are up: a selection
 * or a key pressed right after opening a document must find them there.
 */
function usePreloadedParts(): void {
  useEffect(() => {
    let cancelled = false;
    void afterFirstScreen().then(() => {
      if (cancelled) return;
      for (const part of [ReaderPane, AnnotationLayer, FindBar, SuggestionLayer, ComparedQuotesLayer, AnnotateShortcuts, FieldPicker, Commands, AnnotationPanel, ImportAction, SearchAction, ExportActions, ReviewerBadge, FirstStartReviewer]) part.preload();
    });
    return () => {
      cancelled = true;
    };
  }, []);
}

/** The desk's row: the library, then the evidence table, or one or two reader panes and the side panel. */
function deskPanels(view: 'desk' | 'table', secondPaneOpen: boolean): SplitPanel[] {
  const library: SplitPanel = {
    id: 'library',
    defaultSize: 21,
    minSize: 14,
    maxSize: 40,
    className: 'desk-panel',
    children: (
      <ErrorBoundary view="The library">
        <LibraryPanel ListFrame={LibraryListFrame} />
      </ErrorBoundary>
    ),
  };
  if (view === 'table') {
    return [
      library,
      {
        id: 'table',
        minSize: 40,
        className: 'desk-panel',
        dividerLabel: 'Resize the library',
        children: (
          <ErrorBoundary view="The evidence table">
            <EvidenceTable />
          </ErrorBoundary>
        ),
      },
    ];
  }
  const pane = (index: 0 | 1): SplitPanel => ({
    id: `pane-${index}`,
    minSize: 22,
    className: 'desk-panel',
    dividerLabel: index === 0 ? 'Resize the library' : 'Resize the reader panes',
    children: (
      <ErrorBoundary view={index === 0 ? 'The left reader pane' : 'The right reader pane'}>
        <Later fallback={<PartLoading what="the reader" />}>
          <ReaderPane pane={index} Layer={ReaderLayer} />
        </Later>
      </ErrorBoundary>
    ),
  });
  const side: SplitPanel = {
    id: 'side',
    defaultSize: 24,
    minSize: 16,
    maxSize: 45,
    className: 'desk-panel',
    dividerLabel: 'Resize the side panel',
    children: (
      <ErrorBoundary view="The side panel">
        <SidePanel />
      </ErrorBoundary>
    ),
  };
  return secondPaneOpen ? [library, pane(0), pane(1), side] : [library, pane(0), side];
}

export function App() {
  useFirstScreenDeadline();
  useCorpusLoader();
  usePreloadedParts();
  useEarlyCommandMenuKey();
  useRegionCycle();
  useWorkspace();
  const secondPaneOpen = useAppStore((s) => s.secondPaneOpen);
  const setSecondPaneOpen = useAppStore((s) => s.setSecondPaneOpen);
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  return (
    <OpenDocuments>
      <div className="app">
        <SkipLinks links={view === 'table' ? TABLE_SKIPS : DESK_SKIPS} />
        <header className="app-bar">
          <h1 className="app-name">Margin</h1>
          <span className="app-tagline">Review desk</span>
          <nav className="view-switch" aria-label="Views">
            <button type="button" className="toolbar-button" aria-pressed={view === 'desk'} onClick={() => setView('desk')}>
              Reading desk
            </button>
            <button type="button" className="toolbar-button" aria-pressed={view === 'table'} onClick={() => setView('table')}>
              Evidence table
            </button>
          </nav>
          <div className="app-bar-actions">
            <Later fallback={<PartLoading what="the tools" className="app-bar-loading" />}>
              <ReviewerBadge />
              <ReviewSwitcher />
              <SyncAction />
              <SearchAction />
              <ImportAction />
              <ExportActions />
            </Later>
            <button type="button" className="toolbar-button" aria-pressed={secondPaneOpen} onClick={() => setSecondPaneOpen(!secondPaneOpen)}>
              Side by side
            </button>
          </div>
        </header>
        <main className="desk">
          <SplitRow className="desk-group" panels={deskPanels(view, secondPaneOpen)} />
        </main>
        <Later>
          <AnnotateShortcuts />
          <ScheduledSnapshots />
          <FieldPicker />
          <Commands />
        </Later>
        <Later>
          <FirstStartReviewer />
        </Later>
        <NoticeArea />
      </div>
    </OpenDocuments>
  );
}
