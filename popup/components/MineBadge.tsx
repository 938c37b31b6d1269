// Marks one of the reader's own entities wherever the popup names it; screen readers hear "added by you".
export function MineBadge(p: { short?: boolean }) {
  return p.short ? (
    <span class="mine" title="Added by you">
      <span aria-hidden="true">Yours</span>
      <span class="sr-only">, added by you</span>
    </span>
  ) : (
    <span class="mine">Added by you</span>
  );
}
