// Backups: a round trip is exact; too big, malformed, foreign or newer files are refused; the preview diff says what changes.
import { describe, expect, it } from 'vitest';
import { SETTINGS_VERSION, defaultSettings } from '../settings';
import { BACKUP_FORMAT, backupFileName, buildBackup, mergeImport, parseBackup, previewImport, sizeProblem, utf8Length, type BackupContents } from './backup';
import { LIMITS, USERDATA_VERSION, type PersonalEntity, type SavedArticle } from './types';

const NOW = Date.UTC(2024, 4, 1, 12);

const entity = (id: string, name: string, over: Partial<PersonalEntity> = {}): PersonalEntity => ({
  id,
  type: 'person',
  name,
  aliases: [{ text: name }],
  personal: true,
  note: '',
  related: [],
  createdAt: 1,
  updatedAt: 1,
  ...over,
});
const article = (id: string, url: string, over: Partial<SavedArticle> = {}): SavedArticle => ({
  id,
  url,
  title: 'T',
  site: 'news.test',
  date: '2018-02-01',
  savedAt: 2,
  paragraphs: ['Lukashenko spoke.'],
  mentions: [{ entityId: 'lukashenko', paragraph: 1, spans: [[0, 10]] }],
  indexKey: 'k',
  ...over,
});

function contents(): BackupContents {
  return {
    settings: { ...defaultSettings(), paused: true, siteRules: [{ site: 'a.test', entityId: 'csto' }] },
    entities: [entity('user:anna-1', 'Anna Nowak', { note: 'Line one\nLine two', related: [{ id: 'belarus', relation: 'lives in' }] })],
    phrases: [{ id: 'rule-a', phrase: 'Washington', createdAt: 3 }],
    articles: [article('a1', 'https://news.test/one')],
  };
}

function fileWith(patch: (f: Record<string, unknown>) => void): string {
  const f = JSON.parse(buildBackup(contents(), NOW)) as Record<string, unknown>;
  patch(f);
  return JSON.stringify(f);
}

describe('backup files', () => {
  it('round-trips exactly', () => {
    const text = buildBackup(contents(), NOW);
    const r = parseBackup(text);
    expect(r).toEqual({ ok: true, backup: { version: USERDATA_VERSION, exportedAt: '2024-05-01T12:00:00.000Z', ...contents() } });
    expect(JSON.parse(text)).toMatchObject({ format: BACKUP_FORMAT, version: USERDATA_VERSION });
    expect(backupFileName(NOW)).toBe('backstory-backup-2024-05-01.json');
  });

  it('refuses files over the size limit before parsing them', () => {
    expect(sizeProblem(LIMITS.backupBytes + 1)).toMatch(/20\.0 MB/);
    expect(sizeProblem(LIMITS.backupBytes)).toBeNull();
    const r = parseBackup(' '.repeat(LIMITS.backupBytes + 1));
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/only imports backups up to 20\.0 MB/) });
    // Multi-byte text is measured in UTF-8, not in UTF-16 units.
    const wide = 'ж'.repeat(Math.floor(LIMITS.backupBytes / 2) + 10);
    expect(utf8Length(wide)).toBeGreaterThan(LIMITS.backupBytes);
    expect(parseBackup(wide).ok).toBe(false);
    expect(utf8Length('a😀ж')).toBe(1 + 4 + 2);
  });

  it('refuses what is not JSON or not a Backstory backup', () => {
    expect(parseBackup('{"format":')).toMatchObject({ ok: false, error: expect.stringMatching(/^This file is not valid JSON/) });
    expect(parseBackup('[]')).toMatchObject({ ok: false, error: expect.stringMatching(/^This is not a Backstory backup file/) });
    expect(parseBackup('{"format":"other","version":1}')).toMatchObject({ ok: false, error: expect.stringMatching(/not a Backstory backup/) });
    expect(parseBackup(fileWith((f) => delete f.entities))).toMatchObject({ ok: false, error: expect.stringMatching(/"entities" is missing/) });
    expect(parseBackup(fileWith((f) => (f.version = '1')))).toMatchObject({ ok: false, error: expect.stringMatching(/no valid version/) });
  });

  it('refuses files from a newer version with a clear message', () => {
    const newer = parseBackup(fileWith((f) => (f.version = USERDATA_VERSION + 1)));
    expect(newer).toMatchObject({ ok: false, error: expect.stringMatching(/made by a newer version of Backstory.*Update Backstory/) });
    const newerSettings = parseBackup(fileWith((f) => ((f.settings as Record<string, unknown>).version = SETTINGS_VERSION + 1)));
    expect(newerSettings).toMatchObject({ ok: false, error: expect.stringMatching(/settings version/) });
  });

  it('refuses a file with any invalid record, listing the problems', () => {
    const r = parseBackup(
      fileWith((f) => {
        (f.entities as unknown[]).push({ id: 'user:x-1', type: 'person', name: 'X', aliases: ['x'.repeat(10_000)] });
        (f.articles as unknown[]).push({ id: 'a2', url: 'javascript:alert(1)', paragraphs: ['x'] });
      }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/has 3 problems and was not imported/);
      expect(r.problems.join('\n')).toMatch(/longer than 100 characters[\s\S]*no usable alias[\s\S]*not an http\(s\) address/);
    }
  });

  it('reads a version-0 file through the migrations', () => {
    const v0 = JSON.stringify({
      format: BACKUP_FORMAT,
      version: 0,
      settings: { enabled: false },
      entities: [{ id: 'user:anna-1', type: 'person', name: 'Anna Nowak', aliases: ['Anna Nowak'] }],
      phrases: ['Washington'],
      articles: [{ id: 'a1', url: 'https://news.test/one', title: 'T', paragraphs: ['Lukashenko spoke.'] }],
    });
    const r = parseBackup(v0);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.backup.settings.paused).toBe(true);
      expect(r.backup.entities[0]?.aliases).toEqual([{ text: 'Anna Nowak' }]);
      expect(r.backup.phrases[0]?.phrase).toBe('Washington');
      expect(r.backup.articles[0]).toMatchObject({ mentions: [], indexKey: '' });
    }
  });

  it('ignores __proto__ keys anywhere in the file', () => {
    // Written as text: assigning __proto__ in JS would set the prototype instead of making a key.
    const hostile = buildBackup(contents(), NOW)
      .replace('{', '{"__proto__":{"polluted":true},')
      .replace('"id": "user:anna-1"', '"__proto__":{"polluted":true},"id": "user:anna-1"');
    expect(hostile.split('__proto__')).toHaveLength(3);
    const r = parseBackup(hostile);
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (r.ok) expect(Object.getPrototypeOf(r.backup.entities[0])).toBe(Object.prototype);
  });
});

