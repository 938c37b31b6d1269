// Finds and shows the page's mentions: incremental time-sliced scans, per-block rescans with a retry bound, counts and navigation.
import { findMentions, type MatchIndex } from '../src/matcher';
import type { ScanPerf } from '../src/messages';
import type { EntityRef, EntityType } from '../src/types';
import { blockOwner, blockShown, locate, walkBlocks, type TextBlock } from './blocks';
import { LIMITS } from './limits';
import type { PageMention, Renderer } from './mentions';
import type { Placement } from './render-mixed';
import type { WrapSegment } from './render-wrap';
import { isInsideSkipped } from './skip';

export interface HighlighterOptions {
  index: MatchIndex;
  entities: ReadonlyMap<string, EntityRef>;
  renderer: Renderer & { addSegments?(m: PageMention, segs: WrapSegment[]): void; placement?(owner: Element): Placement };
  enabledTypes: ReadonlySet<EntityType>;
  /** Mentions by the text nodes they start or end in; shared with the paint renderer's hit-testing. */
  byNode: Map<Text, PageMention[]>;
  /** Mentions the reader hid ("Not this"), by start node and `offset:entityId`; owned by the caller so it outlives restarts. */
  hidden: WeakMap<Text, Set<string>>;
  /** Entities the reader chose to ignore on this site. */
  ignored: ReadonlySet<string>;
  /** Called (at most once per task) when counts change. */
  onChange(): void;
  /** Called for each open shadow root the walk enters, so its later changes are observed too. */
  onShadowRoot?(sr: ShadowRoot): void;
  /** Wraps DOM writes so the mutation observer can drop the records they cause. */
  withOwnWrites<T>(fn: () => T): T;
}

export interface Highlighter {
  /** Queues a subtree for scanning (the first pass, added nodes); blocks already scanned below it are replaced. */
  scan(root: Node): void;
  /** Forgets mentions in nodes that left the document; true when any were dropped. */
  forget(removed: Node): boolean;
  counts(): Map<string, number>;
  total(): number;
  /** Mentions in document order (computed on demand). */
  ordered(entityId?: string): PageMention[];
  mentionAt(x: number, y: number, target: EventTarget | null): PageMention | null;
  setCurrent(m: PageMention | null): void;
  /** Hides one mention (the reader's "Not this"). */
  hide(m: PageMention): void;
  /** Resolves once the queue is empty (tests, first pass timing). */
  idle(): Promise<void>;
  perf(): Omit<ScanPerf, 'indexBuildMs'>;
  stop(): void;
}

/** A mention read in wrap mode and not yet wrapped, with the text each segment held when read. */
interface HeldWrap {
  mention: PageMention;
  segs: WrapSegment[];
  texts: string[];
}

interface BlockRecord {
  mentions: PageMention[];
  nodes: Text[];
}

const yieldToPage: (cb: () => void) => void = (() => {
  // A MessageChannel hop yields to the page without setTimeout's 4 ms clamp after nested calls.
  if (typeof MessageChannel === 'function') {
    const ch = new MessageChannel();
    const queue: Array<() => void> = [];
    ch.port1.onmessage = () => queue.shift()?.();
    return (cb: () => void) => {
      queue.push(cb);
      ch.port2.postMessage(0);
    };
  }
  return (cb: () => void) => setTimeout(cb, 0);
})();

