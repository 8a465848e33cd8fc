import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { describe } from '@shared/anchoring';
import { HIGHLIGHT_COLORS } from '@shared/model';
import type { Annotation, AnnotationId, DocumentId, HighlightColor } from '@shared/model';
import { createAnnotation, updateAnnotation } from '../../../renderer/src/db/annotations';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf, upsertDocuments } from '../../../renderer/src/db/documents';
import { ANNOTATION_ROW_HEIGHT, AnnotationPanel } from '../../../renderer/src/features/annotate/annotation-panel';
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
/**
 * A list's first load waits two frames, the live query and the anchoring; on a loaded machine that
 * takes longer than waitFor's default second, which says nothing about the list.
 */
const LOAD = { timeout: 5_000 };

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
    await waitFor(async () => expect(await items()).toHaveLength(2), LOAD);
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
    await waitFor(async () => expect(await items()).toHaveLength(3), LOAD);
    await user.click(screen.getByRole('button', { name: 'Red: Adverse event, key 2' }));
    expect(screen.getByRole('button', { name: 'Red: Adverse event, key 2' })).toHaveAttribute('aria-pressed', 'true');
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
    await waitFor(async () => expect(await items()).toHaveLength(1), LOAD);
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

  it('keeps tags being typed when the colour changes underneath, and shows a new note where nothing is typed', async () => {
    const user = userEvent.setup();
    const created = await annotate('neutropenia (grade 4)', 'red', '', ['safety']);
    renderPanel();
    await waitFor(async () => expect(await items()).toHaveLength(1), LOAD);
    await user.click(screen.getByRole('button', { name: /neutropenia \(grade 4\)/ }));
    const editor = screen.getByRole('group', { name: 'Edit annotation' });
    const tags = within(editor).getByRole('textbox', { name: 'Tags (comma separated)' });
    await user.type(tags, ', cytop');
    // The colour changes elsewhere (the other pane, an undo) while the reviewer is typing.
    await updateAnnotation(db, created.id, { color: 'orange' }, { label: 'colour' });
    await waitFor(() => expect(within(editor).getByRole('combobox', { name: 'Colour' })).toHaveValue('orange'), LOAD);
    expect(tags).toHaveValue('safety, cytop');
    // The note, untouched in the editor, takes a change made elsewhere; the tags being typed stay.
    await updateAnnotation(db, created.id, { note: 'Grade 4' }, { label: 'note' });
    await waitFor(() => expect(within(editor).getByRole('textbox', { name: 'Note' })).toHaveValue('Grade 4'), LOAD);
    expect(tags).toHaveValue('safety, cytop');
  });

  it('deletes into a tombstone, and undo and redo restore and remove it', async () => {
    const user = userEvent.setup();
    const created = await annotate('neutropenia (grade 4)', 'red');
    renderPanel();
    await waitFor(async () => expect(await items()).toHaveLength(1), LOAD);
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

  it('labels a field value by its field, and asks before deleting one that fills a form field', async () => {
    const user = userEvent.setup();
    const quote = 'Complete B cell depletion was documented on day 5 in the blood';
    const at = text.indexOf(quote);
    const value = await createAnnotation(db, {
      documentId: docId,
      target: describe(text, at, at + quote.length),
      color: 'green',
      field: { fieldKey: 'b_cell_depletion', schemaId: 'car-t-autoimmune@1', value: { type: 'text', text: 'Complete depletion by day 5' }, status: 'parsed', reason: null, qualifier: null },
    });
    renderPanel();
    await waitFor(async () => expect(await items()).toHaveLength(1), LOAD);
    const [row] = await items();
    // The field it fills, not the colour's meaning ("Efficacy").
    expect(row).toHaveTextContent('Field: B-cell depletion and reconstitution');
    expect(row).not.toHaveTextContent('Efficacy');
    await user.click(within(row!).getByRole('button'));
    await user.click(screen.getByRole('button', { name: 'Delete annotation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete the value of B-cell depletion and reconstitution?' });
    expect(dialog).toHaveTextContent('This annotation fills the form field “B-cell depletion and reconstitution”');
    expect(dialog).toHaveTextContent('The field will be empty.');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect((await db.annotations.get(value.id))!.deletedAt).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Delete annotation' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete value' }));
    expect(await screen.findByText('No annotations yet.')).toBeInTheDocument();
    expect((await db.annotations.get(value.id))!.deletedAt).not.toBeNull();
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
    await waitFor(() => expect(screen.getByRole('button', { name: 'Magenta: Ask the author, key 7' })).toBeInTheDocument());
  });
});

