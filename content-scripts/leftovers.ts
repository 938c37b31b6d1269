// Removes what an earlier instance of this script left on the page: Firefox tears down a reloaded or updated extension's content script without letting it clean up.
import { ENTITY_TYPES } from '../src/types';
import { CARD_TAG_PREFIX } from './card/host';
import { HIGHLIGHT_PREFIX } from './render-paint';
import { MARK_TAG } from './render-wrap';

// What mark.js and we put on a mark, and nothing else.
const OUR_ATTRS: ReadonlySet<string> = new Set(['class', 'data-markjs', 'data-backstory-current']);
const OUR_CLASS = new RegExp(`^backstory-[ub]-(?:${ENTITY_TYPES.join('|')})$`);

/**
 * Marks exactly as we make them (our tag, our class, only our attributes) are unwrapped to their text. A page's own
 * look-alikes carry anything else and stay; a page that forges a perfect copy merely sees it turned back into text.
 */
export function removeLeftovers(doc: Document): number {
  let removed = 0;
  for (const el of Array.from(doc.getElementsByTagName(MARK_TAG))) {
    if (!el.getAttributeNames().every((n) => OUR_ATTRS.has(n)) || !OUR_CLASS.test(el.getAttribute('class') ?? '')) continue;
    if (el.children.length > 0) continue;
    el.replaceWith(doc.createTextNode(el.textContent ?? ''));
    removed += 1;
  }
  for (const el of Array.from(doc.documentElement?.children ?? [])) {
    if (el.localName.startsWith(CARD_TAG_PREFIX) && el.shadowRoot) {
      el.remove();
      removed += 1;
    }
  }
  const registry = typeof CSS !== 'undefined' && 'highlights' in CSS ? CSS.highlights : null;
  if (registry) {
    const names: string[] = [];
    registry.forEach((_h, name) => {
      if (name.startsWith(`${HIGHLIGHT_PREFIX}-`)) names.push(name);
    });
    for (const n of names) registry.delete(n);
    removed += names.length;
  }
  return removed;
}
