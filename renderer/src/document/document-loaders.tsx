// Loads each open document for <OpenDocuments>: its text, a preview of the highlights in view, and
// its anchored annotation set. Apart from open-documents.tsx so that anchoring loads with the first document opened.
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import type { StoreApi } from 'zustand';
import type { Annotation, DocumentId } from '@shared/model';
import type { TextSource } from '@shared/text/text-source';
import { listAnnotationsStartingIn, useAnnotations } from '../db/annotations';
import { useDatabase } from '../db/context';
import type { MarginDatabase } from '../db/database';
import { anchorAnnotationsInSlices, AnchorCaches } from './anchored-set';
import type { PreviewHighlight, Registry } from './open-documents';
import { useDocument } from './use-document';

/** The preview reads annotations starting this far before the window, to catch long ones reaching in. */
const PREVIEW_LOOKBEHIND = 5_000;

async function previewHighlights(db: MarginDatabase, documentId: DocumentId, text: TextSource, from: number, to: number): Promise<PreviewHighlight[]> {
  const found = await listAnnotationsStartingIn(db, documentId, from - PREVIEW_LOOKBEHIND, to);
  const highlights: PreviewHighlight[] = [];
  for (const annotation of found) {
    const target = annotation.target;
    // Only annotations still exactly at their stored place; anchoring decides the rest.
    if (!target || target.position.end <= from || text.slice(target.position.start, target.position.end) !== target.quote.exact) continue;
    highlights.push({ start: target.position.start, end: target.position.end, color: annotation.color });
  }
  return highlights;
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

/** Loads one open document and publishes it to the registry; renders nothing. */
function DocumentLoader({ documentId, registry, caches }: { documentId: DocumentId; registry: StoreApi<Registry>; caches: AnchorCaches }) {
  const db = useDatabase();
  const loaded = useDocument(documentId)!;
  const text = loaded.state === 'ready' ? loaded.text : null;
  const ready = useAfterFirstFrames(text !== null ? documentId : null);
  // Anchored as they are read, so only the compact set is kept, never the records as read.
  // Anchored in slices, so 10,000 annotations never hold the main thread for long.
  const anchorRead = useCallback(
    async (annotations: Annotation[], signal: AbortSignal) => {
      if (text === null) return null;
      const set = await anchorAnnotationsInSlices(text, annotations, caches.last(documentId), { signal });
      if (set) caches.keep(documentId, set);
      return set;
    },
    [caches, documentId, text],
  );
  const anchoredSet = useAnnotations(ready === documentId && text !== null ? documentId : null, anchorRead) ?? null;
  const preview = useMemo(
    () => (from: number, to: number) => (text === null || anchoredSet !== null ? Promise.resolve([]) : previewHighlights(db, documentId, text, from, to)),
    [anchoredSet, db, documentId, text],
  );

  // Published before paint, so a pane and the panels never show a frame with different sets.
  useLayoutEffect(() => {
    registry.setState((s) => ({ documents: new Map(s.documents).set(documentId, { loaded, anchoredSet, preview }) }));
  }, [anchoredSet, documentId, loaded, preview, registry]);
  useLayoutEffect(
    () => () => {
      registry.setState((s) => {
        const documents = new Map(s.documents);
        documents.delete(documentId);
        return { documents };
      });
    },
    [documentId, registry],
  );
  return null;
}

/** One loader per open document, sharing the caches of the last anchored sets. */
export function DocumentLoaders({ documentIds, registry }: { documentIds: readonly DocumentId[]; registry: StoreApi<Registry> }) {
  const [caches] = useState(() => new AnchorCaches());
  return (
    <>
      {documentIds.map((documentId) => (
        <DocumentLoader key={documentId} documentId={documentId} registry={registry} caches={caches} />
      ))}
    </>
  );
}
