// @vitest-environment happy-dom
// The options page over the real storage logic on an in-memory area: entities (with ?add=), rules with undo, saved articles, backup import/export.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeStorage } from '../test/fakes/storage';
import { createStorage } from '../src/browser/storage';
import { defaultSettings } from '../src/settings';
import type { IndexEntity } from '../src/types';
import { USERDATA_VERSION, buildBackup, type SavedArticle } from '../src/userdata';
import { OptionsApp, type OptionsAppProps } from './OptionsApp';

vi.mock('webextension-polyfill', () => ({ default: {} }));

const catalog: IndexEntity[] = [
  { id: 'minsk', type: 'place', name: 'Minsk', aliases: [{ text: 'Minsk' }] },
  { id: 'csto', type: 'organization', name: 'Collective Security Treaty Organization', aliases: [{ text: 'CSTO' }] },
];

const article = (id: string, over: Partial<SavedArticle> = {}): SavedArticle => ({
  id,
  url: `https://news.test/${id}`,
  title: `Story ${id}`,
  site: 'news.test',
  date: '2018-02-01',
  savedAt: 1_700_000_000_000,
  paragraphs: ['The CSTO met in Minsk.'],
  mentions: [
    { entityId: 'csto', paragraph: 1, spans: [[4, 8]] },
    { entityId: 'minsk', paragraph: 1, spans: [[16, 21]] },
  ],
  indexKey: 'k',
  ...over,
});

let root: HTMLElement;
let clock = 1_700_000_000_000;

function setup(initial: Record<string, unknown> = {}, over: Partial<OptionsAppProps> = {}) {
  const fake = createFakeStorage(initial);
  const store = createStorage(fake.area, fake.events, { now: () => clock++ });
  const download = vi.fn();
  root = document.createElement('div');
  document.body.appendChild(root);
  act(() => render(<OptionsApp store={store} catalog={catalog} addText={null} initialSection="entities" download={download} {...over} />, root));
  return { fake, store, download };
}

afterEach(() => {
  render(null, root);
  root.remove();
});

