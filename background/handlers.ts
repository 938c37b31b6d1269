// The background's message handlers and command routing: badge updates, card lookups, "More" and "Ignore on this site".
import browser from 'webextension-polyfill';
import { isExtensionPage, sendToTab, type Sender } from '../src/browser/messaging';
import { loadSettings, updateSettings } from '../src/browser/storage';
import type { PageState } from '../src/messages';
import { distinctEntities } from '../src/page-state';
import { siteKey } from '../src/settings';
import { setBadge } from './badge';
import { entityCard } from './dataset';

// Latest state per tab and frame (top frame = 0, same-origin iframes otherwise); lost if the worker restarts, refilled as frames report.
const frameStates = new Map<number, Map<number, PageState>>();

export function forgetFrames(tabId: number): void {
  frameStates.delete(tabId);
}

export async function onPageState(state: PageState, sender: Sender): Promise<{ ok: true }> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return { ok: true };
  const frames = frameStates.get(tabId) ?? new Map<number, PageState>();
  frames.set(sender.frameId ?? 0, state);
  frameStates.set(tabId, frames);
  const top = frames.get(0);
  const { settings } = await loadSettings();
  await setBadge(tabId, top && top.status === 'active' ? distinctEntities([...frames.values()]) : 0, settings.badge);
  return { ok: true };
}

/** Only our own pages (the popup) may read a tab's frame states. */
export function onGetFrameStates(tabId: number, sender: Sender): { frames: PageState[] } {
  if (!isExtensionPage(sender)) return { frames: [] };
  const frames = frameStates.get(tabId);
  return { frames: frames ? [...frames].filter(([id]) => id !== 0).map(([, s]) => s) : [] };
}

export async function onOpenEntity(entityId: string, sender: Sender): Promise<{ ok: boolean }> {
  const tabId = sender.tab?.id;
  const q = new URLSearchParams({ entity: entityId, ...(tabId !== undefined ? { tabId: String(tabId) } : {}) });
  await browser.tabs.create({
    url: browser.runtime.getURL(`popup.html?${q.toString()}`),
    ...(sender.tab ? { windowId: sender.tab.windowId, index: sender.tab.index + 1 } : {}),
  });
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
