// A small, bounded XML parser for imports, so PubMed XML can be read in a Worker (which has no
// DOMParser) and a hostile file cannot freeze or exhaust anything: nesting depth and entity
// expansion have hard limits, external entities are never fetched, and broken XML is refused.
// It reads what exports use (elements, attributes, text, CDATA, comments, processing instructions,
// a DOCTYPE with an internal subset); it does not validate against a DTD.
import type { XmlElementLike } from './pubmed-xml';

/** PubMed nests about a dozen deep; far past this is a hostile or broken file. */
export const MAX_XML_DEPTH = 500;
/** Characters that declared entities may add in all. Exports declare none; a "billion laughs" file wants billions. */
export const MAX_ENTITY_EXPANSION = 8192;

export const MALFORMED_XML_REASON =
  'This XML file is damaged (it is not well-formed XML), so it cannot be read; download it from PubMed again.';
export const XML_TOO_DEEP_REASON = `This XML file nests its elements more than ${MAX_XML_DEPTH} deep, which no export does; Margin does not read it.`;
export const ENTITY_EXPANSION_REASON =
  'This XML file declares entities that expand far beyond any export (an "entity expansion" file), so Margin does not read it.';

export type XmlParse = { ok: true; root: XmlElementLike } | { ok: false; reason: string };

interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: (XmlElement | string)[];
}

class XmlRefusal extends Error {}

const PREDEFINED = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.\-:\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\r\n]*/y;
const ATTRIBUTE_VALUE = /"([^"<]*)"|'([^'<]*)'/y;

/** A name with its namespace prefix dropped, as DOM's localName gives it. */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}

