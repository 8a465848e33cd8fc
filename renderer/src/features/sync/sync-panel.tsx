// Team sync on the desk (issue 11 item 5): the app bar says whether the sync server is connected,
// when this device last synced and how many of its documents have changes waiting; the dialog sets
// the server address, review token and review, and exports or imports an air-gapped bundle.
import { useState } from 'react';
import { ModalDialog } from '../../components/modal-dialog';
import { useNotices } from '../../components/notices';
import { useDatabase } from '../../db/context';
import { BundleRefused, checkSyncSettings, saveSyncSettings, useActiveReviewId, useSyncController, useSyncSettings, useSyncStatus } from '../../db/sync';
import type { SyncController, SyncSettings, SyncStatus } from '../../db/sync';
import { bridge } from '../../platform';

function when(iso: string | null): string {
  if (iso === null) return 'never';
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The state in words (never colour alone). */
export function describeSync(status: SyncStatus): string {
  switch (status.state) {
    case 'off':
      return 'Sync off';
    case 'starting':
      return 'Sync starting';
    case 'connected':
      return status.waiting > 0 ? `Connected, ${status.waiting} waiting` : 'Connected';
    case 'offline':
      return status.server === null ? `Offline by choice${status.waiting > 0 ? `, ${status.waiting} waiting` : ''}` : `Not connected${status.waiting > 0 ? `, ${status.waiting} waiting` : ''}`;
    case 'failed':
      return 'Sync failed';
  }
}

function SyncDialog({ controller, onClose }: { controller: SyncController; onClose: () => void }) {
  const settings = useSyncSettings();
  const active = useActiveReviewId();
  // The form starts from what is stored (or the active review), so it waits for the first read.
  if (settings === undefined || active === undefined) return null;
  return <SyncDialogBody controller={controller} onClose={onClose} settings={settings} initial={{ url: settings?.url ?? '', token: settings?.token ?? '', reviewId: settings?.reviewId ?? active ?? '' }} />;
}

function SyncDialogBody({ controller, onClose, settings, initial }: { controller: SyncController; onClose: () => void; settings: SyncSettings | null; initial: { url: string; token: string; reviewId: string } }) {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const status = useSyncStatus(controller);
  const [url, setUrl] = useState(initial.url);
  const [token, setToken] = useState(initial.token);
  const [reviewId, setReviewId] = useState(initial.reviewId);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const checked = checkSyncSettings({ url, token, reviewId });
    if (!checked.ok) {
      setProblem(checked.message);
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      await saveSyncSettings(db, checked.settings);
      notify({ kind: 'info', message: checked.settings.url ? `Syncing with ${checked.settings.url}.` : 'Working offline: exchange bundles to sync.' });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const stop = async () => {
    setBusy(true);
    try {
      await saveSyncSettings(db, null);
      notify({ kind: 'info', message: 'Sync stopped. Your work stays on this computer.' });
    } finally {
      setBusy(false);
    }
  };

  const exportBundle = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const { name, text } = await controller.exportBundle();
      const saved = await bridge.saveFile({ suggestedName: name, mimeType: 'application/json', data: text });
      if (saved.saved) notify({ kind: 'info', message: `Your work on the review is saved as ${saved.location}: sign it over to a colleague to import.` });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const importBundle = async () => {
    setProblem(null);
    const [file] = await bridge.openFiles({ extensions: ['json'], multiple: false, maxBytes: 512 * 1024 * 1024 });
    if (!file) return;
    setBusy(true);
    try {
      const result = await controller.importBundle(new TextDecoder().decode(file.bytes));
      const withheld = result.withheld > 0 ? ` ${result.withheld} document${result.withheld === 1 ? ' is' : 's are'} held back until every extractor has marked it Done; import the bundle again then.` : '';
      notify({ kind: 'info', message: `Imported ${result.merged} document${result.merged === 1 ? '' : 's'} from ${result.signer}.${withheld}` });
    } catch (error) {
      setProblem(error instanceof BundleRefused ? error.message : `The bundle could not be imported: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog
      title="Team sync"
      description="Share this review with your team through the team’s sync server, or by bundle files where there is no network. Your work stays on this computer either way."
      onClose={onClose}
      dismissable={!busy}
      className="sync-dialog"
      footer={
        <>
          <button type="button" className="toolbar-button" disabled={busy} onClick={onClose}>
            Close
          </button>
          {settings && (
            <button type="button" className="toolbar-button" disabled={busy} onClick={() => void stop()}>
              Stop syncing
            </button>
          )}
          <button type="submit" form="sync-form" className="toolbar-button primary-button" disabled={busy}>
            Save and connect
          </button>
        </>
      }
    >
      <dl className="sync-status" aria-label="Sync status">
        <dt>Server</dt>
        <dd>{status.state === 'connected' ? 'Connected' : status.state === 'off' ? 'Sync off' : status.server === null ? 'No server (bundles only)' : 'Not connected'}</dd>
        <dt>Last synced</dt>
        <dd>{when(status.lastSyncedAt)}</dd>
        <dt>Changes waiting</dt>
        <dd>{status.waiting === 0 ? 'none' : `${status.waiting} document${status.waiting === 1 ? '' : 's'}`}</dd>
      </dl>
      {status.message && (
        <p className="notice notice-error" role="alert">
          {status.message}
        </p>
      )}
      <form
        id="sync-form"
        className="sync-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="field-label">
          Server address
          <input type="text" data-autofocus value={url} onChange={(e) => setUrl(e.target.value)} placeholder="ws://192.168.1.20:3030 (empty: bundles only)" spellCheck={false} />
        </label>
        <label className="field-label">
          Review token
          <input type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
        </label>
        <label className="field-label">
          Review id
          <input type="text" value={reviewId} onChange={(e) => setReviewId(e.target.value)} spellCheck={false} />
        </label>
        {problem && (
          <p className="notice notice-error" role="alert">
            {problem}
          </p>
        )}
      </form>
      <div className="sync-bundles" role="group" aria-label="Bundle files">
        <button type="button" className="toolbar-button" disabled={busy || status.state === 'off'} onClick={() => void exportBundle()}>
          Export my work as a bundle…
        </button>
        <button type="button" className="toolbar-button" disabled={busy || status.state === 'off'} onClick={() => void importBundle()}>
          Import a bundle…
        </button>
      </div>
    </ModalDialog>
  );
}

/** The app bar's sync state; opens the sync dialog. Mounted once: it also keeps sync running. */
export function SyncAction() {
  const controller = useSyncController();
  const status = useSyncStatus(controller);
  const [open, setOpen] = useState(false);
  const words = describeSync(status);
  const title = status.state === 'off' ? 'Set up team sync' : `${words}. Last synced: ${when(status.lastSyncedAt)}`;
  return (
    <>
      <button type="button" className="toolbar-button sync-action" aria-haspopup="dialog" data-sync-state={status.state} title={title} onClick={() => setOpen(true)}>
        <span className="sync-dot" aria-hidden="true" />
        <span className="visually-hidden">Team sync: </span>
        {words}
      </button>
      {open && <SyncDialog controller={controller} onClose={() => setOpen(false)} />}
    </>
  );
}
