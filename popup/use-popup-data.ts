// Loads what the popup shows: the target tab's page state, the bundled dataset and the settings, with real error states.
import browser from 'webextension-polyfill';
import { useEffect, useState } from 'preact/hooks';
import { sendToBackground, sendToTab } from '../src/browser/messaging';
import { loadMatchData, loadSavedArticles, loadSettings, onSettingsChanged, onUserDataChanged } from '../src/browser/storage';
import type { PersonalEntity, SavedArticle } from '../src/userdata';
import type { PageState } from '../src/messages';
import { mergePageStates } from '../src/page-state';
import type { Settings } from '../src/settings';
import type { DatasetBundle } from '../src/types';
import { targetTab } from './target-tab';

export type PageInfo =
  | { kind: 'loading' }
  | { kind: 'ok'; tabId: number; url: string; state: PageState }
  /** Browser pages, store pages, file views: content scripts may not run there. */
  | { kind: 'not-allowed'; url: string }
  /** Firefox: the reader has not granted host access to this site yet. */
  | { kind: 'no-access'; tabId: number; url: string }
  | { kind: 'error'; message: string };

export interface PopupData {
  page: PageInfo;
  dataset: DatasetBundle | null;
  datasetError: string | null;
  settings: Settings | null;
  settingsProblems: string[];
  /** The reader's own entities and saved articles. */
  personal: PersonalEntity[];
  saved: SavedArticle[];
  reloadPage(): void;
}

const SCRIPTABLE = /^https?:\/\//;
const STORE_HOSTS = ['chromewebstore.google.com', 'chrome.google.com', 'addons.mozilla.org', 'microsoftedge.microsoft.com'];

export async function readPage(search: string): Promise<PageInfo> {
  const tab = await targetTab(search);
  if (!tab || tab.id === undefined) return { kind: 'error', message: 'No tab to report on.' };
  // Without host access the browser hides tab.url; an empty url is then either a page no extension may read or a site
  // the reader has not granted yet, told apart by what Backstory may access.
  const url = tab.url ?? '';
  if (url && (!SCRIPTABLE.test(url) || STORE_HOSTS.some((h) => new URL(url).hostname === h))) return { kind: 'not-allowed', url };
  try {
    const top = await sendToTab(tab.id, { type: 'getPageState' });
    if (top.status === 'not-allowed') return { kind: 'not-allowed', url: top.url };
    const { frames } = await sendToBackground({ type: 'getFrameStates', tabId: tab.id }).catch(() => ({ frames: [] as PageState[] }));
    const state = mergePageStates(top, frames);
    return { kind: 'ok', tabId: tab.id, url: state.url, state };
  } catch {
    const granted = await hasHostAccess(url);
    if (!granted) return { kind: 'no-access', tabId: tab.id, url };
    if (!url) return { kind: 'not-allowed', url };
    return { kind: 'error', message: 'Backstory is not running on this page yet. Reload the page to start it.' };
  }
}

/**
 * Whether Backstory may run on `url` (or, with no url, on every site). Reads the granted origins rather than calling
 * permissions.contains(), which in Chromium answers false for hosts granted through content-script matches.
 */
async function hasHostAccess(url: string): Promise<boolean> {
  const { origins = [] } = await browser.permissions.getAll().catch(() => ({ origins: ['<all_urls>'] }));
  const u = url ? new URL(url) : null;
  // With no url every web scheme must be covered: a missing one may be exactly the site this tab shows.
  if (!u) return ['http', 'https'].every((scheme) => origins.some((o) => o === '<all_urls>' || o === `${scheme}://*/*` || o === '*://*/*'));
  return origins.some((o) => {
    if (o === '<all_urls>') return true;
    const m = /^(\*|https?):\/\/([^/]+)\//.exec(o);
    if (!m) return false;
    const [, scheme, host] = m;
    if (scheme !== '*' && `${scheme}:` !== u.protocol) return false;
    if (host === '*') return true;
    if (host!.startsWith('*.')) return u.hostname === host!.slice(2) || u.hostname.endsWith(host!.slice(1));
    return u.hostname === host;
  });
}

export function usePopupData(search: string): PopupData {
  const [page, setPage] = useState<PageInfo>({ kind: 'loading' });
  const [dataset, setDataset] = useState<DatasetBundle | null>(null);
  const [datasetError, setDatasetError] = useState<string | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [settingsProblems, setProblems] = useState<string[]>([]);
  const [tick, setTick] = useState(0);
  const [personal, setPersonal] = useState<PersonalEntity[]>([]);
  const [saved, setSaved] = useState<SavedArticle[]>([]);

  useEffect(() => {
    const load = () => {
      void loadMatchData().then((d) => setPersonal(d.entities), () => undefined);
      void loadSavedArticles().then((d) => setSaved(d.value), () => undefined);
    };
    load();
    return onUserDataChanged(load);
  }, []);

  useEffect(() => {
    void readPage(search).then(setPage, (e: unknown) => setPage({ kind: 'error', message: String(e) }));
  }, [search, tick]);
  useEffect(() => {
    fetch(browser.runtime.getURL('data/dataset.json'))
      .then((r) => r.json() as Promise<DatasetBundle>)
      .then(setDataset, (e: unknown) => setDatasetError(`The bundled dataset could not be read: ${String(e)}`));
    void loadSettings().then(({ settings: s, problems }) => {
      setSettings(s);
      setProblems(problems);
    });
    return onSettingsChanged((s) => {
      setSettings(s);
      // Switches act on the page at once; read its new state shortly after, and once more for slow pages.
      setTimeout(() => setTick((t) => t + 1), 300);
      setTimeout(() => setTick((t) => t + 1), 1200);
    });
  }, []);

  return { page, dataset, datasetError, settings, settingsProblems, personal, saved, reloadPage: () => setTick((t) => t + 1) };
}
