// Watches the page for added and changed text, batches the records and hands the touched subtrees to the highlighter; ignores its own writes.
import { LIMITS } from './limits';

export interface PageObserver {
  /** Also watches another root (an open shadow root found during a scan); each root is observed once. */
  observeRoot(root: Node): void;
  /** Runs `fn` (our own DOM writes) so that the records it causes are dropped, not fed back. */
  withOwnWrites<T>(fn: () => T): T;
  stop(): void;
}

export interface ObserverCallbacks {
  added(node: Node): void;
  /** Forgets a removed subtree; true when mentions were dropped with it (its old neighbours are then read again). */
  removed(node: Node): boolean;
  /** Too many changes at once: rescan the document. */
  rescanAll(): void;
  /** Our own UI and marks are never reported. */
  isOurs(node: Node): boolean;
  /** Sees every batch at once, in the observer callback itself (before the page paints): wrap mode mends text here. */
  repair?(records: readonly MutationRecord[]): void;
}

export function observePage(root: Node, cb: ObserverCallbacks): PageObserver {
  let pending: MutationRecord[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let lastFlush = -Infinity;

  const flush = () => {
    timer = null;
    lastFlush = performance.now();
    if (stopped) return;
    const records = pending;
    pending = [];
    if (records.length > LIMITS.HUGE_MUTATION_BATCH) {
      cb.rescanAll();
      return;
    }
    const touched = new Set<Node>();
    for (const r of records) {
      if (cb.isOurs(r.target)) continue;
      if (r.type === 'characterData') {
        touched.add(r.target);
        continue;
      }
      let dropped = false;
      for (const n of r.removedNodes) if (!cb.isOurs(n) && cb.removed(n)) dropped = true;
      let any = false;
      for (const n of r.addedNodes) {
        if (cb.isOurs(n)) continue;
        if (n.nodeType === 1 || n.nodeType === 3) {
          touched.add(n);
          any = true;
        }
      }
      // A removed node that held (part of) a mention leaves text whose mentions may have changed: read its block again.
      // Removals that dropped nothing (a page's own widgets coming and going) cost no rescan.
      if (!any && dropped) touched.add(r.target);
    }
    for (const n of touched) if (n.isConnected) cb.added(n);
  };

  const enqueue = (records: MutationRecord[]) => {
    if (records.length === 0) return;
    if (cb.repair && !stopped) {
      const page = records;
      withOwn(() => cb.repair!(page));
    }
    pending.push(...records);
    if (pending.length > LIMITS.HUGE_MUTATION_BATCH * 2) pending.length = LIMITS.HUGE_MUTATION_BATCH + 1;
    // A tab in the background waits: its changes are read in one batch when the reader comes back to it.
    if (timer === null && !hidden()) schedule();
  };
  // At most one batch per MIN_BATCH_INTERVAL_MS: a page changing without pause gets ≤ 10 passes a second.
  const schedule = () => {
    timer = setTimeout(flush, Math.max(LIMITS.MUTATION_DEBOUNCE_MS, lastFlush + LIMITS.MIN_BATCH_INTERVAL_MS - performance.now()));
  };
  const hidden = () => document.visibilityState === 'hidden';
  const onVisibility = () => {
    if (stopped) return;
    if (hidden()) {
      // A batch already due waits too (Firefox would run it late anyway, under its background-timer throttling).
      if (timer !== null) clearTimeout(timer);
      timer = null;
    } else if (timer === null && pending.length > 0) schedule();
  };
  document.addEventListener('visibilitychange', onVisibility);

  const mo = new MutationObserver(enqueue);
  const OPTIONS = { childList: true, subtree: true, characterData: true } as const;
  const observed = new WeakSet<Node>([root]);
  function withOwn<T>(fn: () => T): T {
    enqueue(mo.takeRecords());
    try {
      return fn();
    } finally {
      mo.takeRecords();
    }
  }
  mo.observe(root, OPTIONS);

  return {
    observeRoot(r) {
      if (stopped || observed.has(r)) return;
      observed.add(r);
      mo.observe(r, OPTIONS);
    },
    withOwnWrites: (fn) => withOwn(fn),
    stop() {
      stopped = true;
      document.removeEventListener('visibilitychange', onVisibility);
      mo.disconnect();
      if (timer !== null) clearTimeout(timer);
      pending = [];
    },
  };
}
