// Writes the app's one Content-Security-Policy (shared/csp.ts) into the built page's <meta> tag and,
// for the web build, a `_headers` file with the same policy and security headers for the server.
import type { Plugin } from 'vite';
import { contentSecurityPolicy, responseSecurityHeaders } from '../shared/csp';

/** The placeholder renderer/index.html carries where the policy goes; the build fails without it. */
export const CSP_PLACEHOLDER = '%MARGIN_CONTENT_SECURITY_POLICY%';
export const HEADERS_FILE = '_headers';

/**
 * The `_headers` file (the format Netlify and Cloudflare Pages read, and scripts/serve-web.mjs):
 * security headers for every path, and the header policy for the one page, which the web build
 * serves at `/` and `/index.html`.
 */
export function headersFile(): string {
  const block = (path: string, headers: ReadonlyArray<readonly [string, string]>) =>
    [path, ...headers.map(([name, value]) => `  ${name}: ${value}`)].join('\n');
  const all = responseSecurityHeaders('application/octet-stream');
  const pageOnly = responseSecurityHeaders('text/html').filter(([name]) => !all.some(([other]) => other === name));
  return `${[block('/*', all), block('/', pageOnly), block('/index.html', pageOnly)].join('\n')}\n`;
}

/** Replaces the placeholder with the meta form of the policy; `development` is `npm run dev`. */
export function applyPagePolicy(html: string, development: boolean): string {
  if (!html.includes(CSP_PLACEHOLDER)) throw new Error(`renderer/index.html lost its ${CSP_PLACEHOLDER} placeholder: the page would ship without its policy.`);
  return html.replaceAll(CSP_PLACEHOLDER, contentSecurityPolicy('meta', { development }));
}

export function pageSecurity(options: { headersFile: boolean }): Plugin {
  let development = false;
  return {
    name: 'margin-page-security',
    configResolved(config) {
      development = config.command === 'serve';
    },
    transformIndexHtml: { order: 'pre', handler: (html) => applyPagePolicy(html, development) },
    generateBundle() {
      if (options.headersFile) this.emitFile({ type: 'asset', fileName: HEADERS_FILE, source: headersFile() });
    },
  };
}
