// Character folding shared by the matcher, its oracle and the popup search: word/separator classes, letter folding, separator canonical forms.

/*
 * Classes of a code point. A "word" is a maximal run of \p{L}\p{N}\p{M} (marks belong to the word they sit on);
 * ignorables (soft hyphen, zero-width space/joiners, word joiner, BOM) are treated as absent everywhere, so a soft
 * hyphen inside "Лука\u00ADшенко" does not split the word. U+02BC (ʼ) is a letter to Unicode but is typed as an
 * apostrophe in practice, so it is a separator here, like ' and ’.
 */
export const CLS_SEP = 0;
export const CLS_WORD = 1;
export const CLS_MARK = 2;
export const CLS_IGNORE = 3;
export const CLS_SPACE = 4;
export const CLS_DASH = 5;
/** A high surrogate: the class depends on the code point it starts (see cpClass). */
export const CLS_HIGH = 6;

const UNKNOWN = 255;
/** Per UTF-16 code unit, filled lazily: running 65,536 regex tests up front would cost the content script ~20 ms at start. */
export const UNIT_CLASS = new Uint8Array(65536).fill(UNKNOWN);
const astralClass = new Map<number, number>();

const DASHES = [0x2d, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe58, 0xfe63, 0xff0d];
const APOSTROPHES = [0x27, 0x2019, 0x2bc, 0x2018, 0x60, 0x201b, 0x2032, 0xff07];
const QUOTES = [0x22, 0x201c, 0x201d, 0x201e, 0x201f, 0x2033, 0xff02];

const RE_MARK = /^\p{M}$/u;
const RE_WORD = /^[\p{L}\p{N}]$/u;
const RE_SPACE = /^\s$/u;

