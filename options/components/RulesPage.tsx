// The reader's rules: "Never highlight this phrase", "Ignore on this site" and sites switched off; every removal can be undone.
import { useState } from 'preact/hooks';
import type { SiteRule } from '../../src/settings';
import { LIMITS, UserDataError, type PhraseRule } from '../../src/userdata';

export interface RulesPageProps {
  phrases: readonly PhraseRule[];
  siteRules: readonly SiteRule[];
  disabledSites: readonly string[];
  entityName(id: string): string;
  onAddPhrase(phrase: string): Promise<void>;
  onRemovePhrase(rule: PhraseRule): void;
  onRemoveSiteRule(rule: SiteRule, index: number): void;
  onEnableSite(site: string): void;
}

export function RulesPage(p: RulesPageProps) {
  const [phrase, setPhrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = (ev: Event) => {
    ev.preventDefault();
    p.onAddPhrase(phrase).then(
      () => {
        setPhrase('');
        setError(null);
      },
      (err: unknown) => setError(err instanceof UserDataError || err instanceof Error ? err.message : String(err)),
    );
  };

  return (
    <section class="page rules-page" data-testid="rules-page" aria-labelledby="rules-title">
      <h2 id="rules-title">Your rules</h2>

      <h3>Never highlight these phrases</h3>
      <p class="meta">Any alias spelt like one of these phrases (in any letter case or accent) is never highlighted, on any site.</p>
      <form class="inline-form" onSubmit={add} aria-label="Add a phrase">
        <label for="phrase-input" class="sr-only">
          Phrase
        </label>
        <input id="phrase-input" value={phrase} maxLength={LIMITS.aliasLength * 2} placeholder="e.g. Washington" onInput={(e) => setPhrase(e.currentTarget.value)} />
        <button type="submit" disabled={phrase.trim() === ''}>
          Never highlight
        </button>
      </form>
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      {p.phrases.length === 0 ? (
        <p class="muted">No phrases.</p>
      ) : (
        <ul class="rule-list" data-testid="phrase-rules">
          {p.phrases.map((r) => (
            <li key={r.id} data-rule-id={r.id}>
              <span class="rule-text phrase">“{r.phrase}”</span>
              <button type="button" class="link" aria-label={`Remove the rule for “${r.phrase}”`} onClick={() => p.onRemovePhrase(r)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}

      <h3>Ignored on one site</h3>
      <p class="meta">Added with “Ignore on this site” on a highlight’s card.</p>
      {p.siteRules.length === 0 ? (
        <p class="muted">No entities are ignored on any site.</p>
      ) : (
        <ul class="rule-list" data-testid="site-rules">
          {p.siteRules.map((r, i) => (
            <li key={`${r.site} ${r.entityId}`}>
              <span class="rule-text">
                <strong>{p.entityName(r.entityId)}</strong> on <span class="site">{r.site}</span>
              </span>
              <button type="button" class="link" aria-label={`Highlight ${p.entityName(r.entityId)} on ${r.site} again`} onClick={() => p.onRemoveSiteRule(r, i)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}

      <h3>Switched off on these sites</h3>
      {p.disabledSites.length === 0 ? (
        <p class="muted">Backstory runs on every site.</p>
      ) : (
        <ul class="rule-list" data-testid="disabled-sites">
          {p.disabledSites.map((site) => (
            <li key={site}>
              <span class="rule-text site">{site}</span>
              <button type="button" class="link" onClick={() => p.onEnableSite(site)}>
                Switch back on
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
