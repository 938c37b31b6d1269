// Personal entities: hostile aliases are refused or kept as plain text, drafts validate, stored records are read defensively.
import { describe, expect, it } from 'vitest';
import { checkAlias, entityFromDraft, newPersonalId, parsePersonalEntities, parsePersonalEntity, personalAsRecord, removeEntity, upsertEntity } from './entities';
import { LIMITS, UserDataError, type PersonalEntity } from './types';

const NOW = 1_700_000_000_000;
const seq = () => {
  let n = 0;
  return () => ((n++ * 0.137) % 1);
};

function entity(over: Partial<PersonalEntity> = {}): PersonalEntity {
  return {
    id: 'user:jan-kowalski-1',
    type: 'person',
    name: 'Jan Kowalski',
    aliases: [{ text: 'Jan Kowalski' }, { text: 'Kowalski' }],
    personal: true,
    note: 'My MP.',
    related: [],
    createdAt: NOW,
    updatedAt: NOW,
    ...over,
  };
}

describe('checkAlias', () => {
  it('refuses empty, oversized and letterless aliases', () => {
    expect(checkAlias('')).toEqual({ error: 'an alias is empty' });
    expect(checkAlias(' \u200B\u00AD ')).toEqual({ error: 'an alias is empty' });
    expect('error' in checkAlias('x'.repeat(10 * 1024))).toBe(true);
    expect('error' in checkAlias('x'.repeat(LIMITS.aliasLength + 1))).toBe(true);
    expect('text' in checkAlias('x'.repeat(LIMITS.aliasLength))).toBe(true);
    expect('error' in checkAlias('—…!?')).toBe(true);
    expect('error' in checkAlias(42)).toBe(true);
  });

  it('keeps regex-like and prototype-like text as plain text', () => {
    expect(checkAlias('(a+)+$')).toEqual({ text: '(a+)+$' });
    expect(checkAlias('__proto__')).toEqual({ text: '__proto__' });
    expect(checkAlias('constructor')).toEqual({ text: 'constructor' });
  });

  it('normalises to NFC and strips invisible characters', () => {
    expect(checkAlias('Mi\u0301nsk\u200B')).toEqual({ text: 'Mínsk' });
  });
});

describe('entityFromDraft', () => {
  it('builds an entity whose name is always an alias, with duplicates folded away', () => {
    const e = entityFromDraft({ name: ' Jan  Kowalski ', type: 'person', aliases: ['Kowalski', 'JAN KOWALSKI', 'kowalski', ''], note: ' Note ' }, [], NOW, seq());
    expect(e.id).toMatch(/^user:jan-kowalski-[a-z0-9]+$/);
    expect(e.name).toBe('Jan Kowalski');
    expect(e.aliases).toEqual([{ text: 'Jan Kowalski' }, { text: 'Kowalski' }]);
    expect(e.note).toBe('Note');
    expect(e.personal).toBe(true);
    expect(e.createdAt).toBe(NOW);
  });

  it('lists every problem at once', () => {
    try {
      entityFromDraft({ name: '', type: 'nope', aliases: ['x'.repeat(500), '(a+)+$'] }, [], NOW);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UserDataError);
      expect((err as UserDataError).problems).toEqual([
        'Give the entity a name.',
        'Choose a type.',
        expect.stringContaining('longer than 100 characters'),
      ]);
    }
  });

  it('keeps the id and creation time when editing, and refuses to edit a deleted entity', () => {
    const before = entity();
    const after = entityFromDraft({ id: before.id, name: 'Jan Kowalski', type: 'person', aliases: ['J. Kowalski'], related: [{ id: 'belarus', relation: ' MP in ' }] }, [before], NOW + 5);
    expect(after.id).toBe(before.id);
    expect(after.createdAt).toBe(NOW);
    expect(after.updatedAt).toBe(NOW + 5);
    expect(after.related).toEqual([{ id: 'belarus', relation: 'MP in' }]);
    expect(() => entityFromDraft({ id: 'user:gone-1', name: 'X', type: 'person', aliases: [] }, [before], NOW)).toThrow(/no longer exists/);
  });

  it('drops self links and invalid related ids', () => {
    const before = entity();
    const e = entityFromDraft({ id: before.id, name: 'Jan', type: 'person', aliases: [], related: [{ id: before.id }, { id: 'csto' }, { id: 'csto' }] }, [before], NOW);
    expect(e.related).toEqual([{ id: 'csto', relation: 'related to' }]);
    expect(() => entityFromDraft({ name: 'Jan', type: 'person', aliases: [], related: [{ id: '<script>' }] }, [], NOW)).toThrow(UserDataError);
  });

  it('refuses a new entity beyond 1,000', () => {
    const many = Array.from({ length: LIMITS.personalEntities }, (_, i) => entity({ id: `user:e-${i}` }));
    expect(() => entityFromDraft({ name: 'One more', type: 'topic', aliases: [] }, many, NOW)).toThrow(/1000 entities/);
  });

  it('makes distinct, valid ids also for names without Latin letters', () => {
    const r = seq();
    const a = newPersonalId('Лукашенко', NOW, r);
    const b = newPersonalId('Лукашенко', NOW, r);
    expect(a).toMatch(/^user:[a-z0-9]+$/);
    expect(a).not.toBe(b);
    expect(newPersonalId('André Ørsted', NOW, r)).toMatch(/^user:andre-rsted-/);
  });
});

