// One field value as every screen and export shows it: its text, review state, flags, sort key,
// quote and provenance, computed once here so the form, the table and the exports cannot drift.
import { completenessFor, countsAsFilled, fieldLookup } from './completeness';
import type { DocumentCompleteness, FieldLookup } from './completeness';
import { defaultInstanceLabel } from '../fields/instances';
import { formatFieldValue, formatValue } from '../fields/format';
import type { ExtractionSchema, FieldDefinition, FieldValue } from '../fields/types';
import type { Annotation, AnnotationId, AreaSelector, FieldTag, PageSpan, ReviewerId } from '../model';
import { pagesOfRange } from './pages';
import type { Provenance } from './provenance';
import { correctedFromText, FLAG_WORDS, notReadText, reviewSentence, STATE_WORDS, UNKNOWN_REVIEWER } from './words';
import type { EvidenceFlag, ReviewState } from './words';

/** Reviewers' names by id, as the database knows them; a decision by an id not in it is named as unknown. */
export type ReviewerNames = ReadonlyMap<string, string>;

const NO_NAMES: ReviewerNames = new Map();

/** A value's review as screens and exports show it: its state, who took it (by id and name) and when. */
export interface EntryReview {
  state: ReviewState;
  by: ReviewerId | null;
  byName: string | null;
  at: string | null;
  reason: string | null;
}

export interface EvidenceEntry {
  annotationId: AnnotationId;
  fieldKey: string;
  /** The schema's label, or the bare key for a field outside the schema. */
  fieldLabel: string;
  /** Null for a field outside the schema. */
  sectionLabel: string | null;
  value: FieldValue | null;
  /** The value as a reviewer reads it, or "Not read: <reason>" when the text could not be read. */
  text: string;
  unread: boolean;
  /** Whether the value fills its field for completeness: read, and not rejected. */
  fills: boolean;
  state: ReviewState;
  review: EntryReview;
  /** "Confirmed by Ana Ruiz, 2026-12-01 14:40 UTC"; null where nobody decided. */
  reviewText: string | null;
  /** The machine's reading a reviewer corrected, as text ("1 × 10⁶ cells/kg"); null otherwise. */
  machineText: string | null;
  /** In the order of EVIDENCE_FLAGS. */
  flags: EvidenceFlag[];
  /** Why a readable value needs confirmation; null otherwise (an unread value's reason is in `text`). */
  why: string | null;
  /** Time point, patient or arm the value belongs to. */
  qualifier: string | null;
  /** The repeating-section instance the value belongs to ("patient-2", "Patient 2"); null for a document-level value. */
  instance: { id: string; label: string } | null;
  /** The quote as the annotation recorded it; null for a value without a source or read off an area. */
  quote: string | null;
  /** The area of a PDF page the value was read off (a table, a figure); null for quotes and unsourced values. */
  area: AreaSelector | null;
  provenance: Provenance;
  /** Where the quote stands now (sound) or was recorded (stale); null without a source. */
  range: { start: number; end: number } | null;
  /** The printed pages of a PDF the quote stands on (see pages.ts); empty for other documents and values without a source. */
  pages: number[];
  /** What the value sorts by in a column: a number where it has one, else its text; null when unread. */
  sortKey: number | string | null;
  note: string;
  tags: string[];
  createdAt: string;
  /**
   * Team review (issue 11): who made the value, named, and for an adjudicator's consensus where it
   * came from. Null for solo work (no review id, no consensus), so solo exports read as before.
   */
  authorship: EntryAuthorship | null;
}

/** Whose a value is in a team review: an extractor's own, or the consensus and where it came from. */
export interface EntryAuthorship {
  /** The maker's name (the extractor, or the adjudicator for a consensus value). */
  by: string;
  byId: ReviewerId | null;
  /** Set on a consensus value: taken from this extractor (null: written by the adjudicator). */
  consensus: { takenFrom: ReviewerId | null; takenFromName: string | null } | null;
  /** "Extracted by Ana Ruiz"; "Consensus (taken from Ana Ruiz's value), decided by Judy Li". */
  sentence: string;
}

