// The reader's settings: defaults, schema version, numbered migrations and a parser that never silently drops what it cannot read.
import { ENTITY_TYPES, type EntityType } from './types';
import type { RenderMode } from './messages';

export const SETTINGS_VERSION = 1;

export type Theme = 'system' | 'light' | 'dark';
export type HighlightStyle = 'underline' | 'background';

export interface Settings {
  version: number;
  /** Global pause: no highlighting anywhere. */
  paused: boolean;
  /** Hostnames where the reader switched Backstory off. */
  disabledSites: string[];
  renderMode: RenderMode | 'auto';
  enabledTypes: EntityType[];
  highlightStyle: HighlightStyle;
  hoverCard: boolean;
  badge: boolean;
  theme: Theme;
  /** "Ignore on this site": entities the reader does not want highlighted on one site. */
  siteRules: SiteRule[];
}

export interface SiteRule {
  site: string;
  entityId: string;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  version: SETTINGS_VERSION,
  paused: false,
  disabledSites: [],
  renderMode: 'auto',
  enabledTypes: [...ENTITY_TYPES],
  highlightStyle: 'underline',
  hoverCard: true,
  badge: true,
  theme: 'system',
  siteRules: [],
});

/** A fresh mutable copy of the defaults. */
export function defaultSettings(): Settings {
  return { ...DEFAULT_SETTINGS, disabledSites: [], enabledTypes: [...ENTITY_TYPES], siteRules: [] };
}

export interface ParsedSettings {
  settings: Settings;
  /** Problems found; when non-empty the raw value must be kept aside by the caller, never overwritten silently. */
  problems: string[];
}

type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

/** Numbered migrations: MIGRATIONS[n] turns version n into n+1. Each is pure and idempotent. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = Object.freeze({
  // Version 0 was the unversioned prototype shape ({ enabled: boolean }); kept so old installs keep their pause state.
  0: (raw) => {
    const { enabled, ...rest } = raw;
    return { ...rest, paused: typeof enabled === 'boolean' ? !enabled : rest.paused, version: 1 };
  },
});

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const pick = <T>(ok: (v: unknown) => v is T) => ok;
const isBool = pick((v): v is boolean => typeof v === 'boolean');
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): v is T =>
    typeof v === 'string' && (values as readonly string[]).includes(v);

/** Parses stored settings of any earlier version; unknown or invalid fields fall back to defaults and are reported. */
export function parseSettings(raw: unknown): ParsedSettings {
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings: defaultSettings(), problems };
  if (!isRecord(raw)) {
    return { settings: defaultSettings(), problems: ['settings: not an object'] };
  }
  let data: Record<string, unknown> = { ...raw };
  let version = typeof data.version === 'number' && Number.isInteger(data.version) ? data.version : 0;
  if (version > SETTINGS_VERSION) {
    problems.push(`settings.version: ${version} is newer than this extension understands (${SETTINGS_VERSION})`);
  }
  while (version < SETTINGS_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) {
      problems.push(`settings.version: no migration from ${version}`);
      break;
    }
    data = step(data);
    version += 1;
  }
  const out: Settings = defaultSettings();
  const field = <K extends keyof Settings>(key: K, ok: (v: unknown) => boolean) => {
    if (!(key in data)) return;
    if (ok(data[key])) out[key] = data[key] as Settings[K];
    else problems.push(`settings.${key}: invalid value ${JSON.stringify(data[key])?.slice(0, 60)}`);
  };
  field('paused', isBool);
  field('hoverCard', isBool);
  field('badge', isBool);
  field('renderMode', oneOf(['auto', 'paint', 'wrap'] as const));
  field('highlightStyle', oneOf(['underline', 'background'] as const));
  field('theme', oneOf(['system', 'light', 'dark'] as const));
  field('disabledSites', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 253));
  field('enabledTypes', (v) => Array.isArray(v) && v.every(oneOf(ENTITY_TYPES)));
  field('siteRules', (v) => Array.isArray(v) && v.every((r) => isRecord(r) && typeof r.site === 'string' && typeof r.entityId === 'string'));
  out.disabledSites = [...new Set(out.disabledSites)];
  out.enabledTypes = [...new Set(out.enabledTypes)];
  return { settings: out, problems };
}

/** The host a per-site switch applies to ("www." is dropped so both forms share one switch). */
export function siteKey(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** Entities the reader chose to ignore on the site of `url`. */
export function ignoredOnSite(settings: Settings, url: string): Set<string> {
  const key = siteKey(url);
  return new Set(settings.siteRules.filter((r) => r.site === key).map((r) => r.entityId));
}

export function isSiteEnabled(settings: Settings, url: string): boolean {
  const key = siteKey(url);
  return key !== null && !settings.disabledSites.includes(key);
}
