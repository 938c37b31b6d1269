// Prebuilt index tests: serialize/load round trips match buildIndex exactly, extendIndex equals a full rebuild, bad or stale input throws clearly.
import { pick, prng } from '../../test/prng';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { IndexBundle, IndexEntity } from '../types';
import {
  aliasCount,
  buildIndex,
  extendIndex,
  findMentions,
  foldForSearch,
  hasCurrentCaseForms,
  inflectRu,
  loadIndex,
  serializeIndex,
  tryExtendIndex,
  type MatchIndex,
  type SerializedIndex,
} from './index';
import { compiledForms } from './matcher';
import { oracleFindMentions } from './oracle';

const BUNDLE = fileURLToPath(new URL('../../generated/dataset/index.json', import.meta.url));
const ARTICLES = fileURLToPath(new URL('../dataset/articles/', import.meta.url));

function seedCatalog(): IndexEntity[] {
  // Missing is a failure, not a skip (as in catalog.test.ts).
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run dataset:build first (npx tsx scripts/dataset.ts build)`);
  return (JSON.parse(readFileSync(BUNDLE, 'utf8')) as IndexBundle).entities;
}


/** Through JSON and back, as the index travels from the build into the content script. */
const viaJson = (s: SerializedIndex): SerializedIndex => JSON.parse(JSON.stringify(s)) as SerializedIndex;
const roundTrip = (ix: MatchIndex): MatchIndex => loadIndex(viaJson(serializeIndex(ix)));

// ---------------------------------------------------------------------------------------------------------------
// Catalogs and texts

const LATIN = ['ka', 'ro', 'vin', 'del', 'mar', 'sko', 'len', 'tor', 'bel', 'dan', 'mir', 'gor', 'lav', 'zen', 'pol', 'rus', 'tan', 'vel'];
const CYR = ['ка', 'ро', 'вин', 'дел', 'мар', 'ско', 'лен', 'тор', 'бел', 'дан', 'мир', 'гор', 'лав', 'зен', 'пол', 'рус'];
const CYR_END = ['ов', 'ев', 'ин', 'ский', 'енко', 'ова', 'ская', 'ич'];
const FIRST = ['Anna', 'Boris', 'Elena', 'Pavel', 'Александр', 'Мария', 'Пётр', 'Łukasz', 'Søren', 'José'];
const ORG = ['National', 'Council', 'Agency', 'Union', 'Front', 'Bank', 'Guard', 'Energy', 'совет', 'союз', 'банк', 'фонд'];

/**
 * `target` aliases over persons (Latin, Cyrillic with inflect 'ru'), organisations with acronyms, places, punctuated
 * aliases (U.S.-style, "#tag", "C++"-style) and needsContext ones; `prefix` keeps two catalogs apart.
 */
function syntheticCatalog(target: number, seed: number, idPrefix: string, taken = new Set<string>()): IndexEntity[] {
  const r = prng(seed);
  const out: IndexEntity[] = [];
  let total = 0;
  const word = (syl: readonly string[], n: number): string => Array.from({ length: n }, () => pick(r, syl)).join('');
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  for (let id = 0; total < target; id++) {
    const aliases: IndexEntity['aliases'] = [];
    const add = (text: string, extra: Omit<IndexEntity['aliases'][number], 'text'> = {}): void => {
      // Keys that fold dashes and spaces alike, so two aliases never land on one trie node by accident.
      const key = foldForSearch(text).replace(/[\s-]+/g, ' ');
      if (taken.has(key) || total >= target) return;
      taken.add(key);
      aliases.push({ text, ...extra });
      total++;
    };
    const kind = r();
    let type: IndexEntity['type'] = 'place';
    if (kind < 0.4) {
      type = 'person';
      const cyr = r() < 0.4;
      const last = cyr ? cap(word(CYR, 2)) + pick(r, CYR_END) : cap(word(LATIN, 3));
      add(`${pick(r, FIRST)} ${last}`, cyr ? { inflect: 'ru' } : {});
      add(last, cyr ? { inflect: 'ru', ...(r() < 0.2 ? { needsContext: true } : {}) } : {});
    } else if (kind < 0.75) {
      type = 'organization';
      const n = 2 + Math.floor(r() * 2);
      const name = [...Array.from({ length: n - 1 }, () => pick(r, ORG)), cap(word(LATIN, 3))].join(r() < 0.1 ? '-' : ' ');
      add(name);
      add(name.split(/[\s-]/).map((w) => w.charAt(0).toUpperCase()).join('') + word(LATIN, 1).toUpperCase());
      if (r() < 0.2) add(`${cap(word(LATIN, 2))} ${pick(r, ORG).toLowerCase()}`, { needsContext: true });
    } else if (kind < 0.9) {
      add(cap(word(CYR, 3)), { inflect: 'ru' });
      if (r() < 0.5) add(`${cap(word(LATIN, 2))}burg`);
    } else {
      type = 'topic';
      const w = word(LATIN, 2);
      const shape = r();
      if (shape < 0.3) add(`${w.charAt(0).toUpperCase()}.${w.charAt(1).toUpperCase()}.${w.charAt(2).toUpperCase()}.`);
      else if (shape < 0.55) add(`#${w}`);
      else if (shape < 0.8) add(`${cap(w)}++`);
      else add(`${cap(w)}’s ${word(LATIN, 2)}`, { caseSensitive: true });
    }
    if (aliases.length > 0) out.push({ id: `${idPrefix}${id}`, type, name: aliases[0]!.text, aliases });
  }
  return out;
}

