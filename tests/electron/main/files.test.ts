// @vitest-environment node
import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserWindow, app, dialog } from 'electron';
import type { BrowserWindowConstructorOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';
import {
  MAX_OPEN_FILE_BYTES,
  MAX_SAVE_FILE_BYTES,
  PRINT_CONTENT_SECURITY_POLICY,
  describeFileError,
  openFiles,
  pdfNameFor,
  printToPdf,
  readOpenedFiles,
  saveFile,
  saveFiltersFor,
  servePrintJob,
  writeFileAtomically,
} from '../../../electron/main/files';

const printSession = vi.hoisted(() => ({
  setPermissionRequestHandler: vi.fn(),
  setPermissionCheckHandler: vi.fn(),
  protocol: { handle: vi.fn() },
}));

vi.mock('electron', async (importOriginal) => {
  const actual = await importOriginal<Record<string, object>>();
  return { ...actual, session: { ...actual['session'], fromPartition: vi.fn(() => printSession) } };
});

const window = {} as BrowserWindow;
let dir: string;

function chooseSaveLocation(filePath: string | undefined): void {
  (dialog.showSaveDialog as unknown as Mock).mockResolvedValue({ canceled: filePath === undefined, filePath: filePath ?? '' });
}

function chooseFiles(filePaths: string[]): void {
  (dialog.showOpenDialog as unknown as Mock).mockResolvedValue({ canceled: filePaths.length === 0, filePaths });
}

beforeEach(async () => {
  vi.clearAllMocks();
  dir = await mkdtemp(join(tmpdir(), 'margin-files-'));
  vi.mocked(app.getPath).mockReturnValue(join(dir, 'Documents'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saveFiltersFor and pdfNameFor', () => {
  it('names no built-in as a filter for an extension called like an Object.prototype member', () => {
    expect(saveFiltersFor('report.constructor')).toEqual([{ name: 'CONSTRUCTOR file', extensions: ['constructor'] }]);
    expect(saveFiltersFor('report.__proto__')).toEqual([{ name: '__PROTO__ file', extensions: ['__proto__'] }]);
  });

  it.each([
    ['evidence.csv', [{ name: 'CSV table', extensions: ['csv'] }]],
    ['Summary.MD', [{ name: 'Markdown', extensions: ['md'] }]],
    ['annotations.jsonld', [{ name: 'JSON-LD', extensions: ['jsonld'] }]],
    ['data.xyz', [{ name: 'XYZ file', extensions: ['xyz'] }]],
    ['README', []],
  ])('%s → %j', (name, filters) => {
    expect(saveFiltersFor(name)).toEqual(filters);
  });

  it.each([
    ['report.pdf', 'report.pdf'],
    ['report.PDF', 'report.PDF'],
    ['report.html', 'report.pdf'],
    ['report', 'report.pdf'],
    ['.html', '.html.pdf'],
  ])('%s is saved as %s', (name, expected) => {
    expect(pdfNameFor(name)).toBe(expected);
  });
});

describe('writeFileAtomically', () => {
  it('replaces the target in one step and leaves no temporary file', async () => {
    const target = join(dir, 'table.csv');
    await writeFile(target, 'old content that is longer than the new one');
    await writeFileAtomically(target, new TextEncoder().encode('new'));
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['table.csv']);
  });

  it('throws the OS error and leaves nothing behind when it cannot write', async () => {
    await expect(writeFileAtomically(join(dir, 'missing-folder', 'x.csv'), new Uint8Array([1]))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('describeFileError', () => {
  it('puts a full disk in plain words and keeps the system message', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(describeFileError(full)).toBe('The disk is full (ENOSPC: no space left on device, write).');
    expect(describeFileError(new Error('odd failure'))).toBe('odd failure');
  });
});

describe('saveFile', () => {
  it('suggests the Documents folder with a matching filter, then writes text as UTF-8', async () => {
    const target = join(dir, 'evidence.csv');
    chooseSaveLocation(target);

    const result = await saveFile(window, { suggestedName: 'evidence.csv', mimeType: 'text/csv', data: 'dose,µg\n1,2\n' });

    expect(result).toEqual({ saved: true, location: target });
    expect(await readFile(target, 'utf8')).toBe('dose,µg\n1,2\n');
    const options = (dialog.showSaveDialog as unknown as Mock).mock.calls[0]?.[1] as SaveDialogOptions;
    expect(options.defaultPath).toBe(join(dir, 'Documents', 'evidence.csv'));
    expect(options.filters).toEqual([{ name: 'CSV table', extensions: ['csv'] }]);
    expect(app.getPath).toHaveBeenCalledWith('documents');
  });

  it('writes bytes exactly as given', async () => {
    const target = join(dir, 'backup.bin');
    chooseSaveLocation(target);
    const bytes = new Uint8Array([0, 255, 1, 254]);
    await saveFile(window, { suggestedName: 'backup.bin', mimeType: 'application/octet-stream', data: bytes });
    expect(new Uint8Array(await readFile(target))).toEqual(bytes);
  });

  it('reports a cancelled dialog and writes nothing', async () => {
    chooseSaveLocation(undefined);
    expect(await saveFile(window, { suggestedName: 'a.csv', mimeType: 'text/csv', data: 'x' })).toEqual({ saved: false, reason: 'cancelled' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a file over the size cap with its size and the limit, before asking where to save', async () => {
    chooseSaveLocation(join(dir, 'big.csv'));
    // 'µ' is two bytes in UTF-8: the cap counts what lands on disk, not UTF-16 units.
    const text = 'µ'.repeat(600_000);
    const result = await saveFile(window, { suggestedName: 'big.csv', mimeType: 'text/csv', data: text }, 1024 * 1024);
    expect(result).toEqual({
      saved: false,
      reason: 'failed',
      message: '“big.csv” would be 1.1 MB; Margin saves files up to 1.0 MB. Nothing was saved.',
    });
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(await readdir(dir)).toEqual([]);

    const bytes = await saveFile(window, { suggestedName: 'b.bin', mimeType: 'application/octet-stream', data: new Uint8Array(11) }, 10);
    expect(bytes).toMatchObject({ saved: false, reason: 'failed', message: expect.stringContaining('“b.bin”') });
    // A file of exactly the limit is saved.
    chooseSaveLocation(join(dir, 'c.bin'));
    expect(await saveFile(window, { suggestedName: 'c.bin', mimeType: 'application/octet-stream', data: new Uint8Array(10) }, 10)).toMatchObject({ saved: true });
  });

  it('caps a save at 1 GB by default, enough for a large backup and no more', () => {
    expect(MAX_SAVE_FILE_BYTES).toBe(1024 * 1024 * 1024);
  });

  it('reports a failed write with the reason', async () => {
    chooseSaveLocation(join(dir, 'gone', 'a.csv'));
    const result = await saveFile(window, { suggestedName: 'a.csv', mimeType: 'text/csv', data: 'x' });
    expect(result).toEqual({ saved: false, reason: 'failed', message: expect.stringMatching(/folder no longer exists.*ENOENT/) });
  });
});

describe('printToPdf', () => {
  let printer: { webContents: { setWindowOpenHandler: Mock; on: Mock; printToPDF: Mock }; loadURL: Mock; destroy: Mock };
  let servedDuringLoad: Response | null;

  beforeEach(() => {
    servedDuringLoad = null;
    (BrowserWindow as unknown as Mock).mockImplementation(function () {
      printer = {
        webContents: { setWindowOpenHandler: vi.fn(), on: vi.fn(), printToPDF: vi.fn(() => Promise.resolve(Buffer.from('%PDF-1.7 test'))) },
        loadURL: vi.fn((url: string) => {
          servedDuringLoad = servePrintJob(new Request(url));
          return Promise.resolve();
        }),
        destroy: vi.fn(),
      };
      return printer;
    });
  });

  it('renders the report in a hidden, script-free, sandboxed window on A4 and saves the PDF', async () => {
    const target = join(dir, 'report.pdf');
    chooseSaveLocation(target);

    const result = await printToPdf(window, { suggestedName: 'report.html', html: '<h1>Evidence</h1>' });

    expect(result).toEqual({ saved: true, location: target });
    expect(await readFile(target, 'utf8')).toBe('%PDF-1.7 test');
    const options = (BrowserWindow as unknown as Mock).mock.calls[0]?.[0] as BrowserWindowConstructorOptions;
    expect(options).toMatchObject({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, session: printSession } });
    expect(printer.webContents.printToPDF).toHaveBeenCalledWith({ printBackground: true, pageSize: 'A4' });
    expect(printer.destroy).toHaveBeenCalledTimes(1);
    expect((dialog.showSaveDialog as unknown as Mock).mock.calls[0]?.[1]).toMatchObject({ defaultPath: join(dir, 'Documents', 'report.pdf') });
  });

  it('serves the report only while it prints, with a CSP that forbids scripts and network', async () => {
    chooseSaveLocation(join(dir, 'report.pdf'));
    await printToPdf(window, { suggestedName: 'report.pdf', html: '<h1>Evidence</h1>' });

    expect(servedDuringLoad?.status).toBe(200);
    expect(await servedDuringLoad?.text()).toBe('<h1>Evidence</h1>');
    expect(servedDuringLoad?.headers.get('content-security-policy')).toBe(PRINT_CONTENT_SECURITY_POLICY);
    expect(PRINT_CONTENT_SECURITY_POLICY).toMatch(/default-src 'none'/);
    const url = printer.loadURL.mock.calls[0]?.[0] as string;
    expect(url).toMatch(/^app:\/\/margin\/print\/[0-9a-f-]{36}\.html$/);
    expect(servePrintJob(new Request(url)).status).toBe(404);
    expect(servePrintJob(new Request('app://margin/index.html')).status).toBe(404);
  });

  it('prints on its own in-memory session that denies every permission and serves only print jobs', async () => {
    vi.resetModules();
    const fresh = await import('../../../electron/main/files');
    const { session } = await import('electron');
    chooseSaveLocation(join(dir, 'report.pdf'));

    await fresh.printToPdf(window, { suggestedName: 'report.pdf', html: '<p>x</p>' });

    expect(session.fromPartition).toHaveBeenCalledExactlyOnceWith('margin-print');
    expect(printSession.protocol.handle).toHaveBeenCalledExactlyOnceWith('app', fresh.servePrintJob);
    const deny = vi.fn();
    const requestHandler = printSession.setPermissionRequestHandler.mock.calls[0]?.[0] as (...args: unknown[]) => void;
    requestHandler({}, 'media', deny);
    expect(deny).toHaveBeenCalledWith(false);
    const checkHandler = printSession.setPermissionCheckHandler.mock.calls[0]?.[0] as (...args: unknown[]) => boolean;
    expect(checkHandler({}, 'clipboard-read')).toBe(false);
  });

  it('renders nothing when the reviewer cancels', async () => {
    chooseSaveLocation(undefined);
    expect(await printToPdf(window, { suggestedName: 'report.pdf', html: '<p>x</p>' })).toEqual({ saved: false, reason: 'cancelled' });
    expect(BrowserWindow).not.toHaveBeenCalled();
  });

  it('reports a failed layout and still closes the hidden window', async () => {
    chooseSaveLocation(join(dir, 'report.pdf'));
    (BrowserWindow as unknown as Mock).mockImplementationOnce(function () {
      printer = {
        webContents: { setWindowOpenHandler: vi.fn(), on: vi.fn(), printToPDF: vi.fn(() => Promise.reject(new Error('printing failed'))) },
        loadURL: vi.fn(() => Promise.resolve()),
        destroy: vi.fn(),
      };
      return printer;
    });
    const result = await printToPdf(window, { suggestedName: 'report.pdf', html: '<p>x</p>' });
    expect(result).toEqual({ saved: false, reason: 'failed', message: expect.stringContaining('printing failed') });
    expect(printer.destroy).toHaveBeenCalledTimes(1);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('openFiles', () => {
  it('returns the chosen files by name with their bytes', async () => {
    await writeFile(join(dir, 'a.txt'), 'first');
    await writeFile(join(dir, 'b.txt'), 'second');
    chooseFiles([join(dir, 'a.txt'), join(dir, 'b.txt')]);

    const opened = await openFiles(window, { extensions: ['txt', 'pdf'], multiple: true });

    expect(opened.map((file) => [file.name, new TextDecoder().decode(file.bytes)])).toEqual([
      ['a.txt', 'first'],
      ['b.txt', 'second'],
    ]);
    const options = (dialog.showOpenDialog as unknown as Mock).mock.calls[0]?.[1] as OpenDialogOptions;
    expect(options.properties).toEqual(['openFile', 'multiSelections']);
    expect(options.filters).toEqual([{ name: 'Supported documents', extensions: ['txt', 'pdf'] }]);
  });

  it('returns nothing when the dialog is cancelled, and allows one file when asked', async () => {
    chooseFiles([]);
    expect(await openFiles(window, { extensions: ['txt'], multiple: false })).toEqual([]);
    expect(((dialog.showOpenDialog as unknown as Mock).mock.calls[0]?.[1] as OpenDialogOptions).properties).toEqual(['openFile']);
  });

  it('refuses a file over 50 MB, naming it, and opens nothing', async () => {
    await writeFile(join(dir, 'small.txt'), 'fine');
    const big = join(dir, 'huge.pdf');
    await writeFile(big, '');
    await truncate(big, MAX_OPEN_FILE_BYTES + 1);
    chooseFiles([join(dir, 'small.txt'), big]);

    await expect(openFiles(window, { extensions: ['txt', 'pdf'], multiple: true })).rejects.toThrow(
      /“huge\.pdf” is 50\.0 MB; Margin opens files up to 50\.0 MB\. Nothing was opened\./,
    );
  });

  it('takes the limit the renderer asks for (the reviewer’s import setting, a large backup)', async () => {
    const big = join(dir, 'backup.json');
    await writeFile(big, '');
    await truncate(big, MAX_OPEN_FILE_BYTES + 1);
    chooseFiles([big]);
    const [opened] = await openFiles(window, { extensions: ['json'], multiple: false, maxBytes: MAX_OPEN_FILE_BYTES * 2 });
    expect(opened!.bytes.length).toBe(MAX_OPEN_FILE_BYTES + 1);
    await writeFile(join(dir, 'small.txt'), '123456');
    chooseFiles([join(dir, 'small.txt')]);
    await expect(openFiles(window, { extensions: ['txt'], multiple: false, maxBytes: 5 })).rejects.toThrow(/“small\.txt”/);
  });

  it('accepts a file of exactly the limit and refuses when the selection is too large together', async () => {
    await writeFile(join(dir, 'a.txt'), '12345');
    await writeFile(join(dir, 'b.txt'), '67890');
    const paths = [join(dir, 'a.txt'), join(dir, 'b.txt')];
    expect(await readOpenedFiles(paths, { perFile: 5, total: 10 })).toHaveLength(2);
    await expect(readOpenedFiles(paths, { perFile: 5, total: 9 })).rejects.toThrow(/Together the files are/);
    await expect(readOpenedFiles(paths, { perFile: 4, total: 100 })).rejects.toThrow(/“a\.txt”.*“b\.txt”/);
  });

  it('names a file that cannot be read', async () => {
    await expect(readOpenedFiles([join(dir, 'vanished.txt')])).rejects.toThrow(/“vanished\.txt” could not be read/);
  });
});