export function isIgnorable(cp: number): boolean {
  return cp === 0xad || (cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 || cp === 0xfeff;
}

function computeClass(cp: number): number {
  if (isIgnorable(cp)) return CLS_IGNORE;
  if (DASHES.includes(cp)) return CLS_DASH;
  if (APOSTROPHES.includes(cp)) return CLS_SEP;
  if (cp >= 0xd800 && cp <= 0xdfff) return cp <= 0xdbff ? CLS_HIGH : CLS_SEP;
  const ch = String.fromCodePoint(cp);
  if (RE_MARK.test(ch)) return CLS_MARK;
  if (RE_WORD.test(ch)) return CLS_WORD;
  if (cp === 0x85 || RE_SPACE.test(ch)) return CLS_SPACE;
  return CLS_SEP;
}

for (let c = 0; c < 128; c++) UNIT_CLASS[c] = computeClass(c);

/** Class of one UTF-16 code unit (CLS_HIGH for a high surrogate). */
export function fillUnitClass(c: number): number {
  const k = computeClass(c);
  UNIT_CLASS[c] = k;
  return k;
}

/** Class of a whole code point (astral ones included; a lone surrogate is a separator). */
export function cpClass(cp: number): number {
  if (cp < 0x10000) {
    const k = UNIT_CLASS[cp]!;
    const r = k === UNKNOWN ? fillUnitClass(cp) : k;
    return r === CLS_HIGH ? CLS_SEP : r;
  }
  let k = astralClass.get(cp);
  if (k === undefined) {
    k = computeClass(cp);
    astralClass.set(cp, k);
  }
  return k;
}

export function isWordClass(k: number): boolean {
  return k === CLS_WORD || k === CLS_MARK;
}

// Letters NFD does not decompose but readers treat as accented Latin; ё/ѐ/ѝ are the only Cyrillic letters folded.
const SPECIAL: Record<string, string> = {
  ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE',
  þ: 'th', Þ: 'TH', ħ: 'h', Ħ: 'H', ı: 'i', ŀ: 'l', Ŀ: 'L', ŧ: 't', Ŧ: 'T', ɨ: 'i', Ɨ: 'I', ƚ: 'l', Ƚ: 'L', ĳ: 'ij', Ĳ: 'IJ',
  ё: 'е', Ё: 'Е', ѐ: 'е', Ѐ: 'Е', ѝ: 'и', Ѝ: 'И',
};
const specialFold = new Map<number, string>(Object.entries(SPECIAL).map(([k, v]) => [k.codePointAt(0)!, v]));
const RE_MARKS = /\p{M}/gu;

/**
 * Diacritic folding of one word code point, letter case kept: NFD then drop marks, plus the SPECIAL letters.
 * Cyrillic letters are kept whole: й, ў, ї are letters of their own, not accented и, у, і.
 */
export function keepCaseFoldCp(cp: number): string {
  const sp = specialFold.get(cp);
  if (sp !== undefined) return sp;
  if (cp >= 0x400 && cp <= 0x52f) return String.fromCharCode(cp);
  const d = String.fromCodePoint(cp).normalize('NFD');
  if (d.length === 1) return d;
  // Ǣ decomposes to Æ + macron, and Æ still needs its own folding.
  let out = '';
  for (const ch of d.replace(RE_MARKS, '')) out += specialFold.get(ch.codePointAt(0)!) ?? ch;
  return out;
}

function cpCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/**
 * Case folding of one code point that agrees with the `i` flag of a `u` RegExp (simple case folding): lower(upper(c))
 * catches ς/σ, ſ/s, ϐ/β and friends that plain toLowerCase leaves apart. Per code point on purpose: whole-string
 * toLowerCase applies the final-sigma rule, which depends on context.
 */
export function caseFoldCp(cp: number): string {
  const ch = String.fromCodePoint(cp);
  const up = ch.toUpperCase();
  if (cpCount(up) === 1) {
    const low = up.toLowerCase();
    if (cpCount(low) === 1) return low;
  }
  const low = ch.toLowerCase();
  return cpCount(low) === 1 ? low : ch;
}

function caseFoldStr(s: string): string {
  let out = '';
  for (const ch of s) out += caseFoldCp(ch.codePointAt(0)!);
  return out;
}

/** Case- and diacritic-folded form of one word code point ('' for a combining mark). */
export function foldCp(cp: number): string {
  return caseFoldStr(keepCaseFoldCp(cp));
}

/**
 * Fast per-unit fold table for BMP word characters: 0 = not computed yet, MULTI = the fold is not exactly one unit
 * (ß → ss, a mark → '', a letter folding to an astral one), look it up in FOLD_MULTI.
 */
export const FOLD_UNIT = new Uint16Array(65536);
export const FOLD_MULTI_MARK = 0xffff;
export const FOLD_MULTI = new Map<number, string>();
for (let c = 0; c < 128; c++) FOLD_UNIT[c] = c >= 65 && c <= 90 ? c + 32 : c;

/** Fills FOLD_UNIT for a BMP word or mark unit and returns its entry. */
export function fillFoldUnit(c: number): number {
  const f = UNIT_CLASS[c] === CLS_MARK || (UNIT_CLASS[c] === UNKNOWN && fillUnitClass(c) === CLS_MARK) ? '' : foldCp(c);
  const v = f.length === 1 && f.charCodeAt(0) !== FOLD_MULTI_MARK && f.charCodeAt(0) !== 0 ? f.charCodeAt(0) : FOLD_MULTI_MARK;
  if (v === FOLD_MULTI_MARK) FOLD_MULTI.set(c, f);
  FOLD_UNIT[c] = v;
  return v;
}

const astralFold = new Map<number, string>();
/** Fold of an astral word code point (cached). */
export function foldAstral(cp: number): string {
  let f = astralFold.get(cp);
  if (f === undefined) {
    f = cpClass(cp) === CLS_MARK ? '' : foldCp(cp);
    astralFold.set(cp, f);
  }
  return f;
}

/** A separator code point as the matcher compares it: dashes, apostrophes and double quotes folded to ASCII; whitespace → ' '. */
export function sepFoldCp(cp: number): string {
  const k = cpClass(cp);
  if (k === CLS_SPACE) return ' ';
  if (k === CLS_DASH) return '-';
  if (APOSTROPHES.includes(cp)) return "'";
  if (QUOTES.includes(cp)) return '"';
  return String.fromCodePoint(cp);
}

/**
 * Canonical form of a separator run: ignorables dropped, whitespace runs collapsed to one space, dashes/apostrophes/quotes
 * folded, case folded unless keepCase (a few symbols such as Ⓐ have case, and the `i` flag of the oracle folds them).
 */
export function canonSep(s: string, from: number, to: number, keepCase: boolean): string {
  let out = '';
  let lastSpace = false;
  for (let i = from; i < to; ) {
    const cp = s.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (isIgnorable(cp)) continue;
    const f = sepFoldCp(cp);
    if (f === ' ') {
      if (!lastSpace) out += ' ';
      lastSpace = true;
      continue;
    }
    lastSpace = false;
    out += keepCase ? f : caseFoldStr(f);
  }
  return out;
}

/** A canonical internal separator made only of whitespace and at most one dash: "West 2017" = "West-2017" = "West – 2017". */
export function isGapSep(canon: string): boolean {
  switch (canon) {
    case ' ':
    case '-':
    case ' -':
    case '- ':
    case ' - ':
      return true;
    default:
      return false;
  }
}

/**
 * Folds one word (a run of word characters and ignorables). A mark that opens a word has no letter to belong to, so it
 * is kept as it is: "\u0301Minsk" is not the word "Minsk".
 */
export function foldWord(s: string, from: number, to: number, keepCase: boolean): string {
  let out = '';
  let started = false;
  for (let i = from; i < to; ) {
    const cp = s.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    const k = cpClass(cp);
    if (k === CLS_IGNORE) continue;
    if (k === CLS_MARK) {
      if (!started) out += keepCase ? String.fromCodePoint(cp) : caseFoldCp(cp);
    } else out += keepCase ? keepCaseFoldCp(cp) : foldCp(cp);
    started = true;
  }
  return out;
}

/** The popup's search key: words folded like the matcher folds them, separators canonical, trimmed. */
export function foldForSearch(s: string): string {
  let out = '';
  let i = 0;
  const n = s.length;
  while (i < n) {
    const start = i;
    let k = cpClass(s.codePointAt(i)!);
    const word = isWordClass(k);
    while (i < n) {
      const cp = s.codePointAt(i)!;
      k = cpClass(cp);
      if (k !== CLS_IGNORE && isWordClass(k) !== word) break;
      i += cp > 0xffff ? 2 : 1;
    }
    out += word ? foldWord(s, start, i, false) : canonSep(s, start, i, false);
  }
  return out.trim();
}

/**
 * The key of a stretch of text: words folded by `foldWordOf` (for case too unless `keepCase`), separators canonical,
 * internal whitespace/dash separators as one space. Shared by keepCaseKey and the reader-data alias clash key.
 */
export function separatedKey(
  s: string,
  from: number,
  to: number,
  keepCase: boolean,
  foldWordOf: (s: string, from: number, to: number) => string = (t, a, b) => foldWord(t, a, b, keepCase),
): string {
  let out = '';
  let i = from;
  let wordsSeen = 0;
  while (i < to) {
    const start = i;
    const word = isWordClass(cpClass(s.codePointAt(i)!));
    while (i < to) {
      const cp = s.codePointAt(i)!;
      const k = cpClass(cp);
      if (k !== CLS_IGNORE && isWordClass(k) !== word) break;
      i += cp > 0xffff ? 2 : 1;
    }
    if (word) {
      out += foldWordOf(s, start, i);
      wordsSeen++;
    } else {
      const sep = canonSep(s, start, i, keepCase);
      out += wordsSeen > 0 && i < to && isGapSep(sep) ? ' ' : sep;
    }
  }
  return out;
}

/**
 * The case-kept key of a stretch of text: words folded for diacritics only, separators canonical, internal
 * whitespace/dash separators as one space. Two stretches that a case-sensitive alias treats alike have equal keys.
 */
export function keepCaseKey(s: string, from: number, to: number): string {
  return separatedKey(s, from, to, true);
}
