// Tests the settings parser: defaults, migrations from every earlier version, and reporting (never silently dropping) bad data.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, ignoredOnSite, isSiteEnabled, MIGRATIONS, parseSettings, SETTINGS_VERSION, siteKey } from './settings';

describe('parseSettings', () => {
  it('gives defaults for nothing stored, with no problems', () => {
    expect(parseSettings(undefined)).toEqual({ settings: { ...DEFAULT_SETTINGS }, problems: [] });
  });

  it('keeps valid values', () => {
    const { settings, problems } = parseSettings({ ...DEFAULT_SETTINGS, paused: true, theme: 'dark', disabledSites: ['bbc.com'] });
    expect(problems).toEqual([]);
    expect(settings.paused).toBe(true);
    expect(settings.theme).toBe('dark');
    expect(settings.disabledSites).toEqual(['bbc.com']);
  });

  it('migrates every earlier version up to the current one', () => {
    for (let v = 0; v < SETTINGS_VERSION; v++) expect(MIGRATIONS[v], `migration from ${v}`).toBeTypeOf('function');
    const { settings, problems } = parseSettings({ enabled: false });
    expect(problems).toEqual([]);
    expect(settings.version).toBe(SETTINGS_VERSION);
    expect(settings.paused).toBe(true);
  });

  it('migrations are idempotent on already-migrated data', () => {
    const once = parseSettings({ enabled: true }).settings;
    expect(parseSettings(once).settings).toEqual(once);
  });

  it.each([
    ['a string', 'hello'],
    ['an array', [1, 2]],
    ['a number', 42],
  ])('reports %s instead of resetting silently', (_name, raw) => {
    const { settings, problems } = parseSettings(raw);
    expect(problems.length).toBeGreaterThan(0);
    expect(settings).toEqual(DEFAULT_SETTINGS);
  });

  it('reports each invalid field by name and keeps the valid ones', () => {
    const { settings, problems } = parseSettings({ version: 1, paused: 'yes', theme: 'neon', badge: false, enabledTypes: ['person', 'bogus'] });
    expect(problems.join('\n')).toMatch(/settings\.paused/);
    expect(problems.join('\n')).toMatch(/settings\.theme/);
    expect(problems.join('\n')).toMatch(/settings\.enabledTypes/);
    expect(settings.badge).toBe(false);
    expect(settings.paused).toBe(false);
  });

  it('reports a version newer than it understands', () => {
    expect(parseSettings({ version: 99 }).problems[0]).toMatch(/newer/);
  });

  it('ignores prototype keys', () => {
    const raw = JSON.parse('{"__proto__": {"paused": true}, "version": 1}') as unknown;
    expect(parseSettings(raw).settings.paused).toBe(false);
  });
});

describe('sites', () => {
  it('keys sites by host without www', () => {
    expect(siteKey('https://www.bbc.com/news/x')).toBe('bbc.com');
    expect(siteKey('chrome://extensions')).toBeNull();
    expect(siteKey('not a url')).toBeNull();
  });

  it('applies the per-site switch and site rules', () => {
    const s = { ...DEFAULT_SETTINGS, disabledSites: ['bbc.com'], siteRules: [{ site: 'cnn.com', entityId: 'russia' }] };
    expect(isSiteEnabled(s, 'https://www.bbc.com/a')).toBe(false);
    expect(isSiteEnabled(s, 'https://cnn.com/a')).toBe(true);
    expect([...ignoredOnSite(s, 'https://edition.cnn.com/a')]).toEqual([]);
    expect([...ignoredOnSite(s, 'https://cnn.com/a')]).toEqual(['russia']);
  });
});
