// Reader-facing UI e2e cases shared by ui.chromium.test.ts and ui.firefox.test.ts: hover card, card actions, mention stepping, popup, badge and settings.
import { after, afterEach, before, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { ElementHandle, Page } from 'puppeteer-core';
import type { PageState } from '../../src/messages';
import { DEFAULT_SETTINGS } from '../../src/settings';
import {
  activeTabId,
  boxInViewport,
  boxesIntersect,
  cardInfo,
  clickCardButton,
  clickText,
  commandShortcuts,
  countPaintedHighlights,
  currentMention,
  describeErrors,
  evaluateInExtension,
  findPage,
  getBadgeText,
  getPageState,
  getStoredSettings,
  gotoAny,
  highlightCounts,
  hoverText,
  launch,
  listTabs,
  locateText,
  newTabWithId,
  openPage,
  openPopup,
  openRealPopup,
  patchSettings,
  readExtension,
  resetSettings,
  startServer,
  textOf,
  waitFor,
  waitForCard,
  waitForHighlights,
} from './harness';
import type { Box, BrowserKind, CardInfo, ChromiumContext, ExtContext, FixtureServer, LaunchOptions, TextLocation } from './harness';

export interface UiEnv {
  kind: BrowserKind;
  ctx: ExtContext;
  srv: FixtureServer;
  /** The demo article tab that read-only tests share (tests that change a page open their own tab). */
  demo: Page;
  demoTabId: number;
  /** Pages a test opened; closed after each test. */
  opened: Page[];
}

/** Labels the popup and the card use for entity types (written out here, not imported, so the UI text is checked). */
export const TYPE_SINGULAR: Record<string, string> = {
  person: 'Person',
  organization: 'Organisation',
  place: 'Place',
  facility: 'Facility',
  event: 'Event',
  topic: 'Topic',
};
export const TYPE_PLURAL: Record<string, string> = {
  person: 'People',
  organization: 'Organisations',
  place: 'Places',
  facility: 'Facilities',
  event: 'Events',
  topic: 'Topics',
};
/** The card's fact dates: "14 Sep 2017", "Mar 2018" or "2002". */
const DATE = /^(?:\d{1,2} )?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) )?\d{4}$/;
const SITE = '127.0.0.1';
const CARD_BUTTONS = ['More', 'Not this', 'Ignore on this site', 'Never highlight this phrase'];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `n mention(s) on this page` as the card and the popup write it. */
export function mentionsText(n: number): string {
  return `${n} ${n === 1 ? 'mention' : 'mentions'} on this page`;
}

/**
 * Waits until a tab's content script has finished scanning: two reads 200 ms apart agree, and (when active) the main
 * world's painted highlights equal the reported mention count. Returns that state.
 */
export async function settledState(env: UiEnv, tabId: number, page: Page, options: { timeout?: number; until?: (s: PageState) => boolean } = {}): Promise<PageState> {
  let previous = '';
  return waitFor(
    async () => {
      const state = await getPageState(env.kind, env.ctx, tabId, { until: () => true, timeout: options.timeout });
      const painted = await countPaintedHighlights(page);
      const key = JSON.stringify([state.status, state.entities, state.mentions, painted]);
      const stable = key === previous;
      previous = key;
      return { state, painted, stable };
    },
    (r) =>
      r.stable &&
      r.painted === (r.state.status === 'active' ? r.state.mentions : 0) &&
      (options.until ? options.until(r.state) : true),
    {
      timeout: options.timeout ?? 10_000,
      interval: 200,
      describe: (last) => `tab ${tabId} never settled: ${JSON.stringify(last && { ...last.state, perf: undefined, painted: last.painted })}`,
    },
  ).then((r) => r.state);
}

function countOf(state: PageState, id: string): number {
  return state.entities.find((e) => e.id === id)?.count ?? 0;
}

/** Closes any open card (Escape) and parks the pointer in the top-left corner. */
async function parkPointer(page: Page): Promise<void> {
  await page.bringToFront();
  await page.mouse.move(2, 2);
  await page.keyboard.press('Escape');
  await waitForCard(page, { open: false });
}

/** Opens a page in a new tab of the demo window, records it for closing, and returns it with its tab id once it has settled. */
export async function openSettledPage(env: UiEnv, name: string): Promise<{ page: Page; tabId: number; state: PageState }> {
  const page = await openPage(env.ctx, env.srv.pageUrl(name));
  env.opened.push(page);
  const tabId = await activeTabId(env.kind, env.ctx, page);
  const state = await settledState(env, tabId, page);
  return { page, tabId, state };
}

async function popupFor(env: UiEnv, tabId: number): Promise<Page> {
  const popup = await openPopup(env.kind, env.ctx, tabId);
  env.opened.push(popup);
  return popup;
}

/** Hovers `text` and waits for the card of `entityId`; returns the card and where the text is. */
async function openCardOn(page: Page, text: string, entityId: string, options: Parameters<typeof hoverText>[2] = {}): Promise<{ card: CardInfo; loc: TextLocation }> {
  await parkPointer(page);
  const loc = await hoverText(page, text, options);
  const card = await waitForCard(page, { entityId });
  return { card, loc };
}

function assertCardClear(card: CardInfo, loc: TextLocation, what: string): void {
  assert.ok(card.rect, `${what}: the card has a box`);
  const rect = card.rect as Box;
  for (const r of loc.rects) {
    assert.ok(!boxesIntersect(rect, r), `${what}: the card ${JSON.stringify(rect)} covers the mention's box ${JSON.stringify(r)}`);
  }
  assert.ok(boxInViewport(rect, loc.viewport), `${what}: the card ${JSON.stringify(rect)} leaves the ${loc.viewport.width}x${loc.viewport.height} viewport`);
}

/** Ranges of every backstory* highlight whose text starts at `text`'s position (the main world's view): how many cover it. */
async function highlightsCovering(page: Page, loc: { within: string; text: string; occurrence?: number }): Promise<number> {
  return page.evaluate((a: { within: string; text: string; occurrence: number }) => {
    const root = document.querySelector(a.within);
    const tw = document.createTreeWalker(root ?? document.body, NodeFilter.SHOW_TEXT);
    let seen = 0;
    let node: Text | null = null;
    let offset = -1;
    for (let n = tw.nextNode(); n && !node; n = tw.nextNode()) {
      const data = (n as Text).data;
      for (let i = data.indexOf(a.text); i >= 0; i = data.indexOf(a.text, i + 1)) {
        if (seen++ === a.occurrence) {
          node = n as Text;
          offset = i;
          break;
        }
      }
    }
    if (!node) return -1;
    let hits = 0;
    const registry = (globalThis as unknown as { CSS?: { highlights?: Map<string, Set<AbstractRange>> } }).CSS?.highlights;
    for (const [name, h] of registry ?? []) {
      if (!name.startsWith('backstory') || name === 'backstory-current') continue;
      for (const r of h) {
        if (r.startContainer === node && r.startOffset <= offset && (r.endContainer !== node || r.endOffset > offset)) hits++;
      }
    }
    return hits;
  }, { within: loc.within, text: loc.text, occurrence: loc.occurrence ?? 0 });
}

/** Opens the popup's Settings disclosure. */
async function openSettingsPanel(popup: Page): Promise<void> {
  const open = await popup.evaluate(() => (document.querySelector('details.settings') as HTMLDetailsElement | null)?.open ?? null);
  assert.notEqual(open, null, 'the popup has a Settings section');
  if (!open) await popup.click('details.settings > summary');
  await popup.waitForFunction(() => (document.querySelector('details.settings') as HTMLDetailsElement).open);
}

/** Clicks the Settings checkbox whose label reads `label` (e.g. "Places", "Toolbar badge"). */
async function clickSettingsCheck(popup: Page, label: string): Promise<void> {
  await clickText(popup, 'details.settings label.check', label);
}

async function badgeOf(env: UiEnv, tabId: number): Promise<string> {
  return getBadgeText(env.kind, env.ctx, tabId);
}

