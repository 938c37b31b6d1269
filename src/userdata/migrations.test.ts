// Migrations: a fixture for every earlier version reads as current data, each step is idempotent, newer data is reported.
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, articleEnvelope, entitiesEnvelope, migrate, readArticle, readEntities, readRules, rulesEnvelope, type EnvelopeKind } from './migrations';
import { USERDATA_VERSION, type PersonalEntity, type PhraseRule, type SavedArticle } from './types';

const ENTITY: PersonalEntity = {
  id: 'user:jan-1',
  type: 'person',
  name: 'Jan Kowalski',
  aliases: [{ text: 'Jan Kowalski' }, { text: 'Kowalski' }],
  personal: true,
  note: 'My MP.',
  related: [{ id: 'belarus', relation: 'related to' }],
  createdAt: 5,
  updatedAt: 6,
};
const ARTICLE: SavedArticle = {
  id: 'a1x',
  url: 'https://news.test/a',
  title: 'A',
  site: 'news.test',
  date: null,
  savedAt: 7,
  paragraphs: ['Lukashenko met the CSTO.'],
  mentions: [{ entityId: 'lukashenko', paragraph: 1, spans: [[0, 10]] }],
  indexKey: 'k',
};

/**
 * What each earlier version stored, and what it must read as today. Adding version N+1 without a fixture for N fails
 * the coverage test below, so every migration is tested from every earlier version.
 */
const FIXTURES: Record<number, { entities: unknown; rules: unknown; article: unknown; expect: { entities: PersonalEntity[]; rules: PhraseRule[]; article: SavedArticle } }> = {
  0: {
    // Development builds: bare lists, aliases as strings, phrases as strings, a bare article without mentions.
    entities: [{ id: 'user:jan-1', type: 'person', name: 'Jan Kowalski', aliases: ['Jan Kowalski', 'Kowalski'], note: 'My MP.', related: [{ id: 'belarus' }], createdAt: 5, updatedAt: 6 }],
    rules: ['Washington', { phrase: 'Moscow' }],
    article: { id: 'a1x', url: 'https://news.test/a', title: 'A', site: 'news.test', date: null, savedAt: 7, paragraphs: ['Lukashenko met the CSTO.'] },
    expect: {
      entities: [ENTITY],
      rules: [
        { id: expect.stringMatching(/^rule-[a-z0-9]+$/) as unknown as string, phrase: 'Washington', createdAt: 0 },
        { id: expect.stringMatching(/^rule-[a-z0-9]+$/) as unknown as string, phrase: 'Moscow', createdAt: 0 },
      ],
      article: { ...ARTICLE, mentions: [], indexKey: '' },
    },
  },
  1: {
    entities: entitiesEnvelope([ENTITY]),
    rules: rulesEnvelope([{ id: 'rule-a', phrase: 'Washington', createdAt: 1 }]),
    article: articleEnvelope(ARTICLE),
    expect: { entities: [ENTITY], rules: [{ id: 'rule-a', phrase: 'Washington', createdAt: 1 }], article: ARTICLE },
  },
};

describe('user data migrations', () => {
  it('has a fixture for every version up to the current one', () => {
    for (let v = 0; v <= USERDATA_VERSION; v++) expect(FIXTURES[v], `fixture for version ${v}`).toBeDefined();
    for (let v = 0; v < USERDATA_VERSION; v++) expect(MIGRATIONS[v], `migration ${v} → ${v + 1}`).toBeDefined();
  });

  for (const [v, f] of Object.entries(FIXTURES)) {
    it(`reads version ${v} data as current data, with no problems`, () => {
      const entities = readEntities(structuredClone(f.entities));
      const rules = readRules(structuredClone(f.rules));
      const article = readArticle(structuredClone(f.article), 'userdata:article:a1x');
      expect(entities).toEqual({ value: f.expect.entities, problems: [] });
      expect(rules).toEqual({ value: f.expect.rules, problems: [] });
      expect(article).toEqual({ value: f.expect.article, problems: [] });
    });

    it(`migrates version ${v} idempotently (each step applied twice = once)`, () => {
      for (const kind of ['entities', 'rules', 'article'] as EnvelopeKind[]) {
        let value: unknown = structuredClone(f[kind === 'article' ? 'article' : kind]);
        for (let s = Number(v); s < USERDATA_VERSION; s++) {
          const once = MIGRATIONS[s]![kind](structuredClone(value));
          expect(MIGRATIONS[s]![kind](structuredClone(once))).toEqual(once);
          value = once;
        }
        // Migrating an already current envelope changes nothing.
        const current = migrate(kind, value, kind);
        expect(migrate(kind, current.value, kind).value).toEqual(current.value);
      }
    });
  }

  it('reports data written by a newer version but still reads what it can', () => {
    const r = readEntities({ version: USERDATA_VERSION + 1, entities: [ENTITY], newField: 1 });
    expect(r.value).toEqual([ENTITY]);
    expect(r.problems).toEqual([`userdata:entities.version: ${USERDATA_VERSION + 1} is newer than this extension understands (${USERDATA_VERSION})`]);
  });

  it('reports a nonsense version and unreadable shapes instead of resetting silently', () => {
    expect(readEntities({ version: 'x', entities: [ENTITY] }).problems[0]).toMatch(/not a version number/);
    expect(readEntities(42).problems).toEqual(['userdata:entities.entities: not a list']);
    expect(readRules('nope').problems).toEqual(['userdata:rules.phrases: not a list']);
    expect(readArticle('nope', 'k').value).toBeNull();
    expect(readEntities(undefined)).toEqual({ value: [], problems: [] });
  });
});
