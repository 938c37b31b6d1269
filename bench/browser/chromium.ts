// Launches headless Debian Chromium (with or without an extension build), talks to the extension's service worker and kills hung browsers by PID.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import type { Browser, CDPSession, Page, WebWorker } from 'puppeteer-core';
import { CHROMIUM_ARGS, PAGE_VIEWPORT, findChromium } from '../../test/e2e/harness';
import type { PageState } from '../../src/messages';

/** esbuild (tsx) wraps named functions in __name(); the page has no such helper, so every bench page gets a no-op one. */
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((target) => target);';

/** The extension APIs the bench calls from the service worker, typed for evaluated functions. */
interface SwApi {
  tabs: {
    query(q: { active?: boolean; lastFocusedWindow?: boolean }): Promise<Array<{ id?: number }>>;
    sendMessage(tabId: number, msg: unknown): Promise<unknown>;
  };
  storage: { local: { set(items: Record<string, unknown>): Promise<void> } };
}

export interface Session {
  browser: Browser;
  pid: number | null;
  /** chrome-extension://<id> when an extension is loaded. */
  extOrigin: string | null;
  worker: WebWorker | null;
  /** Errors reported by pages opened through newPage() (page errors and console errors), with their URL. */
  errors: string[];
  newPage(): Promise<{ page: Page; cdp: CDPSession }>;
  close(): Promise<void>;
  /** SIGKILLs the browser's whole process group (used when a baseline runs past its cap). */
  kill(): void;
}

export interface LaunchOptions {
  renderMode?: 'paint' | 'wrap';
  /**
   * The reader's own data, written to storage.local before any page loads (key → value, as the extension stores it);
   * launch then waits until the background has published a page catalog holding `personalEntities` of the reader's.
   */
  userData?: { items: Record<string, unknown>; personalEntities: number };
}

export async function launch(extDir: string | null, options: LaunchOptions = {}): Promise<Session> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'backstory-bench-'));
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    pipe: true,
    enableExtensions: extDir ? [extDir] : false,
    userDataDir: profile,
    defaultViewport: { ...PAGE_VIEWPORT },
    args: [...CHROMIUM_ARGS],
    protocolTimeout: 180_000,
  });
  const pid = browser.process()?.pid ?? null;
  const errors: string[] = [];
  let extOrigin: string | null = null;
  let worker: WebWorker | null = null;
  const cleanup = () => fs.rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  try {
    if (extDir) {
      const manifest = JSON.parse(fs.readFileSync(path.join(extDir, 'manifest.json'), 'utf8')) as { background?: { service_worker?: string } };
      const swFile = `/${manifest.background?.service_worker ?? 'background.js'}`;
      const mode = options.renderMode ?? 'paint';
      // The worker can be caught while it (re)starts, before its extension APIs exist: retry on a fresh handle.
      for (let attempt = 1; ; attempt++) {
        const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://') && new URL(t.url()).pathname === swFile, {
          timeout: 15_000,
        });
        // URL.origin is "null" for chrome-extension: URLs; build it from the host.
        extOrigin = `chrome-extension://${new URL(target.url()).host}`;
        worker = await target.worker();
        try {
          if (!worker) throw new Error('extension service worker has no worker handle');
          await worker.evaluate(async (m: string) => {
            const api = (globalThis as unknown as { chrome: SwApi }).chrome;
            await api.storage.local.set({ settings: { version: 1, renderMode: m } });
          }, mode);
          if (options.userData) await publishUserData(worker, options.userData);
          break;
        } catch (err) {
          if (attempt >= 5) throw err;
          await new Promise((r) => setTimeout(r, 300));
        }
      }
    }
  } catch (err) {
    await browser.close().catch(() => {});
    cleanup();
    throw err;
  }
  let dead = false;
  const session: Session = {
    browser,
    pid,
    extOrigin,
    worker,
    errors,
    async newPage() {
      const page = await browser.newPage();
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e instanceof Error ? e.message : String(e)}`));
      page.on('console', (m) => {
        // Saved pages log their blocked third-party loads; only our generated pages' errors and anything naming the extension are kept.
        if (m.type() !== 'error') return;
        const text = m.text();
        if (/\/gen\//.test(page.url()) || /backstory|chrome-extension:/i.test(text)) errors.push(`${page.url()}: console.error: ${text}`);
      });
      await page.evaluateOnNewDocument(NAME_SHIM);
      const cdp = await page.createCDPSession();
      await cdp.send('Performance.enable');
      return { page, cdp };
    },
    async close() {
      if (!dead) {
        dead = true;
        const closed = await Promise.race([
          browser.close().then(
            () => true,
            () => false,
          ),
          new Promise<boolean>((r) => setTimeout(() => r(false), 10_000)),
        ]);
        if (!closed) session.kill();
      }
      cleanup();
    },
    kill() {
      dead = true;
      if (pid) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    },
  };
  return session;
}

/** The tab id of the page just opened (the active tab of the last focused window). */
/** Stores the reader's data through the extension's own worker and waits for the background to republish the catalog. */
async function publishUserData(worker: WebWorker, data: { items: Record<string, unknown>; personalEntities: number }): Promise<void> {
  await worker.evaluate(async (items: Record<string, unknown>) => {
    const api = (globalThis as unknown as { chrome: SwApi }).chrome;
    await api.storage.local.set(items);
  }, data.items);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const n = await worker.evaluate(async () => {
      type Published = { entities?: Array<{ personal?: boolean }> };
      const api = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, Published | undefined>> } } } }).chrome;
      const published = (await api.storage.local.get('cache:match-index'))['cache:match-index'];
      return (published?.entities ?? []).filter((e) => e.personal).length;
    });
    if (n >= data.personalEntities) return;
    if (Date.now() > deadline) throw new Error(`the background published ${n} of the reader's entities, not ${data.personalEntities}, within 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function activeTab(s: Session, page: Page): Promise<number> {
  await page.bringToFront();
  const id = await s.worker!.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: SwApi }).chrome;
    return (await api.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id ?? -1;
  });
  if (id < 0) throw new Error('no active tab');
  return id;
}

