// Differential test: random texts built from alias fragments, punctuation and Cyrillic; the fast matcher must agree with the oracle.
import { prng } from '../../test/prng';
import { describe, expect, it } from 'vitest';
import type { IndexEntity } from '../types';
import { buildIndex, findMentions } from './index';
import { oracleFindMentions } from './oracle';


const e = (id: string, aliases: IndexEntity['aliases']): IndexEntity => ({ id, type: 'topic', name: id, aliases });

const CATALOG: IndexEntity[] = [
  e('luk', [{ text: 'Lukashenko' }, { text: 'Alexander Lukashenko' }, { text: 'Лукашенко' }, { text: 'Łukaszenka' }]),
  e('makei', [{ text: 'Макей', inflect: 'ru' }, { text: 'Makei' }, { text: 'the Minister', needsContext: true }]),
  e('csto', [{ text: 'CSTO' }, { text: 'ОДКБ' }]),
  e('west', [{ text: 'West-2017' }, { text: 'West', needsContext: true }, { text: 'Запад-2017' }]),
  e('rmb', [{ text: 'Russian military base' }, { text: 'base', needsContext: true }]),
  e('mb', [{ text: 'military base' }]),
  e('russia', [{ text: 'Russia' }, { text: 'Россия', inflect: 'ru' }]),
  e('minsk', [{ text: 'Minsk' }, { text: 'Минск', inflect: 'ru' }]),
  e('moscow', [{ text: 'Москва', inflect: 'ru' }]),
  e('us', [{ text: 'U.S.' }, { text: 'U.S. armored division' }]),
  e('ny', [{ text: 'New York' }, { text: 'York', needsContext: true }]),
  e('nyt', [{ text: 'New York Times' }, { text: 'Times', needsContext: true }]),
  e('ab', [{ text: 'A.B' }, { text: 'x--y' }, { text: '(a+)+$' }, { text: 'C++' }, { text: '#tag' }]),
  e('quote', [{ text: '"Quoted"' }, { text: "O'Reilly" }]),
  e('cs', [{ text: 'Gazprom', caseSensitive: true }, { text: 'GAZ' }]),
  e('us2', [{ text: 'US' }]),
  e('union', [{ text: 'Союзное государство', inflect: 'ru' }]),
  e('cafe', [{ text: 'café' }, { text: 'Straße' }]),
];

const WORDS = [
  'the', 'a', 'of', 'database', 'Minsker', 'said', 'military', 'Russian', 'New', 'York', 'Times', 'base', 'West', '2017',
  'United', 'в', 'и', 'Минскер', 'сказал', 'государство', 'Союзное', 'A', 'B', 'x', 'y', 'a', 'US', 'us', 'Us', 'U', 'S',
  'Gazprom', 'GAZPROM', 'gaz', 'Quoted', 'Times', 'cafe', 'strasse', 'STRASSE',
];
const SEPS = [
  ' ', ' ', ' ', ' ', '  ', '\n', '\u00a0', '\u2009', '\t', '-', '–', '—', ' - ', '--', '.', '. ', ', ', '(', ')', ' (', ') ',
  "'", '’', 'ʼ', '"', '“', '”', '!', '?', ':', ';', '/', '+', '$', '#', '', '', '\u00ad', '\u200b', '😀', ' 😀 ', '𝐀', '\u0301',
];

function mangleCase(s: string, r: () => number): string {
  const x = r();
  if (x < 0.6) return s;
  if (x < 0.75) return s.toUpperCase();
  if (x < 0.9) return s.toLowerCase();
  return [...s].map((ch) => (r() < 0.5 ? ch.toUpperCase() : ch.toLowerCase())).join('');
}

/** A variant of an alias as a page may spell it: other separators, case, ё/ł/soft hyphens, case endings. */
function variant(alias: string, r: () => number): string {
  let s = mangleCase(alias, r);
  if (r() < 0.3) s = s.replace(/[ -]/g, () => SEPS[Math.floor(r() * 14)]!);
  if (r() < 0.1) s = s.replace(/е/, 'ё').replace(/L/, 'Ł').replace(/a/, 'á');
  if (r() < 0.1) s = s.slice(0, Math.max(1, Math.floor(s.length / 2))) + '\u00ad' + s.slice(Math.max(1, Math.floor(s.length / 2)));
  if (r() < 0.15) s += ['а', 'у', 'ом', 'е', 'ы', 'ой', 'я', 'ю', 'ем', 'ого', 'er', "'s"][Math.floor(r() * 12)]!;
  return s;
}

const ALIASES = CATALOG.flatMap((x) => x.aliases.map((a) => a.text));

function randomText(r: () => number): string {
  const n = 1 + Math.floor(r() * 14);
  let out = '';
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.45) out += variant(ALIASES[Math.floor(r() * ALIASES.length)]!, r);
    else out += mangleCase(WORDS[Math.floor(r() * WORDS.length)]!, r);
    out += SEPS[Math.floor(r() * SEPS.length)]!;
  }
  return out;
}

describe('fast matcher = oracle', () => {
  const index = buildIndex(CATALOG);
  const ids = CATALOG.map((x) => x.id);

  it('agrees on 600 seeded random texts', () => {
    const r = prng(20240611);
    let withMatches = 0;
    for (let c = 0; c < 600; c++) {
      const text = randomText(r);
      const context = r() < 0.25 ? new Set(ids.filter(() => r() < 0.3)) : undefined;
      const opts = context ? { context } : undefined;
      const fast = findMentions(text, index, opts);
      const slow = oracleFindMentions(text, index, opts);
      if (fast.length > 0) withMatches++;
      expect(fast, `case ${c}: ${JSON.stringify(text)}`).toEqual(slow);
    }
    // The generator must actually produce matches, or the comparison proves little.
    expect(withMatches).toBeGreaterThan(300);
  });

  it('agrees on texts made of a single repeated fragment', () => {
    for (const a of ALIASES) {
      for (const sep of ['', ' ', '-', '.', '\u00ad']) {
        const text = [a, a, a].join(sep);
        expect(findMentions(text, index), JSON.stringify(text)).toEqual(oracleFindMentions(text, index));
      }
    }
  });
});
