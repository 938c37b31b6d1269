// Shared data types of the bundled dataset, the match index and the page state: the contract between src/, the build and every context.

export const ENTITY_TYPES = ['person', 'organization', 'place', 'facility', 'event', 'topic'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** One alias as the matcher needs it (compiled from the catalog). */
export interface AliasSpec {
  /** The surface form as written in the catalog, e.g. "Lukashenko", "ОДКБ", "West-2017". */
  text: string;
  /** Match only with exactly this letter case (all-caps acronyms such as CSTO default to true). */
  caseSensitive?: boolean;
  /** Ambiguous alone ("West", "base", "the Minister"): matched only when the page context supports the entity. */
  needsContext?: boolean;
  /** Inflection class; 'ru' adds Russian/Belarusian case endings of a name (Макей/Макея/Макею/Макеем). */
  inflect?: 'ru';
}

/** What the content script carries for one entity: enough to match and label, nothing more. */
/** What a page needs to know of an entity it highlights: no aliases (they live in the match index). */
export type EntityRef = Pick<IndexEntity, 'id' | 'type' | 'name' | 'personal'>;

export interface IndexEntity {
  id: string;
  type: EntityType;
  name: string;
  aliases: AliasSpec[];
  /** Marks the reader's own entities (issue 7); bundled ones omit it. */
  personal?: boolean;
}

/** A found mention: UTF-16 offsets into the text given to the matcher, end exclusive. */
export interface Mention {
  start: number;
  end: number;
  entityId: string;
  /** The catalog alias that matched (not the page's spelling). */
  alias: string;
}

/** A dated fact with its source. */
export interface Fact {
  text: string;
  /** ISO date (YYYY, YYYY-MM or YYYY-MM-DD) the fact holds as of. */
  asOf: string;
  source: FactSource;
}
export type FactSource =
  | { kind: 'article'; articleId: string; paragraph: number; quote?: string }
  | { kind: 'general-reference'; note?: string };

export interface Relation {
  id: string;
  relation: string;
}

/** An entity with its full background (background/popup only; never in the content script). */
export interface EntityRecord extends IndexEntity {
  summary: string;
  facts: Fact[];
  related: Relation[];
}

export interface ArticleMeta {
  id: string;
  title: string;
  language: string;
  /** ISO date or the literal "undated". */
  date: string;
  source?: string;
  url?: string;
}

/** A passage of a bundled article that mentions an entity (computed by the dataset build). */
export interface Passage {
  articleId: string;
  paragraph: number;
  text: string;
  /** Mentions of this entity inside `text` (UTF-16 offsets), for emphasis in the UI. */
  spans: Array<[number, number]>;
}

/** The compiled background bundle: dist/<browser>/data/dataset.json. */
export interface DatasetBundle {
  version: number;
  builtFrom: string[];
  articles: Array<ArticleMeta & { paragraphs: string[] }>;
  entities: EntityRecord[];
  /** entityId → passages, newest article first. */
  passages: Record<string, Passage[]>;
  /** The same stop phrases as the match index, so saved-article passages skip "Washington Post" too. */
  stopPhrases?: string[];
}

/** The compiled match bundle the content script imports: generated/dataset/index.json. */
export interface IndexBundle {
  version: number;
  entities: IndexEntity[];
  /** Phrases that contain an alias but name something else ("Washington Post"): matched, then never shown. */
  stopPhrases?: string[];
}
