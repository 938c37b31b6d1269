// Stop phrases: text that contains an alias but names something else ("Washington Post"); matched like aliases so longest match lets them win, then dropped.
import type { IndexBundle, IndexEntity } from './types';

/** Id of the pseudo-entity that carries the stop phrases; no entity id may start with "~". */
export const STOP_ENTITY_ID = '~stop';

export function isStopEntity(id: string): boolean {
  return id === STOP_ENTITY_ID;
}

/** The entities to build a match index from: the catalog plus one pseudo-entity holding the stop phrases. */
export function matchEntities(bundle: Pick<IndexBundle, 'entities' | 'stopPhrases'>): IndexEntity[] {
  const phrases = bundle.stopPhrases ?? [];
  if (phrases.length === 0) return [...bundle.entities];
  return [...bundle.entities, { id: STOP_ENTITY_ID, type: 'topic', name: 'not an entity', aliases: phrases.map((text) => ({ text })) }];
}
