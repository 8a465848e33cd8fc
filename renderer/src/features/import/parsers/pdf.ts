// Imports a PDF's text layer with pdf.js: the positioned runs of each page go to the pure layout in
// shared/import (lines, columns, running heads, paragraphs, headings, tables, hyphenation, page map,
// first-page facts). pdf.js is passed in, so the app gives the worker-backed build and tests the
// legacy build that runs in Node.
import type * as Pdfjs from 'pdfjs-dist';
import { sha256Bytes } from '@shared/hash';
import { importedDocument } from '@shared/import/incoming';
import { detectMetadata } from '@shared/import/metadata';
import { pdfFrontMatter, usableTitle } from '@shared/import/pdf-front-matter';
import { pdfLines } from '@shared/import/pdf-lines';
import type { PdfPageItems, PdfTextItem } from '@shared/import/pdf-lines';
import { bodyStyle, layoutPdfText } from '@shared/import/pdf-text';
import type { ImportResult } from '@shared/import/types';

export type PdfjsModule = Pick<typeof Pdfjs, 'getDocument'>;

export interface ParsePdfOptions {
  /** Reading stops (and the worker is ended) after this long; a hostile file cannot hang the import. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** Fewer letters than this per page, on average, is a scan with at most a stamp or page numbers as text. */
const FEWEST_LETTERS_PER_PAGE = 50;
/** Fewer letters than this in a page's body is a page without a text layer, reported on its own. */
const FEWEST_LETTERS_ON_A_PAGE = 20;

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
  // Past the time limit the reading goes on until the task is destroyed and then fails; that late
  // failure is expected and must not surface as an unhandled rejection (a damaged PDF in the fuzz run).
  work.catch(() => undefined);
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
  pages: PdfPageItems[];
  info: PdfInfo;
}

/** pdf.js's text runs as the pure layout takes them: position, advance, size, font and direction. */
type PdfPage = Awaited<ReturnType<Awaited<ReturnType<PdfjsModule['getDocument']>['promise']>['getPage']>>;
type PdfTextContent = Awaited<ReturnType<PdfPage['getTextContent']>>;

function itemsOf(content: PdfTextContent): PdfTextItem[] {
  const items: PdfTextItem[] = [];
  for (const item of content.items) {
    if (!('str' in item)) continue;
    const [a = 0, b = 0, c = 0, d = 0, x = Number.NaN, y = Number.NaN] = item.transform as number[];
    items.push({
      text: item.str,
      x,
      y,
      width: item.width,
      height: item.height > 0 ? item.height : Math.hypot(c, d),
      endsLine: item.hasEOL,
      font: item.fontName,
      angle: (Math.atan2(b, a) * 180) / Math.PI,
    });
  }
  return items;
}

async function readPages(task: ReturnType<PdfjsModule['getDocument']>): Promise<PdfText> {
  const pdf = await task.promise;
  const pages: PdfPageItems[] = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number);
    pages.push({ items: itemsOf(await page.getTextContent()) });
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

/** "Page 3 has no text layer…" or "Pages 3 and 5 have…", for a PDF that has text on its other pages. */
export function emptyPagesNotice(pages: readonly number[]): string | null {
  if (pages.length === 0) return null;
  const list = pages.length === 1 ? `Page ${pages[0]}` : `Pages ${pages.slice(0, -1).join(', ')} and ${pages.at(-1)}`;
  return `${list} ${pages.length === 1 ? 'has' : 'have'} no text layer (scanned or a picture only); ${pages.length === 1 ? 'its' : 'their'} text is missing. Run the PDF through OCR to read ${pages.length === 1 ? 'it' : 'them'}.`;
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

  const lines = pdfLines(read.pages);
  const layout = layoutPdfText(lines);
  const { text, pageMap, runs } = layout;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < FEWEST_LETTERS_PER_PAGE * Math.max(read.pages.length, 1)) return { ok: false, reason: SCANNED_PDF_REASON };
  // A page whose body holds hardly a word (a scan with a "Downloaded from…" stamp) has no text layer.
  const textless = lines.flatMap((page, index) => {
    const bodyLetters = page.filter((line) => line.role === 'body').reduce((sum, line) => sum + (line.text.match(/\p{L}/gu)?.length ?? 0), 0);
    return bodyLetters < FEWEST_LETTERS_ON_A_PAGE ? [index + 1] : [];
  });

  const printed = pdfFrontMatter(lines[0] ?? [], bodyStyle(lines).size);
  // Title, byline and date are guessed from the reading flow (a running head is no title); the
  // identifiers from everything, since a DOI is often printed in the footer.
  const reading = layout.blocks
    .filter((block) => block.kind !== 'furniture')
    .map((block) => text.slice(block.start, block.end))
    .join('\n\n');
  const found = detectMetadata(reading);
  const anywhere = detectMetadata(text);
  const infoAuthors = authorsFrom(read.info.Author);
  const notice = emptyPagesNotice(textless);
  // The file is kept as it came, beside the text, for the page view and the annotated PDF.
  const original = { mediaType: 'application/pdf' as const, sha256: sha256Bytes(bytes), bytes: bytes.slice(), pageCount: read.pages.length, runs };
  return {
    ok: true,
    documents: [
      {
        ...importedDocument(name, text, {
        title: usableTitle(read.info.Title, name) ?? printed.title ?? found.title,
        authors: printed.authors.length > 0 ? printed.authors : infoAuthors.length > 0 ? infoAuthors : found.authors,
        journal: printed.journal,
        publishedDate: printed.publishedDate ?? found.publishedDate,
        doi: anywhere.doi,
        pmid: anywhere.pmid,
        trialRegistration: anywhere.trialRegistration,
        type: found.type,
        pageMap,
        }),
        original,
      },
    ],
    ...(notice === null ? {} : { notices: [notice] }),
  };
}