/** Lets storage promises, change notifications and re-renders run. */
async function settle(rounds = 6) {
  for (let i = 0; i < rounds; i++) await act(async () => new Promise((r) => setTimeout(r, 0)));
}
const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector(sel) as T | null;
const $$ = (sel: string) => [...root.querySelectorAll(sel)];
function type(el: Element | null, value: string) {
  const input = el as HTMLInputElement;
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
  });
}
async function click(el: Element | null) {
  await act(async () => (el as HTMLElement).click());
  await settle();
}
async function submit(form: Element | null) {
  await act(async () => {
    (form as HTMLFormElement).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
  await settle();
}
const button = (text: string) => $$('button').find((b) => b.textContent?.trim() === text) ?? null;
const tab = (section: string) => $(`button[data-section="${section}"]`);

async function chooseFile(text: string, name = 'backup.json', size = text.length) {
  const input = $<HTMLInputElement>('[data-testid="import-file"]')!;
  const file = { name, size, text: async () => text };
  Object.defineProperty(input, 'files', { configurable: true, value: [file] });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await settle();
}

describe('entities', () => {
  it('opens the add form pre-filled from ?add= and adds the entity', async () => {
    const { store } = setup({}, { addText: 'Jan Kowalski' });
    await settle();
    expect($<HTMLInputElement>('#add-name')?.value).toBe('Jan Kowalski');
    type($('#add-aliases'), 'Kowalski\nJ. Kowalski');
    type($('#add-note'), 'My MP.');
    type($('#add-link-label'), 'MP in');
    type($('#add-link-id'), 'minsk');
    await click(button('Add link'));
    expect($('[data-related-id="minsk"]')?.textContent).toContain('MP in Minsk');
    await submit($('[data-testid="entity-form"]'));
    const [e] = (await store.loadPersonalEntities()).value;
    expect(e).toMatchObject({ name: 'Jan Kowalski', type: 'person', note: 'My MP.', related: [{ id: 'minsk', relation: 'MP in' }] });
    expect(e!.aliases.map((a) => a.text)).toEqual(['Jan Kowalski', 'Kowalski', 'J. Kowalski']);
    expect($('[data-testid="entity-form"]')).toBeNull();
    expect($(`li[data-entity-id="${e!.id}"]`)?.textContent).toContain('also: Kowalski, J. Kowalski');
  });

  it('opens the ?add= form once: back on "Your entities" from another section, the list shows', async () => {
    setup({}, { addText: 'Jan Kowalski', initialSection: 'rules' });
    await settle();
    expect($('[data-testid="entities-page"]')).not.toBeNull();
    expect($<HTMLInputElement>('#add-name')?.value).toBe('Jan Kowalski');
    await click(tab('rules'));
    await click(tab('entities'));
    expect($('[data-testid="entity-form"]')).toBeNull();
    expect(button('Add an entity')).not.toBeNull();
  });

  it('lists every problem of a draft next to the form and stores nothing', async () => {
    const { fake } = setup({}, { addText: '' });
    await settle();
    type($('#add-aliases'), 'x'.repeat(500));
    await submit($('[data-testid="entity-form"]'));
    const errors = $$('[data-testid="form-errors"] li').map((li) => li.textContent);
    expect(errors).toEqual(['Give the entity a name.', expect.stringMatching(/longer than 100 characters/)]);
    expect(fake.dump()).toEqual({});
  });

  it('edits, deletes with undo, and warns about aliases another entity owns', async () => {
    const { store } = setup();
    const e = await store.saveEntityDraft({ name: 'City Hall', type: 'organization', aliases: ['Minsk'] });
    await settle();
    expect($('[data-testid="dropped-alias"]')?.textContent).toBe('“Minsk” is not highlighted as City Hall: it is already an alias of Minsk.');
    await click($(`button[aria-label="Edit City Hall"]`));
    type($('#edit-name'), 'Minsk City Hall');
    type($('#edit-aliases'), 'Mingorispolkom');
    await submit($('[data-testid="entity-form"]'));
    expect((await store.loadPersonalEntities()).value[0]).toMatchObject({ id: e.id, name: 'Minsk City Hall', aliases: [{ text: 'Minsk City Hall' }, { text: 'Mingorispolkom' }] });
    expect($('[data-testid="dropped-alias"]')).toBeNull();

    await click($(`button[aria-label="Delete Minsk City Hall"]`));
    expect((await store.loadPersonalEntities()).value).toEqual([]);
    expect($('[data-testid="undo-bar"]')?.textContent).toContain('Deleted “Minsk City Hall”.');
    await click(button('Undo'));
    expect((await store.loadPersonalEntities()).value.map((x) => x.name)).toEqual(['Minsk City Hall']);
    expect($(`li[data-entity-id="${e.id}"]`)).not.toBeNull();
  });

  it('shows a failed write (storage full) and keeps what was stored', async () => {
    const { fake, store } = setup();
    await store.saveEntityDraft({ name: 'Keep me', type: 'topic', aliases: [] });
    await settle();
    const before = fake.dump();
    fake.failSets(true);
    await click($('button[aria-label="Delete Keep me"]'));
    expect($('[data-testid="error"]')?.textContent).toMatch(/Could not save your entities: storage is full/);
    expect(fake.dump()).toEqual(before);
    expect($('button[aria-label="Delete Keep me"]')).not.toBeNull();
  });
});

describe('rules', () => {
  it('adds and removes "never highlight" phrases with undo', async () => {
    const { store } = setup();
    await settle();
    await click(tab('rules'));
    type($('#phrase-input'), 'Washington');
    await submit($('form[aria-label="Add a phrase"]'));
    expect((await store.loadRules()).value.map((r) => r.phrase)).toEqual(['Washington']);
    await click($('button[aria-label="Remove the rule for “Washington”"]'));
    expect((await store.loadRules()).value).toEqual([]);
    await click(button('Undo'));
    expect((await store.loadRules()).value.map((r) => r.phrase)).toEqual(['Washington']);
    type($('#phrase-input'), '!!!');
    await submit($('form[aria-label="Add a phrase"]'));
    expect($('[role="alert"]')?.textContent).toMatch(/no letter or digit/);
  });

  it('shows each rule as one row: its text together, its button apart', async () => {
    const settings = { ...defaultSettings(), siteRules: [{ site: '127.0.0.1', entityId: 'minsk' }], disabledSites: ['c.test'] };
    const { store } = setup({ settings });
    await store.addPhraseRule('Washington');
    await settle();
    await click(tab('rules'));
    const rows = ['phrase-rules', 'site-rules', 'disabled-sites'].map((id) => $(`[data-testid="${id}"] li`)!);
    // Two flex items per row: the rule's text (one element, so "Minsk on 127.0.0.1" never spreads over the row) and its button.
    expect(rows.map((li) => [...li.childNodes].map((n) => (n as Element).localName ?? '#text'))).toEqual([
      ['span', 'button'],
      ['span', 'button'],
      ['span', 'button'],
    ]);
    expect(rows.map((li) => li.querySelector('.rule-text')?.textContent)).toEqual(['“Washington”', 'Minsk on 127.0.0.1', 'c.test']);
  });

  it('removes site rules and turns sites back on, both undoable', async () => {
    const settings = { ...defaultSettings(), siteRules: [{ site: 'a.test', entityId: 'csto' }, { site: 'b.test', entityId: 'minsk' }], disabledSites: ['c.test'] };
    const { store } = setup({ settings });
    await settle();
    await click(tab('rules'));
    expect($('[data-testid="site-rules"]')?.textContent).toContain('Collective Security Treaty Organization on a.test');
    await click($('button[aria-label="Highlight Collective Security Treaty Organization on a.test again"]'));
    expect((await store.loadSettings()).settings.siteRules).toEqual([{ site: 'b.test', entityId: 'minsk' }]);
    await click(button('Undo'));
    expect((await store.loadSettings()).settings.siteRules).toEqual(settings.siteRules);
    await click(button('Switch back on'));
    expect((await store.loadSettings()).settings.disabledSites).toEqual([]);
    await click(button('Undo'));
    expect((await store.loadSettings()).settings.disabledSites).toEqual(['c.test']);
  });
});

describe('saved articles', () => {
  it('lists articles with safe links and removes them with undo', async () => {
    const { store } = setup({ 'userdata:article:a1': { version: USERDATA_VERSION, article: article('a1') } });
    await settle();
    await click(tab('articles'));
    const li = $('li[data-article-id="a1"]')!;
    const a = li.querySelector('a')!;
    expect([a.textContent, a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]).toEqual(['Story a1', 'https://news.test/a1', '_blank', 'noopener noreferrer']);
    expect(li.textContent).toContain('news.test · 1 Feb 2018 · 1 paragraph');
    expect(li.textContent).toContain('Mentions Collective Security Treaty Organization, Minsk');
    await click($('button[aria-label="Remove Story a1"]'));
    expect((await store.loadSavedArticles()).value).toEqual([]);
    await click(button('Undo'));
    expect((await store.loadSavedArticles()).value.map((x) => x.id)).toEqual(['a1']);
  });
});

describe('backup', () => {
  it('downloads an export and imports it after showing the preview', async () => {
    const source = setup({ 'userdata:article:a1': { version: USERDATA_VERSION, article: article('a1') } });
    await source.store.saveEntityDraft({ name: 'Jan Kowalski', type: 'person', aliases: [] });
    await source.store.addPhraseRule('Washington');
    await source.store.updateSettings((s) => ({ ...s, theme: 'dark' }));
    await settle();
    await click(tab('backup'));
    await click($('[data-testid="export"]'));
    expect(source.download).toHaveBeenCalledTimes(1);
    const [fileName, text] = source.download.mock.calls[0] as [string, string];
    expect(fileName).toMatch(/^backstory-backup-\d{4}-\d{2}-\d{2}\.json$/);
    render(null, root);
    root.remove();

    const target = setup();
    await settle();
    await click(tab('backup'));
    await chooseFile(text);
    expect($('[data-testid="diff-entities"]')?.textContent).toContain('Add Jan Kowalski');
    expect($('[data-testid="diff-phrases"]')?.textContent).toContain('Add “Washington”');
    expect($('[data-testid="diff-articles"]')?.textContent).toContain('Add Story a1');
    expect($('[data-testid="diff-settings"]')?.textContent).toContain('theme');
    expect(target.fake.dump()).toEqual({});
    await click($('[data-testid="apply-import"]'));
    expect($('[data-testid="import-state"] [role="status"]')?.textContent).toBe('Imported backup.json: 1 entity, 1 phrase rule, 1 saved article, settings.');
    expect(target.fake.dump()).toEqual(source.fake.dump());
  });

  it('refuses newer, malformed and oversized files, changing nothing', async () => {
    const { fake } = setup();
    await settle();
    await click(tab('backup'));
    const newer = buildBackup({ settings: defaultSettings(), entities: [], phrases: [], articles: [] }, clock).replace(`"version": ${USERDATA_VERSION}`, '"version": 99');
    await chooseFile(newer);
    expect($('[data-testid="import-state"] [role="alert"]')?.textContent).toMatch(/newer version of Backstory/);
    await chooseFile('{"format": "backstory-backup", "version": 1, "settings": {}, "entities": "no"}');
    expect($('[data-testid="import-state"] [role="alert"]')?.textContent).toMatch(/not a Backstory backup/);
    await chooseFile('{}', 'huge.json', 21 * 1024 * 1024);
    expect($('[data-testid="import-state"] [role="alert"]')?.textContent).toMatch(/This file is 21\.0 MB; Backstory only imports backups up to 20\.0 MB/);
    expect($('[data-testid="apply-import"]')).toBeNull();
    expect(fake.dump()).toEqual({});
  });

  it('lists data kept aside, downloads it and deletes it only after confirmation', async () => {
    const { fake, download } = setup({ settings: 'garbage' });
    await settle();
    expect($('[data-testid="problems"]')?.textContent).toMatch(/could not be read/);
    await click(tab('backup'));
    expect($('[data-testid="corrupt-list"]')?.textContent).toContain('settings');
    await click(button('Download'));
    expect(download).toHaveBeenCalledWith(expect.stringMatching(/^backstory-kept-aside-settings-\d+\.json$/), '"garbage"\n');
    await click(button('Delete'));
    expect(Object.keys(fake.dump()).filter((k) => k.startsWith('corrupt:'))).toHaveLength(1);
    await click(button('Yes, delete'));
    expect(Object.keys(fake.dump()).filter((k) => k.startsWith('corrupt:'))).toHaveLength(0);
  });
});
