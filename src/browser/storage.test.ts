// Storage safety on an in-memory area: versions and migrations, unreadable data kept aside, failed writes change nothing, backups round-trip.
import { describe, expect, it, vi } from 'vitest';
import { createFakeStorage } from '../../test/fakes/storage';
import { SETTINGS_VERSION, defaultSettings } from '../settings';
import { USERDATA_VERSION, UserDataError, type SavedArticle } from '../userdata';
import { KEYS, StorageWriteError, createStorage } from './storage';

// The polyfill refuses to load outside an extension; these tests never use the default binding.
vi.mock('webextension-polyfill', () => ({ default: {} }));

let clock = 1_700_000_000_000;
const now = () => clock++;
let seed = 1;
const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);

function setup(initial: Record<string, unknown> = {}, quotaBytes?: number) {
  const fake = createFakeStorage(initial, { quotaBytes });
  const store = createStorage(fake.area, fake.events, { now, random });
  return { fake, store };
}

const article = (id: string, url: string, over: Partial<SavedArticle> = {}): SavedArticle => ({
  id,
  url,
  title: `Title ${id}`,
  site: 'news.test',
  date: null,
  savedAt: clock++,
  paragraphs: ['Lukashenko met the CSTO.'],
  mentions: [{ entityId: 'lukashenko', paragraph: 1, spans: [[0, 10]] }],
  indexKey: 'k',
  ...over,
});

const corruptKeys = (dump: Record<string, unknown>, source: string) => Object.keys(dump).filter((k) => k.startsWith(`corrupt:${source}:`));

describe('settings', () => {
  it('reads defaults from empty storage without writing', async () => {
    const { fake, store } = setup();
    expect(await store.loadSettings()).toEqual({ settings: defaultSettings(), problems: [] });
    expect(fake.writes).toEqual([]);
  });

  it('keeps unreadable settings aside once and reports them', async () => {
    const bad = { version: 1, paused: 'yes', theme: 'dark' };
    const { fake, store } = setup({ settings: bad });
    const first = await store.loadSettings();
    expect(first.settings.theme).toBe('dark');
    expect(first.problems).toEqual(['settings.paused: invalid value "yes"']);
    // Another context reading the same storage finds the copy and does not add a second one.
    const again = createStorage(fake.area, fake.events, { now });
    await again.loadSettings();
    expect(await store.listCorruptSettings()).toEqual([{ key: expect.stringMatching(/^corrupt:settings:\d+$/), value: bad }]);
    // The next write replaces the unreadable value, which survives in its copy.
    await store.updateSettings((s) => ({ ...s, paused: true }));
    expect(fake.dump().settings).toMatchObject({ paused: true, theme: 'dark', version: SETTINGS_VERSION });
    expect((await store.listCorrupt()).map((c) => [c.source, c.value])).toEqual([['settings', bad]]);
  });

  it('migrates version-0 settings on read', async () => {
    const { store } = setup({ settings: { enabled: false } });
    expect((await store.loadSettings()).settings.paused).toBe(true);
  });

  it('fails loudly when the quota is hit, leaving the stored settings as they were', async () => {
    const { fake, store } = setup({ settings: { ...defaultSettings(), theme: 'light' } });
    fake.failSets(true);
    await expect(store.updateSettings((s) => ({ ...s, theme: 'dark' }))).rejects.toThrow(StorageWriteError);
    await expect(store.updateSettings((s) => s)).rejects.toThrow(/storage is full.*Nothing stored was changed/);
    expect(fake.dump().settings).toMatchObject({ theme: 'light' });
  });

  it('refuses to overwrite unreadable settings it could not copy aside', async () => {
    const bad = { version: 1, paused: 'yes' };
    const { fake, store } = setup({ settings: bad });
    fake.failSets(true);
    await expect(store.updateSettings((s) => ({ ...s, paused: true }))).rejects.toThrow(/could not be kept aside/);
    fake.failSets(false);
    expect(fake.dump()).toEqual({ settings: bad });
  });

  it('tells listeners about changes from any context', async () => {
    const { fake, store } = setup();
    const seen: boolean[] = [];
    const stop = store.onSettingsChanged((s) => seen.push(s.paused));
    await createStorage(fake.area, fake.events).updateSettings((s) => ({ ...s, paused: true }));
    await fake.flush();
    stop();
    await store.updateSettings((s) => ({ ...s, paused: false }));
    await fake.flush();
    expect(seen).toEqual([true]);
  });
});

