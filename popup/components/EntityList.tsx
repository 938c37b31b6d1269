// The entities found on this tab, grouped by type, each with its mention count (the reader's own marked); selecting one opens its background.
import { typeLabel } from '../../src/format';
import type { PageState } from '../../src/messages';
import { ENTITY_TYPES } from '../../src/types';
import { MineBadge } from './MineBadge';

export function EntityList(p: { state: PageState; isPersonal(id: string): boolean; onSelect(id: string): void }) {
  const groups = ENTITY_TYPES.map((t) => ({ type: t, items: p.state.entities.filter((e) => e.type === t) })).filter((g) => g.items.length > 0);
  if (groups.length === 0) return null;
  return (
    <nav class="entity-list" aria-label="Entities on this page">
      {groups.map((g) => (
        <section key={g.type}>
          <h2>{typeLabel(g.type, true)}</h2>
          <ul>
            {g.items.map((e) => (
              <li key={e.id} data-entity-id={e.id}>
                <button type="button" class={`entity type-${e.type}`} onClick={() => p.onSelect(e.id)}>
                  <span class="name">{e.name}</span>
                  {p.isPersonal(e.id) && <MineBadge short />}
                  <span class="count" aria-label={`${e.count} mentions`}>
                    {e.count}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
