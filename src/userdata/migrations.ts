// Stored shapes of the reader's data: versioned envelopes, numbered idempotent migrations, and readers that report every problem.
import { parseSavedArticle } from './articles';
import { parsePersonalEntities } from './entities';
import { parsePhraseRules } from './rules';
import { hash53, isRecord, preview } from './text';
import { USERDATA_VERSION, type Parsed, type PersonalEntity, type PhraseRule, type SavedArticle } from './types';

/** The envelope kinds: one key for entities, one for rules, one key per saved article. */
export type EnvelopeKind = 'entities' | 'rules' | 'article';

export interface EntitiesEnvelope {
  version: number;
  entities: unknown[];
}
export interface RulesEnvelope {
  version: number;
  phrases: unknown[];
}
export interface ArticleEnvelope {
  version: number;
  article: unknown;
}

type Step = { [K in EnvelopeKind]: (raw: unknown) => unknown };

/**
 * MIGRATIONS[n] turns a version-n envelope into version n+1. Every step is pure and idempotent (given data already in
 * the newer shape it returns it unchanged), so a half-applied or repeated migration can never damage data.
 *
 * Version 0 is the unversioned shape of development builds and hand-edited data: a bare list of entities whose aliases
 * may be plain strings, a bare list of phrases (strings or {phrase}), and a bare article object.
 */
export const MIGRATIONS: Readonly<Record<number, Step>> = Object.freeze({
  0: {
    entities: (raw: unknown) => {
      const list = isRecord(raw) && 'entities' in raw ? raw.entities : raw;
      // Anything but a list is passed on as it is, so the reader reports it rather than the migration hiding it.
      if (!Array.isArray(list)) return { version: 1, entities: list };
      return {
        version: 1,
        entities: list.map((e) =>
          isRecord(e)
            ? {
                ...e,
                personal: true,
                aliases: Array.isArray(e.aliases) ? e.aliases.map((a) => (typeof a === 'string' ? { text: a } : a)) : e.aliases,
              }
            : e,
        ),
      };
    },
    rules: (raw: unknown) => {
      const list = isRecord(raw) && 'phrases' in raw ? raw.phrases : raw;
      if (!Array.isArray(list)) return { version: 1, phrases: list };
      return {
        version: 1,
        phrases: list.map((r) => {
          const phrase = typeof r === 'string' ? r : isRecord(r) ? r.phrase : r;
          if (typeof phrase !== 'string') return r;
          // Ids derived from the phrase keep the step idempotent and the same phrase the same rule.
          const id = isRecord(r) && typeof r.id === 'string' ? r.id : `rule-${hash53(phrase)}`;
          return { id, phrase, createdAt: isRecord(r) && typeof r.createdAt === 'number' ? r.createdAt : 0 };
        }),
      };
    },
    article: (raw: unknown) => {
      if (isRecord(raw) && 'article' in raw && versionOf(raw) >= 1) return raw;
      const a = isRecord(raw) && isRecord(raw.article) ? raw.article : raw;
      if (!isRecord(a)) return { version: 1, article: a };
      return { version: 1, article: { ...a, mentions: Array.isArray(a.mentions) ? a.mentions : [], indexKey: typeof a.indexKey === 'string' ? a.indexKey : '' } };
    },
  },
});

function versionOf(raw: unknown): number {
  return isRecord(raw) && typeof raw.version === 'number' && Number.isInteger(raw.version) && raw.version >= 0 ? raw.version : 0;
}

/** Brings a stored envelope of any earlier version to USERDATA_VERSION; a newer one is read as it is and reported. */
export function migrate(kind: EnvelopeKind, raw: unknown, where: string): Parsed<unknown> & { from: number } {
  const problems: string[] = [];
  if (isRecord(raw) && 'version' in raw && versionOf(raw) !== raw.version) {
    problems.push(`${where}.version: ${preview(raw.version)} is not a version number; read as unversioned`);
  }
  const from = versionOf(raw);
  let value = raw;
  let v = from;
  if (v > USERDATA_VERSION) problems.push(`${where}.version: ${v} is newer than this extension understands (${USERDATA_VERSION})`);
  while (v < USERDATA_VERSION) {
    const step = MIGRATIONS[v];
    if (!step) {
      problems.push(`${where}.version: no migration from ${v}`);
      break;
    }
    value = step[kind](value);
    v += 1;
  }
  return { value, problems, from };
}

export function entitiesEnvelope(entities: readonly PersonalEntity[]): EntitiesEnvelope {
  return { version: USERDATA_VERSION, entities: [...entities] };
}
export function rulesEnvelope(phrases: readonly PhraseRule[]): RulesEnvelope {
  return { version: USERDATA_VERSION, phrases: [...phrases] };
}
export function articleEnvelope(article: SavedArticle): ArticleEnvelope {
  return { version: USERDATA_VERSION, article };
}

/** Reads the stored entities key (undefined = nothing stored yet). */
export function readEntities(raw: unknown, where = 'userdata:entities'): Parsed<PersonalEntity[]> {
  if (raw === undefined || raw === null) return { value: [], problems: [] };
  const m = migrate('entities', raw, where);
  const list = isRecord(m.value) ? m.value.entities : undefined;
  const parsed = parsePersonalEntities(list, `${where}.entities`);
  return { value: parsed.value, problems: [...m.problems, ...parsed.problems] };
}

/** Reads the stored rules key (undefined = nothing stored yet). */
export function readRules(raw: unknown, where = 'userdata:rules'): Parsed<PhraseRule[]> {
  if (raw === undefined || raw === null) return { value: [], problems: [] };
  const m = migrate('rules', raw, where);
  const list = isRecord(m.value) ? m.value.phrases : undefined;
  const parsed = parsePhraseRules(list, `${where}.phrases`);
  return { value: parsed.value, problems: [...m.problems, ...parsed.problems] };
}

/** Reads one stored article key; null when it cannot be read at all. */
export function readArticle(raw: unknown, where: string): Parsed<SavedArticle | null> {
  const m = migrate('article', raw, where);
  const parsed = parseSavedArticle(isRecord(m.value) ? m.value.article : undefined, `${where}.article`);
  return { value: parsed.value, problems: [...m.problems, ...parsed.problems] };
}
