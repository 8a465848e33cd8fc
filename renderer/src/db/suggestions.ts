// The assistant's decisions, written through the change funnel like every other change: an accepted
// suggestion becomes a field value in the state "accepted suggestion" (or "corrected" when the
// reviewer edited it first), a rejected one is remembered so it is not proposed again. Each is one
// audited, undoable action.
import { useLiveQuery } from 'dexie-react-hooks';
import type { SuggestResult, Suggestion } from '@shared/assistant/types';
import { fieldIndex } from '@shared/fields/schema';
import type { ExtractionSchema, FieldValue } from '@shared/fields/types';
import type { Annotation, DocumentId, FieldTag, HighlightColor, SuggestionRejection } from '@shared/model';
import { countsAsFilled } from '@shared/evidence';
import { blindingReviews, visibleAnnotations } from '@shared/review/blinding';
import { useDatabase } from './context';
import type { MarginDatabase } from './database';
import { newAnnotationId } from './annotations';
import type { WriteOptions } from './annotations';
import { runChange } from './funnel';
import { readBlindingContext } from './reviews';
import { markInProgress } from './statuses';
import { assistantClient } from '../workers/assistant-client';
import type { AssistantClient } from '../workers/assistant-client';

export type { AssistantClient };

/** The app's assistant (one worker), for callers outside db/ that must be able to stop it (a run's Stop). */
export function appAssistant(): AssistantClient {
  return assistantClient();
}

export interface AcceptInput {
  documentId: DocumentId;
  suggestion: Suggestion;
  /** `${schema.id}@${schema.version}` of the form the value is entered under. */
  schemaId: string;
  color: HighlightColor;
  /** The value as the reviewer edited it (E); absent when accepted as suggested. */
  edited?: FieldValue;
}

function rule(suggestion: Suggestion): string {
  return `Suggested by the assistant (rule ${suggestion.rule}, confidence ${Math.round(suggestion.confidence * 100)}%)`;
}

/** Accepts a suggestion as a value of its field, with its quote, in one audited action. */
export async function acceptSuggestion(db: MarginDatabase, input: AcceptInput, options: WriteOptions = {}): Promise<Annotation> {
  const { suggestion, edited } = input;
  return runChange(
    db,
    { action: edited ? 'suggestion.edit' : 'suggestion.accept', label: options.label ?? (edited ? 'edit a suggested value' : 'accept a suggested value'), documentId: input.documentId, now: options.now },
    async (writer) => {
      if (!(await writer.get('documents', input.documentId))) throw new Error('That document is no longer in the library.');
      const field: FieldTag = {
        fieldKey: suggestion.fieldKey,
        schemaId: input.schemaId,
        value: edited ?? suggestion.value,
        status: edited ? 'manual' : suggestion.reason ? 'needs-confirmation' : 'parsed',
        reason: edited ? null : suggestion.reason,
        qualifier: null,
        review: { state: edited ? 'corrected' : 'accepted-suggestion', by: writer.reviewerId, at: writer.now },
        ...(edited ? { machineReading: { value: suggestion.value, reason: suggestion.reason } } : {}),
        ...(suggestion.instance ? { instance: suggestion.instance } : {}),
      };
      const annotation: Annotation = {
        id: newAnnotationId(),
        documentId: input.documentId,
        target: suggestion.target,
        color: input.color,
        note: rule(suggestion),
        tags: [],
        field,
        creator: writer.actor.name,
        ...(writer.reviewerId ? { creatorId: writer.reviewerId, modifiedBy: writer.reviewerId } : {}),
        createdAt: writer.now,
        modifiedAt: writer.now,
        deletedAt: null,
      };
      await writer.put('annotations', annotation);
      await markInProgress(writer, input.documentId);
      return annotation;
    },
  );
}

/** Remembers a rejected suggestion for its document, in one audited action. */
export async function rejectSuggestion(db: MarginDatabase, documentId: DocumentId, suggestion: Suggestion, options: WriteOptions = {}): Promise<SuggestionRejection> {
  return runChange(db, { action: 'suggestion.reject', label: options.label ?? 'reject a suggested value', documentId, now: options.now }, async (writer) => {
    const rejection: SuggestionRejection = {
      id: `${documentId}|${suggestion.id}`,
      documentId,
      suggestionId: suggestion.id,
      fieldKey: suggestion.fieldKey,
      instance: suggestion.instance,
      value: suggestion.value,
      quote: suggestion.target.quote.exact,
      rule: suggestion.rule,
      by: writer.reviewerId,
      at: writer.now,
    };
    await writer.put('suggestionRejections', rejection);
    return rejection;
  });
}

/** The suggestion ids rejected for a document (read once, for a run of the engine). */
export async function rejectedSuggestionIds(db: MarginDatabase, documentId: DocumentId): Promise<Set<string>> {
  const rejections = await db.suggestionRejections.where('documentId').equals(documentId).toArray();
  return new Set(rejections.map((r) => r.suggestionId));
}

