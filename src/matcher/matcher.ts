// The fast mention matcher: buildIndex compiles every alias form into a token trie once (extendIndex adds to one); findMentions scans the text once.

/*
 * Matching rules (the oracle in oracle.ts implements the same rules with one RegExp per alias form):
 *
 * - Words are maximal runs of \p{L}\p{N}\p{M}; an alias matches whole words only ("database" never matches "base",
 *   "Minsker" never "Minsk"), whatever punctuation surrounds it ("(Lukashenko)", "CSTO.", "Lukashenko’s").
 * - Words compare folded: case (unless the alias is case-sensitive), diacritics (NFD without marks, plus ł ø đ ß æ œ
 *   þ ð ħ ı …), ё → е. Soft hyphens and zero-width characters are treated as absent. Offsets always point into the
 *   original text and never include such characters at the edges of a match.
 * - Separators between the words of an alias: a run of whitespace (any kind: NBSP, thin space, line break, tab) and a
 *   single dash (any of - ‐ ‑ ‒ – — ― −), optionally with whitespace around it, are interchangeable ("West-2017" =
 *   "West 2017" = "West – 2017" = "West\n2017"). Any other separator (the dots of "U.S.") must be the same once
 *   whitespace runs are collapsed and apostrophes, dashes and double quotes are folded. Punctuation at the start or
 *   end of an alias ("U.S.") must be there too; the whole-word rule applies only at an alias end that is a word.
 * - Case-sensitive: an alias whose letters are all capitals and number at least two (CSTO, ОДКБ, U.S.) unless the
 *   catalog says otherwise with caseSensitive. Such an alias still folds diacritics and punctuation, not case.
 * - Leftmost-longest: among candidate matches the one starting first wins, then the longest, then the alias listed
 *   first; any candidate overlapping a kept one is dropped.
 * - needsContext: such an alias is a candidate only if its entity is "in context": the entity has a match of an alias
 *   without needsContext in the same text (found by the leftmost-longest pass over those aliases alone), or its id
 *   is in opts.context (the content script passes the entities found elsewhere on the page). The final pass then
 *   runs leftmost-longest over the unambiguous candidates plus the in-context needsContext ones.
 * - inflect 'ru': the case forms from inflect.ts are added at build time; a match of a form reports the catalog alias.
 *
 * Build-time checks: an empty or whitespace-only alias, one over 200 characters and one without a letter or digit
 * throw, naming entity and alias. Two entities with an alias that can match the same text throw, naming both. The
 * same alias twice on one entity is kept once (first wins). A generated case form never throws: if it collides with
 * another entity's catalog alias the catalog alias wins; if two entities generate the same form, it is dropped for
 * both, since it cannot say which one is meant.
 *
 * extendIndex adds entities to a built or loaded index (serialize.ts) with exactly these rules: the result matches as
 * buildIndex over both catalogs would, and the index passed in stays as it was (copy-on-write). The rules are local to
 * a trie node, so only the nodes the new forms reach are decided again, over their old and new entries.
 * tryExtendIndex leaves out, and reports, what extendIndex would throw on (the first to claim an alias keeps it).
 *
 * Cost: one pass over the text with table lookups per UTF-16 unit, one hash probe per word, and a trie walk only
 * where a word starts some alias. Alias text never becomes a RegExp or an object key, so "(a+)+$" or "__proto__" are
 * plain text.
 */

import type { IndexEntity, Mention } from '../types';
import {
  CLS_DASH,
  CLS_HIGH,
  CLS_IGNORE,
  CLS_MARK,
  CLS_SPACE,
  CLS_WORD,
  FOLD_MULTI,
  FOLD_MULTI_MARK,
  FOLD_UNIT,
  UNIT_CLASS,
  canonSep,
  caseFoldCp,
  cpClass,
  fillFoldUnit,
  fillUnitClass,
  foldAstral,
  isIgnorable,
  keepCaseKey,
  sepFoldCp,
} from './normalize';
import { inflectRu } from './inflect';

export { foldForSearch } from './normalize';

export const MAX_ALIAS_LENGTH = 200;

/** @internal One alias form in the trie (serialize.ts and the oracle read it; nothing else should). */
export interface Entry {
  entity: number;
  /** The catalog alias, reported in Mention.alias. */
  alias: string;
  /** The surface form this entry matches (the alias itself or a generated case form). */
  form: string;
  lead: string;
  trail: string;
  /** keepCaseKey of the form for a case-sensitive entry, else null. */
  keepKey: string | null;
  nc: boolean;
  generated: boolean;
  order: number;
  dropped: boolean;
}

/** A compiled alias form as the oracle and tests see it. */
export interface CompiledForm {
  entityId: string;
  alias: string;
  form: string;
  caseSensitive: boolean;
  needsContext: boolean;
  order: number;
}

/** @internal Entry flags as a loaded index stores them. */
export const ENTRY_GENERATED = 1;
/** @internal */ export const ENTRY_DROPPED = 2;
/** @internal */ export const ENTRY_CASE = 4;
/** @internal */ export const ENTRY_CONTEXT = 8;

/** @internal A decoded integer array of a loaded index (as narrow as it was stored). */
export type Ints = Uint8Array | Uint16Array | Int32Array;

/**
 * @internal The entries of a loaded index, kept as arrays: making ~20,000 objects, or even walking ~20,000 entries, at
 * load would cost more than the rest of loading, and a page needs the few that match. entryAt makes one when it is
 * first needed, finding its alias and entity by binary search.
 */
export interface LazyEntries {
  /** Per entry: ENTRY_* flags. */
  flags: Ints;
  /** Per catalog alias: the index of its entry (increasing; its generated forms are the entries up to the next). */
  aliasEntry: Int32Array;
  /** Per entity: the index of its first catalog alias (non-decreasing). */
  entityStart: Int32Array;
  aliases: readonly string[];
  forms: readonly string[];
  /** Entries with a lead or trail separator, or a case key other than their form: [lead, trail, key or null]. */
  special: ReadonlyMap<number, readonly [string, string, string | null]>;
  /** Dropped entries → their trie node (-1: outside the trie). */
  dropped: ReadonlyMap<number, number>;
}

