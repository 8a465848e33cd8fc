// @vitest-environment node
// The desktop app as built and packaged, not its sources. First the BUILT main bundle
// (out/main/index.js from `electron-vite build`) runs against the mocked `electron`: it must register
// the privileged app:// scheme, serve the built renderer, open the hardened window on app://margin/
// and find the bundled corpus both where the repository keeps it and where a packaged app carries
// it (process.resourcesPath/documents). Then electron-builder packages that build for Linux around
// a stand-in Electron binary (no download), and the package is checked: its fuses, archive, corpus.
// One file, so the build in beforeAll is never run twice at once.
import { EventEmitter } from 'node:events';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserWindow, app, ipcMain, protocol } from 'electron';
import type { BrowserWindowConstructorOptions } from 'electron';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Mock } from 'vitest';
import { CHANNELS } from '@shared/ipc';
import type { BundledCorpus } from '@shared/ipc';
import { DOCUMENTS_DIR, bundledEntries } from '../helpers/corpus';
import { MAIN_BUNDLE, OUT_DIR, PROJECT_ROOT, buildDesktopApp, runElectronBuilder } from '../helpers/desktop-build';
import { MARGIN_FUSES } from '../../scripts/after-pack.mjs';

vi.mock('electron', async (importOriginal) => {
  const actual = await importOriginal<Record<string, object>>();
  return { ...actual, app: { ...actual['app'], enableSandbox: vi.fn(), isReady: vi.fn(() => true) } };
});

type Handler = (request: Request) => Promise<Response>;
type Listener = (event: unknown, ...args: unknown[]) => Promise<unknown>;

function fakeWindow() {
  return Object.assign(new EventEmitter(), {
    webContents: Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn(), sendInputEvent: vi.fn() }),
    show: vi.fn(),
    isDestroyed: vi.fn(() => false),
    loadURL: vi.fn(() => Promise.resolve()),
  });
}

let windows: ReturnType<typeof fakeWindow>[];
let scratch: string;
const mutableApp = app as unknown as { isPackaged: boolean };
const originalResourcesPath = (process as { resourcesPath?: string }).resourcesPath;

interface Launch {
  isPackaged?: boolean;
  appPath?: string;
  resourcesPath?: string;
  argv?: string[];
}

/** Loads the built bundle afresh, as Electron would start it, and lets its whenReady run. */
async function startBuiltMain(launch: Launch = {}): Promise<void> {
  mutableApp.isPackaged = launch.isPackaged ?? false;
  vi.mocked(app.getAppPath).mockReturnValue(launch.appPath ?? PROJECT_ROOT);
  Object.defineProperty(process, 'resourcesPath', { value: launch.resourcesPath ?? join(scratch, 'no-resources'), configurable: true, writable: true });
  const argv = process.argv;
  process.argv = [...argv, ...(launch.argv ?? [])];
  try {
    vi.resetModules();
    // A computed path: the bundle is plain JavaScript built by the setup, not a typed source module.
    const bundle: string = MAIN_BUNDLE;
    await import(/* @vite-ignore */ bundle);
    await new Promise((resolve) => setTimeout(resolve, 0));
  } finally {
    process.argv = argv;
  }
}

function appProtocolHandler(): Handler {
  const call = vi.mocked(protocol.handle).mock.calls.find(([scheme]) => scheme === 'app');
  if (call === undefined) throw new Error('app:// is not handled');
  return call[1] as unknown as Handler;
}

/** Asks the bundle's corpus handler as the Margin window's top frame at app://margin/ would. */
async function listBundledDocuments(): Promise<BundledCorpus> {
  const call = vi.mocked(ipcMain.handle).mock.calls.find(([channel]) => channel === CHANNELS.listBundledDocuments);
  if (call === undefined) throw new Error('no corpus handler');
  const window = windows[0]!;
  vi.mocked(BrowserWindow.fromWebContents).mockImplementation((contents) => (contents === (window.webContents as unknown) ? (window as unknown as BrowserWindow) : null));
  const event = { sender: window.webContents, senderFrame: { url: 'app://margin/', parent: null } };
  return (call[1] as Listener)(event) as Promise<BundledCorpus>;
}

beforeAll(async () => {
  await buildDesktopApp();
  scratch = await mkdtemp(join(tmpdir(), 'margin-built-main-'));
}, 180_000);

