// Where Electron's binary is, or why the desktop end-to-end tests cannot run here. Resolved the way
// `require('electron')` resolves it (node_modules/electron/path.txt, ELECTRON_OVERRIDE_DIST_PATH),
// but without calling it: that module starts a download when the binary is missing.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const PACKAGE_DIR = resolve(import.meta.dirname, '../../node_modules/electron');

export type ElectronBinary = { available: true; path: string } | { available: false; reason: string };

export function findElectronBinary(): ElectronBinary {
  const pathFile = join(PACKAGE_DIR, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (relative === '' && override === undefined) {
    return { available: false, reason: 'Electron’s binary is not installed (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?)' };
  }
  const path = override !== undefined ? join(override, relative || 'electron') : join(PACKAGE_DIR, 'dist', relative);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return { available: false, reason: `Electron’s binary ${path} is missing or not executable` };
  }
  return { available: true, path };
}
