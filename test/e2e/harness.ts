// Shared e2e helpers: fixture HTTP server, browser discovery and launch with the built extension, extension-context queries, highlight counting and screenshots.
//
// Recipe and pitfalls: /work/shared/notes/e2e-recipe.md (puppeteer-core 24 + Debian Chromium over CDP, Firefox ESR over WebDriver BiDi).
// Writing functions for page.evaluate / worker.evaluate: tsx compiles this file with esbuild's keepNames, which wraps
// *named* function expressions (`const f = () => ...`) in `__name(...)`; that helper does not exist in the browser, so
// such a function fails there with "__name is not defined". Inside evaluated functions use only inline, anonymous callbacks.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import puppeteer from 'puppeteer-core';
import type { Browser, ElementHandle, Extension, Page, WebWorker } from 'puppeteer-core';
import type { PageState } from '../../src/messages';
import type { Settings } from '../../src/settings';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES_DIR = path.join(ROOT, 'test/fixtures/pages');
export const SCREENSHOT_DIR = path.join(ROOT, 'out/screenshots');
/** Viewport of every page the harness opens (also the size of the demo screenshots). */
export const PAGE_VIEWPORT = { width: 1280, height: 900 } as const;
/** Viewport of popup.html when it is opened as a page (the real toolbar popup sizes itself). */
export const POPUP_VIEWPORT = { width: 400, height: 600 } as const;
/** moz-extension://<uuid>/ of the extension in Firefox, pinned through the extensions.webextensions.uuids pref. */
export const FIREFOX_UUID = '6d1b5a3e-0c4f-4e2a-9b7d-8a2f1e5c3b90';

export const CHROMIUM_ARGS = [
  '--no-sandbox', // required when running as root (CI)
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const DEFAULT_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------------------------------------------------------
// Fixture server

export interface RouteSpec {
  status?: number;
  /** Extra or overriding response headers, e.g. a strict Content-Security-Policy. */
  headers?: Record<string, string>;
  /** The response body; or give `file` to serve a fixture file (relative to test/fixtures/pages) under these headers. */
  body?: string | Buffer;
  file?: string;
}
export type RouteHandler = (req: http.IncomingMessage, body: Buffer) => RouteSpec | Promise<RouteSpec>;

export interface LoggedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface FixtureServer {
  /** The index page, `${origin}/`. */
  url: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** Absolute URL of a fixture file or route, e.g. pageUrl('demo-article.html'). */
  pageUrl(name: string): string;
  /** Adds (or replaces) an inline route; `routePath` must start with "/". Returns its absolute URL. */
  route(routePath: string, spec: RouteSpec | RouteHandler): string;
  /** Every request received, in order (e.g. to count CSP reports or stray network requests). */
  requests: LoggedRequest[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};

function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Resolves a fixture name inside `root`, refusing anything that escapes it. */
function fixturePath(root: string, name: string): string | null {
  const decoded = decodeURIComponent(name).replace(/^\/+/, '');
  const file = path.resolve(root, decoded === '' ? 'index.html' : decoded);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return fs.existsSync(file) && fs.statSync(file).isFile() ? file : null;
}

/** Serves test/fixtures/pages/* (plus inline routes) on 127.0.0.1 at a free port. Loopback only. */
export async function startServer(options: { root?: string } = {}): Promise<FixtureServer> {
  const root = path.resolve(options.root ?? FIXTURES_DIR);
  const routes = new Map<string, RouteSpec | RouteHandler>();
  const requests: LoggedRequest[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
        requests.push({ method: req.method ?? 'GET', path: pathname, headers: req.headers, body: body.toString('utf8'), at: Date.now() });
        const route = routes.get(pathname);
        let spec: RouteSpec | null = null;
        try {
          if (typeof route === 'function') spec = await route(req, body);
          else if (route) spec = route;
          else if (pathname === '/favicon.ico') spec = { status: 204 }; // keeps 404 noise out of the console
          else {
            const file = fixturePath(root, pathname);
            if (file) spec = { file: path.relative(root, file) };
          }
        } catch (err) {
          spec = { status: 500, body: String(err), headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
        }
        if (!spec) {
          res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end(`not found: ${pathname}`);
          return;
        }
        let payload: string | Buffer = spec.body ?? '';
        let type = 'text/html; charset=utf-8';
        if (spec.file !== undefined) {
          const file = fixturePath(root, spec.file);
          if (!file) throw new Error(`fixture file not found: ${spec.file}`);
          payload = fs.readFileSync(file);
          type = contentTypeOf(file);
        }
        res.writeHead(spec.status ?? 200, { 'Content-Type': type, 'Cache-Control': 'no-store', ...spec.headers });
        res.end(req.method === 'HEAD' ? undefined : payload);
      })().catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(String(err));
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    port,
    requests,
    pageUrl: (name) => `${origin}/${name.replace(/^\/+/, '')}`,
    route(routePath, spec) {
      if (!routePath.startsWith('/')) throw new Error(`route path must start with "/": ${routePath}`);
      routes.set(routePath, spec);
      return `${origin}${routePath}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Browsers

function findBrowser(label: string, envVar: string, defaultPath: string, aptPackage: string): string {
  const bin = process.env[envVar] || defaultPath;
  let ok = false;
  try {
    fs.accessSync(bin, fs.constants.X_OK);
    ok = fs.statSync(bin).isFile();
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new Error(`${label} not found at ${bin}: install it with \`apt-get update && apt-get install -y ${aptPackage}\` or set ${envVar}`);
  }
  return bin;
}

/** CHROMIUM_BIN or /usr/bin/chromium; throws with install instructions when missing (tests never skip). */
export function findChromium(): string {
  return findBrowser('Chromium', 'CHROMIUM_BIN', '/usr/bin/chromium', 'chromium');
}

/** FIREFOX_BIN or /usr/bin/firefox-esr; throws with install instructions when missing (tests never skip). */
export function findFirefox(): string {
  return findBrowser('Firefox ESR', 'FIREFOX_BIN', '/usr/bin/firefox-esr', 'firefox-esr');
}

export interface BuiltManifest {
  name: string;
  version: string;
  action?: { default_popup?: string };
  background?: { service_worker?: string; scripts?: string[] };
  browser_specific_settings?: { gecko?: { id?: string } };
}

/** Resolves an extension directory (relative to the repo root) and reads its manifest; throws a clear error when it is not built. */
export function readExtension(extDir: string): { dir: string; manifest: BuiltManifest } {
  const dir = path.resolve(ROOT, extDir);
  const manifestPath = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) {
    throw new Error(`Extension not built: ${manifestPath} is missing. Run \`npm run build\` first.`);
  }
  return { dir, manifest: JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as BuiltManifest };
}

