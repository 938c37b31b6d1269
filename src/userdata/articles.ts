// Saved articles: checking what the extractor returns, indexing passages with the matcher, reading stored records, passages per entity.
import { findMentions, type MatchIndex } from '../matcher';
import { isStopEntity } from '../stop-phrases';
import { isEntityId } from './entities';
import { cleanLine, hash53, httpUrl, isRecord, preview } from './text';
import { LIMITS, type ArticleMention, type ExtractedArticle, type Parsed, type SavedArticle, type SavedPassage } from './types';

const ARTICLE_ID = /^a[a-z0-9]{1,20}$/;

export function isArticleId(id: unknown): id is string {
  return typeof id === 'string' && ARTICLE_ID.test(id);
}

/** One id per address (the #fragment ignored), so saving a page again replaces the earlier copy. */
export function articleIdFor(url: string): string {
  let canonical = url;
  try {
    const u = new URL(url);
    u.hash = '';
    canonical = u.href;
  } catch {
    // httpUrl() has already refused anything that is not a URL; keep the text as it is.
  }
  return `a${hash53(canonical)}`;
}

function optionalLine(v: unknown, max: number): string | null {
  if (typeof v !== 'string') return null;
  const s = cleanLine(v.length > max * 4 ? v.slice(0, max * 4) : v);
  return s === '' ? null : s.slice(0, max);
}

/** Paragraphs cleaned to one line each, empty ones dropped, cut at the size limits (and whether anything was cut). */
function cleanParagraphs(raw: readonly unknown[]): { paragraphs: string[]; cut: boolean } {
  const paragraphs: string[] = [];
  let total = 0;
  let cut = false;
  for (const p of raw) {
    if (typeof p !== 'string') continue;
    let text = cleanLine(p.length > LIMITS.paragraphLength * 2 ? p.slice(0, LIMITS.paragraphLength * 2) : p);
    if (text === '') continue;
    if (text.length > LIMITS.paragraphLength) {
      text = text.slice(0, LIMITS.paragraphLength);
      cut = true;
    }
    if (paragraphs.length >= LIMITS.paragraphs || total + text.length > LIMITS.articleChars) {
      cut = true;
      break;
    }
    paragraphs.push(text);
    total += text.length;
  }
  return { paragraphs, cut };
}

export type ExtractCheck = { ok: true; article: ExtractedArticle; cut: boolean } | { ok: false; error: string };

/**
 * Checks the extractor's answer. It comes from a page (text and metadata are the page's, so hostile), hence every field
 * is re-validated and cut to size here rather than trusted.
 */
export function checkExtracted(raw: unknown): ExtractCheck {
  if (!isRecord(raw)) return { ok: false, error: 'The page could not be read.' };
  if (typeof raw.error === 'string') return { ok: false, error: raw.error.slice(0, 300) };
  const url = httpUrl(raw.url, LIMITS.urlLength);
  if (!url) return { ok: false, error: 'Only web pages (http or https) can be saved.' };
  if (!Array.isArray(raw.paragraphs)) return { ok: false, error: 'The page could not be read.' };
  const { paragraphs, cut } = cleanParagraphs(raw.paragraphs);
  if (paragraphs.length === 0) return { ok: false, error: 'No article text was found on this page.' };
  const site = optionalLine(raw.site, LIMITS.siteLength) ?? new URL(url).hostname;
  const title = optionalLine(raw.title, LIMITS.titleLength) ?? site;
  const date = optionalLine(raw.date, LIMITS.dateLength);
  return { ok: true, cut, article: { url, title, site, date, paragraphs, text: paragraphs.join('\n\n') } };
}

/**
 * Mentions per paragraph, as the dataset build computes passages: entities found anywhere in the article are the
 * context for ambiguous aliases everywhere in it, a paragraph that only repeats the title gives no passage, and stop
 * phrases give none either.
 */
