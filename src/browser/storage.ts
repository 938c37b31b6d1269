// The only module that touches extension storage: loads and saves settings, and keeps unreadable data aside instead of overwriting it.
import browser from 'webextension-polyfill';
import { defaultSettings, parseSettings, type Settings } from '../settings';

const SETTINGS_KEY = 'settings';
const CORRUPT_PREFIX = 'corrupt:settings:';

export interface LoadedSettings {
  settings: Settings;
  problems: string[];
}

/** Loads settings; on problems the raw stored value is copied to a `corrupt:settings:<time>` key once and the problems are returned. */
export async function loadSettings(): Promise<LoadedSettings> {
  let raw: unknown;
  try {
    raw = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  } catch (err) {
    return { settings: defaultSettings(), problems: [`storage: ${String(err)}`] };
  }
  const { settings, problems } = parseSettings(raw);
  if (problems.length > 0) {
    const all = await browser.storage.local.get(null).catch(() => ({}) as Record<string, unknown>);
    const already = Object.entries(all).some(([k, v]) => k.startsWith(CORRUPT_PREFIX) && JSON.stringify(v) === JSON.stringify(raw));
    if (!already) await browser.storage.local.set({ [`${CORRUPT_PREFIX}${Date.now()}`]: raw }).catch(() => undefined);
  }
  return { settings, problems };
}

/** Lists raw values kept aside because they could not be read. */
export async function listCorruptSettings(): Promise<Array<{ key: string; value: unknown }>> {
  const all = await browser.storage.local.get(null);
  return Object.entries(all)
    .filter(([k]) => k.startsWith(CORRUPT_PREFIX))
    .map(([key, value]) => ({ key, value }));
}

/** Applies a change to the current settings; a failed write (e.g. quota) rejects and leaves the stored value as it was. */
export async function updateSettings(change: (s: Settings) => Settings): Promise<Settings> {
  const { settings } = await loadSettings();
  const next = change(settings);
  await browser.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}

/** Calls back with fresh settings whenever they change in any context; returns a stop function. */
export function onSettingsChanged(cb: (s: Settings) => void): () => void {
  const listener = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    cb(parseSettings(changes[SETTINGS_KEY]?.newValue).settings);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
