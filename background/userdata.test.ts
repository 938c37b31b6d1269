// Background user-data handlers with a fake store and a fake tab: saving an article, re-indexing, cards, the "Add to Backstory…" menu.
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createFakeStorage } from '../test/fakes/storage';
import { createStorage } from '../src/browser/storage';
import { compileDataset } from '../src/dataset/compile';
import { savedPassagesFor } from '../src/userdata';
import { MENU_ADD_ENTITY, addEntityUrl, addPhraseRuleFromCard, onContextMenuClicked, openAddEntityForTab, personalEntityCard, reindexSavedArticles, saveArticleFromTab, type UserDataDeps } from './userdata';

vi.mock('webextension-polyfill', () => ({ default: {} }));

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const bundled = compileDataset(ROOT).index.entities;
const seed = compileDataset(ROOT).bundle.articles[0]!;

function deps(page: unknown | (() => unknown), selection: unknown | (() => unknown) = '') {
  const fake = createFakeStorage();
  const store = createStorage(fake.area, fake.events, { now: () => 1_700_000_000_000 });
  const opened: Array<{ url: string; opener: unknown }> = [];
  const d: UserDataDeps = {
    store,
    bundledEntities: async () => bundled,
    runExtractor: async () => (typeof page === 'function' ? (page as () => unknown)() : page),
    readSelection: async () => (typeof selection === 'function' ? (selection as () => unknown)() : selection),
    tabPlace: async (tabId) => ({ id: tabId, index: 2, windowId: 1 }),
    openTab: async (url, opener) => void opened.push({ url, opener }),
    extensionUrl: (path) => `chrome-extension://id/${path}`,
    now: () => 1_700_000_000_000,
  };
  return { d, fake, store, opened };
}

const seedPage = { title: seed.title, site: 'The Eastern Ledger', url: 'http://127.0.0.1:8080/demo-article.html', date: null, text: '', paragraphs: seed.paragraphs };

describe('saveArticleFromTab', () => {
  it('stores the page with passages for bundled and personal entities', async () => {
    const { d, store } = deps(seedPage);
    await store.saveEntityDraft({ name: 'Eastern Ledger analysts', type: 'organization', aliases: ['American analysts'] });
    const r = await saveArticleFromTab(1, d);
    expect(r).toMatchObject({ ok: true, title: seed.title, url: seedPage.url, replaced: false, cut: false });
    const { value: saved } = await store.loadSavedArticles();
    expect(saved).toHaveLength(1);
    expect(savedPassagesFor('lukashenko', saved).length).toBeGreaterThanOrEqual(5);
    const mine = (await store.loadPersonalEntities()).value[0]!;
    expect(savedPassagesFor(mine.id, saved).map((p) => p.paragraph)).toEqual([3, 4]);
    expect(await saveArticleFromTab(1, d)).toMatchObject({ ok: true, replaced: true });
  });

  it('turns missing access and bad answers into messages, storing nothing', async () => {
    const denied = deps(() => {
      throw new Error('Cannot access contents of the page. Extension manifest must request permission to access the respective host.');
    });
    expect(await saveArticleFromTab(1, denied.d)).toEqual({ ok: false, error: expect.stringMatching(/may not read this page/) });
    const hostile = deps({ ...seedPage, url: 'javascript:alert(1)' });
    expect(await saveArticleFromTab(1, hostile.d)).toEqual({ ok: false, error: 'Only web pages (http or https) can be saved.' });
    const failed = deps({ error: 'The page could not be read: boom' });
    expect(await saveArticleFromTab(1, failed.d)).toEqual({ ok: false, error: 'The page could not be read: boom' });
    for (const x of [denied, hostile, failed]) expect(x.fake.dump()).toEqual({});
  });

  it('reports a full storage instead of pretending to save', async () => {
    const { d, fake } = deps(seedPage);
    fake.failSets(true);
    expect(await saveArticleFromTab(1, d)).toEqual({ ok: false, error: expect.stringMatching(/storage is full/) });
  });
});

