// Where the built pieces live at run time. The bundled main script sits in out/main, so the preload
// and renderer are its siblings; the corpus ships beside the app when packaged and in the repo otherwise.
import { join } from 'node:path';

export interface AppPaths {
  /** The CommonJS preload bundle (a sandboxed preload cannot be ESM). */
  preload: string;
  /** The built renderer, served over app://margin/. */
  renderer: string;
  /** The bundled corpus: manifest.json and the files it lists. */
  documents: string;
}

export interface AppLocation {
  isPackaged: boolean;
  /** `app.getAppPath()`: the project root in development. */
  appPath: string;
  /** `process.resourcesPath`: where extra resources are copied when packaged. */
  resourcesPath: string;
  /** The folder holding the running main bundle (out/main). */
  mainDir: string;
}

export function resolveAppPaths(location: AppLocation): AppPaths {
  return {
    preload: join(location.mainDir, '..', 'preload', 'index.cjs'),
    renderer: join(location.mainDir, '..', 'renderer'),
    documents: location.isPackaged
      ? join(location.resourcesPath, 'documents')
      : join(location.appPath, 'resources', 'documents'),
  };
}
