// Backup files: one versioned JSON document out, and in: size/format/version checks, then a preview diff before anything is written.
import { SETTINGS_VERSION, parseSettings, type Settings } from '../settings';
import { readArticle, readEntities, readRules } from './migrations';
import { aliasKey, isRecord } from './text';
import { LIMITS, USERDATA_VERSION, type PersonalEntity, type PhraseRule, type SavedArticle } from './types';

export const BACKUP_FORMAT = 'backstory-backup';

/** Everything a backup carries. */
export interface BackupContents {
  settings: Settings;
  entities: PersonalEntity[];
  phrases: PhraseRule[];
  articles: SavedArticle[];
}

export interface ParsedBackup extends BackupContents {
  /** The user-data version the file was written with (already migrated to the current one). */
  version: number;
  exportedAt: string | null;
}

export type BackupCheck = { ok: true; backup: ParsedBackup } | { ok: false; error: string; problems: string[] };

/** The backup file text: pretty-printed so a reader can inspect it. */
export function buildBackup(contents: BackupContents, now: number): string {
  const file = {
    format: BACKUP_FORMAT,
    version: USERDATA_VERSION,
    exportedAt: new Date(now).toISOString(),
    settings: contents.settings,
    entities: contents.entities,
    phrases: contents.phrases,
    articles: contents.articles,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** "backstory-backup-2024-05-01.json" */
export function backupFileName(now: number): string {
  return `backstory-backup-${new Date(now).toISOString().slice(0, 10)}.json`;
}

/** UTF-8 size of a string without allocating the encoded bytes. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Refusal for a file that is too big, checked before reading it (File.size) and again on the text. */
export function sizeProblem(bytes: number): string | null {
  return bytes > LIMITS.backupBytes
    ? `This file is ${formatBytes(bytes)}; Backstory only imports backups up to ${formatBytes(LIMITS.backupBytes)}. Nothing was changed.`
    : null;
}

function refuse(error: string, problems: string[] = []): BackupCheck {
  return { ok: false, error, problems: problems.slice(0, 20) };
}

const NOT_A_BACKUP = 'This is not a Backstory backup file. Nothing was changed.';

/**
 * Reads a backup file. Anything wrong — too big, not JSON, not our format, written by a newer version, or any record
 * that does not validate — refuses the whole file with a message, so an import never half-applies a damaged backup.
 * Files of earlier versions are migrated with the same numbered migrations as stored data.
 */
export function parseBackup(text: string): BackupCheck {
  // UTF-16 length never exceeds the UTF-8 size, so this cheap test refuses most oversized files before counting bytes.
  const tooBig = text.length > LIMITS.backupBytes ? sizeProblem(text.length) : sizeProblem(utf8Length(text));
  if (tooBig) return refuse(tooBig);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return refuse(`This file is not valid JSON (${err instanceof Error ? err.message : String(err)}). Nothing was changed.`);
  }
  if (!isRecord(raw) || raw.format !== BACKUP_FORMAT) return refuse(NOT_A_BACKUP);
  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) return refuse(`${NOT_A_BACKUP} (It has no valid version.)`);
  if (version > USERDATA_VERSION) {
    return refuse(
      `This backup was made by a newer version of Backstory (data version ${version}; this one reads up to ${USERDATA_VERSION}). Update Backstory, then import it again. Nothing was changed.`,
    );
  }
  if (!isRecord(raw.settings)) return refuse(`${NOT_A_BACKUP} (It has no settings.)`);
  const settingsVersion = raw.settings.version;
  if (typeof settingsVersion === 'number' && settingsVersion > SETTINGS_VERSION) {
    return refuse(
      `This backup was made by a newer version of Backstory (settings version ${settingsVersion}; this one reads up to ${SETTINGS_VERSION}). Update Backstory, then import it again. Nothing was changed.`,
    );
  }
  for (const field of ['entities', 'phrases', 'articles'] as const) {
    if (!Array.isArray(raw[field])) return refuse(`${NOT_A_BACKUP} ("${field}" is missing or not a list.)`);
  }
  const problems: string[] = [];
  const settings = parseSettings(raw.settings);
  problems.push(...settings.problems);
  const entities = readEntities({ version, entities: raw.entities }, 'entities');
  problems.push(...entities.problems);
  const phrases = readRules({ version, phrases: raw.phrases }, 'phrases');
  problems.push(...phrases.problems);
  const articles: SavedArticle[] = [];
  const articleIds = new Set<string>();
  (raw.articles as unknown[]).forEach((a, i) => {
    const r = readArticle({ version, article: a }, `articles[${i}]`);
    problems.push(...r.problems);
    if (!r.value) return;
    if (articleIds.has(r.value.id)) problems.push(`articles[${i}]: article ${r.value.id} appears twice`);
    articleIds.add(r.value.id);
    articles.push(r.value);
  });
  if (articles.length > LIMITS.savedArticles) problems.push(`articles: more than ${LIMITS.savedArticles} saved articles`);
  if (problems.length > 0) {
    return refuse(`This backup has ${problems.length} problem${problems.length === 1 ? '' : 's'} and was not imported. Nothing was changed.`, problems);
  }
  const exportedAt = typeof raw.exportedAt === 'string' && raw.exportedAt.length <= 40 ? raw.exportedAt : null;
  return { ok: true, backup: { version, exportedAt, settings: settings.settings, entities: entities.value, phrases: phrases.value, articles } };
}

