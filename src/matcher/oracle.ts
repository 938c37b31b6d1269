// A slow, obviously-correct reference matcher (one RegExp per alias form over a folded copy of the text) to cross-check the fast one.

/*
 * Same rules as matcher.ts (see its header), written the plain way: fold the whole text code point by code point,
 * remembering where each folded unit came from; turn each alias form into a RegExp with Unicode-aware lookarounds
 * instead of \b; try it at every position; then pick leftmost-longest matches. It shares with the fast matcher only
 * the per-character folding primitives (normalize.ts) and the list of alias forms (compiledForms), so a bug in the
 * tokenizer, the trie, the separator rules or the offsets shows up as a difference.
 */

import type { Mention } from '../types';
import { compiledForms, type CompiledForm, type MatchIndex } from './matcher';
import { CLS_IGNORE, CLS_MARK, cpClass, isWordClass, keepCaseFoldCp, sepFoldCp } from './normalize';

interface Folded {
  text: string;
  /** Original start / end offset of each folded UTF-16 unit. */
  starts: number[];
  ends: number[];
}

/** Folds for diacritics and punctuation (not case: the `i` flag does that), drops ignorables, keeps an offset map. */
export function oracleFold(s: string): Folded {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let prevWord = false;
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const k = cpClass(cp);
    if (k === CLS_IGNORE) {
      i += w;
      continue;
    }
    const word = isWordClass(k);
    let f: string;
    if (k === CLS_MARK && prevWord) {
      // A mark belongs to the letter before it: it vanishes, and that letter's unit now ends after it.
      if (ends.length > 0) ends[ends.length - 1] = i + w;
      f = '';
    } else if (k === CLS_MARK) f = String.fromCodePoint(cp);
    else if (word) f = keepCaseFoldCp(cp);
    else f = sepFoldCp(cp);
    for (let u = 0; u < f.length; u++) {
      starts.push(i);
      ends.push(i + w);
    }
    text += f;
    prevWord = word;
    i += w;
  }
  return { text, starts, ends };
}

const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}]';
const escapeRe = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
/** Separator text: any run of spaces in the alias stands for any run of whitespace in the text. */
const sepRe = (s: string): string => escapeRe(s.replace(/ +/g, ' ')).replace(/ /g, ' +');

/** The RegExp source of one alias form. */
export function oraclePattern(form: string): string {
  const f = oracleFold(form).text;
  const runs = f.match(/[\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+/gu) ?? [];
  let src = '';
  runs.forEach((run, k) => {
    const isWord = /^[\p{L}\p{M}\p{N}]/u.test(run);
    if (isWord) {
      if (k === 0) src += `(?<!${WORD_CHAR})`;
      src += escapeRe(run);
      if (k === runs.length - 1) src += `(?!${WORD_CHAR})`;
    } else if (k > 0 && k < runs.length - 1 && /^ *-? *$/.test(run)) {
      src += '(?: +| *- *)';
    } else src += sepRe(run);
  });
  return src;
}

interface Candidate {
  start: number;
  end: number;
  form: CompiledForm;
}

/** Every match of every alias form, at every position (overlaps included). */
export function oracleCandidates(text: string, index: MatchIndex): Candidate[] {
  const folded = oracleFold(text);
  const out: Candidate[] = [];
  for (const form of compiledForms(index)) {
    const re = new RegExp(oraclePattern(form.form), form.caseSensitive ? 'gu' : 'giu');
    let from = 0;
    while (from <= folded.text.length) {
      re.lastIndex = from;
      const m = re.exec(folded.text);
      if (!m) break;
      if (m[0].length > 0) {
        out.push({ start: folded.starts[m.index]!, end: folded.ends[m.index + m[0].length - 1]!, form });
      }
      from = m.index + (folded.text.codePointAt(m.index)! > 0xffff ? 2 : 1);
    }
  }
  return out;
}

/** The reference findMentions. */
export function oracleFindMentions(text: string, index: MatchIndex, opts?: { context?: ReadonlySet<string> }): Mention[] {
  const all = oracleCandidates(text, index);
  all.sort((a, b) => a.start - b.start || b.end - a.end || a.form.order - b.form.order);
  const pick = (allowed: (c: Candidate) => boolean): Candidate[] => {
    const kept: Candidate[] = [];
    for (const c of all) {
      if (!allowed(c)) continue;
      const last = kept[kept.length - 1];
      if (last && c.start < last.end) continue;
      kept.push(c);
    }
    return kept;
  };
  const context = new Set(opts?.context ?? []);
  for (const c of pick((c) => !c.form.needsContext)) context.add(c.form.entityId);
  return pick((c) => !c.form.needsContext || context.has(c.form.entityId)).map((c) => ({
    start: c.start,
    end: c.end,
    entityId: c.form.entityId,
    alias: c.form.alias,
  }));
}
