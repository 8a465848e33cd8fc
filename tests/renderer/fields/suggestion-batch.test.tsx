// "Suggest values" over many documents (issue 14): the active review's documents, named on the
// button; progress in documents; Stop that terminates the worker mid-document; a summary per
// document; the suggestions kept for documents not open; and blinding respected in a team review.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { describe as describeRange } from '@shared/anchoring';
import type { Annotation, AnnotationId, DocumentId, ReviewerId, Setting } from '@shared/model';
import type { MarginDatabase } from '../../../renderer/src/db/database';
import { addImportedAnnotations } from '../../../renderer/src/db/annotations';
import { documentIdOf } from '../../../renderer/src/db/documents';
import { REVIEWER_KEY } from '../../../renderer/src/db/funnel';
import { createReview, setReviewerProgress } from '../../../renderer/src/db/reviews';
import { suggestAndAlert } from '../../../renderer/src/db/suggestions';
import { runSuggestBatch } from '../../../renderer/src/document/use-suggestions';
import { SuggestBatchControls } from '../../../renderer/src/features/fields/suggestion-review';
import { resetAssistantStore, useAssistantStore } from '../../../renderer/src/store/assistant-store';
import { createAssistantClient } from '../../../renderer/src/workers/assistant-client';
import type { AssistantWorker } from '../../../renderer/src/workers/assistant-client';
import { handleAssistantRequest } from '../../../renderer/src/workers/assistant-protocol';
import type { AssistantRequest } from '../../../renderer/src/workers/assistant-protocol';
import { bundledDocuments } from '../../helpers/corpus';
import { deskWithCorpus, renderWithDatabase } from '../../helpers/desk';

const corpus = bundledDocuments();
const ids = corpus.map((d) => documentIdOf(d.text) as DocumentId);
const JDM = ids[1]!;
let db: MarginDatabase;
afterEach(() => {
  db?.close();
  resetAssistantStore();
});

async function asReviewer(id: string, name: string) {
  await db.settings.put({ key: REVIEWER_KEY, value: { id, name, initials: name.slice(0, 2).toUpperCase(), createdAt: '', chosen: true } } satisfies Setting);
}

/** A worker that answers the first `answered` requests as the real one would and holds the rest, as a long article would. */
function slowWorker(answered: number) {
  const state = { received: 0, terminated: false };
  const worker: AssistantWorker = {
    onmessage: null,
    onerror: null,
    postMessage(message: AssistantRequest) {
      state.received += 1;
      if (state.received <= answered) queueMicrotask(() => worker.onmessage?.({ data: handleAssistantRequest(message) } as MessageEvent));
    },
    terminate() {
      state.terminated = true;
    },
  };
  return { worker, state };
}

