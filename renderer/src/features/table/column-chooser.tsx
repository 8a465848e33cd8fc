// The "Columns" menu of the evidence table: a checkbox per column, and one per schema section that
// shows or hides all its fields at once. The choice is saved as a setting.
import type { MenuEntry } from '../../components/menu-button';
import { MenuButton } from '../../components/menu-button';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { saveHiddenColumns } from '../../db/settings';
import type { TableColumn } from './evidence-rows';

/** The menu's entries: the document columns, then each section with its fields indented under it. */
export function columnMenuEntries(columns: TableColumn[], hidden: ReadonlySet<string>, change: (hidden: Set<string>) => void): MenuEntry[] {
  const hideable = columns.filter((c) => c.kind !== 'title');
  const toggle = (keys: string[], show: boolean) => {
    const next = new Set(hidden);
    for (const key of keys) {
      if (show) next.delete(key);
      else next.add(key);
    }
    change(next);
  };
  const entries: MenuEntry[] = [
    { kind: 'item', id: 'show-all', label: 'Show all columns', disabled: hidden.size === 0, onSelect: () => change(new Set()) },
    { kind: 'separator', id: 'sep-top' },
  ];
  const groups: { key: string; label: string; columns: TableColumn[] }[] = [];
  for (const column of hideable) {
    const group = groups.find((g) => g.key === column.group.key);
    if (group) group.columns.push(column);
    else groups.push({ key: column.group.key, label: column.group.label, columns: [column] });
  }
  for (const group of groups) {
    const keys = group.columns.map((c) => c.key);
    const shown = keys.filter((k) => !hidden.has(k)).length;
    entries.push({
      kind: 'checkbox',
      id: `group:${group.key}`,
      label: `${group.label} (all)`,
      checked: shown === keys.length ? true : shown === 0 ? false : 'mixed',
      onToggle: () => toggle(keys, shown < keys.length),
    });
    for (const column of group.columns) {
      const visible = !hidden.has(column.key);
      entries.push({ kind: 'checkbox', id: column.key, label: column.label, checked: visible, indent: true, onToggle: () => toggle([column.key], !visible) });
    }
  }
  return entries;
}

export function ColumnChooser({ columns, hidden }: { columns: TableColumn[]; hidden: ReadonlySet<string> }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const change = (next: Set<string>) => {
    saveHiddenColumns(db, next).catch((error: unknown) => notify({ kind: 'error', message: `The column choice was not saved. ${describeStorageError(error)}` }));
  };
  const total = columns.length;
  const shown = columns.filter((c) => c.kind === 'title' || !hidden.has(c.key)).length;
  return (
    <MenuButton menuLabel="Columns to show" entries={columnMenuEntries(columns, hidden, change)} buttonLabel={`Columns: ${shown} of ${total} shown`} tall>
      Columns <span className="count">{shown} of {total}</span>
    </MenuButton>
  );
}
