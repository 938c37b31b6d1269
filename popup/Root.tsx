// Connects the popup UI to the extension: data loading, settings writes, "Show on page", "Add to Backstory…", the options page and host-access requests.
import browser from 'webextension-polyfill';
import { useEffect } from 'preact/hooks';
import { sendToBackground, sendToTab } from '../src/browser/messaging';
import { updateSettings } from '../src/browser/storage';
import { siteKey, type Settings } from '../src/settings';
import { App } from './App';
import { usePopupData } from './use-popup-data';

export function Root() {
  const search = location.search;
  const data = usePopupData(search);
  const initialEntity = new URLSearchParams(search).get('entity');

  const theme = data.settings?.theme ?? 'system';
  useEffect(() => {
    if (theme === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', theme);
  }, [theme]);

  const ready = data.page.kind !== 'loading' && (data.dataset !== null || data.datasetError !== null) && data.settings !== null;
  useEffect(() => {
    if (ready) document.body.dataset.ready = 'true';
  }, [ready]);

  const change = (fn: (s: Settings) => Settings) => void updateSettings(fn).catch((e: unknown) => alertError(e));
  const site = data.page.kind === 'ok' || data.page.kind === 'no-access' ? siteKey(data.page.url) : null;

  return (
    <App
      page={data.page}
      dataset={data.dataset}
      datasetError={data.datasetError}
      settings={data.settings}
      settingsProblems={data.settingsProblems}
      initialEntity={initialEntity}
      personal={data.personal}
      saved={data.saved}
      onSaveArticle={() =>
        data.page.kind === 'ok'
          ? sendToBackground({ type: 'saveArticle', tabId: data.page.tabId })
          : Promise.resolve({ ok: false as const, error: 'Only web pages can be saved.' })
      }
      onAddEntity={() =>
        sendToBackground({ type: 'openAddEntity', tabId: data.page.kind === 'ok' || data.page.kind === 'no-access' ? data.page.tabId : null })
      }
      onOpenOptions={() => void browser.runtime.openOptionsPage()}
      site={site}
      onTogglePause={() => change((s) => ({ ...s, paused: !s.paused }))}
      onToggleSite={() =>
        site &&
        change((s) => ({
          ...s,
          disabledSites: s.disabledSites.includes(site) ? s.disabledSites.filter((x) => x !== site) : [...s.disabledSites, site],
        }))
      }
      onChangeSettings={change}
      onShowOnPage={(entityId) => {
        if (data.page.kind === 'ok') void sendToTab(data.page.tabId, { type: 'showMention', entityId }).catch(() => undefined);
      }}
      onRequestAccess={() => {
        if (data.page.kind !== 'no-access') return;
        const origins = data.page.url ? [`${new URL(data.page.url).origin}/*`] : ['http://*/*', 'https://*/*'];
        void browser.permissions.request({ origins }).then(() => data.reloadPage());
      }}
    />
  );
}

function alertError(e: unknown): void {
  const el = document.getElementById('app');
  el?.setAttribute('data-error', String(e));
  console.error('Backstory: could not save settings', e);
}
