// Text hygiene for reader input and page text: normalisation, the matcher-compatible alias key, URL checks and hashing.
import {
  CLS_IGNORE,
  CLS_MARK,
  FOLD_MULTI,
  FOLD_MULTI_MARK,
  FOLD_UNIT,
  caseFoldCp,
  cpClass,
  fillFoldUnit,
  foldAstral,
  isGapSep,
  separatedKey,
} from '../matcher/normalize';

// Soft hyphen and zero-width characters: the matcher ignores them, so keeping them would only make look-alike aliases.
const IGNORABLES = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
// Lone surrogates: storage serialises to UTF-8 and would turn them into U+FFFD, so a stored value would not read back equal.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Control characters other than tab and line breaks have no business in names, notes or article text.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/** A one-line field (name, alias, phrase, title): NFC, no invisible or control characters, whitespace runs as one space. */
export function cleanLine(s: string): string {
  return wellFormed(s).normalize('NFC').replace(IGNORABLES, '').replace(CONTROLS, '').replace(/\s+/gu, ' ').trim();
}

/** A multi-line field (note, paragraph): like cleanLine but line breaks survive (as \n, at most one blank line in a row). */
export function cleanMultiline(s: string): string {
  return wellFormed(s)
    .normalize('NFC')
    .replace(IGNORABLES, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, '')
    .replace(/[^\S\n]+/gu, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** True when the text has something the matcher can match: a letter or digit (U+02BC counts as an apostrophe there). */
export function hasLetterOrDigit(s: string): boolean {
  return /[\p{L}\p{N}]/u.test(s.replace(/\u02BC/g, ''));
}

/**
 * The form under which the matcher compares two aliases: words folded for case and diacritics, inner whitespace/single-dash
 * separators as one space, other separators (and leading/trailing punctuation) canonical. Two aliases of different entities
 * with the same key make buildIndex throw, unless both are case-sensitive with different case — the key ignores that
 * exception on purpose, so a clash is never missed (a rare pair like "US"/"Us" is merely reported as a clash).
 */
export function aliasKey(text: string): string {
  const s = text.trim();
  if (PRINTABLE_ASCII.test(s)) return asciiAliasKey(s);
  return separatedKey(s, 0, s.length, false, foldWordFast);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ASCII_RUNS = /[A-Za-z0-9]+|[^A-Za-z0-9]+/g;

/**
 * aliasKey for printable ASCII, the commonest case, without the Unicode tables: words are [A-Za-z0-9]+ folded to lower
 * case, a backquote is an apostrophe, a space run is one space; the result is the same string (the differential test
 * in text.test.ts holds both paths to buildIndex).
 */
function asciiAliasKey(s: string): string {
  let out = '';
  let words = 0;
  let end = 0;
  for (const m of s.matchAll(ASCII_RUNS)) {
    const run = m[0];
    end = m.index + run.length;
    const c = run.charCodeAt(0);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      out += run.toLowerCase();
      words++;
    } else {
      const sep = run.replace(/ +/g, ' ').replace(/`/g, "'");
      out += words > 0 && end < s.length && isGapSep(sep) ? ' ' : sep;
    }
  }
  return out;
}

/** foldWord(s, from, to, false) through the matcher's own per-unit fold table (the same folding, warm after one use). */
function foldWordFast(s: string, from: number, to: number): string {
  let out = '';
  let started = false;
  for (let i = from; i < to; ) {
    const cp = s.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    const k = cpClass(cp);
    if (k === CLS_IGNORE) continue;
    if (k === CLS_MARK && !started) out += caseFoldCp(cp);
    else if (cp > 0xffff) out += foldAstral(cp);
    else {
      let f = FOLD_UNIT[cp]!;
      if (f === 0) f = fillFoldUnit(cp);
      out += f === FOLD_MULTI_MARK ? FOLD_MULTI.get(cp)! : String.fromCharCode(f);
    }
    started = true;
  }
  return out;
}

/** The URL when it is a well-formed http(s) address of at most `max` characters, else null. */
export function httpUrl(raw: unknown, max = 2048): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > max) return null;
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** 53-bit FNV-1a style hash as base36: stable ids and fingerprints, not security. */
export function hash53(s: string): string {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  const hi = (h2 >>> 0) & 0x1fffff;
  return (hi * 0x100000000 + (h1 >>> 0)).toString(36);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A short printable version of an unknown value for problem messages. */
export function preview(v: unknown, max = 60): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
