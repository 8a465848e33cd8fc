// @vitest-environment node
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { protocol } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  contentTypeFor,
  createAppProtocolHandler,
  handleAppProtocol,
  registerAppSchemeAsPrivileged,
  resolveAppRequest,
  resolveInsideRoot,
} from '../../../electron/main/protocol';

const root = resolve('/srv/margin/renderer');

describe('resolveInsideRoot', () => {
  it.each([
    ['/index.html', join(root, 'index.html')],
    ['/assets/index-abc123.js', join(root, 'assets', 'index-abc123.js')],
    ['/fonts/Source%20Serif.woff2', join(root, 'fonts', 'Source Serif.woff2')],
    ['/..foo/bar.txt', join(root, '..foo', 'bar.txt')],
  ])('resolves %s inside the root', (path, expected) => {
    expect(resolveInsideRoot(root, path)).toBe(expected);
  });

  it.each([
    ['/../secret.txt', 'a plain parent segment'],
    ['/assets/../../secret.txt', 'a parent segment deeper down'],
    ['/..%2fsecret.txt', 'an encoded slash after ..'],
    ['/..%2F..%2Fetc%2Fpasswd', 'encoded traversal, upper case'],
    ['/%2e%2e/secret.txt', 'encoded dots'],
    ['/%2e%2e%2fsecret.txt', 'fully encoded traversal'],
    ['/..%5csecret.txt', 'an encoded backslash'],
    ['/assets\\..\\..\\secret.txt', 'raw backslashes'],
    ['//etc/passwd', 'an absolute path after the slash'],
    ['/%2Fetc%2Fpasswd', 'an encoded absolute path'],
    ['/C:/Windows/win.ini', 'a drive letter'],
    ['/C%3A%5CWindows%5Cwin.ini', 'an encoded drive path'],
    ['/index.html%00.png', 'a NUL byte'],
    ['/%E0%A4%A', 'broken percent-encoding'],
    ['/', 'the root itself'],
    ['/./index.html', 'a dot segment'],
    ['index.html', 'a path that does not start with a slash'],
  ])('refuses %s (%s)', (path) => {
    expect(resolveInsideRoot(root, path)).toBeNull();
  });
});

describe('resolveAppRequest', () => {
  const roots = { renderer: root, documents: resolve('/srv/margin/documents') };

  it('serves /documents/ from the corpus folder and everything else from the renderer', () => {
    expect(resolveAppRequest('app://margin/documents/manifest.json', roots)).toEqual({
      ok: true,
      filePath: join(roots.documents, 'manifest.json'),
      root: roots.documents,
    });
    expect(resolveAppRequest('app://margin/assets/app.js?v=1#x', roots)).toEqual({
      ok: true,
      filePath: join(root, 'assets', 'app.js'),
      root,
    });
    expect(resolveAppRequest('app://margin/', roots)).toMatchObject({ ok: true, filePath: join(root, 'index.html') });
  });

  it('refuses other hosts and schemes, and traversal out of the documents folder', () => {
    expect(resolveAppRequest('app://elsewhere/index.html', roots)).toEqual({ ok: false, status: 404 });
    expect(resolveAppRequest('https://margin/index.html', roots)).toEqual({ ok: false, status: 404 });
    expect(resolveAppRequest('app://margin/documents/..%2findex.html', roots)).toEqual({ ok: false, status: 403 });
    expect(resolveAppRequest('app://margin/documents/..%2f..%2f..%2fetc%2fpasswd', roots)).toEqual({ ok: false, status: 403 });
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a/b.JS', 'text/javascript; charset=utf-8'],
    ['pdf.worker.mjs', 'text/javascript; charset=utf-8'],
    ['style.css', 'text/css; charset=utf-8'],
    ['doc.txt', 'text/plain; charset=utf-8'],
    ['font.woff2', 'font/woff2'],
    ['blob.bin', 'application/octet-stream'],
  ])('%s → %s', (file, type) => {
    expect(contentTypeFor(file)).toBe(type);
  });
});

describe('the app:// handler', () => {
  let base: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'margin-protocol-'));
    await mkdir(join(base, 'renderer', 'assets'), { recursive: true });
    await mkdir(join(base, 'documents'));
    await writeFile(join(base, 'renderer', 'index.html'), '<!doctype html><title>Margin</title>');
    await writeFile(join(base, 'renderer', 'assets', 'app.js'), 'export {};');
    await writeFile(join(base, 'documents', 'a.txt'), 'Text of a');
    await writeFile(join(base, 'secret.txt'), 'outside');
    await symlink(join(base, 'secret.txt'), join(base, 'renderer', 'escape.txt'));
    handler = createAppProtocolHandler({ renderer: join(base, 'renderer'), documents: join(base, 'documents') });
  });

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('serves HTML with the strict Content-Security-Policy', async () => {
    const response = await handler(new Request('app://margin/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self';");
    expect(policy).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/]{43}=';/);
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toContain("require-trusted-types-for 'script'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await response.text()).toBe('<!doctype html><title>Margin</title>');
  });

  it('serves scripts and documents with their own types and no CSP header', async () => {
    const script = await handler(new Request('app://margin/assets/app.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBeNull();
    const document = await handler(new Request('app://margin/documents/a.txt'));
    expect(document.status).toBe(200);
    expect(await document.text()).toBe('Text of a');
  });

  it('answers 404 for missing files and folders', async () => {
    expect((await handler(new Request('app://margin/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://margin/assets'))).status).toBe(404);
  });

  it('refuses traversal and symbolic links that lead out of the root', async () => {
    const traversal = await handler(new Request('app://margin/documents/..%2f..%2fsecret.txt'));
    expect(traversal.status).toBe(403);
    expect(await traversal.text()).toBe('');
    expect((await handler(new Request('app://margin/escape.txt'))).status).toBe(403);
  });

  it('accepts only reads', async () => {
    expect((await handler(new Request('app://margin/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

describe('scheme registration', () => {
  it('registers app:// as standard, secure and fetchable', () => {
    registerAppSchemeAsPrivileged();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('installs the handler for the app scheme', () => {
    handleAppProtocol({ renderer: root, documents: root });
    expect(vi.mocked(protocol.handle).mock.calls.at(-1)?.[0]).toBe('app');
  });
});
