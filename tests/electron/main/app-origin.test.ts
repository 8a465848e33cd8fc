// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  isAppUrl,
  isExternalWebUrl,
  isTrustedRendererUrl,
  resolveDevServerUrl,
  resolveLaunchMode,
} from '../../../electron/main/app-origin';

describe('isTrustedRendererUrl', () => {
  const dev = 'http://localhost:5173/';
  it.each([
    [APP_ENTRY_URL, undefined, true],
    ['app://margin/documents/x.txt', undefined, true],
    ['app://evil/index.html', undefined, false],
    ['app://margin.evil/index.html', undefined, false],
    ['https://margin/index.html', undefined, false],
    ['http://localhost:5173/index.html', undefined, false],
    ['http://localhost:5173/index.html', dev, true],
    ['http://localhost:5174/', dev, false],
    ['http://127.0.0.1:5173/', dev, false],
    ['devtools://devtools/bundled/index.html', dev, false],
    ['not a url', dev, false],
  ])('%s with dev server %s → %s', (url, devServerUrl, expected) => {
    expect(isTrustedRendererUrl(url, devServerUrl)).toBe(expected);
  });

  it('isAppUrl agrees for the app scheme only', () => {
    expect(isAppUrl('app://margin/')).toBe(true);
    expect(isAppUrl('app://other/')).toBe(false);
  });
});

describe('isExternalWebUrl', () => {
  it.each([
    ['https://doi.org/10.1002/art.42933', true],
    ['http://example.org/a?b=c', false],
    ['http://doi.org/10.1002/art.42933', false],
    ['https://example.org/a?b=c', true],
    ['HTTPS://EXAMPLE.ORG/', true],
    ['javascript:alert(1)', false],
    ['app://margin/index.html', false],
    ['smb://server/share', false],
    ['https://user:secret@example.org/', false],
    ['mailto:someone@example.org', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isExternalWebUrl(url)).toBe(expected);
  });
});

describe('resolveLaunchMode', () => {
  const url = 'http://localhost:5173';
  it.each([
    // npm run dev: unpackaged, the switch, a loopback dev server.
    [false, ['electron', '.', '--margin-dev'], url, { development: true, devServerUrl: 'http://localhost:5173/' }],
    // npm start (electron-vite preview): unpackaged, no switch. An inherited ELECTRON_RENDERER_URL is ignored.
    [false, ['electron', '.'], url, { development: false, devServerUrl: undefined }],
    // A packaged app ignores both the switch and the variable.
    [true, ['Margin', '--margin-dev'], url, { development: false, devServerUrl: undefined }],
    // The switch alone gives DevTools but no remote page.
    [false, ['electron', '.', '--margin-dev'], 'https://evil.example/', { development: true, devServerUrl: undefined }],
  ])('packaged %s, argv %j, renderer URL %s → %j', (isPackaged, argv, rendererUrl, expected) => {
    expect(resolveLaunchMode({ isPackaged, argv, rendererUrl })).toEqual(expected);
  });
});

describe('resolveDevServerUrl', () => {
  it.each([
    ['http://localhost:5173', false, 'http://localhost:5173/'],
    ['http://127.0.0.1:5173/', false, 'http://127.0.0.1:5173/'],
    ['http://localhost:5173', true, undefined],
    ['https://evil.example/', false, undefined],
    ['javascript:alert(1)', false, undefined],
    [undefined, false, undefined],
  ])('%s (packaged %s) → %s', (value, isPackaged, expected) => {
    expect(resolveDevServerUrl(value, isPackaged)).toBe(expected);
  });
});