export function indexParagraphs(paragraphs: readonly string[], title: string, index: MatchIndex): ArticleMention[] {
  const context = new Set<string>();
  for (const text of paragraphs) for (const m of findMentions(text, index)) if (!isStopEntity(m.entityId)) context.add(m.entityId);
  const titleKey = cleanLine(title);
  const out: ArticleMention[] = [];
  paragraphs.forEach((text, i) => {
    if (cleanLine(text) === titleKey) return;
    const byEntity = new Map<string, Array<[number, number]>>();
    for (const m of findMentions(text, index, { context })) {
      // Stop phrases ("Washington Post") only keep shorter aliases from matching inside them; they are never passages.
      if (isStopEntity(m.entityId)) continue;
      const spans = byEntity.get(m.entityId) ?? [];
      spans.push([m.start, m.end]);
      byEntity.set(m.entityId, spans);
    }
    for (const [entityId, spans] of byEntity) out.push({ entityId, paragraph: i + 1, spans });
  });
  return out;
}

/** A saved article from a checked extraction, indexed with the current catalog. */
export function createSavedArticle(extracted: ExtractedArticle, index: MatchIndex, indexKey: string, now: number): SavedArticle {
  return {
    id: articleIdFor(extracted.url),
    url: extracted.url,
    title: extracted.title,
    site: extracted.site,
    date: extracted.date,
    savedAt: now,
    paragraphs: [...extracted.paragraphs],
    mentions: indexParagraphs(extracted.paragraphs, extracted.title, index),
    indexKey,
  };
}

/** The same article indexed with another catalog (after the reader's entities or rules changed). */
export function reindexArticle(article: SavedArticle, index: MatchIndex, indexKey: string): SavedArticle {
  return { ...article, mentions: indexParagraphs(article.paragraphs, article.title, index), indexKey };
}

function parseMentions(raw: unknown, paragraphs: readonly string[], problems: string[], at: string): ArticleMention[] {
  if (!Array.isArray(raw)) {
    problems.push(`${at}.mentions: not a list`);
    return [];
  }
  const out: ArticleMention[] = [];
  let bad = 0;
  for (const m of raw) {
    const text = isRecord(m) && Number.isInteger(m.paragraph) ? paragraphs[(m.paragraph as number) - 1] : undefined;
    if (!isRecord(m) || !isEntityId(m.entityId) || text === undefined || (m.paragraph as number) < 1 || !Array.isArray(m.spans)) {
      bad++;
      continue;
    }
    const spans = m.spans.filter(
      (s): s is [number, number] =>
        Array.isArray(s) && s.length === 2 && Number.isInteger(s[0]) && Number.isInteger(s[1]) && s[0] >= 0 && s[0] < s[1] && s[1] <= text.length,
    );
    if (spans.length !== m.spans.length || spans.length === 0) bad++;
    if (spans.length > 0) out.push({ entityId: m.entityId, paragraph: m.paragraph as number, spans: spans.map(([s, e]) => [s, e]) });
  }
  if (bad > 0) problems.push(`${at}.mentions: ${bad} unreadable mention(s) left out`);
  return out;
}

/** Reads one stored or imported article; without a valid id, address or text it is rejected (and reported). */
export function parseSavedArticle(raw: unknown, where: string): Parsed<SavedArticle | null> {
  if (!isRecord(raw)) return { value: null, problems: [`${where}: not an object`] };
  if (!isArticleId(raw.id)) return { value: null, problems: [`${where}: id ${preview(raw.id)} is not an article id`] };
  const at = `${where} (${raw.id})`;
  const url = httpUrl(raw.url, LIMITS.urlLength);
  if (!url) return { value: null, problems: [`${at}: url ${preview(raw.url)} is not an http(s) address`] };
  const rawParagraphs: unknown = raw.paragraphs;
  if (!Array.isArray(rawParagraphs)) return { value: null, problems: [`${at}: paragraphs is not a list`] };
  const problems: string[] = [];
  const { paragraphs, cut } = cleanParagraphs(rawParagraphs);
  if (paragraphs.length === 0) return { value: null, problems: [`${at}: no text`] };
  if (cut || paragraphs.length !== rawParagraphs.length || paragraphs.some((p, i) => p !== rawParagraphs[i])) {
    // Spans point into the stored text: if the text had to change, they can no longer be trusted.
    problems.push(`${at}: the text needed cleaning; its mentions will be recomputed`);
    return { value: { ...baseArticle(raw, url, paragraphs), mentions: [], indexKey: '' }, problems };
  }
  const mentions = parseMentions(raw.mentions, paragraphs, problems, at);
  const indexKey = typeof raw.indexKey === 'string' && raw.indexKey.length <= 100 ? raw.indexKey : '';
  return { value: { ...baseArticle(raw, url, paragraphs), mentions, indexKey }, problems };
}

