// The matcher's public API: build an index from the catalog (or load a prebuilt one and extend it), find mentions in page text, fold search queries.
export { buildIndex, extendIndex, tryExtendIndex, findMentions, aliasCount, foldForSearch, MatchIndex, MAX_ALIAS_LENGTH } from './matcher';
export type { FindOptions, IndexProblem } from './matcher';
export { serializeIndex, loadIndex, hasCurrentCaseForms, INDEX_FORMAT, INDEX_VERSION, FAST_LAYOUT_EDGES } from './serialize';
export type { SerializedIndex, SerializeOptions, PackedInts } from './serialize';
export { inflectRu } from './inflect';
