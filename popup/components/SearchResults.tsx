// Search over the whole dataset by name and alias (case- and accent-insensitive), also entities not on this page.
import { useMemo } from 'preact/hooks';
import { typeLabel } from '../../src/format';
import { foldForSearch } from '../../src/matcher';
import type { EntityRecord } from '../../src/types';
import { MineBadge } from './MineBadge';

/** `entities`: the bundled catalog and the reader's own entities. */
export function SearchResults(p: { query: string; entities: readonly EntityRecord[]; pageCounts: Map<string, number>; onSelect(id: string): void }) {
  const folded = useMemo(() => p.entities.map((e) => ({ e, keys: [e.name, ...e.aliases.map((a) => a.text)].map(foldForSearch) })), [p.entities]);
  const q = foldForSearch(p.query.trim());
  const hits = folded.filter((f) => f.keys.some((k) => k.includes(q))).map((f) => f.e);
  return (
    <section class="search-results" aria-label="Search results">
      {hits.length === 0 ? (
        <p class="muted">
          No entity matches “<bdi>{p.query}</bdi>”.
        </p>
      ) : (
        <ul>
          {hits.map((e) => (
            <li key={e.id} data-entity-id={e.id}>
              <button type="button" class={`entity type-${e.type}`} onClick={() => p.onSelect(e.id)}>
                <span class="name">{e.name}</span>
                {e.personal && <MineBadge short />}
                <span class="meta">{typeLabel(e.type)}</span>
                {(p.pageCounts.get(e.id) ?? 0) > 0 && <span class="count">{p.pageCounts.get(e.id)}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
