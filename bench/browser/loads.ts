// One fresh page load per call: with the extension (first pass, append, mutations), without it (floor, baselines) and the mark.js runs.
import type { Page } from 'puppeteer-core';
import type { PageState } from '../../src/messages';
import { activeTab, heapAfterGc, metrics, pageState, pollState, type Metrics, type Session } from './chromium';
import {
  appendParagraphs,
  attachNoopObserver,
  detachNoopObserver,
  floorWalk,
  forcedLayout,
  highlightTotals,
  insertRemove,
  installProbe,
  markArray,
  markTrie,
  nowInPage,
  probeFrameSeen,
  removeAppended,
  stopProbe,
  textEdits,
  type ProbeData,
} from './inpage';

export const MUTATIONS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Reaction {
  /** Passes the extension ran after the page's own mutations, their JS time, and whether one of them rescanned the page. */
  passes: number;
  jsMs: number;
}

export interface ExtLoad {
  buildMs: number;
  /** perf.firstPassJsMs (slices only) and the wall time of the first pass. */
  passJsMs: number;
  wallMs: number;
  longestSliceMs: number;
  mentions: number;
  painted: number;
  marks: number;
  entities: Record<string, number>;
  /** CDP LayoutDuration / LayoutCount / RecalcStyleDuration from DOMContentLoaded to after the pass and a forced layout. */
  layoutMs: number;
  layoutCount: number;
  recalcMs: number;
  /** Time of the forced layout right after the pass (layout left pending by the pass). */
  pendingLayoutMs: number;
  /** Longest long task that started between DOMContentLoaded and the end of the first pass. */
  longestTaskMs: number;
  /** First frame with a visible highlight, from the renderer's start (registry seen) and from DOMContentLoaded. */
  firstVisibleFromStart: number;
  firstVisibleFromDcl: number;
  heap: number;
  append: { jsMs: number; passes: number; added: number; layoutMs: number } | null;
  mut: { insertRemoveMs: number; textEditMs: number; afterInsert: Reaction; afterEdits: Reaction } | null;
  stateUrlOk: boolean;
}

export interface BaseLoad {
  floorMs: number;
  nodes: number;
  chars: number;
  layoutMs: number;
  layoutCount: number;
  recalcMs: number;
  pendingLayoutMs: number;
  longestTaskMs: number;
  heap: number;
  appendLayoutMs: number;
  insertRemoveMs: number;
  textEditMs: number;
  /** The same mutations with only a do-nothing MutationObserver on the document (what observing costs by itself). */
  observedInsertRemoveMs: number;
  observedTextEditMs: number;
}

export interface MarkRun {
  status: 'ok' | 'timeout' | 'crash';
  ms: number;
  layoutMs: number;
  count: number;
  error?: string;
}

function longestTaskIn(p: ProbeData | null, from: number, to: number): number {
  if (!p) return NaN;
  let best = 0;
  // Tasks that started inside the window: the one that dispatched DOMContentLoaded is the page's own parsing.
  for (const [start, dur] of p.longtasks) if (start >= from && start < to) best = Math.max(best, dur);
  return best;
}

/** Opens `url` in a fresh tab with the probe; returns at DOMContentLoaded with the CDP metrics of that moment (before document_idle). */
async function openWithProbe(s: Session, url: string): Promise<{ page: Page; cdp: Awaited<ReturnType<Session['newPage']>>['cdp']; m0: Metrics }> {
  const { page, cdp } = await s.newPage();
  await page.evaluateOnNewDocument(installProbe);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  const m0 = await metrics(cdp);
  return { page, cdp, m0 };
}

/**
 * Waits for the extension to go idle: optionally until a pass newer than `afterPasses` started, then until two answers
 * at least `quiet` ms apart show the same total JS (the content script answers between slices, so a running pass
 * would have added a slice).
 */
async function settle(s: Session, tabId: number, afterPasses: number | null, quiet = 60, timeout = 60_000): Promise<PageState | null> {
  const deadline = Date.now() + timeout;
  if (afterPasses !== null) {
    const started = await pollState(s, tabId, (x) => (x.perf?.passes ?? 0) > afterPasses, { timeout: 1_500, interval: 15 });
    if (!started.ok) return started.state;
  }
  let last: PageState | null = null;
  let since = Date.now();
  for (;;) {
    const st = await pageState(s, tabId);
    if (st && last && st.perf?.totalJsMs === last.perf?.totalJsMs && st.perf?.passes === last.perf?.passes) {
      if (Date.now() - since >= quiet) return st;
    } else {
      since = Date.now();
    }
    if (st) last = st;
    if (Date.now() > deadline) return last;
    await sleep(20);
  }
}

function reaction(before: PageState | null, after: PageState | null): Reaction {
  return {
    passes: (after?.perf?.passes ?? 0) - (before?.perf?.passes ?? 0),
    jsMs: (after?.perf?.totalJsMs ?? 0) - (before?.perf?.totalJsMs ?? 0),
  };
}

