// One anchored set per open document: the reader pane, the annotation panel and the form panel read
// the same set, so a document's annotations are read once per change, not once per screen.
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe as suite, expect, it, vi } from 'vitest';
import { describe } from '@shared/anchoring';
import type { DocumentId } from '@shared/model';
import { createAnnotation } from '../../../renderer/src/db/annotations';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { useAnchoredSet } from '../../../renderer/src/document/open-documents';
import type { AnchoredSet } from '../../../renderer/src/document/anchored-set';
import { AnnotationLayer } from '../../../renderer/src/features/annotate/annotation-layer';
import { AnnotationPanel } from '../../../renderer/src/features/annotate/annotation-panel';
import { FormPanel } from '../../../renderer/src/features/fields/form-panel';
import { ReaderPane } from '../../../renderer/src/features/reader/reader-pane';
import { useAppStore } from '../../../renderer/src/store/app-store';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const corpus = bundledDocuments();
const left = corpus[1]!;
const right = corpus[3]!;
const leftId = documentIdOf(left.text) as DocumentId;
const rightId = documentIdOf(right.text) as DocumentId;
let db: MarginDatabase;
/** The document of every full read of a document's annotations (listAnnotations). */
let reads: DocumentId[];

async function annotate(text: string, documentId: DocumentId, quote: string) {
  const at = text.indexOf(quote);
  if (at < 0) throw new Error(quote);
  return createAnnotation(db, { documentId, target: describe(text, at, at + quote.length), color: 'red' }, { now: new Date().toISOString() });
}

beforeEach(async () => {
  db = await deskWithCorpus(leftId);
  reads = [];
  const where = db.annotations.where.bind(db.annotations);
  vi.spyOn(db.annotations, 'where').mockImplementation(((index: string) => {
    const clause = where(index);
    // A full read (listAnnotations) walks the position index from its very start, a page at a time;
    // the preview read of the highlights in view starts at an offset.
    if (index === '[documentId+target.position.start]') {
      const between = clause.between.bind(clause);
      clause.between = (lower, ...rest) => {
        const [documentId, from] = lower as [DocumentId, number];
        if (from === -Infinity) reads.push(documentId);
        return between(lower, ...rest);
      };
    }
    return clause;
  }) as typeof db.annotations.where);
});
afterEach(() => db.close());

const countOf = (documentId: DocumentId) => reads.filter((id) => id === documentId).length;

async function listed(): Promise<HTMLElement[]> {
  const list = await screen.findByRole('list', { name: 'Annotations in reading order' });
  return within(list).queryAllByRole('listitem');
}

/** Lets pending frames and live queries settle, so a read that would come late has come. */
async function settle() {
  await act(() => new Promise((done) => setTimeout(done, 150)));
}

suite('OpenDocuments', () => {
  it('reads an open document’s annotations once per change for the reader pane and both side panels together', async () => {
    await annotate(left.text, leftId, 'neutropenia (grade 4)');
    await annotate(left.text, leftId, 'transient anemia (grade 2)');
    renderWithDatabase(
      db,
      <>
        <ReaderPane pane={0} Layer={AnnotationLayer} />
        <AnnotationPanel />
        <FormPanel />
      </>,
    );
    await waitFor(async () => expect(await listed()).toHaveLength(2), { timeout: 5_000 });
    expect(await screen.findByRole('status', { name: 'Extraction completeness' })).toBeInTheDocument();
    await settle();
    expect(countOf(leftId)).toBe(1);

    await annotate(left.text, leftId, '1 × 106 CAR T cells/kg');
    await waitFor(async () => expect(await listed()).toHaveLength(3), { timeout: 5_000 });
    await settle();
    expect(countOf(leftId)).toBe(2);
  });

  it('loads a document open in both panes once, and each other open document once', async () => {
    const seen: (AnchoredSet | null)[][] = [];
    function Probe() {
      seen.push([useAnchoredSet(leftId), useAnchoredSet(rightId)]);
      return null;
    }
    renderWithDatabase(
      db,
      <>
        <ReaderPane pane={0} Layer={AnnotationLayer} />
        <ReaderPane pane={1} Layer={AnnotationLayer} />
        <Probe />
      </>,
    );
    act(() => useAppStore.getState().openDocument(leftId, 1));
    await waitFor(() => expect(seen.at(-1)![0]).not.toBeNull(), { timeout: 5_000 });
    await settle();
    expect(countOf(leftId)).toBe(1);
    expect(seen.at(-1)![1]).toBeNull();

    act(() => useAppStore.getState().openDocument(rightId, 1));
    await waitFor(() => expect(seen.at(-1)![1]).not.toBeNull(), { timeout: 5_000 });
    await settle();
    expect(countOf(rightId)).toBe(1);
    expect(countOf(leftId)).toBe(1);

    // Closing the right pane drops its document: a later change to it is read by no one.
    act(() => useAppStore.getState().setSecondPaneOpen(false));
    await settle();
    expect(seen.at(-1)![1]).toBeNull();
    await annotate(right.text, rightId, right.text.slice(200, 240));
    await settle();
    expect(countOf(rightId)).toBe(1);
  });
});
