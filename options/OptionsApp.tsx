// The options page: the reader's entities, rules, saved articles and backup over one storage interface (the extension's, or a fake in tests).
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { BackstoryStorage, CorruptEntry } from '../src/browser/storage';
import { defaultSettings, type Settings } from '../src/settings';
import type { IndexEntity } from '../src/types';
import {
  mergeIndexEntities,
  withSiteDisabled,
  withSiteRule,
  withoutSiteRule,
  type DroppedAlias,
  type PersonalEntity,
  type PhraseRule,
  type SavedArticle,
} from '../src/userdata';
import { BackupPage } from './components/BackupPage';
import { EntitiesPage } from './components/EntitiesPage';
import type { EntityChoice } from './components/EntityForm';
import { RulesPage } from './components/RulesPage';
import { SavedArticlesPage } from './components/SavedArticlesPage';
import { UndoBar, type PendingUndo } from './components/UndoBar';

export const SECTIONS = ['entities', 'rules', 'articles', 'backup'] as const;
export type Section = (typeof SECTIONS)[number];
const SECTION_LABELS: Record<Section, string> = { entities: 'Your entities', rules: 'Rules', articles: 'Saved articles', backup: 'Backup' };

export interface OptionsAppProps {
  store: BackstoryStorage;
  /** The bundled catalog (names, types, aliases), or null while loading / when it could not be read. */
  catalog: readonly IndexEntity[] | null;
  catalogError?: string | null;
  /** options.html?add=<text>: opens the add form with this name. */
  addText: string | null;
  initialSection: Section;
  download(fileName: string, text: string): void;
  onSectionChange?(s: Section): void;
  onReady?(): void;
}

