// The reader's own entities: validation of form drafts and stored records, ids, list edits, and the popup's record view.
import { ENTITY_TYPES, type AliasSpec, type EntityRecord, type EntityType, type Relation } from '../types';
import { aliasKey, cleanLine, cleanMultiline, hasLetterOrDigit, isRecord, preview } from './text';
import { LIMITS, PERSONAL_ID_PREFIX, UserDataError, type Parsed, type PersonalEntity, type PersonalEntityDraft } from './types';

const PERSONAL_ID = /^user:[a-z0-9][a-z0-9-]{0,79}$/;
/** Bundled ids (kebab-case) or personal ones: what a `related` link may point at. */
const ENTITY_ID = /^(?:user:)?[a-z0-9][a-z0-9-]{0,79}$/;
const DEFAULT_RELATION = 'related to';

export function isPersonalId(id: unknown): id is string {
  return typeof id === 'string' && PERSONAL_ID.test(id);
}

export function isEntityId(id: unknown): id is string {
  return typeof id === 'string' && ENTITY_ID.test(id);
}

/** Cleans one alias the reader typed; returns the text or why it cannot be used. */
export function checkAlias(raw: unknown): { text: string } | { error: string } {
  if (typeof raw !== 'string') return { error: `${preview(raw)} is not text` };
  // Checked before cleaning too: a 10 KB paste should not be normalised first just to be refused.
  if (raw.length > LIMITS.aliasLength * 4) return { error: `"${raw.slice(0, 30)}…" is longer than ${LIMITS.aliasLength} characters` };
  const text = cleanLine(raw);
  if (text === '') return { error: 'an alias is empty' };
  if (text.length > LIMITS.aliasLength) return { error: `"${text.slice(0, 30)}…" is longer than ${LIMITS.aliasLength} characters` };
  if (!hasLetterOrDigit(text)) return { error: `"${text}" has no letter or digit` };
  return { text };
}

function parseAliasSpec(raw: unknown): { spec: AliasSpec } | { error: string } {
  const text = typeof raw === 'string' ? raw : isRecord(raw) ? raw.text : raw;
  const checked = checkAlias(text);
  if ('error' in checked) return checked;
  const spec: AliasSpec = { text: checked.text };
  if (isRecord(raw)) {
    if (typeof raw.caseSensitive === 'boolean') spec.caseSensitive = raw.caseSensitive;
    if (raw.needsContext === true) spec.needsContext = true;
    if (raw.inflect === 'ru') spec.inflect = 'ru';
  }
  return { spec };
}

