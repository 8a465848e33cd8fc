// Builds the desktop app (main, preload, renderer into out/) the way `npm run build` does, for the
// tests that run or package the built bundle rather than the sources.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const OUT_DIR = resolve(PROJECT_ROOT, 'out');
export const MAIN_BUNDLE = resolve(OUT_DIR, 'main/index.js');

/** Runs `electron-vite build` in a child process; rejects with its output when the build fails. */
export async function buildDesktopApp(): Promise<void> {
  const cli = resolve(PROJECT_ROOT, 'node_modules/electron-vite/bin/electron-vite.js');
  try {
    await run(process.execPath, [cli, 'build', '--logLevel', 'warn'], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`electron-vite build failed:\n${stdout}\n${stderr}`, { cause: error });
  }
}

/** Runs electron-builder with the project's configuration and the given extra arguments. */
export async function runElectronBuilder(args: string[]): Promise<void> {
  const cli = resolve(PROJECT_ROOT, 'node_modules/electron-builder/cli.js');
  try {
    await run(process.execPath, [cli, ...args], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, CI: 'true' } });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`electron-builder failed:\n${stdout}\n${stderr}`, { cause: error });
  }
}
