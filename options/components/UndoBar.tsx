// The "Removed … Undo" bar shown after a delete: one pending undo at a time, announced to screen readers.
export interface PendingUndo {
  message: string;
  undo(): Promise<void>;
}

export function UndoBar(p: { pending: PendingUndo | null; onUndo(): void; onDismiss(): void }) {
  if (!p.pending) return <div class="undo-bar" role="status" aria-live="polite" />;
  return (
    <div class="undo-bar visible" role="status" aria-live="polite" data-testid="undo-bar">
      <span>{p.pending.message}</span>{' '}
      <button type="button" class="link" onClick={p.onUndo}>
        Undo
      </button>{' '}
      <button type="button" class="link dismiss" aria-label="Dismiss" onClick={p.onDismiss}>
        ×
      </button>
    </div>
  );
}
