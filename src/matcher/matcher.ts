// The fast mention matcher: buildIndex compiles every alias form into a token trie once; findMentions scans the text once.

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

interface Entry {
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

/** The compiled catalog. Opaque outside this module: build it with buildIndex, read it with findMentions. */
export class MatchIndex {
  /** @internal */ readonly entityIds: string[] = [];
  /** @internal */ readonly entries: Entry[] = [];
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

function aliasError(entityId: string, text: unknown, problem: string): Error {
  return new Error(`buildIndex: alias ${JSON.stringify(text)} of entity "${entityId}" ${problem}`);
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

class Builder {
  readonly index = new MatchIndex();
  private nodeEntries: Array<number[] | null> = [null];
  private gap: number[] = [0];
  private other: number[] = [0];

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
      const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      ix.edgeParent = grow(ix.edgeParent);
      ix.edgeSepH = grow(ix.edgeSepH);
      ix.edgeChild = grow(ix.edgeChild);
      ix.edgeTokS = grow(ix.edgeTokS);
      ix.edgeTokL = grow(ix.edgeTokL);
      ix.edgeTokH = grow(ix.edgeTokH);
    }
    if (ix.poolLen + len > ix.tokPool.length) {
      const pool = new Uint16Array(Math.max(ix.tokPool.length * 2, ix.poolLen + len));
      pool.set(ix.tokPool);
      ix.tokPool = pool;
    }
    ix.tokPool.set(F.subarray(from, from + len), ix.poolLen);
    const child = ix.nodeCount++;
    this.nodeEntries.push(null);
    this.gap.push(0);
    this.other.push(0);
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
    if (sepH === GAP_H) this.gap[parent] = 1;
    else if (sepH !== ROOT_H) this.other[parent] = 1;
    if (ix.edgeCount * 2 > ix.mask) this.rehash();
    return child;
  }

