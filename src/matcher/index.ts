// The matcher's public API: build an index from the catalog once, find mentions in page text, fold search queries.
export { buildIndex, findMentions, aliasCount, foldForSearch, MatchIndex, MAX_ALIAS_LENGTH } from './matcher';
export type { FindOptions } from './matcher';
export { inflectRu } from './inflect';
