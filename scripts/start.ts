// `npm start`: builds the extension, serves the demo article and opens it in Chromium with dist/chrome loaded (headful on a desktop, else headless screenshots into out/screenshots/).
//
// The headless run also adds the reader's own data through the extension's real paths (the "Add to Backstory…" page,
// the options page's forms, the card's "Ignore on this site", the popup's "Save this article to Backstory", a real backup download)
// and shoots the options page and the popup with it, so the README shows what a reader gets, not empty states.
//
// Flags: --headless (force screenshots even with a display), --skip-build (use the existing dist/chrome).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import {
  activeTabId,
  clickCardButton,
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
  /** The options page the reader's data was entered on (reused by every options shot). */
  options: Page | null;
  /** Set by the first shot that needs the reader's data: seeding runs once. */
  readerData: Promise<ReaderData> | null;
}

/** What seeding produced, for the shots that follow. */
interface ReaderData {
  entityId: string;
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
  // From here on the reader's own data exists: the shots above show the extension as installed.
  { file: 'options.png', take: (s) => optionsSection(s, 'entities', 'li[data-entity-id^="user:"]') },
  { file: 'options-rules.png', take: (s) => optionsSection(s, 'rules', '[data-testid="site-rules"] li') },
  { file: 'options-articles.png', take: (s) => optionsSection(s, 'articles', 'li[data-article-id]') },
  {
    file: 'popup-saved.png',
    async take(s) {
      const { entityId } = await readerData(s);
      const popup = await freshPopup(s);
      await popup.click(`li[data-entity-id="${entityId}"] button`);
      await popup.waitForSelector('[data-testid="saved-passages"] [data-testid="saved-passage"]', { timeout: 5_000 });
      // The popup is shorter than the background: start at the entity's name so its saved passages are in view.
      await popup.$eval('[data-testid="entity-detail"]', (el) => el.scrollIntoView({ block: 'start' }));
      return popup;
    },
  },
  {
    file: 'popup-relations.png',
    // The chains shown first depend on the dataset; a dataset change must not fail `npm start` over this shot.
    optional: true,
    async take(s) {
      const { entityId } = await readerData(s);
      const popup = await freshPopup(s);
      // The reader's entities reach the popup after its first render; until then their links are missing from the chains.
      await popup.waitForSelector(`[data-testid="relations"] [data-entity-id="${entityId}"]`, { timeout: 5_000 });
      await popup.$eval('[data-testid="relations"]', (el) => el.scrollIntoView({ block: 'start' }));
      return popup;
    },
  },
  // Last: it deletes the reader's entity and phrase rule to show what a restore brings back.
  { file: 'options-import.png', take: (s) => importPreview(s) },
];

/** The phrase the reader selects on the demo page: in paragraphs 1 and 2, and no bundled alias. */
const OWN_ENTITY = 'American analysts';

/** The options page is a 780 px column: at the harness's 1280 px most of a shot would be margin. Height grows to fit. */
const OPTIONS_VIEWPORT = { width: 860, height: 360 } as const;

/**
 * The reader's own data, entered once as a reader would: an entity from a selection, a "never highlight" phrase, an
 * entity ignored on the demo site from its card, and the demo article saved from the popup (after the entity, so its
 * passages are indexed).
 */
function readerData(s: Session): Promise<ReaderData> {
  s.readerData ??= seedReaderData(s);
  return s.readerData;
}