async function waitForBadge(env: UiEnv, tabId: number, want: string, what: string): Promise<void> {
  await waitFor(() => badgeOf(env, tabId), (b) => b === want, { describe: (last) => `${what}: badge of tab ${tabId} is ${JSON.stringify(last)}, expected ${JSON.stringify(want)}` });
}

async function waitForPainted(page: Page, want: number, what: string): Promise<void> {
  await waitFor(() => countPaintedHighlights(page), (n) => n === want, {
    describe: (last) => `${what}: ${String(last)} highlights painted on ${page.url()}, expected ${want}`,
  });
}

/** A marker in the page's main world: still there later means the page was not reloaded. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __uiMarker: number }).__uiMarker = 1;
  });
}
async function assertNotReloaded(page: Page, what: string): Promise<void> {
  const marker = await page.evaluate(() => (window as unknown as { __uiMarker?: number }).__uiMarker ?? 0);
  assert.equal(marker, 1, `${what}: the page was reloaded`);
}

/** Opens the card on `text` and clicks "Not this"; returns the state before. */
async function notThis(env: UiEnv, page: Page, tabId: number, text: string, within: string, entityId: string): Promise<PageState> {
  const before = await settledState(env, tabId, page);
  await openCardOn(page, text, entityId, { within });
  await clickCardButton(page, 'Not this');
  await waitForCard(page, { open: false });
  return before;
}

type RulesApi = { storage: { local: { get(k: string): Promise<Record<string, unknown>>; remove(k: string): Promise<void> } } };

/** The stored "never highlight" phrases (userdata:rules), as the extension sees them. */
async function storedPhrases(env: UiEnv): Promise<string[]> {
  const stored = await evaluateInExtension(
    env.ctx,
    async () => {
      const g = globalThis as unknown as { browser?: RulesApi; chrome?: RulesApi };
      return (g.browser ?? g.chrome)!.storage.local.get('userdata:rules');
    },
    null,
  );
  const rules = (stored['userdata:rules'] as { phrases?: Array<{ phrase: string }> } | undefined)?.phrases ?? [];
  return rules.map((r) => r.phrase);
}

/** Opens an extension page (options.html…) in a new tab of the test browser and waits until `ready` holds in it. */
async function openExtensionTab(env: UiEnv, path: string, ready: string): Promise<Page> {
  const { page } = await newTabWithId(env.ctx);
  env.opened.push(page);
  await gotoAny(env.ctx, page, `${env.ctx.extOrigin}/${path}`, ready);
  return page;
}

/**
 * The options page in a tab the extension opened itself (from the popup; no other is open then), once `ready` holds in
 * it; recorded for closing. Polled with evaluate: Firefox reports the moz-extension load late, and a wait started while
 * the tab still navigates fails.
 */
async function optionsTabOpened(env: UiEnv, readySelector: string): Promise<Page> {
  const prefix = `${env.ctx.extOrigin}/options.html`;
  const page = await waitFor(
    async () => {
      // Closed pages may still be listed for a moment; a page that cannot be asked is skipped.
      for (const p of await env.ctx.browser.pages()) {
        if (p.isClosed()) continue;
        const ready = await p
          .evaluate(
            (a: { prefix: string; sel: string }) => location.href.startsWith(a.prefix) && document.body?.dataset.ready === 'true' && document.querySelector(a.sel) !== null,
            { prefix, sel: readySelector },
          )
          .catch(() => false);
        if (ready) return p;
      }
      return null;
    },
    (p): p is Page => p !== null,
    { describe: () => `no options page showing ${readySelector}` },
  );
  env.opened.push(page!);
  return page!;
}

/** Selects `text` (its first occurrence inside `within`) in the page, as a reader's drag would. */
async function selectText(page: Page, within: string, text: string): Promise<void> {
  const ok = await page.evaluate(
    (a: { within: string; text: string }) => {
      const root = document.querySelector(a.within);
      const tw = document.createTreeWalker(root ?? document.body, NodeFilter.SHOW_TEXT);
      for (let n = tw.nextNode(); n; n = tw.nextNode()) {
        const i = (n as Text).data.indexOf(a.text);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + a.text.length);
        const sel = getSelection()!;
        sel.removeAllRanges();
        sel.addRange(r);
        return sel.toString() === a.text;
      }
      return false;
    },
    { within, text },
  );
  assert.ok(ok, `could not select ${JSON.stringify(text)} in ${within}`);
}

/**
 * Registers the shared UI suite for one browser: one browser launch for the file, the demo article in a tab, and every
 * case that behaves the same in Chromium and Firefox. Returns a getter for the environment so the browser's own file can
 * add its specific cases (they run after these).
 */
