// Loads the bundled background dataset once per worker life (a packaged file, never copied into storage) and answers lookups.
import browser from 'webextension-polyfill';
import type { EntityCard } from '../src/messages';
import type { DatasetBundle, EntityRecord } from '../src/types';

let loading: Promise<{ bundle: DatasetBundle; byId: Map<string, EntityRecord> }> | null = null;

export function loadDataset(): Promise<{ bundle: DatasetBundle; byId: Map<string, EntityRecord> }> {
  loading ??= fetch(browser.runtime.getURL('data/dataset.json'))
    .then((r) => {
      if (!r.ok) throw new Error(`data/dataset.json: HTTP ${r.status}`);
      return r.json() as Promise<DatasetBundle>;
    })
    .then((bundle) => ({ bundle, byId: new Map(bundle.entities.map((e) => [e.id, e])) }))
    .catch((err: unknown) => {
      loading = null;
      throw err;
    });
  return loading;
}

export async function entityCard(entityId: string): Promise<EntityCard | null> {
  const { byId } = await loadDataset();
  const e = byId.get(entityId);
  if (!e) return null;
  return { id: e.id, name: e.name, type: e.type, summary: e.summary, facts: e.facts.slice(0, 2) };
}
