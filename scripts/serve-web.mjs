// Serves the static web build (dist/web) on loopback: `npm run web` for reviewers on locked-down
// machines, and the end-to-end tests. Plain node:http, no dependencies, no path escapes the root.
// Security headers come from the build's `_headers` file, written from shared/csp.ts, so this
// server sends exactly the policy the page's <meta> tag and the desktop app carry.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  // The search index's SQLite engine: browsers compile wasm while it streams only with this type.
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

export const HEADERS_FILE = '_headers';

/**
 * Reads a `_headers` file: a path pattern on its own line (exact, or ending in `*` for a prefix),
 * then its headers indented as `Name: value`. Returns the rules in file order.
 */
export function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ pattern: line.trim(), headers: [] });
      continue;
    }
    const colon = line.indexOf(':');
    const rule = rules.at(-1);
    if (rule === undefined || colon < 0) throw new Error(`${HEADERS_FILE}: cannot read the line “${line.trim()}”.`);
    rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** The headers every matching rule gives a URL path, later rules adding to earlier ones. */
export function headersFor(rules, pathname) {
  const matches = (pattern) => (pattern.endsWith('*') ? pathname.startsWith(pattern.slice(0, -1)) : pathname === pattern);
  return rules.filter((rule) => matches(rule.pattern)).flatMap((rule) => rule.headers);
}

/**
 * Starts a static server for `root`; resolves with the server and its address once listening.
 * Refuses to start on a build without its `_headers` file, rather than serve the app unprotected.
 */
export async function startServer({ root, port = 0, host = '127.0.0.1' }) {
  const base = resolve(root);
  let rules;
  try {
    rules = parseHeadersFile(await readFile(join(base, HEADERS_FILE), 'utf8'));
  } catch (error) {
    throw new Error(`The web build in ${base} has no readable ${HEADERS_FILE} file (${error.message}); run \`npm run build:web\` again.`, { cause: error });
  }
  const server = createServer(async (request, response) => {
    let url;
    try {
      url = new URL(request.url ?? '/', 'http://localhost');
    } catch {
      response.writeHead(400).end('Bad request');
      return;
    }
    for (const [name, value] of headersFor(rules, url.pathname)) response.setHeader(name, value);
    try {
      const relative = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
      let path = resolve(join(base, relative || 'index.html'));
      if (path !== base && !path.startsWith(base + sep)) {
        response.writeHead(403).end('Forbidden');
        return;
      }
      if ((await stat(path).catch(() => null))?.isDirectory()) path = join(path, 'index.html');
      const body = await readFile(path);
      response.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
      response.end(body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolvePromise({ server, url: `http://${host}:${typeof address === 'object' && address ? address.port : port}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../dist/web', import.meta.url));
  const port = Number(process.env.MARGIN_PORT ?? 5199);
  startServer({ root, port })
    .then(({ url }) => console.log(`Margin (web build) is served at ${url} — press Ctrl+C to stop.`))
    .catch((error) => {
      console.error(`Could not serve the web build on port ${port}: ${error.message}`);
      process.exit(1);
    });
}