interface Data {
  settings: Settings;
  entities: PersonalEntity[];
  phrases: PhraseRule[];
  articles: SavedArticle[];
  unreadable: string[];
  corrupt: CorruptEntry[];
  problems: string[];
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function OptionsApp(p: OptionsAppProps) {
  const { store } = p;
  const [section, setSection] = useState<Section>(p.addText !== null ? 'entities' : p.initialSection);
  // The ?add= text opens the form once: coming back to "Your entities" later shows the list, not that form again.
  const [addText, setAddText] = useState(p.addText);
  const [data, setData] = useState<Data | null>(null);
  const [pending, setPending] = useState<PendingUndo | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const [s, e, r, a] = await Promise.all([store.loadSettings(), store.loadPersonalEntities(), store.loadRules(), store.loadSavedArticles()]);
    // After the loads: they are what copies unreadable data aside.
    const c = await store.listCorrupt();
    setData({
      settings: s.settings,
      entities: e.value,
      phrases: r.value,
      articles: a.value,
      unreadable: a.unreadable,
      corrupt: c,
      problems: [...s.problems, ...e.problems, ...r.problems, ...a.problems],
    });
  }, [store]);

  useEffect(() => {
    reload().then(
      () => p.onReady?.(),
      (err: unknown) => setError(`Your data could not be read: ${message(err)}`),
    );
    // Edits from other windows, the popup, the background's re-indexing: the page always shows what is stored.
    const refresh = () => void reload().catch(() => undefined);
    const stopData = store.onUserDataChanged(refresh);
    const stopSettings = store.onSettingsChanged(refresh);
    return () => {
      stopData();
      stopSettings();
    };
  }, [store, reload]);

  /** Runs a write; its failure (e.g. storage full) is shown, and what is stored is re-read either way. */
  const run = (fn: () => Promise<unknown>, undo?: PendingUndo) =>
    fn().then(
      () => {
        setError(null);
        if (undo) setPending(undo);
        return reload();
      },
      (err: unknown) => {
        setError(message(err));
        return reload();
      },
    );

  const settings = data?.settings ?? defaultSettings();
  const choices = useMemo<EntityChoice[]>(() => {
    const mine = (data?.entities ?? []).map((e) => ({ id: e.id, name: e.name, type: e.type, personal: true }));
    const bundled = (p.catalog ?? []).map((e) => ({ id: e.id, name: e.name, type: e.type, personal: false }));
    return [...mine, ...bundled].sort((a, b) => a.name.localeCompare(b.name));
  }, [data?.entities, p.catalog]);
  const names = useMemo(() => new Map(choices.map((c) => [c.id, c.name])), [choices]);
  const entityName = (id: string) => names.get(id) ?? id;
  const dropped = useMemo<DroppedAlias[]>(
    () => (data && p.catalog ? mergeIndexEntities(p.catalog, data.entities, data.phrases).dropped : []),
    [data?.entities, data?.phrases, p.catalog],
  );

  const go = (s: Section) => {
    if (s !== section) setAddText(null);
    setSection(s);
    p.onSectionChange?.(s);
  };

  const changeSettings = (change: (s: Settings) => Settings, undo: (s: Settings) => Settings, message: string) =>
    run(() => store.updateSettings(change), { message, undo: () => store.updateSettings(undo).then(() => undefined) });

  return (
    <main class="options-page" data-ready={data ? 'true' : undefined}>
      <header class="options-head">
        <h1>Backstory</h1>
        <nav aria-label="Sections" class="tabs">
          {SECTIONS.map((s) => (
            <button key={s} type="button" class="tab" aria-current={section === s ? 'page' : undefined} data-section={s} onClick={() => go(s)}>
              {SECTION_LABELS[s]}
            </button>
          ))}
        </nav>
      </header>
      {error && (
        <p class="notice error" role="alert" data-testid="error">
          {error}
        </p>
      )}
      {p.catalogError && (
        <p class="notice warn" role="alert">
          {p.catalogError}
        </p>
      )}
      {data && data.problems.length > 0 && (
        <div class="notice warn" role="alert" data-testid="problems">
          <p>Some stored data could not be read. It was kept aside unchanged (see Backup → Kept aside):</p>
          <ul>
            {data.problems.slice(0, 10).map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </div>
      )}
      <UndoBar
        pending={pending}
        onDismiss={() => setPending(null)}
        onUndo={() => {
          const u = pending;
          setPending(null);
          if (u) void run(() => u.undo());
        }}
      />
      {!data ? (
        <p class="meta">Loading…</p>
      ) : section === 'entities' ? (
        <EntitiesPage
          entities={data.entities}
          choices={choices}
          dropped={dropped}
          addText={addText}
          onSave={async (draft) => {
            // Errors go back to the form, which lists them next to the fields.
            await store.saveEntityDraft(draft);
            setError(null);
            await reload();
          }}
          onDelete={(e) =>
            void run(() => store.deletePersonalEntity(e.id), { message: `Deleted “${e.name}”.`, undo: () => store.restorePersonalEntity(e) })
          }
        />
      ) : section === 'rules' ? (
        <RulesPage
          phrases={data.phrases}
          siteRules={settings.siteRules}
          disabledSites={settings.disabledSites}
          entityName={entityName}
          onAddPhrase={async (phrase) => {
            await store.addPhraseRule(phrase);
            await reload();
          }}
          onRemovePhrase={(r) => void run(() => store.removePhraseRule(r.id), { message: `Removed “${r.phrase}”.`, undo: () => store.restorePhraseRule(r) })}
          onRemoveSiteRule={(r, i) =>
            void changeSettings((s) => withoutSiteRule(s, r), (s) => withSiteRule(s, r, i), `${entityName(r.entityId)} is highlighted on ${r.site} again.`)
          }
          onEnableSite={(site) =>
            void changeSettings((s) => withSiteDisabled(s, site, false), (s) => withSiteDisabled(s, site, true), `Backstory is on again on ${site}.`)
          }
        />
      ) : section === 'articles' ? (
        <SavedArticlesPage
          articles={data.articles}
          unreadable={data.unreadable}
          entityName={entityName}
          onRemove={(a) =>
            void run(() => store.removeArticle(a.id), { message: `Removed “${a.title}”.`, undo: () => store.saveArticle(a) })
          }
          onRemoveUnreadable={(id) => void run(() => store.removeArticle(id))}
        />
      ) : (
        <BackupPage
          onExport={async () => {
            const r = await store.exportBackup();
            p.download(r.fileName, r.text);
            return r;
          }}
          onCheckImport={(text) => store.checkImport(text)}
          onApplyImport={async (backup) => {
            const preview = await store.applyImport(backup);
            await reload();
            return preview;
          }}
          corrupt={data.corrupt}
          onDownloadCorrupt={(c) => p.download(`backstory-kept-aside-${c.source.replace(/[^a-z0-9-]+/gi, '-')}-${c.time}.json`, `${JSON.stringify(c.value, null, 2)}\n`)}
          onRemoveCorrupt={(c) => run(() => store.removeCorrupt(c.key)).then(() => undefined)}
        />
      )}
    </main>
  );
}
