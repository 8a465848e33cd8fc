// The automatic snapshots: each with its date, why it was taken and what it holds, restorable in
// one step (after a snapshot of the present), and how many are kept and how often they are taken.
import { useCallback, useState } from 'react';
import { ModalDialog } from '../../components/modal-dialog';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { describeStorageError } from '../../db/errors';
import { restoreSnapshot, saveSnapshotSettings, SNAPSHOT_LIMITS, takeSnapshot, useSnapshotSchedule, useSnapshots, useSnapshotSettings } from '../../db/snapshots';
import type { SnapshotSummary } from '../../db/snapshots';
import { formatMoment } from '../../components/format';

const REASONS = new Map<SnapshotSummary['reason'], string>([
  ['scheduled', 'On schedule'],
  ['manual', 'Taken by hand'],
  ['before-restore', 'Before a restore'],
]);

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Runs the snapshot schedule for the app; a failed snapshot is a notice, never an interruption. */
export function useScheduledSnapshots(): void {
  const notify = useNotices((s) => s.push);
  const onError = useCallback(
    (error: unknown) => notify({ kind: 'error', message: `The automatic snapshot was not taken. ${describeStorageError(error)}` }),
    [notify],
  );
  useSnapshotSchedule(onError);
}

export function SnapshotsDialog({ onClose }: { onClose: () => void }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const snapshots = useSnapshots();
  const settings = useSnapshotSettings();
  const [confirming, setConfirming] = useState<SnapshotSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [keep, setKeep] = useState<string | null>(null);
  const [every, setEvery] = useState<string | null>(null);

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await what();
    } catch (error) {
      setProblem(error instanceof RangeError || (error instanceof Error && /snapshot/i.test(error.message)) ? error.message : describeStorageError(error));
    } finally {
      setBusy(false);
    }
  };

  const restore = (snapshot: SnapshotSummary) =>
    run(async () => {
      await restoreSnapshot(db, snapshot.id);
      setConfirming(null);
      notify({ kind: 'info', message: `Restored the snapshot of ${formatMoment(snapshot.takenAt)}. The data as it was just before is kept as a snapshot too.` });
      onClose();
    });

  const saveSettings = () =>
    run(async () => {
      await saveSnapshotSettings(db, { keep: Number(keep ?? settings.keep), everyMinutes: Number(every ?? settings.everyMinutes) });
      setKeep(null);
      setEvery(null);
    });

  return (
    <ModalDialog
      title="Snapshots"
      description="Margin keeps copies of all your data on this computer while you work, so you can go back to an earlier state in one step."
      onClose={onClose}
      dismissable={!busy}
      className="snapshots-dialog"
      footer={
        <>
          <button type="button" className="toolbar-button" disabled={busy} onClick={() => void run(async () => void (await takeSnapshot(db, 'manual')))}>
            Take a snapshot now
          </button>
          <button type="button" className="primary-button" onClick={onClose} disabled={busy} data-autofocus>
            Close
          </button>
        </>
      }
    >
      {snapshots === undefined ? (
        <p className="dialog-text">Reading the snapshots…</p>
      ) : snapshots.length === 0 ? (
        <p className="dialog-text empty-state">No snapshot yet. The first is taken a minute after Margin starts, once something has changed.</p>
      ) : (
        <table className="counts-table snapshots-table">
          <caption className="visually-hidden">Snapshots kept on this computer, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Taken</th>
              <th scope="col">Why</th>
              <th scope="col">Documents</th>
              <th scope="col">Annotations</th>
              <th scope="col">Size</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {snapshots.map((snapshot) => (
              <tr key={snapshot.id}>
                <th scope="row">{formatMoment(snapshot.takenAt)}</th>
                <td>{REASONS.get(snapshot.reason)}</td>
                <td>{snapshot.documents}</td>
                <td>{snapshot.annotations}</td>
                <td>{size(snapshot.bytes)}</td>
                <td>
                  <button
                    type="button"
                    className="toolbar-button"
                    disabled={busy}
                    aria-label={`Restore the snapshot of ${formatMoment(snapshot.takenAt)}`}
                    onClick={() => setConfirming(snapshot)}
                  >
                    Restore…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirming && (
        <div className="notice notice-warning confirm-row" role="group" aria-label="Confirm the restore">
          <p>
            Replace all data with the snapshot of {formatMoment(confirming.takenAt)} ({plural(confirming.documents, 'document', 'documents')},{' '}
            {plural(confirming.annotations, 'annotation', 'annotations')})? What Margin holds now is kept as a snapshot first.
          </p>
          <button type="button" className="toolbar-button" disabled={busy} onClick={() => setConfirming(null)}>
            Keep the present data
          </button>
          <button type="button" className="toolbar-button danger-button" disabled={busy} onClick={() => void restore(confirming)}>
            {busy ? 'Restoring…' : 'Replace with the snapshot'}
          </button>
        </div>
      )}
      <form
        className="snapshot-settings"
        aria-label="Snapshot settings"
        onSubmit={(e) => {
          e.preventDefault();
          void saveSettings();
        }}
      >
        <label className="field-label">
          Keep the newest
          <input
            type="number"
            min={SNAPSHOT_LIMITS.keep.min}
            max={SNAPSHOT_LIMITS.keep.max}
            value={keep ?? String(settings.keep)}
            onChange={(e) => setKeep(e.target.value)}
          />
        </label>
        <label className="field-label">
          Every (minutes)
          <input
            type="number"
            min={SNAPSHOT_LIMITS.everyMinutes.min}
            max={SNAPSHOT_LIMITS.everyMinutes.max}
            value={every ?? String(settings.everyMinutes)}
            onChange={(e) => setEvery(e.target.value)}
          />
        </label>
        <button type="submit" className="toolbar-button" disabled={busy || (keep === null && every === null)}>
          Save settings
        </button>
      </form>
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
    </ModalDialog>
  );
}
