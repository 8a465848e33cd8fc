// @vitest-environment node
// The three deliveries of the page policy agree: the meta tag the build writes into
// renderer/index.html, the header the Electron app:// handler sends and the header the web server
// sends from the build's _headers file. Each is produced by its own code path here.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { createAppProtocolHandler } from '../../electron/main/protocol';
import { CSP_PLACEHOLDER, HEADERS_FILE, applyPagePolicy, headersFile } from '../../scripts/page-security';
import { startServer } from '../../scripts/serve-web.mjs';

const projectRoot = resolve(import.meta.dirname, '../..');
let root: string;
let server: Server;
let url: string;
let builtPage: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'margin-page-security-'));
  builtPage = applyPagePolicy(await readFile(join(projectRoot, 'renderer/index.html'), 'utf8'), false);
  await writeFile(join(root, 'index.html'), builtPage);
  await writeFile(join(root, 'app.js'), 'export {};');
  await writeFile(join(root, HEADERS_FILE), headersFile());
  ({ server, url } = await startServer({ root }));
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  await rm(root, { recursive: true, force: true });
});

function metaPolicy(html: string): string {
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
  if (match?.[1] === undefined) throw new Error('no CSP meta tag');
  return match[1];
}

describe('the page policy, delivered three ways', () => {
  it('is the same policy in the meta tag, the app:// header and the web server header', async () => {
    const electron = await createAppProtocolHandler({ renderer: root, documents: root })(new Request('app://margin/'));
    const web = await fetch(url);
    const electronPolicy = electron.headers.get('content-security-policy');
    const webPolicy = web.headers.get('content-security-policy');
    expect(electronPolicy).not.toBeNull();
    expect(webPolicy).toBe(electronPolicy);
    // The meta tag carries the header minus frame-ancestors, which a meta tag may not hold.
    expect(metaPolicy(builtPage)).toBe(electronPolicy!.replace("; frame-ancestors 'none'", ''));
    expect(electronPolicy).toContain("; frame-ancestors 'none'");
    expect(await web.text()).toBe(builtPage);
  });

  it('sends the same security headers from both servers', async () => {
    const names = ['x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'permissions-policy'];
    const electron = await createAppProtocolHandler({ renderer: root, documents: root })(new Request('app://margin/app.js'));
    const web = await fetch(new URL('app.js', url));
    for (const name of names) {
      expect(web.headers.get(name), name).not.toBeNull();
      expect(web.headers.get(name), name).toBe(electron.headers.get(name));
    }
    expect(web.headers.get('content-security-policy')).toBeNull();
    expect((await fetch(new URL('index.html', url))).headers.get('content-security-policy')).toBe(
      (await fetch(url)).headers.get('content-security-policy'),
    );
  });

  it('puts security headers on refusals and missing files too', async () => {
    const missing = await fetch(new URL('nothing-here.txt', url));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
    expect(missing.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('fails the build when renderer/index.html loses its placeholder', () => {
    expect(() => applyPagePolicy('<html><head></head></html>', false)).toThrow(CSP_PLACEHOLDER);
  });

  it('refuses to serve a build that has no _headers file', async () => {
    const bare = await mkdtemp(join(tmpdir(), 'margin-no-headers-'));
    try {
      await expect(startServer({ root: bare })).rejects.toThrow(/has no readable _headers file/);
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });
});
