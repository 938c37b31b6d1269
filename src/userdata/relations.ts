// How the entities of one page relate: catalog and personal links between them, chained for reading, plus paragraph co-mentions.
import type { Passage, Relation } from '../types';
import type { SavedArticle } from './types';

export interface RelationEdge {
  from: string;
  to: string;
  /** The catalog's wording ("leads", "member of"); read as "from —label→ to". */
  label: string;
}

export interface CoMention {
  a: string;
  b: string;
  /** Paragraphs (bundled articles and saved articles) that mention both. */
  paragraphs: number;
}

/** One readable line: entity, label, entity, label, entity… ("Lukashenko — leads — Belarus — member of — CSTO"). */
export interface RelationChain {
  nodes: string[];
  labels: string[];
}

export interface PageRelations {
  chains: RelationChain[];
  coMentions: CoMention[];
}

export interface RelationSources {
  /** `related` of every known entity, bundled and personal. */
  related(id: string): readonly Relation[] | undefined;
  /** Bundled passages per entity (DatasetBundle.passages). */
  passages?: Readonly<Record<string, readonly Passage[] | undefined>>;
  saved?: readonly SavedArticle[];
}

/** Catalog links whose both ends are among `ids` (each pair once, in the direction the catalog gives). */
export function linksAmong(ids: readonly string[], related: RelationSources['related']): RelationEdge[] {
  const set = new Set(ids);
  const seen = new Set<string>();
  const out: RelationEdge[] = [];
  for (const from of ids) {
    for (const r of related(from) ?? []) {
      if (!set.has(r.id) || r.id === from) continue;
      const pair = from < r.id ? `${from}\u0000${r.id}` : `${r.id}\u0000${from}`;
      if (seen.has(pair)) continue;
      seen.add(pair);
      out.push({ from, to: r.id, label: r.relation });
    }
  }
  return out;
}

/**
 * Joins links into chains where one ends at the entity the next starts from, so the list reads as sentences. Greedy,
 * in the given order; an entity appears once per chain so a cycle never loops; a chain stops at `maxLinks` links
 * (longer ones stop reading as a sentence).
 */
export function chainLinks(edges: readonly RelationEdge[], maxLinks = 3): RelationChain[] {
  const used = new Array<boolean>(edges.length).fill(false);
  const chains: RelationChain[] = [];
  for (let i = 0; i < edges.length; i++) {
    if (used[i]) continue;
    used[i] = true;
    const first = edges[i]!;
    const nodes = [first.from, first.to];
    const labels = [first.label];
    for (let grew = true; grew && labels.length < maxLinks; ) {
      grew = false;
      for (let j = 0; j < edges.length; j++) {
        if (used[j]) continue;
        const e = edges[j]!;
        if (e.from === nodes[nodes.length - 1] && !nodes.includes(e.to)) {
          nodes.push(e.to);
          labels.push(e.label);
        } else if (e.to === nodes[0] && !nodes.includes(e.from)) {
          nodes.unshift(e.from);
          labels.unshift(e.label);
        } else continue;
        used[j] = true;
        grew = true;
        if (labels.length >= maxLinks) break;
      }
    }
    chains.push({ nodes, labels });
  }
  return chains;
}

/** Pairs of `ids` mentioned in the same paragraph, most often first; pairs already linked by the catalog are left out. */
export function coMentionsAmong(ids: readonly string[], sources: RelationSources, linked: readonly RelationEdge[] = [], limit = 12): CoMention[] {
  const set = new Set(ids);
  const byParagraph = new Map<string, Set<string>>();
  const add = (key: string, id: string) => {
    let s = byParagraph.get(key);
    if (!s) byParagraph.set(key, (s = new Set()));
    s.add(id);
  };
  for (const id of ids) for (const p of sources.passages?.[id] ?? []) add(`b\u0000${p.articleId}\u0000${p.paragraph}`, id);
  for (const a of sources.saved ?? []) for (const m of a.mentions) if (set.has(m.entityId)) add(`s\u0000${a.id}\u0000${m.paragraph}`, m.entityId);
  const skip = new Set(linked.map((e) => (e.from < e.to ? `${e.from}\u0000${e.to}` : `${e.to}\u0000${e.from}`)));
  const counts = new Map<string, number>();
  for (const members of byParagraph.values()) {
    if (members.size < 2) continue;
    const list = [...members].sort();
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const pair = `${list[i]}\u0000${list[j]}`;
        if (!skip.has(pair)) counts.set(pair, (counts.get(pair) ?? 0) + 1);
      }
    }
  }
  return [...counts.entries()]
    .map(([pair, paragraphs]) => {
      const [a, b] = pair.split('\u0000') as [string, string];
      return { a, b, paragraphs };
    })
    .sort((x, y) => y.paragraphs - x.paragraphs || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0))
    .slice(0, limit);
}

/** Everything the Relations view shows for the entities of one page. */
export function pageRelations(ids: readonly string[], sources: RelationSources, limit = 12): PageRelations {
  const links = linksAmong(ids, sources.related);
  return { chains: chainLinks(links), coMentions: coMentionsAmong(ids, sources, links, limit) };
}
