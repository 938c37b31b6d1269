// Deterministic benchmark inputs: synthetic alias catalogs, generated news pages of a given text size, appended paragraphs and the trie regex.
import { pick, prng as rng } from '../../test/prng';
import type { IndexBundle, IndexEntity } from '../../src/types';

/** mulberry32 (test/prng.ts): the same seed always gives the same pages and catalogs. */
export { prng as rng } from '../../test/prng';

function int(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

const EN_WORDS = `the a of and to in that for on with as was at by from it his her their said would which this be have
has had not but were been after over more than about into when could also other some new year years people government
minister officials week month talks meeting agreement plan report statement press city region country border forces
troops economy market prices energy gas oil grain exports imports trade budget tax court judge law vote election
campaign party leader president spokesman spokeswoman committee council analysts experts residents workers farmers
company companies bank banks money crisis war peace conflict ceasefire attack strike drone missile defence security
policy foreign domestic national local public private early late morning evening night today yesterday tomorrow
announced reported confirmed denied warned promised rejected demanded signed approved delayed cancelled expected
according despite while because although however instead meanwhile later earlier recent several many few most all
some each every first second third last next major minor key important senior junior former current future long
short high low large small big little old young strong weak open closed free fair full empty hard soft quiet loud
road bridge river port airport station railway factory plant hospital school university church square street house
building office capital village town district province coast island mountain valley forest field lake sea water
power light heat cold winter summer spring autumn weather storm flood fire smoke dust snow rain wind sun moon
question answer problem solution idea plan project programme schedule deadline target goal result outcome effect
cause reason decision choice option chance risk threat warning signal sign record history story news article`
  .split(/\s+/)
  .filter(Boolean);

const RU_WORDS = `и в на с по что как это было для не от из за к до при после года году время люди власти правительство
министр чиновники неделе месяце переговоры встреча соглашение план доклад заявление пресса город регион страна граница
войска экономика рынок цены энергия газ нефть зерно экспорт импорт торговля бюджет налог суд судья закон голосование
выборы кампания партия лидер президент представитель комитет совет аналитики эксперты жители рабочие фермеры
компания банк деньги кризис война мир конфликт перемирие удар беспилотник ракета оборона безопасность политика
внешний внутренний местный утром вечером ночью сегодня вчера завтра объявил сообщил подтвердил опроверг предупредил
обещал отклонил потребовал подписал одобрил отложил отменил ожидается несмотря пока потому однако вместо тем
позже раньше недавно несколько многие немногие первый второй третий последний следующий главный важный бывший
нынешний будущий длинный короткий высокий низкий большой малый старый молодой сильный слабый открытый закрытый
дорога мост река порт аэропорт станция завод больница школа университет площадь улица дом здание офис столица
деревня район область побережье остров гора долина лес поле озеро море вода свет тепло зима лето весна осень погода
буря пожар дым снег дождь ветер солнце вопрос ответ проблема решение идея проект программа срок цель результат
причина выбор риск угроза сигнал история новости статья`
  .split(/\s+/)
  .filter(Boolean);

const EN_FIRST = `James Anna Peter Maria Thomas Laura Daniel Sophie Martin Clara Oliver Helen Victor Irene Simon Alice
Robert Nora Edward Julia Frank Emma George Lucy Henry Grace Walter Rose Arthur Ella Leon Mila Oscar Vera Hugo Ida
Felix Lena Adrian Paula Marcus Diana Stefan Carla Jonas Elise Tomas Nadia Milan Agnes`
  .split(/\s+/)
  .filter(Boolean);
const RU_FIRST = `Иван Анна Пётр Мария Сергей Ольга Дмитрий Елена Алексей Ирина Николай Татьяна Андрей Наталья Михаил
Светлана Павел Юлия Олег Марина Виктор Галина Григорий Людмила Борис Вера Роман Нина Фёдор Алла Степан Лидия Артём Зоя`
  .split(/\s+/)
  .filter(Boolean);
const EN_SYL = `ka lo ve mir dan sel tor bri gan vel mor ra ni sta ber lin dra zel tan quo rix pel dor hal ven sor tal
mak rin bol cas fen gor hes jun kel lum nov pra ses tuv wol yar zan bre cor dul fas`
  .split(/\s+/)
  .filter(Boolean);
const EN_SUR_END = ['', 'ov', 'son', 'ski', 'er', 'ani', 'ez', 'berg', 'ley', 'ström'];
const EN_PLACE_END = ['ia', 'ora', 'burg', 'grad', 'ton', 'stad', 'ovo', 'ica', 'mouth', 'field'];
const RU_SYL = `ка ло ве мир дан сел тор бри ган вел мор ра ни ста бер лин дра зел тан пел дор хал вен сор тал мак
рин бол кас фен гор кел лум нов пра сес тув вол яр зан бре кор дул фас`
  .split(/\s+/)
  .filter(Boolean);
const RU_SUR_END = ['ов', 'ин', 'ский', 'енко', 'ук', 'ич', 'ев', 'цкий'];
const RU_PLACE_END = ['ск', 'ово', 'град', 'ица', 'ань', 'поль', 'инск', 'ево'];
const EN_ADJ = `Northern Baltic United Eastern Federal National Royal Central Atlantic Continental Free Democratic Independent
Southern Western Pacific Global Metropolitan Imperial Civic`
  .split(/\s+/)
  .filter(Boolean);
const EN_NOUN = `Grain Energy Rail Steel Harbor Freight Mining Shipping Aviation Textile Labour Farmers Workers Science Defence
Water Timber Salt Copper Glass`
  .split(/\s+/)
  .filter(Boolean);
const EN_KIND = `Union Council Company Alliance Front Party Institute Agency Bank Group League Trust Board Authority Foundation`
  .split(/\s+/)
  .filter(Boolean);
const RU_ADJ = `Северный Балтийский Объединённый Восточный Федеральный Национальный Центральный Свободный Южный Западный`
  .split(/\s+/)
  .filter(Boolean);
const RU_KIND = `Союз Совет Фонд Банк Институт Альянс Комитет Трест`.split(/\s+/).filter(Boolean);
const RU_NOUN_GEN = `фермеров металлургов энергетиков судостроителей учёных железнодорожников шахтёров ткачей лесников рыбаков
связистов строителей`
  .split(/\s+/)
  .filter(Boolean);

// ---------------------------------------------------------------------------------------------------------------
// Synthetic catalogs

export interface RankedAlias {
  entity: number;
  text: string;
  script: 'latin' | 'cyrillic';
}

export interface SyntheticCatalog {
  /** Aliases in rank order (the N-alias catalog is the first N); mentions on the pages follow a Zipf law over this order. */
  aliases: RankedAlias[];
  entities: Array<{ id: string; type: IndexEntity['type']; name: string }>;
}

const FILLER = new Set([...EN_WORDS, ...RU_WORDS].map((w) => w.toLowerCase()));

/** 10,000 case-insensitive whole-word aliases: persons (First Last, plus the surname alone for 30%), 2–4-word organisations, places; 70% Latin, 30% Cyrillic. */
export function syntheticCatalog(total = 10_000, seed = 20261124): SyntheticCatalog {
  const r = rng(seed);
  const seen = new Set<string>();
  const aliases: RankedAlias[] = [];
  const entities: SyntheticCatalog['entities'] = [];
  const word = (cyr: boolean, min: number, max: number, ends: readonly string[]) => {
    const syl = cyr ? RU_SYL : EN_SYL;
    let s = '';
    for (let i = int(r, min, max); i > 0; i--) s += pick(r, syl);
    return cap(s + pick(r, ends));
  };
  while (aliases.length < total) {
    const cyr = r() < 0.3;
    const kind = r();
    let texts: string[];
    let type: IndexEntity['type'];
    if (kind < 0.45) {
      type = 'person';
      const last = word(cyr, 1, 2, cyr ? RU_SUR_END : EN_SUR_END);
      texts = [`${pick(r, cyr ? RU_FIRST : EN_FIRST)} ${last}`];
      if (r() < 0.3) texts.push(last);
    } else if (kind < 0.7) {
      type = 'organization';
      if (cyr) {
        const form = r();
        texts = [form < 0.15 ? `${pick(r, RU_KIND)} ${pick(r, RU_NOUN_GEN)}` : `${pick(r, RU_ADJ)} ${pick(r, RU_KIND).toLowerCase()} ${pick(r, RU_NOUN_GEN)}`];
        if (form > 0.85) texts[0] += ` ${word(true, 1, 2, RU_PLACE_END)}а`;
      } else {
        const form = r();
        const base = `${pick(r, EN_NOUN)} ${pick(r, EN_KIND)}`;
        texts = [form < 0.15 ? base : form < 0.85 ? `${pick(r, EN_ADJ)} ${base}` : `${word(false, 1, 2, EN_PLACE_END)} ${pick(r, EN_ADJ)} ${base}`];
      }
    } else {
      type = 'place';
      texts = [word(cyr, 1, 2, cyr ? RU_PLACE_END : EN_PLACE_END)];
    }
    const fresh = texts.filter((t) => {
      const k = t.toLowerCase();
      if (seen.has(k) || FILLER.has(k)) return false;
      seen.add(k);
      return true;
    });
    if (fresh.length === 0) continue;
    const id = `syn-${entities.length}`;
    entities.push({ id, type, name: fresh[0]! });
    for (const text of fresh) {
      if (aliases.length >= total) break;
      aliases.push({ entity: entities.length - 1, text, script: cyr ? 'cyrillic' : 'latin' });
    }
  }
  return { aliases, entities };
}

/** The IndexBundle of the first `n` aliases of a synthetic catalog (what scripts/build.ts --index= takes). */
export function catalogIndex(cat: SyntheticCatalog, n: number): IndexBundle {
  const byEntity = new Map<number, IndexEntity>();
  for (const a of cat.aliases.slice(0, n)) {
    let e = byEntity.get(a.entity);
    if (!e) {
      const src = cat.entities[a.entity]!;
      e = { id: src.id, type: src.type, name: src.name, aliases: [] };
      byEntity.set(a.entity, e);
    }
    e.aliases.push({ text: a.text });
  }
  return { version: 1, entities: [...byEntity.values()] };
}

/**
 * The first `n` entities of a synthetic catalog as the reader's own (drafts for the add form: name, type, the other
 * aliases): a reader who added 1,000 entities and reads pages that mention them.
 */
export function personalDrafts(cat: SyntheticCatalog, n: number): Array<{ name: string; type: IndexEntity['type']; aliases: string[] }> {
  const byEntity = new Map<number, string[]>();
  for (const a of cat.aliases) {
    if (a.entity >= n) continue;
    const list = byEntity.get(a.entity) ?? [];
    list.push(a.text);
    byEntity.set(a.entity, list);
  }
  return cat.entities.slice(0, n).map((e, i) => ({ name: e.name, type: e.type, aliases: (byEntity.get(i) ?? []).filter((t) => t !== e.name) }));
}

/** Every alias text of an index bundle (what a mark.js user would pass), de-duplicated, in catalog order. */
export function aliasTexts(index: IndexBundle, options: { skipNeedsContext?: boolean } = {}): string[] {
  const out = new Set<string>();
  for (const e of index.entities) for (const a of e.aliases) if (!(options.skipNeedsContext && a.needsContext)) out.add(a.text);
  return [...out];
}

// ---------------------------------------------------------------------------------------------------------------
// Trie regex (the mark.js markRegExp baseline)

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

interface TrieNode {
  end: boolean;
  kids: Map<string, TrieNode>;
}

function trieSource(words: readonly string[]): string {
  const root: TrieNode = { end: false, kids: new Map() };
  for (const w of words) {
    let n = root;
    for (const ch of w) {
      let k = n.kids.get(ch);
      if (!k) {
        k = { end: false, kids: new Map() };
        n.kids.set(ch, k);
      }
      n = k;
    }
    n.end = true;
  }
  const emit = (n: TrieNode): string => {
    const alts = [...n.kids.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([ch, k]) => ch.replace(REGEX_SYNTAX, '\\$&') + emit(k));
    if (alts.length === 0) return '';
    const body = alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
    if (!n.end) return body;
    // Greedy optional: at one start position the longest alias wins, like leftmost-longest matchers.
    return alts.length === 1 && [...alts[0]!].length === 1 ? `${body}?` : `(?:${body})?`;
  };
  return emit(root);
}

/**
 * One trie-shaped regex for all aliases with Unicode whole-word lookarounds, flags 'giu'. When some aliases are
 * case-sensitive (acronyms of the seed catalog), the others go in a `(?i:…)` group (RegExp modifiers, Chromium 125+,
 * not Node 20) and the flags are 'gu'.
 */
export function trieRegex(aliases: ReadonlyArray<{ text: string; caseSensitive?: boolean }>): { source: string; flags: string } {
  const ci = [...new Set(aliases.filter((a) => !a.caseSensitive).map((a) => a.text.toLowerCase()))];
  const cs = [...new Set(aliases.filter((a) => a.caseSensitive).map((a) => a.text))];
  const wrap = (body: string) => `(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`;
  if (cs.length === 0) return { source: wrap(trieSource(ci)), flags: 'giu' };
  const parts: string[] = [];
  if (ci.length > 0) parts.push(`(?i:${trieSource(ci)})`);
  parts.push(trieSource(cs));
  return { source: wrap(parts.join('|')), flags: 'gu' };
}

/** Alias specs of an index bundle for trieRegex(). */
export function aliasSpecs(index: IndexBundle, options: { skipNeedsContext?: boolean } = {}): Array<{ text: string; caseSensitive?: boolean }> {
  const out: Array<{ text: string; caseSensitive?: boolean }> = [];
  for (const e of index.entities) {
    for (const a of e.aliases) {
      if (options.skipNeedsContext && a.needsContext) continue;
      out.push({ text: a.text, caseSensitive: a.caseSensitive === true });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Pages

export interface PageStats {
  /** Characters of visible text written (markup excluded). */
  chars: number;
  /** Alias mentions written, of which near-misses (must not match). */
  mentions: number;
  nearMisses: number;
  seedMentions: number;
}

export interface GeneratedPage {
  name: string;
  html: string;
  stats: PageStats;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const PUNCT_AFTER = [',', '.', ';', ':', ')', '!', '?', ','];
const EN_NEAR = ['s', 'ian', 'ese', 'ite', 'ism'];
const RU_NEAR = ['а', 'у', 'ом', 'ой', 'ы', 'ами'];

/** Writes article text: sentences of filler words with alias mentions (~1 per 45 words), inline links/emphasis, and bookkeeping. */
class TextWriter {
  readonly stats: PageStats = { chars: 0, mentions: 0, nearMisses: 0, seedMentions: 0 };
  private readonly zipfCdf: Float64Array;
  private readonly aliasSet: Set<string>;

  constructor(
    private readonly r: () => number,
    private readonly cat: SyntheticCatalog,
    private readonly seedAliases: readonly string[],
    private readonly seedShare = 0.15,
  ) {
    const n = cat.aliases.length;
    this.zipfCdf = new Float64Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += 1 / (i + 1);
      this.zipfCdf[i] = acc;
    }
    for (let i = 0; i < n; i++) this.zipfCdf[i]! /= acc;
    this.aliasSet = new Set(cat.aliases.map((a) => a.text.toLowerCase()));
    for (const s of seedAliases) this.aliasSet.add(s.toLowerCase());
  }

  private zipf(): RankedAlias {
    const u = this.r();
    let lo = 0;
    let hi = this.zipfCdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.zipfCdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return this.cat.aliases[lo]!;
  }

  /** One mention as HTML (possibly inside a link), with the punctuation that follows it. */
  private mention(): string {
    const r = this.r;
    let text: string;
    let cyr: boolean;
    if (this.seedAliases.length > 0 && r() < this.seedShare) {
      text = pick(r, this.seedAliases);
      cyr = /[\u0400-\u04ff]/.test(text);
      this.stats.seedMentions++;
    } else {
      const a = this.zipf();
      cyr = a.script === 'cyrillic';
      text = a.text;
      const v = r();
      if (v < 0.06) text = text.toUpperCase();
      else if (v < 0.1) text = text.toLowerCase();
      else if (v < 0.18) {
        const near = text + pick(r, cyr ? RU_NEAR : EN_NEAR);
        if (!this.aliasSet.has(near.toLowerCase())) {
          text = near;
          this.stats.nearMisses++;
        }
      } else if (v < 0.21 && !cyr) text += r() < 0.5 ? '’s' : "'s";
    }
    this.stats.mentions++;
    const after = r() < 0.3 ? pick(r, cyr ? [...PUNCT_AFTER, '»'] : PUNCT_AFTER) : '';
    this.stats.chars += text.length + after.length;
    const body = esc(text);
    const v = r();
    const html = v < 0.12 ? `<a href="/topic/${this.stats.mentions}">${body}</a>` : v < 0.16 ? `<strong>${body}</strong>` : body;
    return html + esc(after);
  }

  /** A sentence of `min`..`max` words; mentions replace ~1 word in 45. */
  sentence(cyr: boolean, min = 8, max = 24): string {
    const r = this.r;
    const n = int(r, min, max);
    const parts: string[] = [];
    let i = 0;
    while (i < n) {
      if (r() < 1 / 45) {
        parts.push(this.mention());
        i++;
        continue;
      }
      const span = r() < 0.03 ? int(r, 1, 4) : 1;
      const words: string[] = [];
      for (let k = 0; k < span && i < n; k++, i++) {
        let w = pick(r, cyr ? RU_WORDS : EN_WORDS);
        if (i === 0) w = cap(w);
        if (r() < 0.05 && i < n - 1) w += ',';
        words.push(w);
      }
      const t = words.join(' ');
      this.stats.chars += t.length;
      if (span > 1 || r() < 0.01) {
        const v = r();
        const tag = v < 0.55 ? 'a' : v < 0.8 ? 'em' : 'strong';
        parts.push(tag === 'a' ? `<a href="/n/${int(r, 1, 99999)}">${esc(t)}</a>` : `<${tag}>${esc(t)}</${tag}>`);
      } else parts.push(esc(t));
    }
    this.stats.chars += parts.length + 1; // spaces and the final stop
    return `${parts.join(' ')}.`;
  }

  paragraph(cyr: boolean, sentences = int(this.r, 2, 6)): string {
    const out: string[] = [];
    for (let i = 0; i < sentences; i++) out.push(this.sentence(cyr));
    return out.join(' ');
  }
}

/** Realistic news markup: nav, h1/h2, paragraphs with links and emphasis, lists, blockquotes, figures, asides, tables, footer. */
function articleBlocks(w: TextWriter, r: () => number, targetChars: number): string[] {
  const blocks: string[] = [];
  let sinceHeading = 0;
  while (w.stats.chars < targetChars) {
    const cyr = r() < 0.3;
    const lang = cyr ? ' lang="ru"' : '';
    if (sinceHeading > int(r, 6, 10)) {
      blocks.push(`<h2${lang}>${w.sentence(cyr, 3, 8)}</h2>`);
      sinceHeading = 0;
      continue;
    }
    sinceHeading++;
    const v = r();
    if (v < 0.72) blocks.push(`<p${lang}>${w.paragraph(cyr)}</p>`);
    else if (v < 0.8) {
      const tag = r() < 0.6 ? 'ul' : 'ol';
      const items: string[] = [];
      for (let i = int(r, 3, 6); i > 0; i--) items.push(`<li>${w.sentence(cyr, 5, 16)}</li>`);
      blocks.push(`<${tag}${lang}>${items.join('')}</${tag}>`);
    } else if (v < 0.85) blocks.push(`<blockquote${lang}><p>${w.paragraph(cyr, int(r, 1, 2))}</p></blockquote>`);
    else if (v < 0.9) blocks.push(`<figure${lang}><div class="ph"></div><figcaption>${w.sentence(cyr, 6, 14)}</figcaption></figure>`);
    else if (v < 0.94) {
      const items: string[] = [];
      for (let i = int(r, 3, 5); i > 0; i--) items.push(`<li><a href="/related/${int(r, 1, 99999)}">${w.sentence(cyr, 4, 10)}</a></li>`);
      blocks.push(`<aside${lang}><h3>${w.sentence(cyr, 2, 4)}</h3><ul>${items.join('')}</ul></aside>`);
    } else if (v < 0.97) {
      const rows: string[] = [];
      for (let i = int(r, 2, 5); i > 0; i--) rows.push(`<tr><td>${w.sentence(cyr, 2, 5)}</td><td>${int(r, 1, 9999)}</td><td>${w.sentence(cyr, 3, 8)}</td></tr>`);
      blocks.push(`<table${lang}><tbody>${rows.join('')}</tbody></table>`);
    } else blocks.push(`<p class="note"${lang}><small>${w.sentence(cyr, 6, 18)}</small></p>`);
  }
  return blocks;
}

const PAGE_CSS = `body{font:17px/1.55 Georgia,'DejaVu Serif',serif;margin:0;color:#222}
header,footer{background:#f4f4f4;padding:.5em 1em}nav a{margin-right:.8em;font:14px sans-serif}
main{max-width:44em;margin:0 auto;padding:1em}h1{font-size:2em;line-height:1.2}aside{border-left:3px solid #ccc;padding-left:1em;color:#444}
figure{margin:1em 0}.ph{height:120px;background:#dde}figcaption{font-size:.9em;color:#555}table{border-collapse:collapse}
td{border:1px solid #ccc;padding:.2em .4em}blockquote{font-style:italic;margin:1em 2em}.note{color:#666}`;

/**
 * A news page with about `targetChars` characters of visible text. Mentions are Zipf-distributed over the synthetic
 * catalog (so the 50-alias catalog finds about half of them), 15% come from the seed catalog, some are near-misses.
 * The inline script at the end forces the page's own first layout before DOMContentLoaded, so it is not counted in the
 * extension's window (both with and without the extension).
 */
export function generatePage(name: string, targetChars: number, cat: SyntheticCatalog, seedAliases: readonly string[], seed: number): GeneratedPage {
  const r = rng(seed);
  const w = new TextWriter(r, cat, seedAliases);
  const nav: string[] = [];
  for (const s of ['World', 'Europe', 'Politics', 'Business', 'Energy', 'Opinion', 'Culture', 'Sport', 'Мир', 'Экономика', 'Live']) {
    nav.push(`<a href="/section/${encodeURIComponent(s)}">${s}</a>`);
    w.stats.chars += s.length;
  }
  const title = w.sentence(false, 6, 12);
  const byline = w.sentence(false, 3, 6);
  const body = articleBlocks(w, r, targetChars);
  const footer = `<footer><p>© 2026 The Daily Benchmark. All rights reserved.</p><nav><a href="/about">About</a><a href="/contact">Contact</a><a href="/privacy">Privacy</a></nav></footer>`;
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}: ${esc(title.replace(/<[^>]+>/g, ''))}</title>` +
    `<meta name="viewport" content="width=device-width"><style>${PAGE_CSS}</style></head><body>` +
    `<header><nav>${nav.join('')}</nav></header><main><article id="story"><h1>${title}</h1><p class="byline">${byline}</p>\n` +
    `${body.join('\n')}\n</article></main>${footer}<script>document.body.getBoundingClientRect();</script></body></html>`;
  return { name, html, stats: w.stats };
}

/** 20 article paragraphs (about 9,000 characters) appended by the "SPA append" test; a different seed from every page. */
export function appendedParagraphs(cat: SyntheticCatalog, seedAliases: readonly string[], count = 20, seed = 777): { html: string[]; stats: PageStats } {
  const r = rng(seed);
  // A third of these mentions come from the seed catalog, so every catalog has something to highlight in them.
  const w = new TextWriter(r, cat, seedAliases, 1 / 3);
  const html: string[] = [];
  for (let i = 0; i < count; i++) {
    const cyr = i % 3 === 2;
    html.push(`<p${cyr ? ' lang="ru"' : ''}>${w.paragraph(cyr, 4)}</p>`);
  }
  return { html, stats: w.stats };
}
