// Pure validation of the dataset sources (article Markdown + entity JSON): parses them and lists every problem by file, entity/article and field.
import { ENTITY_TYPES, type ArticleMeta, type EntityType, type FactSource } from '../types';
import { FrontMatterError, parseFrontMatter } from './frontmatter';

/** One source file as text; `path` is relative to the repository root, with / separators. */
export interface SourceFile {
  path: string;
  text: string;
}

export interface DatasetSources {
  /** Files found in src/dataset/articles/ (only *.md is valid). */
  articles: SourceFile[];
  /** Files found in src/dataset/entities/ (only *.json is valid). */
  entities: SourceFile[];
  /** src/dataset/stop-phrases.json, when present. */
  stopPhrases?: SourceFile;
}

export interface Problem {
  file: string;
  /** 1-based line, when known (front matter). */
  line?: number;
  /** e.g. `entity "makei"` or `article "lukashenko-military-base"`. */
  subject?: string;
  /** e.g. `facts[2].source`, `aliases[0].text`, `front matter.date`. */
  field?: string;
  message: string;
}

/** `file[:line]: subject: field: message`, one line. */
export function formatProblem(p: Problem): string {
  const parts = [p.line === undefined ? p.file : `${p.file}:${p.line}`];
  if (p.subject) parts.push(p.subject);
  if (p.field) parts.push(p.field);
  parts.push(p.message);
  return parts.join(': ');
}

/** An alias as written in the catalog. `lang` and `disambiguation` are documentation for editors and are not compiled. */
export interface CatalogAlias {
  text: string;
  lang?: string;
  caseSensitive?: boolean;
  needsContext?: boolean;
  inflect?: 'ru';
  disambiguation?: string;
}

export interface CatalogFact {
  text: string;
  asOf: string;
  source: FactSource;
}

export interface CatalogRelation {
  id: string;
  relation: string;
}

export interface CatalogEntity {
  file: string;
  id: string;
  type: EntityType;
  name: string;
  aliases: CatalogAlias[];
  summary: string;
  facts: CatalogFact[];
  related: CatalogRelation[];
}

export interface ParsedArticle {
  file: string;
  meta: ArticleMeta;
  /** Free-text note on the date (e.g. how an undated article was dated roughly); not compiled. */
  dateNote?: string;
  /** The article text after the front matter, verbatim. */
  body: string;
  /** Non-empty blocks of the body separated by blank lines, verbatim; paragraph n is paragraphs[n - 1]. */
  paragraphs: string[];
}

export interface ValidationResult {
  problems: Problem[];
  /** Articles whose front matter parsed (possibly with field problems). */
  articles: ParsedArticle[];
  /** Entities whose JSON parsed into an object (possibly with field problems). */
  entities: CatalogEntity[];
}

export const ARTICLE_FIELDS = ['id', 'title', 'language', 'date', 'dateNote', 'source', 'url'] as const;
export const ENTITY_FIELDS = ['id', 'type', 'name', 'aliases', 'summary', 'facts', 'related'] as const;
export const ALIAS_FIELDS = ['text', 'lang', 'caseSensitive', 'needsContext', 'inflect', 'disambiguation'] as const;
export const FACT_FIELDS = ['text', 'asOf', 'source'] as const;
export const ARTICLE_SOURCE_FIELDS = ['article', 'paragraph', 'quote'] as const;
export const GENERAL_SOURCE_FIELDS = ['generalReference'] as const;
export const RELATION_FIELDS = ['id', 'relation'] as const;
/** The string form of a fact source for well-known background. */
export const GENERAL_REFERENCE = 'general reference';

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LANG_PATTERN = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const DATE_PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** True for YYYY, YYYY-MM or YYYY-MM-DD naming a real month/day. */
export function isIsoDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  if (m[2] === undefined) return true;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth;
}

/** Paragraphs: the non-empty blocks of `body` separated by blank (whitespace-only) lines, each kept verbatim. */
export function splitParagraphs(body: string): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of body.split('\n')) {
    if (line.trim() === '') {
      if (current.length) paragraphs.push(current.join('\n'));
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length) paragraphs.push(current.join('\n'));
  return paragraphs;
}

