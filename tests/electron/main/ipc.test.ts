// @vitest-environment node
import { BrowserWindow, ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '@shared/ipc';
import type { BundledCorpus, SaveResult } from '@shared/ipc';
import { registerIpcHandlers } from '../../../electron/main/ipc';
import type { IpcDeps } from '../../../electron/main/ipc';

type Listener = (event: unknown, ...args: unknown[]) => Promise<unknown>;

const ourContents = { id: 1 };
const otherContents = { id: 2 };
const mainWindow = { webContents: ourContents, isDestroyed: vi.fn(() => false) } as unknown as BrowserWindow;
const otherWindow = { webContents: otherContents, isDestroyed: () => false } as unknown as BrowserWindow;

const corpus: BundledCorpus = { corpusVersion: 1, documents: [], problems: [] };
const saved: SaveResult = { saved: true, location: '/home/reviewer/Documents/table.csv' };

function makeDeps(overrides: Partial<IpcDeps> = {}): IpcDeps {
  return {
    getMainWindow: () => mainWindow,
    devServerUrl: undefined,
    listBundledDocuments: vi.fn(() => Promise.resolve(corpus)),
    bundledCorpusManifest: vi.fn(() => Promise.resolve('{"corpusVersion":1,"documents":[]}')),
    saveFile: vi.fn(() => Promise.resolve(saved)),
    printToPdf: vi.fn(() => Promise.resolve(saved)),
    openFiles: vi.fn(() => Promise.resolve([])),
    ...overrides,
  };
}

function event(overrides: { sender?: unknown; url?: string; parent?: unknown; frame?: null } = {}): IpcMainInvokeEvent {
  const senderFrame = overrides.frame === null ? null : { url: overrides.url ?? 'app://margin/index.html', parent: overrides.parent ?? null };
  return { sender: overrides.sender ?? ourContents, senderFrame } as unknown as IpcMainInvokeEvent;
}

function listenerFor(channel: string): Listener {
  const call = vi.mocked(ipcMain.handle).mock.calls.find(([name]) => name === channel);
  if (call === undefined) throw new Error(`no handler for ${channel}`);
  return call[1] as Listener;
}

const validSave = { suggestedName: 'evidence-table.csv', mimeType: 'text/csv', data: 'a,b\n1,2\n' };

beforeEach(() => {
  vi.clearAllMocks();
  vi.mocked(BrowserWindow.fromWebContents).mockImplementation((contents) =>
    contents === (ourContents as unknown) ? mainWindow : contents === (otherContents as unknown) ? otherWindow : null,
  );
});

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per contract channel and removes them again', () => {
    const unregister = registerIpcHandlers(makeDeps());
    const registered = vi.mocked(ipcMain.handle).mock.calls.map(([channel]) => channel);
    expect(registered.sort()).toEqual(Object.values(CHANNELS).sort());

    unregister();
    expect(vi.mocked(ipcMain.removeHandler).mock.calls.map(([channel]) => channel).sort()).toEqual(Object.values(CHANNELS).sort());
  });

  it('answers a valid request from our window with the implementation’s result, called with the parsed value', async () => {
    const deps = makeDeps();
    registerIpcHandlers(deps);

    const result = await listenerFor(CHANNELS.saveFile)(event(), { ...validSave, injected: 'dropped by the schema' });

    expect(result).toBe(saved);
    expect(deps.saveFile).toHaveBeenCalledExactlyOnceWith(mainWindow, validSave);
    await expect(listenerFor(CHANNELS.listBundledDocuments)(event())).resolves.toBe(corpus);
    await expect(listenerFor(CHANNELS.bundledCorpusManifest)(event())).resolves.toBe('{"corpusVersion":1,"documents":[]}');
  });

  it('passes bytes through as bytes and accepts the dev server only when configured', async () => {
    const deps = makeDeps({ devServerUrl: 'http://localhost:5173/' });
    registerIpcHandlers(deps);
    const bytes = new Uint8Array([1, 2, 3]);

    await listenerFor(CHANNELS.saveFile)(event({ url: 'http://localhost:5173/' }), { ...validSave, data: bytes });

    expect(vi.mocked(deps.saveFile).mock.calls[0]?.[1].data).toEqual(bytes);
  });

  it.each([
    ['another window’s web contents', event({ sender: otherContents })],
    ['an unknown web contents', event({ sender: { id: 99 } })],
    ['a frame at a foreign origin', event({ url: 'https://evil.example/' })],
    ['the dev server when none is configured', event({ url: 'http://localhost:5173/' })],
    ['a sub-frame of our page', event({ parent: { url: 'app://margin/index.html' } })],
    ['a frame that is gone', event({ frame: null })],
  ])('refuses %s and does nothing', async (_case, foreign) => {
    const deps = makeDeps();
    registerIpcHandlers(deps);

    for (const channel of Object.values(CHANNELS)) {
      await expect(listenerFor(channel)(foreign, validSave)).rejects.toThrow(/not the Margin window/);
    }
    expect(deps.saveFile).not.toHaveBeenCalled();
    expect(deps.listBundledDocuments).not.toHaveBeenCalled();
  });

  it('refuses everything once the main window is gone', async () => {
    const deps = makeDeps({ getMainWindow: () => null });
    registerIpcHandlers(deps);
    await expect(listenerFor(CHANNELS.listBundledDocuments)(event())).rejects.toThrow(/not the Margin window/);
    expect(deps.listBundledDocuments).not.toHaveBeenCalled();
  });

  it.each([
    [CHANNELS.saveFile, [{ ...validSave, suggestedName: '../../.bashrc' }], /suggestedName/],
    [CHANNELS.saveFile, [{ ...validSave, suggestedName: 'C:\\evil.csv' }], /suggestedName/],
    [CHANNELS.saveFile, [{ suggestedName: 'a.csv', mimeType: 'text/csv' }], /data/],
    [CHANNELS.saveFile, [{ ...validSave, data: 42 }], /data/],
    [CHANNELS.saveFile, [validSave, 'extra'], /one request object/],
    [CHANNELS.saveFile, [], /one request object/],
    [CHANNELS.printToPdf, [{ suggestedName: 'report.pdf', html: '' }], /html/],
    [CHANNELS.printToPdf, [{ suggestedName: 'report/evil.pdf', html: '<p>x</p>' }], /suggestedName/],
    [CHANNELS.openFiles, [{ extensions: ['.txt'], multiple: true }], /extensions/],
    [CHANNELS.openFiles, [{ extensions: [], multiple: true }], /extensions/],
    [CHANNELS.openFiles, [{ extensions: ['txt'], multiple: 'yes' }], /multiple/],
    [CHANNELS.openFiles, [null], /not valid/],
    [CHANNELS.listBundledDocuments, [{ path: '/etc' }], /no arguments/],
  ])('refuses a malformed payload on %s (%#)', async (channel, args, reason) => {
    const deps = makeDeps();
    registerIpcHandlers(deps);

    const attempt = listenerFor(channel)(event(), ...args);

    await expect(attempt).rejects.toThrow(reason);
    await expect(attempt).rejects.toThrow(`Margin refused the request on ${channel}`);
    for (const implementation of [deps.saveFile, deps.printToPdf, deps.openFiles, deps.listBundledDocuments]) {
      expect(implementation).not.toHaveBeenCalled();
    }
  });

  it('hands a valid open request to the implementation', async () => {
    const deps = makeDeps();
    registerIpcHandlers(deps);
    await listenerFor(CHANNELS.openFiles)(event(), { extensions: ['txt', 'pdf'], multiple: true });
    expect(deps.openFiles).toHaveBeenCalledExactlyOnceWith(mainWindow, { extensions: ['txt', 'pdf'], multiple: true });
  });
});
