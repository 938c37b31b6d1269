// Page relations: catalog links among the page's entities read as chains; co-mentions come from bundled and saved paragraphs.
import { describe, expect, it } from 'vitest';
import type { Relation } from '../types';
import { chainLinks, coMentionsAmong, linksAmong, pageRelations } from './relations';
import type { SavedArticle } from './types';

const related: Record<string, Relation[]> = {
  lukashenko: [{ id: 'belarus', relation: 'leads' }],
  belarus: [{ id: 'csto', relation: 'member of' }, { id: 'lukashenko', relation: 'led by' }],
  csto: [],
  minsk: [{ id: 'belarus', relation: 'capital of' }],
  makei: [{ id: 'belarus', relation: 'foreign minister of' }],
};
const lookup = (id: string) => related[id];

describe('relations', () => {
  it('keeps links whose both ends are on the page, each pair once', () => {
    expect(linksAmong(['lukashenko', 'belarus', 'csto', 'elsewhere'], lookup)).toEqual([
      { from: 'lukashenko', to: 'belarus', label: 'leads' },
      { from: 'belarus', to: 'csto', label: 'member of' },
    ]);
  });

  it('chains links into readable lines and never loops', () => {
    const chains = chainLinks(linksAmong(['lukashenko', 'belarus', 'csto', 'minsk'], lookup));
    expect(chains).toEqual([
      { nodes: ['lukashenko', 'belarus', 'csto'], labels: ['leads', 'member of'] },
      { nodes: ['minsk', 'belarus'], labels: ['capital of'] },
    ]);
    const cycle = chainLinks([
      { from: 'a', to: 'b', label: '1' },
      { from: 'b', to: 'c', label: '2' },
      { from: 'c', to: 'a', label: '3' },
    ]);
    expect(cycle).toEqual([{ nodes: ['a', 'b', 'c'], labels: ['1', '2'] }, { nodes: ['c', 'a'], labels: ['3'] }]);
    const long = Array.from({ length: 5 }, (_, i) => ({ from: `n${i}`, to: `n${i + 1}`, label: `l${i}` }));
    expect(chainLinks(long, 2).map((c) => c.nodes)).toEqual([['n0', 'n1', 'n2'], ['n2', 'n3', 'n4'], ['n4', 'n5']]);
  });

  it('counts co-mentions per paragraph across bundled and saved articles, skipping linked pairs', () => {
    const passages = {
      lukashenko: [{ articleId: 'seed', paragraph: 2, text: '', spans: [] }, { articleId: 'seed', paragraph: 4, text: '', spans: [] }],
      csto: [{ articleId: 'seed', paragraph: 2, text: '', spans: [] }],
      belarus: [{ articleId: 'seed', paragraph: 2, text: '', spans: [] }],
    };
    const saved = [
      {
        id: 'a1',
        mentions: [
          { entityId: 'lukashenko', paragraph: 1, spans: [[0, 1]] },
          { entityId: 'csto', paragraph: 1, spans: [[2, 3]] },
          { entityId: 'user:x-1', paragraph: 1, spans: [[4, 5]] },
        ],
      },
    ] as unknown as SavedArticle[];
    const ids = ['lukashenko', 'csto', 'belarus'];
    const links = linksAmong(ids, lookup);
    expect(coMentionsAmong(ids, { related: lookup, passages, saved }, links)).toEqual([
      { a: 'csto', b: 'lukashenko', paragraphs: 2 },
    ]);
    expect(pageRelations(ids, { related: lookup, passages, saved }).chains).toHaveLength(1);
  });
});