/** The last index k with a[k] <= x (a is non-decreasing, a[0] <= x). */
function lastAtMost(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (a[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** @internal Entry i, made from the loaded arrays on first use. */
export function entryAt(ix: MatchIndex, i: number): Entry {
  const have = ix.entries[i];
  if (have !== undefined) return have;
  const z = ix.lazy!;
  const f = z.flags[i]!;
  const k = lastAtMost(z.aliasEntry, i);
  const generated = z.aliasEntry[k] !== i;
  // loadIndex checked every count and range it could without walking the entries; these it checks here.
  if (!(f >= 0 && f <= 15) || generated !== ((f & ENTRY_GENERATED) !== 0)) throw new Error(`prebuilt index: entry ${i} has flags ${f} that do not fit it`);
  const alias = z.aliases[k]!;
  const form = generated ? z.forms[i - k - 1]! : alias.trim();
  const sp = z.special.get(i);
  const key = (f & ENTRY_CASE) === 0 ? null : sp !== undefined && sp[2] !== null ? sp[2] : form;
  const e = makeEntry(lastAtMost(z.entityStart, k), alias, form, sp ? sp[0] : '', sp ? sp[1] : '', key, (f & ENTRY_CONTEXT) !== 0, generated, i, (f & ENTRY_DROPPED) !== 0);
  ix.entries[i] = e;
  return e;
}

/** @internal Every entry as an object (serializing, the oracle, tests). */
export function allEntries(ix: MatchIndex): Entry[] {
  if (ix.lazy) for (let i = 0; i < ix.entries.length; i++) entryAt(ix, i);
  return ix.entries;
}

/** Whether entry i is dropped, without making it an object. */
function isDropped(ix: MatchIndex, i: number): boolean {
  const e = ix.entries[i];
  return e !== undefined ? e.dropped : (ix.lazy!.flags[i]! & ENTRY_DROPPED) !== 0;
}

/** @internal The trie node of every entry; a loaded index derives them on first need (extending or serializing it). */
export function nodesOf(ix: MatchIndex): Int32Array {
  const n = ix.entries.length;
  if (ix.entryNode.length >= n || !ix.lazy) return ix.entryNode;
  const nodes = new Int32Array(n).fill(-1);
  for (let k = 0; k < ix.nodeCount; k++) for (let t = ix.termStart[k]!; t < ix.termStart[k + 1]!; t++) nodes[ix.termList[t]!] = k;
  for (const [i, node] of ix.lazy.dropped) nodes[i] = node;
  ix.entryNode = nodes;
  return nodes;
}

/** The compiled catalog. Opaque outside this module: build it with buildIndex, read it with findMentions. */
export class MatchIndex {
  /** @internal */ entityIds: string[] = [];
  /** @internal */ entries: Entry[] = [];
  /**
   * @internal Trie node of each entry, dropped ones included (-1: left out by tryExtendIndex); extendIndex needs it.
   * Empty in a loaded index until nodesOf derives it.
   */
  entryNode = new Int32Array(0);
  /** @internal A loaded index's entries as arrays: `entries` has a hole for each one not made into an object yet (entryAt). */
  lazy: LazyEntries | null = null;
  /** @internal */ aliases = 0;
  /** @internal Per node: entries ending there, in catalog order, as a range of termList. */
  termStart = new Int32Array(1);
  /** @internal */ termList = new Int32Array(0);
  /** @internal Per node: has children over a whitespace/dash separator, over another separator. */
  hasGap = new Uint8Array(1);
  /** @internal */ hasOther = new Uint8Array(1);
  /** @internal */ nodeCount = 1;
  /** @internal Open-addressing edge table: slot → edge + 1 (0 = empty), and the slot's full hash. */
  slotEdge = new Int32Array(2);
  /** @internal */ slotHash = new Int32Array(2);
  /** @internal */ mask = 1;
  /** @internal */ edgeCount = 0;
  /** @internal */ edgeParent = new Int32Array(8);
  /** @internal */ edgeSepH = new Int32Array(8);
  /** @internal */ edgeChild = new Int32Array(8);
  /** @internal */ edgeSep: string[] = [];
  /** @internal Folded word of each edge: a range of tokPool, plus its hash (so rehashing needs no strings). */
  edgeTokS = new Int32Array(8);
  /** @internal */ edgeTokL = new Int32Array(8);
  /** @internal */ edgeTokH = new Int32Array(8);
  /** @internal */ tokPool = new Uint16Array(256);
  /**
   * @internal A bit per hash of the first word of every alias, ~8 bits per word, so most page words are rejected
   * from a few KB that stay in cache instead of a probe into the (for 10k aliases, megabyte-sized) edge table.
   */
  rootBits = new Int32Array(32);
  /** @internal */ rootBitsMask = 1023;
  /** @internal */ poolLen = 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Hashing

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
/** The separator hash of an edge over whitespace/dash (and of root edges, which have no separator). */
const GAP_H = 0x2545f491;
const ROOT_H = 0;
/** mix(0, ROOT_H, h) is h ^ ROOT_SALT, then the finaliser (inlined in tokenize). */
const ROOT_SALT = 0x9e3779b1 | 0;

function mix(parent: number, sepH: number, tokH: number): number {
  let h = tokH ^ Math.imul(parent + 1, 0x9e3779b1) ^ Math.imul(sepH, 0x85ebca77);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h;
}

function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

function sepHash(sep: string): number {
  const h = hashString(sep);
  return h === GAP_H || h === ROOT_H ? h ^ 0x55 : h;
}

// ---------------------------------------------------------------------------------------------------------------
// Tokenizer: shared scratch buffers, grown on demand (findMentions runs on many small texts; allocating per call costs).

let tokCap = 0;
let tokS = new Int32Array(0);
let tokE = new Int32Array(0);
let fS = new Int32Array(0);
let fE = new Int32Array(0);
let tokH = new Int32Array(0);
let gapAfter = new Uint8Array(0);
let F = new Uint16Array(1024);
let fLen = 0;
/** Tokens whose first word starts some alias, and the trie node reached. */
let hitTok = new Int32Array(64);
let hitNode = new Int32Array(64);
let hitCount = 0;

function growTokens(min: number): void {
  const cap = Math.max(min, tokCap * 2, 256);
  const grow32 = (a: Int32Array): Int32Array<ArrayBuffer> => {
    const b = new Int32Array(cap);
    b.set(a);
    return b;
  };
  tokS = grow32(tokS);
  tokE = grow32(tokE);
  fS = grow32(fS);
  fE = grow32(fE);
  tokH = grow32(tokH);
  const g = new Uint8Array(cap);
  g.set(gapAfter);
  gapAfter = g;
  tokCap = cap;
}

function growF(min: number): void {
  const b = new Uint16Array(Math.max(min, F.length * 2));
  b.set(F.subarray(0, fLen));
  F = b;
}

// Local copies of imported tables and constants: under a CommonJS transform (tsx, vitest) each use of an imported
// binding is a getter call, which made the per-character loop five times slower.
const unitClass = UNIT_CLASS;
const foldUnit = FOLD_UNIT;
const foldMulti = FOLD_MULTI;
const K_WORD = CLS_WORD;
const K_MARK = CLS_MARK;
const K_IGNORE = CLS_IGNORE;
const K_SPACE = CLS_SPACE;
const K_DASH = CLS_DASH;
const K_HIGH = CLS_HIGH;
const MULTI = FOLD_MULTI_MARK;

/**
 * Splits `text` into words (folded into F, hashed), records whether each gap between two words is a whitespace/dash
 * separator, and probes each word as the first word of an alias (the hits list). scanForm below must split and fold
 * exactly alike; the differential test checks that they do.
 */
function tokenize(text: string, index: MatchIndex): number {
  const n = text.length;
  let nTok = 0;
  hitCount = 0;
  if (tokCap < 64) growTokens(64);
  if (F.length < n + 16) growF(n + 16);
  let fl = 0;
  let buf = F;
  let cap = tokCap;
  let tS = tokS;
  let tE = tokE;
  let tFS = fS;
  let tFE = fE;
  let tH = tokH;
  let gap = gapAfter;
  let inWord = false;
  let started = false;
  let wStart = 0;
  let wEnd = 0;
  let fStart = 0;
  let h = FNV_OFFSET;
  let spaces = 0;
  let dashes = 0;
  let others = 0;
  // Root edges: a slot table probe per word, inlined here because it is the one lookup every word pays.
  const slotEdge = index.slotEdge;
  const slotHash = index.slotHash;
  const mask = index.mask;
  const rootBits = index.rootBits;
  const rootBitsMask = index.rootBitsMask;

  for (let i = 0; i <= n; ) {
    let k: number;
    let c = 0;
    let width = 1;
    if (i < n) {
      c = text.charCodeAt(i);
      k = unitClass[c]!;
      if (k === 255) k = fillUnitClass(c);
      if (k === K_HIGH) {
        const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d <= 0xdfff) {
          width = 2;
          k = cpClass(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        } else k = 0;
      }
    } else k = 0; // a virtual separator after the end closes the last word
    if (k === K_WORD || k === K_MARK) {
      if (!inWord) {
        if (nTok > 0) gap[nTok - 1] = others === 0 && dashes <= 1 && spaces + dashes > 0 ? 1 : 0;
        inWord = true;
        started = false;
        wStart = i;
        fStart = fl;
        h = FNV_OFFSET;
      }
      if (fl + 8 > buf.length) {
        fLen = fl;
        growF(fl + 8);
        buf = F;
      }
      if (width === 1 && (k === K_WORD || started)) {
        let f = foldUnit[c]!;
        if (f === 0) f = fillFoldUnit(c);
        if (f !== MULTI) {
          buf[fl++] = f;
          h = Math.imul(h ^ f, FNV_PRIME);
        } else {
          const m = foldMulti.get(c)!;
          for (let q = 0; q < m.length; q++) {
            const u = m.charCodeAt(q);
            buf[fl++] = u;
            h = Math.imul(h ^ u, FNV_PRIME);
          }
        }
      } else {
        const cp = width === 2 ? text.codePointAt(i)! : c;
        // A mark opening a word has no letter to sit on: it stays, so "\u0301Minsk" is not "Minsk".
        const m = k === K_MARK && !started ? caseFoldCp(cp) : foldAstral(cp);
        for (let q = 0; q < m.length; q++) {
          const u = m.charCodeAt(q);
          buf[fl++] = u;
          h = Math.imul(h ^ u, FNV_PRIME);
        }
      }
      started = true;
      wEnd = i + width;
    } else if (k !== K_IGNORE) {
      if (inWord) {
        if (nTok >= cap) {
          growTokens(nTok + 1);
          cap = tokCap;
          tS = tokS;
          tE = tokE;
          tFS = fS;
          tFE = fE;
          tH = tokH;
          gap = gapAfter;
        }
        tS[nTok] = wStart;
        tE[nTok] = wEnd;
        tFS[nTok] = fStart;
        tFE[nTok] = fl;
        tH[nTok] = h;
        const bit = (h ^ (h >>> 15)) & rootBitsMask;
        if ((rootBits[bit >>> 5]! & (1 << (bit & 31))) !== 0) {
          let hh = h ^ ROOT_SALT;
          hh ^= hh >>> 16;
          hh = Math.imul(hh, 0x7feb352d);
          hh ^= hh >>> 15;
          let slot = hh & mask;
          for (;;) {
            const e1 = slotEdge[slot]!;
            if (e1 === 0) break;
            if (slotHash[slot] === hh) {
              fLen = fl;
              probeRoot(index, nTok, h);
              break;
            }
            slot = (slot + 1) & mask;
          }
        }
        nTok++;
        inWord = false;
        spaces = dashes = others = 0;
      }
      if (k === K_SPACE) spaces++;
      else if (k === K_DASH) dashes++;
      else others++;
    }
    i += width;
  }
  fLen = fl;
  if (nTok > 0) gap[nTok - 1] = 0;
  return nTok;
}

/**
 * tokenize for alias forms at build time, into the same scratch arrays. A separate function on purpose: V8 tunes a
 * function to the strings it has seen, and thousands of short alias strings made tokenize 40% slower on page text.
 */
function scanForm(form: string): number {
  const n = form.length;
  let nTok = 0;
  fLen = 0;
  if (tokCap < n + 1) growTokens(n + 1);
  if (F.length < 4 * n + 16) growF(4 * n + 16);
  let inWord = false;
  let started = false;
  let h = FNV_OFFSET;
  let spaces = 0;
  let dashes = 0;
  let others = 0;
  for (let i = 0; i < n; ) {
    const c = form.charCodeAt(i);
    let k = unitClass[c]!;
    if (k === 255) k = fillUnitClass(c);
    let width = 1;
    let cp = c;
    if (k === K_HIGH) {
      const d = i + 1 < n ? form.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        width = 2;
        k = cpClass(cp);
      } else k = 0;
    }
    if (k === K_WORD || k === K_MARK) {
      if (!inWord) {
        if (nTok > 0) gapAfter[nTok - 1] = others === 0 && dashes <= 1 && spaces + dashes > 0 ? 1 : 0;
        inWord = true;
        started = false;
        tokS[nTok] = i;
        fS[nTok] = fLen;
        h = FNV_OFFSET;
      }
      let f = 0;
      if (width === 1 && (k === K_WORD || started)) {
        f = foldUnit[c]!;
        if (f === 0) f = fillFoldUnit(c);
      }
      if (f !== 0 && f !== MULTI) {
        F[fLen++] = f;
        h = Math.imul(h ^ f, FNV_PRIME);
      } else {
        const m = f === MULTI ? foldMulti.get(c)! : k === K_MARK && !started ? caseFoldCp(cp) : foldAstral(cp);
        for (let q = 0; q < m.length; q++) {
          const u = m.charCodeAt(q);
          F[fLen++] = u;
          h = Math.imul(h ^ u, FNV_PRIME);
        }
      }
      started = true;
      tokE[nTok] = i + width;
    } else if (k !== K_IGNORE) {
      if (inWord) {
        fE[nTok] = fLen;
        tokH[nTok] = h;
        nTok++;
        inWord = false;
        spaces = dashes = others = 0;
      }
      if (k === K_SPACE) spaces++;
      else if (k === K_DASH) dashes++;
      else others++;
    }
    i += width;
  }
  if (inWord) {
    fE[nTok] = fLen;
    tokH[nTok] = h;
    nTok++;
  }
  if (nTok > 0) gapAfter[nTok - 1] = 0;
  return nTok;
}

function probeRoot(index: MatchIndex, t: number, h: number): void {
  const child = findChild(index, 0, ROOT_H, null, t, h);
  if (child < 0) return;
  if (hitCount >= hitTok.length) {
    const a = new Int32Array(hitTok.length * 2);
    a.set(hitTok);
    hitTok = a;
    const b = new Int32Array(hitNode.length * 2);
    b.set(hitNode);
    hitNode = b;
  }
  hitTok[hitCount] = t;
  hitNode[hitCount++] = child;
}

/** The child of `parent` over separator (sepH, sep; sep null for whitespace/dash and root) and token t, or -1. */
function findChild(index: MatchIndex, parent: number, sepH: number, sep: string | null, t: number, th: number): number {
  const h = mix(parent, sepH, th);
  const mask = index.mask;
  const slotEdge = index.slotEdge;
  const slotHash = index.slotHash;
  let slot = h & mask;
  for (;;) {
    const e1 = slotEdge[slot]!;
    if (e1 === 0) return -1;
    if (slotHash[slot] === h) {
      const e = e1 - 1;
      if (index.edgeParent[e] === parent && index.edgeSepH[e] === sepH && (sep === null || index.edgeSep[e] === sep)) {
        const from = fS[t]!;
        const len = index.edgeTokL[e]!;
        if (len === fE[t]! - from) {
          const pool = index.tokPool;
          const p = index.edgeTokS[e]!;
          let k = 0;
          while (k < len && pool[p + k] === F[from + k]) k++;
          if (k === len) return index.edgeChild[e]!;
        }
      }
    }
    slot = (slot + 1) & mask;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Build

function aliasProblem(text: unknown, entityId: string, problem: string): string {
  return `alias ${JSON.stringify(text)} of entity "${entityId}" ${problem}`;
}

/** All letters are capitals and there are at least two of them (CSTO, ОДКБ, U.S.); digits and punctuation do not count. */
function isAcronym(text: string): boolean {
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (c >= 65 && c <= 90) letters++;
      else if (c >= 97 && c <= 122) return false;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      if (c <= 0xdbff) i++;
      if (/\p{L}/u.test(ch)) {
        if (!/\p{Lu}/u.test(ch)) return false;
        letters++;
      }
      continue;
    }
    if (c === 0x2bc) continue;
    let k = UNIT_CLASS[c]!;
    if (k === 255) k = fillUnitClass(c);
    if (k !== CLS_WORD) continue;
    const ch = text.charAt(i);
    if (ch.toLowerCase() !== ch && ch.toUpperCase() === ch) letters++;
    else if (/\p{L}/u.test(ch)) return false;
  }
  return letters >= 2;
}

function hasLetterOrDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (cp !== 0x2bc && cpClass(cp) === CLS_WORD) return true;
  }
  return false;
}

/** What buildIndex would throw on, reported instead by tryExtendIndex (the entity or alias is left out). */
export interface IndexProblem {
  /** The entity concerned ('' if it has no usable id). */
  entityId: string;
  /** The alias left out (absent when the whole entity was left out). */
  alias?: string;
  /** For an alias clash: the entity that keeps the alias (one already in the index, or one added earlier). */
  conflictsWith?: string;
  /** The same sentence extendIndex would throw, e.g. 'alias "Minsk" used by two entities: "minsk" and "user:1"'. */
  message: string;
}

/** An entry with the one property order every Entry has (keeps the entries array monomorphic for findMentions). */
export function makeEntry(
  entity: number,
  alias: string,
  form: string,
  lead: string,
  trail: string,
  keepKey: string | null,
  nc: boolean,
  generated: boolean,
  order: number,
  dropped: boolean,
): Entry {
  return { entity, alias, form, lead, trail, keepKey, nc, generated, order, dropped };
}

const copyEntry = (e: Entry): Entry => makeEntry(e.entity, e.alias, e.form, e.lead, e.trail, e.keepKey, e.nc, e.generated, e.order, e.dropped);

/** Two entries at one node can match the same text unless both are case-sensitive with different case. */
const clash = (a: Entry, b: Entry): boolean =>
  a.lead === b.lead && a.trail === b.trail && !(a.keepKey !== null && b.keepKey !== null && a.keepKey !== b.keepKey);
/** Two entries at one node match exactly the same texts. */
const same = (a: Entry, b: Entry): boolean => (a.keepKey === null) === (b.keepKey === null) && a.keepKey === b.keepKey;

function grownI32(a: Int32Array, used: number, cap: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(cap, used, 1));
  b.set(a.subarray(0, used));
  return b;
}

