// @vitest-environment happy-dom
// Reliability case 35 in the popup: poisoned catalog and reader data (markup, script URLs, an unclosed RTL override, a 50 KB summary) stays inert, isolated text.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../src/settings';
import type { DatasetBundle } from '../src/types';
import type { PersonalEntity, SavedArticle, SavedPassage } from '../src/userdata';
import { mountInBody, unmountAll } from '../test/preact';
import { App, type AppProps } from './App';
import { appProps } from './app-props';
import { SavedPassages } from './components/SavedPassages';
import { PAYLOAD, expectIsolated, poison } from '../test/poison';

const HUGE_SUMMARY = `${'lorem ipsum '.repeat(4_300)}${PAYLOAD}`;

const dataset: DatasetBundle = {
  version: 1,
  builtFrom: [],
  articles: [{ id: 'evil-article', title: poison('Title'), language: 'en', date: '2020-01-01', url: 'javascript:alert(1)', paragraphs: ['x'] }],
  entities: [
    {
      id: 'evil',
      type: 'person',
      name: poison('Name'),
      aliases: [{ text: poison('Alias') }],
      summary: HUGE_SUMMARY,
      facts: [
        { text: poison('Fact'), asOf: '2020', source: { kind: 'article', articleId: 'evil-article', paragraph: 1 } },
        { text: poison('Reference'), asOf: '2021-02', source: { kind: 'general-reference' } },
      ],
      related: [{ id: 'plain', relation: poison('Relation') }],
    },
    { id: 'plain', type: 'place', name: 'Plainville', aliases: [{ text: 'Plainville' }], summary: 'A town.', facts: [], related: [] },
  ],
  passages: { evil: [{ articleId: 'evil-article', paragraph: 1, text: poison('Passage'), spans: [[0, 7]] }] },
};

const mine: PersonalEntity = {
  id: 'user:evil-1',
  type: 'organization',
  name: poison('Mine'),
  aliases: [{ text: poison('MineAlias') }],
  personal: true,
  note: poison('Note'),
  related: [{ id: 'plain', relation: poison('MyRelation') }],
  createdAt: 1,
  updatedAt: 1,
};

const savedArticle = (id: string, url: string): SavedArticle => ({
  id,
  url,
  title: poison(`Saved ${id}`),
  site: poison('Site'),
  date: poison('Date'),
  savedAt: Date.UTC(2024, 0, 1),
  paragraphs: [poison(`Saved text ${id}`)],
  mentions: [{ entityId: 'evil', paragraph: 1, spans: [[0, 5]] }],
  indexKey: 'k',
});
const saved = [savedArticle('s1', 'javascript:alert(1)'), savedArticle('s2', 'data:text/html,<script>alert(1)</script>'), savedArticle('s3', 'https://news.test/ok')];

function props(over: Partial<AppProps> = {}): AppProps {
  return appProps({
    page: {
      kind: 'ok',
      tabId: 1,
      url: 'https://news.test/a',
      state: {
        url: 'https://news.test/a',
        status: 'active',
        mode: 'paint',
        mentions: 4,
        entities: [
          { id: 'evil', name: poison('Name'), type: 'person', count: 2 },
          { id: 'plain', name: 'Plainville', type: 'place', count: 1 },
          { id: mine.id, name: mine.name, type: mine.type, count: 1 },
        ],
      },
    },
    dataset,
    settings: { ...defaultSettings(), siteRules: [{ site: 'news.test', entityId: 'evil' }] },
    personal: [mine],
    saved,
    ...over,
  });
}

// The popup's own stylesheet, so that computed display (blocks, flex items) decides where a bidi paragraph ends.
beforeAll(() => {
  const style = document.createElement('style');
  style.textContent = readFileSync(fileURLToPath(import.meta.resolve('./popup.css')), 'utf8');
  document.head.appendChild(style);
});

let root: HTMLElement;
function mount(node: preact.ComponentChild) {
  root = mountInBody(node);
  return root;
}
afterEach(() => {
  unmountAll();
  delete (window as { __pwned?: unknown }).__pwned;
});

/** No element or attribute that could run code or load anything; links only to http(s). */
function expectInert(scope: Element) {
  expect(scope.querySelectorAll('img, script, iframe, object, embed, svg, math, style, link, base, form')).toHaveLength(0);
  for (const el of scope.querySelectorAll('*')) {
    for (const a of el.attributes) {
      expect(a.name, `${el.tagName} attribute`).not.toMatch(/^on/i);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name)) expect(a.value).toMatch(/^https?:\/\//);
    }
  }
  expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
}

const search = (q: string) =>
  act(() => {
    const input = root.querySelector('#search') as HTMLInputElement;
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });

