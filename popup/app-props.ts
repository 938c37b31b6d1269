// Test fixture: a complete AppProps around the page and dataset a test gives, with neutral settings and spy handlers.
import { vi } from 'vitest';
import { defaultSettings } from '../src/settings';
import type { AppProps } from './App';

export function appProps(over: Partial<AppProps> & Pick<AppProps, 'page' | 'dataset'>): AppProps {
  return {
    datasetError: null,
    settings: defaultSettings(),
    settingsProblems: [],
    initialEntity: null,
    personal: [],
    saved: [],
    onSaveArticle: vi.fn(async () => ({ ok: false as const, error: 'not in tests' })),
    onAddEntity: vi.fn(async () => ({ ok: true })),
    onOpenOptions: vi.fn(),
    site: 'news.test',
    onTogglePause: vi.fn(),
    onToggleSite: vi.fn(),
    onChangeSettings: vi.fn(),
    onShowOnPage: vi.fn(),
    onRequestAccess: vi.fn(),
    ...over,
  };
}
