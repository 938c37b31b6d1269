// Runs Backstory on one page: picks a renderer, scans, observes changes, serves the popup's requests; start() returns stop().
import type { MatchIndex } from '../src/matcher';
import type { PageState, PageStatus, RenderMode } from '../src/messages';
import { ignoredOnSite, isSiteEnabled, siteKey, type Settings } from '../src/settings';
import type { EntityRef } from '../src/types';
import type { CardHost } from './card/host';
import { createHighlighter, type Highlighter } from './highlighter';
import { startHover, type Hover } from './hover';
import { mentionRect, type PageMention } from './mentions';
import { observePage, type PageObserver } from './observer';
import { createPaintRenderer, paintSupported } from './render-paint';
import { frameworkRegions } from './frameworks';
import { createMixedRenderer } from './render-mixed';
import { createWrapRenderer } from './render-wrap';
import { createShadowStyler, type ShadowStyler } from './shadow-style';

export interface AppDeps {
  /** The URL whose site the switches apply to: the page's, or for a same-origin iframe its top page's. */
  siteUrl(): string;
  catalog: Catalog;
  card: CardHost;
  reportState(state: PageState): void;
  loadCard: Parameters<typeof startHover>[0]['loadCard'];
  openEntity(id: string): void;
  ignoreOnSite(id: string): void;
  /** content.css as text, adopted by the open shadow roots we highlight in. */
  highlightCss: string;
}

/** What the page is matched against: the bundled catalog merged with the reader's own entities and rules. */
export interface Catalog {
  index: MatchIndex;
  /** Identifies the catalog (PublishedIndex.key). */
  key: string;
  indexBuildMs: number;
  entities: ReadonlyMap<string, EntityRef>;
}

export interface App {
  /** Swaps in a new catalog (the reader added an entity or a rule) and re-reads the page with it. */
  setCatalog(c: Catalog): void;
  /** Applies settings: starts, restarts or stops highlighting without a reload. */
  apply(settings: Settings): void;
  state(): PageState;
  /** The state once the current scan has finished (or after `maxWaitMs`), so readers never see half-counted pages. */
  settledState(maxWaitMs: number): Promise<PageState>;
  showMention(entityId: string): boolean;
  step(direction: 1 | -1): boolean;
  stop(): void;
}

