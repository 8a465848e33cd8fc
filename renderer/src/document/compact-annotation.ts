// An open document keeps all its annotations in memory, and records as IndexedDB hands them back
// cost ~700 bytes each: every record has its own copy of the document id, colour, dates and
// selector types, and its own quote, prefix and suffix strings although the text holds them all.
// compactAnnotation returns an equal record that shares that storage, so 10,000 cost a few MB less.
import type { Annotation, TextSelectors } from '@shared/model';

/** Equal strings seen in one pass over a document's records, each kept once. */
export type StringPool = Map<string, string>;

const NO_TAGS: string[] = Object.freeze([]) as unknown as string[];

function shared<T>(pool: StringPool, value: T): T {
  if (typeof value !== 'string' || value.length === 0) return value;
  const known = pool.get(value);
  if (known !== undefined) return known as T;
  pool.set(value, value);
  return value;
}

/**
 * `value` as a slice of `text` when the text holds exactly it at [start, start + value.length): a
 * slice shares the text's characters instead of copying them (V8 does so from 13 characters up).
 */
function sliceOf(text: string, start: number, value: string, pool: StringPool): string {
  if (value.length < 13) return shared(pool, value);
  if (start < 0 || start + value.length > text.length || !text.startsWith(value, start)) return value;
  return text.slice(start, start + value.length);
}

/** Copies an own property the compact form does not know, defined (not assigned) so no key is special. */
function keep(target: object, source: object, key: string, value: unknown = (source as Record<string, unknown>)[key]): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function compactTarget(target: TextSelectors, text: string, pool: StringPool): TextSelectors {
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

const BASE_KEYS = new Set(['id', 'documentId', 'target', 'color', 'note', 'tags', 'field', 'creator', 'createdAt', 'modifiedAt', 'deletedAt']);

/**
 * A record equal to `annotation` (same keys, same values) whose strings are shared through `pool`
 * and whose selector strings are slices of `text`, the document's text, wherever they match it.
 */
export function compactAnnotation(annotation: Annotation, text: string, pool: StringPool): Annotation {
  const compact: Annotation = {
    id: annotation.id,
    documentId: shared(pool, annotation.documentId),
    target: annotation.target && compactTarget(annotation.target, text, pool),
    color: shared(pool, annotation.color),
    note: shared(pool, annotation.note),
    tags: annotation.tags.length === 0 ? NO_TAGS : annotation.tags.map((tag) => shared(pool, tag)),
    field: annotation.field,
    creator: shared(pool, annotation.creator),
    createdAt: shared(pool, annotation.createdAt),
    modifiedAt: shared(pool, annotation.modifiedAt),
    deletedAt: shared(pool, annotation.deletedAt),
  };
  for (const key of Object.keys(annotation)) {
    if (!BASE_KEYS.has(key)) keep(compact, annotation, key, shared(pool, (annotation as unknown as Record<string, unknown>)[key]));
  }
  return compact;
}
