// The background's share of the reader's data: "Add to Backstory…" (menu and popup), the card's phrase rules, "save this article", re-indexing saved articles, personal cards.
import browser from 'webextension-polyfill';
import { extensionStorage, type BackstoryStorage } from '../src/browser/storage';
import { buildIndex, type MatchIndex } from '../src/matcher';
import type { EntityCard } from '../src/messages';
import { matchEntities } from '../src/stop-phrases';
import type { IndexEntity } from '../src/types';
import {
  EXTRACT_RESULT_GLOBAL,
  LIMITS,
  checkExtracted,
  cleanLine,
  createSavedArticle,
  indexFingerprint,
  isPersonalId,
  mergeIndexEntities,
  reindexArticle,
  type SaveArticleResult,
} from '../src/userdata';
import indexBundle from 'backstory:index';

export const MENU_ADD_ENTITY = 'backstory-add-entity';

/** Everything the handlers need from the browser, injectable so they can be tested in Node. */
export interface UserDataDeps {
  store: BackstoryStorage;
  /** The bundled catalog (names and aliases of every bundled entity). */
  bundledEntities(): Promise<readonly IndexEntity[]>;
  /** Runs content-scripts/extract.ts in the tab's top frame and returns what it left behind (unvalidated). */
  runExtractor(tabId: number): Promise<unknown>;
  /** The text selected in the tab (any frame Backstory may read), unvalidated; rejects without access. */
  readSelection(tabId: number): Promise<unknown>;
  /** Where a tab is, to open a new one next to it. */
  tabPlace(tabId: number): Promise<{ id?: number; index?: number; windowId?: number } | undefined>;
  openTab(url: string, opener?: { index?: number; windowId?: number; id?: number }): Promise<void>;
  extensionUrl(path: string): string;
  now(): number;
}

export function browserDeps(): UserDataDeps {
  return {
    store: extensionStorage(),
    // The match catalog the build compiled (names, aliases, stop phrases): what every page is matched against.
    bundledEntities: async () => matchEntities(indexBundle),
    runExtractor: async (tabId) => {
      await browser.scripting.executeScript({ target: { tabId }, files: ['extract.js'] });
      const [res] = await browser.scripting.executeScript({
        target: { tabId },
        // Serialised into the page's isolated world: self-contained, the global's name comes in as an argument.
        func: (key: unknown) => {
          const g = globalThis as unknown as Record<string, unknown>;
          const r = g[key as string];
          delete g[key as string];
          return r;
        },
        args: [EXTRACT_RESULT_GLOBAL],
      });
      return res?.result;
    },
    readSelection: async (tabId) => {
      const target = { tabId, allFrames: true };
      const results = await browser.scripting
        .executeScript({ target, func: selectedText })
        // A frame Backstory may not read makes the all-frames call fail; the top frame alone may still be readable.
        .catch(() => browser.scripting.executeScript({ target: { tabId }, func: selectedText }));
      // The top frame first, then the first frame with a selection.
      const texts = [...results].sort((a, b) => (a.frameId === 0 ? -1 : b.frameId === 0 ? 1 : 0)).map((r) => r.result);
      return texts.find((t) => typeof t === 'string' && t.trim() !== '') ?? '';
    },
    tabPlace: async (tabId) => {
      const t = await browser.tabs.get(tabId).catch(() => undefined);
      return t && { ...(t.id !== undefined ? { id: t.id } : {}), index: t.index, windowId: t.windowId };
    },
    openTab: async (url, opener) => {
      await browser.tabs.create({
        url,
        ...(opener?.index !== undefined ? { index: opener.index + 1 } : {}),
        ...(opener?.windowId !== undefined ? { windowId: opener.windowId } : {}),
        ...(opener?.id !== undefined ? { openerTabId: opener.id } : {}),
      });
    },
    extensionUrl: (path) => browser.runtime.getURL(path),
    now: () => Date.now(),
  };
}

/**
 * Serialised into the page's isolated world by executeScript: self-contained. The selection of a focused text field is
 * not part of getSelection(), so it is read from the field.
 */
export function selectedText(): string {
  const el = document.activeElement;
  if (el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && /^(?:text|search|url|tel|email)$/.test(el.type))) {
    const inField = el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0);
    if (inField.trim() !== '') return inField.slice(0, 1_000);
  }
  return String(getSelection() ?? '').slice(0, 1_000);
}

let deps: UserDataDeps | null = null;
const getDeps = () => (deps ??= browserDeps());

/** The catalog the content script matches with (bundled + the reader's entities − "never highlight" phrases), built once per change. */
export async function currentIndex(d: UserDataDeps): Promise<{ index: MatchIndex; indexKey: string; entities: IndexEntity[]; problems: string[] }> {
  const [bundled, mine] = await Promise.all([d.bundledEntities(), d.store.loadMatchData()]);
  const merged = mergeIndexEntities(bundled, mine.entities, mine.phrases);
  return { index: buildIndex(merged.entities), indexKey: indexFingerprint(merged.entities), entities: merged.entities, problems: merged.problems };
}

/** options.html?add=<selection>, the selection cleaned and cut to what an alias may be. */
export function addEntityUrl(selection: string, extensionUrl: (path: string) => string): string {
  let text = cleanLine(selection.slice(0, LIMITS.nameLength * 4));
  if (text.length > LIMITS.nameLength) text = text.slice(0, LIMITS.nameLength).replace(/\s+\S*$/, '');
  return extensionUrl(`options.html?${new URLSearchParams({ add: text }).toString()}#entities`);
}

