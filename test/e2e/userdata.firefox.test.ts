// The reader's own data in Firefox ESR: an entity added from a selection is highlighted on other tabs, a saved article feeds entity backgrounds, a backup round-trips.
//
// Headless Firefox cannot click a context-menu item, so "Add to Backstory…" is driven through the page it opens,
// options.html?add=<selection> (background/userdata.ts builds exactly that URL; its unit test covers the menu handler).
// The popup is opened as a page (popup.html?tabId=…): Firefox has no way to open the real one from a test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import {
  activeTabId,
  describeErrors,
  evaluateInExtension,
  getPageState,
  gotoAny,
  launchFirefox,
  openPage,
  startServer,
  waitFor,
  waitForHighlights,
} from './harness';
import type { FirefoxContext, FixtureServer } from './harness';
import { defaultSettings, type Settings } from '../../src/settings';

const KIND = 'firefox';
/** Named in paragraphs 3 and 4 of the demo article, and no bundled alias. */
const PHRASE = 'American analysts';
const READY = 'body[data-ready="true"]';

let srv: FixtureServer;
let ctx: FirefoxContext;
let article: Page;
let tabId: number;
let entityId = '';

before(async () => {
  srv = await startServer();
  ctx = await launchFirefox();
  article = await openPage(ctx, srv.pageUrl('demo-article.html'));
  tabId = await activeTabId(KIND, ctx, article);
  await waitForHighlights(article);
});

after(async () => {
  await ctx?.close();
  await srv?.close();
});

type Api = { storage: { local: { get(k: null): Promise<Record<string, unknown>>; clear(): Promise<void>; set(v: object): Promise<void> } } };

/** storage.local as the extension sees it (user data and settings only). */
async function storedData(): Promise<Record<string, unknown>> {
  const all = await evaluateInExtension(
    ctx,
    async () => {
      const g = globalThis as unknown as { browser?: Api; chrome?: Api };
      return (g.browser ?? g.chrome)!.storage.local.get(null);
    },
    null,
  );
  return Object.fromEntries(Object.entries(all).filter(([k]) => k === 'settings' || k.startsWith('userdata:')));
}

/** The options page takes ?add= out of its address once it has read it, so that is the address it lands on. */
function landingOf(url: string): string {
  const u = new URL(url);
  // Only when present: deleting re-serializes the whole query, which would change an address the page keeps.
  if (u.searchParams.has('add')) u.searchParams.delete('add');
  return u.href;
}

/**
 * Waits until stored data stops changing: entity and rule edits make the background re-index saved articles a moment
 * later (debounced), and a snapshot taken in between would not be the final state.
 */
async function settledData(quietMs = 1_500): Promise<Record<string, unknown>> {
  let last = JSON.stringify(await storedData());
  let since = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const now = JSON.stringify(await storedData());
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return JSON.parse(now) as Record<string, unknown>;
  }
}

async function openExtensionPage(file: string): Promise<Page> {
  const page = await ctx.newPage();
  const url = `${ctx.extOrigin}/${file}`;
  await gotoAny(ctx, page, url, `!!document.querySelector('${READY}')`, 10_000, landingOf(url));
  return page;
}

test('extract.js reads the demo article in the page (two injections: run, then collect)', async () => {
  // Firefox grants the content-script hosts to scripting too, so no activeTab gesture is needed here.
  const result = await evaluateInExtension(
    ctx,
    async (id: number) => {
      // tsx's keepNames wraps the named `func` property below in __name(), which the worker does not define.
      (globalThis as unknown as { __name?: unknown }).__name ??= (f: unknown) => f;
      type Injection = { target: { tabId: number }; files?: string[]; func?: (k: string) => unknown; args?: unknown[] };
      const api = (globalThis as unknown as { browser: { scripting: { executeScript(i: Injection): Promise<Array<{ result?: unknown }>> } } }).browser;
      await api.scripting.executeScript({ target: { tabId: id }, files: ['extract.js'] });
      const [r] = await api.scripting.executeScript({
        target: { tabId: id },
        func: (k: string) => {
          const g = globalThis as unknown as Record<string, unknown>;
          const v = g[k];
          delete g[k];
          return v;
        },
        args: ['__backstoryExtract'],
      });
      return r?.result as { title: string; url: string; date: string | null; paragraphs: string[]; text: string };
    },
    tabId,
  );
  assert.equal(result.title, 'Lukashenko considers establishing Moscow military base, but denies');
  assert.equal(result.url, srv.pageUrl('demo-article.html'));
  assert.equal(result.date, null);
  assert.equal(result.paragraphs.length, 10, `paragraphs: ${JSON.stringify(result.paragraphs.map((p) => p.slice(0, 40)))}`);
  assert.match(result.paragraphs[0]!, /^The “theory” about the deployment/);
  assert.ok(!result.paragraphs.some((p) => p.includes('Join the discussion') || p.includes('Newsletter')), 'comments and sidebar left out');
  assert.equal(await article.evaluate(() => '__backstoryExtract' in globalThis), false, 'nothing leaks into the page world');
});

