// An open document keeps all its annotations in memory, and records as IndexedDB hands them back
// cost ~700 bytes each: every record has its own copy of the document id, colour, dates and
// selector types, and its own quote, prefix and suffix strings although the text holds them all.
// compactAnnotation returns an equal record that shares that storage, and whose selectors, where
// they are exactly what describe() makes of the text at their position (an annotation the text has
// not moved), are made again when read instead of kept, so 10,000 annotations cost a few MB less.
import { describe } from '@shared/anchoring';
import type { Annotation, TextSelectors } from '@shared/model';
import type { TextSource } from '@shared/text/text-source';

const START = Symbol('position.start');
const END = Symbol('position.end');
type Positioned = { [START]: number; [END]: number };

/**
 * Where an annotation was found in its text, and how (anchoring's score is not kept: nothing shows
 * it, and a fractional number in every one of 10,000 entries costs V8 a boxed number each). Read
 * only: an entry may be the compact record itself (see anchoredEntry).
 */
export interface AnchoredAnnotation {
  readonly annotation: Annotation;
  readonly start: number;
  readonly end: number;
  readonly method: 'position' | 'quote' | 'fuzzy';
}

/** Equal strings seen in one pass over a document's records, each kept once, and the text they belong to. */
export interface StringPool {
  text: TextSource;
  strings: Map<string, string>;
  /** Reads `target` of a compact record whose selectors are made again from the text: one function per text. */
  target: (this: object) => TextSelectors;
  /** The document id of the first record seen: the one an anchored set's records all share. */
  documentId: string | null;
  /** Reads `documentId` of a compact record of that document: one function per pool. */
  documentIdOf: () => string | null;
}

export function stringPool(text: TextSource): StringPool {
  const pool: StringPool = {
    text,
    strings: new Map(),
    target(this: object) {
      const at = this as Positioned;
      return describe(text, at[START], at[END]);
    },
    documentId: null,
    documentIdOf: () => pool.documentId,
  };
  return pool;
}

/** Reads `deletedAt` of a compact record that is not deleted (every record an anchored set keeps). */
const NOT_DELETED: PropertyDescriptor = { get: () => null, enumerable: true, configurable: true };

// The accessors that make a compact record its own anchored entry (anchoredEntry). The same
// functions for every record, so all such records keep sharing one hidden class in V8.
const ENTRY_KEYS = ['annotation', 'start', 'end', 'method'] as const;
const AS_ENTRY: Record<(typeof ENTRY_KEYS)[number], PropertyDescriptor> = {
  annotation: { get: function (this: object) { return this; }, enumerable: false, configurable: true },
  start: { get: function (this: object) { return (this as Positioned)[START]; }, enumerable: false, configurable: true },
  end: { get: function (this: object) { return (this as Positioned)[END]; }, enumerable: false, configurable: true },
  method: { get: () => 'position', enumerable: false, configurable: true },
};

const HIDDEN: PropertyDescriptor = { enumerable: false };
const NO_TAGS: string[] = Object.freeze([]) as unknown as string[];

function shared<T>(pool: StringPool, value: T): T {
  if (typeof value !== 'string' || value.length === 0) return value;
  const known = pool.strings.get(value);
  if (known !== undefined) return known as T;
  pool.strings.set(value, value);
  return value;
}

/**
 * `value` as a slice of `text` when the text holds exactly it at [start, start + value.length): a
 * slice shares the text's characters instead of copying them (V8 does so from 13 characters up).
 */
function sliceOf(text: TextSource, start: number, value: string, pool: StringPool): string {
  if (value.length < 13) return shared(pool, value);
  if (start < 0 || start + value.length > text.length) return value;
  const slice = text.slice(start, start + value.length);
  return slice === value ? slice : value;
}

/** Copies an own property the compact form does not know, defined (not assigned) so no key is special. */
function keep(target: object, source: object, key: string, value: unknown = (source as Record<string, unknown>)[key]): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function compactTarget(target: TextSelectors, text: TextSource, pool: StringPool): TextSelectors {
  const { position, quote } = target;
  const compact: TextSelectors = {
    position: { type: shared(pool, position.type), start: position.start, end: position.end },
    quote: {
      type: shared(pool, quote.type),
      exact: sliceOf(text, position.start, quote.exact, pool),
      prefix: sliceOf(text, position.start - quote.prefix.length, quote.prefix, pool),
      suffix: sliceOf(text, position.end, quote.suffix, pool),
    },
  };
  // Anything else a selector carries (from a newer version, or an import) is kept as it is.
  for (const key of Object.keys(position)) if (!Object.hasOwn(compact.position, key)) keep(compact.position, position, key);
  for (const key of Object.keys(quote)) if (!Object.hasOwn(compact.quote, key)) keep(compact.quote, quote, key);
  for (const key of Object.keys(target)) if (!Object.hasOwn(compact, key)) keep(compact, target, key);
  return compact;
}

