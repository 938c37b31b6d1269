// Injected on demand ("Save this article"): reads the page's article with Readability on a clone of the document and leaves the result in a global for the caller's second injection to collect.
import { Readability } from '@mozilla/readability';
import { EXTRACT_RESULT_GLOBAL } from '../src/userdata/types';

/** What the caller reads back (validated again by checkExtracted in src/userdata: the page's text is untrusted). */
export interface ExtractResult {
  title: string;
  site: string | null;
  url: string;
  date: string | null;
  text: string;
  paragraphs: string[];
}

const BLOCKS = 'p, li, blockquote, h1, h2, h3, h4, h5, h6, pre, figcaption, dt, dd, td, th';
const SKIP = 'script, style, noscript, template, nav, footer, form, button, select, textarea, [hidden], [aria-hidden="true"]';
const MAX_CHARS = 2_000_000;

const DATE_SELECTORS = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[property="og:article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="date"]',
  'meta[name="pubdate"]',
  'meta[name="publish-date"]',
  'meta[name="dc.date"]',
  'meta[name="DC.date.issued"]',
  'meta[name="sailthru.date"]',
];

function attr(doc: Document, selector: string, name = 'content'): string | null {
  const v = doc.querySelector(selector)?.getAttribute(name)?.trim();
  return v ? v : null;
}

/** Text of an element with <br> as a space (textContent would glue the lines together). */
function textOf(el: Element): string {
  let out = '';
  const walk = (n: Node) => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) out += (c as Text).data;
      else if (c.nodeType === 1) {
        const e = c as Element;
        if (e.matches(SKIP)) continue;
        if (e.localName === 'br') out += ' ';
        else walk(e);
      }
    }
  };
  walk(el);
  return out.replace(/\s+/g, ' ').trim();
}

/** The text of the innermost blocks under `root`, in document order (a <li> holding <p>s gives the <p>s, not both). */
export function paragraphsOf(root: Element): string[] {
  const out: string[] = [];
  let total = 0;
  for (const el of root.querySelectorAll(BLOCKS)) {
    if (el.closest(SKIP) || el.querySelector(BLOCKS)) continue;
    const text = textOf(el);
    if (!text) continue;
    if (total + text.length > MAX_CHARS) break;
    out.push(text);
    total += text.length;
  }
  return out;
}

function publishedDate(doc: Document, fromReadability: string | null | undefined): string | null {
  if (fromReadability && fromReadability.trim()) return fromReadability.trim();
  for (const sel of DATE_SELECTORS) {
    const v = attr(doc, sel);
    if (v) return v;
  }
  return attr(doc, 'article time[datetime], main time[datetime], time[datetime]', 'datetime');
}

/** Reads the article of `doc` (never touching it: Readability runs on a clone), or falls back to the body's paragraphs. */
export function extractArticle(doc: Document, url: string): ExtractResult {
  const clone = doc.cloneNode(true) as Document;
  // The serializer hands back the content element itself: no HTML string is ever produced or parsed.
  const parsed = new Readability<Node>(clone, { serializer: (el) => el }).parse();
  let paragraphs: string[] = [];
  const content = parsed?.content;
  if (content && content.nodeType === 1) paragraphs = paragraphsOf(content as Element);
  if (paragraphs.length === 0 && doc.body) {
    const body = doc.body.cloneNode(true) as Element;
    for (const el of body.querySelectorAll('header, aside, [role="navigation"], [role="banner"], [role="complementary"]')) el.remove();
    paragraphs = paragraphsOf(body);
  }
  let site: string | null = parsed?.siteName?.trim() || attr(doc, 'meta[property="og:site_name"]');
  if (!site) {
    try {
      site = new URL(url).hostname;
    } catch {
      site = null;
    }
  }
  return {
    title: (parsed?.title ?? '').trim() || doc.title.trim(),
    site,
    url,
    date: publishedDate(doc, parsed?.publishedTime),
    text: paragraphs.join('\n\n'),
    paragraphs,
  };
}

function run(): ExtractResult | { error: string } {
  try {
    return extractArticle(document, location.href);
  } catch (err) {
    return { error: `The page could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}

// Collected (and deleted) by the caller's second executeScript({func}); see EXTRACT_RESULT_GLOBAL.
(globalThis as unknown as Record<string, unknown>)[EXTRACT_RESULT_GLOBAL] = run();
