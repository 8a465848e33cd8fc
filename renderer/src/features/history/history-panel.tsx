// The History of the active pane's document: who changed what and when, old → new, newest first,
// read from the audit log; whether the log's chain holds; and the whole log as JSON Lines.
import { formatMoment } from '../../components/format';
import { useMemo, useState } from 'react';
import { auditLogJsonLines, describeEntry } from '@shared/audit/describe';
import type { AuditEntry } from '@shared/model';
import { useNotices } from '../../components/notices';
import { readAuditLog, useDocumentHistory, useLogVerification } from '../../db/audit';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { bridge } from '../../platform';
import { useAppStore } from '../../store/app-store';

const SHOWN = 200;

/** Entries of one action (same time, reviewer and action) are one step for the reader. */
function groupSteps(entries: readonly AuditEntry[]): AuditEntry[][] {
  const groups: AuditEntry[][] = [];
  for (const entry of entries) {
    const last = groups.at(-1)?.[0];
    if (last && last.at === entry.at && last.actor.id === entry.actor.id && last.action === entry.action && last.chain === entry.chain) groups.at(-1)!.push(entry);
    else groups.push([entry]);
  }
  return groups;
}

function Step({ entries }: { entries: AuditEntry[] }) {
  const first = entries[0]!;
  const described = entries.map(describeEntry);
  return (
    <li className="history-step">
      <p className="history-head">
        <time dateTime={first.at}>{formatMoment(first.at)}</time> · <span className="history-actor">{first.actor.name}</span>
      </p>
      <ul className="history-changes">
        {described.map((d, i) => (
          <li key={`${entries[i]!.chain}-${entries[i]!.seq}`}>
            <span className="history-summary">{d.summary}</span>
            {d.lines.length > 0 && (
              <dl className="history-lines">
                {d.lines.map((line) => (
                  <div key={line.what} className="history-line">
                    <dt>{line.what}</dt>
                    <dd>
                      {line.from === null ? '—' : line.from} <span aria-label="became">→</span> {line.to === null ? '—' : line.to}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        ))}
      </ul>
    </li>
  );
}

export function HistoryPanel() {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const pane = useAppStore((s) => s.activePane);
  const documentId = useAppStore((s) => s.panes[pane]);
  const history = useDocumentHistory(documentId);
  const verification = useLogVerification();
  const [exporting, setExporting] = useState(false);
  const steps = useMemo(() => groupSteps(history ?? []), [history]);

  const exportLog = async () => {
    setExporting(true);
    try {
      const entries = await readAuditLog(db);
      const result = await bridge.saveFile({ suggestedName: `margin-history-${new Date().toISOString().slice(0, 10)}.jsonl`, mimeType: 'application/jsonl', data: auditLogJsonLines(entries) });
      if (result.saved) notify({ kind: 'info', message: `The history (${entries.length} entries with their hash chain) was saved to ${result.location}.` });
      else if (result.reason !== 'cancelled') notify({ kind: 'error', message: `The history was not saved. ${result.message ?? ''}`.trim() });
    } catch (error) {
      notify({ kind: 'error', message: `The history was not saved. ${describeStorageError(error)}` });
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="side-panel history-panel" aria-labelledby="history-heading">
      <header className="panel-header">
        <h2 id="history-heading" className="panel-title">
          History
        </h2>
        <button type="button" className="icon-button" onClick={() => void exportLog()} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export log (JSON Lines)'}
        </button>
      </header>
      <p className={`history-verification ${verification && !verification.ok ? 'notice notice-error' : 'hint'}`} role="status">
        {verification === undefined
          ? 'Checking the history…'
          : verification.ok
            ? `History intact: ${verification.entries} ${verification.entries === 1 ? 'entry' : 'entries'}, each sealed with the one before.`
            : `The history was altered: ${verification.reason}.`}
      </p>
      {!documentId ? (
        <p className="empty-state">Open a document to see its history.</p>
      ) : history === undefined ? (
        <p className="empty-state" role="status">
          Reading the history…
        </p>
      ) : steps.length === 0 ? (
        <div className="empty-state">
          <p>Nothing has been changed in this document yet.</p>
          <p className="hint">Every highlight, value, status and edit of its details will be listed here, with who made it and when.</p>
        </div>
      ) : (
        <>
          <ol className="history-list" aria-label="Changes, newest first">
            {steps.slice(0, SHOWN).map((entries) => (
              <Step key={`${entries[0]!.chain}-${entries[0]!.seq}`} entries={entries} />
            ))}
          </ol>
          {steps.length > SHOWN && <p className="hint">The {SHOWN} latest changes are shown; the exported log holds all {steps.length}.</p>}
        </>
      )}
    </section>
  );
}
