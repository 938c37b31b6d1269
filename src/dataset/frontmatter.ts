// Tiny front-matter parser for dataset articles: flat `key: value` lines between --- fences; every error names the file and line.

/** A syntax error in a front-matter block, with the 1-based line it was found on. */
export class FrontMatterError extends Error {
  readonly file: string;
  readonly line: number;
  readonly reason: string;

  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'FrontMatterError';
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

export interface FrontMatterField {
  value: string;
  /** 1-based line of the key in the file. */
  line: number;
}

export interface FrontMatter {
  /** Keys in file order. A Map, so keys such as "__proto__" or "constructor" are plain data. */
  fields: Map<string, FrontMatterField>;
  /** Everything after the closing fence line, byte for byte, minus one final line break (the file's own end-of-file newline). */
  body: string;
  /** 1-based line on which the body starts. */
  bodyLine: number;
}

const FENCE = /^---[ \t]*$/;
const KEY_LINE = /^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(.*)$/;

/**
 * Parses
 *
 *     ---
 *     key: value
 *     other: "quoted: value"
 *     ---
 *     body…
 *
 * Values are single-line strings; double-quoted values use JSON escapes, single-quoted values double a quote ('').
 * Blank lines and lines starting with # inside the block are ignored. There is no nesting, no lists, no types.
 */
export function parseFrontMatter(text: string, file: string): FrontMatter {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = source.split('\n');
  const lineText = (i: number): string => (lines[i] ?? '').replace(/\r$/, '');

  if (!FENCE.test(lineText(0))) {
    throw new FrontMatterError(file, 1, 'expected "---" on the first line to open the front matter');
  }

  const fields = new Map<string, FrontMatterField>();
  let close = -1;
  for (let i = 1; i < lines.length; i++) {
    const line = lineText(i);
    const lineNo = i + 1;
    if (FENCE.test(line)) {
      close = i;
      break;
    }
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (/^[ \t]/.test(line)) {
      throw new FrontMatterError(file, lineNo, 'indented line: nested values are not supported (write "key: value" at the start of the line)');
    }
    const m = KEY_LINE.exec(line);
    if (!m) {
      throw new FrontMatterError(file, lineNo, `expected "key: value", got ${JSON.stringify(line)}`);
    }
    const key = m[1] ?? '';
    const raw = (m[2] ?? '').trim();
    if (fields.has(key)) {
      throw new FrontMatterError(file, lineNo, `duplicate key "${key}" (first on line ${fields.get(key)?.line ?? '?'})`);
    }
    if (raw === '') {
      throw new FrontMatterError(file, lineNo, `empty value for "${key}" (leave the key out when the value is unknown)`);
    }
    fields.set(key, { value: unquote(raw, file, lineNo, key), line: lineNo });
  }

  if (close < 0) {
    throw new FrontMatterError(file, lines.length, 'the front matter is not closed: add a "---" line after the last key');
  }

  let body = lines.slice(close + 1).join('\n');
  if (body.endsWith('\r\n')) body = body.slice(0, -2);
  else if (body.endsWith('\n')) body = body.slice(0, -1);
  return { fields, body, bodyLine: close + 2 };
}

function unquote(raw: string, file: string, line: number, key: string): string {
  const first = raw[0];
  if (first === '"') {
    if (raw.length < 2 || !raw.endsWith('"')) {
      throw new FrontMatterError(file, line, `unterminated double-quoted value for "${key}"`);
    }
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'string') return value;
    } catch {
      // fall through to the error below
    }
    throw new FrontMatterError(file, line, `bad double-quoted value for "${key}" (use JSON escapes such as \\" and \\\\)`);
  }
  if (first === "'") {
    const inner = raw.slice(1, -1);
    if (raw.length < 2 || !raw.endsWith("'") || inner.replace(/''/g, '').includes("'")) {
      throw new FrontMatterError(file, line, `bad single-quoted value for "${key}" (close it with ' and write '' for a quote inside)`);
    }
    return inner.replace(/''/g, "'");
  }
  return raw;
}