describe('Suggest values over many documents', () => {
  it("covers the active review's documents, says so, shows progress and a summary, and keeps each document's suggestions", async () => {
    db = await deskWithCorpus();
    await asReviewer('ana', 'Ana Ruiz');
    await createReview(db, {
      name: 'Lupus pilot',
      schemaKey: 'car-t-autoimmune@3',
      documentIds: [ids[0]!, JDM],
      members: [{ reviewerId: 'ana', name: 'Ana Ruiz', role: 'extractor' }],
      blinded: false,
    });
    renderWithDatabase(db, <SuggestBatchControls schema={DEFAULT_SCHEMA} />);
    const start = await screen.findByRole('button', { name: 'Suggest values for review ‘Lupus pilot’ — 2 documents' });
    await waitFor(() => expect(start).toBeEnabled());
    fireEvent.click(start);
    await screen.findByText(/^Done: 2 of 2 documents read, \d+ values suggested\.$/, {}, { timeout: 20_000 });
    expect(screen.getByRole('progressbar', { name: 'Suggesting for review ‘Lupus pilot’' })).toHaveAttribute('aria-valuetext', '2 of 2 documents');
    const rows = within(screen.getByRole('list', { name: 'Suggestions for review ‘Lupus pilot’, per document' })).getAllByRole('listitem');
    const titles = await Promise.all([ids[0]!, JDM].map(async (id) => (await db.documents.get(id))!.title));
    expect(rows.map((r) => r.textContent?.split(': ')[0])).toEqual(titles);
    expect(rows[1]!.textContent).toMatch(/\d+ suggestions to review/);
    // Only the review's documents were read, and their suggestions wait for them to be opened.
    const kept = useAssistantStore.getState().byDocument;
    expect([...kept.keys()].sort()).toEqual([ids[0]!, JDM].sort());
    expect(kept.get(JDM)!.suggestions.some((s) => s.fieldKey === 'crs_grade')).toBe(true);
  }, 30_000);

  it('offers the library when no review is active', async () => {
    db = await deskWithCorpus();
    renderWithDatabase(db, <SuggestBatchControls schema={DEFAULT_SCHEMA} />);
    expect(await screen.findByRole('button', { name: 'Suggest values for the library — 5 documents' })).toBeInTheDocument();
  });

  it('Stop ends the run at once: the worker is terminated mid-document and nothing more is read', async () => {
    db = await deskWithCorpus();
    renderWithDatabase(db, <SuggestBatchControls schema={DEFAULT_SCHEMA} />);
    const { worker, state } = slowWorker(1);
    const client = createAssistantClient(() => worker);
    let finished = false;
    const run = runSuggestBatch(db, DEFAULT_SCHEMA, ids, 'the library', client).then((b) => ((finished = true), b));
    // The second document is in the worker, which will not answer on its own.
    await waitFor(() => expect(state.received).toBe(2), { timeout: 20_000 });
    expect(await screen.findByText(/^Suggesting for the library: 1 of 5 documents/)).toBeInTheDocument();
    expect(finished).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    const batch = await run;
    expect(state.terminated).toBe(true);
    expect(state.received).toBe(2);
    expect(batch).toMatchObject({ done: 1, failed: 0, running: false, stopRequested: true });
    expect(batch.outcomes.map((o) => o.documentId)).toEqual([ids[0]]);
    expect(await screen.findByText(/^Stopped: 1 of 5 documents read, \d+ values? suggested; 4 documents were not reached\.$/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    expect([...useAssistantStore.getState().byDocument.keys()]).toEqual([ids[0]]);
    // The run wrote nothing.
    expect(await db.annotations.count()).toBe(0);
    expect(await db.suggestionRejections.count()).toBe(0);
  }, 30_000);
});

describe('blinding', () => {
  function colleagueValue(fieldKey: string, quote: string): Annotation {
    const text = corpus[1]!.text;
    const at = text.indexOf(quote);
    return {
      id: `ben-${fieldKey}` as AnnotationId,
      documentId: JDM,
      target: describeRange(text, at, at + quote.length),
      color: 'yellow',
      note: '',
      tags: [],
      field: { fieldKey, schemaId: 'car-t-autoimmune@3', value: { type: 'text', text: quote }, status: 'parsed', reason: null, qualifier: null },
      creator: 'Ben Okafor',
      creatorId: 'ben' as ReviewerId,
      createdAt: '2026-12-01T10:00:00.000Z',
      modifiedAt: '2026-12-01T10:00:00.000Z',
      deletedAt: null,
    };
  }

  it("an extractor's run is not shaped by a colleague's values or rejections until blinding lifts", async () => {
    db = await deskWithCorpus();
    const before = (await suggestAndAlert(db, JDM, DEFAULT_SCHEMA))!;
    const crs = before.result.suggestions.find((s) => s.fieldKey === 'crs_grade')!;
    const design = before.result.suggestions.find((s) => s.fieldKey === 'study_design')!;
    expect(before.alerts.some((a) => a.key === 'cytopenias')).toBe(true);
    const review = await createReview(db, {
      name: 'Blind',
      schemaKey: 'car-t-autoimmune@3',
      documentIds: [JDM],
      members: [
        { reviewerId: 'ana', name: 'Ana Ruiz', role: 'extractor' },
        { reviewerId: 'ben', name: 'Ben Okafor', role: 'extractor' },
      ],
      blinded: true,
    });
    // Ben tags CRS from the very words the assistant would quote, fills cytopenias, and rejects the design.
    await addImportedAnnotations(db, [
      { ...colleagueValue('crs_grade', crs.target.quote.exact), reviewId: review.id },
      { ...colleagueValue('cytopenias', 'neutropenia (grade 4)'), reviewId: review.id },
    ]);
    await db.suggestionRejections.put({ id: `${JDM}|${design.id}`, documentId: JDM, suggestionId: design.id, fieldKey: design.fieldKey, instance: null, value: design.value, quote: design.target.quote.exact, rule: design.rule, by: 'ben' as ReviewerId, at: '2026-12-01T10:00:00.000Z' });

    await asReviewer('ana', 'Ana Ruiz');
    const blind = (await suggestAndAlert(db, JDM, DEFAULT_SCHEMA))!;
    expect(blind.result.suggestions.map((s) => s.id)).toEqual(before.result.suggestions.map((s) => s.id));
    expect(blind.alerts).toEqual(before.alerts);

    // Once both extractors are Done, Ben's work is Ana's to see, and the run builds on it.
    await setReviewerProgress(db, review.id, JDM, 'done', { reviewerId: 'ana' as ReviewerId });
    await setReviewerProgress(db, review.id, JDM, 'done', { reviewerId: 'ben' as ReviewerId });
    const lifted = (await suggestAndAlert(db, JDM, DEFAULT_SCHEMA))!;
    expect(lifted.result.suggestions.some((s) => s.id === crs.id)).toBe(false);
    expect(lifted.result.suggestions.some((s) => s.id === design.id)).toBe(false);
    expect(lifted.alerts.some((a) => a.key === 'cytopenias')).toBe(false);
  }, 30_000);
});
