// Tests that only well-formed messages of our protocol get through the parsers.
import { describe, expect, it } from 'vitest';
import { parseBackgroundMessage, parseContentMessage } from './messages';

describe('message parsing', () => {
  it('accepts well-formed requests', () => {
    expect(parseContentMessage({ type: 'getPageState' })).toEqual({ type: 'getPageState' });
    expect(parseContentMessage({ type: 'stepMention', direction: -1 })).toEqual({ type: 'stepMention', direction: -1 });
    expect(parseBackgroundMessage({ type: 'getEntityCard', entityId: 'csto' })).toEqual({ type: 'getEntityCard', entityId: 'csto' });
    const state = { url: 'https://x.test/', status: 'active', mode: 'paint', mentions: 1, entities: [{ id: 'a', name: 'A', type: 'person', count: 1 }] };
    expect(parseBackgroundMessage({ type: 'pageStateChanged', state })).toEqual({ type: 'pageStateChanged', state });
    expect(parseBackgroundMessage({ type: 'addPhraseRule', phrase: 'Moscow', extra: 1 })).toEqual({ type: 'addPhraseRule', phrase: 'Moscow' });
    expect(parseBackgroundMessage({ type: 'openAddEntity', tabId: 4 })).toEqual({ type: 'openAddEntity', tabId: 4 });
    expect(parseBackgroundMessage({ type: 'openAddEntity', tabId: null })).toEqual({ type: 'openAddEntity', tabId: null });
  });

  it.each([
    null,
    'getPageState',
    { type: 'unknown' },
    { type: 'stepMention', direction: 2 },
    { type: 'showMention' },
    { type: 'pageStateChanged', state: { url: 1 } },
    { type: 'getEntityCard', entityId: 'x'.repeat(500) },
    { type: '__proto__' },
    { type: 'addPhraseRule' },
    { type: 'addPhraseRule', phrase: 42 },
    { type: 'addPhraseRule', phrase: 'x'.repeat(401) },
    { type: 'openAddEntity' },
    { type: 'openAddEntity', tabId: -1 },
    { type: 'openAddEntity', tabId: '3' },
    { type: 'openAddEntity', tabId: 1.5 },
  ])('rejects %j', (msg) => {
    expect(parseContentMessage(msg)).toBeNull();
    expect(parseBackgroundMessage(msg)).toBeNull();
  });
});
