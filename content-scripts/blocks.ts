// Walks a DOM subtree and yields runs of text that read as one block, with a map from run offsets back to text nodes.
import { isInline, isSkippedElement, isVisible } from './skip';

export interface TextBlock {
  /** The element that owns the run (its nearest non-inline ancestor). */
  owner: Element;
  text: string;
  nodes: Text[];
  /** starts[i] = offset of nodes[i] in `text`. */
  starts: number[];
  /**
   * False when the walk did not check the owner's visibility (see walkBlocks): call `blockShown` before using the block.
   * Hidden ancestors are covered either way, since `checkVisibility` looks at them too.
   */
  ownerChecked: boolean;
}

/** True when the block's owner renders (always true when the walk already checked it). */
export function blockShown(block: TextBlock): boolean {
  return block.ownerChecked || isVisible(block.owner);
}

/** The block a node's text belongs to: its nearest non-inline ancestor (or itself). */
export function blockOwner(node: Node): Element | null {
  let el = node.nodeType === 1 ? (node as Element) : node.parentElement;
  while (el && isInline(el) && el.parentElement) el = el.parentElement;
  return el;
}

const TEXT_NODE = 3;
const WORD_END = /[\p{L}\p{N}]$/u;
const WORD_START = /^[\p{L}\p{N}]/u;
const HAS_WORD = /[\p{L}\p{N}]/u;

/** True for an inline tag that CSS lays out as a block, flex or grid item (its text is a word of its own). */
function cssBlock(el: Element): boolean {
  if (!isInline(el)) return false;
  const d = getComputedStyle(el).display;
  return d !== 'inline' && d !== 'contents' && d !== '';
}
const ELEMENT_NODE = 1;

/**
 * Yields the text blocks below `root` in document order, skipping excluded and invisible subtrees (a block whose
 * `ownerChecked` is false may still be hidden: see `blockShown`).
 * A generator so callers can stop after a time budget and resume later without re-walking.
 * Open shadow roots are entered like children.
 */
export function* walkBlocks(
  root: Node,
  skipExtra?: (el: Element) => boolean,
  onShadowRoot?: (sr: ShadowRoot) => void,
  onMoved?: (parent: Node) => void,
): Generator<TextBlock, void, undefined> {
  let owner: Element | null = root.nodeType === ELEMENT_NODE ? (root as Element) : root.parentElement;
  let text = '';
  /** The last text node's data: word-character tests look at it, not at `text` (a rope a regex would flatten each time). */
  let lastData = '';
  let nodes: Text[] = [];
  let starts: number[] = [];
  const visibleCache = new Map<Element, boolean>();
  // A plain function, not a sub-generator: it runs at every block boundary, and a generator object each time was
  // measurable garbage on big pages.
  function take(): TextBlock | null {
    const out = nodes.length > 0 && owner && HAS_WORD.test(text) ? { owner, text, nodes, starts, ownerChecked: visibleCache.get(owner) === true } : null;
    if (nodes.length > 0) {
      text = '';
      lastData = '';
      nodes = [];
      starts = [];
    }
    return out;
  }

  // Iterative DFS: an explicit stack avoids recursion limits on deep pages. Siblings are followed one at a time (an entry
  // holds the next sibling and the parent it had), never copied: an element with 40,000 children would otherwise cost
  // one long first step. If the page moved that sibling meanwhile, the parent is handed to `onMoved` to be read again.
  // The stack is three parallel arrays, not an object per entry: a 1 MB page pushes some 30,000 entries.
  const stackNode: Node[] = [root];
  /** Non-null for the entry that marks leaving a block element: the owner to restore. */
  const stackExit: Array<Element | null> = [null];
  /** The parent a sibling entry had when it was pushed (null for the root, shadow roots and exit entries). */
  const stackParent: Array<Node | null> = [null];
  let lastParent: Element | null = null;
  const visible = (el: Element) => {
    let v = visibleCache.get(el);
    if (v === undefined) {
      v = isVisible(el);
      visibleCache.set(el, v);
    }
    return v;
  };
  while (stackNode.length > 0) {
    const node = stackNode.pop()!;
    const exitOwner = stackExit.pop()!;
    const parentWas = stackParent.pop()!;
    if (exitOwner !== null) {
      // Leaving a block element: its run ends, the parent's run resumes.
      const b = take();
      if (b) yield b;
      owner = exitOwner;
      continue;
    }
    if (parentWas !== null) {
      if (node.parentNode !== parentWas) {
        onMoved?.(parentWas);
        continue;
      }
      const next = node.nextSibling;
      if (next) {
        stackNode.push(next);
        stackExit.push(null);
        stackParent.push(parentWas);
      }
    }
    const type = node.nodeType;
    if (type === TEXT_NODE) {
      const t = node as Text;
      const data = t.data;
      if (data.length === 0) continue;
      const parent = t.parentElement;
      if (parent && parent !== lastParent) {
        // Inline tags hidden, or laid out as blocks by CSS (display:block spans, flex/grid items), are checked only where
        // the run changes element, and computed styles are read only between two word characters.
        if (isInline(parent) && !visible(parent)) continue;
        if (nodes.length > 0 && WORD_END.test(lastData) && WORD_START.test(data) && (cssBlock(parent) || (lastParent !== null && cssBlock(lastParent)))) {
          const b = take();
          if (b) yield b;
        }
      }
      lastParent = parent;
      starts.push(text.length);
      nodes.push(t);
      text += data;
      lastData = data;
      continue;
    }
    let el: Element | null = null;
    if (type === ELEMENT_NODE) {
      el = node as Element;
      const tag = el.tagName;
      if (node !== root && (isSkippedElement(el, tag) || skipExtra?.(el))) continue;
      if (tag === 'BR') {
        const b = take();
        if (b) yield b;
        continue;
      }
      if (!isInline(el, tag)) {
        // Only blocks with attributes are checked here, so a hidden menu or dialog (hidden by its class or style) is never
        // walked. A bare <p> or <li> is checked later, and only if its text has a mention (blockShown): on article text
        // that saves a style lookup per paragraph.
        if (el.hasAttributes() && !visible(el)) continue;
        const b = take();
        if (b) yield b;
        stackNode.push(el);
        stackExit.push(owner ?? el);
        stackParent.push(null);
        owner = el;
      }
    } else if (type !== 9 && type !== 11) {
      continue; // comments, processing instructions
    }
    const first = node.firstChild;
    if (first) {
      stackNode.push(first);
      stackExit.push(null);
      stackParent.push(node);
    }
    // An open shadow root is read before the light children (it is what renders).
    const sr = el ? (el as Element & { shadowRoot: ShadowRoot | null }).shadowRoot : null;
    if (sr) {
      onShadowRoot?.(sr);
      stackNode.push(sr);
      stackExit.push(null);
      stackParent.push(null);
    }
  }
  const b = take();
  if (b) yield b;
}

/** Maps an offset in a block's text to a (node, offset) position; `preferEnd` puts boundary offsets at the end of the earlier node. */
export function locate(block: TextBlock, offset: number, preferEnd: boolean): { node: Text; offset: number } {
  const { starts, nodes } = block;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! < offset || (!preferEnd && starts[mid]! === offset)) lo = mid;
    else hi = mid - 1;
  }
  return { node: nodes[lo]!, offset: offset - starts[lo]! };
}
