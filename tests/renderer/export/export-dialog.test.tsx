import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe as suite, expect, it, vi } from 'vitest';
import { describe } from '@shared/anchoring';
import { evidenceTableCsv, longFormCsv } from '@shared/export/csv';
import type { ExportInput } from '@shared/evidence';
import { mimeTypeOf, suggestFileName } from '@shared/export/file-names';
import type { ExportKind } from '@shared/export/file-names';
import { htmlReport } from '@shared/export/html-report';
import { markdownSummary } from '@shared/export/markdown';
import { webAnnotationJsonLd } from '@shared/export/web-annotation';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { DEFAULT_COLOR_MEANINGS } from '@shared/model';
import type { DocumentId } from '@shared/model';
import { NoticeArea, useNotices } from '../../../renderer/src/components/notices';
import { createAnnotation } from '../../../renderer/src/db/annotations';
import { DatabaseProvider } from '../../../renderer/src/db/context';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { renameColor } from '../../../renderer/src/db/settings';
import { CommandMenu } from '../../../renderer/src/features/export/command-menu';
import { resetDataStore } from '../../../renderer/src/features/export/data-store';
import { ExportActions } from '../../../renderer/src/features/export/export-actions';
import { tagFromQuote } from '../../../renderer/src/document/field-values';
import { bridge } from '../../../renderer/src/platform';
import { resetAppStore, useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const corpus = bundledDocuments();
const ids = corpus.map((d) => documentIdOf(d.text) as DocumentId);
const NOW = new Date('2026-11-22T10:00:00.000Z');
const pad = (n: number) => String(n).padStart(2, '0');
const TODAY = `${NOW.getFullYear()}-${pad(NOW.getMonth() + 1)}-${pad(NOW.getDate())}`;
const fieldOf = (key: string) => DEFAULT_SCHEMA.sections.flatMap((s) => s.fields).find((f) => f.key === key)!;
let db: MarginDatabase;

async function tag(doc: number, quote: string, key: string) {
  const text = corpus[doc]!.text;
  const at = text.indexOf(quote);
  await createAnnotation(db, { documentId: ids[doc]!, target: describe(text, at, at + quote.length), color: 'purple', field: tagFromQuote(DEFAULT_SCHEMA, fieldOf(key), quote) }, { now: NOW.toISOString() });
}

beforeEach(async () => {
  resetAppStore();
  resetDataStore();
  useNotices.setState({ notices: [] });
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  db = freshDatabase();
  await upsertDocuments(db, corpus, { now: NOW.toISOString() });
  await tag(1, '1 × 106 CAR T cells/kg', 'dose');
  await tag(1, 'neutropenia (grade 4)', 'cytopenias');
  await tag(4, '52.5 × 106 CAR+ cells/kg', 'dose');
  await renameColor(db, 'purple', 'Product and dose');
});
afterEach(() => {
  vi.useRealTimers();
  db.close();
});

function renderActions() {
  return render(
    <DatabaseProvider db={db}>
      <ExportActions />
      <CommandMenu />
      <NoticeArea />
    </DatabaseProvider>,
  );
}

/** What the export should have been made from, read independently of the app's loader. */
async function expectedInput(documentIndexes: number[]): Promise<ExportInput> {
  const documents = (await db.documents.toArray()).filter((d) => documentIndexes.some((i) => ids[i] === d.id)).sort((a, b) => a.fileName.localeCompare(b.fileName));
  return {
    documents,
    texts: await db.texts.toArray(),
    annotations: await db.annotations.toArray(),
    statuses: await db.statuses.toArray(),
    schema: DEFAULT_SCHEMA,
    colorMeanings: { ...DEFAULT_COLOR_MEANINGS, purple: 'Product and dose' },
    generatedAt: NOW.toISOString(),
  };
}

const RENDER: Record<Exclude<ExportKind, 'pdf' | 'annotated-pdf' | 'backup'>, (input: ExportInput) => string> = {
  markdown: markdownSummary,
  html: htmlReport,
  'evidence-csv': evidenceTableCsv,
  'values-csv': longFormCsv,
  'instance-csv': (input) => evidenceTableCsv(input, { rows: 'instance' }),
  'web-annotation': webAnnotationJsonLd,
};
const LABELS: Record<Exclude<ExportKind, 'backup'>, RegExp> = {
  markdown: /^Markdown summary/,
  html: /^HTML report/,
  pdf: /^PDF report/,
  'evidence-csv': /^CSV evidence table/,
  'values-csv': /^CSV long form/,
  'instance-csv': /^CSV table per patient/,
  'web-annotation': /^W3C Web Annotation JSON-LD/,
  'annotated-pdf': /^Annotated PDF/,
};

async function exportVia(format: Exclude<ExportKind, 'backup'>, scope: RegExp) {
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: 'Export…' }));
  const dialog = screen.getByRole('dialog', { name: 'Export' });
  await waitFor(() => expect(within(dialog).getByRole('radio', { name: /^All documents/ })).toHaveAccessibleName(/5 documents/));
  await user.click(within(dialog).getByRole('radio', { name: LABELS[format] }));
  await user.click(within(dialog).getByRole('radio', { name: scope }));
  await user.click(within(dialog).getByRole('button', { name: format === 'pdf' ? 'Print to PDF' : 'Download' }));
  await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Export' })).not.toBeInTheDocument());
}

