// The renderer's Trusted Types policies. The page's policy (shared/csp.ts) requires one for every
// string that reaches an HTML, script or script-URL sink, so markup from a document can never become
// live page content by a stray innerHTML: only the narrow cases below are let through.

/** The slice of the Trusted Types API used here (TypeScript's DOM library does not declare it yet). */
interface TrustedTypePolicyOptions {
  createHTML?: (input: string, trustedTypeName?: string, sink?: string) => string | null;
  createScript?: (input: string, trustedTypeName?: string, sink?: string) => string | null;
  createScriptURL?: (input: string, trustedTypeName?: string, sink?: string) => string | null;
}
interface TrustedTypePolicy {
  createHTML(input: string): unknown;
}
export interface TrustedTypePolicyFactory {
  createPolicy(name: string, options: TrustedTypePolicyOptions): TrustedTypePolicy;
}

/** The sink Chromium names for `DOMParser.parseFromString`: its documents run no script and load nothing. */
export const INERT_PARSE_SINK = 'DOMParser parseFromString';

// Depth of withInertDocuments calls in progress. Work inside is synchronous, so no other code can
// run while it is above zero; `finally` always brings it back.
let inertDepth = 0;
let reportPolicy: TrustedTypePolicy | null = null;

/**
 * Runs synchronous work on inert documents (from DOMParser), during which library code may set
 * innerHTML on those documents' elements (Readability restores its page that way between passes).
 * Outside it, the default policy refuses any HTML string but a DOMParser input.
 */
export function withInertDocuments<T>(work: () => T): T {
  inertDepth++;
  try {
    return work();
  } finally {
    inertDepth--;
  }
}

/** Whether the default policy lets an HTML string into `sink`. */
export function allowsHtml(sink: string | undefined): boolean {
  return sink === INERT_PARSE_SINK || inertDepth > 0;
}

/**
 * Whether a script URL (a Worker's, in practice pdf.js's) is one of the app's own files: same
 * scheme and host as the page. blob: and data: URLs are refused, so no script can be built from a string.
 */
export function isOwnScriptUrl(url: string, pageUrl: string): boolean {
  let parsed: URL;
  let page: URL;
  try {
    page = new URL(pageUrl);
    parsed = new URL(url, page);
  } catch {
    return false;
  }
  // Compared by scheme and host: a custom scheme such as app:// may have an opaque origin.
  return parsed.protocol === page.protocol && parsed.host === page.host && parsed.protocol !== 'blob:' && parsed.protocol !== 'data:';
}

function factory(): TrustedTypePolicyFactory | undefined {
  return (globalThis as { trustedTypes?: TrustedTypePolicyFactory }).trustedTypes;
}

/**
 * Creates the policies once, before the app renders. Where the browser has no Trusted Types (tests
 * in jsdom) there is nothing to enforce and strings pass as they are.
 */
export function installTrustedTypes(types: TrustedTypePolicyFactory | undefined = factory(), pageUrl = (): string => document.baseURI): void {
  if (types === undefined || reportPolicy !== null) return;
  types.createPolicy('default', {
    createHTML: (input, _type, sink) => (allowsHtml(sink) ? input : null),
    createScript: () => null,
    createScriptURL: (input) => (isOwnScriptUrl(input, pageUrl()) ? input : null),
  });
  // The HTML report escapes every piece of document and reviewer text and is shown only in a
  // sandboxed print frame without scripts, so its markup may be written as it is.
  reportPolicy = types.createPolicy('margin-report', { createHTML: (input) => input });
}

/** The report's markup for the print frame's srcdoc, as a TrustedHTML where the browser wants one. */
export function trustedReportHtml(html: string): string {
  // A TrustedHTML stringifies to its markup; typed as string because the DOM typings know no TrustedHTML.
  return reportPolicy === null ? html : (reportPolicy.createHTML(html) as string);
}
