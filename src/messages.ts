// The one typed protocol for every cross-context message (content script, background, popup), with runtime shape checks.
import type { SerializedIndex } from './matcher/serialize';
import type { EntityRef, EntityType, Fact } from './types';
import type { SaveArticleResult } from './userdata/types';

export type PageStatus = 'active' | 'paused' | 'site-off' | 'not-allowed' | 'no-access';
export type RenderMode = 'paint' | 'wrap';

export interface PageEntityCount {
  id: string;
  name: string;
  type: EntityType;
  count: number;
}

/** What a tab's content script reports about the page it runs in. */
export interface PageState {
  url: string;
  status: PageStatus;
  mode: RenderMode;
  entities: PageEntityCount[];
  mentions: number;
  /** Wrap mode only: mentions painted instead, because a framework owns their text (wrapping it would break the page). */
  paintedInWrap?: number;
  /** Main-thread cost of our scanning on this page (for benchmarks and diagnostics; never sent off the device). */
  perf?: ScanPerf;
}

export interface ScanPerf {
  /** performance.now() (page time origin) when the first pass's first slice started; -1 before. */
  firstPassStartMs: number;
  /** Wall time from the first scan's start to the queue first running empty, and the JS time spent in it. */
  firstPassWallMs: number;
  firstPassJsMs: number;
  /** Matcher index build time in the content script. */
  indexBuildMs: number;
  /** All scanning JS time so far, the longest single slice, and the number of passes (first pass + mutation batches). */
  totalJsMs: number;
  longestSliceMs: number;
  passes: number;
  /** JS time of the most recent pass (e.g. after appended paragraphs). */
  lastPassJsMs: number;
}

/** Requests sent to the background (from content scripts and extension pages). */
export interface ToBackground {
  /** Content script → background: this tab's counts changed (sets the badge). */
  pageStateChanged: { request: { state: PageState }; response: { ok: true } };
  /** Content script → background: what the hover card shows for one entity (the content script carries no summaries). */
  getEntityCard: { request: { entityId: string }; response: { card: EntityCard | null } };
  /** Extension page → background: the latest states of a tab's iframes (the top frame answers for itself). */
  getFrameStates: { request: { tabId: number }; response: { frames: PageState[] } };
  /** Popup → background: read the tab's article and store it with its passages ("Save this article to Backstory"). */
  saveArticle: { request: { tabId: number }; response: SaveArticleResult };
  /** Content script → background: open the full background of an entity in a tab ("More" on the card). */
  openEntity: { request: { entityId: string }; response: { ok: boolean } };
  /** Content script → background: stop highlighting one entity on the sender tab's site ("Ignore on this site"). */
  ignoreOnSite: { request: { entityId: string }; response: { ok: boolean } };
  /** Content script → background: "Never highlight this phrase" on the card; the mention's text becomes a phrase rule. */
  addPhraseRule: { request: { phrase: string }; response: { ok: true; phrase: string } | { ok: false; error: string } };
  /** Popup → background: open the options page's add form with the tab's selected text ("Add to Backstory…"); null: no tab, empty form. */
  openAddEntity: { request: { tabId: number | null }; response: { ok: boolean } };
  /** Content script → background: the page catalog, when storage holds none for this version (first run, update). */
  getMatchIndex: { request: object; response: { published: PublishedIndex } };
}

/**
 * The page catalog the background builds (bundled entities + the reader's own − "never highlight" phrases) and
 * publishes in storage.local, so every page only revives it (loadIndex) instead of building it.
 */
export interface PublishedIndex {
  /** The extension version that built it: a page of a newer version asks for a fresh one. */
  version: string;
  /** Fingerprint of the merged catalog: a page already matching with this one ignores a republished copy. */
  key: string;
  index: SerializedIndex;
  entities: EntityRef[];
}

/** The short background the hover card shows. */
export interface EntityCard {
  id: string;
  name: string;
  type: EntityType;
  summary: string;
  facts: Fact[];
}

