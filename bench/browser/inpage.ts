// Functions the browser bench runs inside pages (serialised by puppeteer): probes, the floor walk, layout, appends, mutations and the mark.js baselines.
// Each function must be self-contained: puppeteer sends its source text, so it may not use imports or module-level values.
import type MarkJs from 'mark.js';

/** What the probe records in the page's main world (window.__bench). */
export interface ProbeData {
  /** [startTime, duration] of every long task (PerformanceObserver 'longtask', buffered). */
  longtasks: Array<[number, number]>;
  domContentLoadedEnd: number;
  /** First time (setTimeout poll from DOMContentLoaded) the backstory* CSS highlights were registered: the paint renderer's start. */
  registeredAt: number;
  /** rAF timestamp of the first frame with a non-empty backstory* highlight or a <backstorymark> element. */
  firstHighlightFrame: number;
  firstMarkAt: number;
}

/** Installed with evaluateOnNewDocument in every bench page (with and without the extension, so both pay the same). */
export function installProbe(): void {
  const P = {
    longtasks: [] as Array<[number, number]>,
    domContentLoadedEnd: -1,
    registeredAt: -1,
    firstHighlightFrame: -1,
    firstMarkAt: -1,
    stopped: false,
    mo: null as MutationObserver | null,
    stop() {
      P.stopped = true;
      P.mo?.disconnect();
    },
  };
  (window as unknown as { __bench: typeof P }).__bench = P;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) P.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no long task API */
  }
  const highlights = (): [boolean, number] => {
    const reg = (globalThis as unknown as { CSS?: { highlights?: HighlightRegistry } }).CSS?.highlights;
    let any = false;
    let n = 0;
    reg?.forEach((h, name) => {
      if (name.startsWith('backstory')) {
        any = true;
        n += h.size;
      }
    });
    return [any, n];
  };
  document.addEventListener('DOMContentLoaded', () => {
    // The page's own first layout happens here, before the content script (document_idle) and before the bench's
    // baseline metrics snapshot, so the layout measured afterwards is what came later (ours, with the extension).
    void document.body?.offsetHeight;
    const t0 = performance.now();
    setTimeout(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      P.domContentLoadedEnd = nav && nav.domContentLoadedEventEnd > 0 ? nav.domContentLoadedEventEnd : t0;
    }, 0);
    P.mo = new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n.nodeName === 'BACKSTORYMARK' || (n.nodeType === 1 && (n as Element).getElementsByTagName('backstorymark').length > 0)) {
            P.firstMarkAt = performance.now();
            P.mo?.disconnect();
            return;
          }
    });
    P.mo.observe(document, { childList: true, subtree: true });
    const poll = () => {
      if (P.stopped || P.registeredAt >= 0) return;
      if (highlights()[0]) P.registeredAt = performance.now();
      else if (performance.now() - t0 < 20_000) setTimeout(poll, 0);
    };
    poll();
    let prevFrame = t0;
    const frame = (ts: number) => {
      if (P.stopped) return;
      const [registered, size] = highlights();
      // Registered since the previous frame but missed by the poll: the renderer started after that frame, so the
      // latency measured from it is an upper bound (by at most one frame).
      if (registered && P.registeredAt < 0) P.registeredAt = prevFrame;
      prevFrame = ts;
      if (P.firstMarkAt >= 0 || size > 0) {
        P.firstHighlightFrame = ts;
        return;
      }
      if (ts - t0 < 20_000) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/** Stops the probe's loops and observer (before timed synchronous work) and returns what it saw. */
export function stopProbe(): ProbeData | null {
  const P = (window as unknown as { __bench?: ProbeData & { stop(): void } }).__bench;
  if (!P) return null;
  P.stop();
  return {
    longtasks: P.longtasks,
    domContentLoadedEnd: P.domContentLoadedEnd,
    registeredAt: P.registeredAt,
    firstHighlightFrame: P.firstHighlightFrame,
    firstMarkAt: P.firstMarkAt,
  };
}

export function nowInPage(): number {
  return performance.now();
}

/** True once the probe saw a highlight frame (or after `wait` ms of frames), so the bench need not sleep blindly. */
export function probeFrameSeen(): boolean {
  const P = (window as unknown as { __bench?: ProbeData }).__bench;
  return !P || P.firstHighlightFrame >= 0;
}

/** The floor: a TreeWalker over every text node of the body, reading .data. */
export function floorWalk(): { ms: number; nodes: number; chars: number } {
  const t0 = performance.now();
  const tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let nodes = 0;
  let chars = 0;
  for (let n = tw.nextNode(); n; n = tw.nextNode()) {
    nodes++;
    chars += (n as Text).data.length;
  }
  return { ms: performance.now() - t0, nodes, chars };
}

/** Time of a forced layout (document.body.offsetHeight): whatever layout is still pending. */
export function forcedLayout(): number {
  const t0 = performance.now();
  void document.body.offsetHeight;
  return performance.now() - t0;
}

/** Highlights seen from the main world: backstory* CSS highlight ranges and <backstorymark> elements. */
export function highlightTotals(): { painted: number; marks: number } {
  let painted = 0;
  (globalThis as unknown as { CSS?: { highlights?: HighlightRegistry } }).CSS?.highlights?.forEach((h, name) => {
    if (name.startsWith('backstory') && name !== 'backstory-current') painted += h.size;
  });
  return { painted, marks: document.getElementsByTagName('backstorymark').length };
}

/** Appends the paragraphs (one appendChild each, in one task, like an SPA "load more") to the article. */
export function appendParagraphs(html: string[]): number {
  const host = document.querySelector('#story') ?? document.querySelector('article') ?? document.querySelector('main') ?? document.body;
  const added: Node[] = [];
  const t0 = performance.now();
  for (const h of html) {
    const t = document.createElement('template');
    t.innerHTML = h;
    added.push(...t.content.childNodes);
    host.appendChild(t.content);
  }
  const ms = performance.now() - t0;
  (window as unknown as { __benchAppended?: Node[] }).__benchAppended = added;
  return ms;
}

/** Removes what appendParagraphs added (the no-extension tab then runs mark.js on the original page). */
export function removeAppended(): void {
  const w = window as unknown as { __benchAppended?: Node[] };
  for (const n of w.__benchAppended ?? []) n.parentNode?.removeChild(n);
  w.__benchAppended = [];
}

/**
 * The page's own DOM churn: `n` insert+remove of an empty <span> at the start of paragraphs spread over the page. Timed
 * in the page until the microtask checkpoint, so mutation observers' callbacks (ours included) are in the figure.
 */
export async function insertRemove(n: number): Promise<number> {
  let ps = Array.from(document.querySelectorAll('article p, main p'));
  if (ps.length < 20) ps = Array.from(document.querySelectorAll('p, li, div'));
  if (ps.length === 0) ps = [document.body];
  const span = document.createElement('span');
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const p = ps[(i * 7919) % ps.length]!;
    p.insertBefore(span, p.firstChild);
    p.removeChild(span);
  }
  await Promise.resolve();
  return performance.now() - t0;
}