function grownU8(a: Uint8Array, used: number, cap: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(Math.max(cap, used, 1));
  b.set(a.subarray(0, used));
  return b;
}

/** Edges a catalog is likely to add: a Russian alias brings about a dozen case forms sharing few edges with it. */
function estimateEdges(entities: readonly IndexEntity[]): number {
  let estimate = 0;
  for (const e of entities) {
    if (!Array.isArray(e?.aliases)) continue;
    for (const a of e.aliases) estimate += a?.inflect === 'ru' ? 24 : 3;
  }
  return Math.max(estimate, 8);
}

/** Sets the first-word filter bits from the root edges; sized ~8 bits per root word. */
function fillRootBits(ix: MatchIndex): void {
  let roots = 0;
  for (let e = 0; e < ix.edgeCount; e++) if (ix.edgeParent[e] === 0) roots++;
  let bits = 1024;
  while (bits < roots * 8 && bits < 1 << 22) bits *= 2;
  ix.rootBits = new Int32Array(bits >>> 5);
  ix.rootBitsMask = bits - 1;
  for (let e = 0; e < ix.edgeCount; e++) if (ix.edgeParent[e] === 0) setRootBit(ix, ix.edgeTokH[e]!);
}

function setRootBit(ix: MatchIndex, h: number): void {
  const bit = (h ^ (h >>> 15)) & ix.rootBitsMask;
  ix.rootBits[bit >>> 5]! |= 1 << (bit & 31);
}

