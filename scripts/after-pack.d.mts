// Types for the afterPack hook (scripts/after-pack.mjs), so tests can read its fuse settings.
/** Fuse name (as @electron/fuses spells it) → on or off; the values live only in after-pack.mjs. */
export declare const MARGIN_FUSES: Readonly<Record<string, boolean>>;
export interface AfterPackContextLike {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { executableName: string; appInfo: { productFilename: string } };
}
export declare function electronBinaryPath(context: AfterPackContextLike): string;
export declare function fuseConfig(context: AfterPackContextLike): Record<string, unknown>;
export default function afterPack(context: AfterPackContextLike): Promise<void>;
