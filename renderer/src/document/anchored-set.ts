// A document's annotations anchored against its text: ranges in reading order, orphans with their
// reasons, and an interval index for hit-testing and viewport queries. Pure; open-documents.tsx
// keeps one such set per open document.
import { anchor, createIntervalIndex, isOrphan } from '@shared/anchoring';
import type { Anchor, IntervalIndex } from '@shared/anchoring';
import type { Annotation, AnnotationId, DocumentId } from '@shared/model';

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
 * Anchor caches per document, the few most recent kept. A document's text never changes (its id is
 * the hash of its text), so an anchor found once stays right until its annotation is modified.
 */
export class AnchorCaches {
  private readonly caches = new Map<DocumentId, AnchorCache>();

  constructor(private readonly documents = 6) {}

  for(documentId: DocumentId): AnchorCache {
    let cache = this.caches.get(documentId);
    if (cache) this.caches.delete(documentId);
    else cache = new Map();
    this.caches.set(documentId, cache);
    for (const oldest of this.caches.keys()) {
      if (this.caches.size <= this.documents) break;
      this.caches.delete(oldest);
    }
    return cache;
  }
}
