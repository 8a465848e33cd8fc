// Annotations repository. Every write is one action through the change funnel (one transaction,
// audited, undoable); deletions are tombstones (deletedAt) so undo and a later sync can restore them.
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { canonicalJson } from '@shared/canonical-json';
import { areaSelectorSchema } from '@shared/export/record-schemas';
import { correctedTag } from '@shared/fields/correction';
import type { FieldValue } from '@shared/fields/types';
import type { AreaSelector, Annotation, AnnotationId, DocumentId, FieldTag, HighlightColor, TextSelectors, ValueReview } from '@shared/model';
import { useDatabase } from './context';
export { filledFieldKeysByDocument } from './overview';
import type { MarginDatabase } from './database';
import { mergeEdit } from '@shared/merge-edit';
import { runChange } from './funnel';
import type { ChangeWriter } from './funnel';
import { rememberReviewers } from './reviewers';
import { markInProgress } from './statuses';
import { activeReviewFor, assignImportedToReviews, markReviewInProgress, readBlindingContext, recordColleagueProgress, visibleToViewer } from './reviews';
import type { ReviewerProgress } from '@shared/review/model';
import { visibleAnnotations } from '@shared/review/blinding';

export interface NewAnnotation {
  documentId: DocumentId;
  target: TextSelectors | null;
  /** A rectangle on a PDF page, for an annotation of a table or figure; `target` is then null. */
  area?: AreaSelector;
  color: HighlightColor;
  note?: string;
  tags?: string[];
  field?: FieldTag | null;
}

export type AnnotationChanges = Partial<Pick<Annotation, 'color' | 'note' | 'tags' | 'field' | 'target'>>;

export function newAnnotationId(): AnnotationId {
  return crypto.randomUUID() as AnnotationId;
}

/** Tags as a reviewer means them: trimmed, no empties, no duplicates (case-insensitive), in given order. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}

/** Options every write takes: a label for the history ("tag as Dose") and, in tests, the time. */
export interface WriteOptions {
  label?: string;
  now?: string;
}

async function requireDocument(writer: ChangeWriter, documentId: DocumentId): Promise<void> {
  if (!(await writer.get('documents', documentId))) throw new Error('That document is no longer in the library.');
}

/** Creates one annotation, made by the reviewer at this device; the first value starts the review. */
export async function createAnnotation(db: MarginDatabase, input: NewAnnotation, options: WriteOptions = {}): Promise<Annotation> {
  return runChange(
    db,
    { action: input.field ? 'value.create' : 'annotation.create', label: options.label ?? (input.field ? 'value' : 'highlight'), documentId: input.documentId, now: options.now },
    async (writer) => {
      await requireDocument(writer, input.documentId);
      // An area is never also a quote: text-anchored code must find no target on it.
      if (input.area && input.target) throw new Error('An annotation is either a quote or an area of a page, not both.');
      if (input.area) {
        const checked = areaSelectorSchema.safeParse(input.area);
        if (!checked.success) throw new Error(`That area is not on its page (${checked.error.issues[0]?.message ?? 'invalid'}).`);
      }
      // Made in the active review when the document is one of its own and the reviewer a member:
      // blinding, the adjudication view and the exports tell whose work in which review it is.
      const review = await activeReviewFor(writer, input.documentId);
      const annotation: Annotation = {
        id: newAnnotationId(),
        documentId: input.documentId,
        target: input.area ? null : input.target,
        ...(input.area ? { area: input.area } : {}),
        color: input.color,
        note: input.note ?? '',
        tags: normalizeTags(input.tags ?? []),
        field: input.field ?? null,
        creator: writer.actor.name,
        ...(writer.reviewerId ? { creatorId: writer.reviewerId, modifiedBy: writer.reviewerId } : {}),
        createdAt: writer.now,
        modifiedAt: writer.now,
        deletedAt: null,
        ...(review ? { reviewId: review.id } : {}),
      };
      await writer.put('annotations', annotation);
      // The first extracted value starts the review.
      if (annotation.field) await markInProgress(writer, input.documentId);
      if (annotation.field && review) await markReviewInProgress(writer, review, input.documentId);
      return annotation;
    },
  );
}

