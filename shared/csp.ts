// The one Content-Security-Policy of the app and the security headers around it. The build writes
// the policy into the page's <meta> tag and the servers (app:// in Electron, scripts/serve-web.mjs)
// send it as a header, all from these lines, so the deliveries cannot drift apart.
import { REPORT_STYLESHEET } from './export/html-report';
import { sha256Bytes, utf8Encode } from './hash';

/**
 * The Trusted Types policies the page may create. `default` is the app's narrow fallback for
 * libraries that hand strings to DOM sinks (renderer/src/platform/trusted-types.ts); `margin-report`
 * writes the escaped HTML report into the print frame. (Web pages are cleaned in the import Worker with
 * parse5 and linkedom, so no sanitizer policy is needed on the page.)
 */
export const TRUSTED_TYPES_POLICIES = ['default', 'margin-report'] as const;

/** Directives a browser ignores (and warns about) in a <meta> policy; they travel only as a header. */
export const HEADER_ONLY_DIRECTIVES: ReadonlySet<string> = new Set(['frame-ancestors']);

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of the bytes a hex string spells (CSP hash sources are base64, our hash is hex). */
export function hexToBase64(hex: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < hex.length; i += 2) bytes.push(Number.parseInt(hex.slice(i, i + 2), 16));
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const triple = (a << 16) | (b << 8) | c;
    out += BASE64[(triple >> 18) & 63]! + BASE64[(triple >> 12) & 63]!;
    out += i + 1 < bytes.length ? BASE64[(triple >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? BASE64[triple & 63]! : '=';
  }
  return out;
}

/** A CSP hash source for an inline element's exact text. */
export function hashSource(text: string): string {
  return `'sha256-${hexToBase64(sha256Bytes(utf8Encode(text)))}'`;
}

type Directive = readonly [name: string, ...sources: string[]];

/**
 * What the page may do. Scripts and styles come only from our own files: no inline script, no
 * inline style element or attribute (React's `style` props are CSSOM assignments, which CSP does
 * not govern), except the HTML report's own stylesheet by hash, for the print frame that inherits
 * this policy. Trusted Types make every string that reaches an HTML or script sink pass a policy.
 */
function directives(): Directive[] {
  return [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'", hashSource(REPORT_STYLESHEET)],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'"],
    ['worker-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
    ['require-trusted-types-for', "'script'"],
    ['trusted-types', ...TRUSTED_TYPES_POLICIES],
  ];
}

/**
 * `npm run dev` only: Vite's dev server injects an inline React Refresh preamble and inline CSS,
 * talks to the page over a WebSocket, and draws its error overlay with innerHTML. The built app
 * (`npm start`, the packaged app, the web build) never gets this policy.
 */
function developmentDirectives(): Directive[] {
  return directives()
    .filter(([name]) => name !== 'require-trusted-types-for' && name !== 'trusted-types')
    .map(([name, ...sources]): Directive => {
      if (name === 'script-src' || name === 'style-src') return [name, "'self'", "'unsafe-inline'"];
      if (name === 'connect-src') return [name, ...sources, 'ws://localhost:*', 'ws://127.0.0.1:*'];
      return [name, ...sources];
    });
}

export type PolicyDelivery = 'header' | 'meta';

/** The policy as one header or meta value; the meta form leaves out what only headers may carry. */
export function contentSecurityPolicy(delivery: PolicyDelivery, options: { development?: boolean } = {}): string {
  const list = options.development === true ? developmentDirectives() : directives();
  return list
    .filter(([name]) => delivery === 'header' || !HEADER_ONLY_DIRECTIVES.has(name))
    .map((directive) => directive.join(' '))
    .join('; ');
}

/** Splits a policy into directive name → its sources, for comparing deliveries. */
export function parsePolicy(policy: string): Map<string, string> {
  const parsed = new Map<string, string>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name !== undefined && name !== '') parsed.set(name.toLowerCase(), sources.join(' '));
  }
  return parsed;
}

/**
 * Powerful features no review needs, switched off for the page and anything it could embed.
 * Only names Chromium recognises: an unknown one is logged as an error on every load.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/** Headers for every response of the web server; the CSP is added for HTML pages (see below). */
export const SECURITY_HEADERS: ReadonlyArray<readonly [name: string, value: string]> = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Permissions-Policy', PERMISSIONS_POLICY],
];

/**
 * The headers for one response. The CSP rides on HTML only, as in the Electron protocol handler: a
 * document takes its policy from its own response, and worker scripts (pdf.js) run without a page.
 */
export function responseSecurityHeaders(contentType: string): Array<readonly [string, string]> {
  const headers = [...SECURITY_HEADERS];
  if (contentType.startsWith('text/html')) headers.push(['Content-Security-Policy', contentSecurityPolicy('header')]);
  return headers;
}
