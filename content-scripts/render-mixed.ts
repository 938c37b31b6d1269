// Wrap mode that never splits framework-owned text: wraps where the page leaves its text alone, paints regions a framework hydrates or rewrites.
import { blockOwner } from './blocks';
import type { PageMention, Renderer } from './mentions';
import type { WrapRenderer, WrapSegment } from './render-wrap';

/** How one block's mentions are shown: wrapped in our elements, painted, or not at all (no paint available). */
export type Placement = 'wrap' | 'paint' | 'skip';

export interface MixedRenderer extends Renderer {
  addSegments(m: PageMention, segs: WrapSegment[]): void;
  placement(owner: Element): Placement;
  /** Repairs text the page rewrote under our marks (see WrapRenderer.repair); those blocks are painted from then on. */
  repair(records: readonly MutationRecord[]): void;
  /** Mentions currently painted rather than wrapped. */
  paintedCount(): number;
}

/**
 * `regions`: framework-owned subtrees found at start (frameworkRegions). Blocks whose text the page rewrites later
 * (a client-rendered React or Vue update) join them, so the page is followed by painting instead of a wrap/undo fight.
 */
export function createMixedRenderer(wrap: WrapRenderer, makePaint: (() => Renderer) | null, regions: readonly Element[]): MixedRenderer {
  // Made on first use, so a page that needs no painting registers no highlights at all.
  let paint: Renderer | null = null;
  const rewritten = new WeakSet<Element>();
  const painted = new Set<PageMention>();
  const owned = (owner: Element) => rewritten.has(owner) || regions.some((r) => r.contains(owner));
  return {
    mode: 'wrap',
    placement(owner) {
      if (!owned(owner)) return 'wrap';
      return makePaint ? 'paint' : 'skip';
    },
    add(m) {
      if (!makePaint) return;
      paint ??= makePaint();
      paint.add(m);
      painted.add(m);
    },
    addSegments: (m, segs) => wrap.addSegments(m, segs),
    remove(m) {
      if (m.wrapped) wrap.remove(m);
      if (painted.delete(m)) paint?.remove(m);
    },
    setCurrent(m) {
      wrap.setCurrent(m?.wrapped ? m : null);
      paint?.setCurrent(m && painted.has(m) ? m : null);
    },
    hitTest: (x, y, target) => wrap.hitTest(x, y, target) ?? paint?.hitTest(x, y, target) ?? null,
    owns: (node) => wrap.owns(node),
    repair(records) {
      for (const el of wrap.repair(records)) {
        const owner = blockOwner(el);
        if (owner) rewritten.add(owner);
      }
    },
    flush: (final) => paint?.flush?.(final),
    paintedCount: () => painted.size,
    clear() {
      wrap.clear();
      paint?.clear();
      painted.clear();
    },
  };
}
