// The host's file work for the bridge: save dialogs with atomic writes, print-to-PDF of the HTML
// report, and open dialogs that read the chosen files with a size limit.
import { randomUUID } from 'node:crypto';
import { open, rename, stat, readFile, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { BrowserWindow, app, dialog, session } from 'electron';
import type { FileFilter, Session } from 'electron';
import type { OpenRequest, OpenedFile, PrintRequest, SaveRequest, SaveResult } from '@shared/ipc';
import { DEFAULT_OPEN_MAX_BYTES, formatMegabytes, oversizeRefusal } from '@shared/ipc';
import { APP_ORIGIN, APP_SCHEME } from './app-origin';

/** Larger files are refused before reading: an import this big is almost surely not an article. */
export const MAX_OPEN_FILE_BYTES = DEFAULT_OPEN_MAX_BYTES;
/** A cap on one open request, so a multi-selection cannot push gigabytes through IPC. */
export const MAX_OPEN_TOTAL_BYTES = 200 * 1024 * 1024;

/**
 * The largest file one save may write. Exports and backups are built in the renderer and cross IPC
 * whole, so a runaway payload would first exhaust memory here; 1 GB leaves room for a backup of a
 * million annotations while refusing anything no review produces.
 */
export const MAX_SAVE_FILE_BYTES = 1024 * 1024 * 1024;

const CANCELLED: SaveResult = { saved: false, reason: 'cancelled' };

// A Map: the extension comes from the renderer's suggested name ("a.constructor" names no filter).
const FILTER_NAMES: ReadonlyMap<string, string> = new Map(Object.entries({
  csv: 'CSV table',
  md: 'Markdown',
  html: 'HTML report',
  htm: 'HTML report',
  json: 'JSON',
  jsonld: 'JSON-LD',
  mbackup: 'Margin backup',
  pdf: 'PDF document',
  txt: 'Plain text',
}));

/** One filter for the suggested name's extension, so the dialog keeps it; none when there is no extension. */
export function saveFiltersFor(suggestedName: string): FileFilter[] {
  const extension = extname(suggestedName).slice(1).toLowerCase();
  if (extension === '') return [];
  return [{ name: FILTER_NAMES.get(extension) ?? `${extension.toUpperCase()} file`, extensions: [extension] }];
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The OS's reason in words a reviewer can act on, keeping the system code for support. */
export function describeFileError(error: unknown): string {
  const code = errorCode(error);
  const detail = messageOf(error);
  switch (code) {
    case 'ENOSPC':
      return `The disk is full (${detail}).`;
    case 'EDQUOT':
      return `The disk quota is used up (${detail}).`;
    case 'EACCES':
    case 'EPERM':
      return `Margin is not allowed to write there (${detail}).`;
    case 'EROFS':
      return `That location is read-only (${detail}).`;
    case 'ENOENT':
      return `The folder no longer exists (${detail}).`;
    default:
      return detail;
  }
}

/**
 * Writes beside the target and renames over it, so a crash or a full disk never leaves a
 * half-written export where the reviewer expects a complete one. Flushes before the rename.
 */
export async function writeFileAtomically(target: string, bytes: Uint8Array): Promise<void> {
  const temporary = join(dirname(target), `.${basename(target)}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

async function writeResult(location: string, bytes: Uint8Array): Promise<SaveResult> {
  try {
    await writeFileAtomically(location, bytes);
    return { saved: true, location };
  } catch (error) {
    return { saved: false, reason: 'failed', message: describeFileError(error) };
  }
}

function defaultSavePath(suggestedName: string): string {
  try {
    return join(app.getPath('documents'), suggestedName);
  } catch {
    // Some Linux desktops define no Documents folder; the dialog then opens in its own default.
    return suggestedName;
  }
}

/** Asks where to save; null when the reviewer cancels. */
async function chooseSaveLocation(window: BrowserWindow, suggestedName: string): Promise<string | null> {
  const choice = await dialog.showSaveDialog(window, {
    defaultPath: defaultSavePath(suggestedName),
    filters: saveFiltersFor(suggestedName),
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  return choice.canceled || !choice.filePath ? null : choice.filePath;
}

/** The size a save would have on disk: text as UTF-8, bytes as they are. */
function savedSize(data: SaveRequest['data']): number {
  return typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
}

/** Refuses an oversized file before asking where to put it, so the reviewer is not asked for nothing. */
export async function saveFile(window: BrowserWindow, request: SaveRequest, maxBytes = MAX_SAVE_FILE_BYTES): Promise<SaveResult> {
  const size = savedSize(request.data);
  if (size > maxBytes) {
    return {
      saved: false,
      reason: 'failed',
      message: `“${request.suggestedName}” would be ${formatMegabytes(size)}; Margin saves files up to ${formatMegabytes(maxBytes)}. Nothing was saved.`,
    };
  }
  const location = await chooseSaveLocation(window, request.suggestedName);
  if (location === null) return CANCELLED;
  const bytes = typeof request.data === 'string' ? Buffer.from(request.data, 'utf8') : request.data;
  return writeResult(location, bytes);
}

/** The suggested name with a .pdf extension, whatever extension the renderer proposed. */
export function pdfNameFor(suggestedName: string): string {
  const extension = extname(suggestedName);
  if (extension.toLowerCase() === '.pdf') return suggestedName;
  const stem = extension === '' ? suggestedName : suggestedName.slice(0, -extension.length);
  return `${stem === '' ? suggestedName : stem}.pdf`;
}

/*
 * How the report reaches Chromium for printing. A data: URL would be simplest, but Chromium refuses
 * URLs over 2 MB and reports may be larger. A temporary file would sit on disk and need cleaning
 * up. Instead the HTML is kept in memory and served over the app scheme on a separate, in-memory
 * session that serves nothing else: the hidden window cannot reach the app's renderer files or
 * storage, scripts are off, and its CSP forbids every network request.
 */
const PRINT_PARTITION = 'margin-print';
const PRINT_PATH = /^\/print\/([0-9a-f-]{36})\.html$/;
export const PRINT_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'";

const printJobs = new Map<string, string>();
let printSession: Session | null = null;

/** Serves one pending report by its token and nothing else. */
export function servePrintJob(request: Request): Response {
  const match = PRINT_PATH.exec(new URL(request.url).pathname);
  const html = match?.[1] === undefined ? undefined : printJobs.get(match[1]);
  if (html === undefined) return new Response(null, { status: 404 });
  return new Response(html, {
    status: 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': PRINT_CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

function getPrintSession(): Session {
  if (printSession === null) {
    printSession = session.fromPartition(PRINT_PARTITION);
    printSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    printSession.setPermissionCheckHandler(() => false);
    printSession.protocol.handle(APP_SCHEME, servePrintJob);
  }
  return printSession;
}

/** Lays the self-contained report out on A4 in a hidden window and returns the PDF bytes. */
export async function renderHtmlToPdf(html: string): Promise<Uint8Array> {
  const token = randomUUID();
  printJobs.set(token, html);
  const printer = new BrowserWindow({
    show: false,
    webPreferences: {
      session: getPrintSession(),
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    },
  });
  try {
    printer.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    printer.webContents.on('will-navigate', (event) => event.preventDefault());
    await printer.loadURL(`${APP_ORIGIN}/print/${token}.html`);
    return await printer.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    printJobs.delete(token);
    printer.destroy();
  }
}

/** Asks where to save first (nothing is rendered if the reviewer cancels), then renders and writes. */
export async function printToPdf(window: BrowserWindow, request: PrintRequest): Promise<SaveResult> {
  const location = await chooseSaveLocation(window, pdfNameFor(request.suggestedName));
  if (location === null) return CANCELLED;
  let pdf: Uint8Array;
  try {
    pdf = await renderHtmlToPdf(request.html);
  } catch (error) {
    return { saved: false, reason: 'failed', message: `The report could not be laid out as a PDF (${messageOf(error)}).` };
  }
  return writeResult(location, pdf);
}

/**
 * Reads the chosen files. The bridge returns only `OpenedFile[]`, so a refusal cannot ride along
 * with the files that did load: if any file is too large or unreadable, the whole request is
 * rejected with one Error naming each such file and why, and nothing is opened. Reviewers then
 * see every reason at once instead of a silently shorter list. Sizes are checked before reading.
 */
export async function readOpenedFiles(
  paths: readonly string[],
  limits: { perFile: number; total: number } = { perFile: MAX_OPEN_FILE_BYTES, total: MAX_OPEN_TOTAL_BYTES },
): Promise<OpenedFile[]> {
  const checked = await Promise.all(
    paths.map(async (path) => {
      const name = basename(path);
      try {
        const info = await stat(path);
        if (!info.isFile()) return { name, path, size: 0, refusal: `“${name}” is not a file.` };
        if (info.size > limits.perFile) {
          return {
            name,
            path,
            size: info.size,
            refusal: oversizeRefusal(name, info.size, limits.perFile),
          };
        }
        return { name, path, size: info.size, refusal: null };
      } catch (error) {
        return { name, path, size: 0, refusal: `“${name}” could not be read (${messageOf(error)}).` };
      }
    }),
  );
  const refusals = checked.flatMap((file) => (file.refusal === null ? [] : [file.refusal]));
  const total = checked.reduce((sum, file) => sum + file.size, 0);
  if (refusals.length === 0 && total > limits.total) {
    refusals.push(`Together the files are ${formatMegabytes(total)}; open at most ${formatMegabytes(limits.total)} at once.`);
  }
  if (refusals.length > 0) throw new Error(`${refusals.join(' ')} Nothing was opened.`);

  return Promise.all(
    checked.map(async ({ name, path }) => {
      const bytes = await readFile(path).catch((error: unknown) => {
        throw new Error(`“${name}” could not be read (${messageOf(error)}). Nothing was opened.`);
      });
      if (bytes.length > limits.perFile) {
        throw new Error(`“${name}” grew past ${formatMegabytes(limits.perFile)} while it was being read. Nothing was opened.`);
      }
      // Structured cloning copies a view's whole backing buffer; a pooled Buffer would carry other bytes along.
      const exact = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      return { name, bytes: exact ? bytes : Uint8Array.prototype.slice.call(bytes) };
    }),
  );
}

export async function openFiles(window: BrowserWindow, request: OpenRequest): Promise<OpenedFile[]> {
  const choice = await dialog.showOpenDialog(window, {
    properties: request.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
    filters: [{ name: 'Supported documents', extensions: request.extensions }],
  });
  if (choice.canceled || choice.filePaths.length === 0) return [];
  const perFile = request.maxBytes ?? MAX_OPEN_FILE_BYTES;
  return readOpenedFiles(choice.filePaths, { perFile, total: Math.max(MAX_OPEN_TOTAL_BYTES, perFile) });
}
