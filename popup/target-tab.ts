// Finds the tab the popup reports on: ?tabId= when given, the active tab in a real popup, or the last-used other tab when opened as a tab.
import browser from 'webextension-polyfill';

export async function targetTab(search: string): Promise<browser.Tabs.Tab | null> {
  const q = new URLSearchParams(search).get('tabId');
  if (q && /^\d+$/.test(q)) return browser.tabs.get(Number(q)).catch(() => null);
  const self = await browser.tabs.getCurrent();
  if (!self) return (await browser.tabs.query({ active: true, currentWindow: true }))[0] ?? null;
  const others = (await browser.tabs.query({ windowId: self.windowId })).filter((t) => t.id !== self.id);
  return others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0] ?? null;
}
