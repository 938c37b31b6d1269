// Tests of the character folding primitives: classes, letter folding (agreeing with the RegExp `i` flag), separators.
import { describe, expect, it } from 'vitest';
import {
  CLS_DASH,
  CLS_IGNORE,
  CLS_MARK,
  CLS_SEP,
  CLS_SPACE,
  CLS_WORD,
  canonSep,
  cpClass,
  foldCp,
  foldWord,
  isGapSep,
  isWordClass,
  keepCaseFoldCp,
  keepCaseKey,
} from './normalize';

const cls = (ch: string): number => cpClass(ch.codePointAt(0)!);
const fold = (s: string): string => foldWord(s, 0, s.length, false);

describe('classes', () => {
  it('classifies letters, digits, marks, ignorables, spaces, dashes', () => {
    expect(['a', 'Ж', 'ł', '7', '٣', '中', '𝐀'].map(cls)).toEqual(Array(7).fill(CLS_WORD));
    expect(cls('\u0301')).toBe(CLS_MARK);
    expect(['\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'].map(cls)).toEqual(Array(6).fill(CLS_IGNORE));
    expect([' ', '\n', '\t', '\u00a0', '\u2009', '\u202f', '\u3000'].map(cls)).toEqual(Array(7).fill(CLS_SPACE));
    expect(['-', '‐', '‑', '‒', '–', '—', '―', '−'].map(cls)).toEqual(Array(8).fill(CLS_DASH));
    expect(["'", '’', 'ʼ', '.', '_', '😀', '(', '«'].map(cls)).toEqual(Array(8).fill(CLS_SEP));
  });
});

describe('letter folding', () => {
  it('folds case, diacritics and special letters', () => {
    expect(fold('Łukaszenka')).toBe('lukaszenka');
    expect(fold('LUKASZENKA')).toBe('lukaszenka');
    expect(fold('Straße')).toBe('strasse');
    expect(fold('Øresund')).toBe('oresund');
    expect(fold('Đorđe')).toBe('dorde');
    expect(fold('Ærø')).toBe('aero');
    expect(fold('café')).toBe('cafe');
    expect(fold('cafe\u0301')).toBe('cafe');
    expect(fold('ΣΟΦΙΑΣ')).toBe(fold('σοφιας'));
    expect(fold('σοφιας')).toBe(fold('σοφιαΣ'));
  });

  it('keeps Cyrillic letters whole except ё', () => {
    expect(fold('Ёлка')).toBe('елка');
    expect(fold('Макей')).toBe('макей');
    expect(fold('Макеи')).not.toBe(fold('Макей'));
    expect(fold('Ўладзімір')).toBe('ўладзімір');
    expect(fold('Лукашэнка')).not.toBe(fold('Лукашенка'));
  });

  it('drops ignorables and keeps a mark that opens a word', () => {
    expect(fold('Лука\u00adшенко')).toBe('лукашенко');
    expect(fold('\u0301Minsk')).toBe('\u0301minsk');
  });

  it('agrees with the RegExp i flag and is idempotent for every BMP letter', () => {
    const esc = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    const bad: string[] = [];
    for (let cp = 0; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const k = cpClass(cp);
      if (k !== CLS_WORD) continue;
      const kept = keepCaseFoldCp(cp);
      const f = foldCp(cp);
      if (kept === '' || ![...kept].every((c) => isWordClass(cpClass(c.codePointAt(0)!)))) bad.push(`${cp.toString(16)} keeps ${kept}`);
      if (!new RegExp(`^${esc(f)}$`, 'iu').test(kept)) bad.push(`${cp.toString(16)} i-flag`);
      if ([...f].map((c) => foldCp(c.codePointAt(0)!)).join('') !== f) bad.push(`${cp.toString(16)} not idempotent`);
    }
    expect(bad).toEqual([]);
  });
});

describe('separators', () => {
  const canon = (s: string): string => canonSep(s, 0, s.length, false);
  it('collapses whitespace and folds dashes, apostrophes, quotes', () => {
    expect(canon(' \n\t\u00a0 ')).toBe(' ');
    expect(canon('–')).toBe('-');
    expect(canon(' — ')).toBe(' - ');
    expect(canon('’')).toBe("'");
    expect(canon('“')).toBe('"');
    expect(canon('.\u00ad.')).toBe('..');
  });
  it('knows which separators are interchangeable', () => {
    for (const s of [' ', '-', ' -', '- ', ' - ']) expect(isGapSep(s)).toBe(true);
    for (const s of ['', '--', '.', ' . ', "'", '- -']) expect(isGapSep(s)).toBe(false);
  });
  it('builds case-kept keys with interchangeable separators as one space', () => {
    const key = (s: string): string => keepCaseKey(s, 0, s.length);
    expect(key('West–2017')).toBe('West 2017');
    expect(key('U.S.')).toBe('U.S.');
    expect(key('Łódź\n  City')).toBe('Lodz City');
    expect(key('(CSTO)')).toBe('(CSTO)');
  });
});