describe('popup with a poisoned dataset and poisoned reader data', () => {
  it('the page view (entity list, relations, ignore rules) shows the markup as inert, isolated text', () => {
    mount(<App {...props()} />);
    expectInert(root);
    expectIsolated(root, root);
    expect(root.querySelector('.entity-list li[data-entity-id="evil"] .name')?.textContent).toBe(poison('Name'));
    expect(root.querySelector('[data-testid="relation-chain"]')?.textContent).toContain(poison('Relation'));
    expect(root.querySelector('details.settings .rules li')?.textContent).toContain(`${poison('Name')} on news.test`);
  });

  it('the background view renders the 50 KB summary in full, facts with their sources, passages and saved passages as text', () => {
    mount(<App {...props({ initialEntity: 'evil' })} />);
    const detail = root.querySelector('[data-testid="entity-detail"]')!;
    expectInert(root);
    expectIsolated(root, root);
    expect(detail.querySelector('#entity-title')?.textContent).toBe(poison('Name'));
    // The popup scrolls (body max-height in popup.css), so nothing is cut; the text node is the summary as written.
    expect(HUGE_SUMMARY.length).toBeGreaterThan(50 * 1024);
    expect(detail.querySelector('.summary')?.textContent).toBe(HUGE_SUMMARY);
    const facts = [...detail.querySelectorAll('.facts li')].map((li) => li.textContent);
    expect(facts).toEqual([`as of 2020 ${poison('Fact')} (${poison('Title')}, ¶1)`, `as of Feb 2021 ${poison('Reference')} (general reference)`]);
    expect(detail.querySelector('.related li')?.textContent).toBe(`${poison('Relation')} Plainville`);
    const passage = detail.querySelector('[data-testid="passage"]')!;
    expect(passage.querySelector('blockquote')?.textContent).toBe(poison('Passage'));
    expect(passage.querySelector('mark')?.textContent).toBe('Passage');
    expect(passage.querySelector('cite')?.textContent).toBe(`${poison('Title')}, ¶1`);
    // The bundled article's own url (javascript:) is never rendered: sources are cited by title and paragraph only.
    expect(root.querySelectorAll('[data-testid="saved-passage"]')).toHaveLength(3);
    expect([...root.querySelectorAll('[data-testid="saved-passage"] blockquote')].map((b) => b.textContent).sort()).toEqual(
      ['s1', 's2', 's3'].map((id) => poison(`Saved text ${id}`)),
    );
  });

  it('links saved passages only to http(s) pages; javascript: and data: addresses stay plain titles', () => {
    mount(<App {...props({ initialEntity: 'evil' })} />);
    const cite = (id: string) => root.querySelector(`[data-testid="saved-passage"][data-article-id="${id}"] cite`)!;
    expect(cite('s1').querySelector('a')).toBeNull();
    expect(cite('s2').querySelector('a')).toBeNull();
    expect(cite('s1').querySelector('.title')?.textContent).toBe(poison('Saved s1'));
    const a = cite('s3').querySelector('a')!;
    expect([a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel'), a.textContent]).toEqual([
      'https://news.test/ok',
      '_blank',
      'noopener noreferrer',
      poison('Saved s3'),
    ]);
    expect([...root.querySelectorAll('a')].map((x) => x.getAttribute('href'))).toEqual(['https://news.test/ok']);
  });

  it("the reader's own entity: poisoned name, note and relation render as inert, isolated text", () => {
    mount(<App {...props({ initialEntity: mine.id })} />);
    expectInert(root);
    expectIsolated(root, root);
    const detail = root.querySelector('[data-testid="entity-detail"]')!;
    expect(detail.querySelector('.summary')?.textContent).toBe(poison('Note'));
    expect(detail.querySelector('.related li')?.textContent).toBe(`${poison('MyRelation')} Plainville`);
    expect(detail.querySelector('.muted')?.textContent).toBe(`No bundled article mentions ${poison('Mine')}.`);
  });

  it('search finds entities by a poisoned alias and echoes a poisoned query as inert, isolated text', () => {
    mount(<App {...props()} />);
    search('MineAlias <img');
    expect([...root.querySelectorAll('.search-results li')].map((li) => li.getAttribute('data-entity-id'))).toEqual([mine.id]);
    expectInert(root);
    expectIsolated(root, root);
    search(`nothing ${PAYLOAD}`);
    expect(root.querySelector('.search-results .muted')?.textContent).toBe(`No entity matches “nothing ${PAYLOAD}”.`);
    expectInert(root);
    expectIsolated(root, root);
  });
});

describe('SavedPassages links', () => {
  const passage = (url: string): SavedPassage => ({
    articleId: url,
    url,
    title: 'T',
    site: null,
    date: null,
    savedAt: 0,
    paragraph: 1,
    text: 'x',
    spans: [],
  });

  // httpUrl() (src/userdata/text.ts) deliberately allows http: too: readers save plain-http news pages.
  it.each([
    ['https://news.test/a', 'https://news.test/a'],
    ['http://news.test/a', 'http://news.test/a'],
    ['javascript:alert(1)', null],
    ['JavaScript:alert(1)', null],
    [' javascript:alert(1)', null],
    ['java\tscript:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['vbscript:msgbox(1)', null],
    ['file:///etc/passwd', null],
    ['//evil.test/a', null],
    ['/relative', null],
    [`https://news.test/${'a'.repeat(3000)}`, null], // longer than httpUrl's 2,048 characters
  ].map(([url, href]) => ({ label: url!.slice(0, 40), url: url!, href })))('$label → href $href', ({ url, href }) => {
    mount(<SavedPassages entityName="X" passages={[passage(url)]} />);
    expect(root.querySelector('a')?.getAttribute('href') ?? null).toBe(href);
    expect(root.querySelector('cite')?.textContent).toContain('T');
    expectInert(root);
  });
});