/** Collapses every run of whitespace (including no-break spaces and line breaks) to one space and trims. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const LETTER_FOLDS: Record<string, string> = { ł: 'l', đ: 'd', ð: 'd', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th' };

/** The comparison key of an alias: case-, diacritic-, dash- and whitespace-insensitive ("Łukaszenka" ≡ "lukaszenka", "West-2017" ≡ "west 2017"). */
export function foldAlias(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[łđðøßæœıþ]/g, (c) => LETTER_FOLDS[c] ?? c)
    .replace(/[\p{Pd}\s\u00AD]+/gu, ' ')
    .trim();
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

function unknownFieldMessage(key: string, allowed: readonly string[]): string {
  const lower = key.toLowerCase();
  const guess = allowed.find((k) => k.toLowerCase() === lower || editDistance(k.toLowerCase(), lower) <= 2 || k.startsWith(key) || key.startsWith(k));
  return `unknown field "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}; allowed: ${allowed.join(', ')}`;
}

function baseName(file: string, ext: string): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return name.endsWith(ext) ? name.slice(0, -ext.length) : name;
}

/** Validates all sources together (cross-file checks included) and returns every problem found, never throwing. */
export function validateSources(sources: DatasetSources): ValidationResult {
  const problems: Problem[] = [];
  const articles = sources.articles.flatMap((f) => parseArticle(f, problems));
  const entities = sources.entities.flatMap((f) => parseEntity(f, problems));

  checkDuplicateIds(articles.map((a) => ({ id: a.meta.id, file: a.file })), 'article', problems);
  checkDuplicateIds(entities.map((e) => ({ id: e.id, file: e.file })), 'entity', problems);
  checkAliasCollisions(entities, problems);

  const articleById = new Map(articles.map((a) => [a.meta.id, a] as const));
  const entityIds = new Set(entities.map((e) => e.id));
  // Files that exist but did not parse already have a problem; references to them are not reported again.
  const unparsed = {
    articles: new Set(sources.articles.map((f) => baseName(f.path, '.md')).filter((id) => !articleById.has(id))),
    entities: new Set(sources.entities.map((f) => baseName(f.path, '.json')).filter((id) => !entityIds.has(id))),
  };
  for (const entity of entities) checkReferences(entity, articleById, entityIds, unparsed, problems);

  // Stable sort by file, so each file's problems are listed together.
  const order = new Map<string, number>();
  for (const p of problems) if (!order.has(p.file)) order.set(p.file, order.size);
  const byFile = [...problems].sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  return { problems: byFile, articles, entities };
}

// ---------------------------------------------------------------------------------------------- articles