const FILLER = 'the of and to in said minister army border week report statement security agreement city и в не на что заявил министр армия границы'.split(' ');
const SEPS = [' ', ' ', ' ', ', ', '. ', ' — ', ' (', ') ', '’s ', ' «', '» ', '\n', '\u00a0', '-'];

/** About `bytes` of text mentioning the catalogs' aliases in the forms pages use: case forms, other case, separators. */
function makeText(catalogs: IndexEntity[][], bytes: number, seed: number): string {
  const r = prng(seed);
  const mentions: string[] = [];
  for (const cat of catalogs) {
    for (const e of cat) {
      for (const a of e.aliases) {
        mentions.push(a.text);
        if (a.inflect === 'ru') mentions.push(pick(r, inflectRu(a.text.trim(), { person: e.type === 'person' })));
      }
    }
  }
  const parts: string[] = [];
  let len = 0;
  while (len < bytes) {
    let w = r() < 0.3 ? pick(r, mentions) : pick(r, FILLER);
    const x = r();
    if (x < 0.05) w = w.toUpperCase();
    else if (x < 0.1) w = w.toLowerCase();
    else if (x < 0.13) w = w.replace(/ /g, '-');
    const piece = w + pick(r, SEPS);
    parts.push(piece);
    len += piece.length;
  }
  return parts.join('');
}

/** Mentions with no context, with the whole catalog as context (every needsContext alias counts), and per paragraph. */
function results(ix: MatchIndex, text: string, ids: readonly string[]): unknown {
  const all = new Set(ids);
  return [findMentions(text, ix), findMentions(text, ix, { context: all }), text.split('\n').map((p) => findMentions(p, ix))];
}

const ids = (cat: readonly IndexEntity[]): string[] => cat.map((e) => e.id);
const articleTexts = (): string[] => readdirSync(ARTICLES).map((f) => readFileSync(`${ARTICLES}${f}`, 'utf8'));

/** The catalog's own aliases and their case forms, one per line, as a text every alias matches in. */
function aliasText(cat: readonly IndexEntity[]): string {
  return cat
    .flatMap((e) => e.aliases.flatMap((a) => (a.inflect === 'ru' ? inflectRu(a.text.trim(), { person: e.type === 'person' }) : [a.text])))
    .map((t) => `Reports: ${t}.`)
    .join('\n');
}

/** What compiledForms says, without `order` (tryExtendIndex keeps left-out entries, so later orders shift). */
const forms = (ix: MatchIndex): unknown => compiledForms(ix).map(({ order: _order, ...f }) => f);

// ---------------------------------------------------------------------------------------------------------------

