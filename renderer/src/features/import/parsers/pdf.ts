// Imports a PDF's text layer with pdf.js: lines in reading order per page, then the pure joining in
// shared/import/pdf-text.ts (paragraphs, hyphenation, page map). pdf.js is passed in, so the app
// gives the worker-backed build and tests the legacy build that runs in Node.
import type * as Pdfjs from 'pdfjs-dist';
import { importedDocument } from '@shared/import/incoming';
import { detectMetadata } from '@shared/import/metadata';
import { itemsToLines, joinPages } from '@shared/import/pdf-text';
import type { PdfTextItem } from '@shared/import/pdf-text';
import type { ImportResult } from '@shared/import/types';

export type PdfjsModule = Pick<typeof Pdfjs, 'getDocument'>;

export interface ParsePdfOptions {
  /** Reading stops (and the worker is ended) after this long; a hostile file cannot hang the import. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** Fewer letters than this per page, on average, is a scan with at most a stamp or page numbers as text. */
const FEWEST_LETTERS_PER_PAGE = 50;

export const SCANNED_PDF_REASON = 'This PDF has no text layer (it looks scanned); run it through OCR first.';
export const PASSWORD_PDF_REASON =
  'This PDF is protected by a password; open it in a PDF reader, save a copy without the password and import that.';
export const DAMAGED_PDF_REASON =
  'This file is not a readable PDF (it may be damaged or cut short); download or export it again.';

class PdfTimeout extends Error {}

interface PdfInfo {
  Title?: unknown;
  Author?: unknown;
}

/** A PDF's Title field is often the producer's file name ("Microsoft Word - draft3.docx"): only a real title is taken. */
function usableTitle(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const title = value.replace(/\s+/g, ' ').trim();
  if (title.length < 8 || title.split(' ').length < 2) return null;
  if (/^(?:microsoft word|untitled|document\b)|\.(?:docx?|pdf|tex|indd|qxd|dvi|rtf)$/i.test(title)) return null;
  return title;
}

function authorsFrom(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value
    .split(';')
    .map((name) => name.replace(/\s+/g, ' ').trim())
    .filter((name) => name.length > 1);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PdfTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function reasonFor(error: unknown, timeoutMs: number): string {
  if (error instanceof PdfTimeout) {
    return `Reading this PDF took longer than ${Math.round(timeoutMs / 1000)} seconds; it may be damaged. Try saving it again from a PDF reader.`;
  }
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') return PASSWORD_PDF_REASON;
  if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'UnknownErrorException') return DAMAGED_PDF_REASON;
  const message = error instanceof Error ? error.message : String(error);
  return `This PDF could not be read (${message.slice(0, 160)}); it may be damaged.`;
}

interface PdfText {
  pages: { lines: string[] }[];
  info: PdfInfo;
}

async function readPages(task: ReturnType<PdfjsModule['getDocument']>): Promise<PdfText> {
  const pdf = await task.promise;
  const pages: { lines: string[] }[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    const items: PdfTextItem[] = [];
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const [, , c = 0, d = 0, x = Number.NaN, y = Number.NaN] = item.transform as number[];
      items.push({
        text: item.str,
        x,
        y,
        width: item.width,
        height: item.height > 0 ? item.height : Math.hypot(c, d),
        endsLine: item.hasEOL,
      });
    }
    pages.push({ lines: itemsToLines(items) });
    page.cleanup();
  }
  let info: PdfInfo = {};
  try {
    info = ((await pdf.getMetadata()).info ?? {}) as PdfInfo;
  } catch {
    // The document information dictionary is optional and often broken; the text decides the title then.
  }
  return { pages, info };
}

export async function parsePdf(name: string, bytes: Uint8Array, pdfjs: PdfjsModule, options: ParsePdfOptions = {}): Promise<ImportResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let task: ReturnType<PdfjsModule['getDocument']>;
  try {
    task = pdfjs.getDocument({
      // pdf.js takes ownership of the buffer (it moves it to the worker); the caller keeps its bytes.
      data: bytes.slice(),
      // pdf.js 5.7 removed its last eval (the PostScript function compiler) and with it the
      // isEvalSupported option; it now compiles those functions to WebAssembly instead. Import reads
      // text only, so WebAssembly stays off: the CSP needs no 'wasm-unsafe-eval' and no .wasm file
      // is fetched (pdf.js falls back to its plain JavaScript interpreter and decoders).
      useWasm: false,
      enableXfa: false,
      disableFontFace: true,
      useSystemFonts: false,
      isOffscreenCanvasSupported: false,
      disableAutoFetch: true,
      disableStream: true,
      stopAtErrors: false,
      verbosity: 0,
    });
  } catch (error) {
    return { ok: false, reason: reasonFor(error, timeoutMs) };
  }
  let read: PdfText;
  try {
    read = await withTimeout(readPages(task), timeoutMs);
  } catch (error) {
    return { ok: false, reason: reasonFor(error, timeoutMs) };
  } finally {
    await task.destroy().catch(() => undefined);
  }

  const { text, pageMap } = joinPages(read.pages);
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < FEWEST_LETTERS_PER_PAGE * Math.max(read.pages.length, 1)) return { ok: false, reason: SCANNED_PDF_REASON };

  const found = detectMetadata(text);
  const infoAuthors = authorsFrom(read.info.Author);
  return {
    ok: true,
    documents: [
      importedDocument(name, text, {
        title: usableTitle(read.info.Title) ?? found.title,
        authors: infoAuthors.length > 0 ? infoAuthors : found.authors,
        publishedDate: found.publishedDate,
        doi: found.doi,
        pmid: found.pmid,
        trialRegistration: found.trialRegistration,
        type: found.type,
        pageMap,
      }),
    ],
  };
}
