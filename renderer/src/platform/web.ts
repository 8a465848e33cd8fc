// The browser host of the Bridge: fetches the bundled corpus from the static build, saves by
// download, prints through the browser, and opens files through a file input.
// The corpus reader and the size rules carry zod: they are imported when used, not with the window.
import type { Bridge, OpenedFile, OpenRequest, PrintRequest, SaveRequest, SaveResult } from '@shared/ipc';
import { trustedReportHtml } from './trusted-types';

async function fetchText(path: string): Promise<string> {
  const response = await fetch(new URL(path, document.baseURI), { cache: 'no-cache' });
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return response.text();
}

function download(request: SaveRequest): SaveResult {
  const blob = new Blob([request.data as BlobPart], { type: request.mimeType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = request.suggestedName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the browser has taken the blob.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return { saved: true, location: `Downloads/${request.suggestedName}` };
}

/** Prints a self-contained report through the browser's print dialog (which offers "Save as PDF"). */
function printHtml(request: PrintRequest): Promise<SaveResult> {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.title = 'Report being printed';
    frame.style.position = 'fixed';
    frame.style.width = '0';
    frame.style.height = '0';
    frame.style.border = '0';
    // No scripts may run in the report; allow-modals lets the frame open the print dialog.
    frame.setAttribute('sandbox', 'allow-modals allow-same-origin');
    frame.srcdoc = trustedReportHtml(request.html);
    frame.addEventListener('load', () => {
      try {
        frame.contentWindow?.print();
        resolve({ saved: true, location: 'the browser’s print dialog' });
      } catch (error) {
        resolve({ saved: false, reason: 'failed', message: (error as Error).message });
      } finally {
        setTimeout(() => frame.remove(), 1_000);
      }
    });
    document.body.append(frame);
  });
}

/**
 * Opens files through a file input. Like the desktop host, a file over the limit refuses the whole
 * request with one message naming each such file, and sizes are checked before anything is read.
 */
function pickFiles(request: OpenRequest): Promise<OpenedFile[]> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = request.multiple;
    input.accept = request.extensions.map((ext) => `.${ext}`).join(',');
    input.addEventListener('change', async () => {
      const files = Array.from(input.files ?? []);
      // Imported after the pick, never before input.click(): the click must stay inside the reviewer's gesture.
      const { DEFAULT_OPEN_MAX_BYTES, oversizeRefusal } = await import('@shared/ipc');
      const limit = request.maxBytes ?? DEFAULT_OPEN_MAX_BYTES;
      const refusals = files.filter((file) => file.size > limit).map((file) => oversizeRefusal(file.name, file.size, limit));
      if (refusals.length > 0) {
        reject(new Error(`${refusals.join(' ')} Nothing was opened.`));
        return;
      }
      try {
        resolve(await Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }))));
      } catch (error) {
        reject(new Error(`The files could not be read (${(error as Error).message}). Nothing was opened.`, { cause: error }));
      }
    });
    input.addEventListener('cancel', () => resolve([]));
    input.click();
  });
}

export function createWebBridge(): Bridge {
  return {
    host: 'web',
    async listBundledDocuments() {
      const manifest = await fetchText('documents/manifest.json').catch(() => null);
      const { assembleCorpus } = await import('@shared/corpus');
      return assembleCorpus(manifest, (file) => fetchText(`documents/${encodeURIComponent(file)}`));
    },
    bundledCorpusManifest: () => fetchText('documents/manifest.json').catch(() => null),
    saveFile: async (request) => download(request),
    printToPdf: printHtml,
    openFiles: pickFiles,
  };
}