describe('serializeIndex / loadIndex', () => {
  const seed = seedCatalog();
  const seedIx = buildIndex(seed);

  it('round-trips the seed catalog: same mentions, forms, alias count, and the same serialization again', () => {
    const s = serializeIndex(seedIx);
    expect(hasCurrentCaseForms(s)).toBe(true);
    const loaded = loadIndex(viaJson(s));
    expect(aliasCount(loaded)).toBe(aliasCount(seedIx));
    for (const text of [...articleTexts(), aliasText(seed), makeText([seed], 60_000, 1)]) {
      expect(results(loaded, text, ids(seed))).toEqual(results(seedIx, text, ids(seed)));
    }
    expect(compiledForms(loaded)).toEqual(compiledForms(seedIx));
    expect(serializeIndex(loaded)).toEqual(s);
    // The oracle reads a loaded index like a built one.
    const sample = aliasText(seed).slice(0, 4000);
    expect(findMentions(sample, loaded)).toEqual(oracleFindMentions(sample, loaded));
  });

  it('round-trips a synthetic 10,000-alias catalog on ~300 KB of text, in both encodings and both layouts', () => {
    const cat = syntheticCatalog(10_000, 7, 'syn-');
    const ix = buildIndex(cat);
    expect(aliasCount(ix)).toBe(10_000);
    const text = makeText([cat, seed], 300_000, 2);
    const want = results(ix, text, ids(cat));
    expect(serializeIndex(ix).edgeHash).toBeDefined(); // 'auto' picks the fast layout for a catalog this size
    for (const encoding of ['base64', 'numbers'] as const) {
      for (const layout of ['fast', 'compact'] as const) {
        const s = serializeIndex(ix, { encoding, layout });
        const loaded = loadIndex(viaJson(s));
        expect(results(loaded, text, ids(cat))).toEqual(want);
        expect(serializeIndex(loaded, { encoding, layout })).toEqual(s);
      }
    }
    expect((want as unknown[][])[0]!.length).toBeGreaterThan(3000);
  }, 60_000);

  it('round-trips the seed catalog in the fast layout too', () => {
    const s = serializeIndex(seedIx, { layout: 'fast' });
    expect(typeof serializeIndex(seedIx).words).toBe('string'); // 'auto' keeps a catalog this small compact
    const loaded = loadIndex(viaJson(s));
    const text = aliasText(seed);
    expect(results(loaded, text, ids(seed))).toEqual(results(seedIx, text, ids(seed)));
    expect(serializeIndex(loaded, { layout: 'fast' })).toEqual(s);
  });

  it('keeps tricky aliases intact: punctuation at the ends, case-sensitive keys, astral letters, a lone surrogate', () => {
    const cat: IndexEntity[] = [
      { id: 'us', type: 'place', name: 'U.S.', aliases: [{ text: 'U.S.' }, { text: 'U.S. armored division' }, { text: '  padded  ' }] },
      { id: 'tag', type: 'topic', name: '#tag', aliases: [{ text: '#tag' }, { text: 'C++' }, { text: '(a+)+$' }, { text: '"Quoted"' }] },
      { id: 'cs', type: 'organization', name: 'Gazprom', aliases: [{ text: 'Gazprom', caseSensitive: true }, { text: 'GAZ' }, { text: 'Łódź’s Straße', caseSensitive: true }] },
      { id: 'astral', type: 'topic', name: '𝐀𝐁', aliases: [{ text: '𝐀𝐁 project' }, { text: 'x\ud800y' }, { text: '__proto__' }] },
      { id: 'ru', type: 'person', name: 'Макей', aliases: [{ text: 'Макей', inflect: 'ru' }, { text: 'Газпрома', caseSensitive: true, inflect: 'ru' }] },
      { id: 'empty', type: 'topic', name: 'nothing', aliases: [] },
    ];
    const ix = buildIndex(cat);
    const loaded = roundTrip(ix);
    const text = 'U.S. and U.S. armored division, #tag C++ (a+)+$ "Quoted" Gazprom GAZPROM GAZ gaz Lodz’s Straße ŁÓDŹ’S STRASSE 𝐀𝐁 project x\ud800y __proto__ Макея Газпромом газпрома padded';
    expect(findMentions(text, loaded)).toEqual(findMentions(text, ix));
    expect(findMentions(text, loaded).length).toBeGreaterThan(10);
    expect(compiledForms(loaded)).toEqual(compiledForms(ix));
    expect(serializeIndex(loaded)).toEqual(serializeIndex(ix));
  });

  it('decodes base64 with whichever decoder the engine has: Uint8Array.fromBase64, Buffer, atob', () => {
    const s = viaJson(serializeIndex(seedIx, { layout: 'fast' }));
    const text = aliasText(seed);
    const want = findMentions(text, seedIx);
    const g = globalThis as { Buffer?: unknown };
    const u8 = Uint8Array as unknown as { fromBase64?: (b64: string) => Uint8Array };
    const buffer = g.Buffer;
    try {
      u8.fromBase64 = (b64) => new Uint8Array(Buffer.from(b64, 'base64'));
      expect(findMentions(text, loadIndex(s))).toEqual(want);
      delete u8.fromBase64;
      g.Buffer = undefined; // the atob path, as in Firefox ESR 128
      expect(findMentions(text, loadIndex(s))).toEqual(want);
      expect(() => loadIndex({ ...s, edgeLen: { w: 1, b64: '!!!!' } })).toThrow('"edgeLen" is not valid base64');
    } finally {
      g.Buffer = buffer;
      delete u8.fromBase64;
    }
  });

  it('round-trips an empty index', () => {
    const loaded = roundTrip(buildIndex([]));
    expect(findMentions('anything', loaded)).toEqual([]);
    expect(aliasCount(loaded)).toBe(0);
  });
});