export function uiSuite(kind: BrowserKind, launchOptions: LaunchOptions = {}): () => UiEnv {
  let env: UiEnv | null = null;
  const get = (): UiEnv => {
    if (!env) throw new Error('ui suite not started');
    return env;
  };

  before(async () => {
    const srv = await startServer();
    const ctx = await launch(kind, launchOptions);
    const demo = await openPage(ctx, srv.pageUrl('demo-article.html'));
    const demoTabId = await activeTabId(kind, ctx, demo);
    env = { kind, ctx, srv, demo, demoTabId, opened: [] };
    await waitForHighlights(demo);
    await settledState(env, demoTabId, demo);
  });

  after(async () => {
    await env?.ctx.close();
    await env?.srv.close();
  });

  afterEach(async () => {
    const e = get();
    for (const p of e.opened.splice(0)) await p.close().catch(() => {});
    await resetSettings(e.ctx);
    await parkPointer(e.demo).catch(() => {});
    const errors = e.ctx.pageErrors.splice(0);
    assert.deepEqual(errors, [], `uncaught page errors during the test:\n${describeErrors(errors)}`);
  });

  // -------------------------------------------------------------------------------------------------------------
  // Hover card

  test('hover card: opens ~350 ms after the pointer rests on a mention, with name, type, one-line summary, dated facts, page count and actions', async (t) => {
    const e = get();
    const state = await settledState(e, e.demoTabId, e.demo);
    const entity = state.entities.find((x) => x.id === 'lukashenko');
    assert.ok(entity, 'lukashenko is on the demo page');
    await parkPointer(e.demo);
    const loc = await hoverText(e.demo, 'Lukashenko', { within: '.article-body p:nth-of-type(3)', placeAt: 300 });
    const arrived = Date.now();
    await sleep(150);
    assert.equal((await cardInfo(e.demo)).open, false, 'the card waits before opening (not open 150 ms after the pointer arrived)');
    const card = await waitForCard(e.demo, { entityId: 'lukashenko' });
    const elapsed = Date.now() - arrived;
    t.diagnostic(`card open and loaded ${elapsed} ms after the pointer arrived`);
    assert.ok(elapsed >= 300 && elapsed < 2_000, `card opened after ${elapsed} ms (expected about 350 ms)`);

    assert.equal(card.name, entity.name);
    assert.equal(card.type, TYPE_SINGULAR[entity.type]);
    assert.equal(card.dialogLabel, `Background: ${entity.name}`);
    assert.ok(card.summary.length > 20, `a summary: ${JSON.stringify(card.summary)}`);
    assert.ok(!/\n/.test(card.summary) && /[.!?]$/.test(card.summary), `the summary is one sentence: ${JSON.stringify(card.summary)}`);
    assert.ok(!/[.!?]\s+\p{Lu}/u.test(card.summary), `the summary is a single sentence: ${JSON.stringify(card.summary)}`);
    assert.ok(card.facts.length >= 1 && card.facts.length <= 2, `1-2 facts: ${JSON.stringify(card.facts)}`);
    for (const f of card.facts) {
      assert.match(f.date, DATE, `fact date ${JSON.stringify(f.date)}`);
      assert.ok(f.text.length > 5, `fact text: ${JSON.stringify(f)}`);
    }
    assert.equal(card.countText, mentionsText(entity.count), 'the count equals the page state');
    assert.deepEqual(card.buttons, CARD_BUTTONS);
    assertCardClear(card, loc, 'Lukashenko in ¶3');
  });

  test('hover card: never covers the mention and stays in the viewport (mentions at the top, bottom and right of the demo page)', async () => {
    const e = get();
    const cases = [
      { text: 'Lukashenko', within: 'h1', id: 'lukashenko', placeAt: 20 },
      { text: 'Volga radar station', within: '.article-body p:nth-of-type(6)', id: 'volga-radar-station', placeAt: 820 },
      { text: 'ОДКБ', within: 'aside', id: 'csto', placeAt: 450 },
      { text: 'CSTO', within: '.article-body p:nth-of-type(7)', id: 'csto', placeAt: 420 },
    ];
    for (const c of cases) {
      const { card } = await openCardOn(e.demo, c.text, c.id, { within: c.within, placeAt: c.placeAt });
      const loc = await locateText(e.demo, c.text, { within: c.within });
      assertCardClear(card, loc, `${c.text} in ${c.within} at y=${Math.round(loc.bounds.top)}`);
    }
  });

  test('hover card: stays inside the viewport for mentions flush with the right and bottom edges (card-edge.html)', async () => {
    const e = get();
    const { page } = await openSettledPage(e, 'card-edge.html');
    for (const c of [
      { text: 'CSTO', within: '#top-right', id: 'csto' },
      { text: 'Minsk', within: '#bottom-right', id: 'minsk' },
      { text: 'Moscow', within: '#bottom-left', id: 'moscow' },
    ]) {
      const { card } = await openCardOn(page, c.text, c.id, { within: c.within });
      assertCardClear(card, await locateText(page, c.text, { within: c.within }), `${c.text} (${c.within})`);
    }
  });

  test('hover card: does not cover a mention that wraps onto a second line (card-edge.html #wrapped)', async () => {
    const e = get();
    const { page } = await openSettledPage(e, 'card-edge.html');
    const loc = await locateText(page, 'Alexander Lukashenko', { within: '#wrapped' });
    assert.equal(loc.rects.length, 2, `the fixture wraps "Alexander Lukashenko" over two lines: ${JSON.stringify(loc.rects)}`);
    // The reader points at the second line ("Lukashenko"); the card must leave both lines readable.
    const { card } = await openCardOn(page, 'Lukashenko', 'lukashenko', { within: '#wrapped' });
    assertCardClear(card, loc, 'wrapped "Alexander Lukashenko"');
  });

  test('hover card: closes on Escape, on scroll and when the pointer leaves; stays open while the pointer moves onto it', async () => {
    const e = get();
    const where = { within: '.article-body p:nth-of-type(7)', placeAt: 400 };
    // Escape
    await openCardOn(e.demo, 'CSTO', 'csto', where);
    await e.demo.keyboard.press('Escape');
    await waitForCard(e.demo, { open: false, timeout: 1_000 });

    // Scroll (a real wheel turn over the page)
    await openCardOn(e.demo, 'CSTO', 'csto', where);
    await e.demo.mouse.wheel({ deltaY: 240 });
    await waitForCard(e.demo, { open: false, timeout: 1_000 });

    // The pointer travels from the mention onto the card: it stays open (the reader can reach its buttons) ...
    const { card } = await openCardOn(e.demo, 'CSTO', 'csto', where);
    const r = card.rect as Box;
    await e.demo.mouse.move(r.left + r.width / 2, r.top + r.height / 2, { steps: 4 });
    await sleep(700);
    assert.equal((await cardInfo(e.demo)).open, true, 'the card stays open while the pointer is on it');
    // ... and closes once the pointer leaves it for empty page space.
    await e.demo.mouse.move(20, r.top + r.height / 2, { steps: 4 });
    await waitForCard(e.demo, { open: false, timeout: 1_500 });

    // Straight from the mention to empty space.
    await openCardOn(e.demo, 'CSTO', 'csto', where);
    const loc = await locateText(e.demo, 'CSTO', { within: where.within });
    await e.demo.mouse.move(20, loc.bounds.top + loc.bounds.height / 2, { steps: 2 });
    await waitForCard(e.demo, { open: false, timeout: 1_500 });
  });

  test("hover card: keys typed in it never reach the page's shortcut listeners (card-keys.html)", async (t) => {
    const e = get();
    const { page } = await openSettledPage(e, 'card-keys.html');
    await openCardOn(page, 'Lukashenko', 'lukashenko', { within: '#text' });
    const focused = await page.evaluate(() => {
      const keys = (window as unknown as { __pageKeys: Record<string, string[]> }).__pageKeys;
      for (const list of Object.values(keys)) list.length = 0; // forget the Escape openCardOn pressed on the page
      const host = Array.from(document.documentElement.children).find((e) => e.localName.startsWith('backstory-card-')) as HTMLElement;
      const button = host.shadowRoot?.querySelector('footer button') as HTMLButtonElement | null;
      button?.focus();
      return { outer: document.activeElement === host ? 'card host' : (document.activeElement?.localName ?? null), inner: (host.shadowRoot?.activeElement?.textContent ?? '').trim() };
    });
    assert.deepEqual(focused, { outer: 'card host', inner: 'More' }, 'a card button has the focus');
    // Letters and "?" only: arrow keys would scroll the page (a default action, which rightly closes the card) and "/"
    // opens Firefox's quick find.
    for (const key of ['j', 'k', 'g', 'n', '?'] as const) await page.keyboard.press(key);
    const afterTyping = await cardInfo(page);
    assert.equal(afterTyping.open, true, 'typing in the card does not close it');
    await page.keyboard.press('Escape');
    await waitForCard(page, { open: false, timeout: 1_000 });
    const seen = await page.evaluate(() => (window as unknown as { __pageKeys: Record<string, string[]> }).__pageKeys);
    t.diagnostic(`capture-phase window listener saw (cannot be prevented from a shadow root): ${JSON.stringify(seen.windowCapture)}`);
    // Escape closes the card on keydown, so its keyup lands on the page (focus is back on the body): that one is fine.
    const leaked = { window: seen.window, document: seen.document, body: seen.body };
    for (const list of Object.values(leaked)) if (list) for (let i = list.length - 1; i >= 0; i--) if (list[i] === 'keyup:Escape') list.splice(i, 1);
    assert.deepEqual(leaked, { window: [], document: [], body: [] }, 'page key listeners saw keys typed in the card');

    // Control: the same listeners do see keys typed on the page itself.
    await page.keyboard.press('j');
    const control = await page.evaluate(() => (window as unknown as { __pageKeys: { window: string[] } }).__pageKeys.window);
    assert.ok(control.includes('keydown:j'), `the page's own listener works: ${JSON.stringify(control)}`);
  });

  test('hover card: aggressive page CSS cannot restyle it or cover it (card-hostile.html)', async () => {
    const e = get();
    // Reference: the same card on the ordinary demo page.
    await openCardOn(e.demo, 'Lukashenko', 'lukashenko', { within: '.article-body p:nth-of-type(3)', placeAt: 300 });
    const styleProbe = () =>
      // Runs in the page: font sizes of the card's parts (no named functions inside, see harness.ts).
      (Array.from(document.documentElement.children).find((e) => e.localName.startsWith('backstory-card-')) as HTMLElement).shadowRoot
        ? [...(Array.from(document.documentElement.children).find((e) => e.localName.startsWith('backstory-card-')) as HTMLElement).shadowRoot!.querySelectorAll('.card, .name, .summary, .facts li, .count, footer button')].map(
            (el) => `${el.localName}.${(el as HTMLElement).className || '-'}: ${getComputedStyle(el).fontSize} ${getComputedStyle(el).fontWeight}`,
          )
        : [];
    const reference = await e.demo.evaluate(styleProbe);
    await parkPointer(e.demo);

    const { page } = await openSettledPage(e, 'card-hostile.html');
    const rootFont = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    assert.equal(rootFont, '10px', 'the fixture really shrinks the root font');
    const { card } = await openCardOn(page, 'Lukashenko', 'lukashenko', { within: '#mention-line' });
    const hostile = await page.evaluate(styleProbe);
    assert.deepEqual(hostile, reference, 'the card looks the same as on an ordinary page');
    const cardFont = await page.evaluate(() => parseFloat(getComputedStyle((Array.from(document.documentElement.children).find((e) => e.localName.startsWith('backstory-card-')) as HTMLElement).shadowRoot!.querySelector('.card')!).fontSize));
    assert.ok(cardFont >= 12 && cardFont <= 20, `card font-size ${cardFont}px is 12-20 px`);
    const r = card.rect as Box;
    assert.ok(r.width >= 300 && r.height >= 100, `the card keeps its size: ${JSON.stringify(r)}`);
    const onTop = await page.evaluate((box: Box) => {
      const host = Array.from(document.documentElement.children).find((e) => e.localName.startsWith('backstory-card-'));
      const points = [
        [box.left + box.width / 2, box.top + box.height / 2],
        [box.left + 12, box.top + 12],
        [box.right - 12, box.bottom - 12],
      ];
      const covered = document.querySelectorAll('.overlay').length;
      return { covered, hits: points.map(([x, y]) => document.elementFromPoint(x as number, y as number) === host) };
    }, r);
    assert.equal(onTop.covered, 2, 'the fixture has its two overlays');
    assert.deepEqual(onTop.hits, [true, true, true], 'document.elementFromPoint over the card is the card host (centre and corners), not a page overlay');
  });

  // -------------------------------------------------------------------------------------------------------------
  // Card actions

  test('"Not this" hides that one mention: its count drops by one, the card closes and the spot no longer opens a card', async () => {
    const e = get();
    const { page, tabId } = await openSettledPage(e, 'demo-article.html');
    const spot = { within: '.article-body p:nth-of-type(5)', text: 'Minsk' };
    assert.equal(await highlightsCovering(page, spot), 1, 'the Minsk of ¶5 is highlighted before');
    const before = await notThis(e, page, tabId, spot.text, spot.within, 'minsk');
    const after = await settledState(e, tabId, page, { until: (s) => s.mentions === before.mentions - 1 });
    assert.equal(countOf(after, 'minsk'), countOf(before, 'minsk') - 1, 'minsk count drops by one');
    for (const x of before.entities) if (x.id !== 'minsk') assert.equal(countOf(after, x.id), x.count, `${x.id} unchanged`);
    assert.equal(await countPaintedHighlights(page), before.mentions - 1, 'one highlight fewer is painted');
    assert.equal(await highlightsCovering(page, spot), 0, 'that Minsk is no longer highlighted');
    // The other Minsk mentions stay.
    assert.equal(await highlightsCovering(page, { within: '.article-body p:nth-of-type(4)', text: 'Minsk' }), 1, 'the Minsk of ¶4 is still highlighted');
    await hoverText(page, spot.text, { within: spot.within });
    await sleep(900);
    assert.equal((await cardInfo(page)).open, false, 'hovering the hidden mention opens no card');
  });

  test('"Not this" stays hidden after an unrelated settings change (here: highlight style)', async () => {
    const e = get();
    const { page, tabId } = await openSettledPage(e, 'demo-article.html');
    const before = await notThis(e, page, tabId, 'Makei', '.article-body p:nth-of-type(5)', 'makei');
    const hidden = await settledState(e, tabId, page, { until: (s) => s.mentions === before.mentions - 1 });
    assert.equal(countOf(hidden, 'makei'), 0, 'makei hidden');
    await patchSettings(e.ctx, { highlightStyle: 'background' }, DEFAULT_SETTINGS);
    await waitFor(() => highlightCounts(page), (c) => (c.painted['backstory-b-person'] ?? 0) > 0, { describe: (c) => `the background style never applied: ${JSON.stringify(c)}` });
    const after = await settledState(e, tabId, page);
    assert.equal(countOf(after, 'makei'), 0, `the "Not this" choice is kept after a settings change (makei count ${countOf(after, 'makei')}, total ${after.mentions} vs ${hidden.mentions})`);
  });

  test('"Ignore on this site" removes every mention of the entity at once; the popup lists the rule and Undo brings them back', async () => {
    const e = get();
    const { page, tabId, state: before } = await openSettledPage(e, 'demo-article.html');
    const cstoCount = countOf(before, 'csto');
    assert.ok(cstoCount >= 2, `csto appears several times (${cstoCount})`);
    await markPage(page);
    await openCardOn(page, 'CSTO', 'csto', { within: '.article-body p:nth-of-type(7)', placeAt: 400 });
    await clickCardButton(page, 'Ignore on this site');
    await waitForCard(page, { open: false });
    const after = await settledState(e, tabId, page, { until: (s) => countOf(s, 'csto') === 0 });
    assert.equal(after.mentions, before.mentions - cstoCount, 'exactly the csto mentions are gone');
    assert.equal(await countPaintedHighlights(page), before.mentions - cstoCount);
    await assertNotReloaded(page, 'Ignore on this site');
    const stored = await getStoredSettings(e.ctx);
    assert.deepEqual(stored?.siteRules, [{ site: SITE, entityId: 'csto' }], 'the rule is stored for this site');
    await waitForBadge(e, tabId, String(before.entities.length - 1), 'after ignoring csto');
    // The rule is per site: the other tab on the same site drops CSTO as well.
    await settledState(e, e.demoTabId, e.demo, { until: (s) => countOf(s, 'csto') === 0 });

    const popup = await popupFor(e, tabId);
    await openSettingsPanel(popup);
    const rules = await popup.$$eval('details.settings .rules li', (els) => els.map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()));
    assert.equal(rules.length, 1, `one rule listed: ${JSON.stringify(rules)}`);
    assert.ok(rules[0]?.includes(SITE) && /csto|Collective Security/i.test(rules[0] ?? ''), `the rule names the entity and the site: ${JSON.stringify(rules)}`);
    await clickText(popup, 'details.settings .rules li button', 'Undo');
    const restored = await settledState(e, tabId, page, { until: (s) => countOf(s, 'csto') === cstoCount });
    assert.equal(restored.mentions, before.mentions, 'every mention is back');
    await assertNotReloaded(page, 'Undo');
    await popup.waitForFunction(() => document.querySelectorAll('details.settings .rules li').length === 0);
    assert.deepEqual((await getStoredSettings(e.ctx))?.siteRules, []);
    await waitForBadge(e, tabId, String(before.entities.length), 'after Undo');
  });

  test('"Never highlight this phrase" makes the mention\'s text a rule: gone here and in another open tab, listed in Options → Rules, Remove brings it back', async () => {
    const e = get();
    // Its own URL: the demo tab shows the same page, and the tab id is found by URL.
    const { page, tabId, state: before } = await openSettledPage(e, 'demo-article.html?never-highlight');
    const demoBefore = await settledState(e, e.demoTabId, e.demo);
    const moscow = countOf(before, 'moscow');
    assert.ok(moscow >= 2, `Moscow appears several times (${moscow})`);
    await markPage(page);
    try {
      await openCardOn(page, 'Moscow', 'moscow', { within: '.article-body p:nth-of-type(7)', placeAt: 300 });
      await clickCardButton(page, 'Never highlight this phrase');
      await waitForCard(page, { open: false });
      // Every "Moscow" goes at once, in this tab and in the other open one; nothing else changes.
      const after = await settledState(e, tabId, page, { until: (s) => countOf(s, 'moscow') === 0 });
      assert.equal(after.mentions, before.mentions - moscow, 'exactly the Moscow mentions are gone');
      for (const x of before.entities) if (x.id !== 'moscow') assert.equal(countOf(after, x.id), x.count, `${x.id} unchanged`);
      await assertNotReloaded(page, 'Never highlight this phrase');
      const demoAfter = await settledState(e, e.demoTabId, e.demo, { until: (s) => countOf(s, 'moscow') === 0 });
      assert.equal(demoAfter.mentions, demoBefore.mentions - countOf(demoBefore, 'moscow'), 'the other tab drops Moscow too');
      assert.deepEqual(await storedPhrases(e), ['Moscow'], 'the rule holds the mention\'s text');
      await waitFor(() => cardInfo(page), (c) => c.live.includes('“Moscow” will not be highlighted'), { describe: (c) => `announced: ${JSON.stringify(c?.live)}` });

      // The rule is the same kind the options page adds by hand: listed there, and removable.
      const options = await openExtensionTab(e, 'options.html#rules', `document.querySelector('[data-testid="phrase-rules"] li') !== null`);
      const rows = await options.$$eval('[data-testid="phrase-rules"] li', (els) => els.map((el) => (el.querySelector('.rule-text')?.textContent ?? '').trim()));
      assert.deepEqual(rows, ['“Moscow”']);
      await options.click('button[aria-label="Remove the rule for “Moscow”"]');
      await options.waitForSelector('[data-testid="undo-bar"]');
      const restored = await settledState(e, tabId, page, { until: (s) => countOf(s, 'moscow') === moscow });
      assert.equal(restored.mentions, before.mentions, 'every mention is back');
      await assertNotReloaded(page, 'Remove');
      await settledState(e, e.demoTabId, e.demo, { until: (s) => countOf(s, 'moscow') === countOf(demoBefore, 'moscow') });
      assert.deepEqual(await storedPhrases(e), []);
    } finally {
      await evaluateInExtension(
        e.ctx,
        async () => {
          const g = globalThis as unknown as { browser?: RulesApi; chrome?: RulesApi };
          await (g.browser ?? g.chrome)!.storage.local.remove('userdata:rules');
        },
        null,
      );
    }
  });

  test('"More" opens popup.html?entity=<id> in a new tab showing that entity\'s background', async () => {
    const e = get();
    const tabsBefore = new Set((await listTabs(e.ctx)).map((x) => x.id));
    await openCardOn(e.demo, 'Volga radar station', 'volga-radar-station', { within: '.article-body p:nth-of-type(6)', placeAt: 300 });
    await clickCardButton(e.demo, 'More');
    const created = await waitFor(
      async () => (await listTabs(e.ctx)).filter((x) => !tabsBefore.has(x.id)),
      (list) => list.length === 1 && !!list[0]?.url?.includes('popup.html'),
      { describe: (last) => `no new popup.html tab: ${JSON.stringify(last)}` },
    );
    const url = new URL(created[0]?.url ?? '');
    assert.equal(`${url.protocol}//${url.host}`, e.ctx.extOrigin);
    assert.equal(url.searchParams.get('entity'), 'volga-radar-station');
    const tab = await findPage(e.ctx, (href) => href === url.href);
    e.opened.push(tab);
    await tab.waitForSelector('body[data-ready="true"] [data-testid="entity-detail"][data-entity-id="volga-radar-station"]');
    assert.equal(await textOf(tab, '#entity-title'), 'Volga radar station (Hantsavichy)');
    assert.ok((await textOf(tab, '.entity-detail .summary')).length > 20, 'the background summary is shown');
    const facts = await tab.$$eval('.entity-detail .facts li', (els) => els.length);
    assert.ok(facts >= 1, 'facts are shown');
  });

  // -------------------------------------------------------------------------------------------------------------
  // Keyboard commands (the part that does not depend on how the key reaches the extension)

  test('keyboard commands: the browser assigned the manifest shortcuts Alt+Shift+J / Alt+Shift+K', async (t) => {
    const e = get();
    const { manifest } = readExtension(e.ctx.extDir);
    const suggested = (manifest as { commands?: Record<string, { suggested_key?: { default?: string } }> }).commands ?? {};
    const want = { 'next-mention': suggested['next-mention']?.suggested_key?.default, 'previous-mention': suggested['previous-mention']?.suggested_key?.default };
    assert.deepEqual(want, { 'next-mention': 'Alt+Shift+J', 'previous-mention': 'Alt+Shift+K' }, 'the manifest suggests these keys');
    const got = await commandShortcuts(e.ctx);
    t.diagnostic(`commands.getAll(): ${JSON.stringify(got)}`);
    assert.deepEqual({ 'next-mention': got['next-mention'], 'previous-mention': got['previous-mention'] }, want, 'the suggested shortcuts are active');
  });

  // -------------------------------------------------------------------------------------------------------------
  // Popup

  test('popup: the summary, type groups and counts equal the page state; the badge counts entities', async () => {
    const e = get();
    const state = await settledState(e, e.demoTabId, e.demo);
    const popup = await popupFor(e, e.demoTabId);
    assert.equal(await textOf(popup, '#page-summary'), `${state.entities.length} entities · ${state.mentions} mentions`);
    const groups = await popup.$$eval('nav.entity-list section', (sections) =>
      sections.map((s) => ({
        heading: (s.querySelector('h2')?.textContent ?? '').trim(),
        items: [...s.querySelectorAll('li[data-entity-id]')].map((li) => ({
          id: li.getAttribute('data-entity-id') ?? '',
          name: (li.querySelector('.name')?.textContent ?? '').trim(),
          count: Number((li.querySelector('.count')?.textContent ?? '').trim()),
        })),
      })),
    );
    const order = ['person', 'organization', 'place', 'facility', 'event', 'topic'];
    const expected = order
      .map((type) => ({ heading: TYPE_PLURAL[type], items: state.entities.filter((x) => x.type === type).map((x) => ({ id: x.id, name: x.name, count: x.count })) }))
      .filter((g) => g.items.length > 0);
    assert.deepEqual(groups, expected, 'entities grouped under type headings, with their counts');
    assert.equal(
      groups.flatMap((g) => g.items).reduce((n, x) => n + x.count, 0),
      state.mentions,
      'the counts add up to the mentions',
    );
    await waitForBadge(e, e.demoTabId, String(state.entities.length), 'demo tab');
  });

  test('popup: each entity in the list carries its type colour (people, organisations and places differ)', async () => {
    const e = get();
    await settledState(e, e.demoTabId, e.demo);
    const popup = await popupFor(e, e.demoTabId);
    const stripes = await popup.evaluate(() =>
      Object.fromEntries(
        ['person', 'organization', 'place', 'topic'].map((type) => {
          const name = document.querySelector(`nav.entity-list button.type-${type} .name`);
          return [type, name ? getComputedStyle(name).borderLeftColor : null];
        }),
      ),
    );
    const colours = Object.values(stripes);
    assert.ok(colours.every((c) => c !== null), `the demo lists all four types: ${JSON.stringify(stripes)}`);
    assert.equal(new Set(colours).size, colours.length, `one stripe colour per type: ${JSON.stringify(stripes)}`);
  });

  test("popup: an entity's background shows dated, cited facts, clickable related entities and passages with the matching words marked", async () => {
    const e = get();
    const state = await settledState(e, e.demoTabId, e.demo);
    const popup = await popupFor(e, e.demoTabId);
    await popup.click('li[data-entity-id="lukashenko"] button');
    await popup.waitForSelector('[data-testid="entity-detail"][data-entity-id="lukashenko"]');
    assert.equal(await textOf(popup, '#entity-title'), 'Alexander Lukashenko');
    assert.equal(await textOf(popup, '.entity-detail .detail-head .type'), 'Person');
    assert.ok((await textOf(popup, '.entity-detail .on-page')).startsWith(mentionsText(countOf(state, 'lukashenko'))), 'the page count is shown');
    const facts = await popup.$$eval('.entity-detail .facts li', (els) =>
      els.map((li) => ({ date: (li.querySelector('.date')?.textContent ?? '').trim(), source: (li.querySelector('.source')?.textContent ?? '').trim() })),
    );
    assert.ok(facts.length >= 2, `facts: ${JSON.stringify(facts)}`);
    for (const f of facts) {
      assert.match(f.date, /^as of (?:\d{1,2} )?(?:[A-Z][a-z]{2} )?\d{4}$/, `fact date ${JSON.stringify(f.date)}`);
      assert.match(f.source, /^\((?:general reference|.+, ¶\d+)\)$/, `fact source ${JSON.stringify(f.source)}`);
    }
    const passages = await popup.$$eval('[data-testid="passage"]', (els) =>
      els.map((li) => ({ marks: [...li.querySelectorAll('blockquote mark')].map((m) => m.textContent ?? ''), cite: (li.querySelector('cite')?.textContent ?? '').trim() })),
    );
    assert.ok(passages.length >= 1, 'passages');
    for (const p of passages) {
      assert.ok(p.marks.length >= 1, `every passage marks the entity's words: ${JSON.stringify(p)}`);
      for (const m of p.marks) assert.match(m, /Lukashenk|Лукашенк|Łukaszenk/i, `marked text ${JSON.stringify(m)} is a Lukashenko alias`);
      assert.match(p.cite, /¶\d+$/, `passage cite ${JSON.stringify(p.cite)}`);
    }
    const related = await popup.$$eval('.entity-detail .related li button', (els) => els.map((b) => (b.textContent ?? '').trim()));
    assert.ok(related.length >= 1, 'related entities');
    const target = related[0] as string;
    await clickText(popup, '.entity-detail .related li button', target);
    await popup.waitForFunction((name: string) => (document.querySelector('#entity-title')?.textContent ?? '') === name, {}, target);
    const id = await popup.$eval('[data-testid="entity-detail"]', (el) => el.getAttribute('data-entity-id'));
    assert.ok(id && id !== 'lukashenko', `navigated to the related entity (${id})`);
    await popup.click('.entity-detail .back');
    await popup.waitForSelector('nav.entity-list');
  });

  test('popup: "Show on page" scrolls the page to the next mention and marks it as the current one', async () => {
    const e = get();
    const state = await settledState(e, e.demoTabId, e.demo);
    const n = countOf(state, 'lukashenko');
    await e.demo.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const popup = await popupFor(e, e.demoTabId);
    await popup.click('li[data-entity-id="lukashenko"] button');
    await popup.waitForSelector('.entity-detail .on-page button');
    const bottomY = await e.demo.evaluate(() => window.scrollY);
    let previousTop = -Infinity;
    for (let i = 1; i <= 2; i++) {
      await clickText(popup, '.entity-detail .on-page button', 'Show on page');
      const cur = await waitFor(
        () => currentMention(e.demo),
        (c) => c.size === 1 && c.rects[0] !== undefined && c.rects[0].top + c.scrollY > previousTop,
        { describe: (last) => `Show on page #${i}: current ${JSON.stringify(last)}` },
      );
      if (i === 1) assert.notEqual(cur.scrollY, bottomY, 'the page scrolled up from the bottom to the first mention');
      assert.equal(cur.size, 1, 'backstory-current holds one range');
      assert.match(cur.texts[0] ?? '', /Lukashenko/, `the current range is a Lukashenko mention: ${JSON.stringify(cur.texts)}`);
      assert.ok(boxInViewport(cur.rects[0] as Box, cur.viewport), `the current mention is scrolled into view: ${JSON.stringify(cur.rects[0])}`);
      previousTop = (cur.rects[0] as Box).top + cur.scrollY;
      const card = await waitForCard(e.demo, { entityId: 'lukashenko' });
      await waitFor(() => cardInfo(e.demo), (c) => c.live !== '', { describe: (c) => `no announcement: ${JSON.stringify(c?.live)}` });
      // showMention announces "<Name>: mention i of n" (the commands use a comma); either reads fine.
      assert.match((await cardInfo(e.demo)).live, new RegExp(`^Alexander Lukashenko[:,] mention ${i} of ${n}$`), 'the live region announces it');
      assert.equal(card.name, 'Alexander Lukashenko');
    }
  });

  test('popup: search finds entities by any alias, also ones not on the page (одкб → CSTO, Zapad → West-2017)', async () => {
    const e = get();
    const popup = await popupFor(e, e.demoTabId);
    await popup.type('#search', 'одкб');
    await popup.waitForSelector('.search-results li[data-entity-id="csto"]');
    assert.match(await textOf(popup, '.search-results li[data-entity-id="csto"] .name'), /Collective Security Treaty Organization/);

    const { tabId } = await openSettledPage(e, 'no-mentions.html');
    const other = await popupFor(e, tabId);
    assert.equal(await textOf(other, '#page-summary'), 'No known entities on this page.');
    await other.type('#search', 'Zapad');
    await other.waitForSelector('.search-results li[data-entity-id="west-2017"]');
    assert.equal(await other.$('.search-results li[data-entity-id="west-2017"] .count'), null, 'no page count for an entity the page does not mention');
    assert.equal(await textOf(other, '.search-results li[data-entity-id="west-2017"] .meta'), 'Event');
    await other.click('.search-results li[data-entity-id="west-2017"] button');
    await other.waitForSelector('[data-testid="entity-detail"][data-entity-id="west-2017"]');
    assert.match(await textOf(other, '#entity-title'), /West-2017/);
    assert.equal(await other.$('.entity-detail .on-page'), null, 'no "on this page" line');
  });

  test('popup: the per-site switch and "Pause everywhere" act at once without reload; highlights and badge go and come back', async () => {
    const e = get();
    const { page, tabId, state } = await openSettledPage(e, 'demo-article.html');
    const painted = await countPaintedHighlights(page);
    const badge = String(state.entities.length);
    await waitForBadge(e, tabId, badge, 'before');
    await markPage(page);
    const popup = await popupFor(e, tabId);
    const switches = await popup.$$eval('.switches label.switch', (els) => els.map((el) => (el.textContent ?? '').trim()));
    assert.deepEqual(switches, [`On ${SITE}`, 'Pause everywhere']);

    // Per-site switch
    await clickText(popup, '.switches label.switch', `On ${SITE}`);
    await waitForPainted(page, 0, 'site switched off');
    await waitForBadge(e, tabId, '', 'site switched off');
    assert.equal((await getPageState(e.kind, e.ctx, tabId, { until: () => true })).status, 'site-off');
    await popup.waitForFunction(() => document.querySelector('#page-summary')?.textContent === 'Switched off on this site.');
    await clickText(popup, '.switches label.switch', `On ${SITE}`);
    await waitForPainted(page, painted, 'site switched back on');
    await waitForBadge(e, tabId, badge, 'site switched back on');

    // Pause everywhere: this tab and the shared demo tab both stop.
    await clickText(popup, '.switches label.switch', 'Pause everywhere');
    await waitForPainted(page, 0, 'paused');
    await waitForPainted(e.demo, 0, 'paused (other tab)');
    await waitForBadge(e, tabId, '', 'paused');
    await popup.waitForFunction(() => document.querySelector('#page-summary')?.textContent === 'Paused everywhere.');
    assert.equal(await popup.$eval('.switches label.switch input', (el) => (el as HTMLInputElement).disabled), true, 'the site switch is disabled while paused');
    await clickText(popup, '.switches label.switch', 'Pause everywhere');
    await waitForPainted(page, painted, 'resumed');
    await waitForBadge(e, tabId, badge, 'resumed');
    await assertNotReloaded(page, 'switches');
    // The open popup catches up with the page once it has been highlighted again.
    const final = await settledState(e, tabId, page);
    const want = `${final.entities.length} entities · ${final.mentions} mentions`;
    await waitFor(() => textOf(popup, '#page-summary'), (text) => text === want, {
      timeout: 3_000,
      describe: (text) => `after resuming, the popup still says ${JSON.stringify(text)}; the page has ${JSON.stringify(want)}`,
    });
    const listed = await popup.$$eval('nav.entity-list li[data-entity-id]', (els) => els.length);
    assert.equal(listed, final.entities.length, 'the popup lists every entity again');
  });

  test('badge: per tab — a page without mentions has none while the demo tab keeps its count; navigating a tab clears and updates it', async () => {
    const e = get();
    const demoState = await settledState(e, e.demoTabId, e.demo);
    const empty = await openSettledPage(e, 'no-mentions.html');
    assert.equal(empty.state.mentions, 0);
    await waitForBadge(e, empty.tabId, '', 'page without mentions');
    await waitForBadge(e, e.demoTabId, String(demoState.entities.length), 'demo tab, meanwhile');

    const moving = await openSettledPage(e, 'demo-article.html');
    await waitForBadge(e, moving.tabId, String(moving.state.entities.length), 'second demo tab');
    await moving.page.goto(e.srv.pageUrl('no-mentions.html'), { waitUntil: 'load' });
    await settledState(e, moving.tabId, moving.page, { until: (s) => s.url.endsWith('/no-mentions.html') });
    await waitForBadge(e, moving.tabId, '', 'after navigating to a page without mentions');
    await moving.page.goto(e.srv.pageUrl('card-keys.html'), { waitUntil: 'load' });
    const keys = await settledState(e, moving.tabId, moving.page, { until: (s) => s.url.endsWith('/card-keys.html') && s.mentions > 0 });
    await waitForBadge(e, moving.tabId, String(keys.entities.length), 'after navigating to another article');
    await waitForBadge(e, e.demoTabId, String(demoState.entities.length), 'demo tab, still');
  });

  test('popup settings: "Toolbar badge" off clears every badge; unticking Places removes all places; Dark theme darkens the popup', async () => {
    const e = get();
    const demoState = await settledState(e, e.demoTabId, e.demo);
    const second = await openSettledPage(e, 'card-keys.html');
    const popup = await popupFor(e, e.demoTabId);
    await openSettingsPanel(popup);

    await clickSettingsCheck(popup, 'Toolbar badge');
    await waitForBadge(e, e.demoTabId, '', 'badge setting off');
    await waitForBadge(e, second.tabId, '', 'badge setting off (second tab)');
    await clickSettingsCheck(popup, 'Toolbar badge');
    await waitForBadge(e, e.demoTabId, String(demoState.entities.length), 'badge setting on');
    await waitForBadge(e, second.tabId, String(second.state.entities.length), 'badge setting on (second tab)');

    const places = demoState.entities.filter((x) => x.type === 'place');
    assert.ok(places.length > 0, 'the demo mentions places');
    const placeCount = places.reduce((n, x) => n + x.count, 0);
    await clickSettingsCheck(popup, 'Places');
    const noPlaces = await settledState(e, e.demoTabId, e.demo, { until: (s) => !s.entities.some((x) => x.type === 'place') });
    assert.equal(noPlaces.mentions, demoState.mentions - placeCount, 'only the places are gone');
    const counts = await highlightCounts(e.demo);
    assert.equal(counts.painted['backstory-u-place'] ?? 0, 0, `no place is painted: ${JSON.stringify(counts.painted)}`);
    await clickSettingsCheck(popup, 'Places');
    const back = await settledState(e, e.demoTabId, e.demo, { until: (s) => s.mentions === demoState.mentions });
    assert.deepEqual(back.entities, demoState.entities, 'the same entities and counts are back');

    const themeSelect = await popup.evaluateHandle(
      () => [...document.querySelectorAll('details.settings label.row')].find((l) => (l.textContent ?? '').trim().startsWith('Theme'))?.querySelector('select') ?? null,
    );
    const select = themeSelect.asElement();
    assert.ok(select, 'a Theme select');
    await (select as ElementHandle<HTMLSelectElement>).select('dark');
    await popup.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'dark');
    const bg = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(22, 27, 34)', 'the popup background is dark');
    assert.equal((await getStoredSettings(e.ctx))?.theme, 'dark');
  });

  test('hover card: the Dark theme setting applies to the card without a reload', async () => {
    const e = get();
    await settledState(e, e.demoTabId, e.demo);
    await patchSettings(e.ctx, { theme: 'dark' }, DEFAULT_SETTINGS);
    await sleep(300);
    const { card } = await openCardOn(e.demo, 'Lukashenko', 'lukashenko', { within: '.article-body p:nth-of-type(3)', placeAt: 300 });
    const bg = await e.demo.evaluate(() => getComputedStyle((Array.from(document.documentElement.children).find((e) => e.localName.startsWith('backstory-card-')) as HTMLElement).shadowRoot!.querySelector('.card')!).backgroundColor);
    assert.equal(card.theme, 'dark', 'the card host follows the theme setting (data-theme="dark")');
    assert.equal(bg, 'rgb(22, 27, 34)', 'the card background is dark');
  });

  test('popup: "Add to Backstory…" opens the options add form with the page\'s selection (once), or empty without one', async () => {
    const e = get();
    const { page, tabId } = await openSettledPage(e, 'demo-article.html?add-entity');
    // The toolbar popup in Chromium (its click grants activeTab, which reading the selection needs there); in Firefox the
    // popup document for this tab, where the manifest's host access lets Backstory read the page.
    const popupOn = async (): Promise<Page> => {
      if (e.kind === 'firefox') return popupFor(e, tabId);
      const popup = await openRealPopup(e.ctx as ChromiumContext, page);
      e.opened.push(popup);
      return popup;
    };
    const addFrom = async (popup: Page): Promise<Page> => {
      // The toolbar popup closes as the new tab opens, which may cut the click's own round trip short.
      await clickText(popup, '[data-testid="your-context"] button', 'Add to Backstory…').catch((err: unknown) => {
        if (!/closed|detached|destroyed|Target/i.test(String(err))) throw err;
      });
      return optionsTabOpened(e, '#add-name');
    };

    await selectText(page, '.article-body', 'American analysts');
    const options = await addFrom(await popupOn());
    assert.equal(await options.$eval('#add-name', (el) => (el as HTMLInputElement).value), 'American analysts');
    // ?add= is consumed: the address no longer holds it, so a reload shows the list instead of the form again.
    const href = await options.evaluate(() => location.href);
    assert.ok(!href.includes('add='), `the ?add= is gone from ${href}`);
    assert.ok(href.endsWith('#entities'), href);
    // Reloaded from inside: Firefox's BiDi navigation never reports moz-extension loads as done.
    await options.evaluate(() => {
      (window as unknown as { __before?: number }).__before = 1;
      location.reload();
    });
    const reloaded = await waitFor(
      () =>
        options.evaluate(() => ({
          fresh: !(window as unknown as { __before?: number }).__before,
          ready: document.body?.dataset.ready === 'true' && !!document.querySelector('[data-testid="entities-page"]'),
          form: !!document.querySelector('#add-name'),
        })),
      (r) => r.fresh && r.ready,
      { describe: (r) => `the options page never came back after the reload: ${JSON.stringify(r)}` },
    );
    assert.equal(reloaded.form, false, 'no add form after a reload');
    await options.close();
    e.opened.splice(e.opened.indexOf(options), 1);

    await page.evaluate(() => getSelection()?.removeAllRanges());
    const empty = await addFrom(await popupOn());
    assert.equal(await empty.$eval('#add-name', (el) => (el as HTMLInputElement).value), '', 'without a selection the form is empty');
  });

  test('popup: "Your entities and rules" opens the options page', async () => {
    const e = get();
    const popup = await popupFor(e, e.demoTabId);
    await clickText(popup, '[data-testid="your-context"] button', 'Your entities and rules');
    await optionsTabOpened(e, '[data-testid="entities-page"]');
  });

  test('popup keyboard: Tab walks every control in order with a visible focus ring; Enter and Space use them', async () => {
    const e = get();
    const state = await settledState(e, e.demoTabId, e.demo);
    const painted = await countPaintedHighlights(e.demo);
    const popup = await popupFor(e, e.demoTabId);
    // Every control a pointer could use, in document order (what Tab should visit).
    const describeFocus = () =>
      popup.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return { id: 'body', ring: false };
        const label = (el.closest('label')?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).placeholder ?? '').replace(/\s+/g, ' ').trim();
        const outline = getComputedStyle(el).outlineStyle;
        return { id: `${el.localName}${el.id ? '#' + el.id : ''}:${label}`, ring: outline !== 'none' && outline !== '' };
      });
    const controls = await popup.evaluate(() =>
      [...document.querySelectorAll('button, input, select, summary, a[href], [tabindex]')]
        .filter(
          (el) =>
            !(el as HTMLInputElement).disabled &&
            el.getClientRects().length > 0 &&
            el.getAttribute('tabindex') !== '-1' &&
            // Inside a closed <details> only its summary is reachable.
            !(el.closest('details:not([open])') && !(el.localName === 'summary' && el.parentElement === el.closest('details'))),
        )
        .map((el) => {
          const label = (el.closest('label')?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).placeholder ?? '').replace(/\s+/g, ' ').trim();
          return `${el.localName}${el.id ? '#' + el.id : ''}:${label}`;
        }),
    );
    assert.ok(controls.length >= state.entities.length + 4, `controls: ${JSON.stringify(controls)}`);
    const walked: string[] = [];
    const noRing: string[] = [];
    for (let i = 0; i < controls.length; i++) {
      await popup.keyboard.press('Tab');
      const f = await describeFocus();
      walked.push(f.id);
      if (!f.ring) noRing.push(f.id);
    }
    assert.deepEqual(walked, controls, 'Tab visits every control once, in order');
    assert.deepEqual(noRing, [], 'every focused control shows a focus ring');
    for (const x of state.entities) assert.ok(walked.some((w) => w.startsWith('button:') && w.includes(x.name)), `the ${x.name} button is reachable`);

    // Enter opens an entity; Tab reaches Back; Enter goes back.
    await popup.focus('li[data-entity-id="csto"] button');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('[data-testid="entity-detail"][data-entity-id="csto"]');
    let onBack = false;
    for (let i = 0; i < 10 && !onBack; i++) {
      await popup.keyboard.press('Tab');
      onBack = await popup.evaluate(() => document.activeElement?.classList.contains('back') ?? false);
    }
    assert.ok(onBack, 'Tab reaches the Back button of the entity view');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('nav.entity-list');

    // Enter on the Settings summary opens it; Space ticks a type checkbox.
    await popup.focus('details.settings > summary');
    await popup.keyboard.press('Enter');
    await popup.waitForFunction(() => (document.querySelector('details.settings') as HTMLDetailsElement).open);
    let onPlaces = false;
    for (let i = 0; i < 12 && !onPlaces; i++) {
      await popup.keyboard.press('Tab');
      onPlaces = await popup.evaluate(() => (document.activeElement?.closest('label')?.textContent ?? '').trim() === 'Places');
    }
    assert.ok(onPlaces, 'Tab reaches the Places checkbox');
    await popup.keyboard.press(' ');
    await waitFor(() => highlightCounts(e.demo), (c) => (c.painted['backstory-u-place'] ?? 0) === 0, { describe: (c) => `places still painted: ${JSON.stringify(c)}` });
    await popup.keyboard.press(' ');
    await waitForPainted(e.demo, painted, 'places back');

    // Space toggles a switch: pause and resume from the keyboard.
    await popup.focus('.switches label.switch:nth-of-type(2) input');
    await popup.keyboard.press(' ');
    await waitForPainted(e.demo, 0, 'paused with Space');
    await popup.keyboard.press(' ');
    await waitForPainted(e.demo, painted, 'resumed with Space');
  });

  test('popup: pages browsers do not let extensions read say so (an extension page, about:blank)', async () => {
    const e = get();
    const ext = await newTabWithId(e.ctx);
    e.opened.push(ext.page);
    await gotoAny(e.ctx, ext.page, `${e.ctx.extOrigin}/options.html`, `document.readyState === 'complete'`);
    const onExt = await popupFor(e, ext.tabId);
    assert.equal(await textOf(onExt, '#page-summary'), 'Browsers do not let extensions read this page.', 'popup for an extension page');

    const blank = await newTabWithId(e.ctx);
    e.opened.push(blank.page);
    const onBlank = await popupFor(e, blank.tabId);
    assert.equal(await textOf(onBlank, '#page-summary'), 'Browsers do not let extensions read this page.', 'popup for about:blank');
  });

  return get;
}

