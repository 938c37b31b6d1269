// Decides which parts of a page are never read or highlighted: form fields, editors, code, hidden and non-HTML content, our own UI.

/** Elements whose text is never highlighted (their whole subtree is skipped). */
export const SKIP_TAGS: ReadonlySet<string> = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TITLE', 'HEAD', 'META', 'LINK',
  'TEXTAREA', 'INPUT', 'SELECT', 'OPTION', 'OPTGROUP', 'DATALIST', 'BUTTON',
  'CODE', 'PRE', 'KBD', 'SAMP', 'VAR',
  'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'CANVAS', 'VIDEO', 'AUDIO', 'PICTURE', 'IMG',
]);

/** Inline elements: text across them belongs to one block, so "<b>Alexander</b> Lukashenko" is one mention. */
export const INLINE_TAGS: ReadonlySet<string> = new Set([
  'A', 'ABBR', 'ACRONYM', 'B', 'BDI', 'BDO', 'BIG', 'CITE', 'DATA', 'DEL', 'DFN', 'EM', 'FONT', 'I', 'INS', 'LABEL',
  'MARK', 'NOBR', 'Q', 'RP', 'RT', 'RUBY', 'S', 'SMALL', 'SPAN', 'STRIKE', 'STRONG', 'SUB', 'SUP', 'TIME', 'TT', 'U',
  'WBR', 'BACKSTORYMARK',
]);

const HTML_NS = 'http://www.w3.org/1999/xhtml';

/**
 * True when an element and its subtree must never be touched (checked once per element during a walk). `tag` lets a
 * walk that already read `el.tagName` pass it on.
 */
export function isSkippedElement(el: Element, tag: string = el.tagName): boolean {
  // SVG and MathML text must stay free of HTML nodes and paint artifacts.
  if (el.namespaceURI !== HTML_NS) return true;
  if (SKIP_TAGS.has(tag) || tag.startsWith('BACKSTORY-CARD-')) return true;
  if ((el as HTMLElement).isContentEditable) return true;
  // Most elements of a page carry no attribute at all: one call answers for the three lookups below.
  if (!el.hasAttributes()) return false;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  if (el.hasAttribute('hidden') || el.hasAttribute('data-backstory-ignore')) return true;
  return false;
}

/** True when the nearest block ancestor (inclusive) or any ancestor of `el` is skipped; used for nodes reported by mutations. */
export function isInsideSkipped(el: Element | null): boolean {
  for (let e = el; e; e = e.parentElement) {
    if (isSkippedElement(e)) return true;
  }
  // designMode makes the whole document an editor.
  return el?.ownerDocument?.designMode === 'on';
}

/** True for elements laid out as blocks (block boundaries end a text run). */
export function isInline(el: Element, tag: string = el.tagName): boolean {
  return INLINE_TAGS.has(tag);
}

/** Hidden containers (display:none, visibility, closed details) are not highlighted or counted. */
export function isVisible(el: Element): boolean {
  const check = (el as Element & { checkVisibility?: (o?: object) => boolean }).checkVisibility;
  if (typeof check === 'function') {
    if (check.call(el, { visibilityProperty: true })) return true;
    // display:contents has no box of its own, so checkVisibility() says false although its children render. Computed
    // style is read only here: the common case (visible) never allocates a style object.
    if (getComputedStyle(el).display === 'contents') return el.parentElement ? isVisible(el.parentElement) : true;
    return false;
  }
  if (getComputedStyle(el).display === 'contents') return el.parentElement ? isVisible(el.parentElement) : true;
  return (el as HTMLElement).offsetParent !== null || el.getClientRects().length > 0;
}
