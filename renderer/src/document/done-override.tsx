// Setting a document's review status from any list (the form, the library): Done while required
// fields are empty is not taken silently; a dialog names the empty fields and asks why, and the
// override is recorded with the status (so in the audit log too). The library lists at start with
// this hook, so the writes and the assistant's check are loaded when a status is first changed.
import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import type { DocumentId, ReviewStatusValue } from '@shared/model';
import { Deferred, lazyPart } from '../components/lazy-part';
import { useNotices } from '../components/notices';
import { useDatabase } from '../db/context';
import { describeStorageError } from '../db/errors';
import type { OmissionAlert } from '../db/suggestions';
import type { Pending } from './done-override-dialog';

// The dialog is fetched when it is first needed: the library lists with this hook at start.
const OverrideDialog = lazyPart(() => import('./done-override-dialog').then((m) => m.OverrideDialog));

export interface EmptyRequiredField {
  key: string;
  label: string;
}

/**
 * `change` sets a status at once, except Done over empty required fields, which opens the question
 * first; render `dialog` where the control is.
 */
export function useReviewStatusChange(): {
  change: (documentId: DocumentId, title: string, status: ReviewStatusValue, missing: readonly EmptyRequiredField[]) => void;
  dialog: ReactNode;
} {
  const db = useDatabase();
  const notify = useNotices((s) => s.push);
  const [pending, setPending] = useState<Pending | null>(null);
  const write = useCallback(
    async (documentId: DocumentId, status: ReviewStatusValue, override?: { missingRequired: EmptyRequiredField[]; mentionedEmpty?: EmptyRequiredField[]; reason: string }) => {
      try {
        const { setReviewStatus } = await import('../db/statuses');
        await setReviewStatus(db, documentId, status, override ? { override } : {});
        return true;
      } catch (error) {
        notify({ kind: 'error', message: `The review status was not saved. ${describeStorageError(error)}` });
        return false;
      }
    },
    [db, notify],
  );
  // Stable, so rows of a long list that take it need not re-render.
  const change = useCallback(
    (documentId: DocumentId, title: string, status: ReviewStatusValue, missing: readonly EmptyRequiredField[]) => {
      if (status !== 'done') {
        void write(documentId, status);
        return;
      }
      // Before Done, the assistant reads the text for fields it mentions that are still empty.
      void (async () => {
        let omissions: OmissionAlert[] = [];
        try {
          const required = new Set(missing.map((f) => f.key));
          const [{ omissionAlerts }, { getActiveSchema }] = await Promise.all([import('../db/suggestions'), import('../db/schemas')]);
          omissions = (await omissionAlerts(db, documentId, await getActiveSchema(db))).filter((alert) => !required.has(alert.key));
        } catch (error) {
          notify({ kind: 'error', message: `The text could not be checked for empty fields it mentions. ${error instanceof Error ? error.message : String(error)}` });
        }
        if (missing.length > 0 || omissions.length > 0) setPending({ documentId, title, missing: [...missing], omissions });
        else void write(documentId, status);
      })();
    },
    [db, notify, write],
  );
  const dialog = pending ? (
    <Deferred>
    <OverrideDialog
      pending={pending}
      onCancel={() => setPending(null)}
      onDone={async (reason) => {
        const mentionedEmpty = pending.omissions.map(({ key, label }) => ({ key, label }));
        const saved = await write(pending.documentId, 'done', { missingRequired: pending.missing, ...(mentionedEmpty.length > 0 ? { mentionedEmpty } : {}), reason });
        if (saved) setPending(null);
        return saved;
      }}
    />
    </Deferred>
  ) : null;
  return { change, dialog };
}
