// Settings: which entity types to highlight, highlight style, renderer, hover card, badge and theme.
import { typeLabel } from '../../src/format';
import type { Settings } from '../../src/settings';
import { ENTITY_TYPES } from '../../src/types';

export function SettingsPanel(p: { settings: Settings; entityName?(id: string): string; onChange(fn: (s: Settings) => Settings): void }) {
  const s = p.settings;
  const set = <K extends keyof Settings>(k: K, v: Settings[K]) => p.onChange((cur) => ({ ...cur, [k]: v }));
  return (
    <details class="settings">
      <summary>Settings</summary>
      <fieldset>
        <legend>Highlight</legend>
        {ENTITY_TYPES.map((t) => (
          <label class="check">
            <input
              type="checkbox"
              checked={s.enabledTypes.includes(t)}
              // Toggled against the stored settings, not this render's copy: a second click before the popup re-renders must undo the first.
              onChange={() =>
                p.onChange((cur) => ({ ...cur, enabledTypes: cur.enabledTypes.includes(t) ? cur.enabledTypes.filter((x) => x !== t) : [...cur.enabledTypes, t] }))
              }
            />
            {typeLabel(t, true)}
          </label>
        ))}
      </fieldset>
      <label class="row">
        Style
        <select value={s.highlightStyle} onChange={(e) => set('highlightStyle', (e.currentTarget as HTMLSelectElement).value as Settings['highlightStyle'])}>
          <option value="underline">Underline</option>
          <option value="background">Background</option>
        </select>
      </label>
      <label class="row">
        Renderer
        <select value={s.renderMode} onChange={(e) => set('renderMode', (e.currentTarget as HTMLSelectElement).value as Settings['renderMode'])}>
          <option value="auto">Automatic (paint where supported)</option>
          <option value="paint">Paint (no page changes)</option>
          <option value="wrap">Wrap (compatibility)</option>
        </select>
      </label>
      <label class="row">
        Theme
        <select value={s.theme} onChange={(e) => set('theme', (e.currentTarget as HTMLSelectElement).value as Settings['theme'])}>
          <option value="system">System</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <label class="check">
        <input type="checkbox" checked={s.hoverCard} onChange={() => p.onChange((cur) => ({ ...cur, hoverCard: !cur.hoverCard }))} />
        Hover card
      </label>
      <label class="check">
        <input type="checkbox" checked={s.badge} onChange={() => p.onChange((cur) => ({ ...cur, badge: !cur.badge }))} />
        Toolbar badge
      </label>
      {s.siteRules.length > 0 && (
        <fieldset>
          <legend>Ignored on sites</legend>
          <ul class="rules">
            {s.siteRules.map((r) => (
              <li>
                {/* <bdi>: an unclosed U+202E in a name must not reverse "on <site> Undo". */}
                <bdi>{p.entityName?.(r.entityId) ?? r.entityId}</bdi> on <bdi>{r.site}</bdi>{' '}
                <button
                  type="button"
                  class="link"
                  onClick={() => p.onChange((cur) => ({ ...cur, siteRules: cur.siteRules.filter((x) => !(x.site === r.site && x.entityId === r.entityId)) }))}
                >
                  Undo
                </button>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </details>
  );
}
