// Paint renderer: shows mentions with the CSS Custom Highlight API and StaticRanges, so the page's DOM is never changed.
import { ENTITY_TYPES, type EntityType } from '../src/types';
import { LIMITS } from './limits';
import { mentionRect, type PageMention, type Renderer } from './mentions';

export const HIGHLIGHT_PREFIX = 'backstory';
export const CURRENT_HIGHLIGHT = 'backstory-current';

export function paintSupported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function' && typeof StaticRange === 'function';
}

export function createPaintRenderer(style: 'underline' | 'background', byNode: Map<Text, PageMention[]>): Renderer {
  const registry = CSS.highlights;
  // Names carry the style so the stylesheet needs no class on the page's <html>.
  const name = (t: EntityType) => `${HIGHLIGHT_PREFIX}-${style === 'underline' ? 'u' : 'b'}-${t}`;
  const groups = new Map<EntityType, Highlight>();
  for (const t of ENTITY_TYPES) {
    const h = new Highlight();
    groups.set(t, h);
    registry.set(name(t), h);
  }
  const current = new Highlight();
  current.priority = 1;
  registry.set(CURRENT_HIGHLIGHT, current);
  // Ranges made and not yet registered. Each change to a registered highlight makes the next frame repaint highlighted
  // text, and a pass yields a frame every 8 ms slice: on a 5 MB page that repainting, not our JS, was most of the pass's
  // wall time. So the first slice's ranges show at once (the viewport comes first) and later ones at most every
  // LIMITS.PAINT_BATCH_MS, and all of them when the pass ends.
  const held = new Map<EntityType, Set<StaticRange>>();
  let heldCount = 0;
  let lastFlush = -Infinity;

  return {
    mode: 'paint',
    add(m) {
      const r = new StaticRange({ startContainer: m.startNode, startOffset: m.startOffset, endContainer: m.endNode, endOffset: m.endOffset });
      m.painted = r;
      let set = held.get(m.type);
      if (!set) held.set(m.type, (set = new Set()));
      set.add(r);
      heldCount += 1;
    },
    flush(final) {
      if (heldCount === 0) return;
      const now = performance.now();
      if (!final && now - lastFlush < LIMITS.PAINT_BATCH_MS) return;
      lastFlush = now;
      for (const [t, set] of held) {
        const h = groups.get(t);
        if (h) for (const r of set) h.add(r);
      }
      held.clear();
      heldCount = 0;
    },
    remove(m) {
      if (m.painted) {
        if (held.get(m.type)?.delete(m.painted)) heldCount -= 1;
        groups.get(m.type)?.delete(m.painted);
        current.delete(m.painted);
      }
      m.painted = undefined;
    },
    setCurrent(m) {
      current.clear();
      if (m?.painted) current.add(m.painted);
    },
    hitTest(x, y) {
      const pos = caretAt(x, y);
      if (!pos) return null;
      const list = byNode.get(pos.node);
      if (!list) return null;
      for (const m of list) {
        const inStart = pos.node !== m.startNode || pos.offset >= m.startOffset;
        const inEnd = pos.node !== m.endNode || pos.offset <= m.endOffset;
        if (!inStart || !inEnd) continue;
        // The caret API snaps to the nearest text even beside it, so confirm the point is over the mention's boxes.
        const rect = mentionRect(m);
        if (rect && x >= rect.left - 1 && x <= rect.right + 1 && y >= rect.top - 1 && y <= rect.bottom + 1) return m;
        if (m.painted && overAnyRect(m, x, y)) return m;
      }
      return null;
    },
    owns() {
      return false;
    },
    clear() {
      // Only our own objects: a newer instance of this script (after an extension update) may own these names now.
      for (const t of ENTITY_TYPES) if (registry.get(name(t)) === groups.get(t)) registry.delete(name(t));
      if (registry.get(CURRENT_HIGHLIGHT) === current) registry.delete(CURRENT_HIGHLIGHT);
      groups.clear();
      held.clear();
      heldCount = 0;
    },
  };
}

function overAnyRect(m: PageMention, x: number, y: number): boolean {
  const r = document.createRange();
  r.setStart(m.startNode, m.startOffset);
  r.setEnd(m.endNode, m.endOffset);
  for (const b of r.getClientRects()) if (x >= b.left && x <= b.right && y >= b.top && y <= b.bottom) return true;
  return false;
}

function caretAt(x: number, y: number): { node: Text; offset: number } | null {
  const doc = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  if (typeof doc.caretPositionFromPoint === 'function') {
    const p = doc.caretPositionFromPoint(x, y);
    return p && p.offsetNode.nodeType === 3 ? { node: p.offsetNode as Text, offset: p.offset } : null;
  }
  if (typeof doc.caretRangeFromPoint === 'function') {
    const r = doc.caretRangeFromPoint(x, y);
    return r && r.startContainer.nodeType === 3 ? { node: r.startContainer as Text, offset: r.startOffset } : null;
  }
  return null;
}
