// Prebuilt match index: serializeIndex turns a MatchIndex into compact JSON at build time; loadIndex checks and revives it in the page.

/*
 * What is stored: the trie's edges (parent, folded word, separator, and in the 'fast' layout each word's hash), the
 * per-node entry lists, and the alias entries (flags, alias text, generated form, the rare non-default lead, trail or
 * case key) with the entity ids. loadIndex derives the rest (children, the edge hash table, the first-word filter)
 * in one pass over the edges, and never walks the entries: they stay arrays until a match needs one (LazyEntries in
 * matcher.ts). No tokenizing, folding or inflection: a 10,000-alias index loads in 2–5 ms warm, ~10–16 ms cold
 * (bench/results-matcher.md; buildIndex: 40 ms warm, 110–240 ms cold).
 *
 * Integer arrays are stored as base64 of little-endian 1-, 2- or 4-byte integers (the narrowest that fits), or as
 * plain JSON number arrays; loadIndex reads both. Base64 is the default: smaller, decoded natively
 * (Uint8Array.fromBase64, Buffer, atob), and in a bundle a string literal costs the JavaScript parser next to
 * nothing. Layouts: 'compact' keeps the folded words as a string and hashes them at load; 'fast' stores their UTF-16
 * units and hashes (bigger, no loop over characters); 'auto' picks by size (see the bench: bench/results-matcher.md).
 *
 * A stale index fails loudly. `format` and `version` name the layout (bump INDEX_VERSION when the stored fields or
 * their meaning change). `fingerprint` hashes how this matcher, on this engine, folds the catalog's characters,
 * tokenizes and hashes (matcherFingerprint); loadIndex recomputes it and throws on any difference, so an index from
 * another matcher or another Unicode version never silently matches nothing. Case forms from another inflect.ts still
 * match what they hold, so loadIndex leaves them to hasCurrentCaseForms (for tests of a shipped index). Lengths,
 * counts and cross-table indexes are checked at load (edges as they are walked), so a truncated or corrupt index
 * throws "loadIndex: …" naming the field; the one thing not checked up front, each entry's flags, entryAt checks
 * when it first reads an entry.
 */

import {
  allEntries,
  completeIndex,
  ENTRY_CASE,
  ENTRY_CONTEXT,
  ENTRY_DROPPED,
  ENTRY_GENERATED,
  inflectionFingerprint,
  matcherFingerprint,
  nodesOf,
  type Entry,
  type Ints,
  type LazyEntries,
  type MatchIndex,
} from './matcher';

export const INDEX_FORMAT = 'backstory-match-index';
/** Layout version of SerializedIndex; bump it whenever the stored fields or their meaning change. */
export const INDEX_VERSION = 1;
/** The 'auto' layout is 'fast' from this many trie edges on (~1,000 aliases); below, computing is cheaper than shipping. */
export const FAST_LAYOUT_EDGES = 2048;

/** An integer array as JSON: plain numbers, or little-endian integers of `w` bytes in base64. */
export type PackedInts = number[] | { w: 1 | 2 | 4; b64: string };