/** The longest document note kept: a screen of text, well past any reviewer's note and short of a pasted article. */
export const DOCUMENT_NOTE_MAX = 20_000;

function checkedNoteText(note: string): string {
  const text = note.trim();
  if (text === '') throw new Error('A document note needs some text.');
  if (text.length > DOCUMENT_NOTE_MAX) throw new Error(`A document note holds at most ${DOCUMENT_NOTE_MAX.toLocaleString('en')} characters; this one has ${text.length.toLocaleString('en')}.`);
  return text;
}

/**
 * Writes a note about the whole document ("Excluded at full text: wrong population") as one action:
 * an annotation with no quote, no area and no field value (shared/evidence/document-notes.ts), so
 * it is audited, undone, exported, synced, searched and blinded as every other annotation is.
 */
export async function createDocumentNote(db: MarginDatabase, documentId: DocumentId, note: string, options: WriteOptions = {}): Promise<Annotation> {
  return createAnnotation(db, { documentId, target: null, color: 'yellow', note: checkedNoteText(note) }, { label: options.label ?? 'document note', now: options.now });
}

/**
 * Changes a document note's text as one action, checked against the text the edit started from
 * (`base`): a note changed in another window meanwhile refuses the edit with an EditConflict.
 */
export async function editDocumentNote(db: MarginDatabase, id: AnnotationId, note: string, base: string, options: WriteOptions = {}): Promise<Annotation> {
  return updateAnnotation(db, id, { note: checkedNoteText(note) }, { label: options.label ?? 'document note', now: options.now, base: { note: base } });
}

/** Applies changes to one annotation; returns the record as it now is. */
/** An edit met a change made elsewhere (another window or tab) to the same fields: nothing was saved. */
export class EditConflict extends Error {
  constructor(
    readonly fields: readonly (keyof AnnotationChanges)[],
    readonly current: Annotation,
  ) {
    super(`It was changed in another window while you were editing (${fields.join(', ')}), so your edit was not saved.`);
  }
}

/**
 * Changes an annotation as one action. With `base` (the fields as the edit found them) a field
 * changed elsewhere since is kept, and one changed both there and here, differently, refuses the
 * edit with an EditConflict: nobody's words are overwritten unseen.
 */
export async function updateAnnotation(
  db: MarginDatabase,
  id: AnnotationId,
  changes: AnnotationChanges,
  options: WriteOptions & { base?: AnnotationChanges } = {},
): Promise<Annotation> {
  const documentId = (await db.annotations.get(id))?.documentId ?? null;
  return runChange(db, { action: changes.field !== undefined ? 'value.update' : 'annotation.update', label: options.label ?? 'edit', documentId, now: options.now }, async (writer) => {
    const before = await writer.get<Annotation>('annotations', id);
    if (!before || before.deletedAt) throw new Error('That annotation no longer exists.');
    let write: AnnotationChanges = changes;
    if (options.base) {
      const merged = mergeEdit<AnnotationChanges>(options.base, before, changes);
      if (merged.conflicts.length > 0) throw new EditConflict(merged.conflicts, before);
      write = merged.changes;
      if (Object.keys(write).length === 0) return before;
    }
    const after: Annotation = {
      ...before,
      ...write,
      tags: write.tags ? normalizeTags(write.tags) : before.tags,
      ...(writer.reviewerId ? { modifiedBy: writer.reviewerId } : {}),
      modifiedAt: writer.now,
    };
    await writer.put('annotations', after);
    if (after.field && !before.field) await markInProgress(writer, after.documentId);
    return after;
  });
}

/** A reviewer's decision on a value: confirm it as read, or reject it (with a reason, if given). */
export type ValueDecision = { state: 'confirmed' } | { state: 'rejected'; reason?: string | null };

/**
 * Records a reviewer's decision on a value as one action: the state, the reviewer at this device
 * and the time are written by the funnel, so the audit entry and the record name the same person.
 * The value itself, its status and its reason stay as they were: what the machine read and why it
 * was flagged remain part of the record.
 */