describe('extendIndex', () => {
  const seed = seedCatalog();
  const base = roundTrip(buildIndex(seed));

  /** Personal entities that reach into the bundled trie in every way the collision rules care about. */
  const tricky: IndexEntity[] = [
    // Shares the first word of a bundled alias and continues it (a new edge under a bundled node).
    { id: 'user:times', type: 'organization', name: 'Minsk Times', aliases: [{ text: 'Minsk Times' }, { text: 'Times', needsContext: true }] },
    // Ends where a bundled case form ends: the catalog alias wins, the bundled form is dropped.
    { id: 'user:minska', type: 'person', name: 'Минска', aliases: [{ text: 'Минска' }] },
    // Same text as a bundled case-sensitive acronym, other case, both case-sensitive: no clash.
    { id: 'user:csto', type: 'topic', name: 'Csto', aliases: [{ text: 'Csto', caseSensitive: true }] },
    // A new name whose case forms meet a bundled name's case forms: those forms are dropped for both.
    { id: 'user:orlov', type: 'person', name: 'Орлов', aliases: [{ text: 'Орлов', inflect: 'ru' }, { text: 'Orlov' }] },
    { id: 'user:orlova', type: 'person', name: 'Орлова', aliases: [{ text: 'Орлова', inflect: 'ru' }] },
    // Its case forms include a bundled catalog alias (Беларуси is not one; Минск is): the generated form is dropped.
    { id: 'user:minsky', type: 'person', name: 'Минский', aliases: [{ text: 'Минский', inflect: 'ru' }, { text: 'Kowalski' }, { text: 'Kowalski' }] },
    { id: 'user:ab', type: 'topic', name: 'A.B', aliases: [{ text: 'A.B.' }, { text: '#minsk' }] },
  ];

  it('equals buildIndex over both catalogs: tricky personal entities on the seed catalog', () => {
    const all = [...seed, ...tricky];
    const full = buildIndex(all);
    const ext = extendIndex(base, tricky);
    const text = [aliasText(all), ...articleTexts(), makeText([seed, tricky], 40_000, 3), 'Минска Минску Орлову Орлова Орловым Minsk Times CSTO Csto csto #minsk A.B. Kowalski'].join('\n');
    expect(results(ext, text, ids(all))).toEqual(results(full, text, ids(all)));
    expect(aliasCount(ext)).toBe(aliasCount(full));
    expect(compiledForms(ext)).toEqual(compiledForms(full));
    expect(serializeIndex(ext)).toEqual(serializeIndex(full));
  });

  it('leaves the base index untouched and reusable (copy-on-write), extends built and extended indexes alike', () => {
    const text = [aliasText(seed), aliasText(tricky)].join('\n');
    const before = results(base, text, ids(seed));
    const serializedBefore = serializeIndex(base);
    const a = extendIndex(base, tricky);
    const other = syntheticCatalog(300, 11, 'user:o', new Set(seed.flatMap((e) => e.aliases.map((x) => foldForSearch(x.text).replace(/[\s-]+/g, ' ')))));
    const b = extendIndex(base, other);
    expect(results(base, text, ids(seed))).toEqual(before);
    expect(serializeIndex(base)).toEqual(serializedBefore);
    expect(results(a, text, ids(seed))).toEqual(results(buildIndex([...seed, ...tricky]), text, ids(seed)));
    const otherText = makeText([other, seed], 30_000, 4);
    expect(results(b, otherText, ids(other))).toEqual(results(buildIndex([...seed, ...other]), otherText, ids(other)));
    // A chain of extensions, and an extension of an index that was built rather than loaded.
    const chained = extendIndex(extendIndex(base, tricky), other);
    const full = buildIndex([...seed, ...tricky, ...other]);
    expect(serializeIndex(chained)).toEqual(serializeIndex(full));
    expect(serializeIndex(extendIndex(buildIndex(seed), tricky))).toEqual(serializeIndex(buildIndex([...seed, ...tricky])));
    expect(extendIndex(base, [])).toBe(base);
  });

  it('equals buildIndex for 1,000 personal entities on a loaded 10,000-alias base', { timeout: 60_000 }, () => {
    const taken = new Set<string>();
    const cat = syntheticCatalog(10_000, 7, 'syn-', taken);
    const personal = syntheticCatalog(3_000, 12, 'user:', taken).slice(0, 1000);
    const loaded = roundTrip(buildIndex(cat));
    const ext = extendIndex(loaded, personal);
    const full = buildIndex([...cat, ...personal]);
    const text = makeText([personal, cat], 200_000, 5);
    expect(results(ext, text, ids(personal))).toEqual(results(full, text, ids(personal)));
    expect(serializeIndex(ext)).toEqual(serializeIndex(full));
  });

  it('throws like buildIndex, naming both entities, when a personal alias can match what a bundled one matches', () => {
    const minsk = (text: string, extra: object = {}): IndexEntity[] => [{ id: 'user:m', type: 'place', name: text, aliases: [{ text: 'Kowalski' }, { text, ...extra }] }];
    expect(() => extendIndex(base, minsk('Минск'))).toThrow('extendIndex: alias "Минск" used by two entities: "minsk" and "user:m"');
    expect(() => extendIndex(base, minsk('МИНСК'))).toThrow('extendIndex: aliases "Минск" and "МИНСК" (the same once folded) used by two entities: "minsk" and "user:m"');
    expect(() => extendIndex(base, [...tricky, { id: 'user:t2', type: 'topic', name: 'x', aliases: [{ text: 'minsk times' }] }])).toThrow('"user:times" and "user:t2"');
    expect(() => extendIndex(base, [{ id: 'minsk', type: 'place', name: 'Minsk', aliases: [{ text: 'Mińsk' }] }])).toThrow('extendIndex: entity id "minsk" is already in the index');
    expect(() => extendIndex(base, [{ id: 'user:e', type: 'place', name: 'e', aliases: [{ text: '  ' }] }])).toThrow('extendIndex: alias "  " of entity "user:e" is empty');
    expect(() => extendIndex(base, [{ id: '', type: 'place', name: 'e', aliases: [] }])).toThrow('extendIndex: entity #0 has no id');
  });

  it('tryExtendIndex leaves out what would throw, reports it, and matches as buildIndex without it', () => {
    const personal: IndexEntity[] = [
      { id: 'user:a', type: 'person', name: 'A', aliases: [{ text: 'Kowalski' }, { text: 'Минск', inflect: 'ru' }, { text: 'Nowak' }] },
      { id: 'user:b', type: 'person', name: 'B', aliases: [{ text: 'kowalski' }, { text: 'Wiśniewski', inflect: 'ru' }, { text: '' }] },
      { id: 'minsk', type: 'place', name: 'dup', aliases: [{ text: 'Zzyzx' }] },
      { id: 'user:c', type: 'place', name: 'C', aliases: [{ text: 'Лукашенко' }, { text: 'Grodnoville' }] },
    ];
    const { index, problems } = tryExtendIndex(base, personal);
    expect(problems).toEqual([
      { entityId: 'user:b', alias: '', message: 'alias "" of entity "user:b" is empty' },
      { entityId: 'minsk', message: 'entity id "minsk" is already in the index' },
      { entityId: 'user:a', alias: 'Минск', conflictsWith: 'minsk', message: 'alias "Минск" used by two entities: "minsk" and "user:a"' },
      { entityId: 'user:b', alias: 'kowalski', conflictsWith: 'user:a', message: 'aliases "Kowalski" and "kowalski" (the same once folded) used by two entities: "user:a" and "user:b"' },
      { entityId: 'user:c', alias: 'Лукашенко', conflictsWith: 'lukashenko', message: 'alias "Лукашенко" used by two entities: "lukashenko" and "user:c"' },
    ]);
    const kept: IndexEntity[] = [
      { id: 'user:a', type: 'person', name: 'A', aliases: [{ text: 'Kowalski' }, { text: 'Nowak' }] },
      { id: 'user:b', type: 'person', name: 'B', aliases: [{ text: 'Wiśniewski', inflect: 'ru' }] },
      { id: 'user:c', type: 'place', name: 'C', aliases: [{ text: 'Grodnoville' }] },
    ];
    const full = buildIndex([...seed, ...kept]);
    const text = `${aliasText([...seed, ...personal])}\nKowalski kowalski Минска Минском Wiśniewski Nowak Zzyzx Лукашенко Grodnoville`;
    expect(results(index, text, ids(seed))).toEqual(results(full, text, ids(seed)));
    expect(forms(index)).toEqual(forms(full));
    expect(aliasCount(index)).toBe(aliasCount(full));
    // What tryExtendIndex built serializes and loads like any index, and extends again.
    const again = roundTrip(index);
    expect(results(again, text, ids(seed))).toEqual(results(full, text, ids(seed)));
    expect(tryExtendIndex(index, [{ id: 'user:d', type: 'topic', name: 'D', aliases: [{ text: 'Nowak' }, { text: 'Dd' }] }]).problems).toEqual([
      { entityId: 'user:d', alias: 'Nowak', conflictsWith: 'user:a', message: 'alias "Nowak" used by two entities: "user:a" and "user:d"' },
    ]);
    expect(tryExtendIndex(base, [])).toEqual({ index: base, problems: [] });
  });
});

