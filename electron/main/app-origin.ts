// Which URLs count as the app itself, which may be handed to the system browser, and which dev
// server may stand in for the app. Pure string checks, shared by the window guards and the IPC gate.

export const APP_SCHEME = 'app';
export const APP_HOST = 'margin';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window opens: the app's root, which the protocol handler serves as index.html. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/`;

/**
 * The switch only `npm run dev` passes to Electron (`electron-vite dev -- --margin-dev`). Without it
 * the app trusts no dev server and opens no DevTools, so `npm start`, which runs the built app
 * unpackaged, behaves like the shipped one even though `ELECTRON_RENDERER_URL` may be set.
 */
export const DEVELOPMENT_SWITCH = '--margin-dev';

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

/**
 * True for an https link that may be opened in the reviewer's browser. Plain http is refused: on a
 * hospital network a clear-text link can be rewritten on the way, and every link Margin shows
 * (DOI, PubMed, registries) has an https form. Credentials in a URL are refused too.
 */
export function isExternalWebUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === 'https:' &&
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

export interface LaunchMode {
  /** Developing under `npm run dev`: DevTools and the developer menu items are available. */
  development: boolean;
  /** The dev server to load and trust; only ever set in development. */
  devServerUrl: string | undefined;
}

/**
 * How this run may behave. Development needs all three: an unpackaged app, the explicit switch and
 * a loopback dev server URL for the dev server to be trusted; DevTools need the first two.
 */
export function resolveLaunchMode(options: { isPackaged: boolean; argv: readonly string[]; rendererUrl: string | undefined }): LaunchMode {
  const development = !options.isPackaged && options.argv.includes(DEVELOPMENT_SWITCH);
  return { development, devServerUrl: development ? resolveDevServerUrl(options.rendererUrl, options.isPackaged) : undefined };
}