export async function reviewValue(db: MarginDatabase, id: AnnotationId, decision: ValueDecision, options: WriteOptions = {}): Promise<Annotation> {
  const documentId = (await db.annotations.get(id))?.documentId ?? null;
  const action = decision.state === 'confirmed' ? 'value.confirm' : 'value.reject';
  return runChange(db, { action, label: options.label ?? (decision.state === 'confirmed' ? 'confirm value' : 'reject value'), documentId, now: options.now }, async (writer) => {
    const before = await writer.get<Annotation>('annotations', id);
    if (!before || before.deletedAt) throw new Error('That annotation no longer exists.');
    if (!before.field) throw new Error('That annotation holds no field value.');
    if (decision.state === 'confirmed' && before.field.value === null) throw new Error('A value that could not be read cannot be confirmed; correct it instead.');
    const reason = decision.state === 'rejected' ? decision.reason?.trim() || null : null;
    const review: ValueReview = { state: decision.state, by: writer.reviewerId, at: writer.now, ...(decision.state === 'rejected' ? { reason } : {}) };
    const after: Annotation = {
      ...before,
      field: { ...before.field, review },
      ...(writer.reviewerId ? { modifiedBy: writer.reviewerId } : {}),
      modifiedAt: writer.now,
    };
    await writer.put('annotations', after);
    return after;
  });
}

/** Marks annotations of one document deleted (tombstones) as one action; returns those deleted. */
export async function deleteAnnotations(db: MarginDatabase, ids: readonly AnnotationId[], options: WriteOptions = {}): Promise<Annotation[]> {
  const first = ids[0] === undefined ? undefined : await db.annotations.get(ids[0]);
  return runChange(db, { action: 'annotation.delete', label: options.label ?? 'delete', documentId: first?.documentId ?? null, now: options.now }, async (writer) => {
    const found = (await db.annotations.bulkGet([...ids])).filter((a): a is Annotation => a !== undefined && a.deletedAt === null);
    const deleted = found.map((a) => ({ ...a, deletedAt: writer.now, modifiedAt: writer.now, ...(writer.reviewerId ? { modifiedBy: writer.reviewerId } : {}) }));
    await writer.putMany('annotations', deleted);
    return deleted;
  });
}

/** Records per page of listAnnotations: one page's structured-clone reading stays a few ms. */
export const ANNOTATION_PAGE = 1_000;

/**
 * The live (not deleted) annotations of a document, in pages. One getAll of 10,000 records makes
 * Chromium deserialize them all in one task (~50 ms, more on a busy machine), which blocks the
 * window; pages of the position index ([documentId+target.position.start], in text order) are
 * separate requests of one transaction, each read in its own task. Records that index does not
 * hold (values without a source: no target) are found by the count, and only then looked for with
 * a cursor walk. Tombstones are dropped after the read, as getAll is much faster than a filtered walk.
 */
export async function listAnnotations(db: MarginDatabase, documentId: DocumentId, pageSize = ANNOTATION_PAGE): Promise<Annotation[]> {
  return db.transaction('r', db.annotations, async () => {
    const found = new Map<AnnotationId, Annotation>();
    // From a start offset on, to the end of the document's keys ([] sorts after every key type).
    let from: number | string = -Infinity;
    let size = pageSize;
    for (;;) {
      const page = await db.annotations
        .where('[documentId+target.position.start]')
        .between([documentId, from], [documentId, []], true, true)
        .limit(size)
        .toArray();
      let fresh = 0;
      for (const annotation of page) {
        if (found.has(annotation.id)) continue;
        found.set(annotation.id, annotation);
        fresh++;
      }
      if (page.length < size) break;
      const last = page[page.length - 1]!.target!.position.start as number | string;
      // The next page starts again at the last start (several annotations can share it); a full
      // page of one start is read again twice as large, so the walk always moves on.
      if (last === from && fresh === 0) size *= 2;
      else {
        from = last;
        size = pageSize;
      }
    }
    const total = await db.annotations.where('documentId').equals(documentId).count();
    if (found.size < total) {
      await db.annotations
        .where('documentId')
        .equals(documentId)
        .filter((annotation) => !found.has(annotation.id))
        .each((annotation) => void found.set(annotation.id, annotation));
    }
    return [...found.values()].filter((a) => a.deletedAt === null);
  });
}