/** The authorship of a value made in a team review, or null for solo work. */
export function authorshipOf(annotation: Pick<Annotation, 'creator' | 'creatorId' | 'reviewId' | 'consensus'>, names: ReviewerNames = NO_NAMES): EntryAuthorship | null {
  if (!annotation.reviewId && !annotation.consensus) return null;
  const by = (annotation.creatorId ? names.get(annotation.creatorId) : undefined) ?? (annotation.creator || UNKNOWN_REVIEWER);
  const byId = annotation.creatorId ?? null;
  if (!annotation.consensus) return { by, byId, consensus: null, sentence: `Extracted by ${by}` };
  const from = annotation.consensus.takenFrom;
  const fromName = from === null ? null : (names.get(from) ?? UNKNOWN_REVIEWER);
  const origin = fromName === null ? 'written by the adjudicator' : `taken from ${fromName}’s value`;
  return { by, byId, consensus: { takenFrom: from, takenFromName: fromName }, sentence: `Consensus (${origin}), decided by ${by}` };
}

// Kept in ./completeness (the per-document counts read it on the start path).
export { countsAsFilled };

/**
 * The review of a stored value. A stored decision (`review`) is taken as it is; a value stored
 * before review states derives it from its status: parsed is machine-read, and a value typed by
 * hand is a correction by a reviewer Margin cannot name. A correction without a quote was entered
 * by hand, since there was nothing to correct.
 */
export function reviewOf(tag: Pick<FieldTag, 'status' | 'review'>, hasSource: boolean): Omit<EntryReview, 'byName'> {
  const stored = tag.review;
  if (stored) {
    const state: ReviewState = stored.state === 'corrected' && !hasSource ? 'entered-by-hand' : stored.state;
    return { state, by: stored.by, at: stored.at, reason: stored.reason ?? null };
  }
  switch (tag.status) {
    case 'parsed':
      return { state: 'machine-read', by: null, at: null, reason: null };
    case 'needs-confirmation':
      return { state: 'needs-confirmation', by: null, at: null, reason: null };
    case 'manual':
      return { state: hasSource ? 'corrected' : 'entered-by-hand', by: null, at: null, reason: null };
  }
}

/** The review state of a stored value (see `reviewOf`). */
export function reviewStateOf(tag: Pick<FieldTag, 'status' | 'review'>, hasSource: boolean): ReviewState {
  return reviewOf(tag, hasSource).state;
}

function flagsOf(state: ReviewState, provenance: Provenance, onArea: boolean): EvidenceFlag[] {
  const flags: EvidenceFlag[] = [];
  if (state !== 'machine-read' && state !== 'entered-by-hand') flags.push(state);
  // An area of a page is the value's source, though it holds no quote.
  if (provenance.state === 'no-source' && !onArea) flags.push('no-source');
  if (provenance.state === 'stale') flags.push('stale-quote');
  return flags;
}

const DAYS_PER_UNIT = { days: 1, weeks: 7, months: 30.4375, years: 365.25 } as const;

/**
 * The number a value sorts by, or its text. Durations compare in days so "6 weeks" sorts below
 * "3 months"; a grade of "at most 1" sits just under grade 1, and "absent" below every grade.
 */
export function valueSortKey(value: FieldValue, formatted: string): number | string {
  switch (value.type) {
    case 'count':
      return value.count;
    case 'count-of-total':
      return value.n;
    case 'number':
    case 'quantity':
      return value.value;
    case 'range':
      return value.low;
    case 'duration':
      return value.value * DAYS_PER_UNIT[value.unit];
    case 'grade':
      return value.bound === 'absent' ? -1 : value.bound === 'at-most' ? value.grade - 0.5 : value.grade;
    case 'date':
      return value.date;
    case 'graded-event':
      return value.bound === 'absent' ? -1 : value.bound === 'at-most' ? value.grade - 0.5 : value.grade;
    case 'summary-statistic':
      return value.value ?? (value.spread === null ? 0 : value.spread.kind === 'sd' ? value.spread.sd : value.spread.low);
    case 'proportion':
      return value.n / value.total;
    case 'dose':
      return value.value;
    case 'time-point':
      return value.value * DAYS_PER_UNIT[value.unit];
    case 'timeline-event':
      return value.at.value * DAYS_PER_UNIT[value.at.unit];
    case 'change':
      return value.to - value.from;
    case 'presence':
      return value.state === 'absent' ? 0 : value.state === 'uncertain' ? 1 : 2;
    case 'text':
    case 'single-choice':
    case 'multiple-choice':
    case 'yes-no':
      return formatted.toLowerCase();
  }
}

