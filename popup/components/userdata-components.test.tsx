// @vitest-environment happy-dom
// The popup's user-data components: saved passages (text only, safe links), relations (chains, selection), the save button's states.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EntityType } from '../../src/types';
import { pageRelations, type SaveArticleResult, type SavedPassage } from '../../src/userdata';
import { mountInBody, unmountAll } from '../../test/preact';
import { Relations } from './Relations';
import { SaveArticleButton } from './SaveArticleButton';
import { SavedPassages } from './SavedPassages';

let root: HTMLElement;
function mount(node: preact.ComponentChild) {
  root = mountInBody(node);
  return root;
}
afterEach(unmountAll);

const passage = (over: Partial<SavedPassage> = {}): SavedPassage => ({
  articleId: 'a1',
  url: 'https://news.test/one',
  title: 'Minsk talks',
  site: 'news.test',
  date: '2018-02-01',
  savedAt: Date.UTC(2024, 0, 1),
  paragraph: 3,
  text: 'Lukashenko met <img src=x onerror=alert(1)> the CSTO.',
  spans: [[0, 10]],
  ...over,
});

describe('SavedPassages', () => {
  it('shows passages with the mention marked and the page text as text', () => {
    mount(<SavedPassages entityName="Lukashenko" passages={[passage()]} />);
    const li = root.querySelector('[data-testid="saved-passage"]')!;
    expect(root.querySelector('h3')?.textContent).toBe('Also in your saved articles (1)');
    expect(li.querySelector('mark')?.textContent).toBe('Lukashenko');
    expect(li.querySelector('img')).toBeNull();
    expect(li.querySelector('blockquote')?.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(li.querySelector('cite')?.textContent).toBe('Minsk talks · news.test · 1 Feb 2018, ¶3');
    const a = li.querySelector('a')!;
    expect([a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]).toEqual(['https://news.test/one', '_blank', 'noopener noreferrer']);
  });

  it('links only to http(s) pages', () => {
    mount(<SavedPassages entityName="X" passages={[passage({ url: 'javascript:alert(1)' }), passage({ articleId: 'a2', url: 'data:text/html,hi' })]} />);
    expect(root.querySelectorAll('a')).toHaveLength(0);
    expect(root.querySelectorAll('cite .title')).toHaveLength(2);
  });

  it('renders nothing without passages and folds long lists', () => {
    mount(<SavedPassages entityName="X" passages={[]} />);
    expect(root.childNodes).toHaveLength(0);
    render(null, root);
    const many = Array.from({ length: 5 }, (_, i) => passage({ paragraph: i + 1 }));
    act(() => render(<SavedPassages entityName="X" passages={many} limit={2} />, root));
    expect(root.querySelectorAll('[data-testid="saved-passage"]')).toHaveLength(2);
    act(() => (root.querySelector('button.link') as HTMLButtonElement).click());
    expect(root.querySelectorAll('[data-testid="saved-passage"]')).toHaveLength(5);
  });
});

describe('Relations', () => {
  const names: Record<string, { name: string; type: EntityType }> = {
    lukashenko: { name: 'Alexander Lukashenko', type: 'person' },
    belarus: { name: 'Belarus', type: 'place' },
    csto: { name: 'CSTO', type: 'organization' },
    'user:k-1': { name: 'Kowalski', type: 'person' },
  };
  const related: Record<string, Array<{ id: string; relation: string }>> = {
    lukashenko: [{ id: 'belarus', relation: 'leads' }],
    belarus: [{ id: 'csto', relation: 'member of' }],
  };
  const relations = pageRelations(['lukashenko', 'belarus', 'csto', 'user:k-1'], {
    related: (id) => related[id],
    passages: { lukashenko: [{ articleId: 's', paragraph: 1, text: '', spans: [] }], 'user:k-1': [{ articleId: 's', paragraph: 1, text: '', spans: [] }] },
  });

  it('reads links as a chain and co-mentions as pairs; names select entities', () => {
    const onSelect = vi.fn();
    mount(<Relations relations={relations} entity={(id) => names[id]} selected="belarus" onSelect={onSelect} />);
    expect(root.querySelector('[data-testid="relation-chain"]')?.textContent).toBe('Alexander Lukashenko — leads — Belarus — member of — CSTO');
    expect(root.querySelector('[data-testid="co-mention"]')?.textContent).toBe('Alexander Lukashenko and Kowalski in 1 paragraph');
    expect(root.querySelector('[aria-current="true"]')?.textContent).toBe('Belarus');
    act(() => (root.querySelector('[data-testid="relation-chain"] button[data-entity-id="csto"]') as HTMLButtonElement).click());
    expect(onSelect).toHaveBeenCalledWith('csto');
  });

  it('shows the first lines and the rest on request', () => {
    const many = { chains: Array.from({ length: 4 }, (_, i) => ({ nodes: [`a${i}`, `b${i}`], labels: ['x'] })), coMentions: [] };
    mount(<Relations relations={many} entity={() => undefined} onSelect={vi.fn()} limit={2} />);
    expect(root.querySelectorAll('[data-testid="relation-chain"]')).toHaveLength(2);
    act(() => (root.querySelector('button[aria-expanded]') as HTMLButtonElement).click());
    expect(root.querySelectorAll('[data-testid="relation-chain"]')).toHaveLength(4);
  });

  it('renders nothing when nothing relates', () => {
    mount(<Relations relations={{ chains: [], coMentions: [] }} entity={() => undefined} onSelect={vi.fn()} />);
    expect(root.childNodes).toHaveLength(0);
  });
});

describe('SaveArticleButton', () => {
  it('saves, shows progress, then what was saved', async () => {
    let resolve!: (r: SaveArticleResult) => void;
    const onSave = vi.fn(() => new Promise<SaveArticleResult>((r) => (resolve = r)));
    mount(<SaveArticleButton onSave={onSave} />);
    const button = () => root.querySelector('button')!;
    expect(button().textContent).toBe('Save this article to Backstory');
    act(() => button().click());
    expect(button().textContent).toBe('Saving…');
    expect(button().disabled).toBe(true);
    act(() => button().click());
    expect(onSave).toHaveBeenCalledTimes(1);
    await act(async () => resolve({ ok: true, articleId: 'a1', title: 'T', url: 'https://x.test/', entities: 3, passages: 7, replaced: false, cut: false }));
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Saved: 7 passages about 3 entities.');
    expect(button().textContent).toBe('Save again');
  });

  it('shows failures and why a page cannot be saved', async () => {
    mount(<SaveArticleButton onSave={async () => ({ ok: false, error: 'Backstory may not read this page.' })} />);
    await act(async () => root.querySelector('button')!.click());
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('Backstory may not read this page.');
    render(null, root);
    act(() => render(<SaveArticleButton disabledReason="Only web pages can be saved." onSave={vi.fn()} />, root));
    expect(root.querySelector('button')!.disabled).toBe(true);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Only web pages can be saved.');
    render(null, root);
    act(() => render(<SaveArticleButton savedAt={Date.UTC(2024, 5, 1)} onSave={vi.fn()} />, root));
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Saved on 1 Jun 2024.');
  });
});
