// The only module that touches extension storage: settings and the reader's own data, versioned, migrated on read, unreadable data kept aside, failed writes change nothing.
import browser from 'webextension-polyfill';
import { SETTINGS_VERSION, parseSettings, type Settings } from '../settings';
import {
  LIMITS,
  UserDataError,
  addPhraseRule as addRule,
  articleEnvelope,
  buildBackup,
  backupFileName,
  entitiesEnvelope,
  entityFromDraft,
  isArticleId,
  mergeImport,
  parseBackup,
  parsePersonalEntities,
  parseSavedArticle,
  previewImport,
  readArticle,
  readEntities,
  readRules,
  removeEntity,
  removePhraseRule as removeRule,
  restorePhraseRule as restoreRule,
  rulesEnvelope,
  upsertEntity,
  type BackupContents,
  type ImportPreview,
  type ParsedBackup,
  type PersonalEntity,
  type PersonalEntityDraft,
  type PhraseRule,
  type SavedArticle,
  type UserDataKind,
} from '../userdata';
import { hash53 } from '../userdata/text';
import type { PublishedIndex } from '../messages';

// ---------------------------------------------------------------------------------------------------------------
// Layout

/**
 * Storage layout (storage.local), user-data schema version USERDATA_VERSION (1):
 *   settings                      Settings, with its own `version` (SETTINGS_VERSION)
 *   userdata:entities             { version, entities: PersonalEntity[] }
 *   userdata:rules                { version, phrases: PhraseRule[] }
 *   userdata:article:<articleId>  { version, article: SavedArticle }   one key per article: saving one never rewrites the others
 *   corrupt:<key>:<time>          the raw value of <key> as it was when it could not be read, kept for the reader
 *   cache:match-index             PublishedIndex: the page catalog the background builds from the dataset and the
 *                                 reader's data. Derived, never the reader's data: an unreadable copy is rebuilt, not kept.
 */
export const KEYS = Object.freeze({
  settings: 'settings',
  entities: 'userdata:entities',
  rules: 'userdata:rules',
  articlePrefix: 'userdata:article:',
  corruptPrefix: 'corrupt:',
  matchIndex: 'cache:match-index',
});

const CORRUPT_SETTINGS_PREFIX = `${KEYS.corruptPrefix}${KEYS.settings}:`;

/** The part of storage.local this module needs; the default is webextension-polyfill's, tests pass an in-memory fake. */
export interface StorageArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface StorageChange {
  oldValue?: unknown;
  newValue?: unknown;
}
export type StorageChangeListener = (changes: Record<string, StorageChange>, areaName: string) => void;

/** storage.onChanged, or a fake of it. */
export interface StorageChangeEvents {
  addListener(cb: StorageChangeListener): void;
  removeListener(cb: StorageChangeListener): void;
}

/** A write was refused or failed (e.g. the storage quota is used up); what was stored before is unchanged. */
export class StorageWriteError extends Error {
  constructor(
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StorageWriteError';
  }
}

export interface LoadedSettings {
  settings: Settings;
  problems: string[];
}

export interface Loaded<T> {
  value: T;
  /** Problems reading stored data; the raw data was kept aside (see listCorrupt) unless a problem says otherwise. */
  problems: string[];
}

export interface LoadedArticles extends Loaded<SavedArticle[]> {
  /** Ids of stored articles that could not be read at all (kept aside; removeArticle(id) clears them). */
  unreadable: string[];
}

export interface CorruptEntry {
  key: string;
  /** The key whose value this was. */
  source: string;
  time: number;
  value: unknown;
}

export type ImportCheck = { ok: true; backup: ParsedBackup; preview: ImportPreview } | { ok: false; error: string; problems: string[] };

export interface BackstoryStorage {
  loadSettings(): Promise<LoadedSettings>;
  listCorruptSettings(): Promise<Array<{ key: string; value: unknown }>>;
  updateSettings(change: (s: Settings) => Settings): Promise<Settings>;
  onSettingsChanged(cb: (s: Settings) => void): () => void;

