// Connects the options page to the extension: its storage, the bundled catalog, the ?add= phrase, the #section, the theme.
import browser from 'webextension-polyfill';
import { useEffect, useState } from 'preact/hooks';
import { extensionStorage } from '../src/browser/storage';
import type { DatasetBundle, IndexEntity } from '../src/types';
import { downloadText } from './download';
import { OptionsApp, SECTIONS, type Section } from './OptionsApp';

/**
 * options.html?add=<text> opens the add form once: the parameter is taken out of the address at once, so a reload,
 * the back button or a later visit to the section does not open the form again.
 */
export function takeAddText(): string | null {
  const params = new URLSearchParams(location.search);
  const text = params.get('add');
  if (text === null) return null;
  params.delete('add');
  const query = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  return text;
}

function sectionFromHash(hash: string): Section {
  const s = hash.replace(/^#/, '');
  return (SECTIONS as readonly string[]).includes(s) ? (s as Section) : 'entities';
}

export function OptionsRoot() {
  const store = extensionStorage();
  const [catalog, setCatalog] = useState<IndexEntity[] | null>(null);
  const [catalogError, setCatalogError] = useState<string | null>(null);
  const [addText] = useState(takeAddText);

  useEffect(() => {
    fetch(browser.runtime.getURL('data/dataset.json'))
      .then((r) => r.json() as Promise<DatasetBundle>)
      .then(
        (b) => setCatalog(b.entities),
        (e: unknown) => setCatalogError(`The bundled dataset could not be read (${String(e)}); names of bundled entities are not shown.`),
      );
    const applyTheme = (theme: string) => {
      if (theme === 'system') document.documentElement.removeAttribute('data-theme');
      else document.documentElement.setAttribute('data-theme', theme);
    };
    void store.loadSettings().then(({ settings }) => applyTheme(settings.theme));
    return store.onSettingsChanged((s) => applyTheme(s.theme));
  }, [store]);

  return (
    <OptionsApp
      store={store}
      catalog={catalog}
      catalogError={catalogError}
      addText={addText}
      initialSection={sectionFromHash(location.hash)}
      download={downloadText}
      onSectionChange={(s) => history.replaceState(null, '', `${location.pathname}${location.search}#${s}`)}
      onReady={() => {
        document.body.dataset.ready = 'true';
      }}
    />
  );
}
