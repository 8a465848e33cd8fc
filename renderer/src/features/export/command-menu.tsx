// The command menu (Ctrl+K or ⌘K): type to find a command (open a document, switch pane, step
// through annotations, next empty required field, find, search, next document, export formats,
// backup, restore, import, switch view), arrows to move, Enter to run, Escape to close. It also
// hosts the data dialogs those commands open.
import { useEffect, useId, useMemo, useState } from 'react';
import type { DocumentId, DocumentMeta } from '@shared/model';
import { useDocumentList } from '../../db/overview';
import { documentCommands } from './desk-commands';
import { useAppStore } from '../../store/app-store';
import { useDataStore } from './data-store';
import { EXPORT_FORMAT_IDS, EXPORT_FORMATS } from './export-formats';
import { ExportDialog } from './export-dialog';
import { ImportReportDialog } from './import-report-dialog';
import { ImportSignatureDialog } from './import-signature-dialog';
import { ModalDialog } from '../../components/modal-dialog';
import { RestoreDialog } from './restore-dialog';
import { BackupProgressLine } from './backup-actions';
import { SnapshotsDialog } from './snapshots-dialog';
import { useDataCommands } from './use-data-commands';
import type { DataCommands } from './use-data-commands';

export interface Command {
  id: string;
  label: string;
  /** Shown beside the label: what kind of command it is. */
  group: 'Export' | 'Data' | 'View' | 'Go' | 'Document';
  /** Other words a reviewer might type for it. */
  keywords: string;
  run: () => void;
}

export function buildCommands(data: DataCommands, view: 'desk' | 'table', setView: (view: 'desk' | 'table') => void, openSearch?: () => void): Command[] {
  return [
    ...(openSearch ? [{ id: 'search', label: 'Search all documents…', group: 'View', keywords: 'find full text phrase annotations notes tags values', run: openSearch } satisfies Command] : []),
    // The view switch comes first: "table" should find the table before the CSV of it.
    view === 'table'
      ? { id: 'view-desk', label: 'Show the reading desk', group: 'View', keywords: 'switch reader documents', run: () => setView('desk') }
      : { id: 'view-table', label: 'Show the evidence table', group: 'View', keywords: 'switch grid spreadsheet values', run: () => setView('table') },
    { id: 'export', label: 'Export…', group: 'Export', keywords: 'save download', run: () => data.openExport() },
    ...EXPORT_FORMAT_IDS.map(
      (format): Command => ({
        id: `export-${format}`,
        label: `Export ${EXPORT_FORMATS[format].label}…`,
        group: 'Export',
        keywords: `save download ${EXPORT_FORMATS[format].description}`,
        run: () => data.openExport(format),
      }),
    ),
    { id: 'backup', label: 'Back up all data…', group: 'Data', keywords: 'backup save copy json', run: () => void data.backUp() },
    { id: 'restore', label: 'Restore from a backup…', group: 'Data', keywords: 'backup load open replace merge json', run: () => void data.restore() },
    { id: 'snapshots', label: 'Snapshots…', group: 'Data', keywords: 'automatic copies restore earlier state history backup', run: () => data.openSnapshots() },
    { id: 'import-annotations', label: 'Import annotations…', group: 'Data', keywords: 'w3c web annotation json-ld jsonld open load', run: () => void data.importAnnotations() },
  ];
}

/** The commands whose label, group or keywords hold every word typed, labels matches first. */
export function filterCommands(commands: Command[], query: string): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return commands;
  const matches = commands.filter((c) => words.every((w) => `${c.label} ${c.group} ${c.keywords}`.toLowerCase().includes(w)));
  const inLabel = (c: Command) => words.every((w) => c.label.toLowerCase().includes(w));
  return [...matches.filter(inLabel), ...matches.filter((c) => !inLabel(c))];
}

/** Ctrl+K, or ⌘K on a Mac, with no other modifier: opens the command menu, and closes it from inside. */
function isCommandMenuShortcut(event: { ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean; key: string }): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k';
}

