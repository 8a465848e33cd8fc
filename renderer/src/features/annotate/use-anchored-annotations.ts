// The open document's annotations, anchored against its text: ranges in reading order, orphans
// with their reasons, and an interval index for hit-testing and viewport queries.
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { anchor, createIntervalIndex, isOrphan } from '@shared/anchoring';
import type { IntervalIndex } from '@shared/anchoring';
import type { Annotation, AnnotationId, DocumentId } from '@shared/model';
import { useDatabase } from '../../db/context';
import { listAnnotations } from '../../db/annotations';

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

/** Anchors annotations against a text. Pure apart from the anchoring cost; memoized by the hook. */
export function anchorAnnotations(text: string, annotations: readonly Annotation[]): AnchoredSet {
  const anchored: AnchoredAnnotation[] = [];
  const orphans: OrphanedAnnotation[] = [];
  const unsourced: Annotation[] = [];
  for (const annotation of annotations) {
    if (!annotation.target) {
      unsourced.push(annotation);
      continue;
    }
    const found = anchor(text, annotation.target);
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

export function useAnnotations(documentId: DocumentId | null): Annotation[] | undefined {
  const db = useDatabase();
  return useLiveQuery(async () => (documentId ? listAnnotations(db, documentId) : []), [db, documentId]);
}

export function useAnchoredAnnotations(documentId: DocumentId | null, text: string | null): AnchoredSet | null {
  const annotations = useAnnotations(documentId);
  return useMemo(() => (annotations && text !== null ? anchorAnnotations(text, annotations) : null), [annotations, text]);
}
