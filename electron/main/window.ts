// The one application window, built to Electron's security checklist: isolated, sandboxed, no Node,
// no webviews, no new windows, and no navigation away from the app.
import { BrowserWindow, shell } from 'electron';
import type { WebContents } from 'electron';
import { APP_ENTRY_URL, isExternalWebUrl, isTrustedRendererUrl } from './app-origin';

/** Paints behind the page before the first frame; keep equal to the renderer's page background. */
export const WINDOW_BACKGROUND = '#f7f6f3';

export interface MainWindowOptions {
  preloadPath: string;
  /** Set only under `npm run dev`; see resolveLaunchMode. */
  devServerUrl: string | undefined;
  /** DevTools may open only under `npm run dev`, never in `npm start` or a packaged build. */
  devTools: boolean;
}

const hardened = new WeakSet<WebContents>();

/**
 * Denies every new window (https links go to the reviewer's browser instead), every navigation
 * away from our own pages and every webview. Idempotent, so it can run both from
 * `web-contents-created` for every page and directly on the main window.
 */
export function hardenWebContents(contents: WebContents, devServerUrl: string | undefined): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isTrustedRendererUrl(event.url, devServerUrl)) return;
    event.preventDefault();
    if (isExternalWebUrl(event.url)) void shell.openExternal(event.url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Margin',
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: options.devTools,
    },
  });
  hardenWebContents(window.webContents, options.devServerUrl);
  window.once('ready-to-show', () => window.show());
  window.loadURL(options.devServerUrl ?? APP_ENTRY_URL).catch((error: unknown) => {
    console.error('Margin could not load its window.', error);
  });
  return window;
}