/** A MatchIndex as JSON (JSON.stringify / JSON.parse keep it intact; so does esbuild's JSON loader). */
export interface SerializedIndex {
  format: typeof INDEX_FORMAT;
  version: number;
  /** matcherFingerprint(chars, caseChars) of the matcher that built it: how it folds, tokenizes and hashes. */
  fingerprint: string;
  /** inflectionFingerprint() of the matcher that built it: its Russian case forms (see hasCurrentCaseForms). */
  inflection: string;
  /** Every distinct code point of the index's alias forms, sorted. */
  chars: string;
  /** Every distinct code point of its case-sensitive forms, sorted. */
  caseChars: string;
  entityIds: string[];
  /** Number of trie edges; the trie has edges + 1 nodes (edge e leads to node e + 1). */
  edges: number;
  /** How many edges leave the root (first words of aliases). */
  roots: number;
  /** Per edge: its child minus its parent (edge e + 1 - parent), 0 for an edge from the root. */
  edgeUp: PackedInts;
  /** Per edge: the length of its folded word in `words`. */
  edgeLen: PackedInts;
  /** Per edge: 0 from the root, 1 over whitespace/one dash, k + 2 over the canonical separator seps[k]. */
  edgeSep: PackedInts;
  seps: string[];
  /** The folded words of all edges, in edge order: a string ('compact' layout) or its UTF-16 units ('fast'). */
  words: string | PackedInts;
  /** 'fast' layout only: per edge, the FNV-1a hash of its folded word (signed 32-bit). */
  edgeHash?: PackedInts;
  /** Per entity: how many catalog aliases (entries that are not generated forms) it has, left-out ones included. */
  entityAliases: PackedInts;
  /** Per catalog alias: how many generated forms (entries) follow it. */
  aliasForms: PackedInts;
  /** Per entry: 1 generated form, 2 dropped, 4 case-sensitive, 8 needsContext. */
  entryFlags: PackedInts;
  /** Per node, and one more: where the node's live entries start in termList (the last item is termList's length). */
  termStart: PackedInts;
  /** The live entries, node by node, in catalog order within a node. */
  termList: PackedInts;
  /** Dropped entries and their nodes: entry, node + 1 (0: left out of the trie by tryExtendIndex), entry, … */
  dropped: PackedInts;
  /** How many catalog aliases are live (aliasCount). */
  aliasCount: number;
  /** Per catalog alias, in order: the alias as the catalog wrote it (its form is the alias trimmed). */
  aliases: string[];
  /** Per generated entry, in order: its form (entity and alias are those of the catalog entry before it). */
  forms: string[];
  /** Entries with a lead or trail separator, or a case key other than the form: [entry, lead, trail, key | null]. */
  special: Array<[number, string, string, string | null]>;
}

export interface SerializeOptions {
  /** 'base64' (default): little-endian integers in base64; 'numbers': plain JSON number arrays. */
  encoding?: 'base64' | 'numbers';
  /**
   * 'compact' stores the folded words as a string and loadIndex hashes them; 'fast' stores the words' UTF-16 units
   * and their hashes, so loading runs no loop over characters (larger: +4 bytes per edge, words as 2 bytes per unit).
   * 'auto' (default): 'fast' from FAST_LAYOUT_EDGES edges on.
   */
  layout?: 'compact' | 'fast' | 'auto';
}

const GENERATED = ENTRY_GENERATED;
const DROPPED = ENTRY_DROPPED;
const CASE = ENTRY_CASE;
const CONTEXT = ENTRY_CONTEXT;

// ---------------------------------------------------------------------------------------------------------------
// Base64 of little-endian integers

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >>> 18]! + B64[(n >>> 12) & 63]! + B64[(n >>> 6) & 63]! + B64[n & 63]!;
    if (out.length >= 8192) {
      parts.push(out);
      out = '';
    }
  }
  if (i < bytes.length) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += B64[n >>> 18]! + B64[(n >>> 12) & 63]! + (i + 1 < bytes.length ? B64[(n >>> 6) & 63]! : '=') + '=';
  }
  parts.push(out);
  return parts.join('');
}

interface Base64Natives {
  fromBase64?: (s: string) => Uint8Array;
}
interface NodeBuffer {
  from(s: string, enc: 'base64'): Uint8Array;
}

/**
 * Decodes base64 with the fastest decoder at hand (Uint8Array.fromBase64, Node's Buffer, atob); null if it is
 * malformed. Buffer skips characters outside the alphabet instead of failing, so callers also check the length.
 */
function fromBase64(s: string): Uint8Array | null {
  if (s.length % 4 !== 0) return null;
  try {
    return decodeBase64(s);
  } catch {
    return null;
  }
}

