// Tests of dataset validation: every error class is caught on a small in-memory fixture, and each message names file, entity/article and field.
import { describe, expect, it } from 'vitest';
import { foldAlias, formatProblem, isIsoDate, splitParagraphs, validateSources, type DatasetSources, type SourceFile } from './schema';

const ART = 'src/dataset/articles';
const ENT = 'src/dataset/entities';

const articleText = (front: string, body = 'Title line\n\nAlpha met  Beta\u00a0in Gamma.\n\nSecond paragraph about Alpha.\n') => `---\n${front}\n---\n${body}`;
const GOOD_FRONT = 'id: a1\ntitle: Title line\nlanguage: en\ndate: 2020-05-01';

function entity(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    type: 'person',
    name: id.toUpperCase(),
    aliases: [id.charAt(0).toUpperCase() + id.slice(1)],
    summary: `${id} is a test entity.`,
    facts: [
      { text: 'Known background.', asOf: '2020', source: 'general reference' },
      { text: 'Quoted.', asOf: '2020-05-01', source: { article: 'a1', paragraph: 2, quote: 'met Beta in' } },
    ],
    related: [],
    ...extra,
  };
}

const json = (id: string, data: unknown, file = `${ENT}/${id}.json`): SourceFile => ({ path: file, text: JSON.stringify(data, null, 2) });

function fixture(changes: { articles?: SourceFile[]; entities?: SourceFile[] } = {}): DatasetSources {
  return {
    articles: changes.articles ?? [{ path: `${ART}/a1.md`, text: articleText(GOOD_FRONT) }],
    entities: changes.entities ?? [json('alpha', entity('alpha', { related: [{ id: 'beta', relation: 'knows' }] })), json('beta', entity('beta'))],
  };
}

function problemsOf(sources: DatasetSources): string[] {
  return validateSources(sources).problems.map(formatProblem);
}

/** Exactly one problem line mentioning all the given parts. */
function expectProblem(lines: string[], ...parts: string[]): string {
  const hits = lines.filter((l) => parts.every((p) => l.includes(p)));
  expect(hits, `no problem line containing ${JSON.stringify(parts)} in:\n${lines.join('\n')}`).not.toHaveLength(0);
  return hits[0] ?? '';
}

describe('helpers', () => {
  it('folds case, diacritics, Polish ł and dash/space variants', () => {
    expect(foldAlias('Łukaszenka')).toBe(foldAlias('lukaszenka'));
    expect(foldAlias('West-2017')).toBe(foldAlias('west  2017'));
    expect(foldAlias('West–2017')).toBe(foldAlias('WEST 2017'));
    expect(foldAlias('Соединённые Штаты')).toBe(foldAlias('соединенные штаты'));
    expect(foldAlias('Makei')).not.toBe(foldAlias('Makey'));
  });

  it('accepts YYYY, YYYY-MM and real YYYY-MM-DD dates only', () => {
    for (const ok of ['2018', '2018-02', '2016-02-29', '1999-12-08']) expect(isIsoDate(ok), ok).toBe(true);
    for (const bad of ['18', '2018-13', '2018-02-30', '2017-02-29', '2018/01/01', '2018-1-1', 'undated', ' 2018']) expect(isIsoDate(bad), bad).toBe(false);
  });

  it('splits paragraphs on blank lines and keeps them verbatim', () => {
    expect(splitParagraphs('\nA  b\nc \n\n \t\nD\u00a0e\n\n')).toEqual(['A  b\nc ', 'D\u00a0e']);
  });
});

