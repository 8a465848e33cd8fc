// The panel beside the reader, for the active pane's document: its annotations, its extraction form,
// or its history.
import type { KeyboardEvent } from 'react';
import { useAppStore } from '../store/app-store';
import { AnnotationPanel } from './annotate/annotation-panel';
import { FormPanel } from './fields/form-panel';
import { HistoryPanel } from './history/history-panel';

const TABS = [
  { id: 'annotations', label: 'Annotations' },
  { id: 'extraction', label: 'Extraction' },
  { id: 'history', label: 'History' },
] as const;

export function SidePanel() {
  const tab = useAppStore((s) => s.sideTab);
  const setTab = useAppStore((s) => s.setSideTab);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const at = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(at + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!.id;
    setTab(next);
    document.getElementById(`side-tab-${next}`)?.focus();
  };
  return (
    <div className="side">
      <div className="tabs" role="tablist" aria-label="Side panel" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`side-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`side-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className="tab"
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id={`side-panel-${tab}`} role="tabpanel" aria-labelledby={`side-tab-${tab}`} className="tab-panel">
        {tab === 'annotations' ? <AnnotationPanel /> : tab === 'extraction' ? <FormPanel /> : <HistoryPanel />}
      </div>
    </div>
  );
}
