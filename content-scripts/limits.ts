// Named budgets of the content script: how much work it may do at once and how often it retries a page that fights back.
export const LIMITS = Object.freeze({
  /** Longest slice of scanning work before yielding to the page (well under the 50 ms long-task line). */
  SLICE_MS: 8,
  /** Highlights per document; beyond this the page is not marked further (counts stop too). */
  MAX_MENTIONS: 5000,
  /** Paint mode: during a pass, new highlights are registered at most this often (see render-paint's flush). */
  PAINT_BATCH_MS: 100,
  /** Wrap mode: mentions read and held before they are written (see highlighter's writeWraps). */
  MAX_HELD_WRAPS: 5000,
  /** Mutation batches wait this long so bursts of DOM changes are handled together. */
  MUTATION_DEBOUNCE_MS: 50,
  /** Minimum time between two mutation batches (≤ 10 highlight passes per second under a mutation storm). */
  MIN_BATCH_INTERVAL_MS: 100,
  /** Records kept per batch; past this (a page rebuilding itself wholesale) the document is read again once instead. */
  HUGE_MUTATION_BATCH: 20_000,
  /** Re-scans of one block element allowed per window before backing off (DR-style loop breaker). */
  MAX_RETRIES_PER_WINDOW: 10,
  RETRY_WINDOW_MS: 10_000,
  /** Hover delay before the card opens, and grace before it closes. */
  HOVER_OPEN_MS: 350,
  HOVER_CLOSE_MS: 250,
  /** Pointer hit-testing at most once per animation frame. */
  STATE_REPORT_MS: 150,
});
