// Publishes the page catalog: builds the merged match index once per change (dataset, the reader's entities, phrase rules) and stores it serialized for every tab to load.
import browser from 'webextension-polyfill';
import { savePublishedIndex } from '../src/browser/storage';
import { serializeIndex } from '../src/matcher';
import type { PublishedIndex } from '../src/messages';
import { isStopEntity } from '../src/stop-phrases';
import { browserDeps, currentIndex, type UserDataDeps } from './userdata';

let queue: Promise<unknown> = Promise.resolve();
// The newest catalog this worker built, for pages that ask before storage has it (many tabs at once after an update).
let latest: Promise<PublishedIndex> | null = null;

/** The newest catalog: the one being or last built by this worker, else a fresh build. */
export function currentMatchIndex(): Promise<PublishedIndex> {
  return latest ?? publishMatchIndex();
}

/**
 * Builds and stores the catalog; returns it even when storing fails (the asking page still gets it). Calls run one
 * after another, so a burst of edits can never leave an older catalog stored last.
 */
export interface PublishIo {
  version(): string;
  save(p: PublishedIndex): Promise<void>;
}

const extensionIo: PublishIo = { version: () => browser.runtime.getManifest().version, save: savePublishedIndex };

export function publishMatchIndex(d: UserDataDeps = browserDeps(), io: PublishIo = extensionIo): Promise<PublishedIndex> {
  const run = queue.then(async () => {
    const { index, indexKey, entities, problems } = await currentIndex(d);
    if (problems.length > 0) console.warn('Backstory: some of your entries are not matched:', problems);
    const published: PublishedIndex = {
      version: io.version(),
      key: indexKey,
      index: serializeIndex(index),
      // Stop phrases stay in the index (they win by longest match) but are no entity a page shows.
      entities: entities.filter((e) => !isStopEntity(e.id)).map((e) => ({ id: e.id, type: e.type, name: e.name, ...(e.personal ? { personal: true } : {}) })),
    };
    await io.save(published).catch((err: unknown) => console.warn('Backstory: could not store the page catalog', err));
    return published;
  });
  queue = run.catch(() => undefined);
  latest = run;
  run.catch(() => {
    if (latest === run) latest = null;
  });
  return run;
}
