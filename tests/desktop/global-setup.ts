// Builds the desktop app for its end-to-end tests, or says in one line why they are skipped
// (and fails instead where MARGIN_REQUIRE_ELECTRON=1 says the binary must be there).
import { buildDesktopApp } from '../helpers/desktop-build';
import { findElectronBinary } from './electron-binary';

export default async function setup(): Promise<void> {
  const electron = findElectronBinary();
  if (!electron.available) {
    // CI that installed Electron on purpose (.github/workflows/desktop.yml) must not pass by skipping.
    if (process.env['MARGIN_REQUIRE_ELECTRON'] === '1') throw new Error(`Desktop end-to-end tests cannot run: ${electron.reason}.`);
    console.log(`Desktop end-to-end tests skipped: ${electron.reason}.`);
    return;
  }
  await buildDesktopApp();
}
