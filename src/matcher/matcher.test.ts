// Table-driven tests of findMentions on a small catalog, each case also checked against the regex oracle.
import { describe, expect, it } from 'vitest';
import type { IndexEntity } from '../types';
import { aliasCount, buildIndex, findMentions, foldForSearch } from './index';
import { compiledForms } from './matcher';
import { oracleFindMentions } from './oracle';

export const CATALOG: IndexEntity[] = [
  {
    id: 'lukashenko',
    type: 'person',
    name: 'Alexander Lukashenko',
    aliases: [
      { text: 'Lukashenko' },
      { text: 'Alexander Lukashenko' },
      { text: 'Лукашенко' },
      { text: 'Александр Лукашенко', inflect: 'ru' },
      { text: 'Лукашэнка', inflect: 'ru' },
      { text: 'Łukaszenka' },
    ],
  },
  {
    id: 'makei',
    type: 'person',
    name: 'Vladimir Makei',
    aliases: [{ text: 'Makei' }, { text: 'Vladimir Makei' }, { text: 'Макей', inflect: 'ru' }, { text: 'the Minister', needsContext: true }],
  },
  { id: 'surikov', type: 'person', name: 'Boris Surikov', aliases: [{ text: 'Суриков', inflect: 'ru' }] },
  {
    id: 'csto',
    type: 'organization',
    name: 'Collective Security Treaty Organization',
    aliases: [{ text: 'CSTO' }, { text: 'ОДКБ' }, { text: 'Collective Security Treaty Organization' }],
  },
  { id: 'nato', type: 'organization', name: 'NATO', aliases: [{ text: 'NATO' }] },
  {
    id: 'west-2017',
    type: 'event',
    name: 'Zapad-2017',
    aliases: [{ text: 'West-2017' }, { text: 'Zapad-2017' }, { text: 'Запад-2017' }, { text: 'West', needsContext: true }, { text: 'Zapad', needsContext: true }],
  },
  {
    id: 'russian-military-base',
    type: 'facility',
    name: 'Russian military base',
    aliases: [{ text: 'Russian military base' }, { text: 'base', needsContext: true }],
  },
  { id: 'military-base', type: 'topic', name: 'military base', aliases: [{ text: 'military base' }] },
  { id: 'russia', type: 'place', name: 'Russia', aliases: [{ text: 'Russia' }, { text: 'Россия', inflect: 'ru' }] },
  { id: 'minsk', type: 'place', name: 'Minsk', aliases: [{ text: 'Minsk' }, { text: 'Минск', inflect: 'ru' }, { text: 'Мінск', inflect: 'ru' }] },
  { id: 'moscow', type: 'place', name: 'Moscow', aliases: [{ text: 'Moscow' }, { text: 'Москва', inflect: 'ru' }] },
  { id: 'belarus', type: 'place', name: 'Belarus', aliases: [{ text: 'Belarus' }, { text: 'Беларусь', inflect: 'ru' }] },
  { id: 'poland', type: 'place', name: 'Poland', aliases: [{ text: 'Poland' }, { text: 'Польша', inflect: 'ru' }] },
  { id: 'union-state', type: 'organization', name: 'Union State', aliases: [{ text: 'Union State' }, { text: 'Союзное государство', inflect: 'ru' }] },
  { id: 'us', type: 'place', name: 'United States', aliases: [{ text: 'U.S.' }, { text: 'United States' }] },
  { id: 'us-armored', type: 'organization', name: 'U.S. armored division', aliases: [{ text: 'U.S. armored division' }] },
  { id: 'oreilly', type: 'person', name: "O'Reilly", aliases: [{ text: "O'Reilly" }] },
  { id: 'regex', type: 'topic', name: 'regex', aliases: [{ text: '(a+)+$' }, { text: '__proto__' }, { text: 'constructor' }] },
  { id: 'strasse', type: 'place', name: 'Großstraße', aliases: [{ text: 'Großstraße' }, { text: 'Søren' }, { text: 'café' }] },
];

const index = buildIndex(CATALOG);

/** [text, expected [matched text, entity id] pairs, optional context]. */
type Case = [string, Array<[string, string]>, string[]?];

