// The app bar's data controls: "Export…", a "Data" menu (back up, restore, import annotations), and
// a button for the command menu that also teaches its shortcut.
import { MenuButton } from '../../components/menu-button';
import { useDataStore } from './data-store';
import { useDataCommands } from './use-data-commands';

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function ExportActions() {
  const { openExport, backUp, restore, importAnnotations, openSnapshots } = useDataCommands();
  const setPaletteOpen = useDataStore((s) => s.setPaletteOpen);
  return (
    <>
      <button type="button" className="toolbar-button" onClick={() => openExport()}>
        Export…
      </button>
      <MenuButton
        menuLabel="Data"
        entries={[
          { kind: 'item', id: 'backup', label: 'Back up all data…', onSelect: () => void backUp() },
          { kind: 'item', id: 'restore', label: 'Restore from a backup…', onSelect: () => void restore() },
          { kind: 'item', id: 'snapshots', label: 'Snapshots…', hint: 'automatic copies', onSelect: openSnapshots },
          { kind: 'separator', id: 'sep' },
          { kind: 'item', id: 'import-annotations', label: 'Import annotations…', hint: 'W3C JSON-LD', onSelect: () => void importAnnotations() },
        ]}
      >
        Data
      </MenuButton>
      <button type="button" className="toolbar-button" aria-keyshortcuts="Control+K Meta+K" onClick={() => setPaletteOpen(true)}>
        Commands <kbd className="shortcut">{IS_MAC ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
    </>
  );
}
