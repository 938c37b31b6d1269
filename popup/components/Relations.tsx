// How the entities on this page relate: catalog links read as chains ("Lukashenko — leads — Belarus — member of — CSTO") and co-mentions; names select an entity.
import { Fragment } from 'preact';
import { typeLabel } from '../../src/format';
import type { EntityType } from '../../src/types';
import type { PageRelations } from '../../src/userdata';

export interface RelationsProps {
  /** pageRelations(ids on this page, sources) from src/userdata. */
  relations: PageRelations;
  /** Display name and type of an id (bundled or personal); unknown ids show the id. */
  entity(id: string): { name: string; type: EntityType } | undefined;
  selected?: string | null;
  onSelect(id: string): void;
}

export function Relations(p: RelationsProps) {
  const { chains, coMentions } = p.relations;
  if (chains.length === 0 && coMentions.length === 0) return null;
  const node = (id: string) => {
    const e = p.entity(id);
    return (
      <button
        type="button"
        class={`link node type-${e?.type ?? 'topic'}`}
        data-entity-id={id}
        aria-current={p.selected === id ? 'true' : undefined}
        title={e ? typeLabel(e.type) : undefined}
        onClick={() => p.onSelect(id)}
      >
        {e?.name ?? id}
      </button>
    );
  };
  return (
    <section class="relations" data-testid="relations" aria-label="How these entities relate">
      <h3>How they relate</h3>
      {chains.length > 0 && (
        <ul class="chains">
          {chains.map((c) => (
            <li key={c.nodes.join('>')} data-testid="relation-chain">
              {c.nodes.map((id, i) => (
                <Fragment key={id}>
                  {i > 0 && <span class="relation"> — {c.labels[i - 1]} — </span>}
                  {node(id)}
                </Fragment>
              ))}
            </li>
          ))}
        </ul>
      )}
      {coMentions.length > 0 && (
        <>
          <h4 class="meta">Mentioned together</h4>
          <ul class="co-mentions">
            {coMentions.map((m) => (
              <li key={`${m.a}+${m.b}`} data-testid="co-mention">
                {node(m.a)} <span class="relation">and</span> {node(m.b)}{' '}
                <span class="meta">
                  in {m.paragraphs} {m.paragraphs === 1 ? 'paragraph' : 'paragraphs'}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
