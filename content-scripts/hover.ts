// Opens the hover card for the mention under the pointer (or the current keyboard mention) and closes it on leave, scroll or Escape.
import { sendToBackground } from '../src/browser/messaging';
import type { EntityCard } from '../src/messages';
import type { CardHost } from './card/host';
import type { Highlighter } from './highlighter';
import { LIMITS } from './limits';
import { mentionAnchor, toRange, type PageMention } from './mentions';

export interface HoverDeps {
  highlighter: Highlighter;
  card: CardHost;
  entityName(id: string): string;
  loadCard(id: string): Promise<EntityCard | null>;
  openEntity(id: string): void;
  ignoreOnSite(id: string): void;
  /** "Never highlight this phrase": stores the rule; every tab (this one too) re-reads its catalog when rules change. */
  neverHighlight?(phrase: string): Promise<boolean>;
}

/** Asks the background to store the phrase rule; true when it was stored. */
function addPhraseRule(phrase: string): Promise<boolean> {
  return sendToBackground({ type: 'addPhraseRule', phrase }).then(
    (r) => r.ok,
    () => false,
  );
}

/** The mention's text as the page writes it, on one line. */
function mentionText(m: PageMention): string {
  try {
    return toRange(m).toString().replace(/\s+/g, ' ').trim();
  } catch {
    return '';
  }
}

export interface Hover {
  open(m: PageMention): void;
  /** Opens the card after a programmatic scroll settles (keyboard navigation), ignoring the scroll it caused. */
  openAfterScroll(m: PageMention): void;
  close(): void;
  stop(): void;
}

export function startHover(d: HoverDeps): Hover {
  const neverHighlight = d.neverHighlight ?? addPhraseRule;
  const cache = new Map<string, EntityCard | null>();
  let openFor: PageMention | null = null;
  let openTimer: ReturnType<typeof setTimeout> | null = null;
  let closeTimer: ReturnType<typeof setTimeout> | null = null;
  let frame = 0;
  let lastEvent: PointerEvent | null = null;
  let ignoreScrollUntil = 0;

  const clearTimers = () => {
    if (openTimer) clearTimeout(openTimer);
    if (closeTimer) clearTimeout(closeTimer);
    openTimer = closeTimer = null;
  };

  const render = (m: PageMention) => {
    const rect = mentionAnchor(m);
    if (!rect) return;
    const count = d.highlighter.counts().get(m.entityId) ?? 0;
    const cached = cache.get(m.entityId);
    const phrase = mentionText(m);
    // Only trusted clicks act: the page can reach into an open shadow root and call .click().
    const trusted = (fn: () => void) => (ev: Event) => {
      if (!ev.isTrusted) return;
      fn();
    };
    d.card.show(
      {
        entityId: m.entityId,
        name: d.entityName(m.entityId),
        card: cached ?? null,
        loading: cached === undefined,
        mentionsOnPage: count,
        phrase,
        onMore: trusted(() => d.openEntity(m.entityId)),
        onNotThis: trusted(() => {
          d.highlighter.hide(m);
          close();
        }),
        onIgnoreSite: trusted(() => {
          d.ignoreOnSite(m.entityId);
          close();
        }),
        onNeverHighlight: trusted(() => {
          close();
          void neverHighlight(phrase).then((ok) =>
            d.card.announce(ok ? `“${phrase}” will not be highlighted any more.` : `“${phrase}” could not be added to your rules.`),
          );
        }),
        onClose: trusted(() => close()),
      },
      rect,
    );
    if (cached === undefined) {
      void d.loadCard(m.entityId).then((c) => {
        cache.set(m.entityId, c);
        if (openFor === m) render(m);
      });
    }
  };

  const open = (m: PageMention) => {
    clearTimers();
    openFor = m;
    render(m);
  };

  const close = () => {
    clearTimers();
    openFor = null;
    d.card.hide();
  };

  const onPointerMove = (e: PointerEvent) => {
    if (!e.isTrusted) return;
    lastEvent = e;
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const ev = lastEvent;
      if (!ev) return;
      if (d.card.contains(ev.composedPath()[0] ?? ev.target)) {
        if (closeTimer) clearTimeout(closeTimer);
        closeTimer = null;
        return;
      }
      const m = d.highlighter.mentionAt(ev.clientX, ev.clientY, ev.target);
      if (m && m === openFor) {
        if (closeTimer) clearTimeout(closeTimer);
        closeTimer = null;
        return;
      }
      if (m) {
        if (openTimer) clearTimeout(openTimer);
        openTimer = setTimeout(() => open(m), LIMITS.HOVER_OPEN_MS);
        return;
      }
      if (openTimer) clearTimeout(openTimer);
      openTimer = null;
      if (openFor && !closeTimer) closeTimer = setTimeout(close, LIMITS.HOVER_CLOSE_MS);
    });
  };
  const onScroll = () => {
    if (performance.now() < ignoreScrollUntil) return;
    if (openFor) close();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && openFor) close();
  };

  const opts = { capture: true, passive: true } as const;
  window.addEventListener('pointermove', onPointerMove, opts);
  window.addEventListener('scroll', onScroll, opts);
  window.addEventListener('keydown', onKey, true);
  d.card.host.addEventListener('keydown', onKey);

  return {
    open,
    openAfterScroll(m) {
      ignoreScrollUntil = performance.now() + 400;
      clearTimers();
      openTimer = setTimeout(() => open(m), 120);
    },
    close,
    stop() {
      close();
      if (frame) cancelAnimationFrame(frame);
      window.removeEventListener('pointermove', onPointerMove, opts);
      window.removeEventListener('scroll', onScroll, opts);
      window.removeEventListener('keydown', onKey, true);
      d.card.host.removeEventListener('keydown', onKey);
    },
  };
}