export function createHighlighter(opts: HighlighterOptions): Highlighter {
  const { index, entities, renderer } = opts;
  const blocks = new Map<Element, BlockRecord[]>();
  const byNode = opts.byNode;
  const counts = new Map<string, number>();
  // Entities seen so far on the page: the context that lets ambiguous aliases count (one live set, not a copy per block).
  const context = new Set<string>();
  const hidden = opts.hidden;
  const retries = new WeakMap<Element, { n: number; since: number }>();
  const queue: Node[] = [];
  let job: Generator<TextBlock, void, undefined> | null = null;
  let running = false;
  let stopped = false;
  let nextId = 1;
  let total = 0;
  let waiters: Array<() => void> = [];
  let changed = false;
  const perf = { firstPassStartMs: -1, firstPassWallMs: -1, firstPassJsMs: 0, totalJsMs: 0, longestSliceMs: 0, passes: 0, lastPassJsMs: 0 };
  let passStart = -1;
  /** Wrap-mode writes read and not yet written, one list per block in document order (see writeWraps). */
  let pendingWraps: HeldWrap[][] = [];
  let pendingWrapCount = 0;

  let scanLater: (n: Node) => void = () => undefined;

  function dropBlocksUnder(root: Node): void {
    if (root.nodeType === 3) {
      const list = byNode.get(root as Text);
      if (list) for (const m of [...list]) removeMention(m);
      return;
    }
    if (root.nodeType !== 1 && root.nodeType !== 11) return;
    const drop = (el: Element) => {
      const recs = blocks.get(el);
      if (!recs) return;
      blocks.delete(el);
      for (const rec of recs) for (const m of rec.mentions) removeMention(m);
    };
    if (root.nodeType === 1) drop(root as Element);
    if (blocks.size === 0) return;
    // Text nodes too: a removed inline element holds mentions of its parent's block.
    const tw = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = tw.nextNode(); n; n = tw.nextNode()) {
      if (n.nodeType === 1) drop(n as Element);
      else {
        const list = byNode.get(n as Text);
        if (list) for (const m of [...list]) removeMention(m);
      }
    }
  }

  /** byNode holds each mention under its start and its end node (once when they are the same). */
  function indexAt(n: Text, m: PageMention): void {
    const l = byNode.get(n);
    if (l) l.push(m);
    else byNode.set(n, [m]);
  }
  function unindexAt(n: Text, m: PageMention): void {
    const list = byNode.get(n);
    if (!list) return;
    const i = list.indexOf(m);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) byNode.delete(n);
  }

  function removeMention(m: PageMention): void {
    if (m.removed) return;
    m.removed = true;
    opts.withOwnWrites(() => renderer.remove(m));
    unindexAt(m.startNode, m);
    if (m.endNode !== m.startNode) unindexAt(m.endNode, m);
    const c = (counts.get(m.entityId) ?? 1) - 1;
    if (c <= 0) {
      counts.delete(m.entityId);
      context.delete(m.entityId);
    } else counts.set(m.entityId, c);
    total -= 1;
    changed = true;
  }

  function addBlock(block: TextBlock): void {
    const found = findMentions(block.text, index, { context });
    const rec: BlockRecord = { mentions: [], nodes: block.nodes };
    const list = blocks.get(block.owner);
    if (list) list.push(rec);
    else blocks.set(block.owner, [rec]);
    if (found.length === 0 || !blockShown(block)) return;
    const place: Placement = renderer.mode === 'paint' ? 'paint' : (renderer.placement?.(block.owner) ?? 'wrap');
    if (place === 'skip') return;
    const wrapJobs: HeldWrap[] = [];
    for (const f of found) {
      if (total >= LIMITS.MAX_MENTIONS) break;
      const ent = entities.get(f.entityId);
      if (!ent || !opts.enabledTypes.has(ent.type) || opts.ignored.has(ent.id)) continue;
      const s = locate(block, f.start, false);
      const e = locate(block, f.end, true);
      if (hidden.get(s.node)?.has(`${s.offset}:${f.entityId}`)) continue;
      const m: PageMention = {
        id: nextId++,
        entityId: f.entityId,
        type: ent.type,
        startNode: s.node,
        startOffset: s.offset,
        endNode: e.node,
        endOffset: e.offset,
      };
      rec.mentions.push(m);
      indexAt(m.startNode, m);
      if (m.endNode !== m.startNode) indexAt(m.endNode, m);
      counts.set(m.entityId, (counts.get(m.entityId) ?? 0) + 1);
      context.add(m.entityId);
      total += 1;
      changed = true;
      if (place === 'wrap') {
        const segs = segmentsOf(block, f.start, f.end);
        wrapJobs.push({ mention: m, segs, texts: segs.map((g) => g.node.data.slice(g.start, g.end)) });
      }
      else renderer.add(m);
    }
    if (wrapJobs.length > 0 && renderer.addSegments) {
      pendingWraps.push(wrapJobs);
      pendingWrapCount += wrapJobs.length;
    }
  }

  /**
   * Writes pending wraps, oldest block first, until `deadline`. Reading and writing are kept apart: wrapping right after
   * each block made the next block's visibility check recalculate the page's style, and every slice that wrote left the
   * next frame a relayout of the page (on 5 MB, hundreds of them, 13 s of layout). So a pass reads first, holding what
   * to wrap, and writes in as few slices as the writes need. The page may run between reading and writing: a segment
   * whose text is no longer what was read is not wrapped, its mention is dropped, and the observer's rescan of that
   * change finds it again if it is still there.
   */
  function writeWraps(deadline: number): void {
    opts.withOwnWrites(() => {
      while (pendingWraps.length > 0 && performance.now() < deadline) {
        const block = pendingWraps.shift()!;
        // Right to left across the block, so splitting a node never shifts offsets still to be wrapped.
        for (let i = block.length - 1; i >= 0; i--) {
          const job = block[i]!;
          pendingWrapCount -= 1;
          const m = job.mention;
          if (m.removed) continue;
          if (job.segs.every((seg, k) => seg.node.isConnected && seg.node.data.slice(seg.start, seg.end) === job.texts[k])) renderer.addSegments!(m, job.segs);
          else removeMention(m);
        }
      }
    });
  }

  /** True while a pass has work left: walking, queued roots, or wraps read and not yet written. */
  const busy = () => job !== null || queue.length > 0 || pendingWraps.length > 0;

  function pump(): void {
    if (stopped) return;
    const sliceStart = performance.now();
    if (passStart < 0) {
      passStart = sliceStart;
      perf.passes += 1;
      perf.lastPassJsMs = 0;
      if (perf.firstPassStartMs < 0) perf.firstPassStartMs = sliceStart;
    }
    const deadline = sliceStart + LIMITS.SLICE_MS;
    while (performance.now() < deadline) {
      // Write once everything is read, or when enough is held (memory, and highlights should not wait forever).
      if (pendingWraps.length > 0 && (pendingWrapCount >= LIMITS.MAX_HELD_WRAPS || (!job && queue.length === 0))) {
        writeWraps(deadline);
        continue;
      }
      if (!job) {
        const root = queue.shift();
        if (!root) break;
        if (!root.isConnected) continue;
        dropBlocksUnder(root);
        job = walkBlocks(root, (el) => renderer.owns(el), opts.onShadowRoot, (parent) => scanLater(parent));
      }
      const next = job.next();
      if (next.done) {
        job = null;
        continue;
      }
      addBlock(next.value);
      // At the cap nothing more may be shown: walking on (85% of a 40,000-mention page) would only cost the page.
      if (total >= LIMITS.MAX_MENTIONS) job = null;
    }
    renderer.flush?.(!busy());
    if (changed) {
      changed = false;
      opts.onChange();
    }
    const sliceMs = performance.now() - sliceStart;
    perf.totalJsMs += sliceMs;
    perf.lastPassJsMs += sliceMs;
    if (perf.passes === 1) perf.firstPassJsMs += sliceMs;
    if (sliceMs > perf.longestSliceMs) perf.longestSliceMs = sliceMs;
    if (busy()) {
      yieldToPage(pump);
    } else {
      if (perf.firstPassWallMs < 0) perf.firstPassWallMs = performance.now() - passStart;
      passStart = -1;
      running = false;
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    }
  }

  /** Bounded retries per element and time window: a page that keeps undoing our work is left alone for a while. */
  function allowRescan(el: Element): boolean {
    const now = performance.now();
    const r = retries.get(el);
    if (!r || now - r.since > LIMITS.RETRY_WINDOW_MS) {
      retries.set(el, { n: 1, since: now });
      return true;
    }
    r.n += 1;
    return r.n <= LIMITS.MAX_RETRIES_PER_WINDOW;
  }

  // Siblings the walk lost because the page moved them meanwhile: their parent is read again.
  scanLater = (n) => api.scan(n);
  const api: Highlighter = {
    scan(root) {
      if (stopped) return;
      const owner = root === document || root === document.documentElement ? root : blockOwner(root);
      if (!owner) return;
      if (owner !== root && owner.nodeType === 1 && isInsideSkipped(owner as Element)) return;
      // A queued ancestor already covers this subtree (and several nodes of one batch count as one rescan).
      for (const q of queue) if (q === owner || q.contains(owner)) return;
      // Only our own DOM writes (wrap mode) can provoke a page into undoing them again and again; painting writes
      // nothing, so a page that simply re-renders often is followed, its batches already coalesced by the observer.
      if (
        renderer.mode === 'wrap' &&
        owner.nodeType === 1 &&
        blocks.has(owner as Element) &&
        (renderer.placement?.(owner as Element) ?? 'wrap') === 'wrap' &&
        !allowRescan(owner as Element)
      )
        return;
      queue.push(owner);
      if (!running) {
        running = true;
        // The first pass waits for the page's first rendering: reading visibility before it would make our first slice
        // pay the page's whole style calculation (over 50 ms on a 5 MB page), which the browser is about to do anyway.
        if (perf.passes === 0) afterFirstFrame(() => yieldToPage(pump));
        else yieldToPage(pump);
      }
    },
    forget(removed) {
      const before = total;
      dropBlocksUnder(removed);
      if (changed) {
        changed = false;
        opts.onChange();
      }
      return total !== before;
    },
    counts: () => new Map(counts),
    perf: () => ({ ...perf }),
    total: () => total,
    ordered(entityId) {
      const out: PageMention[] = [];
      for (const recs of blocks.values()) for (const r of recs) for (const m of r.mentions) if (!entityId || m.entityId === entityId) out.push(m);
      out.sort((a, b) => {
        if (a.startNode === b.startNode) return a.startOffset - b.startOffset;
        return a.startNode.compareDocumentPosition(b.startNode) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      });
      return out;
    },
    mentionAt: (x, y, target) => renderer.hitTest(x, y, target),
    setCurrent(m) {
      opts.withOwnWrites(() => renderer.setCurrent(m));
    },
    hide(m) {
      const key = `${m.startOffset}:${m.entityId}`;
      const set = hidden.get(m.startNode) ?? new Set<string>();
      set.add(key);
      hidden.set(m.startNode, set);
      for (const recs of blocks.values())
        for (const r of recs) {
          const i = r.mentions.indexOf(m);
          if (i >= 0) r.mentions.splice(i, 1);
        }
      removeMention(m);
      opts.onChange();
    },
    idle() {
      if (!running && !busy()) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    stop() {
      stopped = true;
      queue.length = 0;
      job = null;
      pendingWraps = [];
      pendingWrapCount = 0;
      opts.withOwnWrites(() => renderer.clear());
      blocks.clear();
      byNode.clear();
      counts.clear();
      context.clear();
      total = 0;
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    },
  };
  return api;
}

