// Saved articles: the extractor's answer is re-validated, passages are indexed like the dataset build, newest first per entity.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileDataset } from '../dataset/compile';
import { buildIndex } from '../matcher';
import { matchEntities } from '../stop-phrases';
import { articleDateLabel, articleEntities, articleIdFor, checkExtracted, createSavedArticle, indexParagraphs, parseSavedArticle, reindexArticle, savedPassagesFor } from './articles';
import { mergeIndexEntities } from './merge';
import { LIMITS, type SavedArticle } from './types';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const compiled = compileDataset(ROOT);
const index = buildIndex(compiled.index.entities);
const NOW = 1_700_000_000_000;

function article(over: Partial<SavedArticle> = {}): SavedArticle {
  return {
    id: 'a1',
    url: 'https://news.test/a',
    title: 'A',
    site: 'news.test',
    date: null,
    savedAt: NOW,
    paragraphs: ['Lukashenko met the CSTO.', 'Nothing here.'],
    mentions: [
      { entityId: 'lukashenko', paragraph: 1, spans: [[0, 10]] },
      { entityId: 'csto', paragraph: 1, spans: [[19, 23]] },
    ],
    indexKey: 'k',
    ...over,
  };
}

describe('checkExtracted', () => {
  it('accepts a page and cleans its fields', () => {
    const r = checkExtracted({ url: 'https://news.test/x#top', title: ' Title\u200B ', site: '', date: '2018-02-01', text: 'ignored', paragraphs: [' One\u00A0 two ', '', 3, 'Three'] });
    expect(r).toEqual({
      ok: true,
      cut: false,
      article: { url: 'https://news.test/x#top', title: 'Title', site: 'news.test', date: '2018-02-01', paragraphs: ['One two', 'Three'], text: 'One two\n\nThree' },
    });
  });

  it('refuses what is not a web page or has no text, and passes on the extractor error', () => {
    expect(checkExtracted(null)).toMatchObject({ ok: false });
    expect(checkExtracted({ url: 'javascript:alert(1)', paragraphs: ['x'] })).toEqual({ ok: false, error: 'Only web pages (http or https) can be saved.' });
    expect(checkExtracted({ url: 'https://a.test/', paragraphs: [' '] })).toEqual({ ok: false, error: 'No article text was found on this page.' });
    expect(checkExtracted({ error: 'Readability found no article.' })).toEqual({ ok: false, error: 'Readability found no article.' });
  });

  it('cuts oversized pages at the limits and says so', () => {
    const big = Array.from({ length: 30 }, () => 'word '.repeat(9_000));
    const r = checkExtracted({ url: 'https://a.test/', paragraphs: big });
    expect(r.ok && r.cut).toBe(true);
    if (r.ok) expect(r.article.paragraphs.join('').length).toBeLessThanOrEqual(LIMITS.articleChars);
  });
});

describe('indexing', () => {
  it('finds the same passages as the dataset build for the seed article', () => {
    const seed = compiled.bundle.articles[0]!;
    const mentions = indexParagraphs(seed.paragraphs, seed.title, index);
    for (const [entityId, passages] of Object.entries(compiled.bundle.passages)) {
      const mine = mentions.filter((m) => m.entityId === entityId).map((m) => [m.paragraph, m.spans]);
      const theirs = passages!.filter((p) => p.articleId === seed.id).map((p) => [p.paragraph, p.spans]);
      expect({ entityId, mine }).toEqual({ entityId, mine: theirs });
    }
  });

  it('never makes passages of stop phrases', () => {
    const ix = buildIndex(matchEntities({ entities: compiled.index.entities, stopPhrases: ['Washington Post'] }));
    const mentions = indexParagraphs(['The Washington Post and Lukashenko.', 'Washington Post again.'], 'T', ix);
    expect(mentions.map((m) => [m.entityId, m.paragraph])).toEqual([['lukashenko', 1]]);
  });

  it('creates a saved article with a stable id per address and indexes personal entities too', () => {
    const { entities } = mergeIndexEntities(compiled.index.entities, [
      { id: 'user:k-1', type: 'person', name: 'Kowalski', aliases: [{ text: 'Kowalski' }], personal: true, note: '', related: [], createdAt: 0, updatedAt: 0 },
    ], []);
    const ix = buildIndex(entities);
    const checked = checkExtracted({ url: 'https://news.test/a#x', title: 'T', paragraphs: ['T', 'Kowalski and Lukashenko.'] });
    if (!checked.ok) throw new Error(checked.error);
    const a = createSavedArticle(checked.article, ix, 'key', NOW);
    expect(a.id).toBe(articleIdFor('https://news.test/a'));
    expect(a.mentions.map((m) => [m.entityId, m.paragraph])).toEqual([['user:k-1', 2], ['lukashenko', 2]]);
    const plain = reindexArticle(a, index, 'other');
    expect(plain.indexKey).toBe('other');
    expect(plain.mentions.map((m) => m.entityId)).toEqual(['lukashenko']);
    expect(articleEntities(a)).toEqual(['lukashenko', 'user:k-1']);
  });
});

