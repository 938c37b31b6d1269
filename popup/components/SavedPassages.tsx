// "Also in your saved articles": the reader's saved passages about one entity, newest first, each linking back to its page.
import { useState } from 'preact/hooks';
import { articleDateLabel, httpUrl, type SavedPassage } from '../../src/userdata';

export interface SavedPassagesProps {
  entityName: string;
  /** savedPassagesFor(entityId, articles): already newest first. */
  passages: readonly SavedPassage[];
  /** Shown before "Show all"; default 3. */
  limit?: number;
}

/** Renders nothing when no saved article mentions the entity: the popup stays short. */
export function SavedPassages(p: SavedPassagesProps) {
  const [all, setAll] = useState(false);
  if (p.passages.length === 0) return null;
  const limit = p.limit ?? 3;
  const shown = all ? p.passages : p.passages.slice(0, limit);
  return (
    <section class="saved-passages" data-testid="saved-passages" aria-label={`Also in your saved articles: ${p.entityName}`}>
      <h3>Also in your saved articles ({p.passages.length})</h3>
      <ol class="passages">
        {shown.map((ps) => (
          <li key={`${ps.articleId}:${ps.paragraph}`} data-testid="saved-passage" data-article-id={ps.articleId}>
            <blockquote>{emphasise(ps.text, ps.spans)}</blockquote>
            <cite>
              <SourceLink url={ps.url} title={ps.title} />
              {ps.site ? <> · <bdi>{ps.site}</bdi></> : ''} · {articleDateLabel(ps)}, ¶{ps.paragraph}
            </cite>
          </li>
        ))}
      </ol>
      {p.passages.length > limit && (
        <button type="button" class="link" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${p.passages.length}`}
        </button>
      )}
    </section>
  );
}

/** A link only to http(s) pages, opened in a new tab without giving the page a handle on the popup. */
function SourceLink(p: { url: string; title: string }) {
  const href = httpUrl(p.url);
  // <bdi>: an unclosed U+202E in a page title must not reverse the site and date after it.
  if (!href)
    return (
      <span class="title">
        <bdi>{p.title}</bdi>
      </span>
    );
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      <bdi>{p.title}</bdi>
    </a>
  );
}

/** Text and <mark> parts at the spans; the page's text stays text (never HTML). */
export function emphasise(text: string, spans: ReadonlyArray<readonly [number, number]>) {
  const out = [];
  let at = 0;
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (s < at || e > text.length) continue;
    if (s > at) out.push(text.slice(at, s));
    out.push(<mark>{text.slice(s, e)}</mark>);
    at = e;
  }
  out.push(text.slice(at));
  return out;
}
