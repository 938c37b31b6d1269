// The only wrapper around runtime/tabs messaging: typed by src/messages.ts, and every handler checks that the sender is this extension.
import browser from 'webextension-polyfill';
import {
  parseBackgroundMessage,
  parseContentMessage,
  type BackgroundMessage,
  type ContentMessage,
  type ResponseOf,
  type ToBackground,
  type ToContent,
} from '../messages';

export type Sender = browser.Runtime.MessageSender;

/** Sends a request to the background. */
export function sendToBackground<K extends keyof ToBackground>(
  msg: Extract<BackgroundMessage, { type: K }>,
): Promise<ResponseOf<ToBackground, K>> {
  return browser.runtime.sendMessage(msg) as Promise<ResponseOf<ToBackground, K>>;
}

/** Sends a request to the content script of one tab (top frame only). */
export function sendToTab<K extends keyof ToContent>(
  tabId: number,
  msg: Extract<ContentMessage, { type: K }>,
): Promise<ResponseOf<ToContent, K>> {
  return browser.tabs.sendMessage(tabId, msg, { frameId: 0 }) as Promise<ResponseOf<ToContent, K>>;
}

/** True when the message comes from this extension (its pages, its worker or its content scripts). */
export function isOwnSender(sender: Sender): boolean {
  return sender.id === browser.runtime.id;
}

/** True when the message comes from one of this extension's own pages (not a content script in a web page). */
export function isExtensionPage(sender: Sender): boolean {
  const base = browser.runtime.getURL('');
  return isOwnSender(sender) && !sender.tab?.url?.startsWith('http') && typeof sender.url === 'string' && sender.url.startsWith(base);
}

type Handlers<M, Msg extends { type: string }> = {
  [K in keyof M]?: (msg: Extract<Msg, { type: K }>, sender: Sender) => Promise<ResponseOf<M, K>> | ResponseOf<M, K>;
};

function listen<M, Msg extends { type: string }>(
  parse: (raw: unknown) => Msg | null,
  handlers: Handlers<M, Msg>,
): () => void {
  // Returns undefined synchronously for anything not ours: a returned Promise would count as an answer (Chrome 144+, Firefox).
  const listener = (raw: unknown, sender: Sender): Promise<unknown> | undefined => {
    if (!isOwnSender(sender)) return undefined;
    const msg = parse(raw);
    if (!msg) return undefined;
    const handler = (handlers as Record<string, ((m: Msg, s: Sender) => unknown) | undefined>)[msg.type];
    if (!handler) return undefined;
    return Promise.resolve().then(() => handler(msg, sender));
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

/** Background side: handles requests; returns a stop function. */
export function handleBackgroundMessages(handlers: Handlers<ToBackground, BackgroundMessage>): () => void {
  return listen(parseBackgroundMessage, handlers);
}

/** Content-script side: handles requests from the popup and the background; returns a stop function. */
export function handleContentMessages(handlers: Handlers<ToContent, ContentMessage>): () => void {
  return listen(parseContentMessage, handlers);
}
