// @vitest-environment happy-dom
// Component tests of the popup's states: loading, not allowed, no access, empty, site off, entity list, background view and search.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../src/settings';
import type { PersonalEntity } from '../src/userdata';
import type { DatasetBundle } from '../src/types';
import { mountInBody, unmountAll } from '../test/preact';
import { App, type AppProps } from './App';
import { appProps } from './app-props';

const dataset: DatasetBundle = {
  version: 1,
  builtFrom: [],
  articles: [{ id: 'seed', title: 'Seed article', language: 'en', date: 'undated', paragraphs: ['Lukashenko met CSTO.'] }],
  entities: [
    {
      id: 'lukashenko',
      type: 'person',
      name: 'Alexander Lukashenko',
      aliases: [{ text: 'Lukashenko' }],
      summary: 'President of Belarus. Second sentence.',
      facts: [{ text: 'President since 1994.', asOf: '1994-07-20', source: { kind: 'general-reference' } }],
      related: [{ id: 'csto', relation: 'his country is a member of' }],
    },
    {
      id: 'csto',
      type: 'organization',
      name: 'Collective Security Treaty Organization',
      aliases: [{ text: 'CSTO' }, { text: 'ОДКБ' }],
      summary: 'A military alliance.',
      facts: [{ text: 'Named in the article.', asOf: '2018', source: { kind: 'article', articleId: 'seed', paragraph: 1 } }],
      related: [],
    },
  ],
  passages: {
    lukashenko: [{ articleId: 'seed', paragraph: 1, text: 'Lukashenko met CSTO.', spans: [[0, 10]] }],
    csto: [{ articleId: 'seed', paragraph: 1, text: 'Lukashenko met CSTO.', spans: [[15, 19]] }],
  },
};

const okPage: AppProps['page'] = {
  kind: 'ok',
  tabId: 1,
  url: 'https://news.test/a',
  state: {
    url: 'https://news.test/a',
    status: 'active',
    mode: 'paint',
    mentions: 3,
    entities: [
      { id: 'lukashenko', name: 'Alexander Lukashenko', type: 'person', count: 2 },
      { id: 'csto', name: 'Collective Security Treaty Organization', type: 'organization', count: 1 },
    ],
  },
};

const okState = (okPage as Extract<AppProps['page'], { kind: 'ok' }>).state;
function pageWith(over: Partial<typeof okState>): AppProps['page'] {
  return { kind: 'ok', tabId: 1, url: okState.url, state: { ...okState, ...over } };
}

function props(over: Partial<AppProps> = {}): AppProps {
  return appProps({ page: okPage, dataset, ...over });
}

let root: HTMLElement;
function mount(p: AppProps) {
  root = mountInBody(<App {...p} />);
  return root;
}
const summary = () => root.querySelector('#page-summary')?.textContent ?? '';

afterEach(unmountAll);

