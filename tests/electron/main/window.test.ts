// @vitest-environment node
import { EventEmitter } from 'node:events';
import { BrowserWindow, shell } from 'electron';
import type { BrowserWindowConstructorOptions, HandlerDetails, WebContents, WindowOpenHandlerResponse } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';
import { createMainWindow, hardenWebContents } from '../../../electron/main/window';

function fakeContents() {
  return Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
}

function fakeWindow() {
  return Object.assign(new EventEmitter(), {
    webContents: fakeContents(),
    show: vi.fn(),
    loadURL: vi.fn(() => Promise.resolve()),
  });
}

type FakeWindow = ReturnType<typeof fakeWindow>;

let built: FakeWindow;

function construct(devServerUrl?: string, devTools = false): { window: FakeWindow; options: BrowserWindowConstructorOptions } {
  createMainWindow({ preloadPath: '/app/out/preload/index.cjs', devServerUrl, devTools });
  const options = (BrowserWindow as unknown as Mock).mock.calls.at(-1)?.[0] as BrowserWindowConstructorOptions;
  return { window: built, options };
}

function openHandler(contents: ReturnType<typeof fakeContents>): (details: HandlerDetails) => WindowOpenHandlerResponse {
  const handler = contents.setWindowOpenHandler.mock.calls.at(-1)?.[0] as ((details: HandlerDetails) => WindowOpenHandlerResponse) | undefined;
  if (handler === undefined) throw new Error('no window-open handler');
  return handler;
}

function navigate(contents: EventEmitter, url: string): boolean {
  let prevented = false;
  contents.emit('will-navigate', { url, preventDefault: () => (prevented = true) });
  return prevented;
}

beforeEach(() => {
  vi.clearAllMocks();
  (BrowserWindow as unknown as Mock).mockImplementation(function () {
    built = fakeWindow();
    return built;
  });
});

describe('createMainWindow', () => {
  it('builds an isolated, sandboxed window without Node', () => {
    const { options } = construct();
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      devTools: false,
    });
    expect(options).toMatchObject({ title: 'Margin', show: false });
    expect(options.minWidth).toBeLessThanOrEqual(options.width ?? 0);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('allows devtools only when the launch mode says development', () => {
    expect(construct(undefined, true).options.webPreferences?.devTools).toBe(true);
  });

  it('loads the app scheme, or the dev server while developing', () => {
    expect(construct().window.loadURL).toHaveBeenCalledWith('app://margin/');
    expect(construct('http://localhost:5173/', true).window.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
  });

  it('shows the window only once it is ready to paint', () => {
    const { window } = construct();
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledTimes(1);
  });

  it('denies every new window and sends only https links to the browser', () => {
    const handler = openHandler(construct().window.webContents);
    const details = (url: string) => ({ url }) as HandlerDetails;

    expect(handler(details('https://doi.org/10.1002/art.42933'))).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://doi.org/10.1002/art.42933');

    for (const url of ['http://doi.org/10.1002/art.42933', 'file:///etc/passwd', 'javascript:alert(1)', 'app://margin/index.html', 'smb://host/share']) {
      expect(handler(details(url))).toEqual({ action: 'deny' });
    }
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('prevents navigation away from the app and lets the app navigate within itself', () => {
    const { webContents } = construct().window;
    expect(navigate(webContents, 'https://evil.example/')).toBe(true);
    expect(navigate(webContents, 'file:///etc/passwd')).toBe(true);
    expect(navigate(webContents, 'http://localhost:5173/')).toBe(true);
    expect(navigate(webContents, 'app://margin/index.html#/library')).toBe(false);
    // Plain http is not handed to the browser either: only https leaves the app.
    expect(vi.mocked(shell.openExternal).mock.calls.map(([url]) => url)).toEqual(['https://evil.example/']);
  });

  it('lets the dev server navigate within itself during development', () => {
    const { webContents } = construct('http://localhost:5173/', true).window;
    expect(navigate(webContents, 'http://localhost:5173/other')).toBe(false);
    expect(navigate(webContents, 'http://localhost:8080/')).toBe(true);
  });

  it('prevents webviews from being attached', () => {
    const { webContents } = construct().window;
    const preventDefault = vi.fn();
    webContents.emit('will-attach-webview', { preventDefault }, {}, {});
    expect(preventDefault).toHaveBeenCalledTimes(1);
  });
});

describe('hardenWebContents', () => {
  it('hardens a page once, however often it is asked', () => {
    const contents = fakeContents();
    hardenWebContents(contents as unknown as WebContents, undefined);
    hardenWebContents(contents as unknown as WebContents, undefined);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(navigate(contents, 'https://evil.example/')).toBe(true);
  });
});