afterAll(async () => {
  mutableApp.isPackaged = false;
  Object.defineProperty(process, 'resourcesPath', { value: originalResourcesPath, configurable: true, writable: true });
  await rm(scratch, { recursive: true, force: true });
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

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the built main bundle', () => {
  it('needs nothing at run time but Electron and Node, so the package can ship without node_modules', async () => {
    const source = await readFile(MAIN_BUNDLE, 'utf8');
    const imported = [...source.matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|\brequire\(\s*["']([^"']+)["']\s*\)/g)].map(
      (match) => match[1] ?? match[2] ?? match[3],
    );
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((name) => name !== 'electron' && !name!.startsWith('node:'))).toEqual([]);
  });

  it('registers app:// as a standard, secure scheme with fetch before the app is ready', async () => {
    await startBuiltMain();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    const registered = vi.mocked(protocol.registerSchemesAsPrivileged).mock.invocationCallOrder[0] ?? Infinity;
    expect(registered).toBeLessThan(vi.mocked(app.whenReady).mock.invocationCallOrder[0] ?? -Infinity);
    expect(app.enableSandbox).toHaveBeenCalled();
  });

  it('serves the built renderer at app://margin/ with the page policy', async () => {
    await startBuiltMain();
    const response = await appProtocolHandler()(new Request('app://margin/'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(await readFile(join(OUT_DIR, 'renderer/index.html'), 'utf8'));
    expect(response.headers.get('content-security-policy')).toContain("require-trusted-types-for 'script'");
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(await readFile(join(OUT_DIR, 'renderer/index.html'), 'utf8'))?.[1];
    expect((await appProtocolHandler()(new Request(`app://margin/${script}`))).status).toBe(200);
  });

  it('opens one hardened window on app://margin/, without DevTools, with the built preload', async () => {
    // npm start sets no switch; an ELECTRON_RENDERER_URL left in the environment must change nothing.
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    await startBuiltMain();
    expect(windows).toHaveLength(1);
    const options = (BrowserWindow as unknown as Mock).mock.calls[0]?.[0] as BrowserWindowConstructorOptions;
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(options.webPreferences?.preload).toBe(join(OUT_DIR, 'preload/index.cjs'));
    expect(existsSync(options.webPreferences!.preload!)).toBe(true);
    expect(windows[0]?.loadURL).toHaveBeenCalledExactlyOnceWith('app://margin/');
    expect(windows[0]?.webContents.setWindowOpenHandler).toHaveBeenCalled();
    expect(windows[0]?.webContents.listenerCount('will-navigate')).toBe(1);
  });

  it('trusts the dev server only under npm run dev’s switch', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    await startBuiltMain({ argv: ['--margin-dev'] });
    expect(windows[0]?.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    const options = (BrowserWindow as unknown as Mock).mock.calls[0]?.[0] as BrowserWindowConstructorOptions;
    expect(options.webPreferences?.devTools).toBe(true);
  });

  it('finds the bundled corpus in the repository layout during development', async () => {
    await startBuiltMain({ isPackaged: false, appPath: PROJECT_ROOT });
    const corpus = await listBundledDocuments();
    expect(corpus.problems).toEqual([]);
    expect(corpus.documents.map((d) => d.meta.title)).toEqual(bundledEntries().map((e) => e.title));
    expect(corpus.documents).toHaveLength(5);
    const manifest = await appProtocolHandler()(new Request('app://margin/documents/manifest.json'));
    expect(manifest.status).toBe(200);
  });

  it('finds the bundled corpus in process.resourcesPath/documents when packaged, even with a dev switch', async () => {
    const resources = join(scratch, 'resources');
    await cp(DOCUMENTS_DIR, join(resources, 'documents'), { recursive: true });
    // The packaged app's own folder holds no corpus: only resourcesPath can supply it.
    await startBuiltMain({ isPackaged: true, appPath: join(resources, 'app.asar'), resourcesPath: resources, argv: ['--margin-dev'] });
    const corpus = await listBundledDocuments();
    expect(corpus.problems).toEqual([]);
    expect(corpus.documents.map((d) => d.meta.title)).toEqual(bundledEntries().map((e) => e.title));
    const options = (BrowserWindow as unknown as Mock).mock.calls[0]?.[0] as BrowserWindowConstructorOptions;
    expect(options.webPreferences?.devTools).toBe(false);
    expect(windows[0]?.loadURL).toHaveBeenCalledWith('app://margin/');
  });

  it('reports a missing corpus by name when the packaged resources lack it', async () => {
    await startBuiltMain({ isPackaged: true, appPath: PROJECT_ROOT, resourcesPath: join(scratch, 'empty') });
    const corpus = await listBundledDocuments();
    expect(corpus.documents).toEqual([]);
    expect(corpus.problems).toEqual([{ file: 'manifest.json', message: expect.stringContaining('missing') }]);
  });
});

