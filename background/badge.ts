// Keeps the toolbar badge per tab: the number of distinct entities the tab's page mentions, cleared on navigation.
import browser from 'webextension-polyfill';
import { badgeText } from '../src/format';

// Last count per tab, so turning the badge setting on or off updates every open tab at once (lost if the worker restarts: harmless).
const lastCounts = new Map<number, number>();

export async function refreshAllBadges(enabled: boolean): Promise<void> {
  await Promise.all([...lastCounts].map(([tabId, n]) => setBadge(tabId, n, enabled).catch(() => lastCounts.delete(tabId))));
}

export function forgetTab(tabId: number): void {
  lastCounts.delete(tabId);
}

export async function setBadge(tabId: number, distinctEntities: number, enabled: boolean): Promise<void> {
  lastCounts.set(tabId, distinctEntities);
  const text = enabled ? badgeText(distinctEntities) : '';
  await browser.action.setBadgeText({ tabId, text });
  if (text) await browser.action.setBadgeBackgroundColor({ tabId, color: '#1d3557' });
}

/** Clears a tab's badge when it starts loading a new document; returns a stop function. */
export function clearBadgeOnNavigation(): () => void {
  const listener = (tabId: number, info: browser.Tabs.OnUpdatedChangeInfoType) => {
    if (info.status === 'loading' && info.url !== undefined) {
      lastCounts.delete(tabId);
      void browser.action.setBadgeText({ tabId, text: '' }).catch(() => undefined);
    }
  };
  browser.tabs.onUpdated.addListener(listener);
  return () => browser.tabs.onUpdated.removeListener(listener);
}