describe('parseSavedArticle', () => {
  it('reads a valid record unchanged', () => {
    const a = article();
    expect(parseSavedArticle(JSON.parse(JSON.stringify(a)), 'x')).toEqual({ value: a, problems: [] });
  });

  it('rejects records without id, http(s) address or text', () => {
    expect(parseSavedArticle({ ...article(), id: '../x' }, 'x').value).toBeNull();
    expect(parseSavedArticle({ ...article(), url: 'javascript:alert(1)' }, 'x').value).toBeNull();
    expect(parseSavedArticle({ ...article(), paragraphs: [] }, 'x').value).toBeNull();
  });

  it('drops mentions that point outside the text, and distrusts spans when the text had to be cleaned', () => {
    const r = parseSavedArticle({ ...article(), mentions: [...article().mentions, { entityId: 'x', paragraph: 9, spans: [[0, 1]] }, { entityId: 'y', paragraph: 1, spans: [[5, 500]] }] }, 'x');
    expect(r.value?.mentions).toEqual(article().mentions);
    expect(r.problems).toHaveLength(1);
    const dirty = parseSavedArticle({ ...article(), paragraphs: ['Lukashenko\u200B met the CSTO.'] }, 'x');
    expect(dirty.value).toMatchObject({ mentions: [], indexKey: '' });
    expect(dirty.problems).toHaveLength(1);
  });
});

describe('savedPassagesFor', () => {
  it('lists passages newest first: stated date, else save time', () => {
    const old = article({ id: 'a1', date: '2017-05-01', savedAt: NOW + 100 });
    const recent = article({ id: 'a2', url: 'https://news.test/b', date: '2019-01-01T10:00:00+03:00', savedAt: NOW });
    const undated = article({
      id: 'a3',
      url: 'https://news.test/c',
      date: 'sometime',
      savedAt: Date.parse('2018-06-01'),
      paragraphs: ['Lukashenko.', 'Lukashenko again.'],
      mentions: [
        { entityId: 'lukashenko', paragraph: 2, spans: [[0, 10]] },
        { entityId: 'lukashenko', paragraph: 1, spans: [[0, 10]] },
      ],
    });
    const ps = savedPassagesFor('lukashenko', [old, undated, recent]);
    expect(ps.map((p) => [p.articleId, p.paragraph])).toEqual([['a2', 1], ['a3', 1], ['a3', 2], ['a1', 1]]);
    expect(ps[0]).toEqual({ articleId: 'a2', url: 'https://news.test/b', title: 'A', site: 'news.test', date: '2019-01-01T10:00:00+03:00', savedAt: NOW, paragraph: 1, text: 'Lukashenko met the CSTO.', spans: [[0, 10]] });
    expect(savedPassagesFor('nobody', [old])).toEqual([]);
  });
});

describe('articleDateLabel', () => {
  it('shows the stated day, else when it was saved', () => {
    expect(articleDateLabel({ date: '2018-02-01T23:30:00-05:00', savedAt: 0 })).toBe('1 Feb 2018');
    expect(articleDateLabel({ date: 'Thu, 01 Feb 2018 10:00:00 GMT', savedAt: 0 })).toBe('1 Feb 2018');
    expect(articleDateLabel({ date: 'last Tuesday', savedAt: Date.UTC(2024, 5, 1) })).toBe('saved 1 Jun 2024');
    expect(articleDateLabel({ date: null, savedAt: Date.UTC(2024, 5, 1) })).toBe('saved 1 Jun 2024');
  });
});