describe('import preview', () => {
  it('shows what would be added and replaced, and that nothing is removed', () => {
    const current: BackupContents = {
      settings: defaultSettings(),
      entities: [entity('user:anna-1', 'Anna'), entity('user:keep-1', 'Keep me')],
      phrases: [{ id: 'rule-a', phrase: 'washington', createdAt: 1 }],
      articles: [article('a1', 'https://news.test/one', { title: 'Old title', indexKey: 'fresh' }), article('a9', 'https://news.test/nine')],
    };
    const incoming = contents();
    incoming.entities.push(entity('user:new-1', 'New One'));
    incoming.phrases.push({ id: 'rule-a', phrase: 'Moscow', createdAt: 4 });
    incoming.articles.push(article('a2', 'https://news.test/two'));
    const p = previewImport(current, incoming);
    expect(p.entities.added.map((e) => e.id)).toEqual(['user:new-1']);
    expect(p.entities.replaced.map((r) => [r.before.name, r.after.name])).toEqual([['Anna', 'Anna Nowak']]);
    expect(p.entities.unchanged).toBe(0);
    expect(p.phrases.added.map((r) => r.phrase)).toEqual(['Moscow']);
    expect(p.phrases.unchanged).toBe(1);
    expect(p.articles.added.map((a) => a.id)).toEqual(['a2']);
    expect(p.articles.replaced.map((r) => r.after.title)).toEqual(['T']);
    expect(p.settings).toEqual(['paused', 'siteRules']);
    expect(p.empty).toBe(false);
    expect(p.blocked).toBeNull();

    const m = mergeImport(current, incoming);
    expect(m.entities?.map((e) => e.name)).toEqual(['Anna Nowak', 'Keep me', 'New One']);
    // A clashing rule id gets a fresh one rather than overwriting the stored rule.
    expect(m.phrases?.map((r) => [r.id, r.phrase])).toEqual([['rule-a', 'washington'], ['rule-a2', 'Moscow']]);
    expect(m.articles.map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(m.settings).toMatchObject({ paused: true, version: SETTINGS_VERSION });
  });

  it('says when an import changes nothing, and blocks one that would exceed a limit', () => {
    const same = previewImport(contents(), contents());
    expect(same.empty).toBe(true);
    expect(mergeImport(contents(), contents())).toMatchObject({ settings: null, entities: null, phrases: null, articles: [] });
    const many = contents();
    many.entities = Array.from({ length: LIMITS.personalEntities }, (_, i) => entity(`user:e-${i}`, `E ${i}`));
    const p = previewImport(contents(), many);
    expect(p.blocked).toMatch(/1001 entities/);
  });
});