describe('validateSources', () => {
  it('accepts a valid fixture', () => {
    const result = validateSources(fixture());
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.articles[0]?.paragraphs).toHaveLength(3);
    expect(result.entities.map((e) => e.id)).toEqual(['alpha', 'beta']);
    expect(result.entities[0]?.facts[1]?.source).toEqual({ kind: 'article', articleId: 'a1', paragraph: 2, quote: 'met Beta in' });
    expect(result.entities[0]?.facts[0]?.source).toEqual({ kind: 'general-reference' });
  });

  it('formats a problem as file: subject: field: message', () => {
    const lines = problemsOf(fixture({ entities: [json('alpha', entity('alpha', { facts: [{ text: 'x', asOf: '2020' }] }))] }));
    expect(lines).toContain('src/dataset/entities/alpha.json: entity "alpha": facts[0].source: missing: every fact needs {"article", "paragraph", "quote"} or "general reference"');
  });

  it('catches duplicate entity ids', () => {
    const lines = problemsOf(fixture({ entities: [json('alpha', entity('alpha')), json('alpha', entity('alpha'), `${ENT}/alpha-copy.json`)] }));
    expectProblem(lines, `${ENT}/alpha-copy.json`, 'entity "alpha"', 'id', 'duplicate id', `${ENT}/alpha.json`);
  });

  it('catches an id that does not match the file name', () => {
    const lines = problemsOf(fixture({ entities: [json('alpha', entity('alfa'), `${ENT}/alpha.json`)] }));
    expectProblem(lines, `${ENT}/alpha.json`, 'entity "alfa"', ': id: ', 'does not match the file name');
  });

  it('catches an unknown type', () => {
    const lines = problemsOf(fixture({ entities: [json('alpha', entity('alpha', { type: 'people' }))] }));
    expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', ': type: ', 'unknown type "people"');
  });

  it.each(['name', 'summary'])('catches an empty or missing %s', (field) => {
    const empty = problemsOf(fixture({ entities: [json('alpha', entity('alpha', { [field]: '  ' }))] }));
    expectProblem(empty, `${ENT}/alpha.json`, 'entity "alpha"', `: ${field}: empty`);
    const data = entity('alpha');
    delete data[field];
    const missing = problemsOf(fixture({ entities: [json('alpha', data)] }));
    expectProblem(missing, `${ENT}/alpha.json`, 'entity "alpha"', `: ${field}: missing`);
  });

  it('catches an alias claimed by two entities, comparing folded forms, and names both', () => {
    const lines = problemsOf(
      fixture({
        entities: [json('alpha', entity('alpha', { aliases: ['Alpha', 'Łódź-West'] })), json('beta', entity('beta', { aliases: ['Beta', 'LODZ WEST'] }))],
      }),
    );
    const line = expectProblem(lines, `${ENT}/beta.json`, 'entity "beta"', 'aliases[1]', 'also claimed by entity "alpha"', `${ENT}/alpha.json`);
    expect(line).toContain('"LODZ WEST"');
  });

  it('allows a shared alias only when both sides are needsContext with a disambiguation rule', () => {
    const shared = (d?: string) => ({ text: 'Base', needsContext: true, ...(d ? { disambiguation: d } : {}) });
    const both = fixture({
      entities: [
        json('alpha', entity('alpha', { aliases: ['Alpha', shared('Alpha when the page is about Alpha.')] })),
        json('beta', entity('beta', { aliases: ['Beta', shared('Beta when the page is about Beta.')] })),
      ],
    });
    expect(problemsOf(both)).toEqual([]);

    const oneRule = fixture({ entities: [json('alpha', entity('alpha', { aliases: ['Alpha', shared('Alpha.')] })), json('beta', entity('beta', { aliases: ['Beta', shared()] }))] });
    expectProblem(problemsOf(oneRule), `${ENT}/beta.json`, 'entity "beta"', 'aliases[1]', 'entity "alpha"', 'disambiguation');

    const notContext = fixture({
      entities: [json('alpha', entity('alpha', { aliases: ['Alpha', shared('Alpha.')] })), json('beta', entity('beta', { aliases: ['Beta', { text: 'base', disambiguation: 'Beta.' }] }))],
    });
    expectProblem(problemsOf(notContext), `${ENT}/beta.json`, 'entity "beta"', 'aliases[1]', 'entity "alpha"', 'needsContext');
  });

  it('catches the same alias twice within one entity', () => {
    const lines = problemsOf(fixture({ entities: [json('alpha', entity('alpha', { aliases: ['West-2017', 'west 2017'] }))] }));
    expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', 'aliases[1]', 'repeats aliases[0]');
  });

  it('catches an entity whose aliases all need context', () => {
    const lines = problemsOf(fixture({ entities: [json('alpha', entity('alpha', { aliases: [{ text: 'Alpha', needsContext: true }] }))] }));
    expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', ': aliases: ', 'needsContext');
  });

  it('catches a relation to a missing id', () => {
    const lines = problemsOf(fixture({ entities: [json('alpha', entity('alpha', { related: [{ id: 'gamma', relation: 'knows' }] }))] }));
    expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', 'related[0].id', 'unknown entity "gamma"');
  });

  it('catches a fact without a source, or with a bad one', () => {
    const lines = problemsOf(
      fixture({
        entities: [
          json(
            'alpha',
            entity('alpha', {
              facts: [
                { text: 'No source.', asOf: '2020' },
                { text: 'Typo.', asOf: '2020', source: 'general knowledge' },
                { text: 'No paragraph.', asOf: '2020', source: { article: 'a1' } },
              ],
            }),
          ),
        ],
      }),
    );
    expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', 'facts[0].source: missing');
    expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', 'facts[1].source', '"general knowledge"');
    expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', 'facts[2].source.paragraph: missing');
  });

  it('catches a source paragraph out of range and an unknown article', () => {
    const lines = problemsOf(
      fixture({
        entities: [
          json(
            'alpha',
            entity('alpha', {
              facts: [
                { text: 'x', asOf: '2020', source: { article: 'a1', paragraph: 4 } },
                { text: 'y', asOf: '2020', source: { article: 'a2', paragraph: 1 } },
                { text: 'z', asOf: '2020', source: { article: 'a1', paragraph: 0 } },
              ],
            }),
          ),
        ],
      }),
    );
    expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', 'facts[0].source.paragraph', 'out of range', 'has 3 paragraphs');
    expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', 'facts[1].source.article', 'unknown article "a2"');
    expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', 'facts[2].source.paragraph', 'expected a paragraph number');
  });

  it('checks quotes verbatim, normalizing whitespace only', () => {
    const facts = (quote: string) => [{ text: 'q', asOf: '2020', source: { article: 'a1', paragraph: 2, quote } }];
    expect(problemsOf(fixture({ entities: [json('alpha', entity('alpha', { facts: facts('Alpha met Beta in Gamma.') }))] }))).toEqual([]);
    expect(problemsOf(fixture({ entities: [json('alpha', entity('alpha', { facts: facts('Alpha\n met\tBeta') }))] }))).toEqual([]);
    for (const wrong of ['alpha met beta', 'Alpha met Beta in Gamma!', 'Second paragraph about Alpha.']) {
      const lines = problemsOf(fixture({ entities: [json('alpha', entity('alpha', { facts: facts(wrong) }))] }));
      expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', 'facts[0].source.quote', 'not found verbatim', 'paragraph 2');
    }
  });

  it('catches a bad asOf date', () => {
    for (const asOf of ['2020-13', '20-01-01', 'May 2020', 2020]) {
      const lines = problemsOf(fixture({ entities: [json('alpha', entity('alpha', { facts: [{ text: 'x', asOf, source: 'general reference' }] }))] }));
      expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', 'facts[0].asOf', 'not an ISO date');
    }
  });

  it.each(['title', 'language', 'date'])('catches article front matter missing %s', (key) => {
    const front = GOOD_FRONT.split('\n')
      .filter((l) => !l.startsWith(`${key}:`))
      .join('\n');
    const lines = problemsOf(fixture({ articles: [{ path: `${ART}/a1.md`, text: articleText(front) }] }));
    expectProblem(lines, `${ART}/a1.md`, 'article "a1"', `front matter.${key}: missing`);
  });

  it('catches bad article front matter values and syntax with the line', () => {
    const bad = 'id: a2\ntitle: T\nlanguage: English\ndate: 2020-02-30\nurl: http://example.org/\nauthor: Someone';
    const lines = problemsOf(fixture({ articles: [{ path: `${ART}/a1.md`, text: articleText(bad) }] }));
    expectProblem(lines, `${ART}/a1.md:2`, 'article "a1"', 'front matter.id', 'does not match the file name');
    expectProblem(lines, `${ART}/a1.md:4`, 'front matter.language');
    expectProblem(lines, `${ART}/a1.md:5`, 'front matter.date');
    expectProblem(lines, `${ART}/a1.md:6`, 'front matter.url', 'https');
    expectProblem(lines, `${ART}/a1.md:7`, 'front matter.author', 'unknown field "author"');

    const syntax = problemsOf(fixture({ articles: [{ path: `${ART}/a1.md`, text: '---\nid: a1\ntitle T\n---\nBody' }] }));
    expectProblem(syntax, `${ART}/a1.md:3`, 'article "a1"', 'front matter', 'expected "key: value"');
  });

  it('catches bad JSON, naming the file and the parse error', () => {
    const lines = problemsOf(fixture({ entities: [json('beta', entity('beta')), { path: `${ENT}/alpha.json`, text: '{ "id": "alpha", }' }] }));
    const line = expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', 'JSON: cannot parse');
    expect(line.length).toBeGreaterThan(`${ENT}/alpha.json: entity "alpha": JSON: cannot parse: `.length);
    expect(line).toMatch(/\(line 1, column \d+\)$/);
  });

  it('does not repeat a broken file as a missing reference', () => {
    const lines = problemsOf(
      fixture({
        articles: [{ path: `${ART}/a1.md`, text: 'no front matter' }],
        entities: [json('alpha', entity('alpha', { related: [{ id: 'beta', relation: 'knows' }] })), { path: `${ENT}/beta.json`, text: '[' }],
      }),
    );
    expect(lines).toHaveLength(2);
    expectProblem(lines, `${ART}/a1.md:1`, 'article "a1"', 'front matter', 'expected "---"');
    expectProblem(lines, `${ENT}/beta.json`, 'entity "beta"', 'JSON');
  });

  it('catches unknown fields, suggesting the intended one', () => {
    const data = entity('alpha', { alias: ['Alpha'] });
    const lines = problemsOf(
      fixture({
        entities: [
          json('alpha', { ...data, facts: [{ text: 'x', asof: '2020', source: 'general reference' }], related: [{ id: 'beta', relation: 'knows', note: 'x' }] }),
          json('beta', entity('beta', { aliases: [{ text: 'Beta', needContext: true }] })),
        ],
      }),
    );
    expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', ': alias: ', 'unknown field "alias"', 'did you mean "aliases"');
    expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', 'facts[0].asof', 'did you mean "asOf"');
    expectProblem(lines, `${ENT}/alpha.json`, 'entity "alpha"', 'related[0].note', 'unknown field');
    expectProblem(lines, `${ENT}/beta.json`, 'entity "beta"', 'aliases[0].needContext', 'did you mean "needsContext"');
  });

  it('catches bad alias fields', () => {
    const lines = problemsOf(
      fixture({
        entities: [
          json('alpha', entity('alpha', { aliases: ['Alpha', { text: 'Альфа', inflect: 'pl' }, { text: 'A1', caseSensitive: 'yes' }, ' Padded', 7, { lang: 'en' }] })),
          json('beta', entity('beta')),
        ],
      }),
    );
    expectProblem(lines, `${ENT}/alpha.json`, 'aliases[1].inflect', 'unknown inflection "pl"');
    expectProblem(lines, `${ENT}/alpha.json`, 'aliases[2].caseSensitive');
    expectProblem(lines, `${ENT}/alpha.json`, 'aliases[3]', 'leading or trailing spaces');
    expectProblem(lines, `${ENT}/alpha.json`, 'aliases[4]', 'expected a string or an object');
    expectProblem(lines, `${ENT}/alpha.json`, 'aliases[5].text: missing');
  });

  it('reports files with the wrong extension', () => {
    const lines = problemsOf(fixture({ entities: [json('alpha', entity('alpha')), json('beta', entity('beta')), { path: `${ENT}/gamma.jsn`, text: '{}' }] }));
    expectProblem(lines, `${ENT}/gamma.jsn`, 'not a .json file');
  });
});