suite('AnnotationPanel with 10,000 annotations', () => {
  const COUNT = 10_000;
  // A long article, so each annotation has a place of its own: annotation i starts at offset 10 i.
  const longText = Array.from({ length: 2_000 }, (_, i) => `Paragraph ${String(i).padStart(4, '0')} on cytokine release syndrome after infusion.`).join('\n\n');
  const longId = documentIdOf(longText) as DocumentId;
  const idAt = (i: number) => `annotation-${String(i).padStart(5, '0')}` as AnnotationId;

  beforeEach(async () => {
    await upsertDocuments(db, [{ meta: { ...corpus[0]!.meta, title: 'A long article', fileName: 'long.txt' }, text: longText }], { now: '2026-11-22T10:00:00.000Z' });
    const now = '2026-11-22T11:00:00.000Z';
    await db.annotations.bulkAdd(
      Array.from({ length: COUNT }, (_, i): Annotation => ({
        id: idAt(i),
        documentId: longId,
        target: describe(longText, i * 10, i * 10 + 25),
        color: HIGHLIGHT_COLORS[i % HIGHLIGHT_COLORS.length]!,
        note: i % 3 === 0 ? `Note ${i}` : '',
        tags: i % 5 === 0 ? ['safety'] : [],
        field: null,
        creator: 'Tester',
        createdAt: now,
        modifiedAt: now,
        deletedAt: null,
      })),
    );
    act(() => useAppStore.getState().openDocument(longId, 0));
  });

  async function longList() {
    renderPanel();
    const list = await screen.findByRole('list', { name: 'Annotations in reading order' }, { timeout: 15_000 });
    expect(screen.getByText(`${COUNT} · left pane`)).toBeInTheDocument();
    return { list, scroller: list.parentElement! };
  }
  const rows = (list: HTMLElement) => within(list).getAllByRole('listitem');
  const positions = (list: HTMLElement) => rows(list).map((row) => Number(row.getAttribute('aria-posinset')));

  it('renders only the rows in view, each saying its place in the whole list', async () => {
    const { list } = await longList();
    expect(rows(list).length).toBeGreaterThan(0);
    expect(rows(list).length).toBeLessThan(100);
    expect(positions(list)[0]).toBe(1);
    for (const row of rows(list)) expect(row).toHaveAttribute('aria-setsize', String(COUNT));
    expect(rows(list)[0]).toHaveTextContent('Paragraph 0000 on cytoki');
    // The list is as tall as all rows would be, so the scrollbar tells where the reviewer is.
    expect(list.style.height).toBe(`${COUNT * ANNOTATION_ROW_HEIGHT}px`);
  }, 60_000);

  it('brings other rows in when the list scrolls', async () => {
    const { list, scroller } = await longList();
    act(() => scroller.scrollTo({ top: 6_000 * ANNOTATION_ROW_HEIGHT }));
    await waitFor(() => expect(positions(list)).toContain(6_001));
    expect(positions(list)).not.toContain(1);
    expect(rows(list).length).toBeLessThan(100);
    const row = rows(list).find((r) => r.getAttribute('aria-posinset') === '6001')!;
    expect(row.style.top).toBe(`${6_000 * ANNOTATION_ROW_HEIGHT}px`);
  }, 60_000);

  it('moves between rows with the arrow keys, Home and End, scrolling the next one in', async () => {
    const { list } = await longList();
    const open = (position: number) =>
      within(rows(list).find((r) => r.getAttribute('aria-posinset') === String(position))!).getByRole('button');
    open(1).focus();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(open(2)));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    await waitFor(() => expect(document.activeElement?.closest('li')).toHaveAttribute('aria-posinset', String(COUNT)));
    expect(positions(list)).not.toContain(1);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await waitFor(() => expect(document.activeElement?.closest('li')).toHaveAttribute('aria-posinset', String(COUNT - 1)));
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    await waitFor(() => expect(document.activeElement?.closest('li')).toHaveAttribute('aria-posinset', '1'));
    expect(rows(list).length).toBeLessThan(100);
  }, 60_000);

  it('scrolls the list to an annotation selected in the text, and shows its editor under the list', async () => {
    const { list } = await longList();
    expect(positions(list)).not.toContain(7_001);
    act(() => useAppStore.getState().selectAnnotation({ pane: 0, id: idAt(7_000) }));
    await waitFor(() => expect(positions(list)).toContain(7_001));
    const row = rows(list).find((r) => r.getAttribute('aria-posinset') === '7001')!;
    expect(row).toHaveAttribute('data-selected', 'true');
    expect(within(row).getByRole('button')).toHaveAttribute('aria-current', 'true');
    const selected = screen.getByRole('region', { name: 'Selected annotation' });
    expect(selected).toHaveTextContent(longText.slice(70_000, 70_025));
    expect(within(selected).getByRole('group', { name: 'Edit annotation' })).toBeInTheDocument();
    expect(rows(list).length).toBeLessThan(100);
  }, 60_000);

  it('scrolls to the selected annotation once, not again when an annotation added above it moves it down', async () => {
    const { list, scroller } = await longList();
    act(() => useAppStore.getState().selectAnnotation({ pane: 0, id: idAt(7_000) }));
    await waitFor(() => expect(positions(list)).toContain(7_001));
    // The reviewer scrolls back to the top, then an annotation is made before every other one.
    act(() => scroller.scrollTo({ top: 0 }));
    await waitFor(() => expect(positions(list)).toContain(1));
    await createAnnotation(db, { documentId: longId, target: describe(longText, 0, 5), color: 'green' }, { now: '2026-11-22T12:00:00.000Z' });
    await waitFor(() => expect(screen.getByText(`${COUNT + 1} · left pane`)).toBeInTheDocument(), { timeout: 15_000 });
    await waitFor(() => expect(rows(list)[0]).toHaveTextContent('Parag'));
    expect(positions(list)).toContain(1);
    expect(positions(list)).not.toContain(7_002);
    expect(scroller.scrollTop).toBe(0);
  }, 60_000);
});
