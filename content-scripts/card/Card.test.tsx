// @vitest-environment happy-dom
// The hover card's actions and marks: every correction is a button that hands its click event on, and the reader's own entities say so.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountInBody, unmountAll } from '../../test/preact';
import { Card, type CardProps } from './Card';
import { cardProps } from './card-props';

let root: HTMLElement;
function mount(over: Partial<CardProps> = {}) {
  const p = cardProps({
    entityId: 'moscow',
    name: 'Moscow',
    card: { id: 'moscow', name: 'Moscow', type: 'place', summary: 'Capital of Russia. More.', facts: [] },
    mentionsOnPage: 3,
    phrase: 'Moscow',
    ...over,
  });
  root = mountInBody(<Card {...p} />);
  return p;
}
afterEach(unmountAll);

const button = (label: string) => [...root.querySelectorAll('footer button')].find((b) => b.textContent?.trim() === label) as HTMLButtonElement;

describe('Card', () => {
  it('offers the four actions, "Never highlight this phrase" naming the phrase it adds', () => {
    mount({ phrase: 'Москве' });
    expect([...root.querySelectorAll('footer button')].map((b) => b.textContent?.trim())).toEqual([
      'More',
      'Not this',
      'Ignore on this site',
      'Never highlight this phrase',
    ]);
    expect(button('Never highlight this phrase').title).toBe('Never highlight “Москве” on any site');
  });

  it('hands the click event to the handler (which acts only on trusted ones)', () => {
    const p = mount();
    act(() => button('Never highlight this phrase').click());
    expect(p.onNeverHighlight).toHaveBeenCalledTimes(1);
    const ev = (p.onNeverHighlight as ReturnType<typeof vi.fn>).mock.calls[0]![0] as Event;
    expect(ev.type).toBe('click');
    expect(p.onIgnoreSite).not.toHaveBeenCalled();
  });

  it('marks the reader’s own entities, and only them', () => {
    mount();
    expect(root.querySelector('.mine')).toBeNull();
    render(null, root);
    mount({ entityId: 'user:kowalski-1', name: 'Jan Kowalski', card: { id: 'user:kowalski-1', name: 'Jan Kowalski', type: 'person', summary: 'My MP.', facts: [] } });
    expect(root.querySelector('header .mine')?.textContent).toBe('Added by you');
    // The name and type stay separate elements (the e2e harness and screen readers read them apart).
    expect(root.querySelector('.name')?.textContent).toBe('Jan Kowalski');
    expect(root.querySelector('.type')?.textContent).toBe('Person');
  });
});
