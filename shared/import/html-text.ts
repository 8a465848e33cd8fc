// Reduces a web page's tree to plain text that keeps its structure (headings, paragraphs, list
// items on their own lines) without ever treating markup as markup. Pure: it walks a minimal node
// interface, so the browser's DOM and hand-built test trees go through the same code.
import { scriptText } from './scripts';

/** The few things the walker needs from a node; the renderer wraps DOM nodes in this. */
export interface MarkupNode {
  /** Lower-case tag name of an element; null for a text node. */
  readonly tag: string | null;
  /** The characters of a text node; empty for an element. */
  readonly text: string;
  attribute(name: string): string | null;
  children(): Iterable<MarkupNode>;
}

export type TextBlockKind = 'heading' | 'paragraph' | 'list-item' | 'quote' | 'pre';

export interface TextBlock {
  kind: TextBlockKind;
  text: string;
  /** For list items: "•" in a bulleted list, "3." in a numbered one. */
  marker?: string;
}

export interface HtmlToBlocksOptions {
  /** Extra elements to leave out with everything inside them (page chrome when there is no article). */
  skipTags?: readonly string[];
}

/** Never text for a reader: code, styling, embedded objects, form controls. */
const ALWAYS_SKIPPED = new Set([
  'head', 'title', 'script', 'style', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed',
  'applet', 'svg', 'math', 'canvas', 'audio', 'video', 'picture', 'img', 'map', 'button', 'select', 'option',
  'datalist', 'textarea', 'input', 'meta', 'link', 'base', 'dialog',
]);

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'main',
  'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul',
  ...HEADINGS,
]);
const CELLS = new Set(['td', 'th']);
const CELL_SEPARATOR = ' | ';

/** Any run of white space, including no-break spaces, counts as one space, as a browser shows it. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isHidden(node: MarkupNode): boolean {
  if (node.attribute('hidden') !== null || node.attribute('aria-hidden') === 'true') return true;
  const style = node.attribute('style');
  return style !== null && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

interface Context {
  kind: TextBlockKind;
  marker?: string;
}

interface ListState {
  ordered: boolean;
  next: number;
}

type Step = { node: MarkupNode; exit: false } | { node: MarkupNode; exit: true; context: boolean; list: boolean };

/**
 * Walks the tree without recursion (a hostile page may nest thousands of elements) and cuts a
 * block wherever a block element starts or ends. The innermost block decides the kind, so a
 * paragraph inside a list item is a list item and a list inside a quote is a list.
 */
export function htmlToBlocks(root: MarkupNode, options: HtmlToBlocksOptions = {}): TextBlock[] {
  const skipped = new Set([...ALWAYS_SKIPPED, ...(options.skipTags ?? [])]);
  const blocks: TextBlock[] = [];
  const contexts: Context[] = [];
  const lists: ListState[] = [];
  let pending = '';
  let preDepth = 0;
  /** A table cell started after text: the separator goes in only once the cell turns out to hold text. */
  let separatorDue = false;

  const flush = (): void => {
    const context = contexts.at(-1) ?? { kind: 'paragraph' };
    const text =
      context.kind === 'pre'
        ? pending.replace(/^\n+|\s+$/g, '')
        : pending
            .split('\n')
            .map(collapseWhitespace)
            .filter((line) => line.length > 0)
            .join('\n');
    pending = '';
    separatorDue = false;
    if (text.length === 0) return;
    blocks.push(context.marker === undefined ? { kind: context.kind, text } : { kind: context.kind, text, marker: context.marker });
  };

  const stack: Step[] = [{ node: root, exit: false }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const { node } = step;
    if (step.exit) {
      if (node.tag === 'pre') preDepth -= 1;
      flush();
      if (step.context) contexts.pop();
      if (step.list) lists.pop();
      continue;
    }
    if (node.tag === null) {
      if (separatorDue && /\S/.test(node.text)) {
        pending += CELL_SEPARATOR;
        separatorDue = false;
      }
      pending += preDepth > 0 ? node.text : node.text.replace(/\s+/g, ' ');
      continue;
    }
    const tag = node.tag;
    if (skipped.has(tag) || isHidden(node)) continue;
    if (tag === 'br') {
      pending += '\n';
      continue;
    }
    if (CELLS.has(tag) && /\S/.test(pending)) separatorDue = true;
    if (tag === 'sup' || tag === 'sub') {
      // Raised text is read whole and written with super/subscript characters ("10<sup>6</sup>" → "10⁶").
      const raised = scriptText(inlineText(node, skipped), tag === 'sup' ? 'super' : 'sub');
      if (raised.length > 0 && separatorDue) {
        pending += CELL_SEPARATOR;
        separatorDue = false;
      }
      pending += raised;
      continue;
    }
    if (!BLOCKS.has(tag)) {
      pushChildren(stack, node);
      continue;
    }
    flush();
    const context = contextFor(tag, lists);
    if (context !== null) contexts.push(context);
    const list = tag === 'ul' || tag === 'ol' || tag === 'menu';
    if (list) lists.push({ ordered: tag === 'ol', next: startOf(node) });
    if (tag === 'pre') preDepth += 1;
    stack.push({ node, exit: true, context: context !== null, list });
    pushChildren(stack, node);
  }
  flush();
  return blocks;
}

/** The visible characters inside an inline element, without recursion. */
function inlineText(node: MarkupNode, skipped: ReadonlySet<string>): string {
  let text = '';
  const stack: MarkupNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.tag === null) {
      text += current.text;
      continue;
    }
    if (skipped.has(current.tag) || isHidden(current)) continue;
    const children = Array.from(current.children());
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
  }
  return text;
}

function pushChildren(stack: Step[], node: MarkupNode): void {
  const children = Array.from(node.children());
  for (let i = children.length - 1; i >= 0; i -= 1) stack.push({ node: children[i]!, exit: false });
}

function startOf(list: MarkupNode): number {
  const start = Number.parseInt(list.attribute('start') ?? '', 10);
  return Number.isFinite(start) ? start : 1;
}

function contextFor(tag: string, lists: ListState[]): Context | null {
  if (HEADINGS.has(tag)) return { kind: 'heading' };
  if (tag === 'pre') return { kind: 'pre' };
  if (tag === 'blockquote') return { kind: 'quote' };
  if (tag === 'li') {
    const list = lists.at(-1);
    if (list?.ordered) {
      const marker = `${list.next}.`;
      list.next += 1;
      return { kind: 'list-item', marker };
    }
    return { kind: 'list-item', marker: '•' };
  }
  return null;
}

/**
 * Blocks to the stored text: a blank line between blocks, list items of one list on consecutive
 * lines with their marker, so paragraph boundaries survive as "\n\n" for the reader and anchoring.
 */
export function blocksToText(blocks: readonly TextBlock[]): string {
  let text = '';
  let previous: TextBlock | null = null;
  for (const block of blocks) {
    const body = block.kind === 'pre' ? block.text : block.text.trim();
    if (body.length === 0) continue;
    const line = block.kind === 'list-item' ? `${block.marker ?? '•'} ${body}` : body;
    if (previous !== null) text += previous.kind === 'list-item' && block.kind === 'list-item' ? '\n' : '\n\n';
    text += line;
    previous = block;
  }
  return text;
}