  loadMatchData(): Promise<{ entities: PersonalEntity[]; phrases: PhraseRule[]; problems: string[] }>;
  loadPersonalEntities(): Promise<Loaded<PersonalEntity[]>>;
  updatePersonalEntities(change: (list: PersonalEntity[]) => PersonalEntity[]): Promise<PersonalEntity[]>;
  saveEntityDraft(draft: PersonalEntityDraft): Promise<PersonalEntity>;
  deletePersonalEntity(id: string): Promise<PersonalEntity | null>;
  restorePersonalEntity(entity: PersonalEntity): Promise<void>;

  loadRules(): Promise<Loaded<PhraseRule[]>>;
  addPhraseRule(phrase: string): Promise<PhraseRule>;
  removePhraseRule(id: string): Promise<PhraseRule | null>;
  restorePhraseRule(rule: PhraseRule): Promise<void>;

  loadSavedArticles(): Promise<LoadedArticles>;
  saveArticle(article: SavedArticle): Promise<void>;
  removeArticle(id: string): Promise<SavedArticle | null>;
  updateArticleIndex(articles: readonly SavedArticle[]): Promise<number>;

  exportBackup(): Promise<{ text: string; fileName: string; problems: string[] }>;
  checkImport(text: string): Promise<ImportCheck>;
  applyImport(backup: ParsedBackup): Promise<ImportPreview>;

  listCorrupt(): Promise<CorruptEntry[]>;
  removeCorrupt(key: string): Promise<void>;
  onUserDataChanged(cb: (kinds: ReadonlySet<UserDataKind>) => void): () => void;
}

export interface StorageOptions {
  now?: () => number;
  random?: () => number;
  /** The area name onChanged reports for `area` ("local"). */
  areaName?: string;
}

function describeError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return /quota/i.test(msg) ? `storage is full (${msg})` : msg;
}

