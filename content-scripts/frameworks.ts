// Finds the parts of a page a client framework renders or will hydrate (React, Vue, Angular, Next, Nuxt, Gatsby markers), where wrap mode must not split text.

/** Attributes and ids frameworks put on the roots they own. */
const ROOT_SELECTOR = '[data-reactroot], [data-server-rendered], [data-v-app], [ng-version], #__next, #__nuxt, #___gatsby';

/**
 * Comments server renderers leave between text and around fragments: React's `<!-- -->` and Suspense `<!--$-->`,
 * Vue's `<!--[-->`/`<!--]-->` and `<!---->`. Hydration compares the DOM against them node by node, so a split text
 * node there is a hydration error (react#24430, darkreader#8842).
 */
const COMMENT_MARKERS: ReadonlySet<string> = new Set([' ', '$', '/$', '$?', '$!', '[', ']', '']);

/** Regions (outermost elements) of `doc` that look framework-owned; a marker directly in <body> makes the whole body one. */
export function frameworkRegions(doc: Document): Element[] {
  const body = doc.body;
  if (!body) return [];
  const found: Element[] = [];
  const add = (el: Element) => {
    for (const r of found) if (r.contains(el)) return;
    for (let i = found.length - 1; i >= 0; i--) if (el.contains(found[i]!)) found.splice(i, 1);
    found.push(el);
  };
  for (const el of body.querySelectorAll(ROOT_SELECTOR)) add(el);
  const tw = doc.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
  for (let c = tw.nextNode(); c; c = tw.nextNode()) {
    if (!COMMENT_MARKERS.has((c as Comment).data)) continue;
    // The hydration root is usually a top-level container: take the marker's ancestor just below <body>.
    let el = c.parentElement;
    while (el && el.parentElement && el.parentElement !== body) el = el.parentElement;
    if (el) add(el);
    if (el === body) break;
  }
  return found;
}
