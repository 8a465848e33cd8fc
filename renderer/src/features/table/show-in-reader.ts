// Going from a table value to its quote: open the document in the left pane of the reading desk and
// flash the value's annotation. The reader renders long documents in slices, so if the quote was not
// drawn yet when the flash first ran, it is flashed again once the pane has finished rendering.
import type { AnnotationId, DocumentId } from '@shared/model';
import { registeredRangeCount } from '../../document/highlight-painter';
import { PANE_NAMES } from '../../document/panes';
import { useAppStore } from '../../store/app-store';

/** How long to wait for the pane to render the document before giving up on a second flash. */
const RENDER_WAIT_MS = 5_000;

function paneFinishedRendering(): boolean {
  const text = document.querySelector(`[aria-label="Reader, ${PANE_NAMES[0]}"] .document-text`);
  return text !== null && text.getAttribute('aria-busy') !== 'true';
}

/** Opens a document in the left pane; with an annotation, scrolls to its quote and flashes it. */
export function showInReader(documentId: DocumentId, annotationId: AnnotationId | null): void {
  const store = useAppStore.getState();
  store.openDocument(documentId, 0);
  store.setView('desk');
  if (annotationId === null) return;
  store.flashAnnotation(0, annotationId);
  const nonce = useAppStore.getState().flash?.nonce;
  const startedAt = performance.now();
  const check = () => {
    const flash = useAppStore.getState().flash;
    // Another flash was asked for since, or the reviewer moved on: leave it alone.
    if (flash?.nonce !== nonce || useAppStore.getState().panes[0] !== documentId) return;
    if (!paneFinishedRendering()) {
      if (performance.now() - startedAt < RENDER_WAIT_MS) requestAnimationFrame(check);
      return;
    }
    if (registeredRangeCount('flash') === 0) useAppStore.getState().flashAnnotation(0, annotationId);
  };
  requestAnimationFrame(check);
}