/** Fills a fresh slot table of `size` (a power of two) with every edge. */
function fillSlots(ix: MatchIndex, size: number): void {
  const mask = size - 1;
  const slotEdge = new Int32Array(size);
  const slotHash = new Int32Array(size);
  for (let e = 0; e < ix.edgeCount; e++) {
    const h = mix(ix.edgeParent[e]!, ix.edgeSepH[e]!, ix.edgeTokH[e]!);
    let slot = h & mask;
    while (slotEdge[slot] !== 0) slot = (slot + 1) & mask;
    slotEdge[slot] = e + 1;
    slotHash[slot] = h;
  }
  ix.slotEdge = slotEdge;
  ix.slotHash = slotHash;
  ix.mask = mask;
}

/** Smallest power of two ≥ 16 that keeps `edges` at most half full (the builder's rehash threshold). */
function slotSize(edges: number): number {
  let size = 16;
  while (size < edges * 2 + 2) size *= 2;
  return size;
}

/** Per base index: entries the collision rules dropped, by trie node (they still take part when a node gets new entries). */
const droppedCache = new WeakMap<MatchIndex, Map<number, number[]>>();
/** Per base index: its entity ids. */
const idCache = new WeakMap<MatchIndex, Set<string>>();

function droppedByNode(ix: MatchIndex): Map<number, number[]> {
  let m = droppedCache.get(ix);
  if (m) return m;
  m = new Map();
  // A loaded index never extended has exactly the dropped entries it was stored with.
  const pristine = ix.lazy !== null && ix.entryNode.length === 0;
  const nodes = pristine ? null : nodesOf(ix);
  const dropped: Iterable<number> = pristine ? ix.lazy!.dropped.keys() : ix.entries.keys();
  for (const i of dropped) {
    const node = nodes ? nodes[i]! : ix.lazy!.dropped.get(i)!;
    if (node < 0 || !isDropped(ix, i)) continue;
    const l = m.get(node);
    if (l) l.push(i);
    else m.set(node, [i]);
  }
  droppedCache.set(ix, m);
  return m;
}

function idsOf(ix: MatchIndex): Set<string> {
  let s = idCache.get(ix);
  if (!s) {
    s = new Set(ix.entityIds);
    idCache.set(ix, s);
  }
  return s;
}

class Builder {
  readonly index = new MatchIndex();
  private readonly base: MatchIndex | null;
  /** Nodes, edges and entries below these numbers are the base index's (all 0 when building from scratch). */
  private readonly baseNodes: number;
  private readonly baseEdges: number;
  private readonly baseEntries: number;
  /** Entry lists of the nodes created here, at node - baseNodes. */
  private readonly nodeEntries: Array<number[] | null>;
  /** Entry lists of base nodes that new forms end at (extension only): the new entries there. */
  private readonly touched = new Map<number, number[]>();
  /** tryExtendIndex: problems are collected here instead of thrown. */
  private readonly problems: IndexProblem[] | null;
  /** For each new entry: the order of the catalog entry of its alias (generated forms follow theirs), when collecting problems. */
  private readonly group: number[] = [];
  private lastGroup = -1;

  constructor(
    readonly label: string,
    base: MatchIndex | null,
    edges: number,
    problems: IndexProblem[] | null,
  ) {
    this.base = base;
    this.problems = problems;
    const ix = this.index;
    if (!base) {
      this.baseNodes = this.baseEdges = this.baseEntries = 0;
      this.nodeEntries = [null];
      this.reserve(edges);
      return;
    }
    // Copy-on-write: every table the new forms write to is copied (typed arrays: a memcpy), so the base stays usable.
    this.baseNodes = base.nodeCount;
    this.baseEdges = base.edgeCount;
    this.baseEntries = base.entries.length;
    this.nodeEntries = [];
    ix.entityIds = base.entityIds.slice();
    ix.entries = base.entries.slice();
    ix.lazy = base.lazy;
    ix.aliases = base.aliases;
    ix.nodeCount = base.nodeCount;
    ix.edgeCount = base.edgeCount;
    ix.poolLen = base.poolLen;
    const ne = base.edgeCount;
    const cap = ne + edges + 8;
    ix.edgeParent = grownI32(base.edgeParent, ne, cap);
    ix.edgeSepH = grownI32(base.edgeSepH, ne, cap);
    ix.edgeChild = grownI32(base.edgeChild, ne, cap);
    ix.edgeTokS = grownI32(base.edgeTokS, ne, cap);
    ix.edgeTokL = grownI32(base.edgeTokL, ne, cap);
    ix.edgeTokH = grownI32(base.edgeTokH, ne, cap);
    ix.edgeSep = base.edgeSep.slice(0, ne);
    const pool = new Uint16Array(base.poolLen + edges * 8 + 64);
    pool.set(base.tokPool.subarray(0, base.poolLen));
    ix.tokPool = pool;
    ix.hasGap = grownU8(base.hasGap, base.nodeCount, base.nodeCount + edges + 8);
    ix.hasOther = grownU8(base.hasOther, base.nodeCount, base.nodeCount + edges + 8);
    ix.entryNode = grownI32(nodesOf(base), this.baseEntries, this.baseEntries + edges);
    ix.rootBits = base.rootBits.slice();
    ix.rootBitsMask = base.rootBitsMask;
    if ((ne + edges) * 2 <= base.mask) {
      ix.slotEdge = base.slotEdge.slice();
      ix.slotHash = base.slotHash.slice();
      ix.mask = base.mask;
    } else fillSlots(ix, slotSize(ne + edges));
  }

  /** Throws (buildIndex, extendIndex) or records the problem (tryExtendIndex); returns only when recording. */
  private fail(entityId: string, message: string, alias?: string, conflictsWith?: string): void {
    if (!this.problems) throw new Error(`${this.label}: ${message}`);
    const p: IndexProblem = { entityId, message };
    if (alias !== undefined) p.alias = alias;
    if (conflictsWith !== undefined) p.conflictsWith = conflictsWith;
    this.problems.push(p);
  }

  /** Validates and adds the entities' aliases and their generated forms. */
  add(entities: readonly IndexEntity[]): void {
    const ix = this.index;
    const taken = this.base ? idsOf(this.base) : null;
    const seen = new Set<string>();
    entities.forEach((entity, ei) => {
      const id: unknown = entity?.id;
      if (typeof id !== 'string' || id === '') return this.fail('', `entity #${ei} has no id`);
      if (taken?.has(id)) return this.fail(id, `entity id "${id}" is already in the index`);
      if (seen.has(id)) return this.fail(id, `entity id "${id}" appears twice`);
      if (!Array.isArray(entity.aliases)) return this.fail(id, `entity "${id}" has no aliases array`);
      seen.add(id);
      const en = ix.entityIds.length;
      ix.entityIds.push(id);
      for (const spec of entity.aliases) {
        const raw: unknown = spec?.text;
        if (typeof raw !== 'string') {
          this.fail(id, aliasProblem(raw, id, 'is not a string'), String(raw));
          continue;
        }
        const text = raw.trim();
        let problem = '';
        if (text === '') problem = 'is empty';
        else if (raw.length > MAX_ALIAS_LENGTH) problem = `is longer than ${MAX_ALIAS_LENGTH} characters (${raw.length})`;
        else if (!hasLetterOrDigit(text)) problem = 'has no letter or digit';
        if (problem !== '') {
          this.fail(id, aliasProblem(raw, id, problem), raw);
          continue;
        }
        const cs = spec.caseSensitive ?? isAcronym(text);
        const nc = spec.needsContext === true;
        if (!this.addForm(en, raw, text, cs, nc, false)) {
          this.fail(id, aliasProblem(raw, id, 'has no word to match'), raw);
          continue;
        }
        if (spec.inflect === 'ru') {
          const forms = inflectRu(text, { person: entity.type === 'person' });
          for (let f = 1; f < forms.length; f++) this.addForm(en, raw, forms[f]!, cs, nc, true);
        }
      }
    });
  }

