// Serves the static web build (dist/web) on loopback: `npm run web` for reviewers on locked-down
// machines, and the end-to-end tests. Plain node:http, no dependencies, no path escapes the root.
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
  '.map': 'application/json; charset=utf-8',
};

/** Starts a static server for `root`; resolves with the server and its address once listening. */
export function startServer({ root, port = 0, host = '127.0.0.1' }) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
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
