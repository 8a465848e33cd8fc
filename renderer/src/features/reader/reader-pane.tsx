// One reader pane: its own document picker, the metadata header and the article text.
import { useRef, useState } from 'react';
import type { ComponentType } from 'react';
import { useDocuments } from '../../db/documents';
import { useAppStore } from '../../store/app-store';
import type { PaneIndex } from '../../store/app-store';
import type { DocumentId } from '@shared/model';
import { DocumentHeader } from './document-header';
import { DocumentText } from './document-text';
import { useOpenDocument } from '../../document/open-documents';
import { PANE_NAMES } from '../../document/panes';
import type { ReaderLayerProps } from '../../document/reader-layer';

interface Props {
  pane: PaneIndex;
  /** Drawn over the text (highlights, selection toolbar); composed in by app.tsx. */
  Layer?: ComponentType<ReaderLayerProps>;
}

export function ReaderPane({ pane, Layer }: Props) {
  const documentId = useAppStore((s) => s.panes[pane]);
  const active = useAppStore((s) => s.activePane === pane);
  const openDocument = useAppStore((s) => s.openDocument);
  const setActivePane = useAppStore((s) => s.setActivePane);
  const setSecondPaneOpen = useAppStore((s) => s.setSecondPaneOpen);
  const documents = useDocuments();
  const open = useOpenDocument(documentId);
  const loaded = open?.loaded ?? null;
  const name = PANE_NAMES[pane];
  const scrollRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const [renderTick, setRenderTick] = useState(0);

  return (
    <section
      className="reader-pane"
      data-active={active ? 'true' : undefined}
      aria-label={`Reader, ${name}`}
      onFocusCapture={() => !active && setActivePane(pane)}
      onPointerDown={() => !active && setActivePane(pane)}
    >
      <div className="pane-toolbar">
        <label className="visually-hidden" htmlFor={`picker-${pane}`}>
          Document in the {name}
        </label>
        <select
          id={`picker-${pane}`}
          className="document-picker"
          value={documentId ?? ''}
          onChange={(e) => e.target.value && openDocument(e.target.value as DocumentId, pane)}
        >
          <option value="">Choose a document…</option>
          {(documents ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {d.title}
            </option>
          ))}
        </select>
        {pane === 1 ? (
          <button type="button" className="icon-button" onClick={() => setSecondPaneOpen(false)} aria-label="Close the right pane">
            Close
          </button>
        ) : null}
      </div>
      <div className="pane-scroll" tabIndex={0} aria-label={`Article in the ${name}`} ref={scrollRef}>
        {loaded === null ? (
          <div className="empty-state reader-empty">
            <p>No document in the {name}.</p>
            <p className="hint">Pick one above, or choose “Open” in the library.</p>
          </div>
        ) : loaded.state === 'loading' ? (
          <p className="empty-state" role="status">
            Opening the document…
          </p>
        ) : loaded.state === 'missing' ? (
          <p className="notice notice-error" role="alert">
            This document is no longer in the library.
          </p>
        ) : (
          <article className="article" lang="en">
            <DocumentHeader meta={loaded.meta} />
            <DocumentText text={loaded.text} containerRef={textRef} onProgress={setRenderTick} />
            {documentId && Layer && (
              <Layer
                pane={pane}
                documentId={documentId}
                text={loaded.text}
                scrollRef={scrollRef}
                textRef={textRef}
                renderTick={renderTick}
              />
            )}
          </article>
        )}
      </div>
    </section>
  );
}