function stable(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'undefined';
  } catch {
    return String(v);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The store. Plain functions over a context rather than one closure, so a bundle keeps only what it calls (the content
// script needs settings and match data, not backups).

interface Ctx {
  area: StorageArea;
  events: StorageChangeEvents | undefined;
  now: () => number;
  random: () => number;
  areaName: string;
  /** Values this context already kept aside (hash of key + raw), to skip re-scanning storage on every read. */
  keptAside: Set<string>;
}

function makeCtx(area: StorageArea, events: StorageChangeEvents | undefined, options: StorageOptions): Ctx {
  return {
    area,
    events,
    now: options.now ?? (() => Date.now()),
    random: options.random ?? Math.random,
    areaName: options.areaName ?? 'local',
    keptAside: new Set(),
  };
}

/**
 * Copies `raw` to corrupt:<key>:<time> unless an identical copy exists. Returns false when the copy could not be
 * written; callers must then not overwrite `key`, or the unreadable value would be lost.
 */
async function keepAside(c: Ctx, key: string, raw: unknown, snapshot?: Record<string, unknown>): Promise<boolean> {
  const body = stable(raw);
  const tag = `${key}\u0000${hash53(body)}`;
  if (c.keptAside.has(tag)) return true;
  try {
    const all = snapshot ?? (await c.area.get(null));
    const prefix = `${KEYS.corruptPrefix}${key}:`;
    const exists = Object.entries(all).some(([k, v]) => k.startsWith(prefix) && stable(v) === body);
    if (!exists) await c.area.set({ [`${prefix}${c.now()}`]: raw });
    c.keptAside.add(tag);
    return true;
  } catch {
    return false;
  }
}

async function write(c: Ctx, items: Record<string, unknown>, what: string): Promise<void> {
  try {
    await c.area.set(items);
  } catch (err) {
    throw new StorageWriteError(`Could not save ${what}: ${describeError(err)}. Nothing stored was changed.`, err);
  }
}

async function getKey(c: Ctx, key: string): Promise<unknown> {
  return (await c.area.get(key))[key];
}

/** Reads one key with `read`; on problems keeps the raw value aside. `safe` is false when the copy failed. */
async function readKept<T>(c: Ctx, key: string, read: (raw: unknown) => { value: T; problems: string[] }): Promise<Loaded<T> & { safe: boolean }> {
  const raw = await getKey(c, key);
  const r = read(raw);
  if (r.problems.length === 0) return { ...r, safe: true };
  const safe = await keepAside(c, key, raw);
  const problems = safe ? r.problems : [...r.problems, `${key}: a copy of the unreadable data could not be kept aside, so it is left untouched`];
  return { value: r.value, problems, safe };
}

function refuseUnsafe(key: string): never {
  throw new StorageWriteError(`Could not save: ${key} holds data that cannot be read and could not be kept aside first. Nothing stored was changed.`);
}

function listen(c: Ctx, cb: StorageChangeListener): () => void {
  const events = c.events;
  if (!events) return () => undefined;
  events.addListener(cb);
  return () => events.removeListener(cb);
}

// --- settings ---------------------------------------------------------------------------------------------------

async function loadSettingsSafe(c: Ctx): Promise<LoadedSettings & { safe: boolean }> {
  let raw: unknown;
  try {
    raw = await getKey(c, KEYS.settings);
  } catch (err) {
    return { settings: parseSettings(undefined).settings, problems: [`storage: ${String(err)}`], safe: false };
  }
  const { settings, problems } = parseSettings(raw);
  if (problems.length === 0) return { settings, problems, safe: true };
  const safe = await keepAside(c, KEYS.settings, raw);
  return { settings, problems, safe };
}

async function loadSettingsIn(c: Ctx): Promise<LoadedSettings> {
  const { settings, problems } = await loadSettingsSafe(c);
  return { settings, problems };
}

async function listCorruptSettingsIn(c: Ctx): Promise<Array<{ key: string; value: unknown }>> {
  const all = await c.area.get(null);
  return Object.entries(all)
    .filter(([k]) => k.startsWith(CORRUPT_SETTINGS_PREFIX))
    .map(([key, value]) => ({ key, value }));
}

async function updateSettingsIn(c: Ctx, change: (s: Settings) => Settings): Promise<Settings> {
  const current = await loadSettingsSafe(c);
  if (!current.safe && current.problems.length > 0) refuseUnsafe(KEYS.settings);
  const next = { ...change(current.settings), version: SETTINGS_VERSION };
  await write(c, { [KEYS.settings]: next }, 'settings');
  return next;
}

function onSettingsChangedIn(c: Ctx, cb: (s: Settings) => void): () => void {
  return listen(c, (changes, area) => {
    if (area !== c.areaName || !(KEYS.settings in changes)) return;
    cb(parseSettings(changes[KEYS.settings]?.newValue).settings);
  });
}

// --- entities and rules -------------------------------------------------------------------------------------------

async function loadMatchDataIn(c: Ctx): Promise<{ entities: PersonalEntity[]; phrases: PhraseRule[]; problems: string[] }> {
  // Read-only on purpose: content scripts call this on every page; copies aside are made by the pages that write.
  const got = await c.area.get([KEYS.entities, KEYS.rules]);
  const e = readEntities(got[KEYS.entities]);
  const r = readRules(got[KEYS.rules]);
  return { entities: e.value, phrases: r.value, problems: [...e.problems, ...r.problems] };
}

const readEntitiesKept = (c: Ctx) => readKept(c, KEYS.entities, (raw) => readEntities(raw));
const readRulesKept = (c: Ctx) => readKept(c, KEYS.rules, (raw) => readRules(raw));

async function updateEntities(c: Ctx, change: (list: PersonalEntity[]) => PersonalEntity[]): Promise<PersonalEntity[]> {
  const current = await readEntitiesKept(c);
  if (!current.safe) refuseUnsafe(KEYS.entities);
  const next = change([...current.value]);
  // The change must yield data that reads back as itself; anything else would be silently altered on the next read.
  const check = parsePersonalEntities(JSON.parse(JSON.stringify(next)) as unknown, 'entities');
  if (check.problems.length > 0) throw new UserDataError(check.problems[0]!, check.problems);
  await write(c, { [KEYS.entities]: entitiesEnvelope(check.value) }, 'your entities');
  return check.value;
}

async function updateRules(c: Ctx, change: (list: PhraseRule[]) => PhraseRule[]): Promise<PhraseRule[]> {
  const current = await readRulesKept(c);
  if (!current.safe) refuseUnsafe(KEYS.rules);
  const next = change([...current.value]);
  await write(c, { [KEYS.rules]: rulesEnvelope(next) }, 'your rules');
  return next;
}

// --- articles -----------------------------------------------------------------------------------------------------

const articleKey = (id: string) => `${KEYS.articlePrefix}${id}`;

async function loadArticles(c: Ctx, snapshot?: Record<string, unknown>): Promise<LoadedArticles & { safe: boolean }> {
  const all = snapshot ?? (await c.area.get(null));
  const articles: SavedArticle[] = [];
  const problems: string[] = [];
  const unreadable: string[] = [];
  let safe = true;
  for (const [key, raw] of Object.entries(all)) {
    if (!key.startsWith(KEYS.articlePrefix)) continue;
    const r = readArticle(raw, key);
    if (r.problems.length > 0) {
      problems.push(...r.problems);
      if (!(await keepAside(c, key, raw, all))) {
        safe = false;
        problems.push(`${key}: a copy of the unreadable data could not be kept aside, so it is left untouched`);
      }
    }
    if (r.value && articleKey(r.value.id) === key) articles.push(r.value);
    else unreadable.push(key.slice(KEYS.articlePrefix.length));
  }
  articles.sort((a, b) => b.savedAt - a.savedAt || (a.id < b.id ? -1 : 1));
  return { value: articles, problems, unreadable, safe };
}

function checkArticle(article: SavedArticle): SavedArticle {
  const r = parseSavedArticle(JSON.parse(JSON.stringify(article)) as unknown, 'article');
  if (!r.value || r.problems.length > 0) throw new UserDataError(r.problems[0] ?? 'The article cannot be saved.', r.problems);
  return r.value;
}

async function saveArticleIn(c: Ctx, article: SavedArticle): Promise<void> {
  const checked = checkArticle(article);
  const key = articleKey(checked.id);
  const all = await c.area.get(null);
  const stored = all[key];
  if (stored !== undefined) {
    const r = readArticle(stored, key);
    if (r.problems.length > 0 && !(await keepAside(c, key, stored, all))) refuseUnsafe(key);
  } else {
    const count = Object.keys(all).filter((k) => k.startsWith(KEYS.articlePrefix)).length;
    if (count >= LIMITS.savedArticles) {
      throw new UserDataError(`You already have ${LIMITS.savedArticles} saved articles, the most Backstory keeps. Remove some first.`);
    }
  }
  await write(c, { [key]: articleEnvelope(checked) }, `the article "${checked.title}"`);
}

async function removeArticleIn(c: Ctx, id: string): Promise<SavedArticle | null> {
  if (!isArticleId(id)) return null;
  const key = articleKey(id);
  const raw = await getKey(c, key);
  if (raw === undefined) return null;
  const r = readArticle(raw, key);
  // An unreadable entry is copied aside before it goes, like any other unreadable data.
  if (r.problems.length > 0 && !(await keepAside(c, key, raw))) refuseUnsafe(key);
  try {
    await c.area.remove(key);
  } catch (err) {
    throw new StorageWriteError(`Could not remove the article: ${describeError(err)}. Nothing stored was changed.`, err);
  }
  return r.value;
}

async function updateArticleIndexIn(c: Ctx, articles: readonly SavedArticle[]): Promise<number> {
  if (articles.length === 0) return 0;
  // Only articles still stored as they were: one removed or re-saved meanwhile is left alone (never resurrected).
  const got = await c.area.get(articles.map((a) => articleKey(a.id)));
  const items: Record<string, unknown> = {};
  for (const a of articles) {
    const key = articleKey(a.id);
    const stored = readArticle(got[key], key).value;
    if (!stored || stored.savedAt !== a.savedAt || stored.url !== a.url) continue;
    items[key] = articleEnvelope(checkArticle(a));
  }
  if (Object.keys(items).length > 0) await write(c, items, 'saved articles');
  return Object.keys(items).length;
}

// --- everything ---------------------------------------------------------------------------------------------------

async function loadEverything(c: Ctx): Promise<{ contents: BackupContents; problems: string[]; safe: boolean }> {
  const all = await c.area.get(null);
  const settingsRaw = all[KEYS.settings];
  const s = parseSettings(settingsRaw);
  const e = readEntities(all[KEYS.entities]);
  const r = readRules(all[KEYS.rules]);
  let safe = true;
  const keep = async (key: string, raw: unknown, problems: string[]) => {
    if (problems.length > 0 && !(await keepAside(c, key, raw, all))) safe = false;
  };
  await keep(KEYS.settings, settingsRaw, s.problems);
  await keep(KEYS.entities, all[KEYS.entities], e.problems);
  await keep(KEYS.rules, all[KEYS.rules], r.problems);
  const a = await loadArticles(c, all);
  if (!a.safe) safe = false;
  return {
    contents: { settings: s.settings, entities: e.value, phrases: r.value, articles: a.value },
    problems: [...s.problems, ...e.problems, ...r.problems, ...a.problems],
    safe,
  };
}

async function applyImportIn(c: Ctx, backup: ParsedBackup): Promise<ImportPreview> {
  // The preview was made against what was stored then; the merge is redone against what is stored now.
  const { contents, problems, safe } = await loadEverything(c);
  if (!safe && problems.length > 0) refuseUnsafe('storage');
  const m = mergeImport(contents, backup);
  if (m.preview.blocked) throw new UserDataError(m.preview.blocked);
  const items: Record<string, unknown> = {};
  if (m.settings) items[KEYS.settings] = m.settings;
  if (m.entities) items[KEYS.entities] = entitiesEnvelope(m.entities);
  if (m.phrases) items[KEYS.rules] = rulesEnvelope(m.phrases);
  for (const a of m.articles) items[articleKey(a.id)] = articleEnvelope(a);
  // One set() call: both browsers apply it as a whole or not at all.
  if (Object.keys(items).length > 0) await write(c, items, 'the imported backup');
  return m.preview;
}

async function listCorruptIn(c: Ctx): Promise<CorruptEntry[]> {
  const all = await c.area.get(null);
  const out: CorruptEntry[] = [];
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(KEYS.corruptPrefix)) continue;
    const rest = key.slice(KEYS.corruptPrefix.length);
    const cut = rest.lastIndexOf(':');
    const time = Number(rest.slice(cut + 1));
    out.push({ key, source: cut > 0 ? rest.slice(0, cut) : rest, time: Number.isFinite(time) ? time : 0, value });
  }
  return out.sort((a, b) => b.time - a.time);
}

