// The command menu's desk commands: open a document by its title, switch pane, step through
// annotations, the next empty required field, find in the document, and the next document to review.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describe as describeSelection } from '@shared/anchoring';
import type { AnnotationId, DocumentId } from '@shared/model';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { createAnnotation } from '../../../renderer/src/db/annotations';
import { setReviewStatus } from '../../../renderer/src/db/statuses';
import { CommandMenu } from '../../../renderer/src/features/export/command-menu';
import { resetDataStore } from '../../../renderer/src/features/export/data-store';
import { buildDeskCommands, steppedAnnotation, useDeskCommands } from '../../../renderer/src/features/export/desk-commands';
import type { DeskActions } from '../../../renderer/src/features/export/desk-commands';
import { FormPanel } from '../../../renderer/src/features/fields/form-panel';
import { LibraryPanel } from '../../../renderer/src/features/library/library-panel';
import { ReaderPane } from '../../../renderer/src/features/reader/reader-pane';
import { FindBar } from '../../../renderer/src/features/search/find-bar';
import type { AnchoredAnnotation } from '../../../renderer/src/document/anchored-set';
import { useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const corpus = bundledDocuments();
const ids = corpus.map((d) => documentIdOf(d.text) as DocumentId);
let db: MarginDatabase;

beforeEach(async () => {
  resetDataStore();
  db = await deskWithCorpus(ids[0]);
});
afterEach(() => db.close());

/** As app.tsx composes it: the desk's commands handed to the menu from inside <OpenDocuments>. */
function Commands() {
  return <CommandMenu extraCommands={useDeskCommands()} />;
}

function renderDesk() {
  return renderWithDatabase(
    db,
    <>
      <LibraryPanel />
      <ReaderPane pane={0} Layer={FindBar} />
      <FormPanel />
      <Commands />
    </>,
  );
}

async function runCommand(user: ReturnType<typeof userEvent.setup>, typed: string, expected: string) {
  await user.keyboard('{Control>}k{/Control}');
  const input = await screen.findByRole('combobox', { name: 'Find a command' });
  await user.type(input, typed);
  await waitFor(() => expect(within(screen.getByRole('listbox', { name: 'Commands' })).getAllByRole('option')[0]).toHaveTextContent(expected));
  await user.keyboard('{Enter}');
  await waitFor(() => expect(screen.queryByRole('combobox', { name: 'Find a command' })).toBeNull());
}

const item = (id: string, start: number): AnchoredAnnotation => ({ annotation: { id } as never, start, end: start + 3, method: 'position' });

describe('steppedAnnotation', () => {
  const anchored = [item('a', 1), item('b', 10), item('c', 20)];
  it('steps in reading order from the selected one and wraps round', () => {
    expect(steppedAnnotation(anchored, null, 1)).toBe('a');
    expect(steppedAnnotation(anchored, null, -1)).toBe('c');
    expect(steppedAnnotation(anchored, 'a' as AnnotationId, 1)).toBe('b');
    expect(steppedAnnotation(anchored, 'c' as AnnotationId, 1)).toBe('a');
    expect(steppedAnnotation(anchored, 'a' as AnnotationId, -1)).toBe('c');
    expect(steppedAnnotation([], null, 1)).toBeNull();
  });
});

describe('buildDeskCommands', () => {
  const actions: DeskActions = { openLibraryFilter: () => {}, switchPane: () => {}, showAnnotation: () => {}, nextEmptyField: () => {}, find: () => {}, nextDocument: () => {}, addDocumentNote: () => {} };
  it('offers what the desk can do now: no find or field without a document, no annotation steps without annotations', () => {
    const base = { view: 'desk' as const, activePane: 0 as const, secondPaneOpen: false, documentId: null, anchored: null, selectedAnnotation: null };
    expect(buildDeskCommands(base, actions).map((c) => c.label)).toEqual(['Open a document…', 'Next document to review', 'Open the right pane and switch to it']);
    const open = buildDeskCommands({ ...base, secondPaneOpen: true, activePane: 1, documentId: ids[0]!, anchored: [item('a', 1)] }, actions).map((c) => c.label);
    expect(open).toEqual(['Open a document…', 'Next document to review', 'Switch to the left pane', 'Find in this document…', 'Next annotation', 'Previous annotation', 'Next empty required field', 'Add a document note']);
    expect(buildDeskCommands({ ...base, view: 'table', documentId: ids[0]! }, actions).map((c) => c.id)).toEqual(['open-document', 'next-document']);
  });
});

describe('desk commands in the command menu', () => {
  it('opens a document found by its title', async () => {
    const user = userEvent.setup();
    renderDesk();
    const words = corpus[3]!.meta.title.split(' ').slice(0, 3).join(' ');
    await runCommand(user, words, `Open “${corpus[3]!.meta.title}”`);
    expect(useAppStore.getState().panes[0]).toBe(ids[3]);
  });

  it('"Open a document…" puts the focus in the library filter', async () => {
    const user = userEvent.setup();
    renderDesk();
    await screen.findByRole('list', { name: 'Documents' });
    await runCommand(user, 'open a document', 'Open a document…');
    await waitFor(() => expect(screen.getByRole('searchbox', { name: 'Filter documents' })).toHaveFocus());
  });

  it('goes to the next document in library order that is not Done', async () => {
    const user = userEvent.setup();
    await setReviewStatus(db, ids[1]!, 'done');
    renderDesk();
    await runCommand(user, 'next document', 'Next document to review');
    await waitFor(() => expect(useAppStore.getState().panes[0]).toBe(ids[2]));
  });

  it('opens the right pane and switches to it', async () => {
    const user = userEvent.setup();
    renderDesk();
    await runCommand(user, 'switch pane', 'Open the right pane and switch to it');
    expect(useAppStore.getState()).toMatchObject({ activePane: 1, secondPaneOpen: true });
  });

  it('steps to the next and previous annotation, selecting each', async () => {
    const user = userEvent.setup();
    const text = corpus[0]!.text;
    const first = await createAnnotation(db, { documentId: ids[0]!, target: describeSelection(text, 100, 120), color: 'yellow' });
    const second = await createAnnotation(db, { documentId: ids[0]!, target: describeSelection(text, 400, 420), color: 'blue' });
    renderDesk();
    await within(screen.getByRole('region', { name: 'Reader, left pane' })).findByRole('heading', { level: 2 });
    await runCommand(user, 'next annotation', 'Next annotation');
    await waitFor(() => expect(useAppStore.getState().selectedAnnotation).toEqual({ pane: 0, id: first.id }));
    await runCommand(user, 'next annotation', 'Next annotation');
    expect(useAppStore.getState().selectedAnnotation).toEqual({ pane: 0, id: second.id });
    await runCommand(user, 'previous annotation', 'Previous annotation');
    expect(useAppStore.getState().selectedAnnotation).toEqual({ pane: 0, id: first.id });
  });

  it('moves the focus to the next empty required field, and on from there', async () => {
    const user = userEvent.setup();
    renderDesk();
    await screen.findByRole('group', { name: 'Design (required)' });
    await runCommand(user, 'empty required', 'Next empty required field');
    await waitFor(() => expect(screen.getByRole('group', { name: 'Design (required)' })).toContainElement(document.activeElement as HTMLElement));
    await runCommand(user, 'empty required', 'Next empty required field');
    await waitFor(() => expect(document.activeElement?.closest('[role=group]')).not.toBe(screen.getByRole('group', { name: 'Design (required)' })));
    expect(document.activeElement?.closest('.form-field')).toHaveAttribute('data-missing');
  });

  it('opens find in the active pane', async () => {
    const user = userEvent.setup();
    renderDesk();
    await within(screen.getByRole('region', { name: 'Reader, left pane' })).findByRole('heading', { level: 2 });
    await runCommand(user, 'find in', 'Find in this document…');
    await waitFor(() => expect(screen.getByRole('searchbox', { name: 'Find in document' })).toHaveFocus());
  });
});