/**
 * A MutationObserver with the extension's options whose callback does nothing: the mutation tests run once more under it
 * to measure what observing the page costs by itself, whoever observes.
 */
export function attachNoopObserver(): void {
  const mo = new MutationObserver(() => undefined);
  mo.observe(document, { childList: true, subtree: true, characterData: true });
  (globalThis as unknown as { __benchNoopObserver?: MutationObserver }).__benchNoopObserver = mo;
}

export function detachNoopObserver(): void {
  const g = globalThis as unknown as { __benchNoopObserver?: MutationObserver };
  g.__benchNoopObserver?.disconnect();
  delete g.__benchNoopObserver;
}

/** `n` text edits (n/2 text nodes: append a space, then restore), timed like insertRemove. */
export async function textEdits(n: number): Promise<number> {
  let ps = Array.from(document.querySelectorAll('article p, main p'));
  if (ps.length < 20) ps = Array.from(document.querySelectorAll('p, li, div'));
  const nodes: Text[] = [];
  for (const p of ps) {
    const tw = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const t = tw.nextNode() as Text | null;
    if (t && t.data.length > 0) nodes.push(t);
    if (nodes.length >= n / 2) break;
  }
  if (nodes.length === 0) return -1;
  const half = Math.floor(n / 2);
  const t0 = performance.now();
  for (let i = 0; i < half; i++) {
    const t = nodes[i % nodes.length]!;
    const orig = t.data;
    t.data = `${orig} `;
    t.data = orig;
  }
  await Promise.resolve();
  return performance.now() - t0;
}

type MarkCtor = typeof MarkJs;

/** mark.js used the obvious way: mark(aliasArray) with whole-word accuracy, case-insensitive, no diacritics classes. */
export function markArray(aliases: string[]): Promise<{ ms: number; layoutMs: number; count: number }> {
  const Mark = (window as unknown as { Mark: MarkCtor }).Mark;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    try {
      new Mark(document.body).mark(aliases, {
        separateWordSearch: false,
        caseSensitive: false,
        diacritics: false,
        accuracy: { value: 'exactly', limiters: [',', '.', ';', ':', '!', '?', '"', "'", '(', ')', '«', '»', '“', '”', '‘', '’', '-', '—'] },
        exclude: ['[data-markjs]'],
        done: (count: number) => {
          const t1 = performance.now();
          void document.body.offsetHeight;
          resolve({ ms: t1 - t0, layoutMs: performance.now() - t1, count });
        },
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/** mark.js markRegExp with one trie-shaped regex (compiled inside the timed section, as a page would). */
export function markTrie(re: { source: string; flags: string }): Promise<{ ms: number; layoutMs: number; count: number }> {
  const Mark = (window as unknown as { Mark: MarkCtor }).Mark;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    try {
      new Mark(document.body).markRegExp(new RegExp(re.source, re.flags), {
        done: (count: number) => {
          const t1 = performance.now();
          void document.body.offsetHeight;
          resolve({ ms: t1 - t0, layoutMs: performance.now() - t1, count });
        },
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
