// Tests of the article front-matter parser: fields, verbatim body, and errors that name the file and line.
import { describe, expect, it } from 'vitest';
import { FrontMatterError, parseFrontMatter } from './frontmatter';

const FILE = 'src/dataset/articles/x.md';

function errorOf(text: string): FrontMatterError {
  try {
    parseFrontMatter(text, FILE);
  } catch (err) {
    if (err instanceof FrontMatterError) return err;
    throw err;
  }
  throw new Error('expected a FrontMatterError');
}

describe('parseFrontMatter', () => {
  it('reads key: value lines, quoted values, comments, and keeps the body verbatim', () => {
    const text = [
      '---',
      '# a comment',
      'id: x',
      'title: "Quoted: with a colon and \\"quotes\\""',
      "note: 'it''s single-quoted'",
      '',
      'url: https://example.org/a?b=c',
      '---',
      'First  line\u00a0with spaces ',
      '',
      'Second “para”.',
      '',
    ].join('\n');
    const fm = parseFrontMatter(text, FILE);
    expect(Object.fromEntries([...fm.fields].map(([k, v]) => [k, v.value]))).toEqual({
      id: 'x',
      title: 'Quoted: with a colon and "quotes"',
      note: "it's single-quoted",
      url: 'https://example.org/a?b=c',
    });
    expect(fm.fields.get('id')?.line).toBe(3);
    expect(fm.bodyLine).toBe(9);
    // One final newline (the file's own end) is dropped; everything else is kept byte for byte.
    expect(fm.body).toBe('First  line\u00a0with spaces \n\nSecond “para”.');
  });

  it('drops exactly one final newline', () => {
    expect(parseFrontMatter('---\na: b\n---\ntext', FILE).body).toBe('text');
    expect(parseFrontMatter('---\na: b\n---\ntext\n', FILE).body).toBe('text');
    expect(parseFrontMatter('---\na: b\n---\ntext\n\n', FILE).body).toBe('text\n');
    expect(parseFrontMatter('---\na: b\n---\r\ntext\r\n', FILE).body).toBe('text');
  });

  it('treats Object.prototype names as plain keys', () => {
    const fm = parseFrontMatter('---\nconstructor: x\n---\n', FILE);
    expect(fm.fields.get('constructor')?.value).toBe('x');
    expect(fm.fields.get('toString')).toBeUndefined();
  });

  it.each([
    ['no opening fence', 'id: x\n---\nbody', 1, /expected "---"/],
    ['unclosed block', '---\nid: x\ntitle: y', 3, /not closed/],
    ['a line that is not key: value', '---\nid: x\njust text\n---\n', 3, /expected "key: value"/],
    ['a duplicate key', '---\nid: x\nid: y\n---\n', 3, /duplicate key "id" \(first on line 2\)/],
    ['an empty value', '---\nid: x\nsource:\n---\n', 3, /empty value for "source"/],
    ['an indented line', '---\nid: x\n  nested: y\n---\n', 3, /nested values/],
    ['an unterminated double quote', '---\ntitle: "abc\n---\n', 2, /unterminated/],
    ['a bad single quote', "---\ntitle: 'a'b'\n---\n", 2, /single-quoted/],
  ])('reports %s with the file and line', (_name, text, line, reason) => {
    const err = errorOf(text);
    expect(err.line).toBe(line);
    expect(err.reason).toMatch(reason);
    expect(err.message.startsWith(`${FILE}:${line}: `)).toBe(true);
  });
});
