// The page's found mentions: what each one covers and which entity it names, keyed for hit-testing and per-block invalidation.
import type { EntityType } from '../src/types';

export interface PageMention {
  id: number;
  entityId: string;
  type: EntityType;
  startNode: Text;
  startOffset: number;
  endNode: Text;
  endOffset: number;
  /** Set by the renderer that shows it (a StaticRange, or the wrapping elements). */
  painted?: StaticRange;
  wrapped?: Element[];
  /** Set once the mention is gone, so a later rescan of its block never counts it out twice. */
  removed?: boolean;
}

/** One renderer paints mentions; both implement this, and the controller never knows which one runs. */
export interface Renderer {
  readonly mode: 'paint' | 'wrap';
  add(m: PageMention): void;
  remove(m: PageMention): void;
  /** Marks `m` as the current one (keyboard navigation, "Show on page"); null clears. */
  setCurrent(m: PageMention | null): void;
  /** Returns the mention under a viewport point, if any. */
  hitTest(x: number, y: number, target: EventTarget | null): PageMention | null;
  /** Elements or ranges the renderer added, for the observer to ignore. */
  owns(node: Node): boolean;
  /** Removes everything it painted or inserted, restoring the page. */
  clear(): void;
  /**
   * Shows what `add` has held back (paint mode registers highlights in batches: every registry change makes the next
   * frame repaint the page's highlighted text). `final` at the end of a pass; otherwise the renderer decides.
   */
  flush?(final: boolean): void;
}

/** A DOM Range over a mention, made only on demand (live Ranges slow the page's own DOM edits). */
export function toRange(m: PageMention): Range {
  const r = document.createRange();
  if (m.wrapped && m.wrapped.length > 0) {
    r.setStartBefore(m.wrapped[0]!);
    r.setEndAfter(m.wrapped[m.wrapped.length - 1]!);
  } else {
    r.setStart(m.startNode, m.startOffset);
    r.setEnd(m.endNode, m.endOffset);
  }
  return r;
}

/** Where the card goes: the union of the mention's line boxes (a wrapped mention has two), left-aligned with its first box. */
export function mentionAnchor(m: PageMention): DOMRect | null {
  try {
    const range = toRange(m);
    const rects = range.getClientRects();
    if (rects.length === 0) return null;
    const all = range.getBoundingClientRect();
    return new DOMRect(rects[0]!.left, all.top, rects[0]!.width, all.height);
  } catch {
    return null;
  }
}

export function mentionRect(m: PageMention): DOMRect | null {
  try {
    const rects = toRange(m).getClientRects();
    return rects.length > 0 ? rects[0]! : null;
  } catch {
    return null;
  }
}
