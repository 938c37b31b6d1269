// Keeps the toolbar badge per tab: the number of distinct entities the tab's page mentions, cleared on navigation.
import browser from 'webextension-polyfill';
import { badgeText } from '../src/format';

export async function setBadge(tabId: number, distinctEntities: number, enabled: boolean): Promise<void> {
  const text = enabled ? badgeText(distinctEntities) : '';
  await browser.action.setBadgeText({ tabId, text });
  if (text) await browser.action.setBadgeBackgroundColor({ tabId, color: '#1d3557' });
}

/** Clears a tab's badge when it starts loading a new document; returns a stop function. */
export function clearBadgeOnNavigation(): () => void {
  const listener = (tabId: number, info: browser.Tabs.OnUpdatedChangeInfoType) => {
    if (info.status === 'loading' && info.url !== undefined) void browser.action.setBadgeText({ tabId, text: '' }).catch(() => undefined);
  };
  browser.tabs.onUpdated.addListener(listener);
  return () => browser.tabs.onUpdated.removeListener(listener);
}