function rangeOf(annotation: Pick<Annotation, 'target'>, provenance: Provenance): { start: number; end: number } | null {
  if (provenance.state === 'sound') return { start: provenance.start, end: provenance.end };
  if (annotation.target === null) return null;
  return { start: annotation.target.position.start, end: annotation.target.position.end };
}

/** The entry of one field-value annotation. `field` is null for a key the schema does not hold. */
export function toEvidenceEntry(
  annotation: Annotation,
  field: FieldDefinition | null,
  sectionLabel: string | null,
  provenance: Provenance,
  names: ReviewerNames = NO_NAMES,
  pageMap: readonly PageSpan[] | null = null,
  instanceLabel: (id: string) => string = defaultInstanceLabel,
): EvidenceEntry {
  const tag = annotation.field!;
  const range = rangeOf(annotation, provenance);
  const unread = tag.value === null;
  const show = (value: FieldValue | null, reason: string | null): string =>
    value === null ? notReadText(reason) : field ? formatFieldValue(field, value) : formatValue(value);
  const text = show(tag.value, tag.reason);
  const found = reviewOf(tag, annotation.target !== null);
  const review: EntryReview = { ...found, byName: found.by === null ? null : (names.get(found.by) ?? null) };
  const state = review.state;
  const machine = tag.machineReading;
  const machineText = machine === undefined ? null : show(machine.value, machine.reason);
  return {
    annotationId: annotation.id,
    // The field's key now: a value stored under a key the field had before a rename is its value.
    fieldKey: field?.key ?? tag.fieldKey,
    fieldLabel: field?.label ?? tag.fieldKey,
    sectionLabel,
    value: tag.value,
    text,
    unread,
    fills: countsAsFilled(tag),
    state,
    review,
    reviewText: reviewSentence(review),
    machineText,
    flags: flagsOf(state, provenance, annotation.area !== undefined),
    why: !unread && state === 'needs-confirmation' && tag.reason ? tag.reason : null,
    qualifier: tag.qualifier,
    instance: tag.instance ? { id: tag.instance, label: instanceLabel(tag.instance) } : null,
    quote: annotation.target?.quote.exact ?? null,
    area: annotation.area ?? null,
    provenance,
    range,
    pages: annotation.area ? [annotation.area.page] : pagesOfRange(pageMap, range),
    sortKey: tag.value === null ? null : valueSortKey(tag.value, text),
    note: annotation.note,
    tags: annotation.tags,
    createdAt: annotation.createdAt,
    authorship: authorshipOf(annotation, names),
  };
}

/** What the one order looks at; highlights are ordered by it too. */
export interface OrderedByPlace {
  range: { start: number } | null;
  createdAt: string;
  annotationId: string;
}

/**
 * The one order of a field's values, everywhere: by where the quote stands in the text, values
 * without a source last, then by when they were made, then by id so the order never depends on
 * how the records were read.
 */
export function compareEntries(a: OrderedByPlace, b: OrderedByPlace): number {
  const sa = a.range?.start ?? Number.POSITIVE_INFINITY;
  const sb = b.range?.start ?? Number.POSITIVE_INFINITY;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.annotationId < b.annotationId ? -1 : a.annotationId > b.annotationId ? 1 : 0;
}

/** The words of an entry's flags, in order: ["needs confirmation", "stale quote"]. */
export function flagWords(entry: Pick<EvidenceEntry, 'flags'>): string[] {
  return entry.flags.map((flag) => FLAG_WORDS[flag]);
}

