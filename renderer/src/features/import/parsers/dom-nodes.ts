// Wraps browser DOM nodes in the minimal interfaces the pure mappings in shared/import walk, so
// the same mapping code runs on the real DOM here and on hand-built trees in tests.
import type { MarkupNode } from '@shared/import/html-text';
import type { XmlElementLike } from '@shared/import/pubmed-xml';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** Elements and text only: comments and processing instructions carry nothing a reader sees. */
export function markupNodeOf(node: Node): MarkupNode {
  if (node.nodeType === ELEMENT_NODE) {
    const element = node as Element;
    return {
      tag: element.localName.toLowerCase(),
      text: '',
      attribute: (name) => element.getAttribute(name),
      children: function* () {
        for (let child = element.firstChild; child !== null; child = child.nextSibling) {
          if (child.nodeType === ELEMENT_NODE || child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE) {
            yield markupNodeOf(child);
          }
        }
      },
    };
  }
  return { tag: null, text: node.textContent ?? '', attribute: () => null, children: () => [] };
}

export function xmlElementOf(element: Element): XmlElementLike {
  return {
    name: element.localName,
    attribute: (name) => element.getAttribute(name),
    elements: () => Array.from(element.children, xmlElementOf),
    text: () => element.textContent ?? '',
    nodes: () => {
      const nodes: (XmlElementLike | string)[] = [];
      for (let child = element.firstChild; child !== null; child = child.nextSibling) {
        if (child.nodeType === ELEMENT_NODE) nodes.push(xmlElementOf(child as Element));
        else if (child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE) nodes.push(child.textContent ?? '');
      }
      return nodes;
    },
  };
}