  /** The child of `parent` over (sepH, sep) and scratch token t, created if missing. */
  private insertEdge(parent: number, sepH: number, sep: string, t: number): number {
    const ix = this.index;
    const th = tokH[t]!;
    const from = fS[t]!;
    const len = fE[t]! - from;
    const h = mix(parent, sepH, th);
    let slot = h & ix.mask;
    for (;;) {
      const e1 = ix.slotEdge[slot]!;
      if (e1 === 0) break;
      if (ix.slotHash[slot] === h) {
        const e = e1 - 1;
        if (ix.edgeParent[e] === parent && ix.edgeSepH[e] === sepH && ix.edgeSep[e] === sep && ix.edgeTokL[e] === len) {
          const p = ix.edgeTokS[e]!;
          let k = 0;
          while (k < len && ix.tokPool[p + k] === F[from + k]) k++;
          if (k === len) return ix.edgeChild[e]!;
        }
      }
      slot = (slot + 1) & ix.mask;
    }
    const e = ix.edgeCount++;
    if (e >= ix.edgeParent.length) {
      const cap = ix.edgeParent.length * 2;
      ix.edgeParent = grownI32(ix.edgeParent, e, cap);
      ix.edgeSepH = grownI32(ix.edgeSepH, e, cap);
      ix.edgeChild = grownI32(ix.edgeChild, e, cap);
      ix.edgeTokS = grownI32(ix.edgeTokS, e, cap);
      ix.edgeTokL = grownI32(ix.edgeTokL, e, cap);
      ix.edgeTokH = grownI32(ix.edgeTokH, e, cap);
    }
    if (ix.poolLen + len > ix.tokPool.length) {
      const pool = new Uint16Array(Math.max(ix.tokPool.length * 2, ix.poolLen + len));
      pool.set(ix.tokPool);
      ix.tokPool = pool;
    }
    ix.tokPool.set(F.subarray(from, from + len), ix.poolLen);
    const child = ix.nodeCount++;
    if (child >= ix.hasGap.length) {
      ix.hasGap = grownU8(ix.hasGap, child, ix.hasGap.length * 2);
      ix.hasOther = grownU8(ix.hasOther, child, ix.hasOther.length * 2);
    }
    this.nodeEntries.push(null);
    ix.edgeParent[e] = parent;
    ix.edgeSepH[e] = sepH;
    ix.edgeChild[e] = child;
    ix.edgeSep[e] = sep;
    ix.edgeTokS[e] = ix.poolLen;
    ix.edgeTokL[e] = len;
    ix.edgeTokH[e] = th;
    ix.poolLen += len;
    ix.slotEdge[slot] = e + 1;
    ix.slotHash[slot] = h;
    if (sepH === GAP_H) ix.hasGap[parent] = 1;
    else if (sepH !== ROOT_H) ix.hasOther[parent] = 1;
    if (ix.edgeCount * 2 > ix.mask) fillSlots(ix, (ix.mask + 1) * 4);
    return child;
  }

  /** Sizes the edge table for about `edges` edges up front, so that building rarely rehashes. */
  private reserve(edges: number): void {
    const ix = this.index;
    let size = 16;
    while (size < edges * 2) size *= 2;
    ix.slotEdge = new Int32Array(size);
    ix.slotHash = new Int32Array(size);
    ix.mask = size - 1;
  }

  /** The entry list of a node, created if missing (for a base node: the list of the new entries there). */
  private listAt(node: number): number[] {
    if (node >= this.baseNodes) {
      const k = node - this.baseNodes;
      let l = this.nodeEntries[k];
      if (!l) {
        l = [];
        this.nodeEntries[k] = l;
      }
      return l;
    }
    let l = this.touched.get(node);
    if (!l) {
      l = [];
      this.touched.set(node, l);
    }
    return l;
  }

  /** Adds one surface form; returns false if it has no word at all (possible only for a generated form). */
  private addForm(entity: number, alias: string, form: string, cs: boolean, nc: boolean, generated: boolean): boolean {
    const nTok = scanForm(form);
    if (nTok === 0) return false;
    let node = 0;
    for (let t = 0; t < nTok; t++) {
      let sepH = ROOT_H;
      let sep = '';
      if (t > 0) {
        if (gapAfter[t - 1]) sepH = GAP_H;
        else {
          sep = canonSep(form, tokE[t - 1]!, tokS[t]!, false);
          sepH = sepHash(sep);
        }
      }
      node = this.insertEdge(node, sepH, sep, t);
    }
    const ix = this.index;
    const order = ix.entries.length;
    ix.entries.push(
      makeEntry(
        entity,
        alias,
        form,
        tokS[0] === 0 ? '' : canonSep(form, 0, tokS[0]!, false),
        tokE[nTok - 1] === form.length ? '' : canonSep(form, tokE[nTok - 1]!, form.length, false),
        cs ? keepCaseKey(form, 0, form.length) : null,
        nc,
        generated,
        order,
        false,
      ),
    );
    if (order >= ix.entryNode.length) ix.entryNode = grownI32(ix.entryNode, order, Math.max(64, ix.entryNode.length * 2));
    ix.entryNode[order] = node;
    if (this.problems) {
      if (!generated) this.lastGroup = order;
      this.group.push(this.lastGroup);
    }
    this.listAt(node).push(order);
    return true;
  }

  /** The base's entries at a base node, dropped ones included, in catalog order. */
  private baseEntriesAt(node: number): number[] {
    const base = this.base!;
    const live = Array.from(base.termList.subarray(base.termStart[node]!, base.termStart[node + 1]!));
    const dropped = droppedByNode(base).get(node);
    return dropped ? live.concat(dropped).sort((a, b) => a - b) : live;
  }

  /** Applies the collision rules at every node with new entries, then freezes the per-node tables. */
  finish(): MatchIndex {
    const ix = this.index;
    const base = this.base;
    const es = ix.entries;
    // Full lists of the base nodes that got new entries: the rules run there again over old and new entries alike,
    // on copies of the old entries (their dropped flags may change), exactly as buildIndex over both catalogs would.
    const touchedNodes = [...this.touched.keys()].sort((a, b) => a - b);
    const touchedLists: number[][] = [];
    let liveBefore = 0;
    for (const node of touchedNodes) {
      const old = this.baseEntriesAt(node);
      for (const i of old) {
        const e = entryAt(ix, i);
        if (!e.dropped && !e.generated) liveBefore++;
        const c = copyEntry(e);
        c.dropped = false;
        es[i] = c;
      }
      touchedLists.push(old.concat(this.touched.get(node)!));
    }
    if (this.problems) this.leaveOutClashes(touchedLists);
    for (const ids of touchedLists) if (ids.length > 1) this.resolve(ids);
    for (const ids of this.nodeEntries) if (ids && ids.length > 1) this.resolve(ids);

    const nodes = ix.nodeCount;
    const termStart = new Int32Array(nodes + 1);
    const termList = new Int32Array(es.length);
    let pos = 0;
    const push = (ids: number[]): void => {
      for (const i of ids) if (!es[i]!.dropped) termList[pos++] = i;
    };
    if (base) {
      // Untouched base nodes keep their lists: copied in runs, their starts shifted.
      let from = 0;
      const copyRun = (to: number): void => {
        const a = base.termStart[from]!;
        const b = base.termStart[to]!;
        termList.set(base.termList.subarray(a, b), pos);
        const shift = pos - a;
        for (let n = from; n < to; n++) termStart[n] = base.termStart[n]! + shift;
        pos += b - a;
      };
      touchedNodes.forEach((node, k) => {
        copyRun(node);
        termStart[node] = pos;
        push(touchedLists[k]!);
        from = node + 1;
      });
      copyRun(this.baseNodes);
    }
    for (let node = this.baseNodes; node < nodes; node++) {
      termStart[node] = pos;
      const ids = this.nodeEntries[node - this.baseNodes];
      if (ids) push(ids);
    }
    termStart[nodes] = pos;
    ix.termStart = termStart;
    ix.termList = termList.slice(0, pos);

    if (!base) {
      fillRootBits(ix);
      ix.aliases = es.filter((e) => !e.dropped && !e.generated).length;
      return ix;
    }
    let roots = 0;
    for (let e = this.baseEdges; e < ix.edgeCount; e++) if (ix.edgeParent[e] === 0) roots++;
    // The base filter was sized for its own roots; rebuild it if the new ones would crowd it.
    if (roots * 8 > (ix.rootBitsMask + 1) / 2) fillRootBits(ix);
    else for (let e = this.baseEdges; e < ix.edgeCount; e++) if (ix.edgeParent[e] === 0) setRootBit(ix, ix.edgeTokH[e]!);
    let liveAfter = 0;
    for (const ids of touchedLists) for (const i of ids) if (i < this.baseEntries && !es[i]!.dropped && !es[i]!.generated) liveAfter++;
    for (let i = this.baseEntries; i < es.length; i++) if (!es[i]!.dropped && !es[i]!.generated) liveAfter++;
    ix.aliases = base.aliases - liveBefore + liveAfter;
    return ix;
  }

