// Wraps DOM nodes (linkedom's, in the import Worker) in the minimal interface the pure mapping in
// shared/import walks, so the same mapping code runs on a parsed page here and on hand-built trees in tests.
import type { MarkupNode } from '@shared/import/html-text';

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