export interface PageErrorRecord {
  /** URL of the page (or extension page) the error happened in. */
  url: string;
  message: string;
}

interface ContextBase {
  browser: Browser;
  /** Absolute path of the loaded extension. */
  extDir: string;
  manifest: BuiltManifest;
  /** Origin of extension pages: chrome-extension://<id> or moz-extension://<uuid>. */
  extOrigin: string;
  /**
   * Uncaught errors ('pageerror') of every page opened through the harness, extension pages included; content-script
   * exceptions land here too (checked in both browsers). Firefox (BiDi) also reports CSP violations here, e.g. a blocked
   * favicon under `default-src 'none'`, and an error thrown during the first load may carry the url "about:blank".
   */
  pageErrors: PageErrorRecord[];
  /** console.error messages, for diagnostics only (browsers log e.g. failed favicon loads there). */
  consoleErrors: PageErrorRecord[];
  /** A new tab with PAGE_VIEWPORT and error collection; `window: true` opens it in a new window instead. */
  newPage(options?: { window?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

export interface ChromiumContext extends ContextBase {
  kind: 'chromium';
  extId: string;
  /** The extension's service worker. Use serviceWorker(ctx) to get a live one if the worker was restarted. */
  worker: WebWorker;
  extension(): Promise<Extension>;
}

export interface FirefoxContext extends ContextBase {
  kind: 'firefox';
  uuid: string;
  geckoId: string;
  /** Lazily opened extension page (a window at moz-extension://<uuid>/manifest.json) used to call extension APIs. */
  helperPage: Page | null;
}

export type BrowserKind = 'chromium' | 'firefox';
export type ExtContext = ChromiumContext | FirefoxContext;
type ContextOf<K extends BrowserKind> = K extends 'chromium' ? ChromiumContext : FirefoxContext;

function checkKind<K extends BrowserKind>(kind: K, ctx: ExtContext): ContextOf<K> {
  if (ctx.kind !== kind) throw new Error(`harness: expected a ${kind} context, got ${ctx.kind}`);
  return ctx as ContextOf<K>;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const watchedPages = new WeakSet<Page>();

/** Records page errors (and console errors) of `page` into the context. Idempotent. */
export function watchPage(ctx: Pick<ContextBase, 'pageErrors' | 'consoleErrors'>, page: Page): Page {
  if (watchedPages.has(page)) return page;
  watchedPages.add(page);
  page.on('pageerror', (err) => {
    ctx.pageErrors.push({ url: safeUrl(page), message: errorMessage(err) });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') ctx.consoleErrors.push({ url: safeUrl(page), message: msg.text() });
  });
  return page;
}

function safeUrl(page: Page): string {
  try {
    return page.url();
  } catch {
    return '(closed)';
  }
}

async function newWatchedPage(ctx: ContextBase, browser: Browser, options: { window?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage(options.window ? { type: 'window' } : undefined);
  watchPage(ctx, page);
  await page.setViewport({ ...PAGE_VIEWPORT });
  return page;
}

export interface LaunchOptions {
  /** Default true. start.ts passes false to show the browser on a desktop. */
  headless?: boolean;
  /**
   * Firefox only: extra preferences for the fresh profile, e.g. `{ 'extensions.webextOptionalPermissionPrompts': false }`
   * (Mozilla's own test switch) to grant permissions.request() without the doorhanger prompt that headless runs cannot answer.
   */
  firefoxPrefs?: Record<string, string | number | boolean>;
}

/** Launches Debian Chromium with a fresh profile and the unpacked extension (dist/chrome by default; env E2E_CHROME_DIR overrides). */
export async function launchChromium(extDir = process.env.E2E_CHROME_DIR || 'dist/chrome', options: LaunchOptions = {}): Promise<ChromiumContext> {
  const executablePath = findChromium();
  const { dir, manifest } = readExtension(extDir);
  const headless = options.headless ?? true;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'backstory-chromium-'));
  let browser: Browser | null = null;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless,
      pipe: true, // required by enableExtensions
      enableExtensions: [dir],
      userDataDir: profile,
      defaultViewport: headless ? { ...PAGE_VIEWPORT } : null,
      args: [...CHROMIUM_ARGS, ...(headless ? [] : [`--window-size=${PAGE_VIEWPORT.width},${PAGE_VIEWPORT.height + 100}`])],
    });
    const b = browser;
    const workerFile = manifest.background?.service_worker;
    if (!workerFile) throw new Error(`${dir}/manifest.json has no background.service_worker`);
    const swTarget = await b.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://') && t.url().endsWith(`/${workerFile}`),
      { timeout: DEFAULT_TIMEOUT_MS },
    );
    const extId = new URL(swTarget.url()).host;
    const worker = await swTarget.worker();
    if (!worker) throw new Error(`could not attach to the service worker ${swTarget.url()}`);
    await untilWorkerApis(worker, swTarget.url());
    const ctx: ChromiumContext = {
      kind: 'chromium',
      browser: b,
      extDir: dir,
      manifest,
      extId,
      extOrigin: `chrome-extension://${extId}`,
      worker,
      pageErrors: [],
      consoleErrors: [],
      newPage: (opts) => newWatchedPage(ctx, b, opts),
      async extension() {
        const ext = (await b.extensions()).get(extId);
        if (!ext) throw new Error(`extension ${extId} is not listed by browser.extensions()`);
        return ext;
      },
      async close() {
        await b.close().catch(() => {});
        fs.rmSync(profile, { recursive: true, force: true });
      },
    };
    // Pages the browser opens by itself (the real toolbar popup) get error collection too.
    b.on('targetcreated', (target) => {
      if (target.type() !== 'page') return;
      target
        .page()
        .then((p) => {
          if (p) watchPage(ctx, p);
        })
        .catch(() => {});
    });
    return ctx;
  } catch (err) {
    await browser?.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}

