// mergeIndexEntities: personal aliases that clash are dropped (never a buildIndex throw), phrase rules silence aliases, and scale.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileDataset } from '../dataset/compile';
import { buildIndex, findMentions } from '../matcher';
import { STOP_ENTITY_ID, matchEntities } from '../stop-phrases';
import type { IndexEntity } from '../types';
import { indexFingerprint, mergeIndexEntities } from './merge';
import type { PersonalEntity, PhraseRule } from './types';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const catalog = compileDataset(ROOT).index.entities;

function personal(id: string, name: string, aliases: string[], over: Partial<PersonalEntity> = {}): PersonalEntity {
  return { id: `user:${id}`, type: 'person', name, aliases: aliases.map((text) => ({ text })), personal: true, note: '', related: [], createdAt: 0, updatedAt: 0, ...over };
}
const rule = (phrase: string): PhraseRule => ({ id: `rule-${phrase.length}`, phrase, createdAt: 0 });
const idsOf = (text: string, entities: IndexEntity[]) => findMentions(text, buildIndex(entities)).map((m) => m.entityId);

describe('mergeIndexEntities', () => {
  it('returns the bundled catalog untouched when the reader has nothing', () => {
    const r = mergeIndexEntities(catalog, [], []);
    expect(r.entities).toEqual(catalog);
    expect(r.problems).toEqual([]);
    expect(r.dropped).toEqual([]);
  });

  it('adds personal entities so they are found, marked personal', () => {
    const r = mergeIndexEntities(catalog, [personal('kowalski-1', 'Jan Kowalski', ['Jan Kowalski', 'Kowalski'])], []);
    const added = r.entities.find((e) => e.id === 'user:kowalski-1');
    expect(added).toEqual({ id: 'user:kowalski-1', type: 'person', name: 'Jan Kowalski', aliases: [{ text: 'Jan Kowalski' }, { text: 'Kowalski' }], personal: true });
    expect(idsOf('Kowalski met Lukashenko in Minsk.', r.entities)).toEqual(['user:kowalski-1', 'lukashenko', 'minsk']);
  });

  it('drops personal aliases that clash with bundled ones in any spelling, and reports them', () => {
    const p = personal('me-1', 'My Lukashenko', ['LUKASHENKO', 'łukaszenka', 'csto', 'west 2017', 'My Lukashenko']);
    const r = mergeIndexEntities(catalog, [p], []);
    expect(r.entities.find((e) => e.id === 'user:me-1')?.aliases).toEqual([{ text: 'My Lukashenko' }]);
    expect(r.problems).toHaveLength(4);
    expect(r.problems[0]).toMatch(/"LUKASHENKO" is already an alias of "Alexander Lukashenko"/);
    expect(() => buildIndex(r.entities)).not.toThrow();
  });

  it('lets the first personal entity keep a shared alias', () => {
    const r = mergeIndexEntities(catalog, [personal('a-1', 'Anna', ['Anna', 'The Mayor']), personal('b-1', 'Boris', ['Boris', 'the mayor'])], []);
    expect(r.entities.find((e) => e.id === 'user:b-1')?.aliases).toEqual([{ text: 'Boris' }]);
    expect(r.problems).toEqual(['"the mayor" is already an alias of your entity "Anna", so it is not highlighted as "Boris".']);
    expect(r.dropped).toEqual([{ entityId: 'user:b-1', alias: 'the mayor', claimedBy: { id: 'user:a-1', name: 'Anna', bundled: false } }]);
    expect(idsOf('The mayor spoke.', r.entities)).toEqual(['user:a-1']);
  });

  it('removes aliases matching "never highlight" phrases, bundled and personal, including inflected forms', () => {
    const r = mergeIndexEntities(catalog, [personal('w-1', 'Washington Post', ['Washington Post', 'WaPo'])], [rule('washington'), rule('WaPo'), rule('Беларуси')]);
    const us = r.entities.find((e) => e.id === 'united-states')!;
    expect(us.aliases.map((a) => a.text)).not.toContain('Washington');
    expect(r.entities.find((e) => e.id === 'user:w-1')?.aliases).toEqual([{ text: 'Washington Post' }]);
    expect(r.entities.find((e) => e.id === 'belarus')!.aliases.map((a) => a.text)).not.toContain('Беларусь');
    expect(r.problems).toEqual([]);
    expect(idsOf('Washington said WaPo and the Washington Post…', r.entities)).toEqual(['user:w-1']);
  });

  it('keeps stop phrases out of "never highlight" rules, and lets a personal entity take one over', () => {
    const withStops = matchEntities({ entities: catalog, stopPhrases: ['Washington Post', 'George Washington'] });
    const ruled = mergeIndexEntities(withStops, [], [rule('Washington Post')]);
    expect(ruled.entities.find((e) => e.id === STOP_ENTITY_ID)?.aliases.map((a) => a.text)).toEqual(['Washington Post', 'George Washington']);
    expect(idsOf('The Washington Post said', ruled.entities)).toEqual([STOP_ENTITY_ID]);

    const mine = mergeIndexEntities(withStops, [personal('wp-1', 'Washington Post', ['Washington Post']), personal('wp-2', 'WaPo', ['WaPo', 'washington post'])], []);
    expect(mine.entities.find((e) => e.id === STOP_ENTITY_ID)?.aliases.map((a) => a.text)).toEqual(['George Washington']);
    expect(mine.dropped).toEqual([{ entityId: 'user:wp-2', alias: 'washington post', claimedBy: { id: 'user:wp-1', name: 'Washington Post', bundled: false } }]);
    expect(idsOf('The Washington Post quoted George Washington and Washington.', mine.entities)).toEqual(['user:wp-1', STOP_ENTITY_ID, 'united-states']);
  });

  it('survives hostile records: bad ids, repeated ids, bad aliases, __proto__ and regex-like text', () => {
    const hostile = [
      personal('ok-1', '__proto__', ['__proto__', '(a+)+$', '', 'x'.repeat(10_000)]),
      personal('ok-1', 'Again', ['Again']),
      { ...personal('x', 'Bundled id', ['Nope']), id: 'lukashenko' },
    ] as PersonalEntity[];
    const r = mergeIndexEntities(catalog, hostile, []);
    expect(r.entities.filter((e) => e.personal).map((e) => [e.id, e.aliases.map((a) => a.text)])).toEqual([['user:ok-1', ['__proto__', '(a+)+$']]]);
    expect(r.problems).toHaveLength(4);
    const mentions = findMentions('x (a+)+$ and __proto__ here', buildIndex(r.entities));
    expect(mentions.map((m) => m.alias)).toEqual(['(a+)+$', '__proto__']);
  });

  it('fingerprints the merged catalog', () => {
    const a = mergeIndexEntities(catalog, [personal('k-1', 'K', ['Kowalski'])], []).entities;
    const b = mergeIndexEntities(catalog, [personal('k-1', 'K', ['Kowalska'])], []).entities;
    expect(indexFingerprint(a)).toBe(indexFingerprint(a.map((e) => ({ ...e }))));
    expect(indexFingerprint(a)).not.toBe(indexFingerprint(b));
  });

  // Scale: the most a reader can have. Timings are printed for the report, never asserted (CI machines vary).
  it('builds an index from 1,000 personal entities with 3 aliases each and scans 1 MB of text', () => {
    const syllables = ['ka', 'ro', 'mi', 'ta', 'ne', 'vo', 'li', 'sa', 'du', 'pe', 'zo', 'ri'];
    const word = (n: number) => {
      let s = '';
      for (let k = 0; k < 4; k++) s += syllables[(n >> (k * 3)) % syllables.length]! + (k === 0 ? '' : '');
      return s;
    };
    const people: PersonalEntity[] = [];
    for (let i = 0; i < 1000; i++) {
      const first = word(i * 7 + 1);
      const last = `${word(i * 13 + 5)}ski${i}`;
      people.push(personal(`p-${i}`, `${first} ${last}`, [`${first} ${last}`, `${last}`, `${first[0]!.toUpperCase()}. ${last}`]));
    }
    const rules = Array.from({ length: 50 }, (_, i) => rule(`phrase number ${i}`));
    let t = performance.now();
    const merged = mergeIndexEntities(catalog, people, rules);
    const mergeMs = performance.now() - t;
    t = performance.now();
    const index = buildIndex(merged.entities);
    const buildMs = performance.now() - t;
    expect(merged.entities.filter((e) => e.personal)).toHaveLength(1000);

    const paragraph =
      `Lukashenko met ${people[3]!.name} and ${people[999]!.aliases[1]!.text} in Minsk; the CSTO and West-2017 came up, ` +
      'as did the Russian military base, while analysts from Warsaw and Moscow took notes for their readers. ';
    const text = paragraph.repeat(Math.ceil(1_000_000 / paragraph.length)).slice(0, 1_000_000);
    t = performance.now();
    const mentions = findMentions(text, index);
    const scanMs = performance.now() - t;
    const ids = new Set(mentions.map((m) => m.entityId));
    expect(ids.has('user:p-3')).toBe(true);
    expect(ids.has('user:p-999')).toBe(true);
    expect(ids.has('lukashenko')).toBe(true);
    console.log(
      `[scale] merge ${mergeMs.toFixed(1)} ms, buildIndex ${buildMs.toFixed(1)} ms for ${merged.entities.length} entities; ` +
        `findMentions on 1 MB: ${scanMs.toFixed(1)} ms, ${mentions.length} mentions`,
    );
  });
});
