// Lifecycle e2e cases for both browsers: the extension removed and installed again under an open page, and back/forward navigation, leave each highlight exactly once and the page error-free.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'puppeteer-core';
import { DEFAULT_SETTINGS } from '../../src/settings';
import { describeErrors, launch, patchSettings, startServer, waitFor, type BrowserKind, type ExtContext, type FixtureServer } from './harness';

/** What a reader could see of us on the page, read from the main world. */
interface Trace {
  /** <backstorymark> elements, and those still styled as highlights (content.css applies). */
  marks: number;
  styledMarks: number;
  /** Ranges in the backstory-* CSS highlights (the current-mention overlay excluded). */
  painted: number;
  /** Card hosts (backstory-card-…) on the page. */
  hosts: number;
}

function trace(page: Page): Promise<Trace> {
  return page.evaluate(() => {
    const marks = Array.from(document.getElementsByTagName('backstorymark'));
    let painted = 0;
    const reg = (CSS as unknown as { highlights?: Map<string, Set<unknown>> }).highlights;
    reg?.forEach((h, name) => {
      if (name.indexOf('backstory-') === 0 && name !== 'backstory-current') painted += h.size;
    });
    const styled = marks.filter((m) => {
      const cs = getComputedStyle(m);
      return cs.textDecorationLine.indexOf('underline') >= 0 || (cs.backgroundColor !== 'rgba(0, 0, 0, 0)' && cs.backgroundColor !== 'transparent');
    }).length;
    const hosts = Array.from(document.documentElement.children).filter((e) => e.localName.indexOf('backstory-card-') === 0).length;
    return { marks: marks.length, styledMarks: styled, painted, hosts };
  });
}

/** Polls until the trace holds still for 600 ms and satisfies `ok`. */
async function settledTrace(page: Page, ok: (t: Trace) => boolean, what: string, timeout = 12_000): Promise<Trace> {
  let last = '';
  let since = Date.now();
  return waitFor(
    async () => {
      const t = await trace(page);
      const key = JSON.stringify(t);
      if (key !== last) {
        last = key;
        since = Date.now();
      }
      return { t, still: Date.now() - since >= 600 };
    },
    (v) => v.still && ok(v.t),
    { timeout, interval: 100, describe: (v) => `${what}: trace ${JSON.stringify(v?.t)}` },
  ).then((v) => v.t);
}

function extensionId(ctx: ExtContext): string {
  return ctx.kind === 'chromium' ? ctx.extId : ctx.geckoId;
}

export function lifecycleSuite(kind: BrowserKind): void {
  let srv: FixtureServer;
  let ctx: ExtContext;
  before(async () => {
    srv = await startServer();
    ctx = await launch(kind);
  });
  after(async () => {
    await ctx?.close();
    await srv?.close();
  });

  const noErrors = (what: string) => {
    assert.deepEqual(ctx.pageErrors, [], `${what}: page errors\n${describeErrors(ctx.pageErrors)}`);
    const invalidated = ctx.consoleErrors.filter((e) => /context invalidated|dead object/i.test(e.message));
    assert.deepEqual(invalidated, [], `${what}: errors of a torn-down content script\n${describeErrors(invalidated)}`);
  };

  test('back and forward (from the back/forward cache or reloaded): every highlight exactly once, no error', async () => {
    const page = await ctx.newPage();
    await page.goto(srv.pageUrl('demo-article.html'), { waitUntil: 'load' });
    const first = await settledTrace(page, (t) => t.painted > 0, 'first load');
    await page.goto(srv.pageUrl('no-mentions.html'), { waitUntil: 'load' });
    await settledTrace(page, (t) => t.painted === 0 && t.marks === 0, 'page without mentions');
    await page.goBack({ waitUntil: 'load' });
    const back = await settledTrace(page, (t) => t.painted > 0, 'after Back');
    assert.deepEqual(back, first, 'after Back the page shows the same highlights, none twice');
    await page.goForward({ waitUntil: 'load' });
    await settledTrace(page, (t) => t.painted === 0 && t.marks === 0, 'after Forward');
    await page.goBack({ waitUntil: 'load' });
    assert.deepEqual(await settledTrace(page, (t) => t.painted > 0, 'after Back again'), first, 'after Back again, still the same');
    noErrors('back/forward');
    await page.close();
  });

  for (const mode of ['paint', 'wrap'] as const) {
    test(`[${mode}] removing the extension under an open page leaves nothing visible; installing it again shows each highlight once`, async (t) => {
      // A browser of its own: after the removal the harness's handles on extension contexts (worker, helper page) are gone.
      const shared = ctx;
      ctx = await launch(kind);
      try {
        await removeAndInstall(t, mode);
      } finally {
        await ctx.close();
        ctx = shared;
      }
    });
  }

  async function removeAndInstall(t: { diagnostic(msg: string): void }, mode: 'paint' | 'wrap'): Promise<void> {
    {
      await patchSettings(ctx, { renderMode: mode }, DEFAULT_SETTINGS);
      const page = await ctx.newPage();
      await page.goto(srv.pageUrl('demo-article.html'), { waitUntil: 'load' });
      const on = await settledTrace(page, (x) => (mode === 'paint' ? x.painted > 0 : x.styledMarks > 0), `${mode}: highlighted`);
      if (mode === 'wrap') assert.equal(on.styledMarks, on.marks, 'every mark is styled');
      const mentions = mode === 'paint' ? on.painted : on.marks;

      await ctx.browser.uninstallExtension(extensionId(ctx));
      const gone = await settledTrace(
        page,
        (x) => x.styledMarks === 0 && x.hosts === 0 && (kind === 'firefox' || (x.marks === 0 && x.painted === 0)),
        `${mode}: after removal`,
      );
      // Chromium lets the old script clean up (its port disconnects); Firefox tears it down unannounced, so what it left
      // must at least be invisible: marks lose their styles with content.css, highlight names lose their ::highlight rules.
      t.diagnostic(`${kind} ${mode} after removal: ${JSON.stringify(gone)}`);
      if (kind === 'chromium') assert.deepEqual(gone, { marks: 0, styledMarks: 0, painted: 0, hosts: 0 }, 'Chromium: every mark and highlight removed');

      const installed = await ctx.browser.installExtension(ctx.extDir);
      assert.equal(installed, extensionId(ctx));
      // A fresh install has default settings (paint). Chromium does not inject into open tabs: the page starts on reload.
      if (kind === 'chromium') await page.reload({ waitUntil: 'load' });
      const again = await settledTrace(page, (x) => x.painted > 0, `${mode}: after installing again`);
      assert.deepEqual(again, { marks: 0, styledMarks: 0, painted: mentions, hosts: 0 }, 'each mention highlighted exactly once, no mark of the old instance left');
      noErrors(`${mode} remove/install`);
    }
  }
}