test('an entity added from a selection is highlighted in open and new tabs', async () => {
  const options = await openExtensionPage(`options.html?add=${encodeURIComponent(PHRASE)}`);
  assert.equal(await options.$eval('#add-name', (el) => (el as HTMLInputElement).value), PHRASE);
  await options.select('#add-type', 'organization');
  await options.type('#add-note', 'Visitors from U.S. think tanks.');
  await options.click('[data-testid="entity-form"] button[type="submit"]');
  await options.waitForSelector('li[data-entity-id^="user:"]');
  entityId = await options.$eval('li[data-entity-id^="user:"]', (el) => el.getAttribute('data-entity-id')!);
  const stored = (await storedData())['userdata:entities'] as { version: number; entities: Array<{ id: string; aliases: Array<{ text: string }> }> };
  assert.equal(stored.version, 1);
  assert.deepEqual(stored.entities.map((e) => [e.id, e.aliases.map((a) => a.text)]), [[entityId, [PHRASE]]]);
  await options.close();

  // A tab opened now matches the new entity…
  const fresh = await openPage(ctx, srv.pageUrl('demo-article.html?fresh'));
  const freshTab = await activeTabId(KIND, ctx, fresh);
  const state = await getPageState(KIND, ctx, freshTab, { until: (s) => s.entities.some((e) => e.id === entityId) });
  assert.equal(state.entities.find((e) => e.id === entityId)?.count, 2, JSON.stringify(state.entities));
  await fresh.close();
  // …and so does the tab that was already open, without a reload.
  const live = await getPageState(KIND, ctx, tabId, { until: (s) => s.entities.some((e) => e.id === entityId) });
  assert.equal(live.entities.find((e) => e.id === entityId)?.name, PHRASE);
  assert.deepEqual(ctx.pageErrors, [], describeErrors(ctx.pageErrors));
});

test('a saved article shows its passages in the backgrounds of the entities it mentions', async () => {
  assert.ok(entityId, 'runs after the previous test');
  const popup = await openExtensionPage(`popup.html?tabId=${tabId}`);
  await popup.click('[data-testid="save-article"] button');
  const status = await waitFor(
    () => popup.$eval('[data-testid="save-article"]', (el) => el.textContent ?? ''),
    (t) => /Saved:|may not|could not/.test(t),
  );
  assert.match(status, /Saved: \d+ passages about \d+ entities\./);
  await popup.close();

  const saved = Object.entries(await storedData()).filter(([k]) => k.startsWith('userdata:article:'));
  assert.equal(saved.length, 1);
  const stored = (saved[0]![1] as { article: { url: string; paragraphs: string[]; mentions: Array<{ entityId: string; paragraph: number }> } }).article;
  assert.equal(stored.url, srv.pageUrl('demo-article.html'));
  assert.equal(stored.paragraphs.length, 10);
  assert.deepEqual(stored.mentions.filter((m) => m.entityId === entityId).map((m) => m.paragraph), [1, 2]);

  for (const id of ['makei', entityId]) {
    const page = await openExtensionPage(`popup.html?tabId=${tabId}&entity=${encodeURIComponent(id)}`);
    await page.waitForSelector('[data-testid="saved-passages"] [data-testid="saved-passage"]');
    const passages = await page.$$eval('[data-testid="saved-passage"]', (els) =>
      els.map((el) => ({ mark: el.querySelector('mark')?.textContent, href: el.querySelector('a')?.getAttribute('href'), target: el.querySelector('a')?.getAttribute('target') })),
    );
    assert.ok(passages.length >= 1, `${id}: ${JSON.stringify(passages)}`);
    for (const p of passages) {
      assert.equal(p.href, srv.pageUrl('demo-article.html'));
      assert.equal(p.target, '_blank');
    }
    if (id === entityId) assert.deepEqual(passages.map((p) => p.mark), [PHRASE, PHRASE]);
    // The reader's own entity says so; a bundled one does not.
    const mine = await page.$$eval('[data-testid="entity-detail"] .detail-head .mine', (els) => els.map((el) => el.textContent));
    assert.deepEqual(mine, id === entityId ? ['Added by you'] : []);
    await page.close();
  }
});

