import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { describe } from '@shared/anchoring';
import type { Annotation, DocumentId, HighlightColor } from '@shared/model';
import { createAnnotation } from '../../../renderer/src/db/annotations';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { AnnotationPanel } from '../../../renderer/src/features/annotate/annotation-panel';
import { useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const corpus = bundledDocuments();
const doc = corpus[1]!;
const text = doc.text;
const docId = documentIdOf(text) as DocumentId;
let db: MarginDatabase;

async function annotate(quote: string, color: HighlightColor, note = '', tags: string[] = []): Promise<Annotation> {
  const at = text.indexOf(quote);
  if (at < 0) throw new Error(quote);
  return createAnnotation(db, { documentId: docId, target: describe(text, at, at + quote.length), color, note, tags }, { now: new Date().toISOString() });
}

beforeEach(async () => {
  db = await deskWithCorpus(docId);
});
afterEach(() => db.close());

const renderPanel = () => renderWithDatabase(db, <AnnotationPanel />);

async function items() {
  const list = await screen.findByRole('list', { name: 'Annotations in reading order' });
  return within(list).queryAllByRole('listitem');
}

suite('AnnotationPanel', () => {
  it('says how to start when the document has no annotations', async () => {
    renderPanel();
    expect(await screen.findByText('No annotations yet.')).toBeInTheDocument();
  });

  it('lists annotations in reading order with colour meaning, quote, note and tags', async () => {
    await annotate('neutropenia (grade 4)', 'red', 'Severe', ['safety']);
    await annotate('1 × 106 CAR T cells/kg', 'purple');
    renderPanel();
    await waitFor(async () => expect(await items()).toHaveLength(2));
    const [first, second] = await items();
    expect(first).toHaveTextContent('Intervention');
    expect(first).toHaveTextContent('1 × 106 CAR T cells/kg');
    expect(second).toHaveTextContent('Adverse event');
    expect(second).toHaveTextContent('Severe');
    expect(within(second!).getByLabelText('Tags: safety')).toBeInTheDocument();
  });

  it('filters by colour, by tag and by text', async () => {
    const user = userEvent.setup();
    await annotate('neutropenia (grade 4)', 'red', '', ['safety']);
    await annotate('transient anemia (grade 2)', 'red', 'check CTCAE', []);
    await annotate('1 × 106 CAR T cells/kg', 'purple', '', ['dose']);
    renderPanel();
    await waitFor(async () => expect(await items()).toHaveLength(3));
    await user.click(screen.getByRole('button', { name: 'Red: Adverse event' }));
    expect(screen.getByRole('button', { name: 'Red: Adverse event' })).toHaveAttribute('aria-pressed', 'true');
    expect(await items()).toHaveLength(2);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter by tag' }), 'safety');
    expect(await items()).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(await items()).toHaveLength(3);
    await user.type(screen.getByRole('searchbox', { name: 'Filter annotations by text' }), 'ctcae');
    expect(await items()).toHaveLength(1);
    expect((await items())[0]).toHaveTextContent('transient anemia (grade 2)');
    await user.clear(screen.getByRole('searchbox', { name: 'Filter annotations by text' }));
    await user.type(screen.getByRole('searchbox', { name: 'Filter annotations by text' }), 'nothing like this');
    expect(screen.getByText('No annotation matches the filter.')).toBeInTheDocument();
  });

  it('selects an entry (asking the reader to flash it), edits its note, colour and tags', async () => {
    const user = userEvent.setup();
    const created = await annotate('neutropenia (grade 4)', 'red');
    renderPanel();
    await waitFor(async () => expect(await items()).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: /neutropenia \(grade 4\)/ }));
    expect(useAppStore.getState().flash).toMatchObject({ pane: 0, id: created.id });
    expect(useAppStore.getState().selectedAnnotation).toEqual({ pane: 0, id: created.id });
    const editor = screen.getByRole('group', { name: 'Edit annotation' });
    await user.type(within(editor).getByRole('textbox', { name: 'Note' }), 'Grade 4 neutropenia');
    await user.tab();
    await waitFor(async () => expect((await db.annotations.get(created.id))!.note).toBe('Grade 4 neutropenia'));
    await user.selectOptions(within(editor).getByRole('combobox', { name: 'Colour' }), 'Orange — Methods');
    await waitFor(async () => expect((await db.annotations.get(created.id))!.color).toBe('orange'));
    await user.type(within(editor).getByRole('textbox', { name: 'Tags (comma separated)' }), 'cytopenia, Safety, safety{Enter}');
    await waitFor(async () => expect((await db.annotations.get(created.id))!.tags).toEqual(['cytopenia', 'Safety']));
  });

  it('deletes into a tombstone, and undo and redo restore and remove it', async () => {
    const user = userEvent.setup();
    const created = await annotate('neutropenia (grade 4)', 'red');
    renderPanel();
    await waitFor(async () => expect(await items()).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: /neutropenia \(grade 4\)/ }));
    await user.click(screen.getByRole('button', { name: 'Delete annotation' }));
    expect(await screen.findByText('No annotations yet.')).toBeInTheDocument();
    expect((await db.annotations.get(created.id))!.deletedAt).not.toBeNull();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(async () => expect(await items()).toHaveLength(1));
    expect((await db.annotations.get(created.id))!.deletedAt).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Redo' }));
    expect(await screen.findByText('No annotations yet.')).toBeInTheDocument();
    expect(await db.annotations.count()).toBe(1);
  });

  it('lists an annotation whose quote is gone under "Needs re-attaching" and re-attaches it to the selection', async () => {
    const user = userEvent.setup();
    const orphan = await createAnnotation(
      db,
      { documentId: docId, target: { position: { type: 'TextPositionSelector', start: 10, end: 40 }, quote: { type: 'TextQuoteSelector', exact: 'a sentence that this article never contained', prefix: '', suffix: '' } }, color: 'yellow' },
      { now: new Date().toISOString() });
    renderPanel();
    const section = await screen.findByRole('region', { name: 'Needs re-attaching (1)' });
    expect(section).toHaveTextContent('a sentence that this article never contained');
    expect(within(section).getByRole('button', { name: 'Select the right text, then re-attach' })).toBeDisabled();
    const at = text.indexOf('transient anemia (grade 2)');
    act(() => useAppStore.getState().setSelection({ pane: 0, documentId: docId, start: at, end: at + 'transient anemia (grade 2)'.length, quote: 'transient anemia (grade 2)' }));
    await user.click(within(section).getByRole('button', { name: 'Re-attach to the selected text' }));
    await waitFor(async () => expect((await db.annotations.get(orphan.id))!.target!.quote.exact).toBe('transient anemia (grade 2)'));
    await waitFor(() => expect(screen.queryByRole('region', { name: /Needs re-attaching/ })).toBeNull());
    expect(await items()).toHaveLength(1);
  });

  it('renders only the entries in view of a long list, each saying where it is in the whole list', async () => {
    for (let i = 0; i < 60; i++) {
      await createAnnotation(db, { documentId: docId, target: describe(text, i * 40, i * 40 + 20), color: 'yellow' }, { now: new Date().toISOString() });
    }
    renderPanel();
    await waitFor(() => expect(screen.getByText(/^60 ·/)).toBeInTheDocument());
    const rendered = await items();
    // The test DOM has no layout: an 800 px viewport and estimated row heights decide the window.
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(60);
    expect(rendered[0]).toHaveAttribute('aria-posinset', '1');
    expect(rendered.at(-1)).toHaveAttribute('aria-posinset', String(rendered.length));
    for (const item of rendered) expect(item).toHaveAttribute('aria-setsize', '60');
  });

  it('lets the reviewer rename a colour’s meaning', async () => {
    const user = userEvent.setup();
    renderPanel();
    await screen.findByText('No annotations yet.');
    await user.click(screen.getByText('Colour meanings'));
    const input = screen.getByRole('textbox', { name: 'Meaning of Magenta' });
    await user.clear(input);
    await user.type(input, 'Ask the author');
    await user.tab();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Magenta: Ask the author' })).toBeInTheDocument());
  });
});
