// @vitest-environment node
import { contextBridge, ipcRenderer } from 'electron';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Bridge } from '@shared/ipc';

/** The channel names as the main process registers them, written out here so a rename is caught. */
const CHANNELS = {
  listBundledDocuments: 'margin:corpus.list',
  bundledCorpusManifest: 'margin:corpus.manifest',
  saveFile: 'margin:file.save',
  printToPdf: 'margin:report.pdf',
  openFiles: 'margin:file.open',
} as const;

let exposedKey: unknown;
let bridge: Bridge;

beforeAll(async () => {
  await import('../../../electron/preload/index');
  const calls = vi.mocked(contextBridge.exposeInMainWorld).mock.calls;
  expect(calls).toHaveLength(1);
  [exposedKey, bridge] = calls[0] as [unknown, Bridge];
});

describe('the preload', () => {
  it('exposes exactly the Bridge as window.margin', () => {
    expect(exposedKey).toBe('margin');
    expect(Object.keys(bridge).sort()).toEqual(['host', ...Object.keys(CHANNELS)].sort());
    expect(bridge.host).toBe('electron');
    for (const value of Object.values(bridge)) {
      expect(value).not.toBe(ipcRenderer);
      expect(value).not.toBe(ipcRenderer.invoke);
    }
  });

  it.each([
    ['listBundledDocuments', []],
    ['bundledCorpusManifest', []],
    ['saveFile', [{ suggestedName: 'a.csv', mimeType: 'text/csv', data: 'x' }]],
    ['printToPdf', [{ suggestedName: 'r.pdf', html: '<p>r</p>' }]],
    ['openFiles', [{ extensions: ['txt'], multiple: false }]],
  ] as const)('%s invokes only its own channel with only its request', async (method, args) => {
    vi.mocked(ipcRenderer.invoke).mockReset();
    vi.mocked(ipcRenderer.invoke).mockResolvedValue('answer');
    // Extra arguments must not reach the main process.
    const call = bridge[method] as (...params: unknown[]) => Promise<unknown>;

    await expect(call(...args, 'smuggled', { channel: 'margin:other' })).resolves.toBe('answer');

    expect(ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(CHANNELS[method], ...args);
    expect(ipcRenderer.on).not.toHaveBeenCalled();
  });
});