/** Launches Firefox ESR (puppeteer makes and removes a fresh profile) and installs the extension (dist/firefox by default; env E2E_FIREFOX_DIR overrides) as a temporary add-on. */
export async function launchFirefox(extDir = process.env.E2E_FIREFOX_DIR || 'dist/firefox', options: LaunchOptions = {}): Promise<FirefoxContext> {
  const executablePath = findFirefox();
  const { dir, manifest } = readExtension(extDir);
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (!geckoId) throw new Error(`${dir}/manifest.json has no browser_specific_settings.gecko.id (Firefox MV3 needs one)`);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: options.headless ?? true,
    defaultViewport: { ...PAGE_VIEWPORT },
    args: ['--remote-allow-system-access'], // else BiDi refuses to navigate to moz-extension:// pages
    extraPrefsFirefox: { ...options.firefoxPrefs, 'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: FIREFOX_UUID }) },
  });
  try {
    const installed = await browser.installExtension(dir);
    if (installed !== geckoId) throw new Error(`Firefox installed ${installed}, expected ${geckoId}`);
  } catch (err) {
    await browser.close().catch(() => {});
    throw err;
  }
  const ctx: FirefoxContext = {
    kind: 'firefox',
    browser,
    extDir: dir,
    manifest,
    uuid: FIREFOX_UUID,
    geckoId,
    extOrigin: `moz-extension://${FIREFOX_UUID}`,
    helperPage: null,
    pageErrors: [],
    consoleErrors: [],
    newPage: (opts) => newWatchedPage(ctx, browser, opts),
    async close() {
      await browser.close().catch(() => {});
    },
  };
  return ctx;
}

/** Launches the browser of `kind` with its built extension. */
export function launch(kind: BrowserKind, options: LaunchOptions = {}): Promise<ExtContext> {
  return kind === 'chromium' ? launchChromium(undefined, options) : launchFirefox(undefined, options);
}

/**
 * Navigates to a moz-extension:// URL. puppeteer's goto() never resolves for those over BiDi (the page loads fine),
 * so it is fired and forgotten and we wait for the document instead.
 */
async function gotoMozExtension(page: Page, url: string, readyExpression: string, timeout = DEFAULT_TIMEOUT_MS, landsOn = url): Promise<void> {
  page.goto(url).catch(() => {});
  const expression = `location.href === ${JSON.stringify(landsOn)} && document.readyState === 'complete' && (${readyExpression})`;
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      await page.waitForFunction(expression, { timeout: Math.max(1, deadline - Date.now()) });
      return;
    } catch (err) {
      // The wait can start in the old document; when the navigation replaces it, BiDi ends the wait with a bare
      // "Waiting failed" (no timeout). Wait again in the new document until the deadline.
      if (Date.now() >= deadline || /timeout|exceeded/i.test(errorMessage(err))) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Extension-context evaluation

/** The few extension APIs the harness calls, typed for use inside evaluated functions. */
interface ExtApi {
  tabs: {
    sendMessage(tabId: number, message: unknown): Promise<unknown>;
    query(query: { active?: boolean }): Promise<Array<{ id?: number; url?: string; windowId: number }>>;
    getCurrent?(): Promise<{ id?: number } | undefined>;
  };
  action: { getBadgeText(details: { tabId: number }): Promise<string> };
}
type ExtGlobal = { browser?: ExtApi; chrome?: ExtApi };

/** A worker caught while it starts has no extension APIs yet (chrome.storage undefined): waits until it has. */
async function untilWorkerApis(worker: WebWorker, url: string): Promise<void> {
  await waitFor(
    () => worker.evaluate(() => !!(globalThis as unknown as { chrome?: { storage?: unknown } }).chrome?.storage).catch(() => false),
    (ok) => ok,
    { timeout: DEFAULT_TIMEOUT_MS, interval: 50, describe: () => `the service worker ${url} never got its extension APIs` },
  );
}

/** A live handle on the Chromium service worker (re-attaches if the worker was restarted). */
export async function serviceWorker(ctx: ChromiumContext): Promise<WebWorker> {
  try {
    await ctx.worker.evaluate(() => 1);
    return ctx.worker;
  } catch {
    const workerFile = ctx.manifest.background?.service_worker ?? 'background.js';
    const target = await ctx.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url() === `${ctx.extOrigin}/${workerFile}`, {
      timeout: DEFAULT_TIMEOUT_MS,
    });
    const worker = await target.worker();
    if (!worker) throw new Error('service worker target has no worker');
    await untilWorkerApis(worker, target.url());
    ctx.worker = worker;
    return worker;
  }
}

/** The Firefox extension page used to call extension APIs: an extension document with no code of its own, in its own window. */
export async function firefoxHelperPage(ctx: FirefoxContext): Promise<Page> {
  if (ctx.helperPage && !ctx.helperPage.isClosed()) return ctx.helperPage;
  const page = await ctx.newPage({ window: true });
  await gotoMozExtension(page, `${ctx.extOrigin}/manifest.json`, `typeof browser === 'object' && !!browser.tabs`);
  ctx.helperPage = page;
  return page;
}

/** Runs `fn(arg)` in an extension context: the Chromium service worker, or the Firefox helper extension page. */
export async function evaluateInExtension<A, R>(ctx: ExtContext, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
  const target: WebWorker | Page = ctx.kind === 'chromium' ? await serviceWorker(ctx) : await firefoxHelperPage(ctx);
  return (await target.evaluate(fn as (arg: unknown) => unknown, arg)) as R;
}