describe('popup', () => {
  it('summarises the page and lists entities by type with counts', () => {
    mount(props());
    expect(summary()).toBe('2 entities · 3 mentions');
    expect(root.querySelector('li[data-entity-id="lukashenko"] .count')?.textContent).toBe('2');
    expect([...root.querySelectorAll('.entity-list h2')].map((h) => h.textContent)).toEqual(['People', 'Organisations']);
  });

  it('shows the background with facts, related entities and emphasised passages', () => {
    mount(props());
    act(() => (root.querySelector('li[data-entity-id="lukashenko"] button') as HTMLButtonElement).click());
    const detail = root.querySelector('[data-testid="entity-detail"]')!;
    expect(detail.getAttribute('data-entity-id')).toBe('lukashenko');
    expect(detail.textContent).toContain('President of Belarus.');
    expect(detail.textContent).toContain('as of 20 Jul 1994');
    expect(detail.textContent).toContain('(general reference)');
    const passage = detail.querySelector('[data-testid="passage"]')!;
    expect(passage.querySelector('mark')?.textContent).toBe('Lukashenko');
    expect(passage.querySelector('cite')?.textContent).toBe('Seed article, ¶1');
    // Related entities are clickable.
    act(() => (detail.querySelector('.related button') as HTMLButtonElement).click());
    expect(root.querySelector('[data-testid="entity-detail"]')?.getAttribute('data-entity-id')).toBe('csto');
  });

  it('asks the page to show a mention', () => {
    const p = props({ initialEntity: 'csto' });
    mount(p);
    act(() => (root.querySelector('.on-page button') as HTMLButtonElement).click());
    expect(p.onShowOnPage).toHaveBeenCalledWith('csto');
  });

  it('searches the whole dataset, also entities not on the page, by alias in another script', () => {
    mount(props({ page: pageWith({ entities: [], mentions: 0 }) }));
    const input = root.querySelector('#search') as HTMLInputElement;
    act(() => {
      input.value = 'одкб';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(root.querySelector('.search-results li[data-entity-id="csto"]')).not.toBeNull();
  });

  it.each([
    [{ kind: 'loading' }, 'Reading this page…'],
    [{ kind: 'not-allowed', url: 'chrome://extensions' }, 'Browsers do not let extensions read this page.'],
    [{ kind: 'error', message: 'Reload the page.' }, 'Reload the page.'],
  ] as const)('shows the %j state', (page, text) => {
    mount(props({ page: page as AppProps['page'] }));
    expect(summary()).toBe(text);
  });

  it('offers to request host access where it is missing', () => {
    const p = props({ page: { kind: 'no-access', tabId: 1, url: 'https://news.test/a' } });
    mount(p);
    const button = [...root.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Allow Backstory'));
    expect(button).toBeDefined();
    act(() => button!.click());
    expect(p.onRequestAccess).toHaveBeenCalled();
  });

  it('says when the page has no mentions, the site is off, or everything is paused', () => {
    mount(props({ page: pageWith({ entities: [], mentions: 0 }) }));
    expect(summary()).toBe('No known entities on this page.');
    render(null, root);
    mount(props({ page: pageWith({ status: 'site-off' }) }));
    expect(summary()).toBe('Switched off on this site.');
    render(null, root);
    mount(props({ settings: { ...defaultSettings(), paused: true } }));
    expect(summary()).toBe('Paused everywhere.');
  });

  it('reports unreadable settings instead of hiding them', () => {
    mount(props({ settingsProblems: ['settings.theme: invalid value "neon"'] }));
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('settings.theme');
  });

  it('toggles the site switch and pause', () => {
    const p = props();
    mount(p);
    const switches = root.querySelectorAll<HTMLInputElement>('input[role="switch"]');
    act(() => switches[0]!.click());
    act(() => switches[1]!.click());
    expect(p.onToggleSite).toHaveBeenCalled();
    expect(p.onTogglePause).toHaveBeenCalled();
  });

  it('"Add to Backstory…" and "Your entities and rules" reach the handlers, on every kind of page', async () => {
    for (const page of [okPage, { kind: 'not-allowed', url: 'about:blank' }, { kind: 'no-access', tabId: 1, url: 'https://news.test/a' }] as AppProps['page'][]) {
      const p = props({ page });
      mount(p);
      const buttons = [...root.querySelectorAll('[data-testid="your-context"] button')];
      expect(buttons.map((b) => b.textContent)).toEqual(['Add to Backstory…', 'Your entities and rules']);
      await act(async () => (buttons[0] as HTMLButtonElement).click());
      act(() => (buttons[1] as HTMLButtonElement).click());
      expect(p.onAddEntity).toHaveBeenCalledTimes(1);
      expect(p.onOpenOptions).toHaveBeenCalledTimes(1);
      render(null, root);
      root.remove();
    }
    mount(props({ onAddEntity: async () => ({ ok: false }) }));
    await act(async () => (root.querySelector('[data-testid="your-context"] button') as HTMLButtonElement).click());
    expect(root.querySelector('[data-testid="your-context"] [role="alert"]')?.textContent).toBe('The add form could not be opened.');
  });

  it('marks the reader’s own entities in the list, in search results and in their background', () => {
    const mine: PersonalEntity = {
      id: 'user:analysts-1',
      type: 'organization',
      name: 'American analysts',
      aliases: [{ text: 'American analysts' }],
      personal: true,
      note: 'Visitors from U.S. think tanks.',
      related: [],
      createdAt: 1,
      updatedAt: 1,
    };
    const entities = [...okState.entities, { id: mine.id, name: mine.name, type: mine.type, count: 2 }];
    mount(props({ personal: [mine], page: pageWith({ entities }) }));
    const row = (id: string) => root.querySelector(`.entity-list li[data-entity-id="${id}"]`)!;
    expect(row(mine.id).querySelector('.mine')?.textContent).toBe('Yours, added by you');
    expect(row(mine.id).querySelector('.mine [aria-hidden="true"]')?.textContent).toBe('Yours');
    expect(row('csto').querySelector('.mine')).toBeNull();

    act(() => (row(mine.id).querySelector('button') as HTMLButtonElement).click());
    const detail = root.querySelector('[data-testid="entity-detail"]')!;
    expect(detail.querySelector('.detail-head .mine')?.textContent).toBe('Added by you');
    expect(detail.querySelector('.summary')?.textContent).toBe('Visitors from U.S. think tanks.');
    act(() => (detail.querySelector('.back') as HTMLButtonElement).click());

    const input = root.querySelector('#search') as HTMLInputElement;
    act(() => {
      input.value = 'a';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const hit = (id: string) => root.querySelector(`.search-results li[data-entity-id="${id}"]`);
    expect(hit(mine.id)?.querySelector('.mine')).not.toBeNull();
    expect(hit('lukashenko')?.querySelector('.mine')).toBeNull();
  });
});
