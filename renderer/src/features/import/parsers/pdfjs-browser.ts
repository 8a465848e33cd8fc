// pdf.js for the app: its parser runs in a Web Worker (off the UI thread, and ended with the task),
// loaded from the bundled worker file. Imported lazily by parseFile so pdf.js loads on first PDF.
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { PdfjsModule } from './pdf';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

export const browserPdfjs: PdfjsModule = pdfjs;
