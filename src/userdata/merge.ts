// Merges the reader's entities and phrase rules into the bundled match catalog so buildIndex never meets a clash.
import { inflectRu } from '../matcher';
import { isStopEntity } from '../stop-phrases';
import type { AliasSpec, IndexEntity } from '../types';
import { checkAlias, isPersonalId } from './entities';
import { blockedKeys } from './rules';
import { aliasKey, hasLetterOrDigit, hash53 } from './text';
import { LIMITS, type PersonalEntity, type PhraseRule } from './types';

export interface MergedIndex {
  entities: IndexEntity[];
  /** Readable notes on what was left out (alias clashes, bad records); "never highlight" removals are not problems. */
  problems: string[];
  /** The same alias clashes, structured, for UIs that show them next to the entity. */
  dropped: DroppedAlias[];
}

export interface DroppedAlias {
  entityId: string;
  alias: string;
  /** The entity that keeps the alias. */
  claimedBy: { id: string; name: string; bundled: boolean };
}

interface Claim {
  entityId: string;
  name: string;
  bundled: boolean;
  /** A stop phrase ("Washington Post"): it only exists to keep a shorter alias from matching inside it. */
  stop?: boolean;
}

function isBlocked(spec: AliasSpec, key: string, blocked: ReadonlySet<string>): boolean {
  if (blocked.size === 0) return false;
  if (blocked.has(key)) return true;
  // "Never highlight Макея" should also silence the alias Макей that generates it.
  return spec.inflect === 'ru' && inflectRu(spec.text.trim()).some((f) => blocked.has(aliasKey(f)));
}

/**
 * The catalog the content script indexes: bundled entities minus aliases the reader never wants highlighted, then the
 * reader's entities. A personal alias that another entity already claims (compared as the matcher compares aliases) is
 * dropped and reported — buildIndex would otherwise throw and nothing would be highlighted at all. The first personal
 * entity to claim an alias keeps it. Bundled entities are trusted as compiled; personal ones are re-checked here too.
 */
export function mergeIndexEntities(bundled: readonly IndexEntity[], personal: readonly PersonalEntity[], phraseRules: readonly PhraseRule[]): MergedIndex {
  // Nothing of the reader's: the bundled catalog as it is (its aliases were validated by the dataset build).
  if (personal.length === 0 && phraseRules.length === 0) return { entities: [...bundled], problems: [], dropped: [] };
  const problems: string[] = [];
  const dropped: DroppedAlias[] = [];
  const blocked = blockedKeys(phraseRules);
  const claims = new Map<string, Claim>();
  const ids = new Set<string>();
  const entities: IndexEntity[] = [];

  let stopAt = -1;
  for (const e of bundled) {
    ids.add(e.id);
    const stop = isStopEntity(e.id);
    if (stop) stopAt = entities.length;
    const kept: AliasSpec[] = [];
    for (const a of e.aliases) {
      const k = aliasKey(a.text);
      // "Never highlight X" must not remove the stop phrase X: that would let the alias inside it match again.
      if (!stop && isBlocked(a, k, blocked)) continue;
      kept.push(a);
      if (!claims.has(k)) claims.set(k, { entityId: e.id, name: e.name, bundled: true, ...(stop ? { stop } : {}) });
    }
    entities.push(kept.length === e.aliases.length ? e : { ...e, aliases: kept });
  }
  /** Stop phrases a personal alias took over (the reader's entity then wins the same text by longest match). */
  const released = new Set<string>();

  let count = 0;
  for (const p of personal) {
    if (!isPersonalId(p.id) || ids.has(p.id)) {
      problems.push(`Your entity "${String(p.name)}" has a missing or repeated id and is not highlighted.`);
      continue;
    }
    if (count >= LIMITS.personalEntities) {
      problems.push(`Only the first ${LIMITS.personalEntities} of your entities are highlighted.`);
      break;
    }
    ids.add(p.id);
    count++;
    const aliases: AliasSpec[] = [];
    for (const a of Array.isArray(p.aliases) ? p.aliases : []) {
      const text: unknown = a?.text;
      // Stored records were cleaned when read; here only what would make buildIndex throw is checked (cheap at start-up).
      if (typeof text !== 'string' || text.length > LIMITS.aliasLength || text.trim() === '' || !hasLetterOrDigit(text)) {
        const checked = checkAlias(text);
        problems.push(`"${p.name}": alias left out: ${'error' in checked ? checked.error : 'not usable'}.`);
        continue;
      }
      const spec: AliasSpec = { text };
      if (typeof a.caseSensitive === 'boolean') spec.caseSensitive = a.caseSensitive;
      if (a.needsContext === true) spec.needsContext = true;
      if (a.inflect === 'ru') spec.inflect = 'ru';
      const k = aliasKey(spec.text);
      if (isBlocked(spec, k, blocked)) continue;
      const other = claims.get(k);
      if (other?.stop) {
        released.add(k);
      } else if (other) {
        if (other.entityId !== p.id) {
          dropped.push({ entityId: p.id, alias: spec.text, claimedBy: { id: other.entityId, name: other.name, bundled: other.bundled } });
          problems.push(
            `"${spec.text}" is already an alias of ${other.bundled ? '' : 'your entity '}"${other.name}", so it is not highlighted as "${p.name}".`,
          );
        }
        continue;
      }
      claims.set(k, { entityId: p.id, name: p.name, bundled: false });
      aliases.push(spec);
    }
    entities.push({ id: p.id, type: p.type, name: p.name, aliases, personal: true });
  }
  const stopEntity = stopAt >= 0 ? entities[stopAt] : undefined;
  if (stopEntity && released.size > 0) entities[stopAt] = { ...stopEntity, aliases: stopEntity.aliases.filter((a) => !released.has(aliasKey(a.text))) };
  return { entities, problems, dropped };
}

/** A fingerprint of a merged catalog: saved articles indexed with a different one need re-indexing. */
export function indexFingerprint(entities: readonly IndexEntity[]): string {
  let s = '';
  for (const e of entities) {
    s += `${e.id}\u0001`;
    for (const a of e.aliases) s += `${a.text}\u0002${a.caseSensitive === undefined ? '' : a.caseSensitive ? 1 : 0}${a.needsContext ? 1 : 0}${a.inflect ?? ''}\u0003`;
  }
  return `${entities.length}-${hash53(s)}`;
}