/** The same, live: a rejection (or its undo) shows at once. */
export function useRejectedSuggestionIds(documentId: DocumentId | null): ReadonlySet<string> | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => (documentId === null ? new Set<string>() : rejectedSuggestionIds(db, documentId)), [db, documentId]);
}

/** A document's stored text and title, for suggesting over a selection of the library. */
export async function documentForSuggestions(db: MarginDatabase, documentId: DocumentId): Promise<{ title: string; text: string } | null> {
  const [meta, text] = await Promise.all([db.documents.get(documentId), db.texts.get(documentId)]);
  return meta && text ? { title: meta.title, text: text.text } : null;
}

/**
 * What this reviewer may build on for a document: the annotations they may see, and the rejections
 * they may see. In a blinded review an extractor's run must not reveal a colleague's work, so a
 * colleague's value (which would hide a suggestion of the same words, or silence an omission alert)
 * and a colleague's rejection (which would hide a suggestion) count only once blinding lifts.
 */
async function visibleWork(db: MarginDatabase, documentId: DocumentId): Promise<{ annotations: Annotation[]; rejected: Set<string> }> {
  const [context, annotations, rejections] = await Promise.all([
    readBlindingContext(db),
    db.annotations.where('documentId').equals(documentId).toArray(),
    db.suggestionRejections.where('documentId').equals(documentId).toArray(),
  ]);
  const blinded = blindingReviews(context, documentId).length > 0;
  const own = (by: string | null) => !blinded || (context.viewer !== null && by === context.viewer);
  return {
    annotations: [...visibleAnnotations(context, annotations)].filter((a) => a.deletedAt === null),
    rejected: new Set(rejections.filter((r) => own(r.by)).map((r) => r.suggestionId)),
  };
}

/** A field left empty while a sentence of the text speaks of it (issue 14: omission alerts). */
export interface OmissionAlert {
  key: string;
  label: string;
  /** The first sentence that mentions it, as the text has it. */
  sentence: string;
}

function alertsFrom(text: string, mentions: SuggestResult['mentions'], annotations: readonly Annotation[], schema: ExtractionSchema): OmissionAlert[] {
  const filled = new Set(annotations.filter((a) => a.field !== null && countsAsFilled(a.field)).map((a) => a.field!.fieldKey));
  const fields = fieldIndex(schema);
  const alerts = new Map<string, OmissionAlert>();
  for (const mention of mentions) {
    const field = fields.get(mention.fieldKey)?.field;
    if (!field || filled.has(field.key) || alerts.has(field.key)) continue;
    alerts.set(field.key, { key: field.key, label: field.label, sentence: text.slice(mention.start, mention.end).replace(/\s+/g, ' ') });
  }
  return [...alerts.values()];
}

export interface DocumentSuggestRun {
  title: string;
  result: SuggestResult;
  /** The omission alerts the document would raise at Done now (fields empty that the text mentions). */
  alerts: OmissionAlert[];
}

/**
 * Runs the assistant (in its worker, or `client`) on a stored document, leaving out what the
 * reviewer rejected there before and what already fills a field from the same quote, both as this
 * reviewer may see them; with the omission alerts the same reading raises. Null when the document
 * or its text is gone. Writes nothing.
 */
export async function suggestAndAlert(db: MarginDatabase, documentId: DocumentId, schema: ExtractionSchema, client: AssistantClient = assistantClient()): Promise<DocumentSuggestRun | null> {
  const [stored, work] = await Promise.all([documentForSuggestions(db, documentId), visibleWork(db, documentId)]);
  if (!stored) return null;
  const result = await client.suggest(stored.text, schema, work.rejected);
  // A value already tagged from the same words is not proposed again beside itself.
  const taken = new Set(work.annotations.filter((a) => a.field !== null && a.target !== null).map((a) => `${a.field!.fieldKey}|${a.target!.position.start}|${a.target!.position.end}`));
  const suggestions = result.suggestions.filter((s) => !taken.has(`${s.fieldKey}|${s.target.position.start}|${s.target.position.end}`));
  return { title: stored.title, result: { ...result, suggestions }, alerts: alertsFrom(stored.text, result.mentions, work.annotations, schema) };
}

/** Suggestions for one stored document (see suggestAndAlert); null when it is gone. */
export async function suggestForDocument(db: MarginDatabase, documentId: DocumentId, schema: ExtractionSchema): Promise<SuggestResult | null> {
  return (await suggestAndAlert(db, documentId, schema))?.result ?? null;
}

/** The empty fields of `schema` the document's text mentions; [] when the text cannot be read. */
export async function omissionAlerts(db: MarginDatabase, documentId: DocumentId, schema: ExtractionSchema): Promise<OmissionAlert[]> {
  const [stored, work] = await Promise.all([documentForSuggestions(db, documentId), visibleWork(db, documentId)]);
  if (!stored) return [];
  const { mentions } = await assistantClient().suggest(stored.text, schema, new Set());
  return alertsFrom(stored.text, mentions, work.annotations, schema);
}