/** Whether `target` is exactly, key for key, what describe() makes of the text at its position. */
function madeFromText(text: TextSource, target: TextSelectors): boolean {
  const { position, quote } = target;
  const { start, end } = position;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start >= end) return false;
  if (Object.keys(target).length !== 2 || Object.keys(position).length !== 3 || Object.keys(quote).length !== 4) return false;
  if (position.type !== 'TextPositionSelector' || quote.type !== 'TextQuoteSelector') return false;
  const made = describe(text, start, end).quote;
  return quote.exact === made.exact && quote.prefix === made.prefix && quote.suffix === made.suffix;
}

const BASE_KEYS = new Set(['id', 'documentId', 'target', 'color', 'note', 'tags', 'field', 'creator', 'createdAt', 'modifiedAt', 'deletedAt']);

/**
 * A record equal to `annotation` (same keys, same values) whose strings are shared through `pool`,
 * and whose selectors are read from the pool's text: made again on every read (an own enumerable
 * accessor, so spreading, cloning and comparing see a plain value) when that gives them exactly,
 * kept with their strings as slices of the text otherwise.
 */
export function compactAnnotation(annotation: Annotation, pool: StringPool): Annotation {
  return compact(annotation, pool).record;
}

function compact(annotation: Annotation, pool: StringPool): { record: Annotation; fromText: boolean } {
  const { text } = pool;
  const fromText = annotation.target !== null && madeFromText(text, annotation.target);
  // Built without `target`, added after: turning a data property into an accessor would drop the
  // object into V8's slow dictionary mode. The position the accessor reads is in the literal, so it
  // is stored in the object itself, and then hidden (not enumerable: the record's keys stay its own).
  // `documentId` and `deletedAt` are the same in every record of an open document (its id; null, as
  // tombstones are not read), so they are accessors too, the same for every record: an accessor
  // takes no room in the object (it is held once by the hidden class all the records share), a
  // field 4 bytes in each (~80 KB for 10,000 annotations). A record of another document, or a
  // deleted one, keeps them as fields.
  pool.documentId ??= annotation.documentId;
  const compact = {
    id: annotation.id,
    color: shared(pool, annotation.color),
    note: shared(pool, annotation.note),
    tags: annotation.tags.length === 0 ? NO_TAGS : annotation.tags.map((tag) => shared(pool, tag)),
    field: annotation.field,
    creator: shared(pool, annotation.creator),
    createdAt: shared(pool, annotation.createdAt),
    modifiedAt: shared(pool, annotation.modifiedAt),
    [START]: fromText ? annotation.target!.position.start : 0,
    [END]: fromText ? annotation.target!.position.end : 0,
  } satisfies Omit<Annotation, 'target' | 'documentId' | 'deletedAt'> & Positioned as unknown as Annotation;
  Object.defineProperty(compact, START, HIDDEN);
  Object.defineProperty(compact, END, HIDDEN);
  if (annotation.documentId === pool.documentId) Object.defineProperty(compact, 'documentId', { get: pool.documentIdOf, enumerable: true, configurable: true });
  else keep(compact, annotation, 'documentId', shared(pool, annotation.documentId));
  if (annotation.deletedAt === null) Object.defineProperty(compact, 'deletedAt', NOT_DELETED);
  else keep(compact, annotation, 'deletedAt', shared(pool, annotation.deletedAt));
  // Every record of one text gets the same getter, so they share one hidden class in V8.
  if (fromText) Object.defineProperty(compact, 'target', { get: pool.target, enumerable: true, configurable: true });
  else compact.target = annotation.target && compactTarget(annotation.target, text, pool);
  for (const key of Object.keys(annotation)) {
    if (!BASE_KEYS.has(key)) keep(compact, annotation, key, shared(pool, (annotation as unknown as Record<string, unknown>)[key]));
  }
  return { record: compact, fromText };
}

/**
 * The anchored entry of `annotation` found at [start, end) by `method`, its record in compact form.
 * An annotation still exactly at its stored place (nearly all of them: a document's text never
 * changes) needs no entry object beside its record: the record already holds that place (hidden,
 * for its selectors), so it is made its own entry by hidden accessors (`annotation` is the record
 * itself, `start`/`end` its place, `method` 'position'). That is a 28-byte object and its pointer
 * less for each of 10,000 annotations (~0.27 MB of the open-document heap). Hidden accessors are
 * not enumerable, so spreading, cloning, comparing and storing the record see only its own keys;
 * a record that has a key of that name itself (from an import) gets a separate entry instead.
 */
export function anchoredEntry(annotation: Annotation, pool: StringPool, start: number, end: number, method: AnchoredAnnotation['method']): AnchoredAnnotation {
  const { record, fromText } = compact(annotation, pool);
  const at = record as unknown as Positioned;
  const inPlace = fromText && method === 'position' && at[START] === start && at[END] === end && !ENTRY_KEYS.some((key) => Object.hasOwn(record, key));
  if (!inPlace) return { annotation: record, start, end, method };
  for (const key of ENTRY_KEYS) Object.defineProperty(record, key, AS_ENTRY[key]);
  return record as unknown as AnchoredAnnotation;
}
