// Foundation e2e in Firefox ESR: dist/firefox highlights the demo article, badges the entity count, and its popup lists entities with passages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'puppeteer-core';
import {
  activeTabId,
  describeErrors,
  formValues,
  getBadgeText,
  getPageState,
  highlightCounts,
  launchFirefox,
  openPage,
  openPopup,
  saveScreenshot,
  startServer,
  waitFor,
  waitForHighlights,
} from './harness';
import type { FirefoxContext, FixtureServer } from './harness';

const KIND = 'firefox';
const EXPECTED_IDS = ['lukashenko', 'csto', 'makei', 'belarus', 'russia'];
/** The values demo-article.html gives its <input> and <textarea>; the extension must never change them. */
const FORM_VALUES = ['Lukashenko', 'Lukashenko has said this before; what changed since the CSTO summit?'];

let srv: FixtureServer;
let ctx: FirefoxContext;
let page: Page;
let tabId: number;

before(async () => {
  srv = await startServer();
  ctx = await launchFirefox();
  page = await openPage(ctx, srv.pageUrl('demo-article.html'));
  tabId = await activeTabId(KIND, ctx, page);
});

after(async () => {
  await ctx?.close();
  await srv?.close();
});

function assertNoPageErrors(): void {
  assert.deepEqual(ctx.pageErrors, [], `page errors:\n${describeErrors(ctx.pageErrors)}`);
}

test('the demo article gets highlights and the content script reports its entities', async (t) => {
  const painted = await waitForHighlights(page);
  assert.ok(painted > 0, 'countPaintedHighlights > 0');
  const state = await getPageState(KIND, ctx, tabId);
  const byId = new Map(state.entities.map((e) => [e.id, e]));
  for (const id of EXPECTED_IDS) {
    assert.ok((byId.get(id)?.count ?? 0) >= 1, `entity ${id} found at least once; got ${JSON.stringify(state.entities)}`);
  }
  assert.ok((byId.get('lukashenko')?.count ?? 0) >= 5, `lukashenko counted >= 5 times; got ${byId.get('lukashenko')?.count}`);

  // Nothing inside form fields is highlighted, and their values are untouched.
  const inFields = await page.evaluate(() => {
    let n = 0;
    const registry = (globalThis as unknown as { CSS?: { highlights?: Iterable<[string, Iterable<AbstractRange>]> } }).CSS?.highlights;
    for (const [name, highlight] of registry ?? []) {
      if (!name.startsWith('backstory')) continue;
      for (const range of highlight) {
        const node = range.startContainer;
        const el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
        if (el?.closest('input, textarea')) n++;
      }
    }
    return n + document.querySelectorAll('textarea backstorymark, input backstorymark').length;
  });
  assert.equal(inFields, 0, 'no highlight inside <input>/<textarea>');
  assert.deepEqual(await formValues(page), FORM_VALUES);

  t.diagnostic(`main world sees ${JSON.stringify(await highlightCounts(page))}`);
  t.diagnostic(`state: ${state.status}/${state.mode}, ${state.entities.length} entities, ${state.mentions} mentions`);
  t.diagnostic(await saveScreenshot(page, 'foundation-firefox-page'));
  assertNoPageErrors();
});

test('the toolbar badge shows the number of distinct entities', async () => {
  const state = await getPageState(KIND, ctx, tabId);
  const badge = await waitFor(
    () => getBadgeText(KIND, ctx, tabId),
    (text) => text === String(state.entities.length),
    { describe: (last) => `badge ${JSON.stringify(last)}, expected ${JSON.stringify(String(state.entities.length))}` },
  );
  assert.equal(badge, String(state.entities.length));
  assertNoPageErrors();
});

test('the popup (as a moz-extension page with ?tabId) lists the entities and shows passages', async (t) => {
  const state = await getPageState(KIND, ctx, tabId);
  const lukashenko = state.entities.find((e) => e.id === 'lukashenko');
  assert.ok(lukashenko, 'lukashenko in page state');
  const popup = await openPopup(KIND, ctx, tabId);
  try {
    const summary = await popup.$eval('#page-summary', (el) => el.textContent ?? '');
    assert.match(summary, /entities/, `#page-summary mentions entities: ${JSON.stringify(summary)}`);
    assert.match(summary, /mentions/, `#page-summary mentions mentions: ${JSON.stringify(summary)}`);
    const countText = await popup.$eval('li[data-entity-id="lukashenko"] .count', (el) => el.textContent ?? '');
    assert.equal(countText.replace(/\D+/g, ''), String(lukashenko.count), `.count shows ${lukashenko.count}: ${JSON.stringify(countText)}`);
    t.diagnostic(await saveScreenshot(popup, 'foundation-firefox-popup'));

    await popup.click('li[data-entity-id="lukashenko"] button');
    await popup.waitForSelector('[data-testid="entity-detail"] [data-testid="passage"]');
    const passages = await popup.$$eval('[data-testid="entity-detail"] [data-testid="passage"]', (els) => els.map((el) => el.textContent ?? ''));
    assert.ok(passages.length >= 1, 'at least one passage');
    assert.ok(
      passages.some((p) => p.includes('Lukashenko')),
      `a passage mentions Lukashenko: ${JSON.stringify(passages)}`,
    );
    t.diagnostic(await saveScreenshot(popup, 'foundation-firefox-popup-entity'));
  } finally {
    await popup.close();
  }
  assert.deepEqual(await formValues(page), FORM_VALUES);
  assertNoPageErrors();
});