describe('personal entities and rules', () => {
  it('saves a draft as a versioned envelope and reads it back', async () => {
    const { fake, store } = setup();
    const e = await store.saveEntityDraft({ name: 'Jan Kowalski', type: 'person', aliases: ['Kowalski'], note: 'My MP' });
    expect(fake.dump()[KEYS.entities]).toEqual({ version: USERDATA_VERSION, entities: [e] });
    expect(await store.loadPersonalEntities()).toEqual({ value: [e], problems: [] });
    expect(await store.loadMatchData()).toEqual({ entities: [e], phrases: [], problems: [] });
  });

  it('edits in place, deletes with the record returned, and undoes the delete', async () => {
    const { store } = setup();
    const a = await store.saveEntityDraft({ name: 'Anna', type: 'person', aliases: [] });
    const b = await store.saveEntityDraft({ name: 'Boris', type: 'person', aliases: [] });
    await store.saveEntityDraft({ id: a.id, name: 'Anna Nowak', type: 'person', aliases: [] });
    const removed = await store.deletePersonalEntity(a.id);
    expect(removed?.name).toBe('Anna Nowak');
    expect((await store.loadPersonalEntities()).value.map((e) => e.id)).toEqual([b.id]);
    await store.restorePersonalEntity(removed!);
    expect((await store.loadPersonalEntities()).value.map((e) => e.name)).toEqual(['Anna Nowak', 'Boris']);
    expect(await store.deletePersonalEntity('user:gone-1')).toBeNull();
  });

  it('rejects invalid drafts without writing', async () => {
    const { fake, store } = setup();
    await expect(store.saveEntityDraft({ name: '', type: 'person', aliases: ['x'.repeat(10_000)] })).rejects.toThrow(UserDataError);
    await expect(store.updatePersonalEntities((l) => [...l, { id: 'lukashenko' } as never])).rejects.toThrow(UserDataError);
    expect(fake.writes).toEqual([]);
  });

  it('fails loudly at the quota and keeps what was stored', async () => {
    const { fake, store } = setup({}, 2_000);
    const a = await store.saveEntityDraft({ name: 'Anna', type: 'person', aliases: [] });
    const before = fake.dump();
    await expect(store.saveEntityDraft({ name: 'Boris', type: 'person', aliases: [], note: 'x'.repeat(3_000) })).rejects.toThrow(
      /Could not save your entities: storage is full/,
    );
    expect(fake.dump()).toEqual(before);
    expect((await store.loadPersonalEntities()).value).toEqual([a]);
  });

  it('reads version-0 entities and writes them back as the current version', async () => {
    const { fake, store } = setup({ [KEYS.entities]: [{ id: 'user:old-1', type: 'topic', name: 'Old', aliases: ['Old one'] }] });
    const { value, problems } = await store.loadPersonalEntities();
    expect(problems).toEqual([]);
    expect(value[0]?.aliases).toEqual([{ text: 'Old one' }]);
    await store.saveEntityDraft({ name: 'New', type: 'topic', aliases: [] });
    expect(fake.dump()[KEYS.entities]).toMatchObject({ version: USERDATA_VERSION, entities: [{ id: 'user:old-1' }, { name: 'New' }] });
  });

  it('keeps a partly unreadable list aside, serves what it can, and never loses the raw value', async () => {
    const raw = { version: 1, entities: [{ id: 'user:ok-1', type: 'topic', name: 'Fine', aliases: ['Fine'] }, { id: 'nope' }] };
    const { fake, store } = setup({ [KEYS.entities]: raw });
    // The content script's read-only path reports but does not write.
    expect((await store.loadMatchData()).problems).toHaveLength(1);
    expect(fake.writes).toEqual([]);
    const loaded = await store.loadPersonalEntities();
    expect(loaded.value.map((e) => e.id)).toEqual(['user:ok-1']);
    expect(loaded.problems).toHaveLength(1);
    expect(corruptKeys(fake.dump(), KEYS.entities)).toHaveLength(1);
    await store.saveEntityDraft({ name: 'Another', type: 'topic', aliases: [] });
    const dump = fake.dump();
    expect(dump[corruptKeys(dump, KEYS.entities)[0]!]).toEqual(raw);
    expect((await store.loadPersonalEntities()).problems).toEqual([]);
  });

  it('refuses to write over unreadable entities when the copy aside fails', async () => {
    const raw = { version: 1, entities: 'garbage' };
    const { fake, store } = setup({ [KEYS.entities]: raw });
    fake.failSets(true);
    await expect(store.saveEntityDraft({ name: 'X', type: 'topic', aliases: [] })).rejects.toThrow(/could not be kept aside/);
    fake.failSets(false);
    expect(fake.dump()).toEqual({ [KEYS.entities]: raw });
  });

  it('adds, removes and restores phrase rules', async () => {
    const { store } = setup();
    const r = await store.addPhraseRule('Washington');
    expect(await store.addPhraseRule('WASHINGTON')).toEqual(r);
    await store.addPhraseRule('Moscow');
    const removed = await store.removePhraseRule(r.id);
    expect((await store.loadRules()).value.map((x) => x.phrase)).toEqual(['Moscow']);
    await store.restorePhraseRule(removed!);
    expect((await store.loadRules()).value.map((x) => x.phrase)).toEqual(['Washington', 'Moscow']);
    await expect(store.addPhraseRule('...')).rejects.toThrow(UserDataError);
  });
});