/** "1 × 10⁶ cells/kg (infusion) [needs confirmation]": an entry as one line of plain text. */
export function describeEntry(entry: Pick<EvidenceEntry, 'text' | 'qualifier' | 'flags'> & Partial<Pick<EvidenceEntry, 'machineText' | 'instance'>>): string {
  const words = flagWords(entry);
  if (entry.machineText) words.push(correctedFromText(entry.machineText));
  const instance = entry.instance ? `${entry.instance.label}: ` : '';
  return `${instance}${entry.text}${entry.qualifier ? ` (${entry.qualifier})` : ''}${words.length > 0 ? ` [${words.join('; ')}]` : ''}`;
}

/** A field's entries as one line: "Grade 2 (CTCAE) (anemia) | Grade 4 (CTCAE) (neutropenia)". */
export function describeEntries(entries: readonly (Pick<EvidenceEntry, 'text' | 'qualifier' | 'flags'> & Partial<Pick<EvidenceEntry, 'machineText' | 'instance'>>)[]): string {
  return entries.map(describeEntry).join(' | ');
}

/** One thing said about a value's state: its review state, or where its quote stands. */
export interface StateMark {
  key: ReviewState | 'no-source' | 'stale-quote';
  words: string;
}

/**
 * The state of an entry spelled out, for places that name it even when nothing is wrong (the form's
 * badges, the reports): its review state, then where its quote stands. ["parsed", "stale quote"].
 */
export function stateMarks(entry: Pick<EvidenceEntry, 'state' | 'flags'>): StateMark[] {
  const marks: StateMark[] = [{ key: entry.state, words: STATE_WORDS[entry.state] }];
  for (const flag of entry.flags) if (flag === 'no-source' || flag === 'stale-quote') marks.push({ key: flag, words: FLAG_WORDS[flag] });
  return marks;
}

export function stateWords(entry: Pick<EvidenceEntry, 'state' | 'flags'>): string[] {
  return stateMarks(entry).map((mark) => mark.words);
}

/** "needs confirmation; stale quote". */
export function describeState(entry: Pick<EvidenceEntry, 'state' | 'flags'>): string {
  return stateWords(entry).join('; ');
}

// Kept in ./completeness, which the library's first screen reads without the rest of this module.
export { completenessFor, fieldLookup };
export type { DocumentCompleteness, FieldLookup };

/** One document's completeness, from the keys of the fields that hold a readable value. */
export function documentCompleteness(schema: ExtractionSchema, filledFieldKeys: Iterable<string>): DocumentCompleteness {
  return completenessFor(schema)(new Set(filledFieldKeys));
}

/** The field keys a document's entries fill (unread and rejected values fill nothing). */
export function filledKeys(entries: Iterable<Pick<EvidenceEntry, 'fieldKey' | 'fills'>>): Set<string> {
  const keys = new Set<string>();
  for (const entry of entries) if (entry.fills) keys.add(entry.fieldKey);
  return keys;
}

/**
 * The entries of a document's field-value annotations (live ones; highlights are skipped), by field
 * key, each list in the one order. `provenanceOf` gives each annotation's provenance: re-checked
 * against the text, cached, or taken from anchors already found.
 */
export function entriesByField(
  annotations: Iterable<Annotation>,
  lookup: FieldLookup,
  provenanceOf: (annotation: Annotation) => Provenance,
  names: ReviewerNames = NO_NAMES,
  pageMap: readonly PageSpan[] | null = null,
  instanceLabel: (id: string) => string = defaultInstanceLabel,
): Map<string, EvidenceEntry[]> {
  const byField = new Map<string, EvidenceEntry[]>();
  for (const annotation of annotations) {
    if (annotation.field === null || annotation.deletedAt !== null) continue;
    const place = lookup.get(annotation.field.fieldKey);
    const key = place?.field.key ?? annotation.field.fieldKey;
    const entry = toEvidenceEntry(annotation, place?.field ?? null, place?.sectionLabel ?? null, provenanceOf(annotation), names, pageMap, instanceLabel);
    const list = byField.get(key);
    if (list) list.push(entry);
    else byField.set(key, [entry]);
  }
  for (const list of byField.values()) if (list.length > 1) list.sort(compareEntries);
  return byField;
}