  /**
   * tryExtendIndex: finds the new catalog aliases that would make resolve throw (same text as another entity's alias)
   * and leaves each out with all its generated forms, as if the catalog had never listed it. Clashes are decided
   * per node and only between catalog aliases, so leaving one out never changes the verdict elsewhere.
   */
  private leaveOutClashes(touchedLists: number[][]): void {
    const es = this.index.entries;
    const ids = this.index.entityIds;
    const groupOf = (i: number): number => (i < this.baseEntries ? -1 : this.group[i - this.baseEntries]!);
    const rejected = new Set<number>();
    // Reported in catalog order, not in the order of the nodes.
    const found: Array<[number, Entry, Entry]> = [];
    const check = (list: number[]): void => {
      if (list.length < 2) return;
      const explicit = list.filter((i) => !es[i]!.generated);
      const dup = new Set<number>();
      for (let x = 0; x < explicit.length; x++) {
        const bi = explicit[x]!;
        const b = es[bi]!;
        for (let y = 0; y < x; y++) {
          const ai = explicit[y]!;
          const a = es[ai]!;
          if (dup.has(ai) || rejected.has(groupOf(ai)) || !clash(a, b)) continue;
          if (a.entity !== b.entity) {
            rejected.add(groupOf(bi));
            found.push([bi, a, b]);
            break;
          }
          if (same(a, b)) {
            dup.add(bi);
            break;
          }
        }
      }
    };
    for (const list of touchedLists) check(list);
    for (const list of this.nodeEntries) if (list) check(list);
    if (rejected.size === 0) return;
    found.sort((x, y) => x[0] - y[0]);
    for (const [, a, b] of found) this.fail(ids[b.entity]!, clashMessage(a, b, ids), b.alias, ids[a.entity]!);
    const keep = (list: number[]): number[] => list.filter((i) => !rejected.has(groupOf(i)));
    for (let k = 0; k < touchedLists.length; k++) touchedLists[k] = keep(touchedLists[k]!);
    for (let k = 0; k < this.nodeEntries.length; k++) {
      const list = this.nodeEntries[k];
      if (list) this.nodeEntries[k] = keep(list);
    }
    for (let i = this.baseEntries; i < es.length; i++) {
      if (!rejected.has(groupOf(i))) continue;
      es[i]!.dropped = true;
      this.index.entryNode[i] = -1;
    }
  }

  private resolve(ids: number[]): void {
    const es = this.index.entries;
    const ids2 = this.index.entityIds;
    const explicit = ids.map((i) => es[i]!).filter((e) => !e.generated);
    const generated = ids.map((i) => es[i]!).filter((e) => e.generated);
    for (let x = 0; x < explicit.length; x++) {
      const b = explicit[x]!;
      for (let y = 0; y < x; y++) {
        const a = explicit[y]!;
        if (a.dropped || !clash(a, b)) continue;
        if (a.entity !== b.entity) throw new Error(`${this.label}: ${clashMessage(a, b, ids2)}`);
        if (same(a, b)) {
          b.dropped = true;
          break;
        }
      }
    }
    const ambiguous: Entry[] = [];
    for (const g of generated) {
      for (const a of explicit) {
        if (a.dropped || !clash(a, g)) continue;
        if (a.entity !== g.entity || same(a, g) || a.keepKey === null) g.dropped = true;
        if (g.dropped) break;
      }
      if (g.dropped) continue;
      for (const a of generated) {
        if (a === g) break;
        if (!clash(a, g)) continue;
        if (a.entity !== g.entity) {
          ambiguous.push(a, g);
        } else if (!a.dropped && same(a, g)) g.dropped = true;
      }
    }
    for (const e of ambiguous) e.dropped = true;
  }
}

function clashMessage(a: Entry, b: Entry, ids: readonly string[]): string {
  const what = a.alias === b.alias ? `alias ${JSON.stringify(a.alias)}` : `aliases ${JSON.stringify(a.alias)} and ${JSON.stringify(b.alias)} (the same once folded)`;
  return `${what} used by two entities: "${ids[a.entity]}" and "${ids[b.entity]}"`;
}

/** Compiles the catalog: validates every alias, generates inflected forms, builds the trie. Throws on bad aliases. */
export function buildIndex(entities: readonly IndexEntity[]): MatchIndex {
  const b = new Builder('buildIndex', null, estimateEdges(entities), null);
  b.add(entities);
  return b.finish();
}

/**
 * Adds entities (the reader's own) to an index: the result matches exactly as buildIndex([...its catalog, ...entities])
 * would, with the same checks, and throws the same errors (an alias of an index entity and a new one that can match
 * the same text names both). The index passed in is not changed and stays usable (copy-on-write); the work is
 * proportional to the new entities, plus a copy of the base's typed arrays.
 */
export function extendIndex(index: MatchIndex, entities: readonly IndexEntity[]): MatchIndex {
  if (entities.length === 0) return index;
  const b = new Builder('extendIndex', index, estimateEdges(entities), null);
  b.add(entities);
  return b.finish();
}

/**
 * extendIndex that never throws on the entities' data: whatever buildIndex would throw on (an entity without a usable
 * or with a repeated id, a bad alias, an alias another entity already has) is left out and reported. The index
 * matches as buildIndex over the catalog without the left-out entities and aliases would. The first to claim an
 * alias keeps it: an entity already in the index, then the new ones in order.
 */
export function tryExtendIndex(index: MatchIndex, entities: readonly IndexEntity[]): { index: MatchIndex; problems: IndexProblem[] } {
  const problems: IndexProblem[] = [];
  if (entities.length === 0) return { index, problems };
  const b = new Builder('tryExtendIndex', index, estimateEdges(entities), problems);
  b.add(entities);
  return { index: b.finish(), problems };
}

/** Number of distinct catalog aliases in the index (generated case forms not counted). */
export function aliasCount(index: MatchIndex): number {
  return index.aliases;
}

/** Every alias form the index matches, in priority order (for the oracle and tests). */
export function compiledForms(index: MatchIndex): CompiledForm[] {
  return allEntries(index)
    .filter((e) => !e.dropped)
    .map((e) => ({
      entityId: index.entityIds[e.entity]!,
      alias: e.alias,
      form: e.form,
      caseSensitive: e.keepKey !== null,
      needsContext: e.nc,
      order: e.order,
    }));
}

// ---------------------------------------------------------------------------------------------------------------
// Loading (serialize.ts stores only what cannot be derived; these hooks derive the rest and fingerprint the matcher)

/** @internal What loadIndex decoded: the stored tables, from which completeIndex derives the rest. */
export interface StoredTables {
  entityIds: string[];
  edges: number;
  /** Edges from the root, as stored (checked here). */
  roots: number;
  /** Per edge: edge + 1 - parent, 0 from the root. */
  edgeUp: Ints;
  /** Per edge: the length of its folded word. */
  edgeLen: Int32Array<ArrayBuffer>;
  /** Per edge: 0 from the root, 1 over a whitespace/dash gap, k + 2 over seps[k]. */
  edgeSep: Ints;
  seps: readonly string[];
  /** The edges' folded words one after the other: as a string, or already as UTF-16 units. */
  words: string | null;
  pool: Uint16Array<ArrayBuffer> | null;
  /** Per edge: the FNV-1a hash of its word, if stored (else computed here). */
  hashes: Int32Array<ArrayBuffer> | null;
  /** Per node + 1: where its live entries start in termList; the live entries by node (both range-checked by the caller). */
  termStart: Int32Array<ArrayBuffer>;
  termList: Int32Array<ArrayBuffer>;
  /** Live catalog aliases. */
  aliases: number;
  lazy: LazyEntries;
}

/** Samples of stored word hashes that completeIndex recomputes (a wrong hash would silently miss a word). */
const HASH_SAMPLES = 64;

