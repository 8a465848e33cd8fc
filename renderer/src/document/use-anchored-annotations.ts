// The open document's annotations, anchored against its text: ranges in reading order, orphans
// with their reasons, and an interval index for hit-testing and viewport queries.
import { useEffect, useMemo, useState } from 'react';
import { anchor, createIntervalIndex, isOrphan } from '@shared/anchoring';
import type { Anchor, IntervalIndex } from '@shared/anchoring';
import type { Annotation, AnnotationId, DocumentId } from '@shared/model';
import { useAnnotations } from '../db/annotations';

export interface AnchoredAnnotation {
  annotation: Annotation;
  start: number;
  end: number;
  score: number;
  method: 'position' | 'quote' | 'fuzzy';
}

export interface OrphanedAnnotation {
  annotation: Annotation;
  reason: string;
}

export interface AnchoredSet {
  /** Sorted by start, then end. */
  anchored: AnchoredAnnotation[];
  orphans: OrphanedAnnotation[];
  /** Field values entered without a source quote. */
  unsourced: Annotation[];
  byId: Map<AnnotationId, AnchoredAnnotation>;
  index: IntervalIndex;
}

/** Anchors found for one text, by annotation id and modification time, reused across live-query updates. */
export type AnchorCache = Map<string, Anchor>;

/**
 * Anchors annotations against a text. With a cache, an annotation that did not change since the
 * last call is not anchored again, so adding one annotation to 10,000 costs one anchoring.
 */
export function anchorAnnotations(text: string, annotations: readonly Annotation[], cache?: AnchorCache): AnchoredSet {
  const anchored: AnchoredAnnotation[] = [];
  const orphans: OrphanedAnnotation[] = [];
  const unsourced: Annotation[] = [];
  for (const annotation of annotations) {
    if (!annotation.target) {
      unsourced.push(annotation);
      continue;
    }
    const key = `${annotation.id}|${annotation.modifiedAt}`;
    let found = cache?.get(key);
    if (!found) {
      found = anchor(text, annotation.target);
      cache?.set(key, found);
    }
    if (isOrphan(found)) orphans.push({ annotation, reason: found.reason });
    else anchored.push({ annotation, start: found.start, end: found.end, score: found.score, method: found.method });
  }
  anchored.sort((a, b) => a.start - b.start || a.end - b.end);
  return {
    anchored,
    orphans,
    unsourced,
    byId: new Map(anchored.map((a) => [a.annotation.id, a])),
    index: createIntervalIndex(anchored.map((a) => ({ id: a.annotation.id, start: a.start, end: a.end }))),
  };
}

/**
 * `value` once two frames have been painted with it, undefined before. Reading all of a document's
 * annotations is the slowest read there is; starting it after the first frames lets the text and
 * the highlights in view (a small indexed read) reach the screen first.
 */
function useAfterFirstFrames<T>(value: T): T | undefined {
  const [settled, setSettled] = useState<{ value: T } | null>(null);
  useEffect(() => {
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => setSettled({ value }));
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [value]);
  return settled !== null && settled.value === value ? settled.value : undefined;
}

/**
 * Anchor caches per document. A document's text never changes (its id is the hash of its text), so
 * an anchor found once stays right until its annotation is modified. The few most recent documents
 * are kept.
 */
const caches = new Map<DocumentId, AnchorCache>();
const CACHED_DOCUMENTS = 6;

function cacheFor(documentId: DocumentId): AnchorCache {
  let cache = caches.get(documentId);
  if (cache) caches.delete(documentId);
  else cache = new Map();
  caches.set(documentId, cache);
  for (const oldest of caches.keys()) {
    if (caches.size <= CACHED_DOCUMENTS) break;
    caches.delete(oldest);
  }
  return cache;
}

export function useAnchoredAnnotations(documentId: DocumentId | null, text: string | null): AnchoredSet | null {
  const ready = useAfterFirstFrames(text !== null ? documentId : null);
  const annotations = useAnnotations(ready ?? null);
  return useMemo(
    () =>
      annotations && text !== null && documentId && ready === documentId ? anchorAnnotations(text, annotations, cacheFor(documentId)) : null,
    [annotations, documentId, ready, text],
  );
}
