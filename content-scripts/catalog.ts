// Builds the page's catalog: the bundled match index plus the reader's own entities, minus the phrases they never want highlighted.
import indexBundle from 'backstory:index';
import { loadMatchData } from '../src/browser/storage';
import { buildIndex } from '../src/matcher';
import { matchEntities } from '../src/stop-phrases';
import { mergeIndexEntities } from '../src/userdata';
import type { Catalog } from './app';

export async function loadCatalog(): Promise<Catalog> {
  const mine = await loadMatchData().catch(() => ({ entities: [], phrases: [], problems: [] }));
  const merged = mergeIndexEntities(matchEntities(indexBundle), mine.entities, mine.phrases);
  const t0 = performance.now();
  const index = buildIndex(merged.entities);
  return { index, indexBuildMs: performance.now() - t0, entities: new Map(merged.entities.map((e) => [e.id, e])) };
}
