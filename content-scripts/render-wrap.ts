// Wrap renderer (fallback and a setting): wraps each mention's text, per text node, in our own <backstorymark> element using mark.js; unwraps without normalize().
import Mark from 'mark.js';
import type { PageMention, Renderer } from './mentions';

// No hyphen, so not a valid custom element name: no page can define it and run its code on our marks.
export const MARK_TAG = 'backstorymark';

export interface WrapSegment {
  node: Text;
  start: number;
  end: number;
}

export interface WrapRenderer extends Renderer {
  addSegments(m: PageMention, segs: WrapSegment[]): void;
  /**
   * Undoes our split of a text node the page has just rewritten or removed (it still believes that node holds the
   * whole text), so no stale fragment of the old text stays visible. Called synchronously from the MutationObserver
   * callback, before the page paints; returns the elements whose text the page rewrote.
   */
  repair(records: readonly MutationRecord[]): Element[];
}

export function createWrapRenderer(style: 'underline' | 'background'): WrapRenderer {
  // Marks are recognised by identity, never by tag or attributes: the page can forge both.
  const ours = new WeakMap<Element, PageMention>();
  // Text nodes split off by us, so unwrapping can merge them back into the page's original node.
  const splitOffs = new WeakSet<Text>();
  // The page's own text nodes we split: each keeps its prefix and is followed by our marks and split-offs.
  const heads = new WeakSet<Text>();
  const isOurs = (n: Node | null): n is Node => !!n && ((n.nodeType === 1 && ours.has(n as Element)) || (n.nodeType === 3 && splitOffs.has(n as Text)));

  /** Removes the run of our nodes starting at `n` (what we split off one page text node). */
  function dropRun(n: Node | null): boolean {
    let any = false;
    while (isOurs(n)) {
      const next: Node | null = n.nextSibling;
      n.parentNode?.removeChild(n);
      any = true;
      n = next;
    }
    return any;
  }
  const all = new Set<PageMention>();
  let current: PageMention | null = null;

  function wrapSegment(m: PageMention, seg: WrapSegment, out: Element[]): void {
    const before = seg.node.nextSibling;
    heads.add(seg.node);
    new Mark(seg.node as unknown as HTMLElement).markRanges([{ start: seg.start, length: seg.end - seg.start }], {
      element: MARK_TAG,
      className: `backstory-${style === 'underline' ? 'u' : 'b'}-${m.type}`,
      // Styled by class only (content.css, adopted by shadow roots too): when Firefox removes the extension it takes
      // content.css away, so marks its torn-down script could not unwrap no longer show.
      each: (el: Element) => {
        ours.set(el, m);
        out.push(el);
      },
    });
    // mark.js splits the original node into prefix (kept), the wrapped copy and a suffix; remember the suffix.
    const last = out[out.length - 1];
    const suffix = last?.nextSibling;
    if (suffix && suffix !== before && suffix.nodeType === 3) splitOffs.add(suffix as Text);
  }

  function unwrap(el: Element): void {
    const parent = el.parentNode;
    if (!parent) return;
    const prev = el.previousSibling;
    const next = el.nextSibling;
    const text = el.textContent ?? '';
    if (prev && prev.nodeType === 3) {
      const tail = next && next.nodeType === 3 && splitOffs.has(next as Text) ? (next as Text) : null;
      (prev as Text).data += text + (tail ? tail.data : '');
      parent.removeChild(el);
      if (tail) parent.removeChild(tail);
    } else {
      parent.replaceChild(document.createTextNode(text), el);
    }
  }

  return {
    mode: 'wrap',
    add() {
      throw new Error('wrap renderer needs segments: use addSegments');
    },
    addSegments(m, segs) {
      const out: Element[] = [];
      // Right to left, so earlier offsets in the same original node stay valid after each split.
      for (let i = segs.length - 1; i >= 0; i--) wrapSegment(m, segs[i]!, out);
      out.reverse();
      m.wrapped = out;
      all.add(m);
    },
    remove(m) {
      if (!m.wrapped) return;
      for (let i = m.wrapped.length - 1; i >= 0; i--) unwrap(m.wrapped[i]!);
      m.wrapped = undefined;
      all.delete(m);
      if (current === m) current = null;
    },
    setCurrent(m) {
      for (const el of current?.wrapped ?? []) el.removeAttribute('data-backstory-current');
      current = m;
      for (const el of m?.wrapped ?? []) el.setAttribute('data-backstory-current', '');
    },
    hitTest(_x, _y, target) {
      let el = target instanceof Element ? target : null;
      for (let i = 0; el && i < 4; i++, el = el.parentElement) {
        const m = ours.get(el);
        if (m) return m;
      }
      return null;
    },
    owns: isOurs,
    repair(records) {
      const rewritten: Element[] = [];
      for (const r of records) {
        if (r.type === 'characterData') {
          // The page set the text of a node we split: that node alone now holds the page's text.
          const t = r.target as Text;
          if (heads.has(t) && dropRun(t.nextSibling) && t.parentElement) rewritten.push(t.parentElement);
        } else if (r.type === 'childList') {
          for (const n of r.removedNodes) {
            if (n.nodeType !== 3 || !heads.has(n as Text)) continue;
            // The page removed a node we split: the rest of its old text is ours and goes with it.
            if (dropRun(r.nextSibling) && r.target.nodeType === 1) rewritten.push(r.target as Element);
          }
        }
      }
      return rewritten;
    },
    clear() {
      for (const m of [...all]) this.remove(m);
    },
  };
}