function parseArticle(file: SourceFile, problems: Problem[]): ParsedArticle[] {
  const fileId = baseName(file.path, '.md');
  const subject = `article "${fileId}"`;
  if (!file.path.endsWith('.md')) {
    problems.push({ file: file.path, subject, message: 'not a .md file: articles are Markdown files named <id>.md' });
    return [];
  }
  let fm;
  try {
    fm = parseFrontMatter(file.text, file.path);
  } catch (err) {
    if (err instanceof FrontMatterError) {
      problems.push({ file: file.path, line: err.line, subject, field: 'front matter', message: err.reason });
      return [];
    }
    throw err;
  }

  const at = (key: string): number | undefined => fm.fields.get(key)?.line;
  const push = (key: string, message: string, line = at(key)): void => {
    problems.push({ file: file.path, line, subject, field: `front matter.${key}`, message });
  };
  for (const [key, { line }] of fm.fields) {
    if (!(ARTICLE_FIELDS as readonly string[]).includes(key)) {
      problems.push({ file: file.path, line, subject, field: `front matter.${key}`, message: unknownFieldMessage(key, ARTICLE_FIELDS) });
    }
  }
  const get = (key: string): string | undefined => fm.fields.get(key)?.value;
  const required = (key: string): string => {
    const v = get(key);
    if (v === undefined) push(key, 'missing', 1);
    return v ?? '';
  };

  const id = required('id');
  if (id && !ID_PATTERN.test(id)) push('id', `"${id}" is not a valid id (lowercase letters, digits and single hyphens)`);
  else if (id && id !== fileId) push('id', `"${id}" does not match the file name (expected "${fileId}")`);
  const title = required('title');
  const language = required('language');
  if (language && !LANG_PATTERN.test(language)) push('language', `"${language}" is not a language tag such as "en" or "ru"`);
  const date = required('date');
  if (date && date !== 'undated' && !isIsoDate(date)) push('date', `"${date}" is not YYYY, YYYY-MM, YYYY-MM-DD or "undated"`);
  const source = get('source');
  const url = get('url');
  if (url !== undefined) {
    let ok = false;
    try {
      ok = new URL(url).protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) push('url', `"${url}" is not an https:// URL`);
  }

  const paragraphs = splitParagraphs(fm.body);
  if (paragraphs.length === 0) {
    problems.push({ file: file.path, line: fm.bodyLine, subject, field: 'body', message: 'empty: the article has no paragraphs' });
  }

  const meta: ArticleMeta = { id: id || fileId, title, language, date };
  if (source !== undefined) meta.source = source;
  if (url !== undefined) meta.url = url;
  const article: ParsedArticle = { file: file.path, meta, body: fm.body, paragraphs };
  const dateNote = get('dateNote');
  if (dateNote !== undefined) article.dateNote = dateNote;
  return [article];
}

// ---------------------------------------------------------------------------------------------- entities

function parseEntity(file: SourceFile, problems: Problem[]): CatalogEntity[] {
  const fileId = baseName(file.path, '.json');
  if (!file.path.endsWith('.json')) {
    problems.push({ file: file.path, subject: `entity "${fileId}"`, message: 'not a .json file: entities are JSON files named <id>.json' });
    return [];
  }
  let data: unknown;
  try {
    data = JSON.parse(file.text);
  } catch (err) {
    const message = (err as Error).message;
    const pos = /at position (\d+)/.exec(message);
    let where = '';
    if (pos) {
      const before = file.text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      where = ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
    }
    problems.push({ file: file.path, subject: `entity "${fileId}"`, field: 'JSON', message: `cannot parse: ${message}${where}` });
    return [];
  }
  if (!isRecord(data)) {
    problems.push({ file: file.path, subject: `entity "${fileId}"`, field: 'JSON', message: `expected an object, got ${describe(data)}` });
    return [];
  }

  const rawId = data['id'];
  const id = typeof rawId === 'string' && rawId !== '' ? rawId : fileId;
  const subject = `entity "${id}"`;
  const push = (field: string, message: string): void => {
    problems.push({ file: file.path, subject, field, message });
  };
  const unknownKeys = (obj: Record<string, unknown>, allowed: readonly string[], prefix: string): void => {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) push(prefix ? `${prefix}.${key}` : key, unknownFieldMessage(key, allowed));
    }
  };
  const text = (value: unknown, field: string): string => {
    if (value === undefined) push(field, 'missing');
    else if (typeof value !== 'string') push(field, `expected a string, got ${describe(value)}`);
    else if (value.trim() === '') push(field, 'empty');
    else return value;
    return '';
  };

  unknownKeys(data, ENTITY_FIELDS, '');

  if (rawId === undefined) push('id', 'missing');
  else if (typeof rawId !== 'string' || !ID_PATTERN.test(rawId)) push('id', `${JSON.stringify(rawId)} is not a valid id (lowercase letters, digits and single hyphens)`);
  else if (rawId !== fileId) push('id', `"${rawId}" does not match the file name (expected "${fileId}", i.e. the file ${rawId}.json)`);

  let type: EntityType = 'topic';
  const rawType = data['type'];
  if (rawType === undefined) push('type', 'missing');
  else if (typeof rawType !== 'string' || !(ENTITY_TYPES as readonly string[]).includes(rawType)) {
    push('type', `unknown type ${JSON.stringify(rawType)}; expected one of ${ENTITY_TYPES.join(', ')}`);
  } else type = rawType as EntityType;

  const name = text(data['name'], 'name');
  const summary = text(data['summary'], 'summary');
  if (summary && /\n\s*\n/.test(summary)) push('summary', 'must be one paragraph (no blank lines)');

  const aliases = parseAliases(data['aliases'], push, unknownKeys, text);
  const facts = parseFacts(data['facts'], push, unknownKeys, text);
  const related = parseRelated(data['related'], push, unknownKeys, text);

  return [{ file: file.path, id, type, name, aliases, summary, facts, related }];
}

