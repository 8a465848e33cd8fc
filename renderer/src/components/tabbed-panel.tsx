// A tab list over one visible panel (the side panel's Annotations and Extraction). Generic: which tab
// is shown is the caller's state, and the panels are whatever the caller composes into it.
import type { KeyboardEvent, ReactNode } from 'react';

export interface Tab<Id extends string> {
  id: Id;
  label: string;
  panel: ReactNode;
}

interface Props<Id extends string> {
  /** The accessible name of the tab list. */
  label: string;
  /** Prefixes the tabs' and panel's element ids, so two tabbed panels never share an id. */
  idPrefix: string;
  tabs: readonly Tab<Id>[];
  selected: Id;
  onSelect: (id: Id) => void;
}

export function TabbedPanel<Id extends string>({ label, idPrefix, tabs, selected, onSelect }: Props<Id>) {
  const current = tabs.find((t) => t.id === selected) ?? tabs[0];
  // Arrow keys move between tabs and wrap around (the ARIA tabs pattern, automatic activation).
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const at = tabs.findIndex((t) => t.id === current?.id);
    const next = tabs[(at + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    if (!next) return;
    onSelect(next.id);
    document.getElementById(`${idPrefix}-tab-${next.id}`)?.focus();
  };
  return (
    <div className="side">
      <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`${idPrefix}-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={t.id === current?.id}
            aria-controls={`${idPrefix}-panel-${t.id}`}
            tabIndex={t.id === current?.id ? 0 : -1}
            className="tab"
            onClick={() => onSelect(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {current && (
        <div id={`${idPrefix}-panel-${current.id}`} role="tabpanel" aria-labelledby={`${idPrefix}-tab-${current.id}`} className="tab-panel">
          {current.panel}
        </div>
      )}
    </div>
  );
}
