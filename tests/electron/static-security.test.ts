// @vitest-environment node
// Greps the electron/ and renderer/ sources for patterns that undo the security model (only those
// folders are scanned, so the patterns written in this test file never match themselves), and reads
// the packaging configuration: the fuses the afterPack hook sets, and nothing that could undo them.
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { MARGIN_FUSES, fuseConfig } from '../../scripts/after-pack.mjs';

const projectRoot = resolve(import.meta.dirname, '../..');
const SOURCE = /\.(?:ts|tsx|js|mjs|cjs|html)$/;

const FORBIDDEN: { name: string; pattern: RegExp }[] = [
  { name: 'a file: URL', pattern: new RegExp(['file', ':', '//'].join('')) },
  { name: 'Node integration switched on', pattern: /nodeIntegration\w*\s*:\s*true/ },
  { name: 'the sandbox switched off', pattern: /sandbox\s*:\s*false/ },
  { name: 'context isolation switched off', pattern: /contextIsolation\s*:\s*false/ },
  { name: 'web security switched off', pattern: /webSecurity\s*:\s*false/ },
  { name: 'insecure content allowed', pattern: /allowRunningInsecureContent\s*:\s*true/ },
  { name: 'webviews enabled', pattern: /webviewTag\s*:\s*true/ },
  // invoke(channel, …) with a caller-chosen channel: only CHANNELS.x may be named.
  { name: 'a generic IPC passthrough', pattern: /\binvoke\(\s*(?!CHANNELS\.)[A-Za-z_$][\w$]*\s*[,)]/ },
  { name: 'a channel passed through by spreading', pattern: /\binvoke\(\s*\.\.\./ },
  // The bridge is request/response only; fire-and-forget or listening channels are not part of it.
  { name: 'an ipcRenderer channel outside invoke', pattern: /\bipcRenderer\.(?:send|sendSync|sendToHost|on|once|addListener)\(/ },
  { name: 'ipcRenderer handed out whole', pattern: /^(?!\s*import\b).*(?<![.\w])ipcRenderer\s*[,})\]]/m },
];

function violations(source: string): string[] {
  return FORBIDDEN.filter(({ pattern }) => pattern.test(source)).map(({ name }) => name);
}

async function sourceFiles(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name) && !join(entry.parentPath, entry.name).includes('node_modules'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the security grep', () => {
  it('recognises each forbidden pattern', () => {
    const planted = [
      `win.loadURL('${['file', '://'].join('')}/tmp/index.html')`,
      'webPreferences: { nodeIntegration: true }',
      'webPreferences: { sandbox: false }',
      'webPreferences: { contextIsolation: false }',
      'webPreferences: { webSecurity: false }',
      'webPreferences: { allowRunningInsecureContent: true }',
      'webPreferences: { webviewTag: true }',
      "invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args)",
      'call: (...args) => ipcRenderer.invoke(...args)',
      "ipcRenderer.on('margin:menu', listener)",
      "contextBridge.exposeInMainWorld('ipc', { ipcRenderer })",
    ];
    for (const sample of planted) expect(violations(sample), sample).not.toEqual([]);
    expect(violations("listBundledDocuments: () => ipcRenderer.invoke(CHANNELS.listBundledDocuments)")).toEqual([]);
    expect(violations("import { contextBridge, ipcRenderer } from 'electron';")).toEqual([]);
  });

  it('finds none of them in electron/ or renderer/', async () => {
    const files = [...(await sourceFiles(join(projectRoot, 'electron'))), ...(await sourceFiles(join(projectRoot, 'renderer')))];
    expect(files.some((file) => file.endsWith(join('electron', 'preload', 'index.ts')))).toBe(true);

    const found: string[] = [];
    for (const file of files) {
      for (const name of violations(await readFile(file, 'utf8'))) found.push(`${relative(projectRoot, file)}: ${name}`);
    }
    expect(found).toEqual([]);
  });
});

interface BuilderConfig {
  afterPack?: unknown;
  electronFuses?: unknown;
  asar?: unknown;
  asarUnpack?: unknown;
  disableAsarIntegrity?: unknown;
  files?: string[];
  extraResources?: { from: string; to: string }[];
  linux?: { target?: string[] };
  win?: { target?: string[] };
  mac?: { target?: string[] };
}

async function builderConfig(): Promise<BuilderConfig> {
  return JSON.parse(await readFile(join(projectRoot, 'electron-builder.json'), 'utf8')) as BuilderConfig;
}

describe('the packaged configuration', () => {
  it('sets each fuse in the afterPack hook: no Node, NODE_OPTIONS or --inspect; encrypted cookies; the app only from a checked asar', () => {
    expect(MARGIN_FUSES.RunAsNode).toBe(false);
    expect(MARGIN_FUSES.EnableNodeOptionsEnvironmentVariable).toBe(false);
    expect(MARGIN_FUSES.EnableNodeCliInspectArguments).toBe(false);
    expect(MARGIN_FUSES.EnableCookieEncryption).toBe(true);
    expect(MARGIN_FUSES.OnlyLoadAppFromAsar).toBe(true);
    expect(MARGIN_FUSES.EnableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(MARGIN_FUSES.GrantFileProtocolExtraPrivileges).toBe(false);
  });

  it('hands @electron/fuses exactly those settings, by its own option numbers', () => {
    const config = fuseConfig({ appOutDir: '/pack', electronPlatformName: 'linux', arch: 1, packager: { executableName: 'margin', appInfo: { productFilename: 'Margin' } } });
    expect(config).toEqual({
      version: '1',
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
    // Apple silicon needs its ad-hoc signature renewed after the flip, or the app will not start.
    expect(fuseConfig({ appOutDir: '/pack', electronPlatformName: 'darwin', arch: 3, packager: { executableName: 'margin', appInfo: { productFilename: 'Margin' } } }).resetAdHocDarwinSignature).toBe(true);
  });

  it('runs that hook on every package and lets nothing flip the fuses back or weaken the archive', async () => {
    const config = await builderConfig();
    expect(config.afterPack).toBe('./scripts/after-pack.mjs');
    // electron-builder applies its own electronFuses after afterPack; it would override the hook.
    expect(config.electronFuses).toBeUndefined();
    expect(config.asar).toBe(true);
    // Unpacked files and a switched-off integrity hash escape the asar check.
    expect(config.asarUnpack).toBeUndefined();
    expect(config.disableAsarIntegrity).toBeUndefined();
    expect(config.files).toEqual(expect.arrayContaining(['out/**/*', 'package.json', '!node_modules/**/*']));
  });

  it('builds AppImage and deb, NSIS and dmg, with the bundled corpus as extra resources', async () => {
    const config = await builderConfig();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.extraResources).toEqual([expect.objectContaining({ from: 'resources/documents', to: 'documents' })]);
  });
});