function decodeBase64(s: string): Uint8Array {
  const native = (Uint8Array as unknown as Base64Natives).fromBase64;
  if (typeof native === 'function') return native.call(Uint8Array, s);
  const buffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;
  if (buffer) {
    const b = buffer.from(s, 'base64');
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  }
  // Every target has atob (browsers, Node 16+); it throws on characters outside the alphabet.
  const bin = atob(s);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function pack(values: ArrayLike<number>, n: number, encoding: 'base64' | 'numbers', signed = false): PackedInts {
  if (encoding === 'numbers') return Array.from({ length: n }, (_, i) => values[i]!);
  let max = 0;
  for (let i = 0; i < n; i++) if (values[i]! > max) max = values[i]!;
  const w = signed ? 4 : max < 256 ? 1 : max < 65536 ? 2 : 4;
  const bytes = new Uint8Array(n * w);
  for (let i = 0, o = 0; i < n; i++) {
    const v = values[i]!;
    bytes[o++] = v & 255;
    if (w > 1) bytes[o++] = (v >>> 8) & 255;
    if (w > 2) {
      bytes[o++] = (v >>> 16) & 255;
      bytes[o++] = (v >>> 24) & 255;
    }
  }
  return { w, b64: toBase64(bytes) };
}

// ---------------------------------------------------------------------------------------------------------------
// Serialize

/** Every distinct code point of the entries' forms (of the case-sensitive ones only with `caseOnly`), sorted: what the fingerprint folds. */
function formChars(entries: readonly Entry[], caseOnly: boolean): string {
  const seen = new Set<number>();
  for (const e of entries) if (!caseOnly || e.keepKey !== null) for (const ch of e.form) seen.add(ch.codePointAt(0)!);
  return [...seen].sort((a, b) => a - b).map((cp) => String.fromCodePoint(cp)).join('');
}

/** The index as a JSON-safe object that loadIndex turns back into an identical index. */
export function serializeIndex(index: MatchIndex, options: SerializeOptions = {}): SerializedIndex {
  const encoding = options.encoding ?? 'base64';
  const ne = index.edgeCount;
  const layout = options.layout === undefined || options.layout === 'auto' ? (ne >= FAST_LAYOUT_EDGES ? 'fast' : 'compact') : options.layout;
  const es = allEntries(index);
  const up = new Int32Array(ne);
  const sepCode = new Int32Array(ne);
  const seps: string[] = [];
  const sepIds = new Map<string, number>();
  let roots = 0;
  for (let e = 0; e < ne; e++) {
    const parent = index.edgeParent[e]!;
    up[e] = parent === 0 ? 0 : e + 1 - parent;
    const sep = index.edgeSep[e]!;
    if (parent === 0) {
      sepCode[e] = 0;
      roots++;
    } else if (sep === '') sepCode[e] = 1;
    else {
      let k = sepIds.get(sep);
      if (k === undefined) {
        k = seps.length;
        seps.push(sep);
        sepIds.set(sep, k);
      }
      sepCode[e] = k + 2;
    }
  }
  // Edge words lie in the pool one after the other, in edge order (the builder appends each new edge's word).
  const poolLen = ne === 0 ? 0 : index.edgeTokS[ne - 1]! + index.edgeTokL[ne - 1]!;
  const pool = index.tokPool.subarray(0, poolLen);
  let words: string | PackedInts;
  if (layout === 'fast') words = pack(pool, poolLen, encoding);
  else {
    const chunks: string[] = [];
    for (let i = 0; i < poolLen; i += 4096) chunks.push(String.fromCharCode(...pool.subarray(i, Math.min(poolLen, i + 4096))));
    words = chunks.join('');
  }

  const entityAliases = new Int32Array(index.entityIds.length);
  const flags = new Int32Array(es.length);
  const entryNode = nodesOf(index);
  const aliases: string[] = [];
  const aliasForms: number[] = [];
  const forms: string[] = [];
  const dropped: number[] = [];
  const special: SerializedIndex['special'] = [];
  let prev: Entry | null = null;
  es.forEach((e, i) => {
    flags[i] = (e.generated ? GENERATED : 0) | (e.dropped ? DROPPED : 0) | (e.keepKey !== null ? CASE : 0) | (e.nc ? CONTEXT : 0);
    if (e.dropped) dropped.push(i, entryNode[i]! + 1);
    if (e.generated) {
      if (!prev || prev.entity !== e.entity || prev.alias !== e.alias) throw new Error('serializeIndex: a generated form does not follow its catalog alias');
      forms.push(e.form);
      aliasForms[aliasForms.length - 1]!++;
    } else {
      if (e.form !== e.alias.trim()) throw new Error(`serializeIndex: alias ${JSON.stringify(e.alias)} has an unexpected form`);
      entityAliases[e.entity]!++;
      aliases.push(e.alias);
      aliasForms.push(0);
      prev = e;
    }
    if (e.lead !== '' || e.trail !== '' || (e.keepKey !== null && e.keepKey !== e.form)) {
      special.push([i, e.lead, e.trail, e.keepKey !== null && e.keepKey !== e.form ? e.keepKey : null]);
    }
  });
  const chars = formChars(es, false);
  const caseChars = formChars(es, true);
  const out: SerializedIndex = {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    fingerprint: matcherFingerprint(chars, caseChars),
    inflection: inflectionFingerprint(),
    chars,
    caseChars,
    entityIds: index.entityIds.slice(),
    edges: ne,
    roots,
    edgeUp: pack(up, ne, encoding),
    edgeLen: pack(index.edgeTokL, ne, encoding),
    edgeSep: pack(sepCode, ne, encoding),
    seps,
    words,
    entityAliases: pack(entityAliases, entityAliases.length, encoding),
    aliasForms: pack(aliasForms, aliasForms.length, encoding),
    entryFlags: pack(flags, es.length, encoding),
    termStart: pack(index.termStart, index.nodeCount + 1, encoding),
    termList: pack(index.termList, index.termList.length, encoding),
    dropped: pack(dropped, dropped.length, encoding),
    aliasCount: index.aliases,
    aliases,
    forms,
    special,
  };
  if (layout === 'fast') out.edgeHash = pack(index.edgeTokH, ne, encoding, true);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Load

function bad(what: string): Error {
  return new Error(`loadIndex: ${what}`);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function count(s: Record<string, unknown>, key: string): number {
  const v = s[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0x7fffffff) throw bad(`"${key}" is not a count (${JSON.stringify(v)})`);
  return v;
}

function strings(s: Record<string, unknown>, key: string): string[] {
  const v = s[key];
  if (!Array.isArray(v)) throw bad(`"${key}" is not an array of strings`);
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') throw bad(`"${key}"[${i}] is not a string`);
  return v as string[];
}

function text(s: Record<string, unknown>, key: string): string {
  const v = s[key];
  if (typeof v !== 'string') throw bad(`"${key}" is not a string`);
  return v;
}

/**
 * Decodes a PackedInts field of `n` values (n < 0: as many as it holds) into a typed array as narrow as it was stored
 * (no copy where the decoded bytes can be viewed). Number arrays are checked value by value (non-negative integers,
 * or any int32 with `signed`); base64 values are unsigned by construction except 4-byte ones, which the callers
 * range-check where they use them.
 */
function unpack(s: Record<string, unknown>, key: string, n: number, signed = false): Ints {
  const v = s[key];
  if (Array.isArray(v)) {
    if (n >= 0 && v.length !== n) throw bad(`"${key}" has ${v.length} values, expected ${n}`);
    const out = new Int32Array(v.length);
    const min = signed ? -0x80000000 : 0;
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x !== 'number' || !(x >= min && x <= 0x7fffffff) || x % 1 !== 0) throw bad(`"${key}"[${i}] is not a${signed ? 'n' : ' non-negative'} integer`);
      out[i] = x;
    }
    return out;
  }
  if (!isRecord(v) || (v.w !== 1 && v.w !== 2 && v.w !== 4) || typeof v.b64 !== 'string') throw bad(`"${key}" is neither a number array nor {w, b64}`);
  const w = v.w;
  if (signed && w !== 4) throw bad(`"${key}" must hold 4-byte values`);
  const bytes = fromBase64(v.b64);
  if (!bytes) throw bad(`"${key}" is not valid base64`);
  if (n < 0) {
    if (bytes.length % w !== 0) throw bad(`"${key}" has ${bytes.length} bytes, not a whole number of ${w}-byte values`);
    n = bytes.length / w;
  }
  if (bytes.length !== n * w) throw bad(`"${key}" has ${bytes.length} bytes, expected ${n} values of ${w} bytes`);
  if (w === 1) return bytes;
  if (!LITTLE_ENDIAN) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    if (w === 2) return Uint16Array.from({ length: n }, (_, i) => view.getUint16(i * 2, true));
    return Int32Array.from({ length: n }, (_, i) => view.getInt32(i * 4, true));
  }
  const aligned = bytes.byteOffset % w === 0 ? bytes : bytes.slice();
  return w === 2 ? new Uint16Array(aligned.buffer, aligned.byteOffset, n) : new Int32Array(aligned.buffer, aligned.byteOffset, n);
}

