// Loads the page's catalog: the match index the background publishes (bundled + the reader's entities − phrases never to highlight), revived, never built here.
import browser from 'webextension-polyfill';
import { sendToBackground } from '../src/browser/messaging';
import { loadPublishedIndex } from '../src/browser/storage';
import { loadIndex, type MatchIndex } from '../src/matcher';
import type { PublishedIndex } from '../src/messages';
import type { Catalog } from './app';

/** `published`: a catalog just announced by storage; otherwise the stored one, or (none yet, stale, corrupt) a fresh one from the background. */
export async function loadCatalog(published?: PublishedIndex): Promise<Catalog> {
  const version = browser.runtime.getManifest().version;
  let p = published ?? (await loadPublishedIndex().catch(() => null));
  let revived = p && p.version === version ? revive(p) : null;
  if (!revived) {
    p = (await sendToBackground({ type: 'getMatchIndex' })).published;
    revived = revive(p);
    if (!revived) throw new Error('the background sent a match index this script cannot load');
  }
  return revived;
}

function revive(p: PublishedIndex): Catalog | null {
  const t0 = performance.now();
  let index: MatchIndex;
  try {
    index = loadIndex(p.index);
  } catch (err) {
    console.debug('Backstory: stored match index not loadable, asking for a new one', err);
    return null;
  }
  return { index, key: p.key, indexBuildMs: performance.now() - t0, entities: new Map(p.entities.map((e) => [e.id, e])) };
}
