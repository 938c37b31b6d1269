// Builds the page's catalog: the bundled match index plus the reader's own entities, minus the phrases they never want highlighted.
import indexBundle from 'backstory:index';
import { loadMatchData } from '../src/browser/storage';
import { buildIndex } from '../src/matcher';
import { isStopEntity, matchEntities } from '../src/stop-phrases';
import { mergeIndexEntities } from '../src/userdata';
import type { Catalog } from './app';

export async function loadCatalog(): Promise<Catalog> {
  const mine = await loadMatchData().catch(() => ({ entities: [], phrases: [], problems: [] }));
  const merged = mergeIndexEntities(matchEntities(indexBundle), mine.entities, mine.phrases);
  const t0 = performance.now();
  const index = buildIndex(merged.entities);
  // Stop phrases are in the index (so they win by longest match) but not in the entity map (so they are never shown).
  const entities = new Map(merged.entities.filter((e) => !isStopEntity(e.id)).map((e) => [e.id, e]));
  return { index, indexBuildMs: performance.now() - t0, entities };
}
