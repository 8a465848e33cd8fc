// Margin's main process: one instance, one hardened window, the app:// scheme, no permissions,
// a small menu and the bridge's IPC handlers. Everything else lives in the modules it wires up.
import { Menu, app, session } from 'electron';
import type { BrowserWindow } from 'electron';
import { resolveLaunchMode } from './app-origin';
import { resolveAppPaths } from './app-paths';
import { loadBundledCorpus, readBundledManifest } from './corpus';
import { openFiles, printToPdf, saveFile } from './files';
import { registerIpcHandlers } from './ipc';
import { buildMenuTemplate, sendEditShortcut } from './menu';
import { handleAppProtocol, registerAppSchemeAsPrivileged } from './protocol';
import { createMainWindow, hardenWebContents } from './window';

const paths = resolveAppPaths({
  isPackaged: app.isPackaged,
  appPath: app.getAppPath(),
  resourcesPath: process.resourcesPath,
  mainDir: import.meta.dirname,
});
const { development, devServerUrl } = resolveLaunchMode({
  isPackaged: app.isPackaged,
  argv: process.argv,
  rendererUrl: process.env['ELECTRON_RENDERER_URL'],
});

let mainWindow: BrowserWindow | null = null;

function openMainWindow(): BrowserWindow {
  const window = createMainWindow({ preloadPath: paths.preload, devServerUrl, devTools: development });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
  return window;
}

function focusMainWindow(): void {
  if (mainWindow === null) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

function start(): void {
  // Margin needs no camera, notifications, clipboard reads or any other browser permission; only
  // writing plain text to the clipboard (the Copy buttons for DOI, PMID and registration ids).
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
  handleAppProtocol({ renderer: paths.renderer, documents: paths.documents });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        development,
        platform: process.platform,
        onEditCommand: (command) => {
          if (mainWindow !== null && !mainWindow.isDestroyed()) sendEditShortcut(mainWindow.webContents, command, process.platform);
        },
      }),
    ),
  );
  registerIpcHandlers({
    getMainWindow: () => mainWindow,
    devServerUrl,
    listBundledDocuments: () => loadBundledCorpus(paths.documents),
    bundledCorpusManifest: () => readBundledManifest(paths.documents),
    saveFile,
    printToPdf,
    openFiles,
  });
  openMainWindow();
}

registerAppSchemeAsPrivileged();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, devServerUrl));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (mainWindow === null && app.isReady()) openMainWindow();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('Margin could not start.', error);
      app.quit();
    });
}
