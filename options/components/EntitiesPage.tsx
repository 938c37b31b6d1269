// The reader's entities: the list with edit and delete (undoable), the add form (pre-filled from a selection), and aliases that will not be highlighted.
import { useState } from 'preact/hooks';
import { typeLabel } from '../../src/format';
import type { DroppedAlias, PersonalEntity, PersonalEntityDraft } from '../../src/userdata';
import { EntityForm, type EntityChoice } from './EntityForm';

export interface EntitiesPageProps {
  entities: readonly PersonalEntity[];
  choices: readonly EntityChoice[];
  /** Aliases of the reader's entities that another entity already claims (from mergeIndexEntities). */
  dropped: readonly DroppedAlias[];
  /** A phrase to start a new entity with (options.html?add=…). */
  addText: string | null;
  onSave(draft: PersonalEntityDraft): Promise<void>;
  onDelete(entity: PersonalEntity): void;
}

type Editing = { kind: 'none' } | { kind: 'add'; draft: PersonalEntityDraft } | { kind: 'edit'; id: string };

export function EntitiesPage(p: EntitiesPageProps) {
  const [editing, setEditing] = useState<Editing>(() =>
    p.addText !== null ? { kind: 'add', draft: { name: p.addText, type: 'person', aliases: [] } } : { kind: 'none' },
  );
  const names = new Map(p.choices.map((c) => [c.id, c.name]));
  const save = async (draft: PersonalEntityDraft) => {
    await p.onSave(draft);
    setEditing({ kind: 'none' });
  };

  return (
    <section class="page entities-page" data-testid="entities-page" aria-labelledby="entities-title">
      <div class="page-head">
        <h2 id="entities-title">Your entities ({p.entities.length})</h2>
        {editing.kind === 'none' && (
          <button type="button" class="primary" onClick={() => setEditing({ kind: 'add', draft: { name: '', type: 'person', aliases: [] } })}>
            Add an entity
          </button>
        )}
      </div>
      <p class="meta">
        People, organisations, places or topics you follow. Backstory highlights them on every page, like the entities it ships
        with. Tip: select a phrase on a page and choose “Add to Backstory…” from the context menu.
      </p>
      {editing.kind === 'add' && <EntityForm initial={editing.draft} choices={p.choices} onSave={save} onCancel={() => setEditing({ kind: 'none' })} />}
      {p.entities.length === 0 && editing.kind !== 'add' && <p class="muted">You have not added any entities yet.</p>}
      <ul class="entity-rows">
        {p.entities.map((e) =>
          editing.kind === 'edit' && editing.id === e.id ? (
            <li key={e.id} data-entity-id={e.id}>
              <EntityForm
                initial={{ id: e.id, name: e.name, type: e.type, aliases: e.aliases.map((a) => a.text).filter((t) => t !== e.name), note: e.note, related: e.related }}
                choices={p.choices}
                onSave={save}
                onCancel={() => setEditing({ kind: 'none' })}
              />
            </li>
          ) : (
            <li key={e.id} data-entity-id={e.id} class={`entity-row type-${e.type}`}>
              <div class="entity-main">
                <strong class="name">{e.name}</strong> <span class="type">{typeLabel(e.type)}</span>
                {e.aliases.length > 1 && (
                  <div class="meta">
                    also:{' '}
                    {e.aliases
                      .map((a) => a.text)
                      .filter((t) => t !== e.name)
                      .join(', ')}
                  </div>
                )}
                {e.note && <p class="note">{e.note}</p>}
                {e.related.length > 0 && (
                  <div class="meta">
                    {e.related.map((r, i) => (
                      <span key={r.id}>
                        {i > 0 ? '; ' : ''}
                        {r.relation} {names.get(r.id) ?? r.id}
                      </span>
                    ))}
                  </div>
                )}
                {p.dropped
                  .filter((d) => d.entityId === e.id)
                  .map((d) => (
                    <p key={d.alias} class="notice warn" data-testid="dropped-alias">
                      “{d.alias}” is not highlighted as {e.name}: it is already {d.claimedBy.bundled ? 'an alias of' : 'an alias of your entity'} {d.claimedBy.name}.
                    </p>
                  ))}
              </div>
              <div class="entity-actions">
                <button type="button" class="link" onClick={() => setEditing({ kind: 'edit', id: e.id })} aria-label={`Edit ${e.name}`}>
                  Edit
                </button>
                <button type="button" class="link danger" onClick={() => p.onDelete(e)} aria-label={`Delete ${e.name}`}>
                  Delete
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}