/** Electron's fuse sentinel (@electron/fuses): the wire follows as version, length, one byte per fuse. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's own order of its fuse wire, which @electron/fuses numbers the same way.
const FUSE_ORDER = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
  'WasmTrapHandlers',
];
// A stock wire as Electron ships it: Node-ish switches on, cookie encryption and the asar checks off.
const STOCK_WIRE = '101100011';

function fuseWire(binary: Buffer): string {
  const at = binary.indexOf(SENTINEL) + SENTINEL.length;
  const length = binary[at + 1]!;
  return binary.toString('latin1', at + 2, at + 2 + length);
}

/** Every file path inside an asar archive, read from its JSON header. */
function asarFiles(archive: Buffer): string[] {
  const header = JSON.parse(archive.toString('utf8', 16, 16 + archive.readUInt32LE(12))) as AsarDirectory;
  const walk = (dir: AsarDirectory, prefix: string): string[] =>
    Object.entries(dir.files).flatMap(([name, entry]) => ('files' in entry ? walk(entry, `${prefix}${name}/`) : [`${prefix}${name}`]));
  return walk(header, '');
}
interface AsarDirectory {
  files: Record<string, AsarDirectory | { size: number }>;
}

describe('the packaged app (electron-builder, Linux directory target)', () => {
  let packaged: string;

  beforeAll(async () => {
    const electronDist = join(scratch, 'electron-dist');
    await mkdir(electronDist, { recursive: true });
    const binary = Buffer.concat([Buffer.from('#!/bin/sh\n'), Buffer.from(SENTINEL), Buffer.from([1, STOCK_WIRE.length]), Buffer.from(STOCK_WIRE), Buffer.from('\n')]);
    await writeFile(join(electronDist, 'electron'), binary);
    await chmod(join(electronDist, 'electron'), 0o755);
    await writeFile(join(electronDist, 'LICENSE'), 'stand-in');
    const output = join(scratch, 'packages');
    await runElectronBuilder(['--linux', 'dir', '--x64', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`]);
    packaged = join(output, 'linux-unpacked');
  }, 240_000);

  it('flips every fuse the afterPack hook names and leaves the others as Electron ships them', async () => {
    const wire = fuseWire(await readFile(join(packaged, 'margin')));
    expect(wire).toHaveLength(STOCK_WIRE.length);
    FUSE_ORDER.forEach((name, index) => {
      const wanted = Object.hasOwn(MARGIN_FUSES, name) ? MARGIN_FUSES[name] : undefined;
      expect(wire[index], name).toBe(wanted === undefined ? STOCK_WIRE[index] : wanted ? '1' : '0');
    });
    expect(wire.slice(0, 6)).toBe('010011');
  });

  it('packs only the build and package.json into app.asar: no sources, no node_modules, no source maps', async () => {
    const files = asarFiles(await readFile(join(packaged, 'resources/app.asar')));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']));
    expect(files.filter((file) => !file.startsWith('out/') && file !== 'package.json')).toEqual([]);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
  });

  it('carries the bundled corpus beside the archive, where the app looks for it when packaged', async () => {
    const shipped = JSON.parse(await readFile(join(packaged, 'resources/documents/manifest.json'), 'utf8')) as unknown;
    expect(shipped).toEqual(JSON.parse(await readFile(join(DOCUMENTS_DIR, 'manifest.json'), 'utf8')));
    for (const entry of bundledEntries()) {
      expect(await readFile(join(packaged, 'resources/documents', entry.file), 'utf8')).toBe(await readFile(join(DOCUMENTS_DIR, entry.file), 'utf8'));
    }
  });
});
