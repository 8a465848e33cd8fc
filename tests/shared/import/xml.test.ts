// @vitest-environment node
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { XmlElementLike } from '@shared/import/pubmed-xml';
import { ENTITY_EXPANSION_REASON, MALFORMED_XML_REASON, MAX_XML_DEPTH, XML_TOO_DEEP_REASON, parseXml } from '@shared/import/xml';

function root(xml: string): XmlElementLike {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.root;
}

describe('parseXml reads what exports hold', () => {
  test('elements, attributes, text, CDATA, comments and processing instructions', () => {
    const doc = root(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle//EN" "https://dtd.nlm.nih.gov/x.dtd">\n<!-- c --><Set a="1" b='two &amp; &#x33;'><Item>x &lt; y</Item><?pi ok?><Item><![CDATA[<raw> & ]]></Item><Empty/></Set>`,
    );
    expect(doc.name).toBe('Set');
    expect(doc.attribute('a')).toBe('1');
    expect(doc.attribute('b')).toBe('two & 3');
    expect(doc.attribute('c')).toBeNull();
    expect(doc.elements().map((e) => e.name)).toEqual(['Item', 'Item', 'Empty']);
    expect(doc.elements()[0]!.text()).toBe('x < y');
    expect(doc.elements()[1]!.text()).toBe('<raw> & ');
    expect(doc.text()).toBe('x < y<raw> & ');
  });

  test('mixed content keeps its order; prefixes are dropped from names, as localName does', () => {
    const doc = root('<m:Title xmlns:m="urn:x">1 × 10<sup>6</sup> cells&#8203;/kg</m:Title>');
    expect(doc.name).toBe('Title');
    expect(doc.nodes().map((n) => (typeof n === 'string' ? n : `<${n.name}>${n.text()}`))).toEqual(['1 × 10', '<sup>6', ' cells\u200b/kg']);
  });

  test.each([
    ['cut short', '<a><b>'],
    ['mismatched end tag', '<a><b></a></b>'],
    ['two roots', '<a/><b/>'],
    ['text before the root', 'x<a/>'],
    ['undeclared entity', '<a>&nbsp;</a>'],
    ['bare ampersand', '<a>R&D</a>'],
    ['invalid character reference', '<a>&#0;</a>'],
    ['unquoted attribute', '<a b=1/>'],
    ['duplicate attribute', '<a b="1" b="2"/>'],
    ['empty', ''],
  ])('%s is refused as damaged', (_, xml) => {
    expect(parseXml(xml)).toEqual({ ok: false, reason: MALFORMED_XML_REASON });
  });

  test('entities: internal ones expand, external ones stand for nothing, a blow-up is refused', () => {
    expect(root('<!DOCTYPE a [<!ENTITY who "CAR-T &amp; B">]><a>&who;</a>').text()).toBe('CAR-T & B');
    expect(root('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>1&x;2</a>').text()).toBe('12');
    const levels = ['<!ENTITY e0 "aaaaaaaaaa">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY e${i + 1} "${`&e${i};`.repeat(10)}">`)];
    const laughs = `<!DOCTYPE a [${levels.join('')}]><a>&e9;</a>`;
    expect(parseXml(laughs)).toEqual({ ok: false, reason: ENTITY_EXPANSION_REASON });
    const loop = '<!DOCTYPE a [<!ENTITY x "&y;"><!ENTITY y "&x;">]><a>&x;</a>';
    expect(parseXml(loop)).toEqual({ ok: false, reason: ENTITY_EXPANSION_REASON });
  });

  test('nesting is bounded without using the call stack', () => {
    const deep = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
    expect(root(deep(MAX_XML_DEPTH)).name).toBe('a');
    expect(parseXml(deep(MAX_XML_DEPTH + 1))).toEqual({ ok: false, reason: XML_TOO_DEEP_REASON });
    expect(parseXml(deep(200_000))).toEqual({ ok: false, reason: XML_TOO_DEEP_REASON });
  });
});

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Characters XML allows in content (no controls but tab and newline, no lone surrogates, no CR, which XML folds). */
const xmlText = fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => text.replace(/[^\t\n\u0020-\uD7FF\uE000-\uFFFD]/gu, ''));

describe('properties', () => {
  test('escaped text and attribute values read back exactly', () => {
    fc.assert(
      fc.property(xmlText, xmlText, (text, value) => {
        const doc = root(`<r v="${escapeXml(value).replace(/[\t\n]/g, ' ')}">${escapeXml(text)}</r>`);
        expect(doc.text()).toBe(text);
        expect(doc.attribute('v')).toBe(value.replace(/[\t\n]/g, ' '));
      }),
    );
  });

  test('any text: never throws, answers ok with a root or a reason in words', () => {
    const pieces = fc.constantFrom('<a>', '</a>', '<b x="1">', '</b>', '<c/>', 'text', '&amp;', '&e;', '&#65;', '<![CDATA[', ']]>', '<!--', '-->', '<!DOCTYPE a [<!ENTITY e "&e;&e;">]>', '<?x?>', '"', "'", '&');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(pieces, { maxLength: 60 }).map((p) => p.join(''))), (xml) => {
        const parsed = parseXml(xml);
        if (parsed.ok) expect(typeof parsed.root.name).toBe('string');
        else expect(parsed.reason.length).toBeGreaterThan(20);
      }),
      { numRuns: 500 },
    );
  });
});
