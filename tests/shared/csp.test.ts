// @vitest-environment node
// The app's one policy: what it allows and refuses, its header and meta forms, and the hash that
// lets the HTML report's stylesheet (and nothing else inline) through in the print frame.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HEADER_ONLY_DIRECTIVES,
  SECURITY_HEADERS,
  contentSecurityPolicy,
  hashSource,
  hexToBase64,
  parsePolicy,
  responseSecurityHeaders,
} from '@shared/csp';

const nodeHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('hashSource', () => {
  it('gives the CSP hash Node computes, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(hashSource(text)).toBe(nodeHash(text));
      }),
    );
  });

  it('encodes base64 with padding', () => {
    expect(hexToBase64('')).toBe('');
    expect(hexToBase64('66')).toBe('Zg==');
    expect(hexToBase64('666f')).toBe('Zm8=');
    expect(hexToBase64('666f6f')).toBe('Zm9v');
  });

  it('allows exactly the stylesheet of the HTML report the golden file holds', () => {
    const report = readFileSync(resolve(import.meta.dirname, '../fixtures/export/report.html'), 'utf8');
    const stylesheet = /<style>([\s\S]*?)<\/style>/.exec(report)?.[1];
    expect(stylesheet).toBeDefined();
    expect(parsePolicy(contentSecurityPolicy('header')).get('style-src')).toBe(`'self' ${nodeHash(stylesheet!)}`);
  });
});

describe('contentSecurityPolicy', () => {
  const header = parsePolicy(contentSecurityPolicy('header'));

  it('runs only our own scripts and styles, no inline code, no eval, no plugins, no framing', () => {
    expect(header.get('default-src')).toBe("'self'");
    expect(header.get('script-src')).toBe("'self'");
    expect(header.get('worker-src')).toBe("'self'");
    expect(header.get('object-src')).toBe("'none'");
    expect(header.get('base-uri')).toBe("'none'");
    expect(header.get('form-action')).toBe("'none'");
    expect(header.get('frame-ancestors')).toBe("'none'");
    expect(contentSecurityPolicy('header')).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
  });

  it('requires Trusted Types for script sinks and names the policies the app creates', () => {
    expect(header.get('require-trusted-types-for')).toBe("'script'");
    expect(header.get('trusted-types')?.split(' ')).toEqual(['default', 'margin-report']);
  });

  it('leaves out of the meta form only what browsers ignore in a meta tag', () => {
    const meta = parsePolicy(contentSecurityPolicy('meta'));
    for (const name of HEADER_ONLY_DIRECTIVES) {
      expect(meta.has(name)).toBe(false);
      header.delete(name);
    }
    expect(meta).toEqual(header);
  });

  it('relaxes only the development policy, for Vite’s inline preamble, styles and WebSocket', () => {
    const development = parsePolicy(contentSecurityPolicy('meta', { development: true }));
    expect(development.get('script-src')).toBe("'self' 'unsafe-inline'");
    expect(development.get('connect-src')).toContain('ws://localhost:*');
    expect(development.has('require-trusted-types-for')).toBe(false);
    expect(contentSecurityPolicy('meta')).not.toContain('ws:');
  });
});

describe('responseSecurityHeaders', () => {
  it('sends the security headers on every response and the policy on pages only', () => {
    const names = (contentType: string) => responseSecurityHeaders(contentType).map(([name]) => name);
    expect(Object.fromEntries(SECURITY_HEADERS)).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    expect(Object.fromEntries(SECURITY_HEADERS)['Permissions-Policy']).toMatch(/^(?:[a-z-]+=\(\)(?:, |$))+$/);
    expect(names('text/html; charset=utf-8')).toContain('Content-Security-Policy');
    expect(names('text/javascript; charset=utf-8')).not.toContain('Content-Security-Policy');
    expect(names('text/javascript; charset=utf-8')).toEqual(SECURITY_HEADERS.map(([name]) => name));
  });
});
