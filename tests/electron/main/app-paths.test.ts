// @vitest-environment node
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppPaths } from '../../../electron/main/app-paths';

describe('resolveAppPaths', () => {
  const location = { appPath: join('/', 'repo'), resourcesPath: join('/', 'opt', 'Margin', 'resources'), mainDir: join('/', 'repo', 'out', 'main') };

  it('finds the preload and renderer beside the main bundle', () => {
    const paths = resolveAppPaths({ ...location, isPackaged: false });
    expect(paths.preload).toBe(join('/', 'repo', 'out', 'preload', 'index.cjs'));
    expect(paths.renderer).toBe(join('/', 'repo', 'out', 'renderer'));
  });

  it('reads the corpus from the repository in development and from resources when packaged', () => {
    expect(resolveAppPaths({ ...location, isPackaged: false }).documents).toBe(join('/', 'repo', 'resources', 'documents'));
    expect(resolveAppPaths({ ...location, isPackaged: true }).documents).toBe(join('/', 'opt', 'Margin', 'resources', 'documents'));
  });
});
