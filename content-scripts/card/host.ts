// The card's host: one <backstory-card-…> element with an open shadow root on the page; positions the card and keeps page keys out.
import { h, render } from 'preact';
import { Card, type CardProps } from './Card';
import { CARD_CSS } from './card-css';

export interface CardHost {
  host: HTMLElement;
  show(props: CardProps, anchor: DOMRect): void;
  hide(): void;
  isOpen(): boolean;
  contains(node: EventTarget | null): boolean;
  announce(text: string): void;
  setTheme(theme: 'system' | 'light' | 'dark'): void;
  stop(): void;
}

export const CARD_TAG_PREFIX = 'backstory-card-';

function randomSuffix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => 'abcdefghijklmnopqrstuvwxyz'[b % 26]).join('');
}

export function createCardHost(): CardHost {
  // An undefined custom element: page CSS for known tags does not apply. Its name is new on every load, so no page
  // can define it beforehand and have its own code run on our host (a shadow host needs a name with a hyphen).
  const host = document.createElement(`${CARD_TAG_PREFIX}${randomSuffix()}`);
  host.hidden = true;
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = CARD_CSS;
  const mount = document.createElement('div');
  const live = document.createElement('div');
  live.className = 'sr-only';
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  root.append(style, mount, live);
  // Keys typed in the card must not reach page shortcuts: events leave the shadow root retargeted to the host.
  const stopKeys = (e: Event) => e.stopPropagation();
  for (const t of ['keydown', 'keyup', 'keypress']) host.addEventListener(t, stopKeys);
  let open = false;

  const attach = () => {
    if (!host.isConnected) document.documentElement.appendChild(host);
  };

  return {
    host,
    show(props, anchor) {
      attach();
      render(h(Card, props), mount);
      host.hidden = false;
      open = true;
      const w = Math.min(340, window.innerWidth - 16);
      const height = host.getBoundingClientRect().height || mount.getBoundingClientRect().height || 180;
      const below = anchor.bottom + 8;
      // Never covers the hovered text: below if it fits, else above, else the side with more room.
      let top = below + height <= window.innerHeight - 8 ? below : anchor.top - 8 - height;
      if (top < 8) top = window.innerHeight - anchor.bottom > anchor.top ? below : Math.max(8, anchor.top - 8 - height);
      const left = Math.min(Math.max(8, anchor.left), window.innerWidth - w - 8);
      // Custom properties: `all: initial !important` in the shadow styles outranks even inline !important for real properties.
      host.style.setProperty('--backstory-x', `${Math.round(left)}px`);
      host.style.setProperty('--backstory-y', `${Math.round(top)}px`);
    },
    hide() {
      if (!open) return;
      open = false;
      host.hidden = true;
      render(null, mount);
    },
    isOpen: () => open,
    contains: (t) => t === host || (t instanceof Node && host.contains(t)),
    announce(text) {
      attach();
      live.textContent = '';
      // A fresh text change is what screen readers announce.
      setTimeout(() => (live.textContent = text), 30);
    },
    setTheme(theme) {
      if (theme === 'system') host.removeAttribute('data-theme');
      else host.setAttribute('data-theme', theme);
    },
    stop() {
      render(null, mount);
      for (const t of ['keydown', 'keyup', 'keypress']) host.removeEventListener(t, stopKeys);
      host.remove();
    },
  };
}