/** tabs.sendMessage(tabId, {type:'getPageState'}) from the service worker; null while the content script is not listening yet. */
export async function pageState(s: Session, tabId: number): Promise<PageState | null> {
  try {
    return (await s.worker!.evaluate(async (id: number) => {
      const api = (globalThis as unknown as { chrome: SwApi }).chrome;
      return api.tabs.sendMessage(id, { type: 'getPageState' });
    }, tabId)) as PageState | null;
  } catch (err) {
    // A restarted service worker is a new target: pick it up for the next call.
    if (/closed|detached|destroyed/i.test(err instanceof Error ? err.message : String(err))) {
      const t = s.browser.targets().find((x) => x.type() === 'service_worker' && x.url().startsWith(`${s.extOrigin}/`));
      const w = t ? await t.worker().catch(() => null) : null;
      if (w) s.worker = w;
    }
    return null;
  }
}

/** Polls the page state until `done(state)` or the timeout (then returns the last state seen, possibly null). */
export async function pollState(
  s: Session,
  tabId: number,
  done: (st: PageState) => boolean,
  options: { timeout?: number; interval?: number } = {},
): Promise<{ state: PageState | null; ok: boolean }> {
  const started = Date.now();
  const deadline = started + (options.timeout ?? 60_000);
  let last: PageState | null = null;
  for (;;) {
    const st = await pageState(s, tabId);
    if (st) last = st;
    if (st && done(st)) return { state: st, ok: true };
    if (Date.now() > deadline) return { state: last, ok: false };
    // Every answer costs the page a little main-thread time, so long waits poll less often.
    const interval = Math.min(250, (options.interval ?? 50) + (Date.now() - started) / 20);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export interface Metrics {
  LayoutDuration: number;
  LayoutCount: number;
  RecalcStyleDuration: number;
  ScriptDuration: number;
  TaskDuration: number;
  JSHeapUsedSize: number;
  Nodes: number;
}

/** CDP Performance.getMetrics as a record (durations converted to ms). */
export async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(list.map((x) => [x.name, x.value])) as Record<string, number>;
  return {
    LayoutDuration: (m.LayoutDuration ?? 0) * 1000,
    LayoutCount: m.LayoutCount ?? 0,
    RecalcStyleDuration: (m.RecalcStyleDuration ?? 0) * 1000,
    ScriptDuration: (m.ScriptDuration ?? 0) * 1000,
    TaskDuration: (m.TaskDuration ?? 0) * 1000,
    JSHeapUsedSize: m.JSHeapUsedSize ?? 0,
    Nodes: m.Nodes ?? 0,
  };
}

/** JS heap in use after a full GC (HeapProfiler.collectGarbage; about 0.7 s on the 5 MB page), in bytes. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await metrics(cdp)).JSHeapUsedSize;
}