/** Aliases deduplicated the way the matcher compares them (first spelling wins). */
function dedupeAliases(specs: AliasSpec[]): AliasSpec[] {
  const seen = new Set<string>();
  return specs.filter((a) => {
    const k = aliasKey(a.text);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function parseRelated(raw: unknown, selfId: string, problems: string[], where: string): Relation[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push(`${where}.related: not a list`);
    return [];
  }
  const out: Relation[] = [];
  const seen = new Set<string>();
  for (const r of raw) {
    const id = isRecord(r) ? r.id : r;
    if (!isEntityId(id)) {
      problems.push(`${where}.related: ${preview(id)} is not an entity id`);
      continue;
    }
    if (id === selfId || seen.has(id)) continue;
    const label = isRecord(r) && typeof r.relation === 'string' ? cleanLine(r.relation).slice(0, LIMITS.relationLength) : '';
    seen.add(id);
    out.push({ id, relation: label || DEFAULT_RELATION });
  }
  if (out.length > LIMITS.relatedPerEntity) {
    problems.push(`${where}.related: more than ${LIMITS.relatedPerEntity} links; the rest are left out`);
    out.length = LIMITS.relatedPerEntity;
  }
  return out;
}

function timestamp(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : null;
}

/**
 * Reads one stored (or imported) personal entity. Missing essentials (id, name, type, any usable alias) reject the
 * record; a bad alias or link is left out. Every omission is reported so the caller keeps the raw value aside.
 */
export function parsePersonalEntity(raw: unknown, where: string): Parsed<PersonalEntity | null> {
  const problems: string[] = [];
  if (!isRecord(raw)) return { value: null, problems: [`${where}: not an object`] };
  const id = raw.id;
  if (!isPersonalId(id)) return { value: null, problems: [`${where}: id ${preview(id)} is not a personal id (user:…)`] };
  const at = `${where} (${id})`;
  const name = typeof raw.name === 'string' ? cleanLine(raw.name) : '';
  if (name === '' || name.length > LIMITS.nameLength || !hasLetterOrDigit(name)) {
    return { value: null, problems: [`${at}: name ${preview(raw.name)} is missing, too long or has no letter or digit`] };
  }
  if (typeof raw.type !== 'string' || !(ENTITY_TYPES as readonly string[]).includes(raw.type)) {
    return { value: null, problems: [`${at}: type ${preview(raw.type)} is not one of ${ENTITY_TYPES.join(', ')}`] };
  }
  if (!Array.isArray(raw.aliases)) return { value: null, problems: [`${at}: aliases is not a list`] };
  const specs: AliasSpec[] = [];
  for (const a of raw.aliases) {
    const r = parseAliasSpec(a);
    if ('error' in r) problems.push(`${at}: alias left out: ${r.error}`);
    else specs.push(r.spec);
  }
  let aliases = dedupeAliases(specs);
  if (aliases.length > LIMITS.aliasesPerEntity) {
    problems.push(`${at}: more than ${LIMITS.aliasesPerEntity} aliases; the rest are left out`);
    aliases = aliases.slice(0, LIMITS.aliasesPerEntity);
  }
  if (aliases.length === 0) return { value: null, problems: [...problems, `${at}: no usable alias`] };
  let note = '';
  if (raw.note !== undefined) {
    if (typeof raw.note !== 'string') problems.push(`${at}: note is not text`);
    else note = cleanMultiline(raw.note);
    if (note.length > LIMITS.noteLength) {
      problems.push(`${at}: note is longer than ${LIMITS.noteLength} characters and was cut`);
      note = note.slice(0, LIMITS.noteLength);
    }
  }
  const related = parseRelated(raw.related, id, problems, at);
  const createdAt = raw.createdAt === undefined ? 0 : timestamp(raw.createdAt);
  const updatedAt = raw.updatedAt === undefined ? createdAt : timestamp(raw.updatedAt);
  if (createdAt === null || updatedAt === null) problems.push(`${at}: createdAt/updatedAt are not timestamps`);
  const entity: PersonalEntity = {
    id,
    type: raw.type as EntityType,
    name,
    aliases,
    personal: true,
    note,
    related,
    createdAt: createdAt ?? 0,
    updatedAt: updatedAt ?? createdAt ?? 0,
  };
  return { value: entity, problems };
}

/** Reads a stored list: bad records are left out and reported; a repeated id keeps its first record; at most 1,000. */
export function parsePersonalEntities(raw: unknown, where = 'entities'): Parsed<PersonalEntity[]> {
  if (!Array.isArray(raw)) return { value: [], problems: [`${where}: not a list`] };
  const problems: string[] = [];
  const out: PersonalEntity[] = [];
  const ids = new Set<string>();
  raw.forEach((r, i) => {
    const { value, problems: p } = parsePersonalEntity(r, `${where}[${i}]`);
    problems.push(...p);
    if (!value) return;
    if (ids.has(value.id)) {
      problems.push(`${where}[${i}]: id ${value.id} appears twice; the later record is left out`);
      return;
    }
    ids.add(value.id);
    out.push(value);
  });
  if (out.length > LIMITS.personalEntities) {
    problems.push(`${where}: more than ${LIMITS.personalEntities} entities; the rest are left out`);
    out.length = LIMITS.personalEntities;
  }
  return { value: out, problems };
}

/** A new personal id: a readable slug of the name (when Latin) plus time and randomness. */
export function newPersonalId(name: string, now: number, random: () => number = Math.random): string {
  const slug = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  const tail = `${Math.max(0, Math.floor(now)).toString(36)}${Math.floor(random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`;
  return `${PERSONAL_ID_PREFIX}${slug ? `${slug}-` : ''}${tail}`;
}

/**
 * Turns the add/edit form into a valid entity, or throws UserDataError listing every problem. The name is always an
 * alias; the other lines are extra spellings. `existing` supplies the record being edited (kept id and createdAt).
 */
export function entityFromDraft(
  draft: PersonalEntityDraft,
  existing: readonly PersonalEntity[],
  now: number,
  random: () => number = Math.random,
): PersonalEntity {
  const problems: string[] = [];
  const name = cleanLine(typeof draft.name === 'string' ? draft.name.slice(0, LIMITS.nameLength * 4) : '');
  if (name === '') problems.push('Give the entity a name.');
  else if (name.length > LIMITS.nameLength) problems.push(`The name is longer than ${LIMITS.nameLength} characters.`);
  else if (!hasLetterOrDigit(name)) problems.push('The name needs at least one letter or digit.');
  if (!(ENTITY_TYPES as readonly string[]).includes(draft.type)) problems.push('Choose a type.');
  const specs: AliasSpec[] = name && problems.length === 0 ? [{ text: name }] : [];
  for (const a of draft.aliases) {
    if (typeof a === 'string' && a.trim() === '') continue;
    const r = checkAlias(a);
    if ('error' in r) problems.push(`Alias not accepted: ${r.error}.`);
    else specs.push({ text: r.text });
  }
  const aliases = dedupeAliases(specs);
  if (aliases.length > LIMITS.aliasesPerEntity) problems.push(`At most ${LIMITS.aliasesPerEntity} aliases per entity.`);
  const note = cleanMultiline(typeof draft.note === 'string' ? draft.note : '');
  if (note.length > LIMITS.noteLength) problems.push(`The note is longer than ${LIMITS.noteLength} characters.`);
  const before = draft.id !== undefined ? existing.find((e) => e.id === draft.id) : undefined;
  if (draft.id !== undefined && !before) problems.push('This entity no longer exists; it may have been deleted in another window.');
  if (!before && existing.length >= LIMITS.personalEntities) problems.push(`You already have ${LIMITS.personalEntities} entities, the most Backstory keeps.`);
  const id = before?.id ?? newPersonalId(name, now, random);
  const relProblems: string[] = [];
  const related = parseRelated(draft.related ?? [], id, relProblems, 'related');
  if (relProblems.length > 0) problems.push('Some related entities are not valid ids.');
  if (problems.length > 0) throw new UserDataError(problems[0]!, problems);
  return {
    id,
    type: draft.type as EntityType,
    name,
    aliases,
    personal: true,
    note,
    related,
    createdAt: before?.createdAt ?? now,
    updatedAt: now,
  };
}

/** The list with `entity` added, or replacing the record with its id (in place, so the list order is kept). */
export function upsertEntity(list: readonly PersonalEntity[], entity: PersonalEntity): PersonalEntity[] {
  const i = list.findIndex((e) => e.id === entity.id);
  if (i < 0) return [...list, entity];
  const out = [...list];
  out[i] = entity;
  return out;
}

/** The list without `id`, and the removed record (for undo). */
export function removeEntity(list: readonly PersonalEntity[], id: string): { list: PersonalEntity[]; removed: PersonalEntity | null } {
  const removed = list.find((e) => e.id === id) ?? null;
  return { list: list.filter((e) => e.id !== id), removed };
}

/** A personal entity in the shape of a bundled record, so the popup's background view can show it (the note is the summary). */
export function personalAsRecord(e: PersonalEntity): EntityRecord {
  return { id: e.id, type: e.type, name: e.name, aliases: e.aliases, personal: true, summary: e.note, facts: [], related: e.related };
}