/**
 * @internal For loadIndex: builds the index from its stored tables, checking the edges as it goes (an Error naming
 * the edge; entries are checked by the caller), and deriving what buildIndex computes anyway: children, pool offsets,
 * word and separator hashes, the edge hash table, the first-word filter. One pass over the edges (plus one over their
 * words unless the hashes are stored). The loops sit in small functions of their own, everything in locals: this
 * runs once per page, mostly before the JIT has looked at it, and a small function is optimized (on-stack) sooner.
 */
export function completeIndex(t: StoredTables): MatchIndex {
  const ne = t.edges;
  const sepStrings = t.seps;
  const sepHashes = new Int32Array(sepStrings.length + 2);
  sepHashes[0] = ROOT_H;
  sepHashes[1] = GAP_H;
  for (let k = 0; k < sepStrings.length; k++) {
    if (sepStrings[k] === '') throw new Error(`loadIndex: separator ${k} is empty`);
    sepHashes[k + 2] = sepHash(sepStrings[k]!);
  }
  const words = t.words;
  const pool = t.pool ?? new Uint16Array(words!.length);
  let tokHs = t.hashes;
  if (tokHs === null || words !== null) {
    const computed = hashWords(ne, t.edgeLen, words, pool);
    if (tokHs !== null) for (let e = 0; e < ne; e++) if (tokHs[e] !== computed[e]) throw new Error(`loadIndex: edge ${e} has a wrong word hash`);
    tokHs = computed;
  } else checkHashes(ne, t.edgeLen, pool, tokHs);
  const ix = new MatchIndex();
  deriveEdges(ix, t, tokHs, sepHashes, pool.length);
  ix.entityIds = t.entityIds;
  ix.entries = new Array<Entry>(t.lazy.flags.length);
  ix.lazy = t.lazy;
  ix.aliases = t.aliases;
  ix.termStart = t.termStart;
  ix.termList = t.termList;
  ix.edgeTokL = t.edgeLen;
  ix.edgeTokH = tokHs;
  ix.tokPool = pool;
  ix.poolLen = pool.length;
  return ix;
}

/** The FNV-1a hash of every edge's word, filling the pool from `words` when it is given as a string. */
function hashWords(ne: number, lens: Int32Array, words: string | null, pool: Uint16Array): Int32Array<ArrayBuffer> {
  const nUnits = pool.length;
  const out = new Int32Array(ne);
  let p = 0;
  for (let e = 0; e < ne; e++) {
    const len = lens[e]!;
    if (len <= 0 || p + len > nUnits) throw new Error(`loadIndex: edge ${e} is malformed (word length ${len})`);
    const end = p + len;
    let h = FNV_OFFSET;
    if (words !== null) {
      for (; p < end; p++) {
        const c = words.charCodeAt(p);
        pool[p] = c;
        h = Math.imul(h ^ c, FNV_PRIME);
      }
    } else for (; p < end; p++) h = Math.imul(h ^ pool[p]!, FNV_PRIME);
    out[e] = h;
  }
  return out;
}

/** Recomputes HASH_SAMPLES stored word hashes spread over the edges. */
function checkHashes(ne: number, lens: Int32Array, pool: Uint16Array, hashes: Int32Array): void {
  if (ne === 0) return;
  for (let k = 0, p = 0, e = 0; k < HASH_SAMPLES; k++) {
    const target = Math.floor((k * ne) / HASH_SAMPLES);
    for (; e < target; e++) p += lens[e]!;
    const len = lens[e]!;
    if (len <= 0 || p + len > pool.length) throw new Error(`loadIndex: edge ${e} is malformed (word length ${len})`);
    let h = FNV_OFFSET;
    for (let i = p; i < p + len; i++) h = Math.imul(h ^ pool[i]!, FNV_PRIME);
    if (h !== hashes[e]) throw new Error(`loadIndex: edge ${e} has a wrong word hash`);
  }
}

/** The edge tables, the edge hash table (at most half full, like buildIndex's) and the first-word filter. */
function deriveEdges(ix: MatchIndex, t: StoredTables, tokHs: Int32Array, sepHashes: Int32Array, nUnits: number): void {
  const ne = t.edges;
  const nodes = ne + 1;
  const up = t.edgeUp;
  const lens = t.edgeLen;
  const codes = t.edgeSep;
  const sepStrings = t.seps;
  const maxCode = sepStrings.length + 1;
  const parent = new Int32Array(ne);
  const child = new Int32Array(ne);
  const tokS = new Int32Array(ne);
  const sepHs = new Int32Array(ne);
  const edgeSep: string[] = new Array<string>(ne);
  const hasGap = new Uint8Array(nodes);
  const hasOther = new Uint8Array(nodes);
  let size = 16;
  while (size < ne * 2 + 2) size *= 2;
  const mask = size - 1;
  const slotEdge = new Int32Array(size);
  const slotHash = new Int32Array(size);
  // ~8 bits per root word, as finish() sizes it.
  let bits = 1024;
  while (bits < t.roots * 8 && bits < 1 << 22) bits *= 2;
  const bitsMask = bits - 1;
  const rootBits = new Int32Array(bits >>> 5);
  let roots = 0;
  let p = 0;
  for (let e = 0; e < ne; e++) {
    const d = up[e]!;
    const code = codes[e]!;
    const len = lens[e]!;
    if ((d === 0) !== (code === 0) || d < 0 || d > e || code < 0 || code > maxCode || len <= 0 || p + len > nUnits) {
      throw new Error(`loadIndex: edge ${e} is malformed (up ${d}, separator ${code}, word length ${len})`);
    }
    const pa = d === 0 ? 0 : e + 1 - d;
    parent[e] = pa;
    child[e] = e + 1;
    tokS[e] = p;
    p += len;
    const th = tokHs[e]!;
    const sh = sepHashes[code]!;
    sepHs[e] = sh;
    if (code === 0) {
      edgeSep[e] = '';
      roots++;
      const bit = (th ^ (th >>> 15)) & bitsMask;
      rootBits[bit >>> 5]! |= 1 << (bit & 31);
    } else if (code === 1) {
      edgeSep[e] = '';
      hasGap[pa] = 1;
    } else {
      edgeSep[e] = sepStrings[code - 2]!;
      hasOther[pa] = 1;
    }
    // mix(), inlined (the round-trip tests fail if the two ever differ).
    let h = th ^ Math.imul(pa + 1, 0x9e3779b1) ^ Math.imul(sh, 0x85ebca77);
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    let slot = h & mask;
    while (slotEdge[slot] !== 0) slot = (slot + 1) & mask;
    slotEdge[slot] = e + 1;
    slotHash[slot] = h;
  }
  if (p !== nUnits) throw new Error(`loadIndex: "words" has ${nUnits} units, the edges use ${p}`);
  if (roots !== t.roots) throw new Error(`loadIndex: "roots" is ${t.roots}, the edges have ${roots}`);
  ix.nodeCount = nodes;
  ix.edgeCount = ne;
  ix.edgeParent = parent;
  ix.edgeChild = child;
  ix.edgeTokS = tokS;
  ix.edgeSepH = sepHs;
  ix.edgeSep = edgeSep;
  ix.hasGap = hasGap;
  ix.hasOther = hasOther;
  ix.slotEdge = slotEdge;
  ix.slotHash = slotHash;
  ix.mask = mask;
  ix.rootBits = rootBits;
  ix.rootBitsMask = bitsMask;
}

/** Text the fingerprint runs through the tokenizer: every kind of separator, a soft hyphen, a mark opening a word. */
const PROBE_TEXT = 'Lukashenko’s  U.S. West–2017, «ОДКБ» x--y (a+)+$ Лука\u00adшенко \u0301Minsk ʼx “Q” A . B C++ #tag';
const PROBE_INFLECT: ReadonlyArray<[string, boolean]> = [
  ['Лукашенко', true], ['Лукашэнка', true], ['Макей', true], ['Суриков', true], ['Орлова', true], ['Тихановская', true],
  ['Владимир Путин', true], ['Минск', false], ['Москва', false], ['Беларусь', false], ['Расія', false], ['Литва', false],
  ['Союзное государство', false], ['Министерство обороны Беларуси', false], ['Искандер', false], ['Вилейка', false],
];
const fingerprints = new Map<string, string>();
const NO_ALIASES = new MatchIndex();