/**
 * Runs `cb` once the page has loaded (or 1 s has passed) and then rendered a frame; at once in a hidden tab, which
 * renders none. Until then the browser has not styled the whole page (Firefox builds styles and frames lazily, and in
 * one go at load): the first visibility check would make one of our slices pay for it (up to 150 ms on a 5 MB page).
 */
function afterFirstFrame(cb: () => void): void {
  if (typeof requestAnimationFrame !== 'function' || document.visibilityState === 'hidden') {
    cb();
    return;
  }
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    clearTimeout(fallback);
    cb();
  };
  // Frames can stall (a tab hidden meanwhile): never wait longer than this.
  const fallback = setTimeout(go, 3000);
  const afterFrame = () => requestAnimationFrame(() => setTimeout(go, 0));
  if (document.readyState === 'complete') {
    afterFrame();
    return;
  }
  let waited = false;
  const onLoad = () => {
    if (waited) return;
    waited = true;
    window.removeEventListener('load', onLoad);
    clearTimeout(loadCap);
    afterFrame();
  };
  // A page whose images or ads keep it loading is not waited for longer than a second.
  const loadCap = setTimeout(onLoad, 1000);
  window.addEventListener('load', onLoad);
}

function segmentsOf(block: TextBlock, start: number, end: number): WrapSegment[] {
  const segs: WrapSegment[] = [];
  for (let i = 0; i < block.nodes.length; i++) {
    const ns = block.starts[i]!;
    const node = block.nodes[i]!;
    const ne = ns + node.data.length;
    if (ne <= start || ns >= end) continue;
    const s = Math.max(start, ns) - ns;
    const e = Math.min(end, ne) - ns;
    if (e > s) segs.push({ node, start: s, end: e });
  }
  return segs;
}

