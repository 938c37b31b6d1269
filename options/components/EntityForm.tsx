// The add/edit form of a personal entity: name, type, other spellings, a note and links to other entities; shows every validation problem at once.
import { useState } from 'preact/hooks';
import { typeLabel } from '../../src/format';
import { ENTITY_TYPES, type EntityType } from '../../src/types';
import { LIMITS, UserDataError, type PersonalEntityDraft } from '../../src/userdata';

export interface EntityChoice {
  id: string;
  name: string;
  type: EntityType;
  personal: boolean;
}

export interface EntityFormProps {
  initial: PersonalEntityDraft;
  /** Entities a link may point at (the one being edited is left out here). */
  choices: readonly EntityChoice[];
  onSave(draft: PersonalEntityDraft): Promise<void>;
  onCancel(): void;
}

function errorsOf(err: unknown): string[] {
  if (err instanceof UserDataError) return err.problems;
  return [err instanceof Error ? err.message : String(err)];
}

export function EntityForm(p: EntityFormProps) {
  const editing = p.initial.id !== undefined;
  const [name, setName] = useState(p.initial.name);
  const [type, setType] = useState(p.initial.type);
  const [aliases, setAliases] = useState(p.initial.aliases.join('\n'));
  const [note, setNote] = useState(p.initial.note ?? '');
  const [related, setRelated] = useState(p.initial.related ?? []);
  const [linkId, setLinkId] = useState('');
  const [linkLabel, setLinkLabel] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const byId = new Map(p.choices.map((c) => [c.id, c]));
  const prefix = editing ? 'edit' : 'add';

  const submit = (ev: Event) => {
    ev.preventDefault();
    if (busy) return;
    setBusy(true);
    const draft: PersonalEntityDraft = {
      ...(p.initial.id !== undefined ? { id: p.initial.id } : {}),
      name,
      type,
      aliases: aliases.split('\n'),
      note,
      related,
    };
    p.onSave(draft).then(
      () => setBusy(false),
      (err: unknown) => {
        setErrors(errorsOf(err));
        setBusy(false);
      },
    );
  };

  const addLink = () => {
    if (!linkId || related.some((r) => r.id === linkId)) return;
    setRelated([...related, { id: linkId, relation: linkLabel.trim() || 'related to' }]);
    setLinkId('');
    setLinkLabel('');
  };

  return (
    <form class="entity-form" data-testid="entity-form" onSubmit={submit} aria-label={editing ? `Edit ${p.initial.name}` : 'Add an entity'}>
      <h3>{editing ? `Edit “${p.initial.name}”` : 'Add an entity'}</h3>
      {errors.length > 0 && (
        <ul class="notice error" role="alert" data-testid="form-errors">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div class="row">
        <label for={`${prefix}-name`}>Name</label>
        <input id={`${prefix}-name`} name="name" required maxLength={LIMITS.nameLength} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <div class="row">
        <label for={`${prefix}-type`}>Type</label>
        <select id={`${prefix}-type`} name="type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
          {ENTITY_TYPES.map((t) => (
            <option key={t} value={t}>
              {typeLabel(t)}
            </option>
          ))}
        </select>
      </div>
      <div class="row">
        <label for={`${prefix}-aliases`}>
          Other spellings <span class="meta">(one per line; the name is always highlighted)</span>
        </label>
        <textarea id={`${prefix}-aliases`} name="aliases" rows={3} value={aliases} onInput={(e) => setAliases(e.currentTarget.value)} />
      </div>
      <div class="row">
        <label for={`${prefix}-note`}>
          Note <span class="meta">(shown as its background)</span>
        </label>
        <textarea id={`${prefix}-note`} name="note" rows={3} maxLength={LIMITS.noteLength} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </div>
      <fieldset class="links">
        <legend>Related entities</legend>
        {related.length > 0 && (
          <ul>
            {related.map((r) => (
              <li key={r.id} data-related-id={r.id}>
                <span class="relation">{r.relation}</span> {byId.get(r.id)?.name ?? r.id}{' '}
                <button type="button" class="link" aria-label={`Remove the link to ${byId.get(r.id)?.name ?? r.id}`} onClick={() => setRelated(related.filter((x) => x.id !== r.id))}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <div class="link-row">
          <label class="sr-only" for={`${prefix}-link-label`}>
            Relation
          </label>
          <input id={`${prefix}-link-label`} placeholder="relation, e.g. adviser to" maxLength={LIMITS.relationLength} value={linkLabel} onInput={(e) => setLinkLabel(e.currentTarget.value)} />
          <label class="sr-only" for={`${prefix}-link-id`}>
            Entity
          </label>
          <select id={`${prefix}-link-id`} value={linkId} onChange={(e) => setLinkId(e.currentTarget.value)}>
            <option value="">Choose an entity…</option>
            {['Yours', 'Bundled'].map((group) => (
              <optgroup key={group} label={group}>
                {p.choices
                  .filter((c) => c.personal === (group === 'Yours') && c.id !== p.initial.id && !related.some((r) => r.id === c.id))
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
          <button type="button" onClick={addLink} disabled={!linkId}>
            Add link
          </button>
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {editing ? 'Save changes' : 'Add entity'}
        </button>
        <button type="button" onClick={p.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
