// Files dragged onto the library are imported: the list shows a drop state while they hover (and says
// so to screen readers), and the import dialog opens with their progress. A file dropped anywhere
// else is ignored rather than opened by the browser in place of the app. The target frames the
// library from the first paint, so the import machinery (queue, parse worker, stores) loads at the drop.
import { useEffect, useRef, useState } from 'react';
import type { DragEvent, ReactNode } from 'react';
import { useDatabase } from '../../db/context';

function carriesFiles(dataTransfer: DataTransfer | null): boolean {
  return Array.from(dataTransfer?.types ?? []).includes('Files');
}

/** `place` names the target in what a screen reader hears while files hover over it. */
export function ImportDropTarget({ children, place = 'the library' }: { children: ReactNode; place?: string }) {
  const db = useDatabase();
  const [dragging, setDragging] = useState(false);
  // dragenter/dragleave fire for every child crossed; the target is left only when the count is back to 0.
  const depth = useRef(0);

  useEffect(() => {
    const refuse = (event: globalThis.DragEvent) => {
      if (event.defaultPrevented || !carriesFiles(event.dataTransfer)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('dragover', refuse);
    window.addEventListener('drop', refuse);
    return () => {
      window.removeEventListener('dragover', refuse);
      window.removeEventListener('drop', refuse);
    };
  }, []);

  const onDragEnter = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event.dataTransfer)) return;
    event.preventDefault();
    depth.current += 1;
    setDragging(true);
  };
  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event.dataTransfer)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event.dataTransfer)) return;
    event.preventDefault();
    depth.current = 0;
    setDragging(false);
    // The list of files is only readable during the event; the File objects stay valid after it.
    const files = Array.from(event.dataTransfer.files);
    if (files.length === 0) return;
    void (async () => {
      const [{ enqueueImport, fileSource }, { getImportMaxBytes }] = await Promise.all([import('./import-queue'), import('../../db/imports')]);
      await enqueueImport(db, files.map(fileSource), await getImportMaxBytes(db));
    })();
  };

  return (
    <div
      className="import-drop-target"
      data-dragging={dragging ? 'true' : undefined}
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      {children}
      {dragging && (
        <div className="import-drop-overlay" aria-hidden="true">
          <p className="import-drop-message">Drop to import into the library</p>
          <p className="import-hint">Text, Markdown, HTML, PDF, PubMed .nbib or .xml</p>
        </div>
      )}
      <span className="visually-hidden" aria-live="polite">
        {dragging ? `Files over ${place}: release to import them.` : ''}
      </span>
    </div>
  );
}