const CASES: Case[] = [
  // Plain matches and punctuation around them.
  ['Lukashenko spoke.', [['Lukashenko', 'lukashenko']]],
  ['(Lukashenko)', [['Lukashenko', 'lukashenko']]],
  ["Lukashenko's plan", [['Lukashenko', 'lukashenko']]],
  ['Lukashenko’s plan', [['Lukashenko', 'lukashenko']]],
  ['Lukashenkoʼs plan', [['Lukashenko', 'lukashenko']]],
  ['"Lukashenko"', [['Lukashenko', 'lukashenko']]],
  ['«Лукашенко»', [['Лукашенко', 'lukashenko']]],
  ['It was the CSTO.', [['CSTO', 'csto']]],
  ['CSTO, NATO; ОДКБ!', [['CSTO', 'csto'], ['NATO', 'nato'], ['ОДКБ', 'csto']]],
  // Whole words only.
  ['the database is down', []],
  ['a Minsker said', []],
  ['Минскер сказал', []],
  ['Lukashenkos', []],
  ['xLukashenko', []],
  ['Lukashenko2', []],
  ['Minsk2017 Minsk_', [['Minsk', 'minsk']]],
  // Case and diacritics.
  ['LUKASHENKO', [['LUKASHENKO', 'lukashenko']]],
  ['lukashenko', [['lukashenko', 'lukashenko']]],
  ['Łukaszenka and Lukaszenka and ŁUKASZENKA', [['Łukaszenka', 'lukashenko'], ['Lukaszenka', 'lukashenko'], ['ŁUKASZENKA', 'lukashenko']]],
  ['Лукашенко и Лукашэнка', [['Лукашенко', 'lukashenko'], ['Лукашэнка', 'lukashenko']]],
  ['Лукашэнкам', [['Лукашэнкам', 'lukashenko']]],
  ['csto', []],
  ['CSTO\u0301 (a mark on an acronym)', [['CSTO\u0301', 'csto']]],
  ['Csto', []],
  ['одкб', []],
  ['Nato', []],
  ['Grossstrasse and GROSSSTRASSE and Großstraße', [['Grossstrasse', 'strasse'], ['GROSSSTRASSE', 'strasse'], ['Großstraße', 'strasse']]],
  ['Soren and SØREN', [['Soren', 'strasse'], ['SØREN', 'strasse']]],
  ['cafe\u0301 and CAFÉ and cafe', [['cafe\u0301', 'strasse'], ['CAFÉ', 'strasse'], ['cafe', 'strasse']]],
  // Dashes and whitespace inside aliases.
  ['West-2017 drills', [['West-2017', 'west-2017']]],
  ['West 2017 drills', [['West 2017', 'west-2017']]],
  ['West–2017 drills', [['West–2017', 'west-2017']]],
  ['West — 2017 drills', [['West — 2017', 'west-2017']]],
  ['West\n2017 drills', [['West\n2017', 'west-2017']]],
  ['West\u00a02017', [['West\u00a02017', 'west-2017']]],
  ['West--2017', []],
  ['West.2017', []],
  ['West--2017', [['West', 'west-2017']], ['west-2017']],
  ['West.2017', [['West', 'west-2017']], ['west-2017']],
  ['Запад-2017 и ЗАПАД 2017', [['Запад-2017', 'west-2017'], ['ЗАПАД 2017', 'west-2017']]],
  ['Zapad‑2017', [['Zapad‑2017', 'west-2017']]],
  ['Alexander  Lukashenko', [['Alexander  Lukashenko', 'lukashenko']]],
  ['Alexander\n  Lukashenko', [['Alexander\n  Lukashenko', 'lukashenko']]],
  ['Alexander\u2009\tLukashenko', [['Alexander\u2009\tLukashenko', 'lukashenko']]],
  ['Alexander, Lukashenko', [['Lukashenko', 'lukashenko']]],
  // Aliases with their own punctuation.
  ['The U.S. said', [['U.S.', 'us']]],
  ['the U.S.', [['U.S.', 'us']]],
  ['U.S.-made', [['U.S.', 'us']]],
  ['the US said', []],
  ['the U. S. said', []],
  ['a U.S. armored division arrived', [['U.S. armored division', 'us-armored']]],
  ['a U.S.\narmored  division', [['U.S.\narmored  division', 'us-armored']]],
  ["O'Reilly and O’Reilly", [["O'Reilly", 'oreilly'], ['O’Reilly', 'oreilly']]],
  // Literal text, never a pattern.
  ['match (a+)+$ here', [['(a+)+$', 'regex']]],
  ['aaaa', []],
  ['obj.__proto__ and constructor', [['__proto__', 'regex'], ['constructor', 'regex']]],
  ['toString hasOwnProperty', []],
  // Longest and leftmost.
  ['a Russian military base near Minsk', [['Russian military base', 'russian-military-base'], ['Minsk', 'minsk']]],
  ['a military base in Russia', [['military base', 'military-base'], ['Russia', 'russia']]],
  ['Russian military', []],
  ['the United States and United', [['United States', 'us']]],
  ['Vladimir Makei and Makei', [['Vladimir Makei', 'makei'], ['Makei', 'makei']]],
  // needsContext.
  ['West is coming', []],
  ['West is coming', [['West', 'west-2017']], ['west-2017']],
  ['West is coming', [], ['minsk']],
  ['West-2017 ended; West was big', [['West-2017', 'west-2017'], ['West', 'west-2017']]],
  ['West was big; West-2017 ended', [['West', 'west-2017'], ['West-2017', 'west-2017']]],
  ['the base is near', []],
  ['the base near the Russian military base', [['base', 'russian-military-base'], ['Russian military base', 'russian-military-base']]],
  ['the database near the Russian military base', [['Russian military base', 'russian-military-base']]],
  ['the Minister met Makei', [['the Minister', 'makei'], ['Makei', 'makei']]],
  ['The Minister', []],
  ['Zapad began. Zapad-2017.', [['Zapad', 'west-2017'], ['Zapad-2017', 'west-2017']]],
  // Russian/Belarusian inflection.
  ['встреча Макея и Макею с Макеем о Макее', [['Макея', 'makei'], ['Макею', 'makei'], ['Макеем', 'makei'], ['Макее', 'makei']]],
  ['Сурикова, Сурикову, Суриковым, Сурикове', [['Сурикова', 'surikov'], ['Сурикову', 'surikov'], ['Суриковым', 'surikov'], ['Сурикове', 'surikov']]],
  ['в Минске, из Минска, над Минском', [['Минске', 'minsk'], ['Минска', 'minsk'], ['Минском', 'minsk']]],
  ['у Мінску і з Мінска', [['Мінску', 'minsk'], ['Мінска', 'minsk']]],
  ['из Москвы в Москву', [['Москвы', 'moscow'], ['Москву', 'moscow']]],
  ['Москвою и Москвой', [['Москвою', 'moscow'], ['Москвой', 'moscow']]],
  ['России и Россией', [['России', 'russia'], ['Россией', 'russia']]],
  ['Беларуси, Беларусью, Беларусі', [['Беларуси', 'belarus'], ['Беларусью', 'belarus'], ['Беларусі', 'belarus']]],
  ['из Польши в Польшу', [['Польши', 'poland'], ['Польшу', 'poland']]],
  ['Союзного государства', [['Союзного государства', 'union-state']]],
  ['Союзному   государству', [['Союзному   государству', 'union-state']]],
  ['Александра Лукашенко', [['Александра Лукашенко', 'lukashenko']]],
  ['Лукашенки', []],
  ['Макейка', []],
  ['МАКЕЯ', [['МАКЕЯ', 'makei']]],
  ['Минске́', [['Минске́', 'minsk']]],
  ['в Москвё (ё = е)', [['Москвё', 'moscow']]],
  ['Москвич', []],
  // Soft hyphen, zero-width characters.
  ['Luka\u00adshenko', [['Luka\u00adshenko', 'lukashenko']]],
  ['Лука\u200bшенко', [['Лука\u200bшенко', 'lukashenko']]],
  ['\u00adLukashenko\u00ad.', [['Lukashenko', 'lukashenko']]],
  ['Minsk\u200dx', []],
  // Surrogate pairs and mixed scripts keep offsets right.
  ['😀Lukashenko😀', [['Lukashenko', 'lukashenko']]],
  ['🇧🇾 Минск 🇷🇺 Moscow', [['Минск', 'minsk'], ['Moscow', 'moscow']]],
  ['𝐀Minsk', [], undefined],
  ['Minsk𝐀', []],
  ['Lukashenko и Лукашенко in Minsk и Минске', [['Lukashenko', 'lukashenko'], ['Лукашенко', 'lukashenko'], ['Minsk', 'minsk'], ['Минске', 'minsk']]],
  ['MinskМинск', []],
  ['\ud800Minsk\udc00 and a lone \udfff', [['Minsk', 'minsk']]],
  // Nothing.
  ['', []],
  ['Nothing to see here at all.', []],
  ['   ', []],
];