/** Polls `fn` until `done(value)` holds; on timeout throws `describe(lastValue, lastError)`. */
export async function waitFor<T>(
  fn: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeout?: number; interval?: number; describe?: (last: T | undefined, lastError: unknown) => string } = {},
): Promise<T> {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await fn();
      lastError = undefined;
      if (done(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const detail = options.describe
        ? options.describe(last, lastError)
        : `last value: ${JSON.stringify(last)}${lastError ? `; last error: ${errorMessage(lastError)}` : ''}`;
      throw new Error(`timed out after ${timeout} ms: ${detail}`);
    }
    await new Promise((r) => setTimeout(r, options.interval ?? 100));
  }
}

/**
 * The browser tab id of `page` (brought to the front first). Candidates are the active tab of every window; the harness's
 * own extension pages are excluded by URL, and when several remain each one's content script is asked for its URL.
 */
export async function activeTabId(kind: BrowserKind, ctx: ExtContext, page: Page, options: { timeout?: number } = {}): Promise<number> {
  checkKind(kind, ctx);
  await page.bringToFront();
  const want = page.url();
  const extOrigin = ctx.extOrigin;
  return waitFor(
    async () => {
      const candidates = await evaluateInExtension(
        ctx,
        async (origin: string) => {
          const g = globalThis as unknown as ExtGlobal;
          const api = (g.browser ?? g.chrome) as ExtApi;
          const tabs = await api.tabs.query({ active: true });
          return tabs
            .filter((t) => t.id !== undefined && !(t.url ?? '').startsWith(origin))
            .map((t) => ({ id: t.id as number, url: t.url ?? null }));
        },
        extOrigin,
      );
      const exact = candidates.find((c) => c.url === want);
      if (exact) return exact.id;
      const unknown = candidates.filter((c) => c.url === null);
      if (unknown.length === 1 && unknown[0]) return unknown[0].id;
      for (const c of unknown) {
        const state = await sendToTab(ctx, c.id, { type: 'getPageState' }).catch(() => null);
        if (state && typeof state === 'object' && (state as { url?: unknown }).url === want) return c.id;
      }
      return -1;
    },
    (id) => id >= 0,
    { timeout: options.timeout, describe: (_, e) => `no browser tab found for ${want}${e ? ` (${errorMessage(e)})` : ''}` },
  );
}

/** tabs.sendMessage(tabId, message) from an extension context; rejects like the API does. */
export function sendToTab(ctx: ExtContext, tabId: number, message: unknown): Promise<unknown> {
  return evaluateInExtension(
    ctx,
    async ({ id, msg }: { id: number; msg: unknown }) => {
      const g = globalThis as unknown as ExtGlobal;
      const api = (g.browser ?? g.chrome) as ExtApi;
      return api.tabs.sendMessage(id, msg);
    },
    { id: tabId, msg: message },
  );
}

/**
 * Asks tab `tabId`'s content script for its PageState ({type:'getPageState'}) and polls until `until(state)` holds
 * (default: at least one entity), or throws a clear error with the last answer.
 */
export async function getPageState(
  kind: BrowserKind,
  ctx: ExtContext,
  tabId: number,
  options: { timeout?: number; until?: (state: PageState) => boolean } = {},
): Promise<PageState> {
  checkKind(kind, ctx);
  const until = options.until ?? ((s: PageState) => Array.isArray(s.entities) && s.entities.length > 0);
  return waitFor(
    async () => (await sendToTab(ctx, tabId, { type: 'getPageState' })) as PageState,
    (s) => s !== null && s !== undefined && until(s),
    {
      timeout: options.timeout,
      describe: (last, err) =>
        `getPageState(tab ${tabId}) in ${kind} never satisfied the condition (default: entities.length > 0). ` +
        `Last answer: ${JSON.stringify(last)}${err ? `; last error: ${errorMessage(err)}` : ''}`,
    },
  );
}

