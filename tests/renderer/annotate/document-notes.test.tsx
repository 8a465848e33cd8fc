// The document notes of the annotation panel (issue 15 point 15): a designed empty state, adding a
// note from the keyboard, its author and time shown, editing, deleting after a question (and undo
// bringing it back), and Shift+N or the command menu's request opening the box.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDocumentNote } from '@shared/evidence';
import type { DocumentId, Setting } from '@shared/model';
import { createDocumentNote, listAnnotations } from '../../../renderer/src/db/annotations';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { REVIEWER_KEY } from '../../../renderer/src/db/funnel';
import { scopeOf, undo } from '../../../renderer/src/db/history';
import { AnnotationPanel } from '../../../renderer/src/features/annotate/annotation-panel';
import { DocumentHeader } from '../../../renderer/src/features/reader/document-header';
import { useAnnotateShortcuts } from '../../../renderer/src/features/annotate/use-annotate-shortcuts';
import { useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const corpus = bundledDocuments();
const docId = documentIdOf(corpus[1]!.text) as DocumentId;
let db: MarginDatabase;
const LOAD = { timeout: 5_000 };

beforeEach(async () => {
  db = await deskWithCorpus(docId);
  await db.settings.put({ key: REVIEWER_KEY, value: { id: 'ana-0001', name: 'Ana Ruiz', initials: 'AR', createdAt: '', chosen: true } } satisfies Setting);
});
afterEach(() => db.close());

function PanelWithShortcuts() {
  useAnnotateShortcuts();
  return <AnnotationPanel />;
}

const notesSection = () => screen.findByRole('region', { name: /^Document notes/ }, LOAD);
const storedNotes = async () => (await listAnnotations(db, docId)).filter(isDocumentNote).map((a) => a.note);

describe('Document notes in the annotation panel', () => {
  it('says what belongs there when the document has none', async () => {
    renderWithDatabase(db, <AnnotationPanel />);
    const section = await notesSection();
    expect(within(section).getByText('No notes on this document yet.')).toBeInTheDocument();
    expect(within(section).getByText(/a screening decision, a question for the authors/)).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Add document note' })).toHaveAttribute('aria-keyshortcuts', 'Shift+N');
  });

  it('adds a note from the keyboard (Enter on Add, type, Ctrl+Enter), stored with its author and shown with them', async () => {
    const user = userEvent.setup();
    renderWithDatabase(db, <AnnotationPanel />);
    const section = await notesSection();
    within(section).getByRole('button', { name: 'Add document note' }).focus();
    await user.keyboard('{Enter}');
    const box = within(section).getByRole('textbox', { name: 'New document note' });
    expect(box).toHaveFocus();
    expect(within(section).getByRole('button', { name: 'Save note' })).toBeDisabled();
    await user.keyboard('Excluded at full text: wrong population');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(async () => expect(await storedNotes()).toEqual(['Excluded at full text: wrong population']));
    const list = await within(section).findByRole('list', { name: 'Document notes, oldest first' }, LOAD);
    const [item] = within(list).getAllByRole('listitem');
    expect(item).toHaveTextContent('Excluded at full text: wrong population');
    expect(item).toHaveTextContent(/Ana Ruiz · /);
    expect(screen.getByRole('heading', { name: 'Document notes (1)' })).toBeInTheDocument();
    // Focus comes back to Add, ready for the next note.
    await waitFor(() => expect(within(section).getByRole('button', { name: 'Add document note' })).toHaveFocus());
    // The highlights list is not where the note went.
    expect(screen.getByText('No annotations yet.')).toBeInTheDocument();
  });

  it('edits a note (Escape cancels, Ctrl+Enter saves) and shows that it was edited', async () => {
    const user = userEvent.setup();
    await createDocumentNote(db, docId, 'Asked the authors for the per-patient table', { now: '2026-12-01T20:00:00.000Z' });
    renderWithDatabase(db, <AnnotationPanel />);
    const section = await notesSection();
    await user.click(await within(section).findByRole('button', { name: 'Edit document note 1' }, LOAD));
    const box = within(section).getByRole('textbox', { name: 'Edit document note 1' });
    expect(box).toHaveValue('Asked the authors for the per-patient table');
    await user.keyboard(' (draft){Escape}');
    expect(within(section).queryByRole('textbox')).not.toBeInTheDocument();
    expect(await storedNotes()).toEqual(['Asked the authors for the per-patient table']);
    await waitFor(() => expect(within(section).getByRole('button', { name: 'Edit document note 1' })).toHaveFocus());
    await user.keyboard('{Enter}');
    await user.keyboard('; reply due in May{Control>}{Enter}{/Control}');
    await waitFor(async () => expect(await storedNotes()).toEqual(['Asked the authors for the per-patient table; reply due in May']));
    await waitFor(() => expect(within(section).getByRole('listitem')).toHaveTextContent(/· edited /));
  });

  it('asks before deleting, and undo brings the note back', async () => {
    const user = userEvent.setup();
    await createDocumentNote(db, docId, 'First thought');
    await createDocumentNote(db, docId, 'Second thought');
    renderWithDatabase(db, <AnnotationPanel />);
    const section = await notesSection();
    await user.click(await within(section).findByRole('button', { name: 'Delete document note 1' }, LOAD));
    const dialog = screen.getByRole('dialog', { name: 'Delete this document note?' });
    expect(dialog).toHaveTextContent('First thought');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect((await storedNotes()).sort()).toEqual(['First thought', 'Second thought']);
    await user.click(within(section).getByRole('button', { name: 'Delete document note 1' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete note' }));
    await waitFor(async () => expect(await storedNotes()).toEqual(['Second thought']));
    await waitFor(() => expect(within(section).getAllByRole('listitem')).toHaveLength(1));
    await undo(db, scopeOf(docId));
    await waitFor(() => expect(within(section).getAllByRole('listitem')).toHaveLength(2), LOAD);
  });

  it('opens the box on Shift+N with nothing selected, and on the command menu’s request', async () => {
    const user = userEvent.setup();
    renderWithDatabase(db, <PanelWithShortcuts />);
    const section = await notesSection();
    await user.keyboard('{Shift>}N{/Shift}');
    expect(await within(section).findByRole('textbox', { name: 'New document note' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(within(section).queryByRole('textbox')).not.toBeInTheDocument();
    useAppStore.getState().requestDocumentNote(docId);
    expect(await within(section).findByRole('textbox', { name: 'New document note' })).toHaveFocus();
    expect(useAppStore.getState().documentNoteRequest).toBeNull();
  });

  it("the reader header counts the notes, and its button moves the focus to them", async () => {
    const user = userEvent.setup();
    await createDocumentNote(db, docId, 'Excluded at full text: wrong population');
    await createDocumentNote(db, docId, 'Asked the authors for the per-patient table');
    const meta = (await db.documents.get(docId))!;
    renderWithDatabase(
      db,
      <>
        <DocumentHeader meta={meta} />
        <AnnotationPanel />
      </>,
    );
    const count = await screen.findByRole('button', { name: '2 document notes' }, LOAD);
    await user.click(count);
    await waitFor(() => expect(screen.getByRole('region', { name: 'Document notes (2)' })).toHaveFocus());
  });
});
