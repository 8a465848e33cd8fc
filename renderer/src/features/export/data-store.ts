// UI state of the data commands: which dialog is open (export, restore, import report) and whether
// the command menu is showing. One dialog at a time; the data itself stays in Dexie.
import { create } from 'zustand';
import type { BackupProgress } from '../../db/backup-stream';
import type { ChosenBackup } from './backup-actions';
import type { ExportFormat } from './export-formats';
import type { AnnotationImportResult } from './import-annotations';
import type { SignatureCheck } from '@shared/signing';

export type DataDialog =
  | { kind: 'export'; format: ExportFormat | null }
  | ({ kind: 'restore' } & ChosenBackup)
  | { kind: 'import-report'; fileName: string; result: AnnotationImportResult }
  /** An unsigned file, or one signed by a key this device does not know: the reviewer decides. */
  | { kind: 'import-signature'; fileName: string; text: string; check: SignatureCheck }
  | { kind: 'snapshots' };

interface DataState {
  dialog: DataDialog | null;
  paletteOpen: boolean;
  /** A running backup's progress, shown while it writes (a million annotations take a while). */
  backupProgress: BackupProgress | null;
  /** The format chosen last, offered first next time. */
  lastFormat: ExportFormat;
  openDialog: (dialog: DataDialog) => void;
  closeDialog: () => void;
  setPaletteOpen: (open: boolean) => void;
  setLastFormat: (format: ExportFormat) => void;
  setBackupProgress: (progress: BackupProgress | null) => void;
}

export const useDataStore = create<DataState>()((set) => ({
  dialog: null,
  paletteOpen: false,
  lastFormat: 'markdown',
  openDialog: (dialog) => set({ dialog, paletteOpen: false }),
  closeDialog: () => set({ dialog: null }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  setLastFormat: (lastFormat) => set({ lastFormat }),
  backupProgress: null,
  setBackupProgress: (backupProgress) => set({ backupProgress }),
}));

export function resetDataStore(): void {
  useDataStore.setState({ dialog: null, paletteOpen: false, lastFormat: 'markdown', backupProgress: null });
}