describe('loadIndex refuses bad input', () => {
  const seed = seedCatalog();
  const good = serializeIndex(buildIndex(seed));
  const numbers = serializeIndex(buildIndex(seed), { encoding: 'numbers' });
  const withField = (s: SerializedIndex, key: string, value: unknown): SerializedIndex => ({ ...viaJson(s), [key]: value }) as SerializedIndex;
  const load = (s: unknown): MatchIndex => loadIndex(s as SerializedIndex);

  it('says what it expected for something that is not a serialized index', () => {
    for (const x of [null, undefined, 42, 'index', [], {}, { entities: [] }, { ...good, format: 'other' }]) {
      expect(() => load(x)).toThrow('loadIndex: not a serialized match index (expected format "backstory-match-index")');
    }
  });

  it('refuses a stale index loudly: other layout version, other folding/hashing; tells other case forms apart', () => {
    expect(() => load(withField(good, 'version', good.version + 1))).toThrow(/^loadIndex: stale prebuilt index: layout version 2, this matcher reads version 1; rebuild it/);
    expect(() => load(withField(good, 'version', undefined))).toThrow('loadIndex: stale prebuilt index: layout version undefined');
    expect(() => load(withField(good, 'fingerprint', 'x'))).toThrow('loadIndex: stale prebuilt index: it was built by a matcher that folds, tokenizes or hashes differently; rebuild it');
    // The fingerprint covers the characters of the catalog: other characters, other fingerprint.
    expect(() => load(withField(good, 'chars', `${good.chars}ǅ`))).toThrow('stale prebuilt index');
    expect(() => load(withField(good, 'caseChars', `${good.caseChars}ǅ`))).toThrow('stale prebuilt index');
    // Other case forms: still loads (it matches what it holds); hasCurrentCaseForms is what a test of a shipped index asks.
    const otherForms = withField(good, 'inflection', 'x');
    expect(() => loadIndex(otherForms)).not.toThrow();
    expect(hasCurrentCaseForms(otherForms)).toBe(false);
    expect(hasCurrentCaseForms(good)).toBe(true);
    expect(() => load(withField(good, 'inflection', 5))).toThrow('"inflection" is not a string');
  });

  it('names the broken field or item for malformed tables', () => {
    const cases: Array<[string, unknown, string | RegExp]> = [
      ['entityIds', 'x', '"entityIds" is not an array of strings'],
      ['entityIds', [1], '"entityIds"[0] is not a string'],
      ['edges', -1, '"edges" is not a count (-1)'],
      ['edges', good.edges + 1, /"edgeUp" has \d+ bytes, expected/],
      ['edgeUp', { w: 3, b64: '' }, '"edgeUp" is neither a number array nor {w, b64}'],
      ['edgeUp', { w: 2, b64: 'AAA' }, '"edgeUp" is not valid base64'],
      ['edgeUp', { w: 2, b64: 'AAAA' }, /"edgeUp" has 3 bytes, expected \d+ values of 2 bytes/],
      ['edgeUp', [1, 2], /"edgeUp" has 2 values, expected \d+/],
      ['edgeLen', 'AAAA', '"edgeLen" is neither a number array nor {w, b64}'],
      ['words', 5, '"words" is neither a string nor UTF-16 units'],
      ['words', `${good.words}x`, /"words" has \d+ units, the edges use \d+/],
      ['seps', [''], 'loadIndex: separator 0 is empty'],
      ['aliases', good.aliases.slice(1), /"entityAliases" counts \d+ catalog aliases/],
      ['forms', [...good.forms, 'x'], /"aliasForms" counts \d+ generated forms/],
      ['special', {}, '"special" is not an array'],
      ['special', [[1e9, '', '', null]], '"special" names an entry out of range'],
      ['special', [[0, 1, '', null]], '"special" item for entry 0 is malformed'],
      ['special', [['0', '', '', null]], '"special" names an entry out of range'],
      ['chars', null, '"chars" is not a string'],
      ['roots', good.roots + 1, /"roots" is \d+, the edges have \d+/],
      ['edgeHash', { w: 4, b64: '' }, '"edgeHash" has 0 bytes, expected'],
      ['edgeHash', { w: 4, b64: Buffer.alloc(good.edges * 4).toString('base64') }, '"edgeHash" comes only with "words" as UTF-16 units'],
    ];
    for (const [key, value, message] of cases) expect(() => load(withField(good, key, value)), key).toThrow(message);
  });

  it('checks every index into another table: edges, node lists, entity and form counts', () => {
    const n = numbers.edges;
    const up = numbers.edgeUp as number[];
    expect(() => load(withField(numbers, 'edgeUp', up.map((x, e) => (e === n - 1 ? n + 5 : x))))).toThrow(`loadIndex: edge ${n - 1} is malformed`);
    expect(() => load(withField(numbers, 'edgeUp', up.map((x) => (x === 0 ? 1 : x))))).toThrow('loadIndex: edge 0 is malformed');
    expect(() => load(withField(numbers, 'edgeSep', (numbers.edgeSep as number[]).map((x) => (x === 1 ? 99 : x))))).toThrow(/loadIndex: edge \d+ is malformed \(up \d+, separator 99/);
    expect(() => load(withField(numbers, 'edgeLen', (numbers.edgeLen as number[]).map((x, e) => (e === 0 ? 0 : x))))).toThrow('loadIndex: edge 0 is malformed');
    expect(() => load(withField(numbers, 'edgeLen', (numbers.edgeLen as number[]).map((x, e) => (e === 0 ? 1e6 : x))))).toThrow('loadIndex: edge 0 is malformed');
    expect(() => load(withField(numbers, 'edgeUp', up.map((x, e) => (e === 1 ? -1 : x))))).toThrow('"edgeUp"[1] is not a non-negative integer');
    expect(() => load(withField(numbers, 'edgeUp', up.map((x, e) => (e === 1 ? 0.5 : x))))).toThrow('"edgeUp"[1] is not a non-negative integer');
    const flags = numbers.entryFlags as number[];
    const start = numbers.termStart as number[];
    const list = numbers.termList as number[];
    const dropped = numbers.dropped as number[];
    const entries = flags.length;
    const per = numbers.entityAliases as number[];
    expect(() => load(withField(numbers, 'entityAliases', per.map((x, i) => (i === 0 ? x + 1 : x))))).toThrow(/^loadIndex: "entityAliases" counts \d+ catalog aliases, "aliases" holds \d+$/);
    const forms = numbers.aliasForms as number[];
    expect(() => load(withField(numbers, 'aliasForms', forms.map((x, i) => (i === 0 ? x + 1 : x))))).toThrow(/^loadIndex: "aliasForms" counts \d+ generated forms, "forms" holds \d+$/);
    expect(() => load(withField(numbers, 'termStart', start.map((x, k) => (k === 0 ? 1 : x))))).toThrow('"termStart" does not start at 0');
    expect(() => load(withField(numbers, 'termStart', start.map((x, k) => (k === 5 ? 10_000 : x))))).toThrow('"termStart" decreases at node 5');
    expect(() => load(withField(numbers, 'termList', list.map((x, t) => (t === 2 ? entries : x))))).toThrow('"termList"[2] names no entry');
    expect(() => load(withField(numbers, 'termList', list.slice(1)))).toThrow(/"termList" has \d+ values, expected \d+/);
    expect(() => load(withField(numbers, 'dropped', [...dropped, 0, 1]))).toThrow(/"termList" and "dropped" hold \d+ \+ \d+ entries, not \d+/);
    expect(() => load(withField(numbers, 'dropped', [...dropped, 0]))).toThrow(/"termList" and "dropped" hold/);
    if (dropped.length > 0) {
      expect(() => load(withField(numbers, 'dropped', dropped.map((x, d) => (d === 1 ? 1e6 : x))))).toThrow('"dropped" item 0');
      expect(() => load(withField(numbers, 'dropped', dropped.map((x, d) => (d === 0 ? list[0]! : x))))).toThrow('"dropped" item 0');
    }
    expect(() => load(withField(numbers, 'aliasCount', good.aliases.length + 1))).toThrow(/"aliasCount" is \d+, more than the \d+ aliases/);
    expect(() => load(withField(numbers, 'special', [[flags.indexOf(0), '', '', 'KEY']]))).toThrow(/"special" gives a case key to entry \d+, which is not case-sensitive/);
    // What loadIndex does not walk (each entry's flags), entryAt checks when a match first needs the entry.
    const lying = load(withField(numbers, 'entryFlags', flags.map((f) => (f & 1 ? f & ~1 : f))));
    expect(() => findMentions(seed.flatMap((e) => e.aliases.map((a) => a.text)).join(' | '), lying)).toThrow(/^prebuilt index: entry \d+ has flags \d+ that do not fit it$/);
  });

  it('checks the stored word hashes and units of the fast layout', () => {
    const fast = serializeIndex(buildIndex(seed), { layout: 'fast', encoding: 'numbers' });
    expect(() => load(fast)).not.toThrow();
    const hashes = fast.edgeHash as number[];
    expect(() => load(withField(fast, 'edgeHash', hashes.map((h) => h ^ 1)))).toThrow(/^loadIndex: edge \d+ has a wrong word hash$/);
    expect(() => load(withField(fast, 'edgeHash', hashes.map((h) => h + 0.5)))).toThrow('"edgeHash"[0] is not an integer');
    expect(() => load(withField(fast, 'words', (fast.words as number[]).map((u, i) => (i === 0 ? 70000 : u))))).toThrow('"words"[0] is not a UTF-16 unit');
    expect(() => load(withField(fast, 'words', (fast.words as number[]).slice(1)))).toThrow(/^loadIndex: edge \d+ (is malformed|has a wrong word hash)/);
    const fastB64 = serializeIndex(buildIndex(seed), { layout: 'fast' });
    expect(() => load(withField(fastB64, 'edgeHash', { w: 2, b64: 'AAAA' }))).toThrow('"edgeHash" must hold 4-byte values');
    expect(() => load(withField(fastB64, 'words', { w: 2, b64: 'AAAAAA==' }))).toThrow(/^loadIndex: edge \d+ (is malformed|has a wrong word hash)/);
    expect(() => load(withField(fastB64, 'words', { w: 4, b64: 'AAAAAAA=' }))).toThrow('"words" has 5 bytes, not a whole number of 4-byte values');
  });

  it('never fails with anything but its own Error, whatever one field holds', () => {
    const junk: unknown[] = [null, true, 0, -1, 1.5, 2 ** 40, '', 'AAAA', [], [null], [-1], [70000], {}, { w: 4, b64: 'AAAAAA==' }, { w: 2, b64: 'AAAAAA==' }, { w: 1, b64: '!!!!' }];
    const fast = serializeIndex(buildIndex(seed), { layout: 'fast' });
    for (const s of [good, numbers, fast]) {
      for (const key of Object.keys(s)) {
        for (const value of junk) {
          let err: unknown = null;
          try {
            load(withField(s, key, value));
          } catch (e) {
            err = e;
          }
          // Either it still loads (a field such as "seps" may legitimately be empty) or it says what is wrong.
          if (err !== null) expect(String(err), `${key} = ${JSON.stringify(value)}`).toMatch(/^Error: loadIndex: /);
        }
      }
    }
  });
});
