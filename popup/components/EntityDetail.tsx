// One entity's background: summary, dated and cited facts, related entities and the dataset passages that mention it.
import { formatAsOf, typeLabel } from '../../src/format';
import type { DatasetBundle, EntityRecord, Fact, Passage } from '../../src/types';
import { MineBadge } from './MineBadge';

export interface EntityDetailProps {
  entity: EntityRecord;
  dataset: DatasetBundle;
  onPage: number;
  onBack(): void;
  onSelect(id: string): void;
  onShowOnPage(): void;
}

// Catalog and reader strings sit in <bdi> wherever UI text follows them on the same line: an unclosed U+202E in one must not reverse the rest.
export function EntityDetail(p: EntityDetailProps) {
  const e = p.entity;
  const titles = new Map(p.dataset.articles.map((a) => [a.id, a.title]));
  const names = new Map(p.dataset.entities.map((x) => [x.id, x.name]));
  const passages = p.dataset.passages[e.id] ?? [];
  return (
    <section class="entity-detail" data-testid="entity-detail" data-entity-id={e.id} aria-labelledby="entity-title">
      <div class="detail-head">
        <button type="button" class="back" onClick={p.onBack} aria-label="Back to the list">
          ←
        </button>
        <h2 id="entity-title">{e.name}</h2>
        {e.personal && <MineBadge />}
        <span class={`type type-${e.type}`}>{typeLabel(e.type)}</span>
      </div>
      {p.onPage > 0 && (
        <p class="on-page">
          {p.onPage} {p.onPage === 1 ? 'mention' : 'mentions'} on this page{' '}
          <button type="button" class="link" onClick={p.onShowOnPage}>
            Show on page
          </button>
        </p>
      )}
      <p class="summary">{e.summary}</p>
      {e.facts.length > 0 && (
        <>
          <h3>Key facts</h3>
          <ul class="facts">
            {e.facts.map((f) => (
              <li>
                <span class="date">as of {formatAsOf(f.asOf)}</span> <bdi>{f.text}</bdi> <span class="source">{sourceText(f, titles)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {e.related.length > 0 && (
        <>
          <h3>Related</h3>
          <ul class="related">
            {e.related.map((r) => (
              <li>
                <span class="relation">
                  <bdi>{r.relation}</bdi>
                </span>{' '}
                <button type="button" class="link" onClick={() => p.onSelect(r.id)}>
                  {names.get(r.id) ?? r.id}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>In the articles ({passages.length})</h3>
      {passages.length === 0 ? (
        <p class="muted">No bundled article mentions <bdi>{e.name}</bdi>.</p>
      ) : (
        <ol class="passages">
          {passages.map((ps) => (
            <li data-testid="passage">
              <blockquote>{emphasise(ps)}</blockquote>
              <cite>
                <bdi>{titles.get(ps.articleId) ?? ps.articleId}</bdi>, ¶{ps.paragraph}
              </cite>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function sourceText(f: Fact, titles: Map<string, string>) {
  if (f.source.kind === 'general-reference') return '(general reference)';
  return (
    <>
      (<bdi>{titles.get(f.source.articleId) ?? f.source.articleId}</bdi>, ¶{f.source.paragraph})
    </>
  );
}

/** Splits a passage into text and <mark> parts at the entity's spans; text stays text (never HTML). */
function emphasise(ps: Passage) {
  const out = [];
  let at = 0;
  for (const [s, e] of [...ps.spans].sort((a, b) => a[0] - b[0])) {
    if (s < at) continue;
    if (s > at) out.push(ps.text.slice(at, s));
    out.push(<mark>{ps.text.slice(s, e)}</mark>);
    at = e;
  }
  out.push(ps.text.slice(at));
  return out;
}