function baseArticle(raw: Record<string, unknown>, url: string, paragraphs: string[]): Omit<SavedArticle, 'mentions' | 'indexKey'> {
  const site = optionalLine(raw.site, LIMITS.siteLength);
  const savedAt = typeof raw.savedAt === 'number' && Number.isFinite(raw.savedAt) && raw.savedAt >= 0 ? Math.floor(raw.savedAt) : 0;
  return {
    id: raw.id as string,
    url,
    title: optionalLine(raw.title, LIMITS.titleLength) ?? site ?? new URL(url).hostname,
    site,
    date: optionalLine(raw.date, LIMITS.dateLength),
    savedAt,
    paragraphs,
  };
}

/** When an article counts as published: its stated date when the browser can read it, else when it was saved. */
export function articleTime(a: Pick<SavedArticle, 'date' | 'savedAt'>): number {
  const t = a.date ? Date.parse(a.date) : Number.NaN;
  return Number.isFinite(t) ? t : a.savedAt;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dayLabel(t: number): string {
  const d = new Date(t);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "3 May 2018" from the stated date (its own calendar day, whatever its time zone), else "saved 1 Jun 2024". */
export function articleDateLabel(a: Pick<SavedArticle, 'date' | 'savedAt'>): string {
  const ymd = a.date ? /^(\d{4})-(\d{2})-(\d{2})/.exec(a.date) : null;
  if (ymd) return dayLabel(Date.UTC(Number(ymd[1]), Number(ymd[2]) - 1, Number(ymd[3])));
  const t = a.date ? Date.parse(a.date) : Number.NaN;
  if (Number.isFinite(t)) return dayLabel(t);
  return `saved ${dayLabel(a.savedAt)}`;
}

/** Newest article first (by stated date, else save time), then most recently saved, then paragraph order. */
export function savedPassagesFor(entityId: string, saved: readonly SavedArticle[]): SavedPassage[] {
  const out: Array<SavedPassage & { time: number }> = [];
  for (const a of saved) {
    for (const m of a.mentions) {
      if (m.entityId !== entityId) continue;
      const text = a.paragraphs[m.paragraph - 1];
      if (text === undefined) continue;
      out.push({
        articleId: a.id,
        url: a.url,
        title: a.title,
        site: a.site,
        date: a.date,
        savedAt: a.savedAt,
        paragraph: m.paragraph,
        text,
        spans: m.spans.map(([s, e]) => [s, e]),
        time: articleTime(a),
      });
    }
  }
  out.sort((x, y) => y.time - x.time || y.savedAt - x.savedAt || (x.articleId < y.articleId ? -1 : x.articleId > y.articleId ? 1 : 0) || x.paragraph - y.paragraph);
  return out.map(({ time: _time, ...p }) => p);
}

/** Distinct entity ids an article mentions, most mentioned first. */
export function articleEntities(a: SavedArticle): string[] {
  const counts = new Map<string, number>();
  for (const m of a.mentions) counts.set(m.entityId, (counts.get(m.entityId) ?? 0) + m.spans.length);
  return [...counts.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([id]) => id);
}
