// @vitest-environment happy-dom
// Reliability case 35 on the hover card: poisoned catalog and reader data stays inert, isolated text, and a huge summary cannot push the actions off-screen.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { EntityCard } from '../../src/messages';
import { LIMITS } from '../../src/userdata/types';
import { Card, type CardProps } from './Card';
import { cardProps } from './card-props';
import { CARD_CSS } from './card-css';
import { PAYLOAD, expectIsolated, poison } from '../../test/poison';


const poisonedCard = (over: Partial<EntityCard> = {}): EntityCard => ({
  id: 'evil',
  name: poison('Name'),
  type: 'person',
  summary: poison('Summary'),
  facts: [
    { text: poison('Fact'), asOf: '2020', source: { kind: 'article', articleId: 'evil-article', paragraph: 1 } },
    { text: poison('Reference'), asOf: '2021-02', source: { kind: 'general-reference' } },
  ],
  ...over,
});

let host: HTMLElement;
let mountPoint: HTMLElement;
// Mounted as host.ts does: inside an open shadow root with the card's stylesheet, so computed display is the real one.
function mount(over: Partial<CardProps> = {}) {
  const card = over.card === undefined ? poisonedCard() : over.card;
  const p = cardProps({ entityId: card?.id ?? 'evil', name: card?.name ?? poison('Name'), card, phrase: 'Name', ...over });
  host = document.createElement('div');
  document.body.appendChild(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = CARD_CSS;
  mountPoint = document.createElement('div');
  shadow.append(style, mountPoint);
  act(() => render(<Card {...p} />, mountPoint));
  return mountPoint.querySelector('.card')!;
}
afterEach(() => {
  render(null, mountPoint);
  host.remove();
  delete (window as { __pwned?: unknown }).__pwned;
});

/** No element or attribute that could run code or load anything; the card has no links at all. */
function expectInert(scope: Element) {
  expect(scope.querySelectorAll('img, script, iframe, object, embed, svg, math, style, link, base, form, a')).toHaveLength(0);
  for (const el of scope.querySelectorAll('*')) {
    for (const a of el.attributes) expect(a.name, `${el.tagName} attribute`).not.toMatch(/^on|^href$|^src$/i);
  }
  expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
}

const actions = (card: Element) => [...card.querySelectorAll('footer button')].map((b) => b.textContent?.trim());

describe('hover card with poisoned data', () => {
  it('renders a poisoned name, summary and facts as inert, isolated text', () => {
    const card = mount();
    expectInert(card);
    expectIsolated(card, mountPoint);
    expect(card.querySelector('.name')?.textContent).toBe(poison('Name'));
    expect(card.querySelector('.summary')?.textContent).toBe(poison('Summary'));
    expect([...card.querySelectorAll('.facts li')].map((li) => li.textContent)).toEqual([`2020 ${poison('Fact')}`, `Feb 2021 ${poison('Reference')}`]);
    // Names and phrases reach attributes only as values (Preact sets them as properties; nothing is parsed).
    expect(card.getAttribute('aria-label')).toBe(`Background: ${poison('Name')}`);
  });

  it("renders the reader's own entity (note as summary, no facts) the same way", () => {
    const card = mount({ card: poisonedCard({ id: 'user:evil-1', name: poison('Mine'), summary: poison('Note'), facts: [] }) });
    expectInert(card);
    expectIsolated(card, mountPoint);
    expect(card.querySelector('.summary')?.textContent).toBe(poison('Note'));
    expect(card.querySelector('.mine')?.textContent).toBe('Added by you');
  });

  it('cuts a 50 KB summary with no sentence end, so the actions stay within reach', () => {
    const huge = `${'lorem ipsum '.repeat(4_300)}${PAYLOAD}`;
    expect(huge.length).toBeGreaterThan(50 * 1024);
    const card = mount({ card: poisonedCard({ summary: huge, facts: [{ text: huge, asOf: '2020', source: { kind: 'general-reference' } }] }) });
    expectInert(card);
    const summary = card.querySelector('.summary')!.textContent!;
    expect(summary.length).toBeLessThanOrEqual(301);
    expect(summary.endsWith('ipsum…')).toBe(true);
    expect(huge.startsWith(summary.slice(0, -1))).toBe(true);
    expect(card.querySelector('.facts li')!.textContent!.length).toBeLessThan(320);
    expect(actions(card)).toEqual(['More', 'Not this', 'Ignore on this site', 'Never highlight this phrase']);
  });

  it('keeps the first sentence of a huge summary, and cuts a longest-allowed note', () => {
    let card = mount({ card: poisonedCard({ summary: `Capital of the Republic of Nowhere. ${'x '.repeat(30_000)}` }) });
    expect(card.querySelector('.summary')?.textContent).toBe('Capital of the Republic of Nowhere.');
    render(null, mountPoint);
    host.remove();
    card = mount({ card: poisonedCard({ id: 'user:n-1', summary: 'note '.repeat(LIMITS.noteLength / 5), facts: [] }) });
    expect(card.querySelector('.summary')!.textContent!.length).toBeLessThanOrEqual(301);
  });

  it('does not split a surrogate pair when cutting', () => {
    const card = mount({ card: poisonedCard({ summary: `a${'😀'.repeat(1_000)}`, facts: [] }) });
    const summary = card.querySelector('.summary')!.textContent!;
    expect(summary.endsWith('😀…')).toBe(true);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(summary)).toBe(false);
  });
});
