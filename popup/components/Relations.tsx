// How the entities on this page relate: catalog links read as chains ("Lukashenko — leads — Belarus — member of — CSTO") and co-mentions; names select an entity.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
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
  /** Lines shown of each list before "Show all"; default 5. */
  limit?: number;
}

const LINE = { margin: '4px 0', lineHeight: 1.5 } as const;

export function Relations(p: RelationsProps) {
  const [all, setAll] = useState(false);
  const { chains, coMentions } = p.relations;
  if (chains.length === 0 && coMentions.length === 0) return null;
  const limit = p.limit ?? 5;
  const shownChains = all ? chains : chains.slice(0, limit);
  const shownPairs = all ? coMentions : coMentions.slice(0, limit);
  const hidden = chains.length - shownChains.length + coMentions.length - shownPairs.length;
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
          {shownChains.map((c) => (
            <li key={c.nodes.join('>')} data-testid="relation-chain" style={LINE}>
              {c.nodes.map((id, i) => (
                <Fragment key={id}>
                  {/* <bdi>: an unclosed U+202E in a relation label must not reverse the rest of the chain. */}
                  {i > 0 && (
                    <span class="relation">
                      {' — '}
                      <bdi>{c.labels[i - 1]}</bdi>
                      {' — '}
                    </span>
                  )}
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
            {shownPairs.map((m) => (
              <li key={`${m.a}+${m.b}`} data-testid="co-mention" style={LINE}>
                {node(m.a)} <span class="relation">and</span> {node(m.b)}{' '}
                <span class="meta">
                  in {m.paragraphs} {m.paragraphs === 1 ? 'paragraph' : 'paragraphs'}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {(hidden > 0 || all) && (
        <button type="button" class="link" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all (${hidden} more)`}
        </button>
      )}
    </section>
  );
}