/** What an import adds, what it replaces (with the stored version it replaces), and how many records stay as they are. */
export interface Diff<T> {
  added: T[];
  replaced: Array<{ before: T; after: T }>;
  unchanged: number;
}

export interface ImportPreview {
  entities: Diff<PersonalEntity>;
  phrases: Diff<PhraseRule>;
  articles: Diff<SavedArticle>;
  /** Settings fields the backup would change (settings are replaced as a whole). */
  settings: Array<Exclude<keyof Settings, 'version'>>;
  /** True when applying would change nothing at all. */
  empty: boolean;
  /** Why applying is impossible (e.g. the result would exceed a limit); null when it can be applied. */
  blocked: string | null;
}

const entityContent = (e: PersonalEntity) => JSON.stringify([e.type, e.name, e.aliases, e.note, e.related]);
const articleContent = (a: SavedArticle) => JSON.stringify([a.url, a.title, a.site, a.date, a.paragraphs]);

function diffById<T extends { id: string }>(current: readonly T[], incoming: readonly T[], content: (x: T) => string): Diff<T> {
  const byId = new Map(current.map((x) => [x.id, x]));
  const d: Diff<T> = { added: [], replaced: [], unchanged: 0 };
  for (const x of incoming) {
    const before = byId.get(x.id);
    if (!before) d.added.push(x);
    else if (content(before) !== content(x)) d.replaced.push({ before, after: x });
    else d.unchanged++;
  }
  return d;
}

function diffPhrases(current: readonly PhraseRule[], incoming: readonly PhraseRule[]): Diff<PhraseRule> {
  const keys = new Set(current.map((r) => aliasKey(r.phrase)));
  const d: Diff<PhraseRule> = { added: [], replaced: [], unchanged: 0 };
  for (const r of incoming) {
    const k = aliasKey(r.phrase);
    if (keys.has(k)) d.unchanged++;
    else {
      keys.add(k);
      d.added.push(r);
    }
  }
  return d;
}

const SETTINGS_FIELDS = ['paused', 'disabledSites', 'renderMode', 'enabledTypes', 'highlightStyle', 'hoverCard', 'badge', 'theme', 'siteRules'] as const;

/**
 * The preview an import shows before "Apply": records are matched by id (phrases by phrase), new ones are added, changed
 * ones replace the stored record, and nothing stored is ever removed. Settings are replaced as a whole.
 */
export function previewImport(current: BackupContents, incoming: BackupContents): ImportPreview {
  const entities = diffById(current.entities, incoming.entities, entityContent);
  const phrases = diffPhrases(current.phrases, incoming.phrases);
  const articles = diffById(current.articles, incoming.articles, articleContent);
  const settings = SETTINGS_FIELDS.filter((f) => JSON.stringify(current.settings[f]) !== JSON.stringify(incoming.settings[f]));
  let blocked: string | null = null;
  const totalEntities = current.entities.length + entities.added.length;
  const totalPhrases = current.phrases.length + phrases.added.length;
  const totalArticles = current.articles.length + articles.added.length;
  if (totalEntities > LIMITS.personalEntities) blocked = `Importing would give you ${totalEntities} entities; Backstory keeps at most ${LIMITS.personalEntities}.`;
  else if (totalPhrases > LIMITS.phraseRules) blocked = `Importing would give you ${totalPhrases} phrase rules; Backstory keeps at most ${LIMITS.phraseRules}.`;
  else if (totalArticles > LIMITS.savedArticles) blocked = `Importing would give you ${totalArticles} saved articles; Backstory keeps at most ${LIMITS.savedArticles}.`;
  const empty =
    settings.length === 0 &&
    entities.added.length + entities.replaced.length === 0 &&
    phrases.added.length === 0 &&
    articles.added.length + articles.replaced.length === 0;
  return { entities, phrases, articles, settings, empty, blocked };
}

/** What to write for an import: the merged lists (stored order kept, new records appended) and the articles to store. */
export function mergeImport(
  current: BackupContents,
  incoming: BackupContents,
): { preview: ImportPreview; settings: Settings | null; entities: PersonalEntity[] | null; phrases: PhraseRule[] | null; articles: SavedArticle[] } {
  const preview = previewImport(current, incoming);
  const replacedEntities = new Map(preview.entities.replaced.map((r) => [r.after.id, r.after]));
  const entities =
    preview.entities.added.length + preview.entities.replaced.length === 0
      ? null
      : [...current.entities.map((e) => replacedEntities.get(e.id) ?? e), ...preview.entities.added];
  const phrases = preview.phrases.added.length === 0 ? null : [...current.phrases, ...uniqueIds(current.phrases, preview.phrases.added)];
  const settings = preview.settings.length === 0 ? null : { ...incoming.settings, version: SETTINGS_VERSION };
  const articles = [...preview.articles.added, ...preview.articles.replaced.map((r) => r.after)];
  return { preview, settings, entities, phrases, articles };
}

/** Incoming rules whose id is already used by a different stored phrase get a derived id instead. */
function uniqueIds(current: readonly PhraseRule[], added: readonly PhraseRule[]): PhraseRule[] {
  const ids = new Set(current.map((r) => r.id));
  return added.map((r) => {
    let id = r.id;
    for (let n = 2; ids.has(id); n++) id = `${r.id.slice(0, 36)}${n.toString(36)}`;
    ids.add(id);
    return id === r.id ? r : { ...r, id };
  });
}
