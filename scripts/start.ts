// `npm start`: builds the extension, serves the demo article and opens it in Chromium with dist/chrome loaded (headful on a desktop, else headless screenshots into out/screenshots/).
//
// Flags: --headless (force screenshots even with a display), --skip-build (use the existing dist/chrome).
import { spawn } from 'node:child_process';
import type { Page } from 'puppeteer-core';
import {
  activeTabId,
  countPaintedHighlights,
  findChromium,
  getPageState,
  hoverText,
  launchChromium,
  openPage,
  openPopup,
  openRealPopup,
  saveScreenshot,
  startServer,
  waitFor,
  waitForCard,
  waitForHighlights,
  watchPage,
} from '../test/e2e/harness';
import type { ChromiumContext, FixtureServer } from '../test/e2e/harness';

const DEMO_PAGE = 'demo-article.html';
const OVERALL_TIMEOUT_MS = 180_000;

/** What every shot step can use. `popup` is the currently open popup page, if any. */
interface Session {
  ctx: ChromiumContext;
  page: Page;
  tabId: number;
  popup: Page | null;
  notes: string[];
}

interface Shot {
  /** File name under out/screenshots/. */
  file: string;
  /** Emulated prefers-color-scheme while the shot is taken (for light/dark variants of the popup and card). */
  colorScheme?: 'light' | 'dark';
  /** When true, a failure is reported and skipped instead of failing `npm start` (e.g. the popup has no entity detail yet). */
  optional?: boolean;
  /** Prepares the page to capture and returns it. */
  take(session: Session): Promise<Page>;
}

/**
 * The screenshots `npm start` writes in headless mode, in order. To add one, append e.g.
 * `{ file: 'popup-dark.png', colorScheme: 'dark', take: (s) => freshPopup(s) }`.
 */
const SHOTS: Shot[] = [
  {
    file: 'demo-page.png',
    async take(s) {
      await s.page.bringToFront();
      return s.page;
    },
  },
  { file: 'popup.png', take: (s) => freshPopup(s) },
  {
    file: 'popup-entity.png',
    optional: true,
    async take(s) {
      const popup = await freshPopup(s);
      const button = await popup.$('li[data-entity-id="lukashenko"] button');
      if (!button) throw new Error('the popup lists no lukashenko entry with a button');
      await button.click();
      await popup.waitForSelector('[data-testid="entity-detail"]', { timeout: 5_000 });
      return popup;
    },
  },
  { file: 'popup-dark.png', colorScheme: 'dark', take: (s) => freshPopup(s) },
  { file: 'card.png', colorScheme: 'light', take: (s) => pageWithCard(s) },
  { file: 'card-dark.png', colorScheme: 'dark', take: (s) => pageWithCard(s) },
];

/** The demo page with the hover card open on a mention of Lukashenko (the pointer rests on it, as a reader's would). */
async function pageWithCard(s: Session): Promise<Page> {
  if (s.popup && !s.popup.isClosed()) await s.popup.close().catch(() => {});
  s.popup = null;
  const page = s.page;
  await page.bringToFront();
  await page.keyboard.press('Escape');
  // The third paragraph near the top, the pointer on its "Lukashenko said": the card opens below it over the article.
  await page.evaluate(() => {
    const p = document.querySelectorAll('.article-body p')[2];
    window.scrollTo(0, p ? p.getBoundingClientRect().top + window.scrollY - 16 : 0);
  });
  await hoverText(page, 'Lukashenko', { within: '.article-body p:nth-of-type(3)' });
  await waitForCard(page, { entityId: 'lukashenko' });
  return page;
}