/**
 * @internal A hash of how this matcher, on this JavaScript engine, turns text into what the trie holds: the classes
 * and folds of `chars` (every code point of a catalog's forms) through the page tokenizer, the case-kept folds of
 * `caseChars` (those of its case-sensitive forms), the tokenizer's words, gaps and separators on a probe text, the hash
 * functions. A prebuilt index records it; loadIndex recomputes it, so an index built by a matcher (or a Unicode
 * version: folding relies on the engine's \p{…}, toUpperCase and NFD) that folds, splits or hashes differently — which
 * would silently match nothing, or the wrong thing — is refused. Runs the tokenizer findMentions uses anyway.
 */
export function matcherFingerprint(chars: string, caseChars: string): string {
  const cacheKey = `${chars}\u0000${caseChars}`;
  const cached = fingerprints.get(cacheKey);
  if (cached !== undefined) return cached;
  let h1 = FNV_OFFSET;
  let h2 = 0x6a09e667 | 0;
  const unit = (c: number): void => {
    h1 = Math.imul(h1 ^ c, FNV_PRIME);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  };
  const add = (s: string): void => {
    for (let i = 0; i < s.length; i++) unit(s.charCodeAt(i));
    unit(0xffff);
  };
  add(`${MAX_ALIAS_LENGTH} ${GAP_H} ${ROOT_H} ${ROOT_SALT} ${mix(7, GAP_H, 12345)} ${mix(0, ROOT_H, -5)} ${sepHash('.')} ${hashString('Минск')}`);
  // Each catalog code point on its own between spaces: its class decides the words, its fold their units.
  const spaced = (s: string): string => Array.from(s).join(' ');
  for (const probe of [PROBE_TEXT, spaced(chars)]) {
    const n = tokenize(probe, NO_ALIASES);
    for (let t = 0; t < n; t++) {
      for (let i = fS[t]!; i < fE[t]!; i++) unit(F[i]!);
      unit(tokS[t]!);
      unit(tokE[t]!);
      unit(tokH[t]!);
      if (t + 1 < n) {
        unit(gapAfter[t]!);
        if (!gapAfter[t]) add(canonSep(probe, tokE[t]!, tokS[t + 1]!, false));
      }
    }
  }
  if (caseChars !== '') {
    add(keepCaseKey(PROBE_TEXT, 0, PROBE_TEXT.length));
    const probe = spaced(caseChars);
    add(keepCaseKey(probe, 0, probe.length));
  }
  const fp = `${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}`;
  fingerprints.set(cacheKey, fp);
  return fp;
}

let inflection: string | null = null;

/**
 * @internal A hash of the Russian case forms inflectRu gives a set of probe names. Separate from matcherFingerprint
 * because running inflectRu the first time costs ~2 ms (its Unicode RegExps compile), which the page should not pay:
 * a prebuilt index with other case forms still matches what it holds. loadIndex checks it with { strict: true }.
 */
export function inflectionFingerprint(): string {
  if (inflection !== null) return inflection;
  let h = FNV_OFFSET;
  for (const [word, person] of PROBE_INFLECT) {
    const forms = inflectRu(word, { person }).join('|');
    for (let i = 0; i < forms.length; i++) h = Math.imul(h ^ forms.charCodeAt(i), FNV_PRIME);
    h = Math.imul(h ^ 0xffff, FNV_PRIME);
  }
  inflection = (h >>> 0).toString(36);
  return inflection;
}

// ---------------------------------------------------------------------------------------------------------------
// Match

/** Where the canonical separator in text[from, to) ends with `lead`: the original start offset, or -1. */
function leadStart(text: string, from: number, to: number, lead: string): number {
  let out = '';
  const pos: number[] = [];
  let lastSpace = false;
  for (let i = from; i < to; ) {
    const cp = text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    if (!isIgnorable(cp)) {
      const f = sepFoldCp(cp);
      if (f === ' ') {
        if (!lastSpace) {
          out += ' ';
          pos.push(i);
        }
        lastSpace = true;
      } else {
        lastSpace = false;
        for (const ch of f) {
          const folded = caseFoldCp(ch.codePointAt(0)!);
          for (let k = 0; k < folded.length; k++) pos.push(i);
          out += folded;
        }
      }
    }
    i += w;
  }
  if (!out.endsWith(lead)) return -1;
  return pos[out.length - lead.length]!;
}

/** Where the canonical separator in text[from, to) starts with `trail`: the original end offset, or -1. */
function trailEnd(text: string, from: number, to: number, trail: string): number {
  let out = '';
  let lastSpace = false;
  for (let i = from; i < to; ) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (isIgnorable(cp)) continue;
    const f = sepFoldCp(cp);
    if (f === ' ') {
      if (lastSpace) continue;
      lastSpace = true;
      out += ' ';
    } else {
      lastSpace = false;
      for (const ch of f) out += caseFoldCp(ch.codePointAt(0)!);
    }
    if (out.length >= trail.length) return out.startsWith(trail) && out.length === trail.length ? i : -1;
  }
  return -1;
}

/** findMentions options. */
export interface FindOptions {
  /** Entities already found elsewhere on the page: their needsContext aliases are allowed here. */
  context?: ReadonlySet<string>;
}

/** Mentions of the index's entities in `text`: sorted, non-overlapping, UTF-16 offsets into `text`. */
export function findMentions(text: string, index: MatchIndex, opts?: FindOptions): Mention[] {
  if (text.length === 0 || index.edgeCount === 0) return [];
  const nTok = tokenize(text, index);
  if (hitCount === 0) return [];
  const entries = index.entries;
  const termStart = index.termStart;
  const termList = index.termList;
  const hasGap = index.hasGap;
  const hasOther = index.hasOther;
  const cStart: number[] = [];
  const cEnd: number[] = [];
  const cEntry: number[] = [];

  for (let hIdx = 0; hIdx < hitCount; hIdx++) {
    const i = hitTok[hIdx]!;
    let node = hitNode[hIdx]!;
    let j = i;
    for (;;) {
      const t0 = termStart[node]!;
      const t1 = termStart[node + 1]!;
      for (let t = t0; t < t1; t++) {
        const ei = termList[t]!;
        const e = entries[ei] ?? entryAt(index, ei);
        let start = tokS[i]!;
        let end = tokE[j]!;
        if (e.lead !== '') {
          start = leadStart(text, i > 0 ? tokE[i - 1]! : 0, start, e.lead);
          if (start < 0) continue;
        }
        if (e.trail !== '') {
          end = trailEnd(text, end, j + 1 < nTok ? tokS[j + 1]! : text.length, e.trail);
          if (end < 0) continue;
        }
        if (e.keepKey !== null && keepCaseKey(text, start, end) !== e.keepKey) continue;
        cStart.push(start);
        cEnd.push(end);
        cEntry.push(ei);
      }
      if (j + 1 >= nTok) break;
      let child = -1;
      if (gapAfter[j]) {
        if (hasGap[node]) child = findChild(index, node, GAP_H, null, j + 1, tokH[j + 1]!);
      } else if (hasOther[node]) {
        const sep = canonSep(text, tokE[j]!, tokS[j + 1]!, false);
        child = findChild(index, node, sepHash(sep), sep, j + 1, tokH[j + 1]!);
      }
      if (child < 0) break;
      node = child;
      j++;
    }
  }
  if (cStart.length === 0) return [];
  return resolveCandidates(cStart, cEnd, cEntry, entries, index.entityIds, opts?.context);
}

/** Leftmost-longest selection with the needsContext rule (see the header). Shared by findMentions only. */
function resolveCandidates(
  cStart: number[],
  cEnd: number[],
  cEntry: number[],
  entries: Entry[],
  entityIds: string[],
  context: ReadonlySet<string> | undefined,
): Mention[] {
  const order = cStart.map((_, k) => k);
  order.sort((a, b) => cStart[a]! - cStart[b]! || cEnd[b]! - cEnd[a]! || cEntry[a]! - cEntry[b]!);
  let anyNc = false;
  for (const k of order) if (entries[cEntry[k]!]!.nc) anyNc = true;
  const inContext = new Set<number>();
  if (anyNc) {
    let lastEnd = -1;
    for (const k of order) {
      const e = entries[cEntry[k]!]!;
      if (e.nc || cStart[k]! < lastEnd) continue;
      inContext.add(e.entity);
      lastEnd = cEnd[k]!;
    }
  }
  const out: Mention[] = [];
  let lastEnd = -1;
  for (const k of order) {
    const e = entries[cEntry[k]!]!;
    if (e.nc && !inContext.has(e.entity) && !(context !== undefined && context.has(entityIds[e.entity]!))) continue;
    if (cStart[k]! < lastEnd) continue;
    out.push({ start: cStart[k]!, end: cEnd[k]!, entityId: entityIds[e.entity]!, alias: e.alias });
    lastEnd = cEnd[k]!;
  }
  return out;
}
