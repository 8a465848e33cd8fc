// One loaded, anchored set per document open in a pane. <OpenDocuments> (mounted once, in app.tsx)
// runs for each open document ONE text read, ONE live query of its annotations, one anchoring and
// one interval index, and owns the one preview read; the reader panes and the side panels all read
// that through useOpenDocument / useAnchoredSet instead of each querying and indexing on their own.
// The loaders (reading, anchoring) are fetched when a document is first opened, not at start.
import { createContext, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { createStore, useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import type { DocumentId, HighlightColor } from '@shared/model';
import { Deferred, lazyPart } from '../components/lazy-part';
import { useAppStore } from '../store/app-store';
import type { AnchoredSet } from './anchored-set';
import type { LoadedDocument } from './use-document';

const DocumentLoaders = lazyPart(() => import('./document-loaders').then((m) => m.DocumentLoaders));

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

export interface Registry {
  documents: Map<DocumentId, OpenDocument>;
}

const RegistryContext = createContext<StoreApi<Registry> | null>(null);

/** The documents open in a pane: the left pane's, and the right pane's while it is open. */
function useOpenDocumentIds(): DocumentId[] {
  const left = useAppStore((s) => s.panes[0]);
  const right = useAppStore((s) => (s.secondPaneOpen ? s.panes[1] : null));
  return useMemo(() => [...new Set([left, right].filter((id): id is DocumentId => id !== null))], [left, right]);
}

export function OpenDocuments({ children }: { children: ReactNode }) {
  const [registry] = useState(() => createStore<Registry>(() => ({ documents: new Map() })));
  const open = useOpenDocumentIds();
  // Mounted from the first open document on, so the anchoring caches outlive closing the last one.
  const [opened, setOpened] = useState(false);
  if (open.length > 0 && !opened) setOpened(true);
  return (
    <RegistryContext.Provider value={registry}>
      {opened && (
        <Deferred>
          <DocumentLoaders documentIds={open} registry={registry} />
        </Deferred>
      )}
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
