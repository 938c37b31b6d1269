// Compiles the dataset sources (article Markdown + entity catalog JSON) into index.json and dataset.json, computing passages with the matcher.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildIndex, findMentions } from '../matcher/index';
import { isStopEntity, matchEntities } from '../stop-phrases';
import type { AliasSpec, ArticleMeta, DatasetBundle, EntityRecord, Fact, IndexBundle, IndexEntity, Passage } from '../types';
import { formatProblem, normalizeWhitespace, validateSources, type CatalogAlias, type DatasetSources, type ParsedArticle, type Problem, type SourceFile } from './schema';

export const DATASET_VERSION = 1;
export const ARTICLES_DIR = 'src/dataset/articles';
export const ENTITIES_DIR = 'src/dataset/entities';
export const STOP_PHRASES_FILE = 'src/dataset/stop-phrases.json';
export const DEFAULT_OUT_DIR = 'generated/dataset';
export const INDEX_FILE = 'index.json';
export const DATASET_FILE = 'dataset.json';
/** Fail well below the 5 MB per-file limit of the stores' linters. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Bad dataset sources: `problems` holds one formatted line per problem (file, entity/article, field, message). */
export class DatasetError extends Error {
  readonly problems: string[];
  readonly details: Problem[];

  constructor(details: Problem[]) {
    const problems = details.map(formatProblem);
    super(`dataset has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.join('\n')}`);
    this.name = 'DatasetError';
    this.problems = problems;
    this.details = details;
  }
}

export interface CompiledDataset {
  index: IndexBundle;
  bundle: DatasetBundle;
}

export interface SerializedDataset {
  /** File name → exact file content. */
  files: Record<typeof INDEX_FILE | typeof DATASET_FILE, string>;
  /** File name → size in bytes (UTF-8). */
  sizes: Record<typeof INDEX_FILE | typeof DATASET_FILE, number>;
}

export interface DatasetSummary {
  articles: number;
  entities: number;
  aliases: number;
  passages: number;
  sizes: Record<string, number>;
}

