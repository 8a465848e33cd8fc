// What a reader pane hands to the layer drawn over its text (the annotate feature's highlights,
// selection toolbar and hit-testing). The reader and annotate never import each other: app.tsx
// passes the layer to the pane, and this is the contract between them.
import type { RefObject } from 'react';
import type { DocumentId } from '@shared/model';
import type { PaneIndex } from '../store/app-store';
import type { AnchoredSet } from './use-anchored-annotations';

export interface ReaderLayerProps {
  pane: PaneIndex;
  documentId: DocumentId;
  text: string;
  /** Null while the document's annotations are still loading; the highlights in view are previewed. */
  anchoredSet: AnchoredSet | null;
  scrollRef: RefObject<HTMLDivElement | null>;
  textRef: RefObject<HTMLDivElement | null>;
  /** Increments as the document's blocks finish rendering. */
  renderTick: number;
}