/**
 * The live annotations of a document that start in [from, to): a small indexed read for painting the
 * highlights in view before the whole set has loaded. Offsets are stored positions, which stay exact
 * because a document's text never changes.
 */
export async function listAnnotationsStartingIn(db: MarginDatabase, documentId: DocumentId, from: number, to: number): Promise<Annotation[]> {
  const found = await db.annotations
    .where('[documentId+target.position.start]')
    .between([documentId, Math.max(0, from)], [documentId, to], true, false)
    .toArray();
  return visibleToViewer(db, found.filter((a) => a.deletedAt === null));
}

export interface AnnotationImportWrite {
  /** Annotations written. */
  added: Annotation[];
  /** Annotations already in Margin (same id, the id they were exported with, or the same content) or repeated in the file, left out. */
  alreadyPresent: number;
}

export interface ImportWriteOptions extends WriteOptions {
  /** For an imported annotation, the id it had where it was exported (a re-imported export). */
  sourceIds?: ReadonlyMap<AnnotationId, AnnotationId>;
  /** Reviewers the file names, by id, remembered so their decisions are exported with a name. */
  reviewers?: ReadonlyMap<string, string>;
  /** Colleagues' statuses in team reviews the file states (see recordColleagueProgress). */
  progress?: readonly ReviewerProgress[];
}

/**
 * What makes two annotations the same mark: one document, the same target (quote and place, or no
 * target), the same body (note, tags, field and value) and the same creator. Review states and
 * times are left out: a value confirmed since it was exported is still that value.
 */
export function sameAnnotationKey(a: Annotation): string {
  const field = a.field === null ? null : { key: a.field.fieldKey, value: a.field.value, qualifier: a.field.qualifier, instance: a.field.instance ?? null };
  const target = a.target !== null ? [a.target.quote.exact, a.target.position.start, a.target.position.end] : a.area ? ['area', a.area.page, a.area.x, a.area.y, a.area.width, a.area.height] : null;
  return canonicalJson([a.documentId, target, a.note.trim(), normalizeTags(a.tags).map((t) => t.toLowerCase()).sort(), field, a.creator]);
}

/**
 * Adds annotations read from an exchange file as one library action (undone as one step). An
 * annotation already in Margin is skipped and counted: one stored under its id or under the id it
 * was exported with, or a live one of the same document with the same target, body and creator,
 * so importing a file twice, or a reviewer's own export, changes nothing. Tags are tidied as the
 * reviewer's own are, and the first imported value starts a document's review as a value tagged
 * by hand does.
 */
export async function addImportedAnnotations(db: MarginDatabase, annotations: readonly Annotation[], options: ImportWriteOptions = {}): Promise<AnnotationImportWrite> {
  return runChange(db, { action: 'annotations.import', label: options.label ?? 'import annotations', documentId: null, now: options.now }, async (writer) => {
    const sourceIds = options.sourceIds ?? new Map<AnnotationId, AnnotationId>();
    const ids = [...new Set(annotations.flatMap((a) => [a.id, sourceIds.get(a.id) ?? a.id]))];
    const stored = new Set((await db.annotations.bulkGet(ids)).filter((a) => a !== undefined).map((a) => a.id));
    const documents = [...new Set(annotations.map((a) => a.documentId))];
    const sameContent = new Set<string>();
    for (const a of await db.annotations.where('documentId').anyOf(documents).toArray()) if (a.deletedAt === null) sameContent.add(sameAnnotationKey(a));
    const fresh = new Map<string, Annotation>();
    for (const annotation of annotations) {
      const source = sourceIds.get(annotation.id);
      if (stored.has(annotation.id) || (source !== undefined && stored.has(source)) || fresh.has(annotation.id)) continue;
      const tidy = { ...annotation, tags: normalizeTags(annotation.tags) };
      const key = sameAnnotationKey(tidy);
      if (sameContent.has(key)) continue;
      sameContent.add(key);
      fresh.set(annotation.id, tidy);
    }
    const added = await assignImportedToReviews(db, writer, [...fresh.values()]);
    await writer.putMany('annotations', added);
    if (options.reviewers) await rememberReviewers(writer, options.reviewers);
    if (options.progress) await recordColleagueProgress(writer, options.progress);
    for (const documentId of new Set(added.filter((a) => a.field !== null).map((a) => a.documentId))) await markInProgress(writer, documentId);
    return { added, alreadyPresent: annotations.length - added.length };
  });
}

