// Walks a DOM subtree and yields runs of text that read as one block, with a map from run offsets back to text nodes.
import { isInline, isSkippedElement, isVisible } from './skip';

export interface TextBlock {
  /** The element that owns the run (its nearest non-inline ancestor). */
  owner: Element;
  text: string;
  nodes: Text[];
  /** starts[i] = offset of nodes[i] in `text`. */
  starts: number[];
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

/** True for an inline tag that CSS lays out as a block, flex or grid item (its text is a word of its own). */
function cssBlock(el: Element): boolean {
  if (!isInline(el)) return false;
  const d = getComputedStyle(el).display;
  return d !== 'inline' && d !== 'contents' && d !== '';
}
const ELEMENT_NODE = 1;

/**
 * Yields the text blocks below `root` in document order, skipping excluded and invisible subtrees.
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
  let nodes: Text[] = [];
  let starts: number[] = [];
  function* flush(): Generator<TextBlock, void, undefined> {
    if (nodes.length > 0 && owner && /[\p{L}\p{N}]/u.test(text)) yield { owner, text, nodes, starts };
    text = '';
    nodes = [];
    starts = [];
  }

  // Iterative DFS: an explicit stack avoids recursion limits on deep pages. Siblings are followed one at a time (a frame
  // holds the next sibling and the parent it had), never copied: an element with 40,000 children would otherwise cost
  // one long first step. If the page moved that sibling meanwhile, the parent is handed to `onMoved` to be read again.
  type Frame = { node: Node; exitOwner: Element | null; parent: Node | null };
  const stack: Frame[] = [{ node: root, exitOwner: null, parent: null }];
  const visibleCache = new Map<Element, boolean>();
  let lastParent: Element | null = null;
  const visible = (el: Element) => {
    let v = visibleCache.get(el);
    if (v === undefined) {
      v = isVisible(el);
      visibleCache.set(el, v);
    }
    return v;
  };
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const node = frame.node;
    if (frame.exitOwner !== null) {
      // Leaving a block element: its run ends, the parent's run resumes.
      yield* flush();
      owner = frame.exitOwner;
      continue;
    }
    if (frame.parent !== null) {
      if (node.parentNode !== frame.parent) {
        onMoved?.(frame.parent);
        continue;
      }
      const next = node.nextSibling;
      if (next) stack.push({ node: next, exitOwner: null, parent: frame.parent });
    }
    if (node.nodeType === TEXT_NODE) {
      const t = node as Text;
      if (t.data.length === 0) continue;
      const parent = t.parentElement;
      if (parent && parent !== lastParent) {
        // Inline tags hidden, or laid out as blocks by CSS (display:block spans, flex/grid items), are checked only where
        // the run changes element, and computed styles are read only between two word characters.
        if (isInline(parent) && !visible(parent)) continue;
        if (nodes.length > 0 && WORD_END.test(text) && WORD_START.test(t.data) && (cssBlock(parent) || (lastParent !== null && cssBlock(lastParent)))) {
          yield* flush();
        }
      }
      lastParent = parent;
      starts.push(text.length);
      nodes.push(t);
      text += t.data;
      continue;
    }
    let el: Element | null = null;
    if (node.nodeType === ELEMENT_NODE) {
      el = node as Element;
      if (node !== root && (isSkippedElement(el) || skipExtra?.(el))) continue;
      if (el.tagName === 'BR') {
        yield* flush();
        continue;
      }
      const block = !isInline(el);
      if (block) {
        if (!visible(el)) continue;
        yield* flush();
        stack.push({ node: el, exitOwner: owner ?? el, parent: null });
        owner = el;
      }
    } else if (node.nodeType !== 9 && node.nodeType !== 11) {
      continue; // comments, processing instructions
    }
    if (node.firstChild) stack.push({ node: node.firstChild, exitOwner: null, parent: node });
    // An open shadow root is read before the light children (it is what renders).
    const sr = el ? (el as Element & { shadowRoot: ShadowRoot | null }).shadowRoot : null;
    if (sr) {
      onShadowRoot?.(sr);
      stack.push({ node: sr, exitOwner: null, parent: null });
    }
  }
  yield* flush();
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
