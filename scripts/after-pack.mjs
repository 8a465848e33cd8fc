// electron-builder's afterPack hook (electron-builder.json): flips Electron's fuses in the packaged
// binary, after the app is copied in and before it is signed, then reads them back to prove it.
// Fuses are compiled-in switches no command line, environment variable or script can turn back.
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';

/**
 * Margin's fuses, by @electron/fuses option name. Off: running the binary as plain Node
 * (ELECTRON_RUN_AS_NODE), NODE_OPTIONS, --inspect and its kin, and the extra powers Electron gives
 * file:// (Margin serves itself over app://). On: cookie encryption, loading the app only from its
 * app.asar, and checking that archive against the hash electron-builder embeds (macOS, Windows).
 */
export const MARGIN_FUSES = Object.freeze({
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  GrantFileProtocolExtraPrivileges: false,
});

/** builder-util's Arch.arm64: Apple silicon needs its ad-hoc signature renewed after a fuse flip. */
const ARM64 = 3;
const FUSE_ENABLED = '1'.charCodeAt(0);
const FUSE_DISABLED = '0'.charCodeAt(0);

/** The binary that carries the fuse wire, by platform, named as electron-builder names it. */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    default:
      return join(appOutDir, packager.executableName);
  }
}

/** The @electron/fuses configuration for MARGIN_FUSES. */
export function fuseConfig(context) {
  const config = {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === ARM64,
  };
  for (const [name, value] of Object.entries(MARGIN_FUSES)) {
    if (!Object.hasOwn(FuseV1Options, name)) throw new Error(`@electron/fuses knows no fuse named ${name}.`);
    config[FuseV1Options[name]] = value;
  }
  return config;
}

export default async function afterPack(context) {
  const binary = electronBinaryPath(context);
  await flipFuses(binary, fuseConfig(context));
  // Read the wire back: a package whose fuses did not take must not ship.
  const wire = await getCurrentFuseWire(binary);
  const wrong = Object.entries(MARGIN_FUSES)
    .filter(([name, value]) => wire[FuseV1Options[name]] !== (value ? FUSE_ENABLED : FUSE_DISABLED))
    .map(([name]) => name);
  if (wrong.length > 0) throw new Error(`The fuses ${wrong.join(', ')} are not set in ${binary}.`);
}
