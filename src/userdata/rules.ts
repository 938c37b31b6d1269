// The reader's "Never highlight this phrase" rules and the site-rule edits the options page makes (with undo).
import type { Settings, SiteRule } from '../settings';
import { checkAlias } from './entities';
import { aliasKey, isRecord, preview } from './text';
import { LIMITS, UserDataError, type Parsed, type PhraseRule } from './types';

const RULE_ID = /^rule-[a-z0-9]{1,40}$/;

/** Reads a stored or imported list of phrase rules; bad or repeated ones are left out and reported. */
export function parsePhraseRules(raw: unknown, where = 'phrases'): Parsed<PhraseRule[]> {
  if (!Array.isArray(raw)) return { value: [], problems: [`${where}: not a list`] };
  const problems: string[] = [];
  const out: PhraseRule[] = [];
  const ids = new Set<string>();
  const keys = new Set<string>();
  raw.forEach((r, i) => {
    const at = `${where}[${i}]`;
    if (!isRecord(r)) return void problems.push(`${at}: not an object`);
    if (typeof r.id !== 'string' || !RULE_ID.test(r.id)) return void problems.push(`${at}: id ${preview(r.id)} is not a rule id`);
    const checked = checkAlias(r.phrase);
    if ('error' in checked) return void problems.push(`${at}: ${checked.error}`);
    const key = aliasKey(checked.text);
    // The same phrase twice is harmless but pointless; the first rule stands for both.
    if (keys.has(key)) return;
    if (ids.has(r.id)) return void problems.push(`${at}: id ${r.id} appears twice`);
    const createdAt = typeof r.createdAt === 'number' && Number.isFinite(r.createdAt) && r.createdAt >= 0 ? Math.floor(r.createdAt) : 0;
    ids.add(r.id);
    keys.add(key);
    out.push({ id: r.id, phrase: checked.text, createdAt });
  });
  if (out.length > LIMITS.phraseRules) {
    problems.push(`${where}: more than ${LIMITS.phraseRules} rules; the rest are left out`);
    out.length = LIMITS.phraseRules;
  }
  return { value: out, problems };
}

export function newRuleId(now: number, random: () => number = Math.random): string {
  return `rule-${Math.max(0, Math.floor(now)).toString(36)}${Math.floor(random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`;
}

/** Adds a phrase; an existing rule for the same phrase (as the matcher compares it) is returned instead of a duplicate. */
export function addPhraseRule(
  rules: readonly PhraseRule[],
  phrase: string,
  now: number,
  random: () => number = Math.random,
): { rules: PhraseRule[]; rule: PhraseRule } {
  const checked = checkAlias(phrase);
  if ('error' in checked) throw new UserDataError(`Phrase not accepted: ${checked.error}.`);
  const key = aliasKey(checked.text);
  const same = rules.find((r) => aliasKey(r.phrase) === key);
  if (same) return { rules: [...rules], rule: same };
  if (rules.length >= LIMITS.phraseRules) throw new UserDataError(`You already have ${LIMITS.phraseRules} phrase rules, the most Backstory keeps.`);
  const rule: PhraseRule = { id: newRuleId(now, random), phrase: checked.text, createdAt: now };
  return { rules: [...rules, rule], rule };
}

export function removePhraseRule(rules: readonly PhraseRule[], id: string): { rules: PhraseRule[]; removed: PhraseRule | null } {
  return { rules: rules.filter((r) => r.id !== id), removed: rules.find((r) => r.id === id) ?? null };
}

/** Undo of a removal: puts the rule back unless the same phrase was added again meanwhile. */
export function restorePhraseRule(rules: readonly PhraseRule[], rule: PhraseRule): PhraseRule[] {
  const key = aliasKey(rule.phrase);
  if (rules.some((r) => r.id === rule.id || aliasKey(r.phrase) === key)) return [...rules];
  return [...rules, rule].sort((a, b) => a.createdAt - b.createdAt);
}

/** The phrase keys a rule list blocks (as mergeIndexEntities compares them). */
export function blockedKeys(rules: readonly PhraseRule[]): Set<string> {
  return new Set(rules.map((r) => aliasKey(r.phrase)));
}

/** Settings without one "Ignore on this site" rule. */
export function withoutSiteRule(s: Settings, rule: SiteRule): Settings {
  return { ...s, siteRules: s.siteRules.filter((r) => !(r.site === rule.site && r.entityId === rule.entityId)) };
}

/** Undo of withoutSiteRule: the rule back at its old place (or at the end). */
export function withSiteRule(s: Settings, rule: SiteRule, at = s.siteRules.length): Settings {
  if (s.siteRules.some((r) => r.site === rule.site && r.entityId === rule.entityId)) return s;
  const siteRules = [...s.siteRules];
  siteRules.splice(Math.min(Math.max(at, 0), siteRules.length), 0, rule);
  return { ...s, siteRules };
}

/** Settings with Backstory switched back on for one site (or, for undo, off again). */
export function withSiteDisabled(s: Settings, site: string, disabled: boolean): Settings {
  const has = s.disabledSites.includes(site);
  if (has === disabled) return s;
  return { ...s, disabledSites: disabled ? [...s.disabledSites, site] : s.disabledSites.filter((x) => x !== site) };
}
