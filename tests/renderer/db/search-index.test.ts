// The search index follows Dexie: built from it at start (with progress), updated after each
// committed import, undo (a delete) and redo (a restore), status change and annotation, caught up
// by stamps when opened again, and rebuilt from nothing; Dexie stays the source of every answer.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentId } from '@shared/model';
import { toEvidenceEntry } from '@shared/evidence';
import { DEFAULT_SCHEMA } from '@shared/fields/default-schema';
import { tagFromQuote } from '../../../renderer/src/document/field-values';
import { createAnnotation, updateAnnotation } from '../../../renderer/src/db/annotations';
import { upsertDocuments } from '../../../renderer/src/db/documents';
import { LIBRARY_SCOPE, redo, undo, useHistory } from '../../../renderer/src/db/history';
import { SearchIndex } from '../../../renderer/src/db/search-index';
import type { IndexState } from '../../../renderer/src/db/search-index';
import { setReviewStatus } from '../../../renderer/src/db/statuses';
import { createSearchClient } from '../../../renderer/src/workers/search-client';
import type { SearchClient } from '../../../renderer/src/workers/search-client';
import { bundledDocuments } from '../../helpers/corpus';
import { freshDatabase } from '../../helpers/db';

const NOW = '2026-11-22T10:00:00.000Z';
const corpus = bundledDocuments();
const remission = corpus[3]!;

async function titlesFor(index: SearchIndex, input: string): Promise<string[]> {
  const outcome = await index.search(input);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.hits.map((hit) => hit.meta?.title ?? '?');
}

/** A client that counts how many documents it was sent, to see what a catch-up re-indexes. */
function countingClient(inner: SearchClient): SearchClient & { sent: number } {
  const counting = Object.assign(Object.create(null) as object, inner, {
    sent: 0,
    upsert: (docs: Parameters<SearchClient['upsert']>[0], more?: boolean) => {
      counting.sent += docs.length;
      return inner.upsert(docs, more);
    },
  }) as SearchClient & { sent: number };
  return counting;
}

beforeEach(() => useHistory.getState().clear());

describe('SearchIndex', () => {
  it('builds from the stored documents with progress, then follows imports, undo and redo', async () => {
    const db = freshDatabase();
    await upsertDocuments(db, corpus.slice(0, 3), { now: NOW });
    const index = new SearchIndex(db, createSearchClient(() => null));
    const seen: IndexState['state'][] = [];
    index.subscribe(() => seen.push(index.getStatus().index.state));
    await index.start();
    expect(seen).toContain('building');
    expect(index.getStatus().index).toEqual({ state: 'ready', documents: 3 });
    // Without a Worker (jsdom) the index is in memory, and says so.
    expect(index.getStatus().storage).toEqual({ kind: 'memory', reason: 'Workers are unavailable here' });
    expect(await titlesFor(index, '"hospital admission"')).toEqual([]);

    // An import: found once it has committed.
    await upsertDocuments(db, [remission], { now: NOW });
    await index.settled();
    expect(await titlesFor(index, '"hospital admission"')).toEqual([remission.meta.title]);

    // Undoing the import removes the document; redoing restores it.
    await undo(db, LIBRARY_SCOPE);
    await index.settled();
    expect(await titlesFor(index, '"hospital admission"')).toEqual([]);
    await redo(db, LIBRARY_SCOPE);
    await index.settled();
    expect(await titlesFor(index, '"hospital admission"')).toEqual([remission.meta.title]);
    index.stop();
  });

  it('follows review status and annotations, and searches values as the evidence view model formats them', async () => {
    const db = freshDatabase();
    const { added } = await upsertDocuments(db, corpus, { now: NOW });
    const id = added[3]!.id as DocumentId;
    const index = new SearchIndex(db, createSearchClient(() => null));
    await index.start();
    expect(await titlesFor(index, 'remission status:done')).toEqual([]);
    await setReviewStatus(db, id, 'done', { now: NOW });
    await index.settled();
    expect(await titlesFor(index, 'remission status:done')).toEqual([remission.meta.title]);

    const text = remission.text;
    const start = text.indexOf('hospital admission');
    const annotation = await createAnnotation(
      db,
      { documentId: id, color: 'yellow', note: 'denominator unclear', tags: ['safety signal'], target: { position: { type: 'TextPositionSelector', start, end: start + 18 }, quote: { type: 'TextQuoteSelector', exact: 'hospital admission', prefix: '', suffix: '' } } },
      { now: NOW },
    );
    await index.settled();
    const notes = async (input: string) => {
      const outcome = await index.searchNotes(input);
      if (!outcome.ok) throw new Error(outcome.message);
      return outcome.hits.map((hit) => [hit.id, hit.documentTitle, hit.label]);
    };
    expect(await notes('denominator')).toEqual([[annotation.id, remission.meta.title, 'Note']]);
    expect(await notes('safety')).toEqual([[annotation.id, remission.meta.title, 'Note']]);
    expect(await notes('"hospital admission"')).toEqual([[annotation.id, remission.meta.title, 'Note']]);
    // A field value: found by its formatted text (the evidence view model's), its field label and quote.
    const dose = DEFAULT_SCHEMA.sections.flatMap((section) => section.fields).find((field) => field.key === 'dose')!;
    const quote = '1 × 10⁶ cells/kg';
    const value = await createAnnotation(db, { documentId: id, color: 'blue', target: null, field: tagFromQuote(DEFAULT_SCHEMA, dose, quote) }, { now: NOW });
    await index.settled();
    const entry = toEvidenceEntry(value, dose, null, { state: 'no-source' });
    expect(entry.text).not.toBe('');
    expect(await notes(`"${entry.text}"`)).toEqual([[value.id, remission.meta.title, 'Dose']]);
    expect(await notes('dose cells')).toEqual([[value.id, remission.meta.title, 'Dose']]);
    await updateAnnotation(db, annotation.id, { note: 'clarified' }, { now: '2026-11-22T11:00:00.000Z' });
    await index.settled();
    expect(await notes('denominator')).toEqual([]);
    expect(await notes('clarified')).toHaveLength(1);
    index.stop();
  });

  it('catches up by stamps when opened again: only what changed meanwhile is sent', async () => {
    const db = freshDatabase();
    const { added } = await upsertDocuments(db, corpus, { now: NOW });
    const client = countingClient(createSearchClient(() => null));
    const first = new SearchIndex(db, client);
    await first.start();
    expect(client.sent).toBe(5);
    first.stop();
    // A change the index did not see (made while it was closed).
    await setReviewStatus(db, added[0]!.id as DocumentId, 'in-progress', { now: NOW });
    const second = new SearchIndex(db, client);
    await second.start();
    expect(client.sent).toBe(6);
    expect(second.getStatus().index).toEqual({ state: 'ready', documents: 5 });
    // Rebuild empties it and indexes everything from Dexie again.
    await second.rebuild();
    expect(client.sent).toBe(11);
    expect(await titlesFor(second, '"hospital admission"')).toEqual([remission.meta.title]);
    second.stop();
  });

  it('explains a mistake in the words instead of searching', async () => {
    const db = freshDatabase();
    const index = new SearchIndex(db, createSearchClient(() => null));
    await index.start();
    expect(await index.search('"unclosed')).toEqual({ ok: false, message: expect.stringContaining('quotation mark') });
    index.stop();
  });
});
