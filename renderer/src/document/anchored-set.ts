// A document's annotations anchored against its text: ranges in reading order, orphans with their
// reasons, and an interval index for hit-testing and viewport queries. Pure; open-documents.tsx
// keeps one such set per open document.
import { anchor, createIntervalIndex, isOrphan } from '@shared/anchoring';
import type { IntervalIndex } from '@shared/anchoring';
import type { Annotation, AnnotationId, DocumentId } from '@shared/model';
import type { TextSource } from '@shared/text/text-source';
import { anchoredEntry, stringPool } from './compact-annotation';
import type { AnchoredAnnotation, StringPool } from './compact-annotation';

export type { AnchoredAnnotation } from './compact-annotation';

export interface OrphanedAnnotation {
  annotation: Annotation;
  reason: string;
}

/** The anchored annotations by id. */
export interface AnchoredById {
  get(id: AnnotationId): AnchoredAnnotation | undefined;
  has(id: AnnotationId): boolean;
  readonly size: number;
}

/**
 * A lookup by id over the anchored annotations sorted by id, searched by halves: for 10,000
 * annotations a fifth of the memory a Map takes, at some fourteen string comparisons a lookup.
 */
class SortedById implements AnchoredById {
  private readonly sorted: AnchoredAnnotation[];

  constructor(items: readonly AnchoredAnnotation[]) {
    this.sorted = [...items].sort((a, b) => (a.annotation.id < b.annotation.id ? -1 : a.annotation.id > b.annotation.id ? 1 : 0));
  }

  get size(): number {
    return this.sorted.length;
  }

  get(id: AnnotationId): AnchoredAnnotation | undefined {
    let lo = 0;
    let hi = this.sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.sorted[mid]!;
      const key = at.annotation.id;
      if (key === id) return at;
      if (key < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  has(id: AnnotationId): boolean {
    return this.get(id) !== undefined;
  }
}

export interface AnchoredSet {
  /** Sorted by start, then end. */
  anchored: AnchoredAnnotation[];
  orphans: OrphanedAnnotation[];
  /** Field values entered without a source quote. */
  unsourced: Annotation[];
  /** Areas of PDF pages (tables, figures), by page and then top to bottom: never anchored in the text. */
  areas: Annotation[];
  byId: AnchoredById;
  index: IntervalIndex;
}

interface Anchoring {
  text: TextSource;
  annotations: readonly Annotation[];
  previous: AnchoredSet | null;
  previousOrphans: Map<AnnotationId, OrphanedAnnotation> | null;
  pool: StringPool;
  anchored: AnchoredAnnotation[];
  orphans: OrphanedAnnotation[];
  unsourced: Annotation[];
  areas: Annotation[];
}

function startAnchoring(text: TextSource, annotations: readonly Annotation[], previous: AnchoredSet | null): Anchoring {
  return {
    text,
    annotations,
    previous,
    previousOrphans: previous && previous.orphans.length > 0 ? new Map(previous.orphans.map((o) => [o.annotation.id, o])) : null,
    pool: stringPool(text),
    anchored: [],
    orphans: [],
    unsourced: [],
    areas: [],
  };
}

/** Anchors annotations [from, to) of the run. */
function anchorSlice(run: Anchoring, from: number, to: number): void {
  const { text, previous, previousOrphans, pool, anchored, orphans, unsourced, areas } = run;
  for (let i = from; i < to; i++) {
    const annotation = run.annotations[i]!;
    // An area is a place on a page, not in the text: it is listed, never anchored.
    if (annotation.area) {
      areas.push(annotation);
      continue;
    }
    if (!annotation.target) {
      unsourced.push(annotation);
      continue;
    }
    const kept = previous?.byId.get(annotation.id);
    if (kept && kept.annotation.modifiedAt === annotation.modifiedAt) {
      anchored.push(kept);
      continue;
    }
    const keptOrphan = previousOrphans?.get(annotation.id);
    if (keptOrphan && keptOrphan.annotation.modifiedAt === annotation.modifiedAt) {
      orphans.push(keptOrphan);
      continue;
    }
    const found = anchor(text, annotation.target);
    if (isOrphan(found)) orphans.push({ annotation, reason: found.reason });
    // Offsets as small integers (`| 0`, exact below 2^31): anchoring can hand back an integral
    // offset held as a double, and one such store turns the field to doubles for every entry, which
    // V8 then boxes, a heap number each (10,000 for a large review).
    else anchored.push(anchoredEntry(annotation, pool, found.start | 0, found.end | 0, found.method));
  }
}

function finishAnchoring({ anchored, orphans, unsourced, areas }: Anchoring): AnchoredSet {
  anchored.sort((a, b) => a.start - b.start || a.end - b.end);
  areas.sort((a, b) => a.area!.page - b.area!.page || a.area!.y - b.area!.y || a.area!.x - b.area!.x || (a.id < b.id ? -1 : 1));
  return {
    anchored,
    orphans,
    unsourced,
    areas,
    byId: new SortedById(anchored),
    index: createIntervalIndex(anchored.map((a) => ({ id: a.annotation.id, start: a.start, end: a.end }))),
  };
}

/**
 * Anchors annotations against a text. With the document's previous set, an annotation that did not
 * change since (same id and modification time) is taken over from it as it is, so adding one
 * annotation to 10,000 costs one anchoring. Anchored annotations are kept in compact form (equal
 * records that share their strings with each other and with the text), the records given are not.
 */
export function anchorAnnotations(text: TextSource, annotations: readonly Annotation[], previous: AnchoredSet | null = null): AnchoredSet {
  const run = startAnchoring(text, annotations, previous);
  anchorSlice(run, 0, annotations.length);
  return finishAnchoring(run);
}

/** Lets the browser handle input and draw a frame, then carries on (at the same priority, where it can). */
function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resume) => setTimeout(resume, 0));
}

