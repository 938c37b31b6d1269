// The hover card: a short background of one entity next to its mention; renders from props only.
import type { EntityCard } from '../../src/messages';
import { formatAsOf, typeLabel } from '../../src/format';
import { PERSONAL_ID_PREFIX } from '../../src/userdata/types';

export interface CardProps {
  entityId: string;
  name: string;
  card: EntityCard | null;
  loading: boolean;
  mentionsOnPage: number;
  /** The hovered mention's text as the page writes it ("Never highlight this phrase" turns it into a rule). */
  phrase: string;
  /** Receives the click event: only trusted (user) clicks may act. */
  onMore(ev: Event): void;
  onNotThis(ev: Event): void;
  onIgnoreSite(ev: Event): void;
  onNeverHighlight(ev: Event): void;
  onClose(ev: Event): void;
}

export function Card(p: CardProps) {
  const summary = p.card ? clip(firstSentence(p.card.summary)) : '';
  const facts = p.card ? p.card.facts.slice(0, 2) : [];
  const mine = p.entityId.startsWith(PERSONAL_ID_PREFIX);
  return (
    <div class="card" role="dialog" aria-label={`Background: ${p.name}`} data-entity-id={p.entityId}>
      <header>
        <span class="name">{p.name}</span>
        {mine && <span class="mine">Added by you</span>}
        {p.card && <span class={`type type-${p.card.type}`}>{typeLabel(p.card.type)}</span>}
        <button type="button" class="close" aria-label="Close" onClick={p.onClose}>
          ×
        </button>
      </header>
      {p.loading && <p class="muted">Loading…</p>}
      {!p.loading && !p.card && <p class="muted">No background available.</p>}
      {summary && <p class="summary">{summary}</p>}
      {facts.length > 0 && (
        <ul class="facts">
          {facts.map((f) => (
            <li>
              <span class="date">{formatAsOf(f.asOf)}</span> {clip(f.text)}
            </li>
          ))}
        </ul>
      )}
      <p class="count">
        {p.mentionsOnPage} {p.mentionsOnPage === 1 ? 'mention' : 'mentions'} on this page
      </p>
      <footer>
        <button type="button" class="primary" onClick={p.onMore}>
          More
        </button>
        <button type="button" onClick={p.onNotThis}>
          Not this
        </button>
        <button type="button" onClick={p.onIgnoreSite}>
          Ignore on this site
        </button>
        <button type="button" title={`Never highlight “${p.phrase}” on any site`} onClick={p.onNeverHighlight}>
          Never highlight this phrase
        </button>
      </footer>
    </div>
  );
}

function firstSentence(s: string): string {
  const m = /^(.{20,}?[.!?])\s/u.exec(s);
  return m ? m[1]! : s;
}

// The card is fixed in the page and does not scroll: a summary with no early sentence end (a 5,000-character note,
// a poisoned 50 KB entry) would push the actions off-screen. Real first sentences and facts stay under 200 characters.
const CARD_TEXT_MAX = 300;

function clip(s: string): string {
  if (s.length <= CARD_TEXT_MAX) return s;
  let cut = s.slice(0, CARD_TEXT_MAX);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  return `${(space > CARD_TEXT_MAX * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
