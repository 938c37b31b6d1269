// Types and limits of the reader's own data: personal entities, "never highlight" phrases, saved articles, backups.
import type { AliasSpec, EntityType, IndexEntity, Relation } from '../types';

/** Schema version of everything stored under `userdata:*` and of backup files (settings carry their own version). */
export const USERDATA_VERSION = 1;

/** Prefix of personal entity ids: bundled ids are kebab-case, so the two can never collide. */
export const PERSONAL_ID_PREFIX = 'user:';

/** Limits the validators enforce; they keep hostile or runaway input from reaching the matcher or filling storage. */
export const LIMITS = Object.freeze({
  aliasLength: 100,
  nameLength: 100,
  aliasesPerEntity: 50,
  noteLength: 5_000,
  relatedPerEntity: 50,
  relationLength: 60,
  personalEntities: 1_000,
  phraseRules: 1_000,
  savedArticles: 500,
  titleLength: 500,
  siteLength: 200,
  dateLength: 64,
  urlLength: 2_048,
  paragraphs: 5_000,
  paragraphLength: 50_000,
  articleChars: 1_000_000,
  backupBytes: 20 * 1024 * 1024,
});

/** One of the reader's own entities: matched like a bundled one, plus a note and links to other entities. */
export interface PersonalEntity extends IndexEntity {
  type: EntityType;
  aliases: AliasSpec[];
  personal: true;
  /** Plain text; shown as the entity's summary. */
  note: string;
  /** "this entity —relation→ id"; ids may be bundled or personal. */
  related: Relation[];
  createdAt: number;
  updatedAt: number;
}

/** What the add/edit form hands over before validation. */
export interface PersonalEntityDraft {
  id?: string;
  name: string;
  type: string;
  /** Extra spellings; the name is always matched too. */
  aliases: string[];
  note?: string;
  related?: Array<{ id: string; relation?: string }>;
}

/** "Never highlight this phrase": removes every alias (bundled or personal) that folds to the phrase. */
export interface PhraseRule {
  id: string;
  phrase: string;
  createdAt: number;
}

/** Where one entity is mentioned in a saved article: 1-based paragraph and UTF-16 spans inside it. */
export interface ArticleMention {
  entityId: string;
  paragraph: number;
  spans: Array<[number, number]>;
}

/** A page the reader saved: its text as paragraphs and the mentions the matcher found in it. */
export interface SavedArticle {
  id: string;
  url: string;
  title: string;
  site: string | null;
  /** Publication date as the page states it (meta article:published_time and the like), or null. */
  date: string | null;
  savedAt: number;
  paragraphs: string[];
  mentions: ArticleMention[];
  /** Fingerprint of the entity index the mentions were computed with; a different one means "re-index". */
  indexKey: string;
}

/** What content-scripts/extract.ts reports for a page. */
export interface ExtractedArticle {
  title: string;
  site: string | null;
  url: string;
  date: string | null;
  text: string;
  paragraphs: string[];
}

/**
 * The global content-scripts/extract.ts leaves its result in: esbuild wraps the script in an IIFE, so executeScript({files})
 * cannot return it, and the caller collects it with a second executeScript({func}) in the same isolated world.
 */
export const EXTRACT_RESULT_GLOBAL = '__backstoryExtract';

/** The answer to "save this article" (background → popup). */
export type SaveArticleResult =
  | { ok: true; articleId: string; title: string; url: string; entities: number; passages: number; replaced: boolean; cut: boolean }
  | { ok: false; error: string };

/** One passage of a saved article, as the popup shows it. */
export interface SavedPassage {
  articleId: string;
  url: string;
  title: string;
  site: string | null;
  date: string | null;
  savedAt: number;
  paragraph: number;
  text: string;
  spans: Array<[number, number]>;
}

/** Parsed data plus everything that could not be read (never silently dropped: the caller keeps the raw value aside). */
export interface Parsed<T> {
  value: T;
  problems: string[];
}

export type UserDataKind = 'entities' | 'rules' | 'articles';

/** A validation failure with a message meant for the reader. */
export class UserDataError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
    this.name = 'UserDataError';
  }
}
