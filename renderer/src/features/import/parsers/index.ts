// The one entry point the import UI calls: picks the parser for a file, checks the size limit first,
// and turns any failure, even an unexpected exception, into a sentence for the reviewer.
import { tooLargeReason } from '@shared/import/limits';
import { looksLikeBibtex, parseBibtex } from '@shared/import/bibtex';
import { looksLikeMedline, parseMedline } from '@shared/import/medline';
import { looksLikeRis, parseRis } from '@shared/import/ris';
import { EMPTY_FILE_REASON, decodeText, normalizeNewlines, textDocument } from '@shared/import/text';
import type { ImportResult } from '@shared/import/types';
import { parseHtml } from './html';
import { parsePdf } from './pdf';
import type { PdfjsModule } from './pdf';
import { parsePubmedXml } from './pubmed-xml';

export interface ParseFileOptions {
  /** The size limit from Settings, in bytes. */
  maxBytes: number;
  /** Supplies pdf.js; by default the worker-backed build is loaded on the first PDF. Tests pass the legacy build. */
  loadPdfjs?: () => Promise<PdfjsModule>;
  /** How long a PDF may take to read before the import gives up. */
  pdfTimeoutMs?: number;
}

export { IMPORT_EXTENSIONS } from './extensions';

const SUPPORTED_FORMATS =
  'plain text (.txt), Markdown (.md), web pages (.html, .htm), PDF (.pdf), PubMed exports (.nbib, or .txt saved from PubMed), PubMed XML (.xml), RIS (.ris) and BibTeX (.bib)';

const loadBrowserPdfjs = async (): Promise<PdfjsModule> => (await import('./pdfjs-browser')).browserPdfjs;

function extensionOf(name: string): string | null {
  const base = name.split(/[/\\]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : null;
}

/**
 * A file that starts with "%PDF-" is a PDF whatever its name says (a download saved as .txt). A
 * file named .pdf may have up to 1 KB of junk before the marker, as pdf.js accepts.
 */
function isPdf(bytes: Uint8Array, extension: string | null): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return extension === 'pdf' ? head.includes('%PDF-') : head.startsWith('%PDF-');
}

function unsupported(extension: string | null): ImportResult {
  const what = extension === null ? 'This file has no extension, so Margin cannot tell its format.' : `Margin cannot import .${extension} files.`;
  return { ok: false, reason: `${what} It reads ${SUPPORTED_FORMATS}.` };
}

type TextFormat = 'any' | 'medline' | 'ris' | 'bibtex';

/** Marks the records of a citation export, which the import checks for duplicates of library records. */
function citations(result: ImportResult): ImportResult {
  return result.ok ? { ...result, citations: true } : result;
}

/** A text file is a citation export when its name says so or when it starts like one (a .txt saved from PubMed or a database). */
function parseText(name: string, bytes: Uint8Array, format: TextFormat): ImportResult {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  const text = normalizeNewlines(decoded.text);
  if (format === 'medline' || (format === 'any' && looksLikeMedline(text))) return citations(parseMedline(name, text));
  if (format === 'ris' || (format === 'any' && looksLikeRis(text))) return citations(parseRis(name, text));
  if (format === 'bibtex' || (format === 'any' && looksLikeBibtex(text))) return citations(parseBibtex(name, text));
  return { ok: true, documents: [textDocument(name, text)], metadataDetected: true };
}

async function dispatch(name: string, bytes: Uint8Array, options: ParseFileOptions): Promise<ImportResult> {
  const extension = extensionOf(name);
  if (isPdf(bytes, extension)) {
    const pdfjs = await (options.loadPdfjs ?? loadBrowserPdfjs)();
    return parsePdf(name, bytes, pdfjs, options.pdfTimeoutMs === undefined ? {} : { timeoutMs: options.pdfTimeoutMs });
  }
  switch (extension) {
    case 'txt':
    case 'md':
    case 'markdown':
      return parseText(name, bytes, 'any');
    case 'nbib':
    case 'medline':
      return parseText(name, bytes, 'medline');
    case 'ris':
      return parseText(name, bytes, 'ris');
    case 'bib':
    case 'bibtex':
      return parseText(name, bytes, 'bibtex');
    case 'html':
    case 'htm':
    case 'xhtml':
      return parseHtml(name, bytes);
    case 'xml':
      return citations(parsePubmedXml(name, bytes));
    case 'pdf':
      return { ok: false, reason: 'This file is named .pdf but is not a PDF (it does not start with "%PDF-"); download or export it again.' };
    default:
      return unsupported(extension);
  }
}

export async function parseFile(name: string, bytes: Uint8Array, options: ParseFileOptions): Promise<ImportResult> {
  try {
    if (bytes.length > options.maxBytes) return { ok: false, reason: tooLargeReason(bytes.length, options.maxBytes) };
    if (bytes.length === 0) return { ok: false, reason: EMPTY_FILE_REASON };
    return await dispatch(name, bytes, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `Margin could not read this file (${message.slice(0, 160)}).` };
  }
}
