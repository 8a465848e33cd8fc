// The renderer's Trusted Types policies, driven through a stand-in for the browser's factory (jsdom
// has none): what the default policy lets into HTML, script and script-URL sinks, and what not.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrustedTypePolicyFactory } from '../../../renderer/src/platform/trusted-types';
import type * as TrustedTypes from '../../../renderer/src/platform/trusted-types';

type Callbacks = Record<string, ((input: string, type?: string, sink?: string) => string | null) | undefined>;

let created: Map<string, Callbacks>;
let module: typeof TrustedTypes;

const factory: TrustedTypePolicyFactory = {
  createPolicy(name, options) {
    created.set(name, options as Callbacks);
    return { createHTML: (input: string) => ({ trusted: options.createHTML?.(input) }) };
  },
};

beforeEach(async () => {
  created = new Map();
  vi.resetModules();
  module = await import('../../../renderer/src/platform/trusted-types');
  module.installTrustedTypes(factory, () => 'app://margin/');
});

function defaultPolicy(): Callbacks {
  const policy = created.get('default');
  if (policy === undefined) throw new Error('no default policy');
  return policy;
}

describe('the default Trusted Types policy', () => {
  it('refuses HTML strings at live sinks and lets markup into DOMParser, whose documents are inert', () => {
    const { createHTML } = defaultPolicy();
    expect(createHTML?.('<img src=x onerror=alert(1)>', 'TrustedHTML', 'Element innerHTML')).toBeNull();
    expect(createHTML?.('<p>x</p>', 'TrustedHTML', 'Element insertAdjacentHTML')).toBeNull();
    expect(createHTML?.('<p>x</p>', 'TrustedHTML', 'HTMLIFrameElement srcdoc')).toBeNull();
    expect(createHTML?.('<p>x</p>', 'TrustedHTML', 'DOMParser parseFromString')).toBe('<p>x</p>');
  });

  it('lets HTML into other sinks only inside withInertDocuments, and not after it, even when the work throws', () => {
    const { createHTML } = defaultPolicy();
    expect(module.withInertDocuments(() => createHTML?.('<p>x</p>', 'TrustedHTML', 'Element innerHTML'))).toBe('<p>x</p>');
    expect(createHTML?.('<p>x</p>', 'TrustedHTML', 'Element innerHTML')).toBeNull();
    expect(() =>
      module.withInertDocuments(() => {
        throw new Error('parse failed');
      }),
    ).toThrow('parse failed');
    expect(createHTML?.('<p>x</p>', 'TrustedHTML', 'Element innerHTML')).toBeNull();
  });

  it('never turns a string into script', () => {
    expect(defaultPolicy().createScript?.('alert(1)', 'TrustedScript', 'Function')).toBeNull();
  });

  it('lets a Worker load only the app’s own files: not another origin, not blob: or data:', () => {
    const { createScriptURL } = defaultPolicy();
    expect(createScriptURL?.('./assets/pdf.worker.min-abc.mjs', 'TrustedScriptURL', 'Worker constructor')).toBe('./assets/pdf.worker.min-abc.mjs');
    expect(createScriptURL?.('app://margin/assets/w.js', 'TrustedScriptURL', 'Worker constructor')).toBe('app://margin/assets/w.js');
    for (const url of ['https://cdn.example/pdf.worker.mjs', 'app://other/w.js', 'blob:app://margin/0b1c', 'data:text/javascript,alert(1)', '//cdn.example/w.js']) {
      expect(createScriptURL?.(url, 'TrustedScriptURL', 'Worker constructor'), url).toBeNull();
    }
  });
});

describe('the report policy and installation', () => {
  it('passes the escaped report through for the print frame', () => {
    expect(module.trustedReportHtml('<p>report</p>')).toEqual({ trusted: '<p>report</p>' });
  });

  it('creates exactly the policies the page policy names, once', () => {
    module.installTrustedTypes(factory, () => 'app://margin/');
    expect([...created.keys()]).toEqual(['default', 'margin-report']);
  });

  it('leaves strings as they are where the browser has no Trusted Types', async () => {
    vi.resetModules();
    const bare = await import('../../../renderer/src/platform/trusted-types');
    bare.installTrustedTypes(undefined);
    expect(bare.trustedReportHtml('<p>x</p>')).toBe('<p>x</p>');
  });
});