suite('export dialog', () => {
  it.each(Object.keys(RENDER) as (keyof typeof RENDER)[])('saves the %s of all documents with its name, type and content', async (format) => {
    const save = vi.spyOn(bridge, 'saveFile').mockResolvedValue({ saved: true, location: 'Downloads/file' });
    renderActions();
    await exportVia(format, /^All documents/);
    expect(save).toHaveBeenCalledTimes(1);
    const request = save.mock.calls[0]![0];
    expect(request.suggestedName).toBe(suggestFileName(format, TODAY));
    expect(request.mimeType).toBe(mimeTypeOf(format));
    const expected = RENDER[format](await expectedInput([0, 1, 2, 3, 4]));
    if (format === 'web-annotation') {
      // Signed on export: the same collection plus the signature and its context entry.
      const saved = JSON.parse(request.data as string) as Record<string, unknown>;
      expect((saved['margin:signature'] as { algorithm: string }).algorithm).toBe('Ed25519');
      delete saved['margin:signature'];
      expect((saved['@context'] as unknown[]).pop()).toEqual({ 'margin:signature': { '@type': '@json' } });
      expect(saved).toEqual(JSON.parse(expected));
    } else expect(request.data).toBe(expected);
    expect(await screen.findByText(/saved to Downloads\/file\./)).toBeInTheDocument();
  });

  it('exports only the document in the active pane, named after it', async () => {
    const save = vi.spyOn(bridge, 'saveFile').mockResolvedValue({ saved: true, location: 'Downloads/file' });
    act(() => useAppStore.getState().openDocument(ids[1]!, 0));
    renderActions();
    await exportVia('markdown', /^The document in the active pane/);
    const request = save.mock.calls[0]![0];
    expect(request.suggestedName).toBe(suggestFileName('markdown', TODAY, corpus[1]!.meta.title));
    expect(request.data).toBe(markdownSummary(await expectedInput([1])));
    expect(request.data).not.toContain(corpus[4]!.meta.title);
  });

  it('exports the documents ticked in the library, in library order', async () => {
    const save = vi.spyOn(bridge, 'saveFile').mockResolvedValue({ saved: true, location: 'Downloads/file' });
    act(() => useAppStore.getState().setChecked([ids[4]!, ids[1]!]));
    renderActions();
    await exportVia('evidence-csv', /^Documents ticked in the library/);
    const request = save.mock.calls[0]![0];
    expect(request.suggestedName).toBe(suggestFileName('evidence-csv', TODAY));
    expect(request.data).toBe(evidenceTableCsv(await expectedInput([1, 4])));
    expect((request.data as string).trim().split('\r\n')).toHaveLength(3);
  });

  it('prints the HTML report to PDF through the host', async () => {
    const print = vi.spyOn(bridge, 'printToPdf').mockResolvedValue({ saved: true, location: 'the browser’s print dialog' });
    const save = vi.spyOn(bridge, 'saveFile');
    act(() => useAppStore.getState().openDocument(ids[4]!, 0));
    renderActions();
    await exportVia('pdf', /^The document in the active pane/);
    expect(save).not.toHaveBeenCalled();
    expect(print).toHaveBeenCalledWith({ suggestedName: suggestFileName('pdf', TODAY, corpus[4]!.meta.title), html: htmlReport(await expectedInput([4])) });
    expect(await screen.findByText(/print dialog: choose “Save as PDF” there/)).toBeInTheDocument();
  });

  it('reports a cancelled and a failed save', async () => {
    vi.spyOn(bridge, 'saveFile')
      .mockResolvedValueOnce({ saved: false, reason: 'cancelled' })
      .mockResolvedValueOnce({ saved: false, reason: 'failed', message: 'That location is read-only (EROFS).' });
    renderActions();
    await exportVia('markdown', /^All documents/);
    expect(await screen.findByText('Export cancelled: the Markdown summary was not saved.')).toBeInTheDocument();
    await exportVia('markdown', /^All documents/);
    expect(await screen.findByRole('alert')).toHaveTextContent('The Markdown summary was not saved. That location is read-only (EROFS).');
  });

  it('offers only scopes that apply, shows the file name, closes on Escape and gives focus back', async () => {
    const user = userEvent.setup();
    renderActions();
    const opener = screen.getByRole('button', { name: 'Export…' });
    await user.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Export' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(within(dialog).getByRole('radio', { name: /^The document in the active pane/ })).toBeDisabled();
    expect(within(dialog).getByRole('radio', { name: /^Documents ticked in the library/ })).toBeDisabled();
    expect(within(dialog).getByRole('radio', { name: /^All documents/ })).toBeChecked();
    expect(within(dialog).getByRole('radio', { name: /^Markdown summary/ })).toHaveFocus();
    // The file name shows once the document count has loaded from the database.
    await waitFor(() => expect(dialog).toHaveTextContent(suggestFileName('markdown', TODAY)));
    await user.click(within(dialog).getByRole('radio', { name: /^CSV long form/ }));
    expect(dialog).toHaveTextContent(suggestFileName('values-csv', TODAY));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });
});
