// Phrase rules and site-rule edits: validation, duplicates as the matcher sees them, removal with undo.
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings';
import { addPhraseRule, parsePhraseRules, removePhraseRule, restorePhraseRule, withSiteDisabled, withSiteRule, withoutSiteRule } from './rules';
import { UserDataError } from './types';

const NOW = 1_700_000_000_000;

describe('phrase rules', () => {
  it('adds a phrase once, however it is spelt', () => {
    const a = addPhraseRule([], '  Washington ', NOW, () => 0.5);
    expect(a.rule).toMatchObject({ phrase: 'Washington', createdAt: NOW });
    expect(a.rule.id).toMatch(/^rule-[a-z0-9]+$/);
    const b = addPhraseRule(a.rules, 'WASHINGTON', NOW + 1);
    expect(b.rules).toHaveLength(1);
    expect(b.rule).toBe(a.rule);
  });

  it('refuses phrases the matcher could never match', () => {
    expect(() => addPhraseRule([], '', NOW)).toThrow(UserDataError);
    expect(() => addPhraseRule([], '...', NOW)).toThrow(/no letter or digit/);
    expect(() => addPhraseRule([], 'x'.repeat(10_000), NOW)).toThrow(/longer than 100/);
  });

  it('removes and restores a rule in its old place', () => {
    let rules = addPhraseRule([], 'Washington', NOW).rules;
    rules = addPhraseRule(rules, 'Moscow', NOW + 1).rules;
    const { rules: without, removed } = removePhraseRule(rules, rules[0]!.id);
    expect(without.map((r) => r.phrase)).toEqual(['Moscow']);
    expect(restorePhraseRule(without, removed!).map((r) => r.phrase)).toEqual(['Washington', 'Moscow']);
    // Restoring twice, or after the phrase was added again, does not duplicate it.
    expect(restorePhraseRule(rules, removed!)).toHaveLength(2);
  });

  it('reads stored rules, leaving out and reporting bad ones', () => {
    const r = parsePhraseRules([
      { id: 'rule-a', phrase: 'Washington', createdAt: 1 },
      { id: 'rule-b', phrase: 'washington', createdAt: 2 },
      { id: 'bad id', phrase: 'x' },
      { id: 'rule-c', phrase: '' },
      'Moscow',
    ]);
    expect(r.value).toEqual([{ id: 'rule-a', phrase: 'Washington', createdAt: 1 }]);
    expect(r.problems).toHaveLength(3);
  });
});

describe('site rules in settings', () => {
  it('removes an "Ignore on this site" rule and puts it back where it was', () => {
    const s = { ...defaultSettings(), siteRules: [{ site: 'a.test', entityId: 'x' }, { site: 'b.test', entityId: 'y' }] };
    const without = withoutSiteRule(s, { site: 'a.test', entityId: 'x' });
    expect(without.siteRules).toEqual([{ site: 'b.test', entityId: 'y' }]);
    expect(withSiteRule(without, { site: 'a.test', entityId: 'x' }, 0).siteRules).toEqual(s.siteRules);
    expect(withSiteRule(s, { site: 'a.test', entityId: 'x' })).toBe(s);
  });

  it('switches a site back on and off', () => {
    const s = { ...defaultSettings(), disabledSites: ['a.test'] };
    expect(withSiteDisabled(s, 'a.test', false).disabledSites).toEqual([]);
    expect(withSiteDisabled(withSiteDisabled(s, 'a.test', false), 'a.test', true).disabledSites).toEqual(['a.test']);
    expect(withSiteDisabled(s, 'a.test', true)).toBe(s);
  });
});
