// Which URLs count as the app itself, which may be handed to the system browser, and which dev
// server may stand in for the app. Pure string checks, shared by the window guards and the IPC gate.

export const APP_SCHEME = 'app';
export const APP_HOST = 'margin';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for `app://margin/…`. Compared by scheme and host: Node's URL gives custom schemes an opaque origin. */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/** True when a page at `url` is our renderer: the app scheme, or the dev server's origin while developing. */
export function isTrustedRendererUrl(url: string, devServerUrl: string | undefined): boolean {
  if (isAppUrl(url)) return true;
  if (devServerUrl === undefined) return false;
  const parsed = parse(url);
  const dev = parse(devServerUrl);
  return parsed !== null && dev !== null && parsed.origin === dev.origin;
}

/** True for a plain http(s) link that may be opened in the reviewer's browser; credentials in a URL are refused. */
export function isExternalWebUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
    parsed.hostname.length > 0 &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The electron-vite dev server URL, honoured only in an unpackaged app and only on this machine, so an
 * environment variable can never point a shipped Margin at a remote page.
 */
export function resolveDevServerUrl(value: string | undefined, isPackaged: boolean): string | undefined {
  if (isPackaged || value === undefined) return undefined;
  const parsed = parse(value);
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return undefined;
  return LOOPBACK_HOSTS.has(parsed.hostname) ? parsed.href : undefined;
}
