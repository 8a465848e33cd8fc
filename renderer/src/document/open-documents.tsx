// One loaded, anchored set per document open in a pane. <OpenDocuments> (mounted once, in app.tsx)
// runs for each open document ONE text read, ONE live query of its annotations, one anchoring and
// one interval index, and owns the one preview read; the reader panes and the side panels all read
// that through useOpenDocument / useAnchoredSet instead of each querying and indexing on their own.
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { createStore, useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import type { Annotation, DocumentId, HighlightColor } from '@shared/model';
import { listAnnotationsStartingIn, useAnnotations } from '../db/annotations';
import { useDatabase } from '../db/context';
import type { MarginDatabase } from '../db/database';
import { useAppStore } from '../store/app-store';
import { anchorAnnotationsInSlices, AnchorCaches } from './anchored-set';
import type { AnchoredSet } from './anchored-set';
import { useDocument } from './use-document';
import type { LoadedDocument } from './use-document';

/** A highlight to paint before the full set has loaded: an annotation still exactly at its stored place. */
export interface PreviewHighlight {
  start: number;
  end: number;
  color: HighlightColor;
}

export interface OpenDocument {
  loaded: LoadedDocument;
  /** Null until the annotations have been read and anchored (after the text's first frames). */
  anchoredSet: AnchoredSet | null;
  /**
   * The highlights starting in [from, to), from a small indexed read, for painting the text in view
   * while the whole set loads. Empty once the set has loaded (it is the better answer then).
   */
  preview: (from: number, to: number) => Promise<PreviewHighlight[]>;
}

interface Registry {
  documents: Map<DocumentId, OpenDocument>;
}

const RegistryContext = createContext<StoreApi<Registry> | null>(null);

/** The preview reads annotations starting this far before the window, to catch long ones reaching in. */
const PREVIEW_LOOKBEHIND = 5_000;

async function previewHighlights(db: MarginDatabase, documentId: DocumentId, text: string, from: number, to: number): Promise<PreviewHighlight[]> {
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

/** The documents open in a pane: the left pane's, and the right pane's while it is open. */
function useOpenDocumentIds(): DocumentId[] {
  const left = useAppStore((s) => s.panes[0]);
  const right = useAppStore((s) => (s.secondPaneOpen ? s.panes[1] : null));
  return useMemo(() => [...new Set([left, right].filter((id): id is DocumentId => id !== null))], [left, right]);
}

export function OpenDocuments({ children }: { children: ReactNode }) {
  const [registry] = useState(() => createStore<Registry>(() => ({ documents: new Map() })));
  const [caches] = useState(() => new AnchorCaches());
  const open = useOpenDocumentIds();
  return (
    <RegistryContext.Provider value={registry}>
      {open.map((documentId) => (
        <DocumentLoader key={documentId} documentId={documentId} registry={registry} caches={caches} />
      ))}
      {children}
    </RegistryContext.Provider>
  );
}

const NOT_OPEN = { loaded: { state: 'loading' } as LoadedDocument, anchoredSet: null, preview: () => Promise.resolve([]) } satisfies OpenDocument;

/**
 * A document open in a pane, as <OpenDocuments> loaded it: null without a document, "loading" until
 * its loader has published (also for a document in no pane, which is never loaded).
 */
export function useOpenDocument(documentId: DocumentId | null): OpenDocument | null {
  const registry = useContext(RegistryContext);
  if (!registry) throw new Error('useOpenDocument needs <OpenDocuments> above it (app.tsx mounts it once).');
  const entry = useStore(registry, (s) => (documentId ? s.documents.get(documentId) : undefined));
  if (!documentId) return null;
  return entry ?? NOT_OPEN;
}

/** The open document's anchored annotations; null while loading or without a document. */
export function useAnchoredSet(documentId: DocumentId | null): AnchoredSet | null {
  return useOpenDocument(documentId)?.anchoredSet ?? null;
}
