// Content-script entry: wires the dataset index, settings, messages and teardown to the page app; no logic of its own.
import browser from 'webextension-polyfill';
import { handleContentMessages, sendToBackground } from '../src/browser/messaging';
import { loadSettings, onPublishedIndexChanged, onSettingsChanged } from '../src/browser/storage';
import { createApp } from './app';
import { createCardHost } from './card/host';
import { loadCatalog } from './catalog';
import highlightCss from './content.css';
import { removeLeftovers } from './leftovers';

const FLAG = '__backstoryContentScript';
const g = globalThis as unknown as Record<string, unknown>;

async function main(): Promise<() => void> {
  let stopped = false;
  removeLeftovers(document);
  const catalog = await loadCatalog();
  const card = createCardHost();
  const app = createApp({
    siteUrl: () => {
      try {
        return window.top!.location.href;
      } catch {
        return location.href;
      }
    },
    catalog,
    card,
    highlightCss,
    reportState: (state) => void sendToBackground({ type: 'pageStateChanged', state }).catch(() => undefined),
    loadCard: (entityId) =>
      sendToBackground({ type: 'getEntityCard', entityId })
        .then((r) => r.card)
        .catch(() => null),
    openEntity: (entityId) => void sendToBackground({ type: 'openEntity', entityId }).catch(() => undefined),
    ignoreOnSite: (entityId) => void sendToBackground({ type: 'ignoreOnSite', entityId }).catch(() => undefined),
  });
  // Only the top document answers the popup and the keyboard commands; iframes report their counts to the background.
  const stopMessages = isTopFrame()
    ? handleContentMessages({
        getPageState: () => app.settledState(2000),
        showMention: (m) => ({ found: app.showMention(m.entityId) }),
        stepMention: (m) => ({ found: app.step(m.direction) }),
      })
    : () => undefined;
  const stopSettings = onSettingsChanged((s) => app.apply(s));
  // The reader's entities and rules apply at once on every open tab: the background publishes a new catalog.
  let catalogKey = catalog.key;
  const stopUserData = onPublishedIndexChanged((p) => {
    // The same catalog published again (another tab asked for it) changes nothing here.
    if (p.key === catalogKey) return;
    catalogKey = p.key;
    void loadCatalog(p).then((c) => !stopped && app.setCatalog(c)).catch(() => undefined);
  });
  const { settings } = await loadSettings();
  app.apply(settings);

  const stop = () => {
    if (stopped) return;
    stopped = true;
    stopMessages();
    stopSettings();
    stopUserData();
    app.stop();
    card.stop();
    g[FLAG] = undefined;
  };
  watchContext(stop);
  return stop;
}

/** Tears everything down when the extension is reloaded or updated (the old script is orphaned, its API gone). */
function watchContext(stop: () => void): void {
  const connect = () => {
    let port: browser.Runtime.Port;
    try {
      port = browser.runtime.connect({ name: 'content' });
    } catch {
      stop();
      return;
    }
    port.onDisconnect.addListener(() => {
      // A worker that merely went idle also disconnects; only a missing runtime id means we are orphaned.
      if (!browser.runtime?.id) stop();
      else setTimeout(connect, 1000);
    });
  };
  connect();
}

function isTopFrame(): boolean {
  return window === window.top;
}

/** Same-origin iframes are covered; cross-origin ones (ads, embeds) are left alone. */
function isWanted(): boolean {
  if (isTopFrame()) return true;
  try {
    // Reading the top document throws across origins; about:blank and srcdoc frames inherit the parent's origin.
    return window.top!.document !== null;
  } catch {
    return false;
  }
}

if (!g[FLAG] && isWanted()) {
  g[FLAG] = true;
  main().catch((err: unknown) => {
    g[FLAG] = undefined;
    console.debug('Backstory: not started', err);
  });
}