async function seedReaderData(s: Session): Promise<ReaderData> {
  if (s.popup && !s.popup.isClosed()) await s.popup.close().catch(() => {});
  s.popup = null;

  // Headless Chromium cannot click a context-menu item; "Add to Backstory…" opens this URL (background/userdata.ts).
  const options = await s.ctx.newPage();
  s.options = options;
  await options.setViewport({ ...OPTIONS_VIEWPORT });
  await options.goto(`${s.ctx.extOrigin}/options.html?${new URLSearchParams({ add: OWN_ENTITY }).toString()}#entities`);
  await options.waitForSelector('body[data-ready="true"] #add-name');
  await options.select('#add-type', 'organization');
  await options.type('#add-aliases', 'US analysts\nU.S. analysts');
  await options.type('#add-note', 'The group of U.S. foreign-policy analysts sent to Belarus to probe the reports of a Russian base; Lukashenko met them.');
  for (const [relation, id] of [
    ['met with', 'lukashenko'],
    ['visited', 'belarus'],
  ] as const) {
    await options.type('#add-link-label', relation);
    await options.select('#add-link-id', id);
    await options.click('[data-testid="entity-form"] .link-row button');
    await options.waitForSelector(`[data-testid="entity-form"] li[data-related-id="${id}"]`);
  }
  await options.click('[data-testid="entity-form"] button[type="submit"]');
  const row = await options.waitForSelector('li[data-entity-id^="user:"]', { timeout: 5_000 });
  const entityId = (await row!.evaluate((el) => el.getAttribute('data-entity-id'))) ?? '';

  await options.click('button[data-section="rules"]');
  await options.type('#phrase-input', 'Washington');
  await options.click('form[aria-label="Add a phrase"] button[type="submit"]');
  await options.waitForSelector('[data-testid="phrase-rules"] li');

  // "Ignore on this site" from Moscow's card on the demo page; the open options page lists the rule when it is stored.
  const page = s.page;
  await page.keyboard.press('Escape');
  await hoverText(page, 'Moscow', { within: '.article-body p:nth-of-type(1)', placeAt: 300 });
  await waitForCard(page, { entityId: 'moscow' });
  await clickCardButton(page, 'Ignore on this site');
  await options.waitForSelector('[data-testid="site-rules"] li', { timeout: 5_000 });

  const popup = await freshPopup(s);
  await popup.click('[data-testid="save-article"] button');
  const status = await waitFor(
    () => popup.$eval('[data-testid="save-article"]', (el) => el.textContent ?? ''),
    (t) => /Saved:|Updated:|may not|could not|No article/.test(t),
    { describe: (t) => `"Save this article to Backstory" never finished: ${String(t)}` },
  );
  if (!/Saved:|Updated:/.test(status)) throw new Error(`"Save this article to Backstory" failed: ${status}`);
  await popup.close().catch(() => {});
  s.popup = null;

  // Opened afresh, as a reader comes back to it later: with ?add= still in its URL the page would offer the add form again.
  await options.goto(`${s.ctx.extOrigin}/options.html#entities`);
  await options.waitForSelector('body[data-ready="true"]');
  return { entityId };
}

/** The options page on one section, once it shows `ready` (a row of the reader's data). */
async function optionsSection(s: Session, section: 'entities' | 'rules' | 'articles' | 'backup', ready: string): Promise<Page> {
  await readerData(s);
  const options = s.options!;
  await options.bringToFront();
  await options.click(`button[data-section="${section}"]`);
  await options.waitForSelector(ready, { timeout: 5_000 });
  return fitToContent(options);
}

/**
 * Makes the viewport exactly as tall as the options page's content, so a shot has neither a cut nor a blank band.
 * (A full-page screenshot once measured the page before the import preview was laid out; scrollHeight forces layout.)
 */
async function fitToContent(page: Page): Promise<Page> {
  await page.setViewport({ ...OPTIONS_VIEWPORT });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewport({ width: OPTIONS_VIEWPORT.width, height: Math.max(OPTIONS_VIEWPORT.height, Math.ceil(height)) });
  return page;
}

/**
 * The import preview after a restore: a real backup downloaded from the Backup section, then the phrase rule removed and
 * the entity deleted (as by mistake), then the file chosen for import. Nothing is applied.
 */
async function importPreview(s: Session): Promise<Page> {
  await readerData(s);
  const options = await optionsSection(s, 'backup', '[data-testid="export"]');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backstory-start-'));
  try {
    const cdp = await s.ctx.browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
    await options.click('[data-testid="export"]');
    const file = await waitFor(
      async () => fs.readdirSync(dir).find((f) => /^backstory-backup-.*\.json$/.test(f)) ?? '',
      (f) => f !== '',
      { describe: () => `no backup file was downloaded into ${dir}` },
    );
    await cdp.detach().catch(() => {});

    await optionsSection(s, 'rules', '[data-testid="phrase-rules"] li');
    await options.click('[data-testid="phrase-rules"] li button');
    await options.waitForSelector('[data-testid="phrase-rules"]', { hidden: true });
    await optionsSection(s, 'entities', 'li[data-entity-id^="user:"]');
    await options.click('li[data-entity-id^="user:"] button.danger');
    await options.waitForSelector('li[data-entity-id^="user:"]', { hidden: true });
    // The undo bar belongs to the delete, not to the import shown next.
    await options.click('[data-testid="undo-bar"] button.dismiss');

    await optionsSection(s, 'backup', 'input[data-testid="import-file"]');
    const input = await options.$('input[data-testid="import-file"]');
    await input!.uploadFile(path.join(dir, file));
    await options.waitForSelector('[data-testid="import-preview"]', { timeout: 5_000 });
    return fitToContent(options);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

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
    const session: Session = { ctx, page, tabId, popup: null, notes: [], options: null, readerData: null };
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
