// Pure text helpers for labels the UI shows: entity type names, "as of" dates, counts and badge text.
import type { EntityType } from './types';

const TYPE_LABELS: Record<EntityType, [string, string]> = {
  person: ['Person', 'People'],
  organization: ['Organisation', 'Organisations'],
  place: ['Place', 'Places'],
  facility: ['Facility', 'Facilities'],
  event: ['Event', 'Events'],
  topic: ['Topic', 'Topics'],
};

export function typeLabel(t: EntityType, plural = false): string {
  const l = TYPE_LABELS[t];
  return l ? l[plural ? 1 : 0] : t;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2017-09-14" → "14 Sep 2017", "2018-03" → "Mar 2018", "2002" → "2002"; anything else is shown as written. */
export function formatAsOf(asOf: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(asOf);
  if (!m) return asOf;
  const [, y, mo, d] = m;
  const month = mo ? MONTHS[Number(mo) - 1] : undefined;
  if (d && month) return `${Number(d)} ${month} ${y}`;
  if (month) return `${month} ${y}`;
  return y!;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Badge text for a count of distinct entities: empty for none, "999+" beyond three digits. */
export function badgeText(n: number): string {
  if (n <= 0) return '';
  return n > 999 ? '999+' : String(n);
}

/** "6 entities · 23 mentions" */
export function pageSummary(entities: number, mentions: number): string {
  return `${plural(entities, 'entity', 'entities')} · ${plural(mentions, 'mention', 'mentions')}`;
}