function onUserDataChangedIn(c: Ctx, cb: (kinds: ReadonlySet<UserDataKind>) => void): () => void {
  return listen(c, (changes, area) => {
    if (area !== c.areaName) return;
    const kinds = new Set<UserDataKind>();
    for (const key of Object.keys(changes)) {
      if (key === KEYS.entities) kinds.add('entities');
      else if (key === KEYS.rules) kinds.add('rules');
      else if (key.startsWith(KEYS.articlePrefix)) kinds.add('articles');
    }
    if (kinds.size > 0) cb(kinds);
  });
}

function storeOver(c: Ctx): BackstoryStorage {
  return {
    loadSettings: () => loadSettingsIn(c),
    listCorruptSettings: () => listCorruptSettingsIn(c),
    updateSettings: (change) => updateSettingsIn(c, change),
    onSettingsChanged: (cb) => onSettingsChangedIn(c, cb),

    loadMatchData: () => loadMatchDataIn(c),
    async loadPersonalEntities() {
      const { value, problems } = await readEntitiesKept(c);
      return { value, problems };
    },
    updatePersonalEntities: (change) => updateEntities(c, change),
    async saveEntityDraft(draft) {
      const out: { entity?: PersonalEntity } = {};
      await updateEntities(c, (list) => {
        out.entity = entityFromDraft(draft, list, c.now(), c.random);
        return upsertEntity(list, out.entity);
      });
      return out.entity!;
    },
    async deletePersonalEntity(id) {
      const out: { removed: PersonalEntity | null } = { removed: null };
      await updateEntities(c, (list) => {
        const r = removeEntity(list, id);
        out.removed = r.removed;
        return r.list;
      });
      return out.removed;
    },
    async restorePersonalEntity(entity) {
      await updateEntities(c, (list) => {
        if (list.some((e) => e.id === entity.id)) return list;
        if (list.length >= LIMITS.personalEntities) throw new UserDataError(`You already have ${LIMITS.personalEntities} entities, the most Backstory keeps.`);
        return [...list, entity].sort((a, b) => a.createdAt - b.createdAt);
      });
    },

    async loadRules() {
      const { value, problems } = await readRulesKept(c);
      return { value, problems };
    },
    async addPhraseRule(phrase) {
      const out: { rule?: PhraseRule } = {};
      await updateRules(c, (list) => {
        const r = addRule(list, phrase, c.now(), c.random);
        out.rule = r.rule;
        return r.rules;
      });
      return out.rule!;
    },
    async removePhraseRule(id) {
      const out: { removed: PhraseRule | null } = { removed: null };
      await updateRules(c, (list) => {
        const r = removeRule(list, id);
        out.removed = r.removed;
        return r.rules;
      });
      return out.removed;
    },
    async restorePhraseRule(rule) {
      await updateRules(c, (list) => restoreRule(list, rule));
    },

    async loadSavedArticles() {
      const { value, problems, unreadable } = await loadArticles(c);
      return { value, problems, unreadable };
    },
    saveArticle: (article) => saveArticleIn(c, article),
    removeArticle: (id) => removeArticleIn(c, id),
    updateArticleIndex: (articles) => updateArticleIndexIn(c, articles),

    async exportBackup() {
      const { contents, problems } = await loadEverything(c);
      const at = c.now();
      return { text: buildBackup(contents, at), fileName: backupFileName(at), problems };
    },
    async checkImport(text) {
      const parsed = parseBackup(text);
      if (!parsed.ok) return parsed;
      const { contents } = await loadEverything(c);
      return { ok: true, backup: parsed.backup, preview: previewImport(contents, parsed.backup) };
    },
    applyImport: (backup) => applyImportIn(c, backup),

    listCorrupt: () => listCorruptIn(c),
    async removeCorrupt(key) {
      if (!key.startsWith(KEYS.corruptPrefix)) throw new Error(`not a kept-aside key: ${key}`);
      try {
        await c.area.remove(key);
      } catch (err) {
        throw new StorageWriteError(`Could not remove the copy: ${describeError(err)}.`, err);
      }
    },
    onUserDataChanged: (cb) => onUserDataChangedIn(c, cb),
  };
}