type Push = (field: string, message: string) => void;
type UnknownKeys = (obj: Record<string, unknown>, allowed: readonly string[], prefix: string) => void;
type Text = (value: unknown, field: string) => string;

function parseAliases(raw: unknown, push: Push, unknownKeys: UnknownKeys, text: Text): CatalogAlias[] {
  if (raw === undefined) {
    push('aliases', 'missing');
    return [];
  }
  if (!Array.isArray(raw)) {
    push('aliases', `expected an array, got ${describe(raw)}`);
    return [];
  }
  if (raw.length === 0) push('aliases', 'empty: an entity needs at least one alias to be found on pages');

  const aliases: CatalogAlias[] = [];
  raw.forEach((item: unknown, i) => {
    const field = `aliases[${i}]`;
    let alias: CatalogAlias;
    if (typeof item === 'string') {
      alias = { text: item };
    } else if (isRecord(item)) {
      unknownKeys(item, ALIAS_FIELDS, field);
      alias = { text: typeof item['text'] === 'string' ? item['text'] : '' };
      text(item['text'], `${field}.text`);
      for (const flag of ['caseSensitive', 'needsContext'] as const) {
        const v = item[flag];
        if (v === undefined) continue;
        if (typeof v !== 'boolean') push(`${field}.${flag}`, `expected true or false, got ${JSON.stringify(v)}`);
        else alias[flag] = v;
      }
      const inflect = item['inflect'];
      if (inflect !== undefined) {
        if (inflect !== 'ru') push(`${field}.inflect`, `unknown inflection ${JSON.stringify(inflect)}; the only one is "ru"`);
        else alias.inflect = 'ru';
      }
      const lang = item['lang'];
      if (lang !== undefined) {
        if (typeof lang !== 'string' || !LANG_PATTERN.test(lang)) push(`${field}.lang`, `${JSON.stringify(lang)} is not a language tag such as "en" or "be"`);
        else alias.lang = lang;
      }
      const disambiguation = item['disambiguation'];
      if (disambiguation !== undefined) {
        const d = text(disambiguation, `${field}.disambiguation`);
        if (d) alias.disambiguation = d;
      }
    } else {
      push(field, `expected a string or an object {text, …}, got ${describe(item)}`);
      return;
    }
    if (typeof item === 'string' && item.trim() === '') push(field, 'empty');
    else if (alias.text !== '' && alias.text !== alias.text.trim()) push(typeof item === 'string' ? field : `${field}.text`, `${JSON.stringify(alias.text)} has leading or trailing spaces`);
    else if (alias.text !== '' && !/[\p{L}\p{N}]/u.test(alias.text)) push(typeof item === 'string' ? field : `${field}.text`, `${JSON.stringify(alias.text)} has no letter or digit`);
    aliases.push(alias);
  });

  // The same alias twice in one entity (after folding) is a copy-paste slip; the matcher already folds case, diacritics and dashes.
  const seen = new Map<string, number>();
  aliases.forEach((a, i) => {
    const key = foldAlias(a.text);
    if (!key) return;
    const first = seen.get(key);
    if (first !== undefined) {
      push(`aliases[${i}]`, `"${a.text}" repeats aliases[${first}] ("${aliases[first]?.text ?? ''}") once case, diacritics and dashes are folded; keep one`);
    } else seen.set(key, i);
  });
  if (aliases.length > 0 && aliases.every((a) => a.needsContext)) {
    push('aliases', 'every alias is needsContext, so nothing can ever establish the context: make at least one alias unambiguous');
  }
  return aliases;
}