/**
 * What `select` makes of a document's live annotations, made again whenever they change; undefined
 * while reading or without a document. Mount it once per open document (document/ does): each
 * mount is a read of every annotation of the document on every change. `select` may take its time
 * (it is told through its signal when a newer change has made its work stale) and must be stable
 * (useCallback), or the read starts again on every render.
 *
 * The records themselves are not kept, so `select` can keep a compact form. A live query of them
 * would keep them twice over: Dexie's query cache holds every record of a subscribed query, and its
 * change tracking a range set node per primary key read (10,000 of each for a large review). So the
 * live query here only counts the document's records, which Dexie runs again on every write to any
 * of them (it watches the documentId range, not the count); each run is answered by a plain read.
 */
export function useAnnotations<T>(documentId: DocumentId | null, select: (annotations: Annotation[], signal: AbortSignal) => T | Promise<T>): T | undefined {
  const db = useDatabase();
  // A new object per run, so every change is a new value even when the count stays the same.
  // The blinding context is read in the same live query, so a colleague's values appear the moment
  // blinding lifts (both Done) and vanish when the active reviewer or a review changes.
  const change = useLiveQuery(
    async () => (documentId ? { documentId, records: await db.annotations.where('documentId').equals(documentId).count(), blinding: await readBlindingContext(db) } : null),
    [db, documentId],
  );
  const [result, setResult] = useState<{ change: typeof change; select: typeof select; value: T } | null>(null);
  useEffect(() => {
    if (!change) return;
    // A newer change (or unmounting) makes this read stale: `select` is told, and its result dropped.
    const stale = new AbortController();
    listAnnotations(db, change.documentId)
      .then((annotations) => select([...visibleAnnotations(change.blinding, annotations)], stale.signal))
      .then(
        (value) => {
          if (!stale.signal.aborted) setResult({ change, select, value });
        },
        (error: unknown) => {
          // A database closed under a read (the app or a test shutting down) has nothing left to show;
          // any other failure goes to the nearest error boundary, as a failed live query does.
          if (stale.signal.aborted || (error instanceof Error && error.name === 'DatabaseClosedError')) return;
          setResult(() => {
            throw error;
          });
        },
      );
    return () => stale.abort();
  }, [change, db, select]);
  // The last result while a newer read is on its way, as a live query shows; nothing for another document or selector.
  return result && change && result.change?.documentId === change.documentId && result.select === select ? result.value : undefined;
}

/**
 * Stores a reviewer's correction of a field value: `entered` exactly as typed, the machine's reading
 * kept beside it, and the reviewer and time of the funnel's own action (see shared/fields/correction).
 */
export async function correctFieldValue(db: MarginDatabase, id: AnnotationId, entered: FieldValue, options: WriteOptions = {}): Promise<Annotation> {
  const documentId = (await db.annotations.get(id))?.documentId ?? null;
  return runChange(db, { action: 'value.correct', label: options.label ?? 'correct value', documentId, now: options.now }, async (writer) => {
    const before = await writer.get<Annotation>('annotations', id);
    if (!before || before.deletedAt) throw new Error('That annotation no longer exists.');
    if (!before.field) throw new Error('That annotation holds no field value to correct.');
    const after: Annotation = {
      ...before,
      field: correctedTag(before.field, entered, writer.reviewerId, writer.now),
      ...(writer.reviewerId ? { modifiedBy: writer.reviewerId } : {}),
      modifiedAt: writer.now,
    };
    await writer.put('annotations', after);
    return after;
  });
}