function run(text: string, context?: string[]): Array<[string, string]> {
  const found = findMentions(text, index, context ? { context: new Set(context) } : undefined);
  return found.map((m) => [text.slice(m.start, m.end), m.entityId]);
}

describe('findMentions table', () => {
  it('has at least 60 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });
  for (const [text, expected, context] of CASES) {
    it(`${JSON.stringify(text)}${context ? ` with context ${context.join(',')}` : ''}`, () => {
      expect(run(text, context)).toEqual(expected);
      const opts = context ? { context: new Set(context) } : undefined;
      expect(findMentions(text, index, opts)).toEqual(oracleFindMentions(text, index, opts));
    });
  }
});

describe('findMentions details', () => {
  it('reports the catalog alias, not the spelling on the page or the case form', () => {
    const m = findMentions('Макеем и LUKASHENKO и Лукашэнкі', index);
    expect(m.map((x) => x.alias)).toEqual(['Макей', 'Lukashenko', 'Лукашэнка']);
  });

  it('returns sorted, non-overlapping UTF-16 offsets', () => {
    const text = '😀 Alexander Lukashenko 👍🏽 met Vladimir Makei in Minsk (Беларусь) near a Russian military base.';
    const m = findMentions(text, index);
    expect(m.map((x) => x.entityId)).toEqual(['lukashenko', 'makei', 'minsk', 'belarus', 'russian-military-base']);
    for (let i = 1; i < m.length; i++) expect(m[i]!.start).toBeGreaterThanOrEqual(m[i - 1]!.end);
    expect(text.slice(m[0]!.start, m[0]!.end)).toBe('Alexander Lukashenko');
  });

  it('is stable across calls (shared scratch buffers are reset)', () => {
    const long = 'Minsk '.repeat(5000) + 'Lukashenko';
    expect(findMentions(long, index)).toHaveLength(5001);
    expect(findMentions('Makei', index)).toEqual([{ start: 0, end: 5, entityId: 'makei', alias: 'Makei' }]);
  });

  it('accepts an empty index', () => {
    expect(findMentions('Minsk', buildIndex([]))).toEqual([]);
  });
});

describe('buildIndex checks', () => {
  const person = (id: string, ...texts: string[]): IndexEntity => ({ id, type: 'person', name: id, aliases: texts.map((text) => ({ text })) });

  it('throws on an alias shared by two entities, naming both and the alias', () => {
    expect(() => buildIndex([person('a', 'Minsk'), person('b', 'minsk')])).toThrow(/"a".*"b"|"b".*"a"/);
    expect(() => buildIndex([person('a', 'Minsk'), person('b', 'Minsk')])).toThrow(/Minsk/);
    expect(() => buildIndex([person('a', 'West-2017'), person('b', 'West 2017')])).toThrow(/West/);
    expect(() => buildIndex([person('a', 'Łódź'), person('b', 'Lodz')])).toThrow(/two entities/);
  });

  it('lets two case-sensitive aliases that differ in case coexist', () => {
    const ix = buildIndex([
      { id: 'a', type: 'organization', name: 'a', aliases: [{ text: 'CSTO' }] },
      { id: 'b', type: 'organization', name: 'b', aliases: [{ text: 'Csto', caseSensitive: true }] },
    ]);
    expect(findMentions('CSTO Csto csto', ix).map((m) => m.entityId)).toEqual(['a', 'b']);
  });

  it('still throws when a case-insensitive alias would also match a case-sensitive one', () => {
    expect(() =>
      buildIndex([
        { id: 'a', type: 'organization', name: 'a', aliases: [{ text: 'CSTO' }] },
        { id: 'b', type: 'organization', name: 'b', aliases: [{ text: 'Csto' }] },
      ]),
    ).toThrow(/"a".*"b"/);
  });

  it('dedupes the same alias twice on one entity', () => {
    const ix = buildIndex([person('a', 'Minsk', 'Minsk', 'MINSK city', 'minsk')]);
    expect(aliasCount(ix)).toBe(2);
    expect(findMentions('Minsk', ix)).toEqual([{ start: 0, end: 5, entityId: 'a', alias: 'Minsk' }]);
  });

  it('rejects empty, blank, overlong and letterless aliases, naming entity and alias', () => {
    expect(() => buildIndex([person('e1', '')])).toThrow(/"e1".*empty|empty.*"e1"/);
    expect(() => buildIndex([person('e2', '   \n')])).toThrow(/e2/);
    expect(() => buildIndex([person('e3', 'x'.repeat(201))])).toThrow(/e3.*200|200.*e3/s);
    expect(() => buildIndex([person('e4', '!!!')])).toThrow(/"!!!".*e4|e4.*"!!!"/);
    expect(() => buildIndex([person('e5', '\u00ad')])).toThrow(/e5/);
    expect(() => buildIndex([person('e6', 'x'.repeat(200))])).not.toThrow();
  });

  it('rejects duplicate entity ids', () => {
    expect(() => buildIndex([person('a', 'One'), person('a', 'Two')])).toThrow(/"a"/);
  });

  it('lets a catalog alias win over another entity’s generated case form', () => {
    const ix = buildIndex([
      { id: 'minsk', type: 'place', name: 'Minsk', aliases: [{ text: 'Минск', inflect: 'ru' }] },
      { id: 'minska', type: 'person', name: 'Minska', aliases: [{ text: 'Минска' }] },
    ]);
    expect(findMentions('Минска Минске', ix).map((m) => m.entityId)).toEqual(['minska', 'minsk']);
  });

  it('drops a generated form that two entities share', () => {
    const ix = buildIndex([
      { id: 'a', type: 'person', name: 'a', aliases: [{ text: 'Орлов', inflect: 'ru' }] },
      { id: 'b', type: 'person', name: 'b', aliases: [{ text: 'Орлова', inflect: 'ru' }] },
    ]);
    // "Орлову" is a case form of both names; "Орлова" stays b's catalog alias.
    expect(findMentions('Орлову Орлова Орловым Орловой', ix).map((m) => m.entityId)).toEqual(['b', 'a', 'b']);
  });

  it('derives case sensitivity from all-caps aliases, and lets the catalog override it', () => {
    const forms = compiledForms(index);
    const cs = (t: string): boolean | undefined => forms.find((f) => f.form === t)?.caseSensitive;
    expect(cs('CSTO')).toBe(true);
    expect(cs('ОДКБ')).toBe(true);
    expect(cs('U.S.')).toBe(true);
    expect(cs('Lukashenko')).toBe(false);
    expect(cs('U.S. armored division')).toBe(false);
    const ix = buildIndex([{ id: 'x', type: 'organization', name: 'x', aliases: [{ text: 'NATO', caseSensitive: false }, { text: 'Gazprom', caseSensitive: true }] }]);
    expect(findMentions('nato GAZPROM Gazprom', ix).map((m) => m.alias)).toEqual(['NATO', 'Gazprom']);
  });

  it('counts catalog aliases, not generated forms', () => {
    expect(aliasCount(buildIndex([{ id: 'm', type: 'place', name: 'm', aliases: [{ text: 'Минск', inflect: 'ru' }] }]))).toBe(1);
  });
});

describe('foldForSearch', () => {
  it('folds case, diacritics, apostrophes, dashes and spaces', () => {
    expect(foldForSearch('  Łukaszenka’s  ')).toBe("lukaszenka's");
    expect(foldForSearch('West–2017')).toBe('west-2017');
    expect(foldForSearch('Alexander\n Lukashenko')).toBe('alexander lukashenko');
    expect(foldForSearch('Ёлка СТРАССЕ Straße')).toBe('елка страссе strasse');
    expect(foldForSearch('Лука\u00adшенко')).toBe('лукашенко');
    expect(foldForSearch('Макей')).toBe('макей');
  });
});