/** Closes the current popup and opens a new one: the real toolbar popup if possible, else popup.html?tabId=N as a page. */
async function freshPopup(s: Session): Promise<Page> {
  if (s.popup && !s.popup.isClosed()) await s.popup.close().catch(() => {});
  s.popup = null;
  try {
    s.popup = await openRealPopup(s.ctx, s.page, { timeout: 8_000 });
  } catch (err) {
    s.notes.push(`real toolbar popup unavailable (${message(err)}); used popup.html?tabId=${s.tabId} as a page`);
    s.popup = await openPopup('chromium', s.ctx, s.tabId);
  }
  return s.popup;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

function runBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`npm run build failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

async function runHeadful(server: FixtureServer, url: string): Promise<void> {
  const ctx = await launchChromium(undefined, { headless: false });
  const [first] = await ctx.browser.pages();
  const page = first ?? (await ctx.newPage());
  watchPage(ctx, page);
  await page.goto(url, { waitUntil: 'load' });
  const highlights = await waitForHighlights(page).catch((err: unknown) => {
    console.warn(`warning: the demo page shows no highlights: ${message(err)}`);
    return 0;
  });
  console.log(`\nBackstory demo: ${url} (${highlights} highlights)`);
  console.log('Chromium is open with dist/chrome loaded; click the toolbar icon (puzzle menu) for the popup.');
  console.log('Press Ctrl+C to quit.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    ctx.browser.once('disconnected', () => resolve());
  });
  await ctx.close();
  await server.close();
}

async function runHeadless(server: FixtureServer, url: string): Promise<void> {
  const ctx = await launchChromium();
  try {
    const page = await openPage(ctx, url);
    const tabId = await activeTabId('chromium', ctx, page);
    try {
      await waitForHighlights(page);
      // Wait for the whole first pass (two equal reads 200 ms apart, every reported mention painted): the shots
      // should show the finished page.
      let previous = '';
      const { state, highlights } = await waitFor(
        async () => {
          const st = await getPageState('chromium', ctx, tabId);
          const painted = await countPaintedHighlights(page);
          const key = `${st.mentions}/${painted}`;
          const stable = key === previous;
          previous = key;
          return { state: st, highlights: painted, stable };
        },
        (r) => r.stable && r.highlights === r.state.mentions,
        { interval: 200, describe: (r) => `the first pass never settled: ${r?.highlights} painted, ${r?.state.mentions} reported` },
      );
      console.log(`Demo page: ${highlights} highlights; ${state.entities.length} entities, ${state.mentions} mentions (${state.status}, ${state.mode}).`);
    } catch (err) {
      console.warn(`warning: the demo page shows no highlights: ${message(err)}`);
    }
    const session: Session = { ctx, page, tabId, popup: null, notes: [] };
    let failed = false;
    for (const shot of SHOTS) {
      try {
        const target = await shot.take(session);
        if (shot.colorScheme) await target.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: shot.colorScheme }]);
        const file = await saveScreenshot(target, shot.file);
        if (shot.colorScheme) await target.emulateMediaFeatures([]);
        console.log(file);
      } catch (err) {
        if (shot.optional) {
          console.log(`skipped ${shot.file}: ${message(err)}`);
        } else {
          console.error(`error: ${shot.file}: ${message(err)}`);
          failed = true;
        }
      }
    }
    for (const note of session.notes) console.log(`note: ${note}`);
    for (const e of ctx.pageErrors) console.warn(`page error in ${e.url}: ${e.message}`);
    if (failed) process.exitCode = 1;
  } finally {
    await ctx.close();
    await server.close();
  }
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  findChromium(); // fail fast, before building, with the install hint
  if (!args.has('--skip-build')) await runBuild();
  const server = await startServer();
  const url = server.pageUrl(DEMO_PAGE);
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !isCI();
  if (hasDisplay && !args.has('--headless')) {
    await runHeadful(server, url);
  } else {
    const timer = setTimeout(() => {
      console.error(`error: npm start timed out after ${OVERALL_TIMEOUT_MS / 1000} s`);
      process.exit(1);
    }, OVERALL_TIMEOUT_MS);
    timer.unref();
    await runHeadless(server, url);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(`error: ${message(err)}`);
    process.exit(1);
  },
);
