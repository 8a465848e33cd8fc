// @vitest-environment node
import { EventEmitter } from 'node:events';
import { BrowserWindow, Menu, app, ipcMain, protocol, session } from 'electron';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';
import { CHANNELS } from '@shared/ipc';

vi.mock('electron', async (importOriginal) => {
  const actual = await importOriginal<Record<string, object>>();
  return {
    ...actual,
    app: { ...actual['app'], enableSandbox: vi.fn(), isReady: vi.fn(() => true) },
  };
});

type AppListener = (...args: unknown[]) => void;

function fakeWindow() {
  return Object.assign(new EventEmitter(), {
    webContents: Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn(), sendInputEvent: vi.fn() }),
    show: vi.fn(),
    focus: vi.fn(),
    restore: vi.fn(),
    isMinimized: vi.fn(() => true),
    isDestroyed: vi.fn(() => false),
    loadURL: vi.fn(() => Promise.resolve()),
  });
}

let windows: ReturnType<typeof fakeWindow>[];

function appListener(name: string): AppListener {
  const call = vi.mocked(app.on).mock.calls.find(([event]) => event === name);
  if (call === undefined) throw new Error(`no app listener for ${name}`);
  return call[1] as AppListener;
}

async function startMain(): Promise<void> {
  vi.resetModules();
  await import('../../../electron/main/index');
  await new Promise((resolve) => setTimeout(resolve, 0));
}

afterEach(() => {
  vi.unstubAllEnvs();
});

beforeEach(() => {
  vi.clearAllMocks();
  vi.stubEnv('ELECTRON_RENDERER_URL', undefined);
  windows = [];
  (BrowserWindow as unknown as Mock).mockImplementation(function () {
    const window = fakeWindow();
    windows.push(window);
    return window;
  });
});

describe('the main process entry', () => {
  it('registers the app scheme and the sandbox before the app is ready', async () => {
    await startMain();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    const registered = vi.mocked(protocol.registerSchemesAsPrivileged).mock.invocationCallOrder[0] ?? Infinity;
    expect(registered).toBeLessThan(vi.mocked(app.whenReady).mock.invocationCallOrder[0] ?? -Infinity);
    expect(app.enableSandbox).toHaveBeenCalled();
  });

  it('on ready denies every permission but writing text to the clipboard, serves app://, sets the menu, registers the bridge and opens one window', async () => {
    await startMain();

    const requestHandler = vi.mocked(session.defaultSession.setPermissionRequestHandler).mock.calls[0]?.[0] as (...args: unknown[]) => void;
    const callback = vi.fn();
    requestHandler({}, 'geolocation', callback);
    expect(callback).toHaveBeenCalledWith(false);
    const checkHandler = vi.mocked(session.defaultSession.setPermissionCheckHandler).mock.calls[0]?.[0] as (...args: unknown[]) => boolean;
    expect(checkHandler({}, 'notifications')).toBe(false);
    expect(checkHandler({}, 'clipboard-read')).toBe(false);
    expect(checkHandler({}, 'clipboard-sanitized-write')).toBe(true);
    const allowed = vi.fn();
    requestHandler({}, 'clipboard-sanitized-write', allowed);
    expect(allowed).toHaveBeenCalledWith(true);

    expect(vi.mocked(protocol.handle).mock.calls.map(([scheme]) => scheme)).toEqual(['app']);
    expect(Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const template = vi.mocked(Menu.buildFromTemplate).mock.calls[0]?.[0] as MenuItemConstructorOptions[];
    expect(template.map((item) => item.label ?? item.role)).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Help']));

    expect(vi.mocked(ipcMain.handle).mock.calls.map(([channel]) => channel).sort()).toEqual(Object.values(CHANNELS).sort());
    expect(windows).toHaveLength(1);
    const options = (BrowserWindow as unknown as Mock).mock.calls[0]?.[0] as BrowserWindowConstructorOptions;
    expect(options.webPreferences?.preload).toMatch(/preload[\\/]index\.cjs$/);
    expect(windows[0]?.loadURL).toHaveBeenCalledWith('app://margin/');
  });

  it('trusts the dev server and opens DevTools only with the switch npm run dev passes', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    await startMain();
    const started = (BrowserWindow as unknown as Mock).mock.calls[0]?.[0] as BrowserWindowConstructorOptions;
    expect(started.webPreferences?.devTools).toBe(false);
    expect(windows[0]?.loadURL).toHaveBeenCalledWith('app://margin/');

    const argv = process.argv;
    process.argv = [...argv, '--margin-dev'];
    try {
      vi.clearAllMocks();
      windows = [];
      await startMain();
    } finally {
      process.argv = argv;
    }
    const developing = (BrowserWindow as unknown as Mock).mock.calls[0]?.[0] as BrowserWindowConstructorOptions;
    expect(developing.webPreferences?.devTools).toBe(true);
    expect(windows[0]?.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
  });

  it('focuses the existing window when a second instance starts', async () => {
    await startMain();
    appListener('second-instance')();
    expect(windows).toHaveLength(1);
    expect(windows[0]?.restore).toHaveBeenCalled();
    expect(windows[0]?.focus).toHaveBeenCalled();
  });

  it('replays the Edit menu’s Undo into the window as a keystroke', async () => {
    await startMain();
    const template = vi.mocked(Menu.buildFromTemplate).mock.calls[0]?.[0] as MenuItemConstructorOptions[];
    const edit = template.find((item) => item.label === 'Edit')?.submenu as MenuItemConstructorOptions[];
    edit.find((item) => item.id === 'undo')?.click?.({} as never, undefined, {} as never);
    expect(windows[0]?.webContents.sendInputEvent).toHaveBeenCalledWith(expect.objectContaining({ type: 'keyDown', keyCode: 'z' }));
  });

  it('hardens every web contents created later', async () => {
    await startMain();
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    appListener('web-contents-created')({}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    expect(contents.listenerCount('will-attach-webview')).toBe(1);
  });

  it('quits without opening anything when another instance holds the lock', async () => {
    vi.mocked(app.requestSingleInstanceLock).mockReturnValueOnce(false);
    await startMain();
    expect(app.quit).toHaveBeenCalled();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(windows).toHaveLength(0);
  });

  it('reopens a window on activate after the last one closed', async () => {
    await startMain();
    windows[0]?.emit('closed');
    appListener('activate')();
    expect(windows).toHaveLength(2);
  });
});
