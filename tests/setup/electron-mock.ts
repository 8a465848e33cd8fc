// Stand-in for the `electron` package in tests: the real one needs its binary. Tests replace
// behaviour with vi.mocked(...) where they need it.
import { vi } from 'vitest';

export const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() };
export const ipcRenderer = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() };
export const contextBridge = { exposeInMainWorld: vi.fn() };
export const app = {
  isPackaged: false,
  getAppPath: vi.fn(() => process.cwd()),
  getPath: vi.fn(() => '/tmp'),
  requestSingleInstanceLock: vi.fn(() => true),
  whenReady: vi.fn(() => Promise.resolve()),
  on: vi.fn(),
  quit: vi.fn(),
};
export const BrowserWindow = Object.assign(vi.fn(), { fromWebContents: vi.fn(), getAllWindows: vi.fn(() => []) });
export const dialog = { showSaveDialog: vi.fn(), showOpenDialog: vi.fn() };
export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
export const session = { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } };
export const net = { fetch: vi.fn() };
export const shell = { openExternal: vi.fn() };
export const Menu = { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn() };
export default { ipcMain, ipcRenderer, contextBridge, app, BrowserWindow, dialog, protocol, session, net, shell, Menu };