/** Annotations anchored between checks of the clock. */
const CHECK_EVERY = 100;

/**
 * anchorAnnotations a slice at a time, giving the browser the main thread back every `sliceMs`:
 * opening a document with 10,000 annotations must not block the window for the tenth of a second
 * anchoring them takes. The same set as anchorAnnotations; null when `signal` aborts it first.
 */
export async function anchorAnnotationsInSlices(
  text: TextSource,
  annotations: readonly Annotation[],
  previous: AnchoredSet | null = null,
  options: { signal?: AbortSignal; sliceMs?: number } = {},
): Promise<AnchoredSet | null> {
  const { signal, sliceMs = 8 } = options;
  const run = startAnchoring(text, annotations, previous);
  let sliceStart = performance.now();
  for (let from = 0; from < annotations.length; from += CHECK_EVERY) {
    anchorSlice(run, from, Math.min(annotations.length, from + CHECK_EVERY));
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldToBrowser();
      if (signal?.aborted) return null;
      sliceStart = performance.now();
    }
  }
  return signal?.aborted ? null : finishAnchoring(run);
}

/**
 * The last anchored set of the few most recently open documents, to anchor from when a document's
 * annotations change or it is opened again. A document's text never changes (its id is the hash of
 * its text), so an anchor found once stays right until its annotation is modified.
 */
export class AnchorCaches {
  private readonly sets = new Map<DocumentId, AnchoredSet>();

  constructor(private readonly documents = 6) {}

  last(documentId: DocumentId): AnchoredSet | null {
    return this.sets.get(documentId) ?? null;
  }

  keep(documentId: DocumentId, set: AnchoredSet): void {
    this.sets.delete(documentId);
    this.sets.set(documentId, set);
    for (const oldest of this.sets.keys()) {
      if (this.sets.size <= this.documents) break;
      this.sets.delete(oldest);
    }
  }
}
