// pdf.js for showing a PDF's pages (the page view): the worker-backed build, loaded on first use, with
// the same hardening as the import (no WebAssembly, no XFA). Injectable for tests, where
// jsdom has no canvas: a component test passes its own loader.
// Pages are drawn in pdf.js's renderer worker (pdf.js 6: an OffscreenCanvas in a worker of its own,
// each finished drawing handed to the page as a bitmap), so drawing a page's text does not take the
// window's thread in the middle of a scroll; where a browser lacks OffscreenCanvas, pdf.js draws on
// the window's thread as before.
import type * as Pdfjs from 'pdfjs-dist';

export type PdfDocumentProxy = Awaited<ReturnType<typeof Pdfjs.getDocument>['promise']>;
export type PdfPageProxy = Awaited<ReturnType<PdfDocumentProxy['getPage']>>;

export interface PdfViewerModule {
  getDocument: typeof Pdfjs.getDocument;
  TextLayer: typeof Pdfjs.TextLayer;
}

let loaded: Promise<PdfViewerModule> | null = null;

export function loadPdfViewer(): Promise<PdfViewerModule> {
  loaded ??= (async () => {
    const pdfjs = await import('pdfjs-dist');
    const worker = await import('pdfjs-dist/build/pdf.worker.min.mjs?url');
    const renderer = await import('pdfjs-dist/build/pdf.renderer.min.mjs?url');
    pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
    pdfjs.GlobalWorkerOptions.rendererSrc = renderer.default;
    return { getDocument: pdfjs.getDocument, TextLayer: pdfjs.TextLayer };
  })();
  return loaded;
}

/** Opens the bytes for viewing; pdf.js takes a copy, so the stored bytes stay as they are. */
export function openPdf(module: PdfViewerModule, bytes: Uint8Array) {
  // pdf.js 6 has no eval left to switch off (see the import's parser); WebAssembly and XFA stay off.
  return module.getDocument({ data: bytes.slice(), useWasm: false, enableXfa: false, verbosity: 0 });
}
