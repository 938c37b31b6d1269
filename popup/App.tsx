// The popup's UI composed from props only: page summary and switches, entities on this page, search, background view, settings.
import { useMemo, useState } from 'preact/hooks';
import type { Settings } from '../src/settings';
import type { DatasetBundle, EntityRecord } from '../src/types';
import { articleIdFor, isPersonalId, pageRelations, personalAsRecord, savedPassagesFor, type PersonalEntity, type SaveArticleResult, type SavedArticle } from '../src/userdata';
import { Relations } from './components/Relations';
import { SaveArticleButton } from './components/SaveArticleButton';
import { SavedPassages } from './components/SavedPassages';
import { EntityDetail } from './components/EntityDetail';
import { EntityList } from './components/EntityList';
import { PageHeader } from './components/PageHeader';
import { SearchResults } from './components/SearchResults';
import { SettingsPanel } from './components/SettingsPanel';
import { YourContext } from './components/YourContext';
import type { PageInfo } from './use-popup-data';

export interface AppProps {
  page: PageInfo;
  dataset: DatasetBundle | null;
  datasetError: string | null;
  settings: Settings | null;
  settingsProblems: string[];
  initialEntity: string | null;
  personal: PersonalEntity[];
  saved: SavedArticle[];
  onSaveArticle(): Promise<SaveArticleResult>;
  /** "Add to Backstory…": the options page's add form, with the tab's selected text when there is one. */
  onAddEntity(): Promise<{ ok: boolean }>;
  onOpenOptions(): void;
  site: string | null;
  onTogglePause(): void;
  onToggleSite(): void;
  onChangeSettings(fn: (s: Settings) => Settings): void;
  onShowOnPage(entityId: string): void;
  onRequestAccess(): void;
}

export function App(p: AppProps) {
  const [selected, setSelected] = useState<string | null>(p.initialEntity);
  const [query, setQuery] = useState('');
  const byId = useMemo(
    () => new Map<string, EntityRecord>([...(p.dataset?.entities ?? []), ...p.personal.map(personalAsRecord)].map((e) => [e.id, e])),
    [p.dataset, p.personal],
  );
  const pageCounts = p.page.kind === 'ok' ? new Map(p.page.state.entities.map((e) => [e.id, e.count])) : new Map<string, number>();
  const allEntities = useMemo(() => [...byId.values()], [byId]);
  const entity = selected && p.dataset ? byId.get(selected) ?? null : null;

  return (
    <main class="popup">
      <PageHeader page={p.page} settings={p.settings} site={p.site} onTogglePause={p.onTogglePause} onToggleSite={p.onToggleSite} onRequestAccess={p.onRequestAccess} />
      <YourContext onAddEntity={p.onAddEntity} onOpenOptions={p.onOpenOptions} />
      {p.settingsProblems.length > 0 && (
        <p class="notice warn" role="alert">
          Some stored settings could not be read and were kept aside unchanged; defaults are used for: {p.settingsProblems.join('; ')}
        </p>
      )}
      {p.datasetError && (
        <p class="notice error" role="alert">
          {p.datasetError}
        </p>
      )}
      <div class="search">
        <label for="search" class="sr-only">
          Search all entities
        </label>
        <input
          id="search"
          type="search"
          placeholder="Search people, places, events…"
          value={query}
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      {entity ? (
        <>
          <EntityDetail
            entity={entity}
            dataset={p.dataset!}
            onPage={pageCounts.get(entity.id) ?? 0}
            onBack={() => setSelected(null)}
            onSelect={setSelected}
            onShowOnPage={() => p.onShowOnPage(entity.id)}
          />
          <SavedPassages entityName={entity.name} passages={savedPassagesFor(entity.id, p.saved)} />
        </>
      ) : query.trim() ? (
        <SearchResults query={query} entities={allEntities} pageCounts={pageCounts} onSelect={setSelected} />
      ) : (
        p.page.kind === 'ok' && (
          <>
            <SaveArticleButton savedAt={p.saved.find((a) => a.id === articleIdFor(p.page.kind === 'ok' ? p.page.url : ''))?.savedAt ?? null} onSave={p.onSaveArticle} />
            <EntityList state={p.page.state} isPersonal={isPersonalId} onSelect={setSelected} />
            <Relations
              relations={pageRelations(
                p.page.state.entities.map((e) => e.id),
                { related: (id) => byId.get(id)?.related, passages: p.dataset?.passages ?? {}, saved: p.saved },
              )}
              entity={(id) => byId.get(id)}
              onSelect={setSelected}
            />
          </>
        )
      )}
      {p.settings && <SettingsPanel settings={p.settings} entityName={(id) => byId.get(id)?.name ?? id} onChange={p.onChangeSettings} />}
    </main>
  );
}