/** Storage logic over any area: the extension binds it to storage.local below; tests bind it to a fake. */
export function createStorage(area: StorageArea, events?: StorageChangeEvents, options: StorageOptions = {}): BackstoryStorage {
  return storeOver(makeCtx(area, events, options));
}

// ---------------------------------------------------------------------------------------------------------------
// The extension's store (storage.local through webextension-polyfill), created on first use. The module-level
// functions call the plain functions directly, so a content script bundles only what it uses.

let defaultCtx: Ctx | null = null;
let defaultStore: BackstoryStorage | null = null;

function extCtx(): Ctx {
  defaultCtx ??= makeCtx(browser.storage.local as StorageArea, browser.storage.onChanged as StorageChangeEvents, {});
  return defaultCtx;
}

/** The whole store API over storage.local (options page, background); tests build their own with createStorage(fake). */
export function extensionStorage(): BackstoryStorage {
  defaultStore ??= storeOver(extCtx());
  return defaultStore;
}

/** Loads settings; on problems the raw stored value is copied to a `corrupt:settings:<time>` key once and the problems are returned. */
export function loadSettings(): Promise<LoadedSettings> {
  return loadSettingsIn(extCtx());
}

/** Lists raw values kept aside because they could not be read. */
export function listCorruptSettings(): Promise<Array<{ key: string; value: unknown }>> {
  return listCorruptSettingsIn(extCtx());
}