/** Requests sent to a tab's content script (from the popup or the background). */
export interface ToContent {
  getPageState: { request: object; response: PageState };
  /** Scroll to the next mention of an entity and flash it. */
  showMention: { request: { entityId: string }; response: { found: boolean } };
  /** Keyboard command: move to the next (1) or previous (-1) mention on the page and open its card. */
  stepMention: { request: { direction: 1 | -1 }; response: { found: boolean } };
}

export type MessageOf<M> = { [K in keyof M]: { type: K } & (M[K] extends { request: infer R } ? R : never) }[keyof M];
export type ResponseOf<M, K extends keyof M> = M[K] extends { response: infer R } ? R : never;

export type BackgroundMessage = MessageOf<ToBackground>;
export type ContentMessage = MessageOf<ToContent>;

const BACKGROUND_TYPES: ReadonlySet<string> = new Set<keyof ToBackground>([
  'pageStateChanged',
  'getEntityCard',
  'openEntity',
  'ignoreOnSite',
  'addPhraseRule',
  'openAddEntity',
  'getMatchIndex',
  'getFrameStates',
  'saveArticle',
]);
/** Longer than any alias may be (the rule's own check cuts it to size and says why), short enough to refuse junk early. */
const MAX_PHRASE_CHARS = 400;
const CONTENT_TYPES: ReadonlySet<string> = new Set<keyof ToContent>(['getPageState', 'showMention', 'stepMention']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPageState(v: unknown): v is PageState {
  if (!isRecord(v)) return false;
  return (
    typeof v.url === 'string' &&
    typeof v.status === 'string' &&
    typeof v.mode === 'string' &&
    typeof v.mentions === 'number' &&
    Array.isArray(v.entities) &&
    v.entities.every(
      (e) => isRecord(e) && typeof e.id === 'string' && typeof e.name === 'string' && typeof e.type === 'string' && typeof e.count === 'number',
    )
  );
}

/** Narrows an unknown message to a background request, or null when it is not one of ours or is malformed. */
export function parseBackgroundMessage(msg: unknown): BackgroundMessage | null {
  if (!isRecord(msg) || typeof msg.type !== 'string' || !BACKGROUND_TYPES.has(msg.type)) return null;
  if (msg.type === 'pageStateChanged') return isPageState(msg.state) ? { type: 'pageStateChanged', state: msg.state } : null;
  if (msg.type === 'saveArticle') return Number.isInteger(msg.tabId) && (msg.tabId as number) >= 0 ? { type: 'saveArticle', tabId: msg.tabId as number } : null;
  if (msg.type === 'addPhraseRule') {
    return typeof msg.phrase === 'string' && msg.phrase.length <= MAX_PHRASE_CHARS ? { type: 'addPhraseRule', phrase: msg.phrase } : null;
  }
  if (msg.type === 'getMatchIndex') return { type: 'getMatchIndex' };
  if (msg.type === 'openAddEntity') {
    const ok = msg.tabId === null || (Number.isInteger(msg.tabId) && (msg.tabId as number) >= 0);
    return ok ? { type: 'openAddEntity', tabId: msg.tabId as number | null } : null;
  }
  if (msg.type === 'getFrameStates') return Number.isInteger(msg.tabId) ? { type: 'getFrameStates', tabId: msg.tabId as number } : null;
  if (msg.type === 'getEntityCard' || msg.type === 'openEntity' || msg.type === 'ignoreOnSite') {
    return typeof msg.entityId === 'string' && msg.entityId.length <= 200 ? { type: msg.type, entityId: msg.entityId } : null;
  }
  return null;
}

/** Narrows an unknown message to a content-script request, or null. */
export function parseContentMessage(msg: unknown): ContentMessage | null {
  if (!isRecord(msg) || typeof msg.type !== 'string' || !CONTENT_TYPES.has(msg.type)) return null;
  if (msg.type === 'getPageState') return { type: 'getPageState' };
  if (msg.type === 'showMention') return typeof msg.entityId === 'string' ? { type: 'showMention', entityId: msg.entityId } : null;
  if (msg.type === 'stepMention') return msg.direction === 1 || msg.direction === -1 ? { type: 'stepMention', direction: msg.direction } : null;
  return null;
}