export function createApp(d: AppDeps): App {
  let cat = d.catalog;
  let run: { highlighter: Highlighter; observer: PageObserver; hover: Hover; styler: ShadowStyler; mode: RenderMode; key: string; painted(): number } | null =
    null;
  let status: PageStatus = 'active';
  let settings: Settings | null = null;
  let current: PageMention | null = null;
  let reportTimer: ReturnType<typeof setTimeout> | null = null;
  let lastUrl = location.href;
  const hidden = new WeakMap<Text, Set<string>>();

  const state = (): PageState => {
    const counts = run ? run.highlighter.counts() : new Map<string, number>();
    const entities = [...counts.entries()]
      .map(([id, count]) => {
        const e = cat.entities.get(id);
        return { id, name: e?.name ?? id, type: e?.type ?? 'topic', count };
      })
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    return {
      url: location.href,
      status,
      mode: run?.mode ?? 'paint',
      entities,
      mentions: run ? run.highlighter.total() : 0,
      ...(run?.mode === 'wrap' ? { paintedInWrap: run.painted() } : {}),
      ...(run ? { perf: { ...run.highlighter.perf(), indexBuildMs: cat.indexBuildMs } } : {}),
    };
  };

  const scheduleReport = () => {
    if (reportTimer) return;
    reportTimer = setTimeout(() => {
      reportTimer = null;
      d.reportState(state());
    }, 150);
  };

  const stopRun = () => {
    if (!run) return;
    run.hover.stop();
    run.observer.stop();
    run.highlighter.stop();
    run.styler.stop();
    run = null;
    current = null;
  };

  const startRun = (s: Settings) => {
    const mode: RenderMode = s.renderMode === 'wrap' || (s.renderMode === 'auto' && !paintSupported()) ? 'wrap' : 'paint';
    const ignored = ignoredOnSite(s, d.siteUrl());
    const byNode = new Map<Text, PageMention[]>();
    const mixed =
      mode === 'wrap'
        ? createMixedRenderer(
            createWrapRenderer(s.highlightStyle),
            paintSupported() ? () => createPaintRenderer(s.highlightStyle, byNode) : null,
            frameworkRegions(document),
          )
        : null;
    const renderer = mixed ?? createPaintRenderer(s.highlightStyle, byNode);
    let observer: PageObserver | null = null;
    const styler = createShadowStyler(d.highlightCss);
    const highlighter = createHighlighter({
      index: cat.index,
      entities: cat.entities,
      renderer,
      enabledTypes: new Set(s.enabledTypes),
      ignored,
      hidden,
      byNode,
      onChange: scheduleReport,
      onShadowRoot: (sr) => {
        observer?.observeRoot(sr);
        styler.adopt(sr);
      },
      withOwnWrites: (fn) => (observer ? observer.withOwnWrites(fn) : fn()),
    });
    observer = observePage(document, {
      added: (n) => {
        checkUrl();
        // document.open() replaced the whole document and dropped every listener on it and its window: start afresh.
        if (n === document.documentElement && settings) {
          const s0 = settings;
          setTimeout(() => {
            if (run?.highlighter !== highlighter) return;
            stopRun();
            startRun(s0);
            scheduleReport();
          }, 0);
          return;
        }
        highlighter.scan(n);
      },
      removed: (n) => highlighter.forget(n),
      rescanAll: () => highlighter.scan(document),
      isOurs: (n) => renderer.owns(n) || d.card.contains(n),
      ...(mixed ? { repair: (records: readonly MutationRecord[]) => mixed.repair(records) } : {}),
    });
    const hover = startHover({
      highlighter,
      card: d.card,
      entityName: (id) => cat.entities.get(id)?.name ?? id,
      loadCard: d.loadCard,
      openEntity: d.openEntity,
      ignoreOnSite: d.ignoreOnSite,
    });
    d.card.setTheme(s.theme);
    run = { highlighter, observer, hover, styler, mode, key: runKey(s), painted: () => mixed?.paintedCount() ?? 0 };
    highlighter.scan(document);
  };

  // SPA navigation: the DOM swap is seen by the observer; the URL change makes the report fresh.
  const checkUrl = () => {
    if (location.href === lastUrl) return;
    lastUrl = location.href;
    scheduleReport();
  };
  const onPop = () => {
    checkUrl();
    if (run) run.highlighter.scan(document);
  };
  window.addEventListener('popstate', onPop);

  const move = (m: PageMention, announceText: string) => {
    if (!run) return;
    current = m;
    run.highlighter.setCurrent(m);
    const rect = mentionRect(m);
    if (rect && (rect.top < 0 || rect.bottom > window.innerHeight)) {
      window.scrollBy({ top: rect.top - window.innerHeight / 3, behavior: 'instant' as ScrollBehavior });
    }
    d.card.announce(announceText);
    if (settings?.hoverCard) run.hover.openAfterScroll(m);
  };

  return {
    setCatalog(c) {
      cat = c;
      if (!run || !settings) return;
      stopRun();
      startRun(settings);
      scheduleReport();
    },
    async settledState(maxWaitMs) {
      if (run) await Promise.race([run.highlighter.idle(), new Promise((r) => setTimeout(r, maxWaitMs))]);
      return state();
    },
    apply(s) {
      settings = s;
      d.card.setTheme(s.theme);
      const url = d.siteUrl();
      const next: PageStatus = siteKey(url) === null ? 'not-allowed' : s.paused ? 'paused' : isSiteEnabled(s, url) ? 'active' : 'site-off';
      status = next;
      if (next !== 'active') {
        stopRun();
        scheduleReport();
        return;
      }
      if (run && run.key === runKey(s)) return;
      stopRun();
      startRun(s);
      scheduleReport();
    },
    state,
    showMention(entityId) {
      if (!run) return false;
      const list = run.highlighter.ordered(entityId);
      if (list.length === 0) return false;
      const i = current && current.entityId === entityId ? list.indexOf(current) : -1;
      const m = list[(i + 1) % list.length]!;
      move(m, `${cat.entities.get(entityId)?.name ?? entityId}, mention ${(i + 1) % list.length + 1} of ${list.length}`);
      return true;
    },
    step(direction) {
      if (!run) return false;
      const list = run.highlighter.ordered();
      if (list.length === 0) return false;
      const i = current ? list.indexOf(current) : -1;
      const j = i < 0 ? (direction === 1 ? 0 : list.length - 1) : (i + direction + list.length) % list.length;
      const m = list[j]!;
      move(m, `${cat.entities.get(m.entityId)?.name ?? m.entityId}, mention ${j + 1} of ${list.length}`);
      return true;
    },
    stop() {
      window.removeEventListener('popstate', onPop);
      if (reportTimer) clearTimeout(reportTimer);
      stopRun();
    },
  };
}

function runKey(s: Settings): string {
  return JSON.stringify([s.renderMode, s.highlightStyle, s.enabledTypes, s.siteRules, s.hoverCard]);
}