/** Applies a change to the current settings; a failed write (e.g. quota) rejects and leaves the stored value as it was. */
export function updateSettings(change: (s: Settings) => Settings): Promise<Settings> {
  return updateSettingsIn(extCtx(), change);
}

/** Calls back with fresh settings whenever they change in any context; returns a stop function. */
export function onSettingsChanged(cb: (s: Settings) => void): () => void {
  return onSettingsChangedIn(extCtx(), cb);
}

/** Personal entities and phrase rules for the content script's index (read-only, two keys). */
export function loadMatchData(): Promise<{ entities: PersonalEntity[]; phrases: PhraseRule[]; problems: string[] }> {
  return loadMatchDataIn(extCtx());
}

/** The reader's saved articles, newest saved first (the popup's "Also in your saved articles"). */
export async function loadSavedArticles(): Promise<LoadedArticles> {
  const { value, problems, unreadable } = await loadArticles(extCtx());
  return { value, problems, unreadable };
}

/** Calls back with the kinds of user data that changed in any context ('entities' | 'rules' | 'articles'); returns a stop function. */
export function onUserDataChanged(cb: (kinds: ReadonlySet<UserDataKind>) => void): () => void {
  return onUserDataChangedIn(extCtx(), cb);
}

// ---------------------------------------------------------------------------------------------------------------
// The published page catalog (derived data; see the layout above)