/**
 * Keyboard stepping through mentions (the manifest commands next-mention / previous-mention), driven by `step`, which
 * each browser file implements as close to a real key press as that browser allows. Checks: previous from nowhere wraps
 * to the last mention, next from the last wraps to the first, next/previous move in document order, the page scrolls
 * each one into view, the card opens for it and the live region announces "<Name>, mention i of n".
 */
export async function checkMentionStepping(env: UiEnv, t: TestContext, step: (page: Page, direction: 1 | -1) => Promise<void>): Promise<void> {
  const { page, state } = await openSettledPage(env, 'demo-article.html');
  const n = state.mentions;
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const scrolls: number[] = [];
  const seen: string[] = [];

  const expectStep = async (direction: 1 | -1, index: number, relation: 'after' | 'before' | 'same' | 'any') => {
    await page.evaluate(() => {
      const h = (globalThis as unknown as { CSS: { highlights: Map<string, Set<AbstractRange>> } }).CSS.highlights.get('backstory-current');
      (window as unknown as { __prevCurrent: AbstractRange | null }).__prevCurrent = h ? ([...h][0] ?? null) : null;
      // Empty the live region so the next announcement is told apart from the last one (the same text would not change).
      const live = Array.from(document.documentElement.children).find((e) => e.localName.startsWith('backstory-card-'))?.shadowRoot?.querySelector('[role="status"]');
      if (live) live.textContent = '';
    });
    const y0 = await page.evaluate(() => window.scrollY);
    await step(page, direction);
    const announce = await waitFor(() => cardInfo(page), (c) => / mention \d+ of \d+$/.test(c.live), {
      describe: (c) => `no announcement after step ${direction}: ${JSON.stringify(c?.live)}`,
    }).then((c) => c.live);
    const m = /^(.*), mention (\d+) of (\d+)$/.exec(announce);
    assert.ok(m, `announcement "${announce}" reads "<Name>, mention i of n"`);
    assert.equal(Number(m[3]), n, `n equals the page's mentions (${n})`);
    assert.equal(Number(m[2]), index, `step ${direction > 0 ? 'next' : 'previous'} lands on mention ${index}: "${announce}"`);
    const cur = await currentMention(page);
    assert.equal(cur.size, 1, 'one current mention');
    assert.ok(boxInViewport(cur.rects[0] as Box, cur.viewport), `the current mention is in view: ${JSON.stringify(cur.rects[0])}`);
    const order = await page.evaluate(() => {
      const prev = (window as unknown as { __prevCurrent: AbstractRange | null }).__prevCurrent;
      const h = (globalThis as unknown as { CSS: { highlights: Map<string, Set<AbstractRange>> } }).CSS.highlights.get('backstory-current');
      const cur = h ? [...h][0] : undefined;
      if (!prev || !cur) return 'none';
      if (prev.startContainer === cur.startContainer) return cur.startOffset > prev.startOffset ? 'after' : cur.startOffset < prev.startOffset ? 'before' : 'same';
      return prev.startContainer.compareDocumentPosition(cur.startContainer) & Node.DOCUMENT_POSITION_FOLLOWING ? 'after' : 'before';
    });
    if (relation !== 'any') assert.equal(order, relation, `mention ${index} is ${relation} the previous current one in document order`);
    // The previous mention's card may still be up for a moment: wait for the one of the announced entity.
    const card = await waitFor(() => cardInfo(page), (c) => c.open && !c.loading && c.name === m[1], {
      timeout: 3_000,
      describe: (c) => `the card never opened for ${m[1]}: ${JSON.stringify(c && { open: c.open, name: c.name })}`,
    });
    assert.equal(card.name, m[1], 'the card opens for the announced entity');
    const y1 = await page.evaluate(() => window.scrollY);
    scrolls.push(y1 - y0);
    seen.push(`${announce} "${cur.texts[0]}"`);
  };

  await expectStep(-1, n, 'any'); // from nowhere, previous wraps to the last mention
  await expectStep(1, 1, 'before'); // next from the last wraps to the first
  await expectStep(1, 2, 'after');
  await expectStep(1, 3, 'after');
  await expectStep(-1, 2, 'before');
  t.diagnostic(`steps: ${seen.join(' | ')}; scrolled by ${JSON.stringify(scrolls)}`);
  assert.ok(scrolls.some((d) => d !== 0), 'the page scrolled to bring a mention into view');
}