describe('parsePersonalEntity / parsePersonalEntities', () => {
  it('reads a valid record unchanged', () => {
    const e = entity({ related: [{ id: 'belarus', relation: 'MP in' }] });
    expect(parsePersonalEntity(JSON.parse(JSON.stringify(e)), 'x')).toEqual({ value: e, problems: [] });
  });

  it('rejects records without essentials and reports why', () => {
    expect(parsePersonalEntity({ ...entity(), id: 'lukashenko' }, 'x').value).toBeNull();
    expect(parsePersonalEntity({ ...entity(), type: 'alien' }, 'x').value).toBeNull();
    expect(parsePersonalEntity({ ...entity(), name: '' }, 'x').value).toBeNull();
    const noAlias = parsePersonalEntity({ ...entity(), aliases: ['', 'x'.repeat(200)] }, 'x');
    expect(noAlias.value).toBeNull();
    expect(noAlias.problems.join('\n')).toMatch(/no usable alias/);
  });

  it('leaves out bad aliases but keeps the entity, reporting it', () => {
    const r = parsePersonalEntity({ ...entity(), aliases: ['Kowalski', { text: '' }, { text: 'Jan K.', caseSensitive: true, inflect: 'ru', junk: 1 }] }, 'x');
    expect(r.value?.aliases).toEqual([{ text: 'Kowalski' }, { text: 'Jan K.', caseSensitive: true, inflect: 'ru' }]);
    expect(r.problems).toHaveLength(1);
  });

  it('never lets __proto__ keys reach a prototype', () => {
    const raw = JSON.parse('[{"__proto__": {"polluted": true}, "id": "user:p-1", "type": "topic", "name": "__proto__", "aliases": ["__proto__"], "related": [{"id": "__proto__"}]}]');
    const r = parsePersonalEntities(raw);
    expect(r.value[0]?.aliases).toEqual([{ text: '__proto__' }]);
    expect(Object.getPrototypeOf(r.value[0])).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.problems.join('\n')).toMatch(/__proto__.*not an entity id/);
  });

  it('keeps the first of two records with one id and reports the second', () => {
    const r = parsePersonalEntities([entity(), entity({ name: 'Other' })]);
    expect(r.value.map((e) => e.name)).toEqual(['Jan Kowalski']);
    expect(r.problems).toHaveLength(1);
  });
});

describe('list edits', () => {
  it('upserts in place and removes with the removed record returned', () => {
    const a = entity({ id: 'user:a-1' });
    const b = entity({ id: 'user:b-1' });
    expect(upsertEntity([a, b], { ...a, name: 'A2' }).map((e) => e.name)).toEqual(['A2', 'Jan Kowalski']);
    expect(upsertEntity([a], b)).toEqual([a, b]);
    expect(removeEntity([a, b], 'user:a-1')).toEqual({ list: [b], removed: a });
    expect(removeEntity([a], 'user:zz-1')).toEqual({ list: [a], removed: null });
  });

  it('shows a personal entity as a record with its note as summary', () => {
    const r = personalAsRecord(entity());
    expect(r).toMatchObject({ id: 'user:jan-kowalski-1', summary: 'My MP.', facts: [], personal: true });
  });
});