/** The toolbar badge text of tab `tabId` (action.getBadgeText from the service worker / an extension page). */
export async function getBadgeText(kind: BrowserKind, ctx: ExtContext, tabId: number): Promise<string> {
  checkKind(kind, ctx);
  return evaluateInExtension(
    ctx,
    async (id: number) => {
      const g = globalThis as unknown as ExtGlobal;
      const api = (g.browser ?? g.chrome) as ExtApi;
      return api.action.getBadgeText({ tabId: id });
    },
    tabId,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Popup

export const POPUP_READY = 'body[data-ready="true"]';

/**
 * Opens popup.html?tabId=N as an ordinary page in its own window (so the article tab stays the visible tab of its window)
 * and waits for body[data-ready="true"].
 */
export async function openPopup(
  kind: BrowserKind,
  ctx: ExtContext,
  tabId: number,
  options: { timeout?: number; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  checkKind(kind, ctx);
  const popupFile = ctx.manifest.action?.default_popup ?? 'popup.html';
  const url = `${ctx.extOrigin}/${popupFile}?tabId=${tabId}`;
  const page = await ctx.newPage({ window: true });
  await page.setViewport({ ...(options.viewport ?? POPUP_VIEWPORT) });
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  if (ctx.kind === 'chromium') {
    await page.goto(url);
    await page.waitForSelector(POPUP_READY, { timeout });
  } else {
    await gotoMozExtension(page, url, `document.body?.dataset.ready === 'true'`, timeout);
  }
  return page;
}

/** Chromium only: clicks the toolbar button for `page` (opens the REAL action popup) and waits until it is ready. */
export async function openRealPopup(ctx: ChromiumContext, page: Page, options: { timeout?: number } = {}): Promise<Page> {
  const popupFile = ctx.manifest.action?.default_popup ?? 'popup.html';
  const popupUrl = `${ctx.extOrigin}/${popupFile}`;
  await page.bringToFront();
  const targetPromise = ctx.browser.waitForTarget((t) => t.type() === 'page' && t.url().startsWith(popupUrl), {
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
  });
  await page.triggerExtensionAction(await ctx.extension());
  const target = await targetPromise;
  const popup = await target.asPage();
  watchPage(ctx, popup);
  await popup.waitForSelector(POPUP_READY, { timeout: options.timeout ?? DEFAULT_TIMEOUT_MS });
  return popup;
}

// ---------------------------------------------------------------------------------------------------------------
// Highlights

export interface HighlightCounts {
  /** Size of every CSS.highlights entry whose name starts with "backstory" (paint renderer), overlays included. */
  painted: Record<string, number>;
  /** Number of <backstorymark> elements (wrap renderer; one mention split across text nodes gives several). */
  marks: number;
  /** Painted ranges (without overlays) plus marks. */
  total: number;
}

/**
 * Highlights that re-paint a range already counted under its type highlight (the "current mention" flash after
 * showMention), so they are left out of the total.
 */
export const OVERLAY_HIGHLIGHTS = ['backstory-current'];

/** Counts our highlights from whatever realm this runs in (serialized into the page: keep it self-contained). */
function countHighlightsInRealm(overlays: string[]): HighlightCounts {
  const painted: Record<string, number> = {};
  const registry = (globalThis as unknown as { CSS?: { highlights?: Iterable<[string, { size: number }]> } }).CSS?.highlights;
  let total = 0;
  if (registry) {
    for (const [name, highlight] of registry) {
      if (!name.startsWith('backstory')) continue;
      painted[name] = highlight.size;
      if (!overlays.includes(name)) total += highlight.size;
    }
  }
  const marks = document.querySelectorAll('backstorymark').length;
  return { painted, marks, total: total + marks };
}

/**
 * What the page's MAIN world sees of our highlights: the backstory* entries of CSS.highlights registered by the content
 * script's paint renderer, plus <backstorymark> elements of the wrap renderer.
 */
export async function highlightCounts(page: Page): Promise<HighlightCounts> {
  return page.evaluate(countHighlightsInRealm, OVERLAY_HIGHLIGHTS);
}

/** Sum of the sizes of the backstory* CSS highlights (overlays excluded) plus the number of backstorymark elements, seen from the page's main world. */
export async function countPaintedHighlights(page: Page): Promise<number> {
  return (await highlightCounts(page)).total;
}

/** Polls until countPaintedHighlights(page) >= min. */
export async function waitForHighlights(page: Page, options: { min?: number; timeout?: number } = {}): Promise<number> {
  const min = options.min ?? 1;
  return waitFor(() => countPaintedHighlights(page), (n) => n >= min, {
    timeout: options.timeout,
    describe: (last, err) =>
      `expected at least ${min} highlight(s) on ${page.url()}, saw ${String(last)}${err ? ` (${errorMessage(err)})` : ''}`,
  });
}

/**
 * Chromium only (diagnostic): the same counts as seen from the content script's isolated world(s), via page.extensionRealms().
 * Returns one entry per extension realm of the main frame.
 */
export async function contentScriptHighlightCounts(page: Page): Promise<HighlightCounts[]> {
  const out: HighlightCounts[] = [];
  for (const realm of page.extensionRealms()) out.push(await realm.evaluate(countHighlightsInRealm, OVERLAY_HIGHLIGHTS));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Screenshots and page helpers

/** Opens `url` in a new watched tab (1280x900) and waits for load. */
export async function openPage(ctx: ExtContext, url: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

/** Writes out/screenshots/<name>.png (name may contain no extension) and returns the absolute path. */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path: file as `${string}.png`, fullPage: options.fullPage ?? false });
  return file;
}

/** Screenshots one element (e.g. the entity detail) into out/screenshots/<name>.png. */
export async function saveElementScreenshot(page: Page, selector: string, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, name.endsWith('.png') ? name : `${name}.png`);
  const handle = await page.waitForSelector(selector);
  if (!handle) throw new Error(`no element ${selector} to screenshot`);
  await handle.screenshot({ path: file as `${string}.png` });
  return file;
}

/** Values of every input and textarea of the page, in document order (to check the extension never changes them). */
export async function formValues(page: Page): Promise<string[]> {
  return page.$$eval('input, textarea', (els) => els.map((el) => (el as HTMLInputElement | HTMLTextAreaElement).value));
}

/** Formats the collected page errors for an assertion message. */
export function describeErrors(errors: PageErrorRecord[]): string {
  return errors.map((e) => `${e.url}: ${e.message}`).join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Extension state: tabs, settings, commands, permissions

/** Loosely typed extension API for helpers that need more than ExtApi (evaluated in the extension context). */
type AnyApi = Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;

/** Every browser tab as the extension sees it: id, window, active flag and url (null where the browser hides it from the extension). */
export async function listTabs(ctx: ExtContext): Promise<Array<{ id: number; windowId: number; active: boolean; url: string | null }>> {
  return evaluateInExtension(
    ctx,
    async () => {
      const g = globalThis as unknown as { browser?: AnyApi; chrome?: AnyApi };
      const api = (g.browser ?? g.chrome) as AnyApi;
      const tabs = (await api.tabs!.query!({})) as Array<{ id?: number; windowId: number; active: boolean; url?: string }>;
      return tabs.filter((t) => t.id !== undefined).map((t) => ({ id: t.id as number, windowId: t.windowId, active: t.active, url: t.url ?? null }));
    },
    null,
  );
}

/**
 * Opens a new tab and returns it with its browser tab id, found as the one id that was not there before. Works for pages
 * whose url the extension may not see (about:blank, data:, other extensions' pages), unlike activeTabId.
 */
export async function newTabWithId(ctx: ExtContext, options: { window?: boolean } = {}): Promise<{ page: Page; tabId: number }> {
  const before = new Set((await listTabs(ctx)).map((t) => t.id));
  const page = await ctx.newPage(options);
  const tabId = await waitFor(
    async () => (await listTabs(ctx)).map((t) => t.id).filter((id) => !before.has(id)),
    (ids) => ids.length === 1,
    { describe: (last) => `expected exactly one new tab id, saw ${JSON.stringify(last)}` },
  );
  return { page, tabId: tabId[0] as number };
}

/**
 * Navigates to any URL, extension pages included: moz-extension:// URLs go through the BiDi workaround (goto never
 * resolves there), everything else through goto(). `ready` is an extra page expression to wait for. `landsOn` is the
 * address the page settles on when it rewrites its own (the options page drops ?add= once read); it defaults to `url`.
 */
export async function gotoAny(ctx: ExtContext, page: Page, url: string, ready = 'true', timeout = DEFAULT_TIMEOUT_MS, landsOn = url): Promise<void> {
  if (ctx.kind === 'firefox' && url.startsWith('moz-extension:')) {
    await gotoMozExtension(page, url, ready, timeout, landsOn);
    return;
  }
  await page.goto(url, { waitUntil: 'load', timeout });
  await page.waitForFunction(ready, { timeout });
}

/** The stored settings object (undefined when nothing was stored yet: the extension then uses its defaults). */
export async function getStoredSettings(ctx: ExtContext): Promise<Settings | undefined> {
  return evaluateInExtension(
    ctx,
    async () => {
      const g = globalThis as unknown as { browser?: AnyApi; chrome?: AnyApi };
      const api = (g.browser ?? g.chrome) as unknown as { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
      return (await api.storage.local.get('settings'))['settings'] as Settings | undefined;
    },
    null,
  );
}

/**
 * Writes settings the way the popup does (storage.local "settings"), so every content script applies them at once.
 * `patch` is merged over the stored settings, or over `base` (the extension's defaults: pass DEFAULT_SETTINGS) when none are stored.
 */
export async function patchSettings(ctx: ExtContext, patch: Partial<Settings>, base: Settings): Promise<Settings> {
  const current = (await getStoredSettings(ctx)) ?? base;
  const next = { ...current, ...patch };
  await evaluateInExtension(
    ctx,
    async (value: Settings) => {
      const g = globalThis as unknown as { browser?: AnyApi; chrome?: AnyApi };
      const api = (g.browser ?? g.chrome) as unknown as { storage: { local: { set(v: Record<string, unknown>): Promise<void> } } };
      await api.storage.local.set({ settings: value });
    },
    next,
  );
  return next;
}

/** Removes the stored settings: every context falls back to the extension's defaults (content scripts re-apply them). */
export async function resetSettings(ctx: ExtContext): Promise<void> {
  await evaluateInExtension(
    ctx,
    async () => {
      const g = globalThis as unknown as { browser?: AnyApi; chrome?: AnyApi };
      const api = (g.browser ?? g.chrome) as unknown as { storage: { local: { remove(k: string): Promise<void> } } };
      await api.storage.local.remove('settings');
    },
    null,
  );
}

/** commands.getAll() as the extension sees it: each command's name and the shortcut the browser actually assigned ("" = none). */
export async function commandShortcuts(ctx: ExtContext): Promise<Record<string, string>> {
  const list = await evaluateInExtension(
    ctx,
    async () => {
      const g = globalThis as unknown as { browser?: AnyApi; chrome?: AnyApi };
      const api = (g.browser ?? g.chrome) as AnyApi;
      return (await api.commands!.getAll!()) as Array<{ name?: string; shortcut?: string }>;
    },
    null,
  );
  return Object.fromEntries(list.map((c) => [c.name ?? '', c.shortcut ?? '']));
}

/**
 * Chromium only: assigns `shortcut` (e.g. "Alt+Shift+N") to one of the extension's commands exactly as a reader does on
 * chrome://extensions/shortcuts (that page's chrome.developerPrivate.updateExtensionCommand).
 */
export async function bindCommandShortcut(ctx: ChromiumContext, command: string, shortcut: string): Promise<void> {
  const page = await ctx.newPage();
  try {
    await page.goto('chrome://extensions/shortcuts', { waitUntil: 'load' });
    await page.evaluate(
      async ({ id, name, key }: { id: string; name: string; key: string }) => {
        const dp = (globalThis as unknown as { chrome: { developerPrivate?: AnyApi[string] } }).chrome.developerPrivate;
        if (!dp?.updateExtensionCommand) throw new Error('chrome.developerPrivate.updateExtensionCommand is not available on chrome://extensions');
        await dp.updateExtensionCommand({ extensionId: id, commandName: name, keybinding: key });
      },
      { id: ctx.extId, name: command, key: shortcut },
    );
  } finally {
    await page.close();
  }
}

const KEY_MODIFIERS: Record<string, number> = { Alt: 1, Ctrl: 2, Control: 2, Meta: 4, Command: 4, Shift: 8 };

/**
 * Chromium only: presses a browser-level shortcut such as "Alt+Shift+N" on `page` through CDP Input.dispatchKeyEvent
 * with type "rawKeyDown": that is the path of a real key press, and the browser's accelerator handling (extension
 * commands included) sees it. puppeteer's keyboard.down() sends "keyDown" with text, which extension commands never see.
 */
export async function pressBrowserShortcut(page: Page, shortcut: string): Promise<void> {
  const parts = shortcut.split('+');
  const key = parts.pop() ?? '';
  let modifiers = 0;
  for (const p of parts) {
    const bit = KEY_MODIFIERS[p];
    if (bit === undefined) throw new Error(`unknown modifier ${p} in ${shortcut}`);
    modifiers |= bit;
  }
  if (!/^[A-Z0-9]$/i.test(key)) throw new Error(`pressBrowserShortcut supports letter and digit keys only, got ${key}`);
  const upper = key.toUpperCase();
  const code = /\d/.test(upper) ? `Digit${upper}` : `Key${upper}`;
  const vk = upper.charCodeAt(0);
  const session = await page.createCDPSession();
  try {
    await page.bringToFront();
    for (const type of ['rawKeyDown', 'keyUp'] as const) {
      await session.send('Input.dispatchKeyEvent', { type, modifiers, key: upper, code, windowsVirtualKeyCode: vk, nativeVirtualKeyCode: vk });
    }
  } finally {
    await session.detach().catch(() => {});
  }
}

/** permissions.contains / remove for host origins, from an extension context. */
export async function hostPermission(ctx: ExtContext, action: 'contains' | 'remove', origins: string[]): Promise<boolean> {
  return evaluateInExtension(
    ctx,
    async ({ act, list }: { act: string; list: string[] }) => {
      const g = globalThis as unknown as { browser?: AnyApi; chrome?: AnyApi };
      const api = (g.browser ?? g.chrome) as AnyApi;
      return (await api.permissions![act]!({ origins: list })) as boolean;
    },
    { act: action, list: origins },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Page text geometry and the pointer

/** A plain, serialisable DOMRect. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

export interface TextLocation {
  /** One box per line the text occupies (Range.getClientRects, empty boxes dropped). */
  rects: Box[];
  bounds: Box;
  viewport: { width: number; height: number };
}

export interface FindTextOptions {
  /** CSS selector of the element to search under (default body). */
  within?: string;
  /** Which occurrence, 0-based (default 0). */
  occurrence?: number;
  /** Scrolls (instantly) so the text's top lands at this viewport y; by default it only scrolls when the text is off-screen. */
  placeAt?: number;
}

/**
 * Finds `text` in the page's text nodes with a Range (as a reader sees it: the same text node) and returns its client
 * rects. Throws when it is not found. Scrolls it into view first when needed (or to `placeAt`).
 */
export async function locateText(page: Page, text: string, options: FindTextOptions = {}): Promise<TextLocation> {
  const found = await page.evaluate(
    async (a: { text: string; within: string; occurrence: number; placeAt: number | null }) => {
      const root = document.querySelector(a.within);
      if (!root) return { error: `no element ${a.within}` };
      const tw = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let seen = 0;
      let range: Range | null = null;
      for (let n = tw.nextNode(); n && !range; n = tw.nextNode()) {
        const data = (n as Text).data;
        for (let i = data.indexOf(a.text); i >= 0; i = data.indexOf(a.text, i + 1)) {
          if (seen++ === a.occurrence) {
            range = document.createRange();
            range.setStart(n, i);
            range.setEnd(n, i + a.text.length);
            break;
          }
        }
      }
      if (!range) return { error: `text ${JSON.stringify(a.text)} #${a.occurrence} not found under ${a.within}` };
      const b = range.getBoundingClientRect();
      const target = a.placeAt ?? (b.top < 0 || b.bottom > window.innerHeight ? window.innerHeight / 2 : null);
      if (target !== null) {
        window.scrollBy({ top: b.top - target, behavior: 'instant' as ScrollBehavior });
        // Let scroll listeners (the card closes on scroll) run before the caller moves the pointer.
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null))));
      }
      // No named helper functions in here (see the note at the top of this file).
      const rects = [...range.getClientRects(), range.getBoundingClientRect()]
        .filter((r) => r.width > 0 && r.height > 0)
        .map((r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height }));
      const bounds = rects.pop();
      if (!bounds) return { error: `text ${JSON.stringify(a.text)} #${a.occurrence} has no box (not rendered?)` };
      return { rects, bounds, viewport: { width: window.innerWidth, height: window.innerHeight } };
    },
    { text, within: options.within ?? 'body', occurrence: options.occurrence ?? 0, placeAt: options.placeAt ?? null },
  );
  if ('error' in found) throw new Error(`locateText: ${found.error}`);
  return found;
}