function parseFacts(raw: unknown, push: Push, unknownKeys: UnknownKeys, text: Text): CatalogFact[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    push('facts', `expected an array, got ${describe(raw)}`);
    return [];
  }
  const facts: CatalogFact[] = [];
  raw.forEach((item: unknown, i) => {
    const field = `facts[${i}]`;
    if (!isRecord(item)) {
      push(field, `expected an object {text, asOf, source}, got ${describe(item)}`);
      return;
    }
    unknownKeys(item, FACT_FIELDS, field);
    const factText = text(item['text'], `${field}.text`);
    const asOf = item['asOf'];
    if (asOf === undefined) push(`${field}.asOf`, 'missing');
    else if (typeof asOf !== 'string' || !isIsoDate(asOf)) push(`${field}.asOf`, `${JSON.stringify(asOf)} is not an ISO date YYYY, YYYY-MM or YYYY-MM-DD`);
    const source = parseFactSource(item['source'], `${field}.source`, push, unknownKeys);
    if (source) facts.push({ text: factText, asOf: typeof asOf === 'string' ? asOf : '', source });
  });
  return facts;
}

function parseFactSource(raw: unknown, field: string, push: Push, unknownKeys: UnknownKeys): FactSource | undefined {
  if (raw === undefined || raw === null || raw === '') {
    push(field, `missing: every fact needs {"article", "paragraph", "quote"} or "${GENERAL_REFERENCE}"`);
    return undefined;
  }
  if (typeof raw === 'string') {
    if (raw === GENERAL_REFERENCE) return { kind: 'general-reference' };
    push(field, `${JSON.stringify(raw)}: the only string source is "${GENERAL_REFERENCE}"; cite an article as {"article", "paragraph", "quote"}`);
    return undefined;
  }
  if (!isRecord(raw)) {
    push(field, `expected "${GENERAL_REFERENCE}" or an object {article, paragraph, quote?}, got ${describe(raw)}`);
    return undefined;
  }
  if ('generalReference' in raw && !('article' in raw)) {
    unknownKeys(raw, GENERAL_SOURCE_FIELDS, field);
    const note = raw['generalReference'];
    if (typeof note !== 'string' || note.trim() === '') {
      push(`${field}.generalReference`, 'expected a non-empty note, e.g. "Encyclopaedia entry on …"');
      return undefined;
    }
    return { kind: 'general-reference', note };
  }
  unknownKeys(raw, ARTICLE_SOURCE_FIELDS, field);
  const article = raw['article'];
  const paragraph = raw['paragraph'];
  const quote = raw['quote'];
  let ok = true;
  if (article === undefined) {
    push(`${field}.article`, 'missing');
    ok = false;
  } else if (typeof article !== 'string' || article === '') {
    push(`${field}.article`, `expected an article id, got ${JSON.stringify(article)}`);
    ok = false;
  }
  if (paragraph === undefined) {
    push(`${field}.paragraph`, 'missing');
    ok = false;
  } else if (typeof paragraph !== 'number' || !Number.isInteger(paragraph) || paragraph < 1) {
    push(`${field}.paragraph`, `expected a paragraph number from 1, got ${JSON.stringify(paragraph)}`);
    ok = false;
  }
  if (quote !== undefined && (typeof quote !== 'string' || quote.trim() === '')) {
    push(`${field}.quote`, `expected a non-empty string, got ${JSON.stringify(quote)}`);
    ok = false;
  }
  if (!ok) return undefined;
  const source: FactSource = { kind: 'article', articleId: article as string, paragraph: paragraph as number };
  if (typeof quote === 'string') source.quote = quote;
  return source;
}

function parseRelated(raw: unknown, push: Push, unknownKeys: UnknownKeys, text: Text): CatalogRelation[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    push('related', `expected an array, got ${describe(raw)}`);
    return [];
  }
  const related: CatalogRelation[] = [];
  raw.forEach((item: unknown, i) => {
    const field = `related[${i}]`;
    if (!isRecord(item)) {
      push(field, `expected an object {id, relation}, got ${describe(item)}`);
      return;
    }
    unknownKeys(item, RELATION_FIELDS, field);
    const id = text(item['id'], `${field}.id`);
    const relation = text(item['relation'], `${field}.relation`);
    if (id && relation) related.push({ id, relation });
  });
  return related;
}