describe('saved articles', () => {
  it('stores one key per article, lists newest first, removes with undo data', async () => {
    const { fake, store } = setup();
    const a = article('a1', 'https://news.test/1');
    const b = article('a2', 'https://news.test/2');
    await store.saveArticle(a);
    await store.saveArticle(b);
    expect(Object.keys(fake.dump()).sort()).toEqual(['userdata:article:a1', 'userdata:article:a2']);
    expect((await store.loadSavedArticles()).value.map((x) => x.id)).toEqual(['a2', 'a1']);
    expect(await store.removeArticle('a1')).toEqual(a);
    expect(await store.removeArticle('a1')).toBeNull();
    await store.saveArticle(a);
    expect((await store.loadSavedArticles()).value).toHaveLength(2);
  });

  it('refuses an invalid article and reports storage that is full', async () => {
    const { fake, store } = setup();
    await expect(store.saveArticle(article('a1', 'javascript:alert(1)'))).rejects.toThrow(UserDataError);
    fake.failSets(true);
    await expect(store.saveArticle(article('a1', 'https://news.test/1'))).rejects.toThrow(/Could not save the article "Title a1": storage is full/);
    expect(fake.dump()).toEqual({});
  });

  it('lists an unreadable article, keeps it aside, and lets it be removed', async () => {
    const { fake, store } = setup({ 'userdata:article:abad': { version: 1, article: { id: 'abad', url: 'ftp://x' } } });
    const loaded = await store.loadSavedArticles();
    expect(loaded.value).toEqual([]);
    expect(loaded.unreadable).toEqual(['abad']);
    expect(loaded.problems).toHaveLength(1);
    expect(corruptKeys(fake.dump(), 'userdata:article:abad')).toHaveLength(1);
    expect(await store.removeArticle('abad')).toBeNull();
    expect(Object.keys(fake.dump())).toEqual([expect.stringMatching(/^corrupt:userdata:article:abad:/)]);
  });

  it('re-indexes only articles still stored as they were', async () => {
    const { store } = setup();
    const a = article('a1', 'https://news.test/1');
    const b = article('a2', 'https://news.test/2');
    await store.saveArticle(a);
    await store.saveArticle(b);
    await store.removeArticle('a2');
    const n = await store.updateArticleIndex([{ ...a, indexKey: 'new', mentions: [] }, { ...b, indexKey: 'new' }]);
    expect(n).toBe(1);
    const list = (await store.loadSavedArticles()).value;
    expect(list.map((x) => [x.id, x.indexKey])).toEqual([['a1', 'new']]);
  });
});

