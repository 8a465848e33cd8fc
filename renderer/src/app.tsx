// The desk: the library on the left, one or two reader panes side by side with draggable
// dividers, and the annotation and extraction panel for the active pane on the right. This is the
// one place where features are composed: they never import each other, so what one shows inside
// another (highlights over the text, the drop target around the library) is handed in here.
import { useMemo } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import { ErrorBoundary } from './components/error-boundary';
import { NoticeArea } from './components/notices';
import { regionProps, SkipLinks, useRegionCycle } from './components/regions';
import { TabbedPanel } from './components/tabbed-panel';
import { OpenDocuments } from './document/open-documents';
import { useWorkspace } from './document/use-workspace';
import { AnnotationLayer } from './features/annotate/annotation-layer';
import { AnnotationPanel } from './features/annotate/annotation-panel';
import { useAnnotateShortcuts } from './features/annotate/use-annotate-shortcuts';
import { LibraryPanel } from './features/library/library-panel';
import { useCorpusLoader } from './features/library/use-corpus-loader';
import { ReaderPane } from './features/reader/reader-pane';
import { useAppStore } from './store/app-store';
import { FieldPicker } from './features/fields/field-picker';
import { FormPanel } from './features/fields/form-panel';
import { ImportDropTarget } from './features/import/drop-target';
import { ImportAction } from './features/import/import-dialog';
import { useImportStore } from './features/import/import-queue';
import { EvidenceTable } from './features/table/evidence-table';
import { ExportActions } from './features/export/export-actions';
import { CommandMenu } from './features/export/command-menu';
import { HistoryPanel } from './features/history/history-panel';
import { useScheduledSnapshots } from './features/export/snapshots-dialog';
import { FirstStartReviewer, ReviewerBadge } from './features/identity/reviewer-dialog';
import { SyncAction } from './features/sync/sync-panel';
import { FindBar } from './features/search/find-bar';
import { SearchAction } from './features/search/search-dialog';
import type { ReaderLayerProps } from './document/reader-layer';
import { ReviewPanel } from './features/review/review-panel';
import { ReviewSwitcher } from './features/review/review-switcher';
import { SuggestionLayer } from './features/assistant/suggestion-layer';
import { ComparedQuotesLayer } from './features/review/compared-quotes-layer';
import type { Command } from './features/export/command-menu';
import { useDeskCommands } from './features/export/desk-commands';

/** Other features' commands offered in the command menu, after the desk's. */
const FEATURE_COMMANDS: readonly Command[] = [
  {
    id: 'import',
    label: 'Import documents…',
    group: 'Data',
    keywords: 'start add files pdf paste text html nbib medline pubmed xml',
    run: () => useImportStore.getState().openDialog(),
  },
];

/** What is drawn over a pane's text: the annotations' highlights and tools, find in document, the assistant's suggestions, and an adjudicator's compared quotes. */
function ReaderLayer(props: ReaderLayerProps) {
  return (
    <>
      <AnnotationLayer {...props} />
      <FindBar {...props} />
      <SuggestionLayer {...props} />
      <ComparedQuotesLayer {...props} />
    </>
  );
}

const SIDE_TABS = [
  { id: 'annotations', label: 'Annotations', panel: <AnnotationPanel /> },
  { id: 'extraction', label: 'Extraction', panel: <FormPanel /> },
  { id: 'history', label: 'History', panel: <HistoryPanel /> },
  { id: 'review', label: 'Review', panel: <ReviewPanel /> },
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

/** The command menu with the desk's commands (which read the open documents) and other features'. */
function Commands() {
  const desk = useDeskCommands();
  const commands = useMemo(() => [...desk, ...FEATURE_COMMANDS], [desk]);
  return <CommandMenu extraCommands={commands} />;
}

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

export function App() {
  useCorpusLoader();
  useAnnotateShortcuts();
  useScheduledSnapshots();
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
            <ReviewerBadge />
            <ReviewSwitcher />
            <SyncAction />
            <SearchAction />
            <ImportAction />
            <ExportActions />
            <button type="button" className="toolbar-button" aria-pressed={secondPaneOpen} onClick={() => setSecondPaneOpen(!secondPaneOpen)}>
              Side by side
            </button>
          </div>
        </header>
        <main className="desk">
          <Group orientation="horizontal" className="desk-group">
            <Panel id="library" defaultSize="21%" minSize="14%" maxSize="40%" className="desk-panel">
              <ErrorBoundary view="The library">
                <LibraryPanel ListFrame={ImportDropTarget} />
              </ErrorBoundary>
            </Panel>
            <Separator className="divider" aria-label="Resize the library" />
            {view === 'table' ? (
              <Panel id="table" minSize="40%" className="desk-panel">
                <ErrorBoundary view="The evidence table">
                  <EvidenceTable />
                </ErrorBoundary>
              </Panel>
            ) : (
              <>
                <Panel id="pane-0" minSize="22%" className="desk-panel">
                  <ErrorBoundary view="The left reader pane">
                    <ReaderPane pane={0} Layer={ReaderLayer} />
                  </ErrorBoundary>
                </Panel>
                {secondPaneOpen && (
                  <>
                    <Separator className="divider" aria-label="Resize the reader panes" />
                    <Panel id="pane-1" minSize="22%" className="desk-panel">
                      <ErrorBoundary view="The right reader pane">
                        <ReaderPane pane={1} Layer={ReaderLayer} />
                      </ErrorBoundary>
                    </Panel>
                  </>
                )}
                <Separator className="divider" aria-label="Resize the side panel" />
                <Panel id="side" defaultSize="24%" minSize="16%" maxSize="45%" className="desk-panel">
                  <ErrorBoundary view="The side panel">
                    <SidePanel />
                  </ErrorBoundary>
                </Panel>
              </>
            )}
          </Group>
        </main>
        <FieldPicker />
        <Commands />
        <FirstStartReviewer />
        <NoticeArea />
      </div>
    </OpenDocuments>
  );
}
