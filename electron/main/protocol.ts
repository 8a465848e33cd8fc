// Serves the app's own files over app://margin/, so the renderer has a real, secure origin and never
// reads the disk directly: built renderer assets from out/renderer, the bundled corpus under /documents/.
import { readFile, realpath } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { protocol } from 'electron';
import { responseSecurityHeaders } from '@shared/csp';
import { APP_HOST, APP_SCHEME } from './app-origin';


// A Map: the extension comes from the requested URL, and user data is never a plain-object key.
const CONTENT_TYPES: ReadonlyMap<string, string> = new Map(Object.entries({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
}));

export interface AppRoots {
  /** The built renderer (out/renderer). */
  renderer: string;
  /** The bundled corpus, served under /documents/. */
  documents: string;
}

export type AppResource = { ok: true; filePath: string; root: string } | { ok: false; status: 403 | 404 };

/**
 * Must run before `app` is ready. Standard and secure give app://margin a real origin, so
 * IndexedDB, module Workers (pdf.js) and OPFS work as on https; supportFetchAPI lets the renderer
 * fetch its own files. `stream` is left off: it serves media elements, and Margin plays none.
 */
export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves app://margin/ from the given folders on the default session. Call once, after ready. */
export function handleAppProtocol(roots: AppRoots): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(roots));
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * Maps a URL path (still percent-encoded, as `URL.pathname` gives it) to a file strictly inside
 * `root`, or null. Decoding happens once and first, so `..%2f` is seen as the `../` it is; a
 * backslash (a separator on Windows), a colon (drive letters, NTFS streams), a NUL, an empty
 * segment (`//etc`) or any `.`/`..` segment is refused outright rather than normalised away.
 */
export function resolveInsideRoot(root: string, encodedPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encodedPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || /[\\:\0]/.test(decoded)) return null;
  const segments = decoded.slice(1).split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return null;
  const base = resolve(root);
  const target = resolve(base, ...segments);
  return isInside(base, target) ? target : null;
}

/** Decides which file an app:// URL names: `/documents/…` from the corpus, anything else from the renderer. */
export function resolveAppRequest(url: string, roots: AppRoots): AppResource {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 404 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { ok: false, status: 404 };
  const documentsPrefix = '/documents/';
  const [root, path] = parsed.pathname.startsWith(documentsPrefix)
    ? [roots.documents, parsed.pathname.slice(documentsPrefix.length - 1)]
    : [roots.renderer, parsed.pathname === '/' ? '/index.html' : parsed.pathname];
  const filePath = resolveInsideRoot(root, path);
  return filePath === null ? { ok: false, status: 403 } : { ok: true, filePath, root };
}

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES.get(extname(filePath).toLowerCase()) ?? 'application/octet-stream';
}

function refusal(status: number): Response {
  return new Response(null, { status, headers: { 'X-Content-Type-Options': 'nosniff' } });
}

/** The request handler behind app://margin/; exported so it can be exercised without Electron. */
export function createAppProtocolHandler(roots: AppRoots): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405);
    const resource = resolveAppRequest(request.url, roots);
    if (!resource.ok) return refusal(resource.status);
    let body: Buffer;
    try {
      // The lexical check above cannot see symbolic links; the real path must stay inside too.
      const [realRoot, realFile] = await Promise.all([realpath(resource.root), realpath(resource.filePath)]);
      if (!isInside(realRoot, realFile)) return refusal(403);
      body = await readFile(realFile);
    } catch {
      return refusal(404);
    }
    const contentType = contentTypeFor(resource.filePath);
    // The same headers, and for the page the same policy, as the web server sends (shared/csp.ts).
    const headers = new Headers(responseSecurityHeaders(contentType).map(([name, value]): [string, string] => [name, value]));
    headers.set('Content-Type', contentType);
    // readFile never returns shared memory; the cast only narrows ArrayBufferLike for the Response type.
    const bytes = new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
    return new Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers });
  };
}
