// What a reader pane hands to the layer drawn over its text (the annotate feature's highlights,
// selection toolbar and hit-testing). The reader and annotate never import each other: app.tsx
// passes the layer to the pane, and this is the contract between them. The layer reads the
// document's annotations from useOpenDocument, the same set the pane and the panels read.
import type { RefObject } from 'react';
import type { DocumentId } from '@shared/model';
import type { TextSource } from '@shared/text/text-source';
import type { PaneIndex } from '../store/app-store';

export interface ReaderLayerProps {
  pane: PaneIndex;
  documentId: DocumentId;
  text: TextSource;
  scrollRef: RefObject<HTMLDivElement | null>;
  textRef: RefObject<HTMLDivElement | null>;
  /** Grows as the document's blocks render: the offset up to which the text is in the DOM (0 before any). */
  renderTick: number;
}
