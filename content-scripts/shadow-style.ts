// Lets highlights show inside the page's open shadow roots: ::highlight rules apply per tree scope, so each root we highlight in adopts our sheet.

export interface ShadowStyler {
  /** Adds our rules to `root` once; the page's own sheets stay first and untouched. */
  adopt(root: ShadowRoot): void;
  /** Takes our sheet out of every root it was added to. */
  stop(): void;
}

export function createShadowStyler(cssText: string): ShadowStyler {
  let sheet: CSSStyleSheet | null = null;
  let failed = false;
  const roots = new Set<ShadowRoot>();
  return {
    adopt(root) {
      if (failed || roots.has(root)) return;
      try {
        if (!sheet) {
          sheet = new CSSStyleSheet();
          sheet.replaceSync(cssText);
        }
        // A constructed sheet is adopted, never inserted: no node enters the page's shadow tree for its code to trip over.
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
        roots.add(root);
      } catch {
        // Without constructable sheets the rules cannot reach the root; highlights there stay unpainted, the page unharmed.
        failed = true;
      }
    },
    stop() {
      for (const root of roots) {
        try {
          root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
        } catch {
          // The root's document is gone.
        }
      }
      roots.clear();
    },
  };
}