// ---------------------------------------------------------------------------------------------- cross-file checks

function checkDuplicateIds(items: Array<{ id: string; file: string }>, kind: 'article' | 'entity', problems: Problem[]): void {
  const first = new Map<string, string>();
  for (const { id, file } of items) {
    const other = first.get(id);
    if (other !== undefined) {
      problems.push({ file, subject: `${kind} "${id}"`, field: 'id', message: `duplicate id: ${other} already defines ${kind} "${id}"` });
    } else first.set(id, file);
  }
}

function checkAliasCollisions(entities: CatalogEntity[], problems: Problem[]): void {
  const owners = new Map<string, Array<{ entity: CatalogEntity; index: number; alias: CatalogAlias }>>();
  for (const entity of entities) {
    entity.aliases.forEach((alias, index) => {
      const key = foldAlias(alias.text);
      if (!key) return;
      const list = owners.get(key) ?? [];
      if (!list.some((o) => o.entity.id === entity.id)) list.push({ entity, index, alias });
      owners.set(key, list);
    });
  }
  for (const list of owners.values()) {
    const [first, ...rest] = list;
    if (!first) continue;
    const allowed = list.every((o) => o.alias.needsContext === true && (o.alias.disambiguation ?? '').trim() !== '');
    if (allowed) continue;
    for (const other of rest) {
      problems.push({
        file: other.entity.file,
        subject: `entity "${other.entity.id}"`,
        field: `aliases[${other.index}]`,
        message:
          `alias "${other.alias.text}" is also claimed by entity "${first.entity.id}" (${first.entity.file}, aliases[${first.index}] "${first.alias.text}"); ` +
          'a shared alias is allowed only when both entities mark it "needsContext": true and give a "disambiguation" rule',
      });
    }
  }
}

function checkReferences(
  entity: CatalogEntity,
  articles: Map<string, ParsedArticle>,
  entityIds: Set<string>,
  unparsed: { articles: Set<string>; entities: Set<string> },
  problems: Problem[],
): void {
  const subject = `entity "${entity.id}"`;
  const push = (field: string, message: string): void => {
    problems.push({ file: entity.file, subject, field, message });
  };
  entity.facts.forEach((fact, i) => {
    const source = fact.source;
    if (source.kind !== 'article') return;
    const field = `facts[${i}].source`;
    const article = articles.get(source.articleId);
    if (!article) {
      if (unparsed.articles.has(source.articleId)) return;
      push(`${field}.article`, `unknown article "${source.articleId}" (no src/dataset/articles/${source.articleId}.md)`);
      return;
    }
    const paragraph = article.paragraphs[source.paragraph - 1];
    if (paragraph === undefined) {
      push(`${field}.paragraph`, `paragraph ${source.paragraph} is out of range: article "${source.articleId}" has ${article.paragraphs.length} paragraphs`);
      return;
    }
    if (source.quote !== undefined && !normalizeWhitespace(paragraph).includes(normalizeWhitespace(source.quote))) {
      push(`${field}.quote`, `not found verbatim in article "${source.articleId}" paragraph ${source.paragraph} (only whitespace is normalized): ${JSON.stringify(source.quote)}`);
    }
  });
  const seen = new Set<string>();
  entity.related.forEach((rel, i) => {
    const field = `related[${i}].id`;
    if (rel.id === entity.id) push(field, 'an entity cannot be related to itself');
    else if (!entityIds.has(rel.id) && !unparsed.entities.has(rel.id)) push(field, `unknown entity "${rel.id}" (no src/dataset/entities/${rel.id}.json)`);
    const key = `${rel.id}\u0000${rel.relation}`;
    if (seen.has(key)) push(`related[${i}]`, `repeats the relation "${rel.relation}" to "${rel.id}"`);
    seen.add(key);
  });
}
