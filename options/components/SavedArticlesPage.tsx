// The reader's saved articles: title (linking to the page), site, date and what it mentions; removal can be undone.
import { articleDateLabel, articleEntities, httpUrl, type SavedArticle } from '../../src/userdata';

export interface SavedArticlesPageProps {
  articles: readonly SavedArticle[];
  /** Stored articles that could not be read (already kept aside). */
  unreadable: readonly string[];
  entityName(id: string): string;
  onRemove(article: SavedArticle): void;
  onRemoveUnreadable(id: string): void;
}

export function SavedArticlesPage(p: SavedArticlesPageProps) {
  return (
    <section class="page articles-page" data-testid="articles-page" aria-labelledby="articles-title">
      <h2 id="articles-title">Saved articles ({p.articles.length})</h2>
      <p class="meta">
        Pages you saved with “Save this article to Backstory” in the popup. Their passages appear in the background of every entity they
        mention.
      </p>
      {p.articles.length === 0 && p.unreadable.length === 0 && <p class="muted">You have not saved any articles yet.</p>}
      <ul class="article-rows">
        {p.articles.map((a) => {
          const ids = articleEntities(a);
          const href = httpUrl(a.url);
          return (
            <li key={a.id} data-article-id={a.id}>
              <div class="article-main">
                {href ? (
                  <a class="title" href={href} target="_blank" rel="noopener noreferrer">
                    {a.title}
                  </a>
                ) : (
                  <span class="title">{a.title}</span>
                )}
                <div class="meta">
                  {a.site ? `${a.site} · ` : ''}
                  {articleDateLabel(a)} · {a.paragraphs.length} {a.paragraphs.length === 1 ? 'paragraph' : 'paragraphs'}
                </div>
                {ids.length > 0 && (
                  <div class="meta">
                    Mentions {ids.slice(0, 6).map(p.entityName).join(', ')}
                    {ids.length > 6 ? ` and ${ids.length - 6} more` : ''}
                  </div>
                )}
              </div>
              <button type="button" class="link danger" aria-label={`Remove ${a.title}`} onClick={() => p.onRemove(a)}>
                Remove
              </button>
            </li>
          );
        })}
        {p.unreadable.map((id) => (
          <li key={id} data-article-id={id} class="unreadable">
            <div class="article-main">
              <span class="title">An unreadable saved article</span>
              <div class="meta">A copy is kept aside under Backup → Kept aside.</div>
            </div>
            <button type="button" class="link danger" onClick={() => p.onRemoveUnreadable(id)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
