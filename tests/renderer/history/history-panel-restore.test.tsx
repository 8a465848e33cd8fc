// The History of a document after a backup was restored into the database: the restore is there, in
// words, as one step naming its chunk (not one line per restored record), and the chain holds.
import { render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Annotation, AnnotationId, DocumentId } from '@shared/model';
import { checkStreamedBackup, restoreStreamedBackup, writeStreamedBackup } from '../../../renderer/src/db/backup-stream';
import { DatabaseProvider } from '../../../renderer/src/db/context';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { HistoryPanel } from '../../../renderer/src/features/history/history-panel';
import { resetAppStore, useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const NOW = '2026-12-01T21:00:00.000Z';
const corpus = bundledDocuments().slice(0, 1);
const documentId = documentIdOf(corpus[0]!.text) as DocumentId;
const opened: MarginDatabase[] = [];

beforeEach(() => resetAppStore());
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

function open(): MarginDatabase {
  const db = freshDatabase();
  opened.push(db);
  return db;
}

describe('the History after a restore', () => {
  it('shows the restore of the document’s annotations as one entry naming the chunk', async () => {
    const source = open();
    await upsertDocuments(source, corpus, { now: NOW });
    const annotations = Array.from({ length: 40 }, (_, i): Annotation => ({
      id: `note-${String(i).padStart(3, '0')}` as AnnotationId,
      documentId,
      target: null,
      color: 'yellow',
      note: `Note ${i}`,
      tags: [],
      field: null,
      creator: 'Ana',
      createdAt: NOW,
      modifiedAt: NOW,
      deletedAt: null,
    }));
    await source.annotations.bulkPut(annotations);
    const written = await writeStreamedBackup(source, { now: NOW });
    const checked = await checkStreamedBackup(written.file);
    if (!checked.ok) throw new Error(checked.reason);
    const target = open();
    await restoreStreamedBackup(target, checked.backup, 'replace', { now: '2026-12-02T00:10:00.000Z' });

    useAppStore.getState().openDocument(documentId, 0);
    render(
      <DatabaseProvider db={target}>
        <HistoryPanel />
      </DatabaseProvider>,
    );
    const list = await screen.findByRole('list', { name: 'Changes, newest first' });
    const chunk = checked.backup.header.chunks.findIndex((c) => c.table === 'annotations');
    expect(within(list).getByText('Restored 40 annotation records from a backup')).toBeInTheDocument();
    expect(within(list).getByText(/note-000 … note-039/)).toBeInTheDocument();
    expect(within(list).getByText(new RegExp(checked.backup.header.chunks[chunk]!.sha256))).toBeInTheDocument();
    // The document and its text were restored too, each one line (newest first); nothing is listed record by record.
    expect(within(list).getAllByText(/from a backup/).map((line) => line.textContent)).toEqual(['Restored 40 annotation records from a backup', 'Restored 1 document text from a backup', 'Restored 1 document from a backup']);
    expect(await screen.findByText(/History intact/)).toBeInTheDocument();
  });
});