  private rehash(): void {
    const ix = this.index;
    const size = (ix.mask + 1) * 4;
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

  /** Sizes the edge table for about `edges` edges up front, so that building rarely rehashes. */
  reserve(edges: number): void {
    const ix = this.index;
    let size = 16;
    while (size < edges * 2) size *= 2;
    ix.slotEdge = new Int32Array(size);
    ix.slotHash = new Int32Array(size);
    ix.mask = size - 1;
  }

  /** Adds one surface form; returns false if it has no word at all (possible only for a generated form). */
  addForm(entity: number, alias: string, form: string, cs: boolean, nc: boolean, generated: boolean): boolean {
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
    const entry: Entry = {
      entity,
      alias,
      form,
      lead: tokS[0] === 0 ? '' : canonSep(form, 0, tokS[0]!, false),
      trail: tokE[nTok - 1] === form.length ? '' : canonSep(form, tokE[nTok - 1]!, form.length, false),
      keepKey: cs ? keepCaseKey(form, 0, form.length) : null,
      nc,
      generated,
      order: ix.entries.length,
      dropped: false,
    };
    ix.entries.push(entry);
    const list = this.nodeEntries[node];
    if (list) list.push(entry.order);
    else this.nodeEntries[node] = [entry.order];
    return true;
  }

  /** Applies the collision rules at every node, then freezes the per-node tables. */
  finish(): MatchIndex {
    const ix = this.index;
    const nodes = ix.nodeCount;
    const termStart = new Int32Array(nodes + 1);
    const list: number[] = [];
    for (let node = 0; node < nodes; node++) {
      termStart[node] = list.length;
      const ids = this.nodeEntries[node];
      if (!ids) continue;
      if (ids.length > 1) this.resolve(ids);
      for (const i of ids) if (!ix.entries[i]!.dropped) list.push(i);
    }
    termStart[nodes] = list.length;
    ix.termStart = termStart;
    ix.termList = Int32Array.from(list);
    let roots = 0;
    for (let e = 0; e < ix.edgeCount; e++) if (ix.edgeParent[e] === 0) roots++;
    let bits = 1024;
    while (bits < roots * 8 && bits < 1 << 22) bits *= 2;
    ix.rootBits = new Int32Array(bits >>> 5);
    ix.rootBitsMask = bits - 1;
    for (let e = 0; e < ix.edgeCount; e++) {
      if (ix.edgeParent[e] !== 0) continue;
      const h = ix.edgeTokH[e]!;
      const bit = (h ^ (h >>> 15)) & ix.rootBitsMask;
      ix.rootBits[bit >>> 5]! |= 1 << (bit & 31);
    }
    ix.hasGap = Uint8Array.from(this.gap);
    ix.hasOther = Uint8Array.from(this.other);
    ix.aliases = ix.entries.filter((e) => !e.dropped && !e.generated).length;
    return ix;
  }

  private resolve(ids: number[]): void {
    const es = this.index.entries;
    const ids2 = this.index.entityIds;
    // Two entries can match the same text unless both are case-sensitive with different case.
    const clash = (a: Entry, b: Entry): boolean =>
      a.lead === b.lead && a.trail === b.trail && !(a.keepKey !== null && b.keepKey !== null && a.keepKey !== b.keepKey);
    const same = (a: Entry, b: Entry): boolean => (a.keepKey === null) === (b.keepKey === null) && a.keepKey === b.keepKey;
    const explicit = ids.map((i) => es[i]!).filter((e) => !e.generated);
    const generated = ids.map((i) => es[i]!).filter((e) => e.generated);
    for (let x = 0; x < explicit.length; x++) {
      const b = explicit[x]!;
      for (let y = 0; y < x; y++) {
        const a = explicit[y]!;
        if (a.dropped || !clash(a, b)) continue;
        if (a.entity !== b.entity) {
          const what = a.alias === b.alias ? `alias ${JSON.stringify(a.alias)}` : `aliases ${JSON.stringify(a.alias)} and ${JSON.stringify(b.alias)} (the same once folded)`;
          throw new Error(`buildIndex: ${what} used by two entities: "${ids2[a.entity]}" and "${ids2[b.entity]}"`);
        }
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

/** Compiles the catalog: validates every alias, generates inflected forms, builds the trie. Throws on bad aliases. */
export function buildIndex(entities: readonly IndexEntity[]): MatchIndex {
  const b = new Builder();
  // Edges ≈ words of all forms; a Russian alias brings about a dozen case forms sharing few edges with it.
  let estimate = 0;
  for (const e of entities) {
    if (!Array.isArray(e.aliases)) continue;
    for (const a of e.aliases) estimate += a?.inflect === 'ru' ? 24 : 3;
  }
  b.reserve(Math.max(estimate, 8));
  const ix = b.index;
  const seen = new Set<string>();
  entities.forEach((entity, ei) => {
    const id = entity.id;
    if (typeof id !== 'string' || id === '') throw new Error(`buildIndex: entity #${ei} has no id`);
    if (seen.has(id)) throw new Error(`buildIndex: entity id "${id}" appears twice`);
    seen.add(id);
    ix.entityIds.push(id);
    if (!Array.isArray(entity.aliases)) throw new Error(`buildIndex: entity "${id}" has no aliases array`);
    for (const spec of entity.aliases) {
      const raw: unknown = spec?.text;
      if (typeof raw !== 'string') throw aliasError(id, raw, 'is not a string');
      const text = raw.trim();
      if (text === '') throw aliasError(id, raw, 'is empty');
      if (raw.length > MAX_ALIAS_LENGTH) throw aliasError(id, raw, `is longer than ${MAX_ALIAS_LENGTH} characters (${raw.length})`);
      if (!hasLetterOrDigit(text)) throw aliasError(id, raw, 'has no letter or digit');
      const cs = spec.caseSensitive ?? isAcronym(text);
      const nc = spec.needsContext === true;
      if (!b.addForm(ei, raw, text, cs, nc, false)) throw aliasError(id, raw, 'has no word to match');
      if (spec.inflect === 'ru') {
        const forms = inflectRu(text, { person: entity.type === 'person' });
        for (let f = 1; f < forms.length; f++) b.addForm(ei, raw, forms[f]!, cs, nc, true);
      }
    }
  });
  return b.finish();
}

/** Number of distinct catalog aliases in the index (generated case forms not counted). */
export function aliasCount(index: MatchIndex): number {
  return index.aliases;
}

/** Every alias form the index matches, in priority order (for the oracle and tests). */
export function compiledForms(index: MatchIndex): CompiledForm[] {
  return index.entries
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
        const e = entries[ei]!;
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