function isAllowedCodePoint(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

class Parser {
  private pos = 0;
  private expanded = 0;
  private readonly entities = new Map<string, string | null>();

  constructor(private readonly text: string) {}

  parse(): XmlElement {
    this.prolog();
    if (this.text[this.pos] !== '<') throw new XmlRefusal(MALFORMED_XML_REASON);
    const root = this.elements();
    this.misc();
    if (this.pos < this.text.length) throw new XmlRefusal(MALFORMED_XML_REASON);
    return root;
  }

  private fail(): never {
    throw new XmlRefusal(MALFORMED_XML_REASON);
  }

  private skipSpace(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.text);
    this.pos = SPACE.lastIndex;
  }

  private startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }

  private skipPast(token: string): void {
    const end = this.text.indexOf(token, this.pos);
    if (end < 0) this.fail();
    this.pos = end + token.length;
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const match = NAME.exec(this.text);
    if (match === null) this.fail();
    this.pos = NAME.lastIndex;
    return match[0];
  }

  /** Comments, processing instructions and white space, which may stand around the root. */
  private misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.startsWith('<!--')) this.skipPast('-->');
      else if (this.startsWith('<?')) this.skipPast('?>');
      else return;
    }
  }

  private prolog(): void {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.misc();
    if (this.startsWith('<!DOCTYPE')) {
      this.doctype();
      this.misc();
    }
  }

  /** The DOCTYPE: its internal subset's general entities are noted; everything else is skipped, nothing fetched. */
  private doctype(): void {
    this.pos += '<!DOCTYPE'.length;
    for (;;) {
      if (this.pos >= this.text.length) this.fail();
      const char = this.text[this.pos];
      if (char === '>') {
        this.pos += 1;
        return;
      }
      if (char === '"' || char === "'") {
        const end = this.text.indexOf(char, this.pos + 1);
        if (end < 0) this.fail();
        this.pos = end + 1;
      } else if (char === '[') {
        this.pos += 1;
        this.internalSubset();
      } else this.pos += 1;
    }
  }

  private internalSubset(): void {
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.text.length) this.fail();
      if (this.text[this.pos] === ']') {
        this.pos += 1;
        return;
      }
      if (this.startsWith('<!--')) this.skipPast('-->');
      else if (this.startsWith('<?')) this.skipPast('?>');
      else if (this.startsWith('<!ENTITY')) this.entityDeclaration();
      else if (this.startsWith('<!')) this.declaration();
      else if (this.text[this.pos] === '%') this.skipPast(';');
      else this.fail();
    }
  }

  /** Any other markup declaration, quoted strings respected. */
  private declaration(): void {
    while (this.pos < this.text.length) {
      const char = this.text[this.pos];
      if (char === '>') {
        this.pos += 1;
        return;
      }
      if (char === '"' || char === "'") {
        const end = this.text.indexOf(char, this.pos + 1);
        if (end < 0) this.fail();
        this.pos = end + 1;
      } else this.pos += 1;
    }
    this.fail();
  }

  private entityDeclaration(): void {
    this.pos += '<!ENTITY'.length;
    this.skipSpace();
    const parameter = this.text[this.pos] === '%';
    if (parameter) {
      this.pos += 1;
      this.skipSpace();
    }
    const name = this.name();
    this.skipSpace();
    const quote = this.text[this.pos];
    let value: string | null = null;
    if (quote === '"' || quote === "'") {
      const end = this.text.indexOf(quote, this.pos + 1);
      if (end < 0) this.fail();
      value = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
    }
    // SYSTEM or PUBLIC: an external entity, which Margin never reads; it stands for nothing.
    this.declaration();
    // The first declaration of a name binds, as XML says; parameter entities only matter to a DTD.
    if (!parameter && !this.entities.has(name)) this.entities.set(name, value);
  }

  /** Reads the root and everything inside it with an explicit stack, so depth costs no call stack. */
  private elements(): XmlElement {
    const open: XmlElement[] = [];
    let root: XmlElement | null = null;
    for (;;) {
      if (this.pos >= this.text.length) this.fail();
      const current = open.at(-1);
      if (this.text[this.pos] !== '<') {
        if (current === undefined) this.fail();
        this.textRun(current);
        continue;
      }
      if (this.startsWith('<!--')) {
        this.skipPast('-->');
      } else if (this.startsWith('<![CDATA[')) {
        if (current === undefined) this.fail();
        const end = this.text.indexOf(']]>', this.pos);
        if (end < 0) this.fail();
        current.children.push(this.text.slice(this.pos + 9, end));
        this.pos = end + 3;
      } else if (this.startsWith('<?')) {
        this.skipPast('?>');
      } else if (this.startsWith('</')) {
        this.pos += 2;
        const name = this.name();
        this.skipSpace();
        if (this.text[this.pos] !== '>' || current === undefined || current.name !== name) this.fail();
        this.pos += 1;
        open.pop();
        if (open.length === 0) return root!;
      } else {
        const element = this.startTag(open.length);
        if (current === undefined) {
          if (root !== null) this.fail();
          root = element.element;
        } else current.children.push(element.element);
        if (element.empty) {
          if (current === undefined) return root!;
        } else open.push(element.element);
      }
    }
  }

  private startTag(depth: number): { element: XmlElement; empty: boolean } {
    if (depth >= MAX_XML_DEPTH) throw new XmlRefusal(XML_TOO_DEEP_REASON);
    this.pos += 1;
    const element: XmlElement = { name: this.name(), attributes: new Map(), children: [] };
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      const char = this.text[this.pos];
      if (char === '>') {
        this.pos += 1;
        return { element, empty: false };
      }
      if (char === '/' && this.text[this.pos + 1] === '>') {
        this.pos += 2;
        return { element, empty: true };
      }
      if (this.pos === before) this.fail();
      const name = this.name();
      this.skipSpace();
      if (this.text[this.pos] !== '=') this.fail();
      this.pos += 1;
      this.skipSpace();
      ATTRIBUTE_VALUE.lastIndex = this.pos;
      const match = ATTRIBUTE_VALUE.exec(this.text);
      if (match === null || element.attributes.has(name)) this.fail();
      this.pos = ATTRIBUTE_VALUE.lastIndex;
      element.attributes.set(name, this.references(match[1] ?? match[2] ?? '').replace(/[\t\r\n]/g, ' '));
    }
  }

  private textRun(into: XmlElement): void {
    const end = this.text.indexOf('<', this.pos);
    const stop = end < 0 ? this.text.length : end;
    const raw = this.text.slice(this.pos, stop);
    this.pos = stop;
    if (raw.includes(']]>')) this.fail();
    into.children.push(this.references(raw.replace(/\r\n?/g, '\n')));
  }

  /** Replaces character and entity references; declared entities within the expansion budget. */
  private references(raw: string, level = 0): string {
    if (!raw.includes('&')) return raw;
    let out = '';
    let at = 0;
    for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', at)) {
      out += raw.slice(at, amp);
      const semi = raw.indexOf(';', amp);
      if (semi < 0 || semi - amp > 64) this.fail();
      const ref = raw.slice(amp + 1, semi);
      at = semi + 1;
      if (ref.startsWith('#')) {
        const code = /^#x[0-9a-fA-F]{1,6}$/.test(ref) ? Number.parseInt(ref.slice(2), 16) : /^#\d{1,7}$/.test(ref) ? Number(ref.slice(1)) : -1;
        if (!isAllowedCodePoint(code)) this.fail();
        out += String.fromCodePoint(code);
        continue;
      }
      const predefined = PREDEFINED.get(ref);
      if (predefined !== undefined) {
        out += predefined;
        continue;
      }
      if (!this.entities.has(ref)) this.fail();
      const value = this.entities.get(ref) ?? '';
      // A declared entity may refer to others; the depth check stops a loop, the budget a blow-up.
      if (level > 8) throw new XmlRefusal(ENTITY_EXPANSION_REASON);
      const replacement = this.references(value, level + 1);
      this.expanded += replacement.length;
      if (this.expanded > MAX_ENTITY_EXPANSION) throw new XmlRefusal(ENTITY_EXPANSION_REASON);
      out += replacement;
    }
    return out + raw.slice(at);
  }
}

function textOf(element: XmlElement): string {
  let text = '';
  const stack: (XmlElement | string)[] = [element];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node === 'string') {
      text += node;
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]!);
  }
  return text;
}

function elementLike(element: XmlElement): XmlElementLike {
  return {
    name: localName(element.name),
    attribute: (name) => element.attributes.get(name) ?? null,
    elements: () => element.children.filter((child): child is XmlElement => typeof child !== 'string').map(elementLike),
    text: () => textOf(element),
    nodes: () => element.children.map((child) => (typeof child === 'string' ? child : elementLike(child))),
  };
}

/** The document's root element, or the reason the text is not XML Margin will read. Never throws. */
export function parseXml(text: string): XmlParse {
  try {
    return { ok: true, root: elementLike(new Parser(text).parse()) };
  } catch (error) {
    if (error instanceof XmlRefusal) return { ok: false, reason: error.message };
    return { ok: false, reason: MALFORMED_XML_REASON };
  }
}