test('export, wipe, import: the stored data comes back exactly', async () => {
  // Complete settings (the store always writes all fields), with a few that differ from the defaults.
  const settings: Settings = { ...defaultSettings(), theme: 'dark', siteRules: [{ site: 'news.test', entityId: 'csto' }] };
  await evaluateInExtension(
    ctx,
    async (value: Settings) => {
      const g = globalThis as unknown as { browser?: Api; chrome?: Api };
      await (g.browser ?? g.chrome)!.storage.local.set({ settings: value });
    },
    settings,
  );
  // Independent of the previous tests: make sure there is one of each kind of record (the article written as the store would).
  const url = srv.pageUrl('demo-article.html?seeded');
  await evaluateInExtension(
    ctx,
    async (pageUrl: string) => {
      const g = globalThis as unknown as { browser?: Api; chrome?: Api };
      const api = (g.browser ?? g.chrome)!;
      const all = await api.storage.local.get(null);
      if (Object.keys(all).some((k) => k.startsWith('userdata:article:'))) return;
      const article = { id: 'aseeded1', url: pageUrl, title: 'Seeded', site: '127.0.0.1', date: null, savedAt: 1, paragraphs: ['Lukashenko spoke.'], mentions: [{ entityId: 'lukashenko', paragraph: 1, spans: [[0, 10]] }], indexKey: '' };
      await api.storage.local.set({ 'userdata:article:aseeded1': { version: 1, article } });
    },
    url,
  );
  if (!entityId) {
    const form = await openExtensionPage(`options.html?add=${encodeURIComponent(PHRASE)}`);
    await form.click('[data-testid="entity-form"] button[type="submit"]');
    await form.waitForSelector('li[data-entity-id^="user:"]');
    entityId = await form.$eval('li[data-entity-id^="user:"]', (el) => el.getAttribute('data-entity-id')!);
    await form.close();
  }
  const options = await openExtensionPage('options.html#rules');
  await options.type('#phrase-input', 'Washington');
  await options.click('form[aria-label="Add a phrase"] button[type="submit"]');
  await options.waitForSelector('[data-testid="phrase-rules"] li');
  const before = await settledData();
  assert.ok(before['userdata:entities'] && before['userdata:rules'] && Object.keys(before).some((k) => k.startsWith('userdata:article:')), Object.keys(before).join());

  // Capture the download instead of writing a file: the Blob handed to URL.createObjectURL is the export.
  await options.evaluate(() => {
    const w = window as unknown as { __exports: Blob[] };
    w.__exports = [];
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (b: Blob | MediaSource) => {
      w.__exports.push(b as Blob);
      return create(b);
    };
    HTMLAnchorElement.prototype.click = () => undefined;
  });
  await options.click('button[data-section="backup"]');
  await options.click('[data-testid="export"]');
  const text = await waitFor(
    () => options.evaluate(async () => (window as unknown as { __exports: Blob[] }).__exports[0]?.text() ?? ''),
    (t) => t.length > 0,
  );
  const file = JSON.parse(text) as { format: string; version: number; entities: unknown[]; articles: unknown[]; phrases: unknown[] };
  assert.equal(file.format, 'backstory-backup');
  assert.deepEqual([file.entities.length, file.phrases.length, file.articles.length], [1, 1, 1]);

  await evaluateInExtension(
    ctx,
    async () => {
      const g = globalThis as unknown as { browser?: Api; chrome?: Api };
      await (g.browser ?? g.chrome)!.storage.local.clear();
    },
    null,
  );
  assert.deepEqual(await storedData(), {});

  const reloaded = `${ctx.extOrigin}/options.html?reloaded#backup`;
  await gotoAny(ctx, options, reloaded, `!!document.querySelector('${READY}')`, 10_000, landingOf(reloaded));
  const backupFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'backstory-e2e-')), 'backup.json');
  fs.writeFileSync(backupFile, text);
  const input = await options.waitForSelector('input[data-testid="import-file"]');
  await input!.uploadFile(backupFile);
  await options.waitForSelector('[data-testid="import-preview"]');
  const preview = await options.$eval('[data-testid="import-preview"]', (el) => el.textContent ?? '');
  assert.match(preview, new RegExp(`Add ${PHRASE}`));
  assert.match(preview, /Add “Washington”/);
  assert.match(preview, /Saved articles\s*Add /);
  assert.deepEqual(await storedData(), {}, 'nothing is written before Apply');
  await options.click('[data-testid="apply-import"]');
  await options.waitForSelector('[data-testid="import-state"][data-state="applied"]');
  assert.deepEqual(await settledData(), before);
  fs.rmSync(path.dirname(backupFile), { recursive: true, force: true });
  assert.deepEqual(ctx.pageErrors, [], describeErrors(ctx.pageErrors));
});

test('after the import, the imported entity is highlighted again', async () => {
  assert.ok(entityId, 'runs after the previous test');
  const again = await openPage(ctx, srv.pageUrl('demo-article.html?after-import'));
  const againTab = await activeTabId(KIND, ctx, again);
  await getPageState(KIND, ctx, againTab, { until: (s) => s.entities.some((e) => e.id === entityId) });
  assert.deepEqual(ctx.pageErrors, [], describeErrors(ctx.pageErrors));
});
