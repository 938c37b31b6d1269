// Text hygiene and the alias key: the key must call two aliases the same exactly when the matcher's buildIndex would.
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../matcher';
import type { IndexEntity } from '../types';
import { aliasKey, cleanLine, cleanMultiline, hasLetterOrDigit, hash53, httpUrl } from './text';

describe('cleanLine / cleanMultiline', () => {
  it('normalises to NFC, drops invisible and control characters, collapses whitespace', () => {
    expect(cleanLine('  Łuka\u00ADszenka\u200B \t\n  Jr\u0007 ')).toBe('Łukaszenka Jr');
    expect(cleanLine('Mi\u0301nsk')).toBe('Mínsk'); // NFC: e + combining acute → one code point
    expect(cleanLine('a\u00A0\u2003b')).toBe('a b');
    expect(cleanLine('bad \uD800 surrogate')).toBe('bad \uFFFD surrogate');
  });

  it('keeps line breaks in notes but not runs of blank lines', () => {
    expect(cleanMultiline(' one \r\n two\n\n\n\nthree\t ')).toBe('one\ntwo\n\nthree');
  });

  it('knows what has a letter or digit', () => {
    expect(hasLetterOrDigit('2017')).toBe(true);
    expect(hasLetterOrDigit('Ж')).toBe(true);
    expect(hasLetterOrDigit('—…!')).toBe(false);
    expect(hasLetterOrDigit('\u02BC')).toBe(false); // an apostrophe to the matcher
  });
});

describe('aliasKey', () => {
  it('folds case, diacritics and whitespace/dash separators like the matcher', () => {
    expect(aliasKey('West-2017')).toBe(aliasKey('west 2017'));
    expect(aliasKey('West – 2017')).toBe(aliasKey('WEST 2017'));
    expect(aliasKey('Mińsk')).toBe(aliasKey('MINSK'));
    expect(aliasKey('Лукашёнко')).toBe(aliasKey('лукашенко'));
    expect(aliasKey('U.S.')).not.toBe(aliasKey('US'));
    expect(aliasKey('U.S.')).not.toBe(aliasKey('U.S'));
    expect(aliasKey('Fort--Trump')).not.toBe(aliasKey('Fort Trump'));
  });

  // Differential test against the matcher itself: with case-insensitive aliases, buildIndex throws for a pair of
  // entities exactly when their keys are equal. If the matcher's folding changes, this fails before users see it.
  it('agrees with buildIndex on which alias pairs clash', () => {
    const pieces = ['minsk', 'Minsk', 'MIŃSK', 'mińsk', 'west', 'West', '2017', 'ł', 'l', 'ё', 'е', 'ß', 'ss', 'ǅ', 'ı', 'i', 'ſ', 'σ', 'ς', 'A1', 'a1'];
    const seps = [' ', '  ', '-', ' - ', ' -- ', '\u00A0', ' – ', '.', '. ', "'", '`', '’', '"', '“', '--', '/', '', ' (', ') ', '&', '+'];
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const make = () => {
      const words = 1 + rnd(3);
      let s = rnd(6) === 0 ? '(' : '';
      for (let w = 0; w < words; w++) {
        if (w > 0) s += seps[rnd(seps.length)];
        s += pieces[rnd(pieces.length)];
      }
      if (rnd(5) === 0) s += seps[rnd(seps.length)]!.trim();
      return s;
    };
    let clashes = 0;
    for (let i = 0; i < 6000; i++) {
      const a = make();
      const b = rnd(3) === 0 ? a.toUpperCase().replace(/-/g, ' ') : make();
      const entities: IndexEntity[] = [
        { id: 'a', type: 'topic', name: 'a', aliases: [{ text: a, caseSensitive: false }] },
        { id: 'b', type: 'topic', name: 'b', aliases: [{ text: b, caseSensitive: false }] },
      ];
      let threw = false;
      try {
        buildIndex(entities);
      } catch (err) {
        if (!String(err).includes('used by two entities')) throw err;
        threw = true;
      }
      if (threw) clashes++;
      expect({ a, b, same: aliasKey(a) === aliasKey(b) }).toEqual({ a, b, same: threw });
    }
    expect(clashes).toBeGreaterThan(100);
  });
});

describe('httpUrl / hash53', () => {
  it('accepts only http(s) addresses', () => {
    expect(httpUrl('https://news.test/a?b=1#c')).toBe('https://news.test/a?b=1#c');
    expect(httpUrl('javascript:alert(1)')).toBeNull();
    expect(httpUrl('data:text/html,x')).toBeNull();
    expect(httpUrl('moz-extension://x/y')).toBeNull();
    expect(httpUrl('not a url')).toBeNull();
    expect(httpUrl(`https://x.test/${'a'.repeat(3000)}`)).toBeNull();
    expect(httpUrl(42)).toBeNull();
  });

  it('hashes stably to short base36', () => {
    expect(hash53('abc')).toBe(hash53('abc'));
    expect(hash53('abc')).not.toBe(hash53('abd'));
    expect(hash53('x'.repeat(10_000))).toMatch(/^[a-z0-9]{1,11}$/);
  });
});
