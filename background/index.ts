// Background entry (service worker in Chrome, event page in Firefox): registers every listener synchronously at top level; no logic.
import browser from 'webextension-polyfill';
import { handleBackgroundMessages, isExtensionPage } from '../src/browser/messaging';
import { onSettingsChanged, onUserDataChanged } from '../src/browser/storage';
import { currentMatchIndex, publishMatchIndex } from './match-index';
import { clearBadgeOnNavigation, forgetTab, refreshAllBadges } from './badge';
import { addPhraseRuleFromCard, openAddEntityForTab, personalEntityCard, registerUserDataHandlers, saveArticleFromTab } from './userdata';
import { entityCard, forgetFrames, onCommand, onGetFrameStates, onIgnoreOnSite, onOpenEntity, onPageState } from './handlers';

handleBackgroundMessages({
  pageStateChanged: (m, sender) => onPageState(m.state, sender),
  getEntityCard: async (m) => ({
    card: (await entityCard(m.entityId).catch(() => null)) ?? (await personalEntityCard(m.entityId).catch(() => null)),
  }),
  // Only our own pages may make the background read a tab and write storage.
  saveArticle: (m, sender) =>
    isExtensionPage(sender) ? saveArticleFromTab(m.tabId) : { ok: false as const, error: 'Only Backstory’s own pages may save articles.' },
  openEntity: (m, sender) => onOpenEntity(m.entityId, sender),
  ignoreOnSite: (m, sender) => onIgnoreOnSite(m.entityId, sender),
  // A card lives in a web page: only a content script (a sender with a tab) adds rules from it.
  addPhraseRule: (m, sender) =>
    sender.tab?.id !== undefined ? addPhraseRuleFromCard(m.phrase) : { ok: false as const, error: 'Only a highlight’s card may add this rule.' },
  openAddEntity: (m, sender) => (isExtensionPage(sender) ? openAddEntityForTab(m.tabId) : { ok: false }),
  getFrameStates: (m, sender) => onGetFrameStates(m.tabId, sender),
  getMatchIndex: async () => ({ published: await currentMatchIndex() }),
});
registerUserDataHandlers();
// Pages load the catalog the background publishes: rebuilt on install/update, browser start and every change of the
// reader's entities or rules (which then apply at once on every open tab).
browser.runtime.onInstalled.addListener(() => void publishMatchIndex());
browser.runtime.onStartup.addListener(() => void publishMatchIndex());
onUserDataChanged((kinds) => {
  if (kinds.has('entities') || kinds.has('rules')) void publishMatchIndex();
});
clearBadgeOnNavigation();
browser.tabs.onRemoved.addListener((tabId: number) => {
  forgetTab(tabId);
  forgetFrames(tabId);
});
browser.tabs.onUpdated.addListener((tabId: number, info: browser.Tabs.OnUpdatedChangeInfoType) => {
  if (info.status === 'loading' && info.url !== undefined) forgetFrames(tabId);
});
onSettingsChanged((s) => void refreshAllBadges(s.badge));
browser.commands.onCommand.addListener((command: string) => void onCommand(command));
// Content scripts hold a port only to learn when the extension goes away; nothing is sent over it.
browser.runtime.onConnect.addListener((port) => {
  if (port.name !== 'content') port.disconnect();
});