/** True when two boxes overlap by more than `tolerance` px in both directions. */
export function boxesIntersect(a: Box, b: Box, tolerance = 0.5): boolean {
  return Math.min(a.right, b.right) - Math.max(a.left, b.left) > tolerance && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > tolerance;
}

/** True when `box` lies inside the viewport (with `tolerance` px). */
export function boxInViewport(box: Box, viewport: { width: number; height: number }, tolerance = 0.5): boolean {
  return box.left >= -tolerance && box.top >= -tolerance && box.right <= viewport.width + tolerance && box.bottom <= viewport.height + tolerance;
}

/**
 * Rests the pointer on `text` like a reader: first at `from` (default the top-left corner, away from any text), then a
 * few steps onto the centre of the text's `line`-th box (default the last line). Returns where the text is.
 */
export async function hoverText(
  page: Page,
  text: string,
  options: FindTextOptions & { line?: number; from?: { x: number; y: number } } = {},
): Promise<TextLocation> {
  await page.bringToFront(); // hover hit-testing runs in requestAnimationFrame, which background tabs do not run
  const loc = await locateText(page, text, options);
  const box = loc.rects[options.line ?? loc.rects.length - 1] ?? loc.bounds;
  const from = options.from ?? { x: 2, y: 2 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.move(box.left + box.width / 2, box.top + box.height / 2, { steps: 3 });
  return loc;
}

// ---------------------------------------------------------------------------------------------------------------
// The hover card

/** What the <backstory-card-…> shadow root shows, read from the page's main world (the shadow root is open). */
export interface CardInfo {
  /** The host exists, is not hidden and renders a .card. */
  open: boolean;
  entityId: string | null;
  name: string;
  type: string;
  summary: string;
  facts: Array<{ date: string; text: string }>;
  /** "N mentions on this page" */
  countText: string;
  /** Labels of the footer buttons, in order. */
  buttons: string[];
  dialogLabel: string | null;
  /** The .card box in the viewport. */
  rect: Box | null;
  /** Text of the role=status live region. */
  live: string;
  /** The host's data-theme attribute (null = follow the system). */
  theme: string | null;
  loading: boolean;
}

export async function cardInfo(page: Page): Promise<CardInfo> {
  return page.evaluate(() => {
    const host = (Array.from(document.documentElement.children).find((e) => e.localName.startsWith('backstory-card-')) as HTMLElement | undefined) ?? null;
    const root = host?.shadowRoot ?? null;
    const card = root?.querySelector('.card') ?? null;
    // No named helper functions in here (see the note at the top of this file).
    const [name, type, summary, countText, muted] = ['.name', '.type', '.summary', '.count', '.muted'].map((sel) =>
      (card?.querySelector(sel)?.textContent ?? '').trim(),
    ) as [string, string, string, string, string];
    const r = card?.getBoundingClientRect();
    return {
      open: !!host && !host.hidden && host.isConnected && !!card,
      entityId: card?.getAttribute('data-entity-id') ?? null,
      name,
      type,
      summary,
      facts: [...(card?.querySelectorAll('.facts li') ?? [])].map((li) => ({
        date: (li.querySelector('.date')?.textContent ?? '').trim(),
        text: (li.textContent ?? '').replace(li.querySelector('.date')?.textContent ?? '', '').trim(),
      })),
      countText,
      buttons: [...(card?.querySelectorAll('footer button') ?? [])].map((b) => (b.textContent ?? '').trim()),
      dialogLabel: card?.getAttribute('aria-label') ?? null,
      rect: r ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height } : null,
      live: (root?.querySelector('[role="status"]')?.textContent ?? '').trim(),
      theme: host?.getAttribute('data-theme') ?? null,
      loading: muted.startsWith('Loading'),
    };
  });
}