export interface CompileOptions {
  /** Size limit per output file in bytes (default MAX_FILE_BYTES). */
  maxFileBytes?: number;
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** Reads every file in the articles and entities folders (sorted by name; wrong extensions are reported by validation). */
export function loadSources(rootDir: string): DatasetSources {
  const read = (dir: string): SourceFile[] => {
    const abs = path.join(rootDir, dir);
    if (!existsSync(abs)) return [];
    return readdirSync(abs)
      .filter((name) => !name.startsWith('.') && statSync(path.join(abs, name)).isFile())
      .sort()
      .map((name) => ({ path: toPosix(path.join(dir, name)), text: readFileSync(path.join(abs, name), 'utf8') }));
  };
  const stopPath = path.join(rootDir, STOP_PHRASES_FILE);
  const stopPhrases = existsSync(stopPath) ? { path: STOP_PHRASES_FILE, text: readFileSync(stopPath, 'utf8') } : undefined;
  return { articles: read(ARTICLES_DIR), entities: read(ENTITIES_DIR), ...(stopPhrases ? { stopPhrases } : {}) };
}

/** Acronyms written in capitals ("CSTO", "U.S.", "ОДКБ") match case-sensitively unless the catalog says otherwise. */
function isAcronym(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

export function compileAlias(alias: CatalogAlias): AliasSpec {
  const spec: AliasSpec = { text: alias.text };
  const caseSensitive = alias.caseSensitive ?? (isAcronym(alias.text) ? true : undefined);
  if (caseSensitive !== undefined) spec.caseSensitive = caseSensitive;
  if (alias.needsContext) spec.needsContext = true;
  if (alias.inflect) spec.inflect = alias.inflect;
  return spec;
}

/** Newest first: dated articles by date (descending), then undated ones; ties by id. */
function compareArticles(a: ArticleMeta, b: ArticleMeta): number {
  const ua = a.date === 'undated';
  const ub = b.date === 'undated';
  if (ua !== ub) return ua ? 1 : -1;
  if (!ua && a.date !== b.date) return a.date < b.date ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Passages of every entity: each article paragraph is run through the matcher. An article's entities found anywhere in it
 * form the context for `needsContext` aliases in all its paragraphs. Paragraphs that only repeat the article's title
 * (a headline line) give no passage: the UI shows the title already.
 */
export function computePassages(articles: ParsedArticle[], entities: IndexEntity[], stopPhrases: string[] = []): Record<string, Passage[]> {
  const index = buildIndex(matchEntities({ entities, stopPhrases }));
  const passages: Record<string, Passage[]> = {};
  for (const e of [...entities].sort((a, b) => (a.id < b.id ? -1 : 1))) passages[e.id] = [];

  const ordered = [...articles].sort((a, b) => compareArticles(a.meta, b.meta));
  for (const article of ordered) {
    const context = new Set<string>();
    for (const text of article.paragraphs) for (const m of findMentions(text, index)) if (!isStopEntity(m.entityId)) context.add(m.entityId);

    const title = normalizeWhitespace(article.meta.title);
    article.paragraphs.forEach((text, i) => {
      if (normalizeWhitespace(text) === title) return;
      const spansByEntity = new Map<string, Array<[number, number]>>();
      for (const m of findMentions(text, index, { context })) {
        const spans = spansByEntity.get(m.entityId) ?? [];
        spans.push([m.start, m.end]);
        spansByEntity.set(m.entityId, spans);
      }
      for (const [entityId, spans] of spansByEntity) {
        if (isStopEntity(entityId)) continue;
        spans.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        (passages[entityId] ??= []).push({ articleId: article.meta.id, paragraph: i + 1, text, spans });
      }
    });
  }
  return passages;
}

/** The exact bytes written for each bundle (compact JSON plus a final newline). */
export function serializeDataset(compiled: CompiledDataset): SerializedDataset {
  const files = {
    [INDEX_FILE]: `${JSON.stringify(compiled.index)}\n`,
    [DATASET_FILE]: `${JSON.stringify(compiled.bundle)}\n`,
  } as SerializedDataset['files'];
  const sizes = {
    [INDEX_FILE]: Buffer.byteLength(files[INDEX_FILE], 'utf8'),
    [DATASET_FILE]: Buffer.byteLength(files[DATASET_FILE], 'utf8'),
  } as SerializedDataset['sizes'];
  return { files, sizes };
}

/** Reads the stop-phrase list; problems name the file and the field. A phrase that equals an alias is reported by name. */
function parseStopPhrases(file: SourceFile | undefined, problems: Problem[]): string[] {
  if (!file) return [];
  let data: unknown;
  try {
    data = JSON.parse(file.text);
  } catch (err) {
    problems.push({ file: file.path, message: `invalid JSON: ${(err as Error).message}` });
    return [];
  }
  const phrases = (data as { phrases?: unknown } | null)?.phrases;
  if (!Array.isArray(phrases)) {
    problems.push({ file: file.path, message: 'phrases: expected an array of strings' });
    return [];
  }
  const out: string[] = [];
  phrases.forEach((p, i) => {
    if (typeof p !== 'string' || !/[\p{L}\p{N}]/u.test(p) || p.length > 200) problems.push({ file: file.path, message: `phrases[${i}]: expected a phrase with a letter or digit, at most 200 characters` });
    else out.push(p);
  });
  return out;
}

/** Validates and compiles in-memory sources; throws DatasetError listing every problem. */
export function compileSources(sources: DatasetSources, options: CompileOptions = {}): CompiledDataset {
  const { problems, articles, entities } = validateSources(sources);
  if (sources.articles.length === 0) problems.push({ file: ARTICLES_DIR, message: 'no articles found (expected <id>.md files)' });
  if (sources.entities.length === 0) problems.push({ file: ENTITIES_DIR, message: 'no entities found (expected <id>.json files)' });
  const stopPhrases = parseStopPhrases(sources.stopPhrases, problems);
  if (problems.length) throw new DatasetError(problems);

  const sortedEntities = [...entities].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const indexEntities: IndexEntity[] = sortedEntities.map((e) => ({ id: e.id, type: e.type, name: e.name, aliases: e.aliases.map(compileAlias) }));
  const records: EntityRecord[] = sortedEntities.map((e, i) => ({
    id: e.id,
    type: e.type,
    name: e.name,
    aliases: indexEntities[i]?.aliases ?? [],
    summary: e.summary,
    facts: e.facts.map((f): Fact => ({ text: f.text, asOf: f.asOf, source: f.source })),
    related: e.related.map((r) => ({ id: r.id, relation: r.relation })),
  }));

  const orderedArticles = [...articles].sort((a, b) => compareArticles(a.meta, b.meta));
  let passages: Record<string, Passage[]>;
  try {
    passages = computePassages(articles, indexEntities, stopPhrases);
  } catch (err) {
    // buildIndex refuses text claimed twice; entity/entity clashes are caught by validation, so this is a stop phrase.
    throw new DatasetError([{ file: sources.stopPhrases?.path ?? ENTITIES_DIR, message: (err as Error).message }]);
  }
  const bundle: DatasetBundle = {
    version: DATASET_VERSION,
    builtFrom: [...sources.articles, ...sources.entities].map((f) => f.path).sort(),
    articles: orderedArticles.map((a) => ({ ...a.meta, paragraphs: a.paragraphs })),
    entities: records,
    passages,
    ...(stopPhrases.length ? { stopPhrases } : {}),
  };
  const compiled: CompiledDataset = {
    index: { version: DATASET_VERSION, entities: indexEntities, ...(stopPhrases.length ? { stopPhrases } : {}) },
    bundle,
  };

  const limit = options.maxFileBytes ?? MAX_FILE_BYTES;
  const { sizes } = serializeDataset(compiled);
  const tooBig: Problem[] = Object.entries(sizes)
    .filter(([, bytes]) => bytes > limit)
    .map(([name, bytes]) => ({
      file: `${DEFAULT_OUT_DIR}/${name}`,
      message: `${bytes} bytes is over the ${limit}-byte limit (the stores refuse files of 5 MB or more): split the file or trim the data`,
    }));
  if (tooBig.length) throw new DatasetError(tooBig);
  return compiled;
}

/** Loads, validates and compiles the dataset under `rootDir` (the repository root). Throws DatasetError on bad data. */
export function compileDataset(rootDir: string): CompiledDataset {
  return compileSources(loadSources(rootDir));
}

export function summarize(compiled: CompiledDataset): DatasetSummary {
  return {
    articles: compiled.bundle.articles.length,
    entities: compiled.index.entities.length,
    aliases: compiled.index.entities.reduce((n, e) => n + e.aliases.length, 0),
    passages: Object.values(compiled.bundle.passages).reduce((n, list) => n + list.length, 0),
    sizes: serializeDataset(compiled).sizes,
  };
}

/** Compiles the dataset and writes index.json and dataset.json into `outDir` (relative to rootDir unless absolute). */
export function writeDataset(rootDir: string, outDir: string = DEFAULT_OUT_DIR): DatasetSummary {
  const compiled = compileDataset(rootDir);
  const target = path.resolve(rootDir, outDir);
  mkdirSync(target, { recursive: true });
  const { files } = serializeDataset(compiled);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(target, name), content);
  return summarize(compiled);
}
