// Imports PubMed XML (efetch's PubmedArticleSet). The XML is read by the bounded parser in
// shared/import/xml.ts, not DOMParser: imports run in a Worker, which has no DOMParser, and that
// parser caps nesting and entity expansion, fetches nothing and refuses broken XML instead of guessing.
// The mapping from elements to citations is pure and lives in shared/import/pubmed-xml.ts.
import { pubmedXmlToImport } from '@shared/import/pubmed-xml';
import { decodeText } from '@shared/import/text';
import type { ImportResult } from '@shared/import/types';
import { parseXml } from '@shared/import/xml';

export { MALFORMED_XML_REASON } from '@shared/import/xml';

export function parsePubmedXml(name: string, bytes: Uint8Array): ImportResult {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return decoded;
  const parsed = parseXml(decoded.text);
  if (!parsed.ok) return parsed;
  return pubmedXmlToImport(name, parsed.root);
}