function accessError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/cannot access|permission|host|not allowed|missing host/i.test(msg)) {
    return 'Backstory may not read this page. Open the Backstory popup on the page (or allow Backstory on this site) and try again.';
  }
  if (/no tab|invalid tab/i.test(msg)) return 'That tab is gone.';
  return `The page could not be read (${msg}).`;
}

/**
 * Saves the article open in `tabId`: runs the extractor in the page, validates what comes back, indexes its paragraphs
 * with the current catalog (personal entities included) and stores it. Saving a page again replaces the earlier copy.
 */
export async function saveArticleFromTab(tabId: number, d: UserDataDeps = getDeps()): Promise<SaveArticleResult> {
  let raw: unknown;
  try {
    raw = await d.runExtractor(tabId);
  } catch (err) {
    return { ok: false, error: accessError(err) };
  }
  const checked = checkExtracted(raw);
  if (!checked.ok) return checked;
  try {
    const { index, indexKey } = await currentIndex(d);
    const article = createSavedArticle(checked.article, index, indexKey, d.now());
    const before = (await d.store.loadSavedArticles()).value.some((a) => a.id === article.id);
    await d.store.saveArticle(article);
    return {
      ok: true,
      articleId: article.id,
      title: article.title,
      url: article.url,
      entities: new Set(article.mentions.map((m) => m.entityId)).size,
      passages: article.mentions.length,
      replaced: before,
      cut: checked.cut,
    };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Re-indexes saved articles indexed with another catalog (after entity/rule changes, imports or an update); returns how many changed. */
export async function reindexSavedArticles(d: UserDataDeps = getDeps()): Promise<number> {
  const { value: articles } = await d.store.loadSavedArticles();
  if (articles.length === 0) return 0;
  const { index, indexKey } = await currentIndex(d);
  const stale = articles.filter((a) => a.indexKey !== indexKey);
  if (stale.length === 0) return 0;
  return d.store.updateArticleIndex(stale.map((a) => reindexArticle(a, index, indexKey)));
}

/** The hover card of a personal entity (bundled ones come from background/dataset.ts). */
export async function personalEntityCard(entityId: string, d: UserDataDeps = getDeps()): Promise<EntityCard | null> {
  if (!isPersonalId(entityId)) return null;
  const e = (await d.store.loadMatchData()).entities.find((x) => x.id === entityId);
  return e ? { id: e.id, name: e.name, type: e.type, summary: e.note, facts: [] } : null;
}

/** (Re)creates the context menu; menus survive worker restarts, so this runs on install and browser start-up only. */
export async function setupContextMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: MENU_ADD_ENTITY, title: 'Add to Backstory…', contexts: ['selection'] }, () => {
    // Reading lastError marks it handled (a duplicate id after a racing start-up is harmless).
    void browser.runtime.lastError;
  });
}

export async function onContextMenuClicked(
  info: { menuItemId: string | number; selectionText?: string },
  tab: { id?: number; index?: number; windowId?: number } | undefined,
  d: UserDataDeps = getDeps(),
): Promise<void> {
  if (info.menuItemId !== MENU_ADD_ENTITY) return;
  await d.openTab(addEntityUrl(info.selectionText ?? '', d.extensionUrl), tab);
}

/**
 * "Add to Backstory…" in the popup: the add form, prefilled with the tab's selection when there is one. Without a
 * selection, or when Backstory may not read the tab (a browser page, a site not granted in Firefox), the form is empty.
 */
export async function openAddEntityForTab(tabId: number | null, d: UserDataDeps = getDeps()): Promise<{ ok: boolean }> {
  let text = '';
  let place: Awaited<ReturnType<UserDataDeps['tabPlace']>>;
  if (tabId !== null) {
    const raw = await d.readSelection(tabId).catch(() => '');
    text = typeof raw === 'string' ? raw : '';
    place = await d.tabPlace(tabId).catch(() => undefined);
  }
  await d.openTab(addEntityUrl(text, d.extensionUrl), place);
  return { ok: true };
}

/** "Never highlight this phrase" on a highlight's card: the mention's text becomes a phrase rule (shown and undone in Options → Rules). */
export async function addPhraseRuleFromCard(phrase: string, d: UserDataDeps = getDeps()): Promise<{ ok: true; phrase: string } | { ok: false; error: string }> {
  try {
    const rule = await d.store.addPhraseRule(phrase);
    return { ok: true, phrase: rule.phrase };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

let reindexTimer: ReturnType<typeof setTimeout> | null = null;

/** Debounced: a burst of edits (an import, typing in the options page) re-indexes once. */
export function scheduleReindex(delayMs = 400, d?: UserDataDeps): void {
  if (reindexTimer) clearTimeout(reindexTimer);
  reindexTimer = setTimeout(() => {
    reindexTimer = null;
    reindexSavedArticles(d ?? getDeps()).catch((err: unknown) => console.warn('Backstory: re-indexing saved articles failed', err));
  }, delayMs);
}

/**
 * Registers every listener of this module; call it synchronously at the top level of background/index.ts (MV3 workers
 * only see events whose listeners exist when the worker starts).
 */
export function registerUserDataHandlers(): void {
  browser.runtime.onInstalled.addListener(() => {
    void setupContextMenus();
    scheduleReindex(2_000);
  });
  browser.runtime.onStartup.addListener(() => {
    void setupContextMenus();
    scheduleReindex(2_000);
  });
  browser.contextMenus.onClicked.addListener((info, tab) => void onContextMenuClicked(info, tab));
  extensionStorage().onUserDataChanged(() => scheduleReindex());
}
