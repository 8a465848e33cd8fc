// The export dialog: which documents (the one in the active pane, those ticked in the library, or
// all) and which format; it shows the file name it will suggest, runs the export and reports back.
import { useId, useMemo, useState } from 'react';
import { suggestFileName } from '@shared/export/file-names';
import type { DocumentId } from '@shared/model';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { useDocuments } from '../../db/documents';
import { bridge } from '../../platform';
import { useAppStore } from '../../store/app-store';
import { useDataStore } from './data-store';
import { EXPORT_FORMAT_IDS, EXPORT_FORMATS } from './export-formats';
import type { ExportFormat } from './export-formats';
import { ModalDialog } from '../../components/modal-dialog';
import { describeExportOutcome, localDate, runExport } from './run-export';
import type { ExportScope } from './run-export';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function ExportDialog({ initialFormat, onClose }: { initialFormat: ExportFormat | null; onClose: () => void }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const lastFormat = useDataStore((s) => s.lastFormat);
  const setLastFormat = useDataStore((s) => s.setLastFormat);
  const view = useAppStore((s) => s.view);
  const activeId = useAppStore((s) => s.panes[s.activePane]);
  const checked = useAppStore((s) => s.checkedDocuments);
  const nameId = useId();
  const formId = useId();

  const documents = useDocuments();
  const library = useMemo(() => (documents ? { total: documents.length, titles: new Map(documents.map((d) => [d.id, d.title])) } : undefined), [documents]);
  const activeTitle = activeId ? library?.titles.get(activeId) : undefined;
  const checkedIds = checked.filter((id) => library?.titles.has(id));

  const defaultScope: ExportScope = checked.length > 0 ? 'checked' : view === 'desk' && activeId ? 'active' : 'all';
  const [scope, setScope] = useState<ExportScope>(defaultScope);
  const [format, setFormat] = useState<ExportFormat>(initialFormat ?? lastFormat);
  const [running, setRunning] = useState(false);

  const scopes: { id: ExportScope; label: string; detail: string; disabled: boolean }[] = [
    {
      id: 'active',
      label: 'The document in the active pane',
      detail: activeTitle ?? 'No document is open',
      disabled: activeTitle === undefined,
    },
    {
      id: 'checked',
      label: 'Documents ticked in the library',
      detail: checkedIds.length > 0 ? plural(checkedIds.length, 'document', 'documents') : 'None is ticked',
      disabled: checkedIds.length === 0,
    },
    { id: 'all', label: 'All documents', detail: plural(library?.total ?? 0, 'document', 'documents'), disabled: false },
  ];

  // A choice that no longer applies (the ticked documents were removed) falls back to all documents.
  const effectiveScope = scopes.some((s) => s.id === scope && !s.disabled) ? scope : 'all';
  const ids: DocumentId[] | 'all' = effectiveScope === 'active' ? (activeId && activeTitle !== undefined ? [activeId] : []) : effectiveScope === 'checked' ? checkedIds : 'all';
  const count = ids === 'all' ? (library?.total ?? 0) : ids.length;
  const singleTitle = ids !== 'all' && ids.length === 1 ? library?.titles.get(ids[0]!) : library?.total === 1 ? [...library.titles.values()][0] : undefined;
  const fileName = suggestFileName(format, localDate(new Date()), singleTitle);

  const submit = async () => {
    setRunning(true);
    setLastFormat(format);
    const outcome = await runExport(db, bridge, { format, documentIds: ids }, new Date());
    notify(describeExportOutcome(format, outcome, bridge.host));
    setRunning(false);
    onClose();
  };

  return (
    <ModalDialog
      title="Export"
      onClose={onClose}
      dismissable={!running}
      className="export-dialog"
      footer={
        <>
          <button type="button" className="toolbar-button" onClick={onClose} disabled={running}>
            Cancel
          </button>
          <button type="submit" form={formId} className="primary-button" disabled={running || count === 0} aria-describedby={nameId}>
            {running ? 'Exporting…' : format === 'pdf' ? 'Print to PDF' : bridge.host === 'web' ? 'Download' : 'Save…'}
          </button>
        </>
      }
    >
      <form
        id={formId}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset className="choice-group">
          <legend>Documents</legend>
          {scopes.map((s) => (
            <label key={s.id} className="choice" data-disabled={s.disabled || undefined} data-checked={effectiveScope === s.id || undefined}>
              <input type="radio" name="export-scope" value={s.id} checked={effectiveScope === s.id} disabled={s.disabled} onChange={() => setScope(s.id)} />
              <span className="choice-text">
                <span className="choice-label">{s.label}</span>
                <span className="choice-detail">{s.detail}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="choice-group">
          <legend>Format</legend>
          {EXPORT_FORMAT_IDS.map((id) => (
            <label key={id} className="choice" data-checked={format === id || undefined}>
              <input type="radio" name="export-format" value={id} checked={format === id} onChange={() => setFormat(id)} data-autofocus={format === id || undefined} />
              <span className="choice-text">
                <span className="choice-label">{EXPORT_FORMATS[id].label}</span>
                <span className="choice-detail">
                  {id === 'pdf' && bridge.host === 'web' ? 'The HTML report in the browser’s print dialog, where “Save as PDF” saves it' : EXPORT_FORMATS[id].description}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <p className="export-file" id={nameId}>
          {count === 0 ? (
            'There is nothing to export with this choice.'
          ) : (
            <>
              {plural(count, 'document', 'documents')} as <span className="file-name">{fileName}</span>
            </>
          )}
        </p>
      </form>
    </ModalDialog>
  );
}
