// The way into the reader's own context: "Add to Backstory…" (with the page's selected text) and the options page.
import { useState } from 'preact/hooks';

export interface YourContextProps {
  /** Opens the options page's add form, prefilled with the tab's selection when there is one. */
  onAddEntity(): Promise<{ ok: boolean }>;
  onOpenOptions(): void;
}

export function YourContext(p: YourContextProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    p.onAddEntity().then(
      (r) => {
        setBusy(false);
        if (!r.ok) setError('The add form could not be opened.');
      },
      (err: unknown) => {
        setBusy(false);
        setError(`The add form could not be opened (${err instanceof Error ? err.message : String(err)}).`);
      },
    );
  };
  return (
    <div class="your-context" data-testid="your-context">
      <button type="button" class="link" aria-busy={busy} title="Adds an entity of your own; text selected on the page becomes its name" onClick={add}>
        Add to Backstory…
      </button>
      <button type="button" class="link" onClick={p.onOpenOptions}>
        Your entities and rules
      </button>
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