describe('backup', () => {
  async function populated() {
    const s = setup();
    await s.store.updateSettings((x) => ({ ...x, theme: 'dark', siteRules: [{ site: 'a.test', entityId: 'csto' }] }));
    await s.store.saveEntityDraft({ name: 'Jan Kowalski', type: 'person', aliases: ['Kowalski'], note: 'Two\nlines', related: [{ id: 'belarus', relation: 'MP in' }] });
    await s.store.addPhraseRule('Washington');
    await s.store.saveArticle(article('a1', 'https://news.test/1', { date: '2018-02-01' }));
    return s;
  }

  it('exports, wipes, imports and reads back the same data', async () => {
    const { fake, store } = await populated();
    const exported = await store.exportBackup();
    expect(exported.fileName).toMatch(/^backstory-backup-\d{4}-\d{2}-\d{2}\.json$/);
    expect(exported.problems).toEqual([]);
    const before = fake.dump();

    const wiped = setup();
    const check = await wiped.store.checkImport(exported.text);
    if (!check.ok) throw new Error(check.error);
    expect(check.preview.entities.added).toHaveLength(1);
    expect(check.preview.phrases.added).toHaveLength(1);
    expect(check.preview.articles.added).toHaveLength(1);
    expect(check.preview.settings).toEqual(['theme', 'siteRules']);
    expect(wiped.fake.writes).toEqual([]);
    await wiped.store.applyImport(check.backup);
    expect(wiped.fake.dump()).toEqual(before);
    const again = await wiped.store.exportBackup();
    expect(again.text.replace(/"exportedAt": "[^"]+"/, '')).toBe(exported.text.replace(/"exportedAt": "[^"]+"/, ''));
    // A second import of the same file changes nothing.
    const second = await wiped.store.checkImport(exported.text);
    expect(second.ok && second.preview.empty).toBe(true);
  });

  it('refuses newer, malformed and oversized files without touching storage', async () => {
    const { fake, store } = await populated();
    const before = fake.dump();
    const writes = fake.writes.length;
    const text = (await store.exportBackup()).text;
    const newer = await store.checkImport(text.replace(`"version": ${USERDATA_VERSION}`, `"version": ${USERDATA_VERSION + 1}`));
    expect(newer).toMatchObject({ ok: false, error: expect.stringMatching(/newer version of Backstory/) });
    expect(await store.checkImport('{ not json')).toMatchObject({ ok: false, error: expect.stringMatching(/not valid JSON/) });
    expect(await store.checkImport(' '.repeat(20 * 1024 * 1024 + 1))).toMatchObject({ ok: false, error: expect.stringMatching(/up to 20\.0 MB/) });
    expect(fake.dump()).toEqual(before);
    expect(fake.writes.length).toBe(writes);
  });

  it('applies an import in one write; when that write fails nothing changes', async () => {
    const source = await populated();
    const text = (await source.store.exportBackup()).text;
    const { fake, store } = setup();
    await store.saveEntityDraft({ name: 'Mine', type: 'topic', aliases: [] });
    const check = await store.checkImport(text);
    if (!check.ok) throw new Error(check.error);
    const before = fake.dump();
    fake.failSets(true);
    await expect(store.applyImport(check.backup)).rejects.toThrow(/Could not save the imported backup: storage is full/);
    fake.failSets(false);
    expect(fake.dump()).toEqual(before);
    const n = fake.writes.length;
    await store.applyImport(check.backup);
    expect(fake.writes.slice(n).filter((w) => w.op === 'set')).toHaveLength(1);
    expect((await store.loadPersonalEntities()).value.map((e) => e.name)).toEqual(['Mine', 'Jan Kowalski']);
  });
});

describe('kept-aside data and change events', () => {
  it('lists and removes kept-aside copies, and only those', async () => {
    const { store } = setup({ settings: 'garbage', [KEYS.rules]: 5 });
    await store.loadSettings();
    await store.loadRules();
    const list = await store.listCorrupt();
    expect(list.map((c) => c.source).sort()).toEqual(['settings', 'userdata:rules']);
    await store.removeCorrupt(list[0]!.key);
    expect(await store.listCorrupt()).toHaveLength(1);
    await expect(store.removeCorrupt(KEYS.rules)).rejects.toThrow(/not a kept-aside key/);
  });

  it('reports which kinds of user data changed', async () => {
    const { fake, store } = setup();
    const seen: string[][] = [];
    store.onUserDataChanged((kinds) => seen.push([...kinds].sort()));
    await store.saveEntityDraft({ name: 'A', type: 'topic', aliases: [] });
    await store.addPhraseRule('B');
    await store.saveArticle(article('a1', 'https://news.test/1'));
    await store.updateSettings((s) => s);
    await fake.flush();
    expect(seen).toEqual([['entities'], ['rules'], ['articles']]);
  });
});
