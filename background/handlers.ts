// The background's message handlers and command routing: badge updates, card lookups, "More" and "Ignore on this site".
import browser from 'webextension-polyfill';
import { sendToTab, type Sender } from '../src/browser/messaging';
import { loadSettings, updateSettings } from '../src/browser/storage';
import type { PageState } from '../src/messages';
import { siteKey } from '../src/settings';
import { setBadge } from './badge';
import { entityCard } from './dataset';

/** Only a tab's top frame speaks for the tab (frames would overwrite each other's counts). */
function topFrameTab(sender: Sender): number | null {
  return sender.tab?.id !== undefined && (sender.frameId ?? 0) === 0 ? sender.tab.id : null;
}

export async function onPageState(state: PageState, sender: Sender): Promise<{ ok: true }> {
  const tabId = topFrameTab(sender);
  if (tabId !== null) {
    const { settings } = await loadSettings();
    await setBadge(tabId, state.status === 'active' ? state.entities.length : 0, settings.badge);
  }
  return { ok: true };
}

export async function onOpenEntity(entityId: string, sender: Sender): Promise<{ ok: boolean }> {
  const tabId = sender.tab?.id;
  const q = new URLSearchParams({ entity: entityId, ...(tabId !== undefined ? { tabId: String(tabId) } : {}) });
  await browser.tabs.create({ url: browser.runtime.getURL(`popup.html?${q.toString()}`), index: (sender.tab?.index ?? 0) + 1 });
  return { ok: true };
}

export async function onIgnoreOnSite(entityId: string, sender: Sender): Promise<{ ok: boolean }> {
  // The site comes from the browser's record of the sender tab, never from the message.
  const site = sender.tab?.url ? siteKey(sender.tab.url) : null;
  if (!site) return { ok: false };
  await updateSettings((s) =>
    s.siteRules.some((r) => r.site === site && r.entityId === entityId) ? s : { ...s, siteRules: [...s.siteRules, { site, entityId }] },
  );
  return { ok: true };
}

export { entityCard };

export async function onCommand(command: string): Promise<void> {
  const direction = command === 'next-mention' ? 1 : command === 'previous-mention' ? -1 : 0;
  if (direction === 0) return;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return;
  await sendToTab(tab.id, { type: 'stepMention', direction }).catch(() => undefined);
}
