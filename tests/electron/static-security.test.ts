// @vitest-environment node
// Greps the electron/ and renderer/ sources for patterns that undo the security model. Only those
// folders are scanned, so the patterns written in this test file never match themselves.
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

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
