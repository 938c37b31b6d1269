// Tests merging frame states into one page summary.
import { describe, expect, it } from 'vitest';
import type { PageState } from './messages';
import { distinctEntities, mergePageStates } from './page-state';

const state = (entities: Array<[string, number]>, status: PageState['status'] = 'active'): PageState => ({
  url: 'https://a.test/',
  status,
  mode: 'paint',
  mentions: entities.reduce((n, [, c]) => n + c, 0),
  entities: entities.map(([id, count]) => ({ id, name: id, type: 'person', count })),
});

describe('mergePageStates', () => {
  it('adds iframe counts to the top frame', () => {
    const m = mergePageStates(state([['a', 2]]), [state([['a', 1], ['b', 3]])]);
    expect(m.mentions).toBe(6);
    expect(m.entities.map((e) => [e.id, e.count])).toEqual([
      ['a', 3],
      ['b', 3],
    ]);
  });
  it('ignores frames that are not active and counts distinct entities', () => {
    const top = state([['a', 1]]);
    expect(mergePageStates(top, [state([['b', 1]], 'paused')])).toEqual(top);
    expect(distinctEntities([top, state([['a', 1], ['c', 2]])])).toBe(2);
  });
});
