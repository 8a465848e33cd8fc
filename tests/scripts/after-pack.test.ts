// @vitest-environment node
// The afterPack hook on stand-in Electron binaries laid out as electron-builder leaves them on each
// platform: it finds the binary that carries the fuse wire and flips exactly Margin's fuses.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import afterPack, { electronBinaryPath } from '../../scripts/after-pack.mjs';
import type { AfterPackContextLike } from '../../scripts/after-pack.mjs';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
let dir: string;

function context(platform: string): AfterPackContextLike {
  return { appOutDir: dir, electronPlatformName: platform, arch: 1, packager: { executableName: 'margin', appInfo: { productFilename: 'Margin' } } };
}

async function standInBinary(path: string, wire: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, Buffer.concat([Buffer.from('MZ stand-in '), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), Buffer.from(wire), Buffer.from(' end')]));
}

async function wireOf(path: string): Promise<string> {
  const bytes = await readFile(path);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  return bytes.toString('latin1', at + 2, at + 2 + bytes[at + 1]!);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'margin-after-pack-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the afterPack hook', () => {
  it('names the binary electron-builder produces on each platform', () => {
    expect(electronBinaryPath(context('linux'))).toBe(join(dir, 'margin'));
    expect(electronBinaryPath(context('win32'))).toBe(join(dir, 'Margin.exe'));
    expect(electronBinaryPath(context('darwin'))).toBe(join(dir, 'Margin.app'));
  });

  it.each([
    ['win32', 'Margin.exe'],
    ['darwin', 'Margin.app/Contents/Frameworks/Electron Framework.framework/Electron Framework'],
    ['linux', 'margin'],
  ])('flips the fuses of a %s package: Node, NODE_OPTIONS, --inspect, file:// privileges off; cookie encryption, asar-only, asar integrity on', async (platform, file) => {
    await standInBinary(join(dir, file), '101100011');
    await afterPack(context(platform));
    // Positions 6 (V8 snapshot) and 8 (a fuse newer than @electron/fuses) keep what Electron shipped.
    expect(await wireOf(join(dir, file))).toBe('010011001');
  });

  it('fails the package when the binary has no fuse wire', async () => {
    await writeFile(join(dir, 'margin'), 'no sentinel here');
    await expect(afterPack(context('linux'))).rejects.toThrow(/sentinel/);
  });

  it('fails the package when the wire is too short for a fuse Margin sets', async () => {
    await standInBinary(join(dir, 'margin'), '1011');
    await expect(afterPack(context('linux'))).rejects.toThrow(/not long enough/);
  });
});