describe('reindexSavedArticles', () => {
  it('re-indexes saved articles when the reader adds an entity, and only then', async () => {
    const { d, store } = deps(seedPage);
    await saveArticleFromTab(1, d);
    expect(await reindexSavedArticles(d)).toBe(0);
    const e = await store.saveEntityDraft({ name: 'Volga', type: 'facility', aliases: ['missile attack warning system'] });
    expect(savedPassagesFor(e.id, (await store.loadSavedArticles()).value)).toEqual([]);
    expect(await reindexSavedArticles(d)).toBe(1);
    expect(savedPassagesFor(e.id, (await store.loadSavedArticles()).value).map((p) => p.paragraph)).toEqual([8]);
    expect(await reindexSavedArticles(d)).toBe(0);
  });
});

describe('cards and the context menu', () => {
  it('gives personal entities a card with their note', async () => {
    const { d, store } = deps(seedPage);
    const e = await store.saveEntityDraft({ name: 'Jan Kowalski', type: 'person', aliases: [], note: 'My MP.' });
    expect(await personalEntityCard(e.id, d)).toEqual({ id: e.id, name: 'Jan Kowalski', type: 'person', summary: 'My MP.', facts: [] });
    expect(await personalEntityCard('lukashenko', d)).toBeNull();
    expect(await personalEntityCard('user:gone-1', d)).toBeNull();
  });

  it('opens the options page with the selection, cleaned and cut to alias size', async () => {
    const { d, opened } = deps(seedPage);
    await onContextMenuClicked({ menuItemId: MENU_ADD_ENTITY, selectionText: '  Alexander\u200B  Surikov\n' }, { id: 4, index: 2, windowId: 1 }, d);
    await onContextMenuClicked({ menuItemId: 'other', selectionText: 'x' }, undefined, d);
    expect(opened).toEqual([{ url: 'chrome-extension://id/options.html?add=Alexander+Surikov#entities', opener: { id: 4, index: 2, windowId: 1 } }]);
    const long = new URL(addEntityUrl('word '.repeat(100), (p) => `https://x/${p}`)).searchParams.get('add')!;
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long.endsWith('word')).toBe(true);
  });
});

describe('"Add to Backstory…" in the popup', () => {
  it('opens the add form with the tab’s selection, next to the tab', async () => {
    const { d, opened } = deps(seedPage, '  Jan\nKowalski ');
    expect(await openAddEntityForTab(7, d)).toEqual({ ok: true });
    expect(opened).toEqual([{ url: 'chrome-extension://id/options.html?add=Jan+Kowalski#entities', opener: { id: 7, index: 2, windowId: 1 } }]);
  });

  it('opens the empty form without a selection, without a tab, or when the tab may not be read', async () => {
    const cases = [
      deps(seedPage, ''),
      deps(seedPage, () => {
        throw new Error('Cannot access contents of the page.');
      }),
      deps(seedPage, { not: 'text' }),
    ];
    for (const c of cases) {
      await openAddEntityForTab(3, c.d);
      expect(c.opened.map((o) => o.url)).toEqual(['chrome-extension://id/options.html?add=#entities']);
    }
    const none = deps(seedPage, 'never read');
    await openAddEntityForTab(null, none.d);
    expect(none.opened).toEqual([{ url: 'chrome-extension://id/options.html?add=#entities', opener: undefined }]);
  });
});

describe('"Never highlight this phrase" from the card', () => {
  it('stores the mention’s text as a phrase rule, once', async () => {
    const { d, store } = deps(seedPage);
    expect(await addPhraseRuleFromCard('  Moscow ', d)).toEqual({ ok: true, phrase: 'Moscow' });
    expect(await addPhraseRuleFromCard('MOSCOW', d)).toEqual({ ok: true, phrase: 'Moscow' });
    expect((await store.loadRules()).value.map((r) => r.phrase)).toEqual(['Moscow']);
  });

  it('says why a phrase is refused', async () => {
    const { d, store } = deps(seedPage);
    expect(await addPhraseRuleFromCard('…', d)).toEqual({ ok: false, error: expect.stringMatching(/no letter or digit/) });
    expect((await store.loadRules()).value).toEqual([]);
  });
});
