// Top of the popup: this page's summary and state, the per-site switch and the global pause.
import { pageSummary } from '../../src/format';
import type { Settings } from '../../src/settings';
import type { PageInfo } from '../use-popup-data';

export interface PageHeaderProps {
  page: PageInfo;
  settings: Settings | null;
  site: string | null;
  onTogglePause(): void;
  onToggleSite(): void;
  onRequestAccess(): void;
}

export function PageHeader(p: PageHeaderProps) {
  const siteOn = p.site !== null && p.settings !== null && !p.settings.disabledSites.includes(p.site);
  return (
    <header class="page-header">
      <div class="brand">
        <strong>Backstory</strong>
        <span id="page-summary" class="summary" aria-live="polite">
          {summaryText(p.page, p.settings)}
        </span>
      </div>
      {p.page.kind === 'no-access' && (
        <button type="button" class="primary" onClick={p.onRequestAccess}>
          Allow Backstory on {p.site ?? 'this site'}
        </button>
      )}
      {p.settings && (
        <div class="switches">
          {p.site && (
            <label class="switch">
              <input type="checkbox" role="switch" checked={siteOn} onChange={p.onToggleSite} disabled={p.settings.paused} />
              <span>On {p.site}</span>
            </label>
          )}
          <label class="switch">
            <input type="checkbox" role="switch" checked={p.settings.paused} onChange={p.onTogglePause} />
            <span>Pause everywhere</span>
          </label>
        </div>
      )}
    </header>
  );
}

function summaryText(page: PageInfo, settings: Settings | null): string {
  switch (page.kind) {
    case 'loading':
      return 'Reading this page…';
    case 'not-allowed':
      return 'Browsers do not let extensions read this page.';
    case 'no-access':
      return 'Backstory has no access to this site yet.';
    case 'error':
      return page.message;
    case 'ok': {
      const st = page.state.status;
      if (settings?.paused || st === 'paused') return 'Paused everywhere.';
      if (st === 'site-off') return 'Switched off on this site.';
      if (page.state.entities.length === 0) return 'No known entities on this page.';
      return pageSummary(page.state.entities.length, page.state.mentions);
    }
  }
}
