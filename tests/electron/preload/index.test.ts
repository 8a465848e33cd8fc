// @vitest-environment node
import { contextBridge, ipcRenderer } from 'electron';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '@shared/ipc';
import type { Bridge } from '@shared/ipc';
import { CHANNELS as PRELOAD_CHANNELS } from '@shared/channels';

let exposedKey: unknown;
let bridge: Bridge;

beforeAll(async () => {
  await import('../../../electron/preload/index');
  const calls = vi.mocked(contextBridge.exposeInMainWorld).mock.calls;
  expect(calls).toHaveLength(1);
  [exposedKey, bridge] = calls[0] as [unknown, Bridge];
});

describe('the preload', () => {
  it('keeps its zod-free channel names identical to the contract', () => {
    expect(PRELOAD_CHANNELS).toEqual(CHANNELS);
  });

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