function asPublished(v: unknown): PublishedIndex | null {
  if (typeof v !== 'object' || v === null) return null;
  const p = v as Partial<PublishedIndex>;
  // The index itself is checked by loadIndex, which throws on anything stale or corrupt.
  return typeof p.version === 'string' && typeof p.key === 'string' && typeof p.index === 'object' && p.index !== null && Array.isArray(p.entities) ? (p as PublishedIndex) : null;
}

/** The catalog the background last published, or null when there is none or it is not one. */
export async function loadPublishedIndex(): Promise<PublishedIndex | null> {
  return asPublished(await getKey(extCtx(), KEYS.matchIndex));
}

/** Publishes the page catalog for every tab; a failed write rejects (pages then ask the background directly). */
export async function savePublishedIndex(p: PublishedIndex): Promise<void> {
  await extCtx().area.set({ [KEYS.matchIndex]: p });
}

/** Calls `cb` with each newly published catalog. */
export function onPublishedIndexChanged(cb: (p: PublishedIndex) => void): () => void {
  const c = extCtx();
  return listen(c, (changes, area) => {
    if (area !== c.areaName || !(KEYS.matchIndex in changes)) return;
    const p = asPublished(changes[KEYS.matchIndex]?.newValue);
    if (p) cb(p);
  });
}
