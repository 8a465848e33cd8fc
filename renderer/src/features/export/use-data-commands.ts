// The data commands as the app bar, its menu and the command menu run them: open the export dialog,
// back up, restore from a file, import annotations. Each reports its outcome to the reviewer.
import { useCallback, useMemo } from 'react';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { DEFAULT_REVIEWER } from '../../db/funnel';
import { useReviewer } from '../../db/settings';
import { bridge } from '../../platform';
import { chooseBackupFile, decodeText, runBackup } from './backup-actions';
import { useDataStore } from './data-store';
import type { ExportFormat } from './export-formats';
import { checkAnnotationFile, fileError, importAnnotationText } from './import-annotations';

export interface DataCommands {
  openExport: (format?: ExportFormat) => void;
  backUp: () => Promise<void>;
  restore: () => Promise<void>;
  importAnnotations: () => Promise<void>;
  openSnapshots: () => void;
}

export function useDataCommands(): DataCommands {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const creator = useReviewer()?.name ?? DEFAULT_REVIEWER.name;
  const openDialog = useDataStore((s) => s.openDialog);

  const openExport = useCallback((format?: ExportFormat) => openDialog({ kind: 'export', format: format ?? null }), [openDialog]);

  const backUp = useCallback(async () => {
    const { setBackupProgress } = useDataStore.getState();
    setBackupProgress({ phase: 'reading', done: 0, total: null });
    try {
      notify(await runBackup(db, bridge, new Date(), setBackupProgress));
    } finally {
      setBackupProgress(null);
    }
  }, [db, notify]);

  const restore = useCallback(async () => {
    try {
      const chosen = await chooseBackupFile(bridge);
      if (chosen) openDialog({ kind: 'restore', ...chosen });
    } catch (error) {
      notify({ kind: 'error', message: `The backup file could not be read: ${error instanceof Error ? error.message : String(error)}` });
    }
  }, [notify, openDialog]);

  const importAnnotations = useCallback(async () => {
    try {
      const [file] = await bridge.openFiles({ extensions: ['jsonld', 'json'], multiple: false });
      if (!file) return;
      const text = decodeText(file.bytes);
      const checked = await checkAnnotationFile(db, text);
      if (!checked.ok) return openDialog({ kind: 'import-report', fileName: file.name, result: fileError(checked.message) });
      const { check } = checked;
      // This device's own files and trusted signers' import at once; the rest ask first.
      if (check.kind === 'unsigned' || (check.kind === 'signed' && check.trust === 'unknown')) return openDialog({ kind: 'import-signature', fileName: file.name, text, check });
      const result = await importAnnotationText(db, text, creator, new Date().toISOString());
      openDialog({ kind: 'import-report', fileName: file.name, result: { ...result, signature: check } });
    } catch (error) {
      notify({ kind: 'error', message: `The annotations were not imported. ${describeStorageError(error)}` });
    }
  }, [creator, db, notify, openDialog]);

  const openSnapshots = useCallback(() => openDialog({ kind: 'snapshots' }), [openDialog]);

  return useMemo(() => ({ openExport, backUp, restore, importAnnotations, openSnapshots }), [openExport, backUp, restore, importAnnotations, openSnapshots]);
}