/** Waits until the card is open (for `entityId` if given) and loaded, or — with `open: false` — until it is closed. */
export async function waitForCard(page: Page, options: { open?: boolean; entityId?: string; timeout?: number } = {}): Promise<CardInfo> {
  const wantOpen = options.open ?? true;
  return waitFor(
    () => cardInfo(page),
    (c) => (wantOpen ? c.open && !c.loading && (options.entityId === undefined || c.entityId === options.entityId) : !c.open),
    {
      timeout: options.timeout ?? 5_000,
      interval: 25,
      describe: (last, err) =>
        `card never became ${wantOpen ? `open${options.entityId ? ` for ${options.entityId}` : ''}` : 'closed'} on ${page.url()}; last: ${JSON.stringify(last)}${err ? ` (${errorMessage(err)})` : ''}`,
    },
  );
}

/** Clicks a card button (footer label such as "Not this", or "Close") with a real, trusted mouse click at its centre. */
export async function clickCardButton(page: Page, label: string): Promise<void> {
  const at = await page.evaluate((want: string) => {
    const root = Array.from(document.documentElement.children).find((e) => e.localName.startsWith('backstory-card-'))?.shadowRoot;
    const buttons = [...(root?.querySelectorAll('button') ?? [])];
    const b = buttons.find((x) => (x.textContent ?? '').trim() === want || x.getAttribute('aria-label') === want);
    if (!b) return null;
    const r = b.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, label);
  if (!at) throw new Error(`the card has no button ${JSON.stringify(label)}`);
  await page.mouse.move(at.x, at.y, { steps: 2 });
  await page.mouse.click(at.x, at.y);
}

/** The current-mention overlay (CSS highlight "backstory-current") as the main world sees it: its ranges' text and boxes. */
export async function currentMention(page: Page): Promise<{ size: number; texts: string[]; rects: Box[]; scrollY: number; viewport: { width: number; height: number } }> {
  return page.evaluate(() => {
    const registry = (globalThis as unknown as { CSS?: { highlights?: Map<string, Set<AbstractRange>> } }).CSS?.highlights;
    const h = registry?.get('backstory-current');
    const texts: string[] = [];
    const rects: Array<{ left: number; top: number; right: number; bottom: number; width: number; height: number }> = [];
    for (const sr of h ?? []) {
      const r = document.createRange();
      r.setStart(sr.startContainer, sr.startOffset);
      r.setEnd(sr.endContainer, sr.endOffset);
      texts.push(r.toString());
      const b = r.getBoundingClientRect();
      rects.push({ left: b.left, top: b.top, right: b.right, bottom: b.bottom, width: b.width, height: b.height });
    }
    return { size: h?.size ?? 0, texts, rects, scrollY: window.scrollY, viewport: { width: window.innerWidth, height: window.innerHeight } };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Extension pages

/** Clicks the first element matching `selector` whose trimmed text equals `text` (or contains it, with `contains`), with a trusted click. */
export async function clickText(page: Page, selector: string, text: string, options: { contains?: boolean } = {}): Promise<void> {
  const handle = await page.evaluateHandle(
    (a: { selector: string; text: string; contains: boolean }) =>
      [...document.querySelectorAll(a.selector)].find((el) => {
        const t = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
        return a.contains ? t.includes(a.text) : t === a.text;
      }) ?? null,
    { selector, text, contains: options.contains ?? false },
  );
  const el = handle.asElement();
  if (!el) {
    await handle.dispose();
    throw new Error(`no ${selector} with text ${JSON.stringify(text)} on ${page.url()}`);
  }
  try {
    await (el as ElementHandle<Element>).click();
  } finally {
    await handle.dispose();
  }
}

/** Text of the first element matching `selector` ('' when there is none). */
export async function textOf(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel: string) => (document.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim(), selector);
}

/**
 * The puppeteer Page of an open tab whose location satisfies `match` (e.g. a tab the extension opened itself). Firefox
 * over BiDi reports such moz-extension tabs as "about:blank", so each page's location.href is asked instead.
 */
export async function findPage(ctx: ExtContext, match: (href: string) => boolean, options: { timeout?: number } = {}): Promise<Page> {
  return waitFor(
    async () => {
      for (const p of await ctx.browser.pages()) {
        const href = await p.evaluate(() => location.href).catch(() => p.url());
        if (match(href)) return watchPage(ctx, p);
      }
      return null;
    },
    (p): p is Page => p !== null,
    { timeout: options.timeout, describe: () => 'no open page matched' },
  ) as Promise<Page>;
}
