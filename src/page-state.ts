// Merges the states reported by a tab's frames (top document and same-origin iframes) into one page summary.
import type { PageState } from './messages';

/** The top frame's state with the counts of its same-origin iframes added; status, mode and URL stay the top frame's. */
export function mergePageStates(top: PageState, frames: readonly PageState[]): PageState {
  if (frames.length === 0) return top;
  const byId = new Map(top.entities.map((e) => [e.id, { ...e }]));
  let mentions = top.mentions;
  for (const f of frames) {
    if (f.status !== 'active') continue;
    mentions += f.mentions;
    for (const e of f.entities) {
      const cur = byId.get(e.id);
      if (cur) cur.count += e.count;
      else byId.set(e.id, { ...e });
    }
  }
  const entities = [...byId.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { ...top, entities, mentions };
}

/** Distinct entities across the top frame and its iframes (what the badge counts). */
export function distinctEntities(states: readonly PageState[]): number {
  const ids = new Set<string>();
  for (const s of states) if (s.status === 'active') for (const e of s.entities) ids.add(e.id);
  return ids.size;
}
