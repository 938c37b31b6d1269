// "Save this article to Backstory": one button that stores the open page among the reader's saved articles and says what happened.
import { useState } from 'preact/hooks';
import { articleDateLabel, type SaveArticleResult } from '../../src/userdata';

export interface SaveArticleButtonProps {
  /** Why this page cannot be saved (not a web page, no access); the button is then disabled and the reason shown. */
  disabledReason?: string | null;
  /** When this page was saved before, if it was (the button then offers to save it again). */
  savedAt?: number | null;
  /** Asks the background to extract, index and store the page. */
  onSave(): Promise<SaveArticleResult>;
}

type State = { kind: 'idle' } | { kind: 'saving' } | { kind: 'done'; result: Extract<SaveArticleResult, { ok: true }> } | { kind: 'error'; message: string };

export function SaveArticleButton(p: SaveArticleButtonProps) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const save = () => {
    if (state.kind === 'saving') return;
    setState({ kind: 'saving' });
    p.onSave().then(
      (r) => setState(r.ok ? { kind: 'done', result: r } : { kind: 'error', message: r.error }),
      (err: unknown) => setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
  };
  const saved = state.kind === 'done' || (p.savedAt !== null && p.savedAt !== undefined);
  const label = state.kind === 'saving' ? 'Saving…' : saved ? 'Save again' : 'Save this article to Backstory';
  return (
    <div class="save-article" data-testid="save-article">
      <button type="button" class={saved ? 'link' : 'primary'} disabled={!!p.disabledReason || state.kind === 'saving'} aria-busy={state.kind === 'saving'} onClick={save}>
        {label}
      </button>{' '}
      <span class="meta" role="status">
        {p.disabledReason
          ? p.disabledReason
          : state.kind === 'done'
            ? doneText(state.result)
            : state.kind === 'idle' && p.savedAt
              ? `Saved on ${articleDateLabel({ date: null, savedAt: p.savedAt }).replace(/^saved /, '')}.`
              : ''}
      </span>
      {state.kind === 'error' && (
        <p class="notice error" role="alert">
          {state.message}
        </p>
      )}
    </div>
  );
}

function doneText(r: Extract<SaveArticleResult, { ok: true }>): string {
  const what = `${r.passages} ${r.passages === 1 ? 'passage' : 'passages'} about ${r.entities} ${r.entities === 1 ? 'entity' : 'entities'}`;
  return `${r.replaced ? 'Updated' : 'Saved'}: ${what}.${r.cut ? ' The page was very long; only its beginning was kept.' : ''}`;
}