function CommandPalette({ commands, documents, openDocument, onClose }: { commands: Command[]; documents: readonly DocumentMeta[]; openDocument: (id: DocumentId) => void; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  // Commands first, then the documents whose title, authors, journal or year match what is typed.
  const shown = useMemo(() => [...filterCommands(commands, query), ...documentCommands(documents, query, openDocument)], [commands, documents, openDocument, query]);
  const current = shown[Math.min(active, shown.length - 1)];

  const run = (command: Command | undefined) => {
    if (!command) return;
    onClose();
    command.run();
  };

  return (
    <ModalDialog title="Commands" onClose={onClose} className="command-menu" hideTitle>
      <input
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={current ? `${listId}-${current.id}` : undefined}
        aria-label="Find a command"
        className="command-input"
        placeholder="Type a command or a document's title: next, find, export, table…"
        value={query}
        data-autofocus
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          // The dialog keeps keys from the document, where the shortcut that opened the menu listens.
          if (isCommandMenuShortcut(e)) {
            e.preventDefault();
            onClose();
          } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive((i) => (shown.length === 0 ? 0 : (Math.min(i, shown.length - 1) + step + shown.length) % shown.length));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            run(current);
          }
        }}
      />
      <ul id={listId} role="listbox" aria-label="Commands" className="command-list">
        {shown.map((command) => (
          <li
            key={command.id}
            id={`${listId}-${command.id}`}
            role="option"
            aria-selected={command === current}
            className="command-option"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => run(command)}
          >
            <span>{command.label}</span>
            <span className="command-group">{command.group}</span>
          </li>
        ))}
      </ul>
      {shown.length === 0 && <p className="empty-state">No command matches “{query}”.</p>}
      <p className="hint command-hint">↑↓ to move · Enter to run · Esc to close</p>
    </ModalDialog>
  );
}

/**
 * Mounted once: the Ctrl+K / ⌘K shortcut, the command menu, and whichever data dialog is open.
 * `extraCommands` come first: the desk's (useDeskCommands) and other features' (start an import),
 * composed in by app.tsx inside <OpenDocuments>.
 */
export function CommandMenu({ extraCommands = [] }: { extraCommands?: readonly Command[] }) {
  const paletteOpen = useDataStore((s) => s.paletteOpen);
  const setPaletteOpen = useDataStore((s) => s.setPaletteOpen);
  const dialog = useDataStore((s) => s.dialog);
  const backupProgress = useDataStore((s) => s.backupProgress);
  const closeDialog = useDataStore((s) => s.closeDialog);
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const data = useDataCommands();
  const setSearchOpen = useAppStore((s) => s.setSearchOpen);
  const commands = useMemo(() => [...extraCommands, ...buildCommands(data, view, setView, () => setSearchOpen(true))], [data, view, setView, setSearchOpen, extraCommands]);
  // Read only while the menu is open: the documents it can open by title.
  const documents = useDocumentList(paletteOpen);
  const openDocument = useAppStore((s) => s.openDocument);
  const openFromMenu = useMemo(
    () => (id: DocumentId) => {
      openDocument(id);
      setView('desk');
    },
    [openDocument, setView],
  );

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isCommandMenuShortcut(event)) return;
      // Not over another dialog (the field picker, an open export).
      if (useDataStore.getState().dialog !== null || useAppStore.getState().fieldPickerTarget !== null) return;
      event.preventDefault();
      setPaletteOpen(!useDataStore.getState().paletteOpen);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [setPaletteOpen]);

  return (
    <>
      {paletteOpen && <CommandPalette commands={commands} documents={documents} openDocument={openFromMenu} onClose={() => setPaletteOpen(false)} />}
      {dialog?.kind === 'export' && <ExportDialog initialFormat={dialog.format} onClose={closeDialog} />}
      {dialog?.kind === 'restore' && <RestoreDialog fileName={dialog.fileName} file={dialog.file} onClose={closeDialog} />}
      {dialog?.kind === 'import-report' && <ImportReportDialog fileName={dialog.fileName} result={dialog.result} onClose={closeDialog} />}
      {dialog?.kind === 'import-signature' && <ImportSignatureDialog fileName={dialog.fileName} text={dialog.text} check={dialog.check} onClose={closeDialog} />}
      {dialog?.kind === 'snapshots' && <SnapshotsDialog onClose={closeDialog} />}
      {backupProgress !== null && (
        <div className="backup-progress">
          <BackupProgressLine progress={backupProgress} />
        </div>
      )}
    </>
  );
}
