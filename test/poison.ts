// Test helper for poisoned data in UI tests: the payload, and the check that an open RTL override reverses no text that follows it.
import { expect } from 'vitest';

export const RLO = '\u202E';
// The override is left open on purpose: only isolation keeps it from reversing the UI text that follows it.
export const PAYLOAD = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> javascript:alert(1) ${RLO}gpj.exe`;
export const poison = (label: string) => `${label} ${PAYLOAD}`;

/** The element that ends the bidi paragraph a node sits in: an isolate, an atomic inline, a block or a flex/grid item; else `outermost`. */
function paragraphOf(node: Node, outermost: Element): Element {
  for (let el = node.parentElement; el; el = el.parentElement) {
    if (el.tagName === 'BDI' || el.hasAttribute('dir') || el.tagName === 'BUTTON') return el;
    const display = getComputedStyle(el).display;
    if (display && display !== 'inline' && display !== 'contents') return el;
    const parent = el.parentElement;
    if (parent && /flex|grid/.test(getComputedStyle(parent).display)) return el;
  }
  return outermost;
}

/** Every open RTL override in `scope` is followed by no visible text in its bidi paragraph, so it reverses nothing but its own string. */
export function expectIsolated(scope: Element, outermost: Element): void {
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
  const poisoned = texts.filter((t) => t.data.includes(RLO));
  expect(poisoned.length).toBeGreaterThan(0);
  for (const t of poisoned) {
    const para = paragraphOf(t, outermost);
    const after = texts.slice(texts.indexOf(t) + 1).filter((n) => para.contains(n) && paragraphOf(n, outermost) === para && n.data.trim() !== '');
    expect(after.map((n) => n.data), `text reversed after ${JSON.stringify(t.data.slice(0, 30))} in <${para.tagName.toLowerCase()}>`).toEqual([]);
  }
}