export interface ExtLoadOptions {
  append: string[] | null;
  mutations: boolean;
  heap: boolean;
}

/** One fresh tab with the extension: waits for the first pass, then measures it and optionally the append and mutation tests. */
export async function extLoad(s: Session, url: string, o: ExtLoadOptions): Promise<ExtLoad> {
  const { page, cdp, m0 } = await openWithProbe(s, url);
  try {
    const tabId = await activeTab(s, page);
    const first = await pollState(s, tabId, (st) => (st.perf?.firstPassWallMs ?? -1) >= 0, { timeout: 120_000, interval: 25 });
    if (!first.ok || !first.state?.perf) throw new Error(`first pass never finished (last state: ${JSON.stringify(first.state)?.slice(0, 300)})`);
    const doneAt = await page.evaluate(nowInPage);
    // Let the highlights reach a frame (the probe records it), then stop the probe before anything else is timed.
    if (first.state.mentions > 0) await page.waitForFunction(probeFrameSeen, { polling: 'raf', timeout: 1_000 }).catch(() => {});
    const st = (await settle(s, tabId, null)) ?? first.state;
    const probe = await page.evaluate(stopProbe);
    const pendingLayoutMs = await page.evaluate(forcedLayout);
    const m = await metrics(cdp);
    const totals = await page.evaluate(highlightTotals);
    const perf = st.perf!;
    const heap = o.heap ? await heapAfterGc(cdp) : NaN;
    const out: ExtLoad = {
      buildMs: perf.indexBuildMs,
      passJsMs: perf.firstPassJsMs,
      wallMs: perf.firstPassWallMs,
      longestSliceMs: perf.longestSliceMs,
      mentions: st.mentions,
      painted: totals.painted,
      marks: totals.marks,
      entities: Object.fromEntries(st.entities.map((e) => [e.id, e.count])),
      layoutMs: m.LayoutDuration - m0.LayoutDuration,
      layoutCount: m.LayoutCount - m0.LayoutCount,
      recalcMs: m.RecalcStyleDuration - m0.RecalcStyleDuration,
      pendingLayoutMs,
      longestTaskMs: probe ? longestTaskIn(probe, probe.domContentLoadedEnd, doneAt) : NaN,
      firstVisibleFromStart: probe && probe.firstHighlightFrame >= 0 && probe.registeredAt >= 0 ? probe.firstHighlightFrame - probe.registeredAt : NaN,
      firstVisibleFromDcl: probe && probe.firstHighlightFrame >= 0 && probe.domContentLoadedEnd >= 0 ? probe.firstHighlightFrame - probe.domContentLoadedEnd : NaN,
      heap,
      append: null,
      mut: null,
      stateUrlOk: st.url === page.url(),
    };
    let now = st;
    if (o.append) {
      const a0 = await metrics(cdp);
      await page.evaluate(appendParagraphs, o.append);
      const after = (await settle(s, tabId, now.perf?.passes ?? 0)) ?? now;
      await page.evaluate(forcedLayout);
      const a1 = await metrics(cdp);
      const r = reaction(now, after);
      out.append = {
        jsMs: r.passes === 1 ? (after.perf?.lastPassJsMs ?? NaN) : r.jsMs,
        passes: r.passes,
        added: after.mentions - now.mentions,
        layoutMs: a1.LayoutDuration - a0.LayoutDuration,
      };
      now = after;
    }
    if (o.mutations) {
      const insertRemoveMs = await page.evaluate(insertRemove, MUTATIONS);
      const s1 = (await settle(s, tabId, now.perf?.passes ?? 0)) ?? now;
      const textEditMs = await page.evaluate(textEdits, MUTATIONS);
      const s2 = (await settle(s, tabId, s1.perf?.passes ?? 0)) ?? s1;
      out.mut = { insertRemoveMs, textEditMs, afterInsert: reaction(now, s1), afterEdits: reaction(s1, s2) };
    }
    return out;
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * One fresh tab without the extension: the floor, then the same layout/heap/append/mutation measurements as extLoad.
 * With `mark`, mark.js markRegExp runs last in the same tab (the mutation tests leave the DOM as it was).
 */
export async function baseLoad(
  s: Session,
  url: string,
  append: string[] | null,
  mutations: boolean,
  mark?: { source: string; re: { source: string; flags: string } },
): Promise<BaseLoad & { mark?: MarkRun }> {
  const { page, cdp, m0 } = await openWithProbe(s, url);
  try {
    await page.waitForFunction('document.readyState === "complete"', { timeout: 120_000 });
    const floor = await page.evaluate(floorWalk);
    await sleep(100);
    const probe = await page.evaluate(stopProbe);
    const now = await page.evaluate(nowInPage);
    const pendingLayoutMs = await page.evaluate(forcedLayout);
    const m = await metrics(cdp);
    const heap = await heapAfterGc(cdp);
    let appendLayoutMs = NaN;
    if (append) {
      const a0 = await metrics(cdp);
      await page.evaluate(appendParagraphs, append);
      await page.evaluate(forcedLayout);
      appendLayoutMs = (await metrics(cdp)).LayoutDuration - a0.LayoutDuration;
      await page.evaluate(removeAppended);
    }
    let insertRemoveMs = NaN;
    let textEditMs = NaN;
    let observedInsertRemoveMs = NaN;
    let observedTextEditMs = NaN;
    if (mutations) {
      insertRemoveMs = await page.evaluate(insertRemove, MUTATIONS);
      textEditMs = await page.evaluate(textEdits, MUTATIONS);
      await page.evaluate(attachNoopObserver);
      observedInsertRemoveMs = await page.evaluate(insertRemove, MUTATIONS);
      observedTextEditMs = await page.evaluate(textEdits, MUTATIONS);
      await page.evaluate(detachNoopObserver);
    }
    let markRun: MarkRun | undefined;
    if (mark) {
      await injectMark(page, mark.source);
      try {
        markRun = { status: 'ok', ...(await page.evaluate(markTrie, mark.re)) };
      } catch (err) {
        markRun = { status: 'crash', ms: NaN, layoutMs: NaN, count: NaN, error: (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 160) };
      }
    }
    return {
      ...(markRun ? { mark: markRun } : {}),
      floorMs: floor.ms,
      nodes: floor.nodes,
      chars: floor.chars,
      layoutMs: m.LayoutDuration - m0.LayoutDuration,
      layoutCount: m.LayoutCount - m0.LayoutCount,
      recalcMs: m.RecalcStyleDuration - m0.RecalcStyleDuration,
      pendingLayoutMs,
      longestTaskMs: probe ? longestTaskIn(probe, probe.domContentLoadedEnd, now) : NaN,
      heap,
      appendLayoutMs,
      insertRemoveMs,
      textEditMs,
      observedInsertRemoveMs,
      observedTextEditMs,
    };
  } finally {
    await page.close().catch(() => {});
  }
}

/** Injects mark.min.js with addScriptTag; a saved page's CSP blocks that inline script, and then the source goes in through CDP (not governed by CSP). */
async function injectMark(page: Page, markSource: string): Promise<void> {
  await page.addScriptTag({ content: markSource });
  if (!(await page.evaluate('typeof window.Mark === "function"'))) await page.evaluate(markSource);
}

/**
 * One fresh tab without the extension running mark.js (injected with addScriptTag) with `cap` ms: past the cap the
 * browser is killed by PID (a synchronous mark() cannot be interrupted) and the caller must relaunch.
 */
export async function markLoad(
  s: Session,
  url: string,
  markSource: string,
  run: { kind: 'array'; aliases: string[] } | { kind: 'trie'; source: string; flags: string },
  cap: number,
): Promise<MarkRun> {
  const { page } = await s.newPage();
  let killed = false;
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await injectMark(page, markSource);
    await page.evaluate(forcedLayout);
    const work =
      run.kind === 'array' ? page.evaluate(markArray, run.aliases) : page.evaluate(markTrie, { source: run.source, flags: run.flags });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const capped = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), cap);
    });
    const res = await Promise.race([work.then((v) => ({ v }), (e: unknown) => ({ e })), capped]);
    clearTimeout(timer);
    if (res === 'timeout') {
      killed = true;
      work.catch(() => {});
      s.kill();
      return { status: 'timeout', ms: NaN, layoutMs: NaN, count: NaN };
    }
    if ('e' in res) {
      const msg = res.e instanceof Error ? res.e.message : String(res.e);
      return { status: 'crash', ms: NaN, layoutMs: NaN, count: NaN, error: msg.split('\n')[0]!.slice(0, 160) };
    }
    return { status: 'ok', ...res.v };
  } finally {
    if (!killed) await page.close().catch(() => {});
  }
}

/** Opens popup.html?tabId=N as a tab and returns performance.now() (ms since its navigation start) when body[data-ready="true"] appears. */
export async function popupLoad(s: Session, tabId: number): Promise<{ readyMs: number; entities: number }> {
  const page = await s.browser.newPage();
  try {
    await page.evaluateOnNewDocument(
      `new MutationObserver((r, mo) => { if (document.body && document.body.dataset.ready === 'true') { window.__readyAt = performance.now(); mo.disconnect(); } })` +
        `.observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });`,
    );
    await page.goto(`${s.extOrigin}/popup.html?tabId=${tabId}`, { waitUntil: 'load' });
    await page.waitForFunction('typeof window.__readyAt === "number"', { timeout: 15_000 });
    const readyMs = (await page.evaluate('window.__readyAt')) as number;
    const entities = (await page.evaluate(`document.querySelectorAll('li').length`)) as number;
    return { readyMs, entities };
  } finally {
    await page.close().catch(() => {});
  }
}