/** An Int32Array of the values (the array itself when it is one). */
function int32(a: Ints): Int32Array<ArrayBuffer> {
  return a instanceof Int32Array && a.buffer instanceof ArrayBuffer ? (a as Int32Array<ArrayBuffer>) : new Int32Array(a);
}

/**
 * Revives a serialized index. Throws an Error saying what is wrong for anything that is not a SerializedIndex of this
 * layout version, built by a matcher that compiles aliases the way this one does ("stale prebuilt index … rebuild it").
 * Entries stay arrays until a match needs one (see LazyEntries), so loading costs a few loops over typed arrays.
 */
export function loadIndex(s: SerializedIndex): MatchIndex {
  const raw: unknown = s;
  if (!isRecord(raw) || raw.format !== INDEX_FORMAT) throw bad(`not a serialized match index (expected format "${INDEX_FORMAT}")`);
  if (raw.version !== INDEX_VERSION) {
    throw bad(`stale prebuilt index: layout version ${JSON.stringify(raw.version)}, this matcher reads version ${INDEX_VERSION}; rebuild it (npm run dataset:build)`);
  }
  const chars = text(raw, 'chars');
  const caseChars = text(raw, 'caseChars');
  if (text(raw, 'fingerprint') !== matcherFingerprint(chars, caseChars)) {
    throw bad('stale prebuilt index: it was built by a matcher that folds, tokenizes or hashes differently; rebuild it (npm run dataset:build)');
  }
  text(raw, 'inflection');
  const entityIds = strings(raw, 'entityIds');
  const ne = count(raw, 'edges');
  const roots = count(raw, 'roots');
  const nodes = ne + 1;
  const edgeUp = unpack(raw, 'edgeUp', ne);
  const edgeLen = int32(unpack(raw, 'edgeLen', ne));
  const edgeSep = unpack(raw, 'edgeSep', ne);
  const seps = strings(raw, 'seps');
  let words: string | null = null;
  let pool: Uint16Array<ArrayBuffer> | null = null;
  if (typeof raw.words === 'string') words = raw.words;
  else if (!Array.isArray(raw.words) && !isRecord(raw.words)) throw bad('"words" is neither a string nor UTF-16 units (a number array or {w, b64})');
  else {
    const units = unpack(raw, 'words', -1);
    // Uint16Array would wrap larger values silently; a fast index holds UTF-16 units only.
    if (units instanceof Int32Array) for (let i = 0; i < units.length; i++) if (units[i]! > 0xffff) throw bad(`"words"[${i}] is not a UTF-16 unit`);
    pool = units instanceof Uint16Array && units.buffer instanceof ArrayBuffer ? (units as Uint16Array<ArrayBuffer>) : new Uint16Array(units);
  }
  const hashes = raw.edgeHash === undefined ? null : int32(unpack(raw, 'edgeHash', ne, true));
  if (hashes !== null && pool === null) throw bad('"edgeHash" comes only with "words" as UTF-16 units (the fast layout)');

  // Entries: the catalog aliases and their generated forms in entry order (prefix sums give each alias its entry),
  // entities by their aliases. No pass over the entries themselves: entryAt reads them when a match needs one.
  const nEntities = entityIds.length;
  const perEntity = unpack(raw, 'entityAliases', nEntities);
  const aliases = strings(raw, 'aliases');
  const forms = strings(raw, 'forms');
  const nAliases = aliases.length;
  const nForms = forms.length;
  const n = nAliases + nForms;
  const entityStart = new Int32Array(nEntities);
  let sum = 0;
  for (let j = 0; j < nEntities; j++) {
    entityStart[j] = sum;
    sum += perEntity[j]!;
  }
  if (sum !== nAliases) throw bad(`"entityAliases" counts ${sum} catalog aliases, "aliases" holds ${nAliases}`);
  const perAlias = unpack(raw, 'aliasForms', nAliases);
  const aliasEntry = new Int32Array(nAliases);
  sum = 0;
  for (let k = 0; k < nAliases; k++) {
    aliasEntry[k] = sum;
    sum += 1 + perAlias[k]!;
  }
  if (sum !== n) throw bad(`"aliasForms" counts ${sum - nAliases} generated forms, "forms" holds ${nForms}`);
  const flags = unpack(raw, 'entryFlags', n);

  // Per-node lists: starts non-decreasing from 0 to the list's end, list items name entries.
  const termStart = int32(unpack(raw, 'termStart', nodes + 1));
  const live = termStart[nodes]!;
  const termList = int32(unpack(raw, 'termList', live));
  if (termStart[0] !== 0) throw bad('"termStart" does not start at 0');
  for (let k = 0; k < nodes; k++) if (!(termStart[k]! <= termStart[k + 1]!)) throw bad(`"termStart" decreases at node ${k}`);
  for (let t = 0; t < live; t++) if (!(termList[t]! < n)) throw bad(`"termList"[${t}] names no entry`);
  const droppedRaw = unpack(raw, 'dropped', -1);
  if (droppedRaw.length % 2 !== 0 || live + droppedRaw.length / 2 !== n) throw bad(`"termList" and "dropped" hold ${live} + ${droppedRaw.length / 2} entries, not ${n}`);
  const dropped = new Map<number, number>();
  for (let d = 0; d < droppedRaw.length; d += 2) {
    const i = droppedRaw[d]!;
    const node = droppedRaw[d + 1]! - 1;
    if (!(i < n) || node < -1 || node >= nodes || (flags[i]! & DROPPED) === 0) throw bad(`"dropped" item ${d / 2} (entry ${i}, node ${node}) is malformed`);
    dropped.set(i, node);
  }
  const aliasCount = count(raw, 'aliasCount');
  if (aliasCount > nAliases) throw bad(`"aliasCount" is ${aliasCount}, more than the ${nAliases} aliases`);
  const specialRaw: unknown = raw.special;
  if (!Array.isArray(specialRaw)) throw bad('"special" is not an array');
  const special = new Map<number, readonly [string, string, string | null]>();
  for (const sp of specialRaw as unknown[]) {
    if (!Array.isArray(sp) || sp.length !== 4) throw bad('"special" holds a malformed item');
    const [i, lead, trail, key] = sp as unknown[];
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= n) throw bad('"special" names an entry out of range');
    if (typeof lead !== 'string' || typeof trail !== 'string' || (key !== null && typeof key !== 'string')) throw bad(`"special" item for entry ${i} is malformed`);
    if (key !== null && (flags[i]! & CASE) === 0) throw bad(`"special" gives a case key to entry ${i}, which is not case-sensitive`);
    special.set(i, [lead, trail, key]);
  }

  const lazy: LazyEntries = { flags, aliasEntry, entityStart, aliases: aliases.slice(), forms: forms.slice(), special, dropped };
  // The edges are checked while completeIndex walks them.
  return completeIndex({ entityIds: entityIds.slice(), edges: ne, roots, edgeUp, edgeLen, edgeSep, seps, words, pool, hashes, termStart, termList, aliases: aliasCount, lazy });
}

/**
 * Whether the index's Russian case forms are the ones this matcher's inflectRu generates. loadIndex does not check it:
 * running inflectRu costs ~2 ms the first time (and would pull inflect.ts into a bundle that only loads indexes), and
 * an index with other case forms still matches exactly what it holds. A test of a shipped prebuilt index should.
 */
export function hasCurrentCaseForms(s: SerializedIndex): boolean {
  return isRecord(s) && s.inflection === inflectionFingerprint();
}
