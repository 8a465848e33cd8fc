// A fresh desk for component tests: reset UI state and undo history, a new database holding the
// bundled corpus, and rendering with that database and the open documents' sets (as app.tsx does).
import { act, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { DocumentId } from '@shared/model';
import { DatabaseProvider } from '../../renderer/src/db/context';
import type { MarginDatabase } from '../../renderer/src/db/database';
import { upsertDocuments } from '../../renderer/src/db/documents';
import { OpenDocuments } from '../../renderer/src/document/open-documents';
import { useHistory } from '../../renderer/src/db/history';
import { resetAppStore, useAppStore } from '../../renderer/src/store/app-store';
import { bundledDocuments } from './corpus';
import { freshDatabase } from './db';

export async function deskWithCorpus(openInLeftPane?: DocumentId): Promise<MarginDatabase> {
  resetAppStore();
  useHistory.getState().clear();
  const db = freshDatabase();
  await upsertDocuments(db, bundledDocuments(), { now: '2026-11-22T10:00:00.000Z' });
  if (openInLeftPane) act(() => useAppStore.getState().openDocument(openInLeftPane, 0));
  return db;
}

export function renderWithDatabase(db: MarginDatabase, ui: ReactElement) {
  return render(
    <DatabaseProvider db={db}>
      <OpenDocuments>{ui}</OpenDocuments>
    </DatabaseProvider>,
  );
}
