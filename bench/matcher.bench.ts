// Node benchmark of the matcher: buildIndex, findMentions, and the prebuilt index (serialize size, loadIndex, extendIndex), seed vs 10,000-alias catalog.
import { pick, prng } from '../test/prng';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { IndexBundle, IndexEntity } from '../src/types';
import {
  aliasCount,
  buildIndex,
  extendIndex,
  FAST_LAYOUT_EDGES,
  findMentions,
  foldForSearch,
  loadIndex,
  serializeIndex,
  tryExtendIndex,
  type MatchIndex,
  type SerializedIndex,
  type SerializeOptions,
} from '../src/matcher/index';
import { inflectRu } from '../src/matcher/inflect';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}bench/results-matcher.md`;
const NOTES_MARKER = '<!-- Notes below this line are written by hand; the bench keeps them. -->';
const WARMUPS = 2;
const RUNS = 7;


// ---------------------------------------------------------------------------------------------------------------
// Catalogs

const e = (id: string, type: IndexEntity['type'], aliases: IndexEntity['aliases']): IndexEntity => ({ id, type, name: aliases[0]!.text, aliases });

/** Used when generated/dataset/index.json has not been built: about the size and shape of the seed catalog. */
function builtInSeed(): IndexEntity[] {
  return [
    e('lukashenko', 'person', [{ text: 'Alexander Lukashenko' }, { text: 'Lukashenko' }, { text: 'Лукашенко' }, { text: 'Лукашэнка', inflect: 'ru' }, { text: 'Łukaszenka' }, { text: 'Alyaksandr Lukashenka' }]),
    e('makei', 'person', [{ text: 'Vladimir Makei' }, { text: 'Makei' }, { text: 'Макей', inflect: 'ru' }, { text: 'Уладзімір Макей' }, { text: 'the Foreign Minister', needsContext: true }]),
    e('surikov', 'person', [{ text: 'Boris Surikov' }, { text: 'Surikov', needsContext: true }, { text: 'Суриков', inflect: 'ru', needsContext: true }]),
    e('putin', 'person', [{ text: 'Vladimir Putin' }, { text: 'Putin' }, { text: 'Путин', inflect: 'ru' }, { text: 'Владимир Путин', inflect: 'ru' }]),
    e('shoigu', 'person', [{ text: 'Sergei Shoigu' }, { text: 'Shoigu' }, { text: 'Шойгу' }]),
    e('khrenin', 'person', [{ text: 'Viktor Khrenin' }, { text: 'Khrenin' }, { text: 'Хренин', inflect: 'ru' }]),
    e('tsikhanouskaya', 'person', [{ text: 'Sviatlana Tsikhanouskaya' }, { text: 'Tsikhanouskaya' }, { text: 'Тихановская', inflect: 'ru' }]),
    e('belarus', 'place', [{ text: 'Belarus' }, { text: 'Republic of Belarus' }, { text: 'Belorussia' }, { text: 'Беларусь', inflect: 'ru' }, { text: 'Белоруссия', inflect: 'ru' }, { text: 'Białoruś' }]),
    e('russia', 'place', [{ text: 'Russia' }, { text: 'Russian Federation' }, { text: 'Россия', inflect: 'ru' }, { text: 'Расія', inflect: 'ru' }]),
    e('poland', 'place', [{ text: 'Poland' }, { text: 'Польша', inflect: 'ru' }, { text: 'Polska' }]),
    e('ukraine', 'place', [{ text: 'Ukraine' }, { text: 'Украина', inflect: 'ru' }, { text: 'Украіна', inflect: 'ru' }]),
    e('lithuania', 'place', [{ text: 'Lithuania' }, { text: 'Литва', inflect: 'ru' }, { text: 'Lietuva' }]),
    e('minsk', 'place', [{ text: 'Minsk' }, { text: 'Минск', inflect: 'ru' }, { text: 'Мінск', inflect: 'ru' }]),
    e('moscow', 'place', [{ text: 'Moscow' }, { text: 'Москва', inflect: 'ru' }, { text: 'Масква', inflect: 'ru' }]),
    e('brest', 'place', [{ text: 'Brest' }, { text: 'Брест', inflect: 'ru' }, { text: 'Брэст', inflect: 'ru' }]),
    e('grodno', 'place', [{ text: 'Grodno' }, { text: 'Hrodna' }, { text: 'Гродно' }]),
    e('vileyka', 'facility', [{ text: 'Vileyka', needsContext: true }, { text: 'Vileyka naval communication centre' }, { text: 'Вилейка', inflect: 'ru', needsContext: true }]),
    e('hantsavichy', 'facility', [{ text: 'Hantsavichy radar' }, { text: 'Hantsavichy', needsContext: true }, { text: 'Ганцевичи', needsContext: true }]),
    e('baranovichi', 'facility', [{ text: 'Baranovichi air base' }, { text: 'Барановичи' }]),
    e('military-base', 'topic', [{ text: 'foreign military base' }, { text: 'military base', needsContext: true }, { text: 'air base', needsContext: true }]),
    e('csto', 'organization', [{ text: 'CSTO' }, { text: 'ОДКБ' }, { text: 'Collective Security Treaty Organization' }, { text: 'Организация Договора о коллективной безопасности' }]),
    e('nato', 'organization', [{ text: 'NATO' }, { text: 'НАТО' }, { text: 'North Atlantic Treaty Organization' }]),
    e('eu', 'organization', [{ text: 'European Union' }, { text: 'EU' }, { text: 'Евросоюз', inflect: 'ru' }]),
    e('union-state', 'organization', [{ text: 'Union State' }, { text: 'Союзное государство', inflect: 'ru' }]),
    e('mod', 'organization', [{ text: 'Ministry of Defence of Belarus' }, { text: 'Министерство обороны Беларуси', inflect: 'ru' }]),
    e('kgb', 'organization', [{ text: 'KGB of Belarus' }, { text: 'КГБ' }]),
    e('zapad-2017', 'event', [{ text: 'Zapad-2017' }, { text: 'West-2017' }, { text: 'Запад-2017' }, { text: 'Zapad', needsContext: true }]),
    e('zapad-2021', 'event', [{ text: 'Zapad-2021' }, { text: 'Запад-2021' }]),
    e('protests-2020', 'event', [{ text: '2020 Belarusian protests' }, { text: 'protests of 2020' }]),
    e('us', 'place', [{ text: 'United States' }, { text: 'U.S.' }, { text: 'США' }]),
    e('washington', 'place', [{ text: 'Washington' }, { text: 'Вашингтон', inflect: 'ru' }]),
    e('iskander', 'topic', [{ text: 'Iskander' }, { text: 'Искандер', inflect: 'ru' }, { text: 'Iskander-M' }]),
    e('s400', 'topic', [{ text: 'S-400' }, { text: 'С-400' }]),
    e('military-doctrine', 'topic', [{ text: 'military doctrine of Belarus' }, { text: 'военная доктрина Беларуси' }]),
  ];
}

function seedCatalog(): { name: string; entities: IndexEntity[] } {
  const path = `${ROOT}generated/dataset/index.json`;
  if (existsSync(path)) return { name: 'seed (generated/dataset)', entities: (JSON.parse(readFileSync(path, 'utf8')) as IndexBundle).entities };
  return { name: 'seed (built-in sample)', entities: builtInSeed() };
}

const LATIN_FIRST = ['Anna', 'Boris', 'Carl', 'Dmitri', 'Elena', 'Frank', 'Greta', 'Hugo', 'Irina', 'Jonas', 'Karl', 'Lena', 'Marek', 'Nina', 'Oskar', 'Pavel', 'Rita', 'Sven', 'Tomas', 'Vera'];
const CYR_FIRST = ['Александр', 'Борис', 'Виктор', 'Галина', 'Дмитрий', 'Елена', 'Иван', 'Ксения', 'Леонид', 'Мария', 'Николай', 'Ольга', 'Пётр', 'Роман', 'Светлана', 'Тарас'];
const SYL = ['ka', 'ro', 'vin', 'del', 'mar', 'sko', 'len', 'tor', 'bel', 'dan', 'mir', 'gor', 'lav', 'zen', 'pol', 'rus', 'tan', 'vel', 'kor', 'nik'];
const CYR_SYL = ['ка', 'ро', 'вин', 'дел', 'мар', 'ско', 'лен', 'тор', 'бел', 'дан', 'мир', 'гор', 'лав', 'зен', 'пол', 'рус', 'тан', 'вел', 'кор', 'ник'];
const CYR_END = ['ов', 'ев', 'ин', 'ский', 'ич', 'енко', 'ук', 'ова', 'ская'];
const ORG_WORDS = ['National', 'Council', 'Agency', 'Institute', 'Union', 'Front', 'Party', 'Bank', 'Committee', 'Centre', 'Fund', 'Guard', 'Border', 'Energy', 'Defence', 'Research', 'Security', 'Trade', 'Press', 'Group'];
const CYR_ORG = ['Национальный', 'совет', 'агентство', 'институт', 'союз', 'фронт', 'партия', 'банк', 'комитет', 'центр', 'фонд', 'гвардия', 'пограничный', 'энергетики', 'обороны', 'исследований', 'безопасности', 'торговли'];

/** 10,000 deterministic aliases over ~4,000 entities: persons, organisations of 2–4 words, single words; 30% Cyrillic. */
function syntheticCatalog(target: number): IndexEntity[] {
  const r = prng(7);
  const seen = new Set<string>();
  const entities: IndexEntity[] = [];
  let total = 0;
  const word = (syl: readonly string[], n: number): string => Array.from({ length: n }, () => pick(r, syl)).join('');
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  const take = (text: string, extra: Partial<IndexEntity['aliases'][number]> = {}): IndexEntity['aliases'][number] | null => {
    const key = foldForSearch(text);
    if (seen.has(key)) return null;
    seen.add(key);
    return { text, ...extra };
  };
  for (let id = 0; total < target; id++) {
    const cyr = r() < 0.3;
    const kind = r();
    const aliases: IndexEntity['aliases'] = [];
    const add = (a: IndexEntity['aliases'][number] | null): void => {
      if (a && total < target) {
        aliases.push(a);
        total++;
      }
    };
    let type: IndexEntity['type'];
    if (kind < 0.45) {
      type = 'person';
      const last = cyr ? cap(word(CYR_SYL, 2)) + pick(r, CYR_END) : cap(word(SYL, 2 + Math.floor(r() * 2)));
      const first = cyr ? pick(r, CYR_FIRST) : pick(r, LATIN_FIRST);
      add(take(`${first} ${last}`, cyr ? { inflect: 'ru' } : {}));
      add(take(last, cyr ? { inflect: 'ru' } : {}));
      if (r() < 0.3) add(take(`${first.charAt(0)}. ${last}`));
    } else if (kind < 0.8) {
      type = 'organization';
      const n = 2 + Math.floor(r() * 3);
      const words = Array.from({ length: n }, (_, i) => (cyr ? (i === 0 ? cap(pick(r, CYR_ORG)) : pick(r, CYR_ORG)) : pick(r, ORG_WORDS)));
      words[n - 1] = cyr ? cap(word(CYR_SYL, 3)) : cap(word(SYL, 3));
      add(take(words.join(' ')));
      const acronym = words.map((w) => w.charAt(0).toUpperCase()).join('') + word(cyr ? CYR_SYL : SYL, 1).toUpperCase();
      add(take(acronym));
      if (r() < 0.2) add(take(`the ${pick(r, ORG_WORDS)}`, { needsContext: true }));
    } else {
      type = 'place';
      add(take(cyr ? cap(word(CYR_SYL, 3)) : cap(word(SYL, 3)), cyr ? { inflect: 'ru' } : {}));
      if (r() < 0.5) add(take(cyr ? cap(word(CYR_SYL, 2)) + 'ск' : cap(word(SYL, 2)) + 'burg'));
    }
    if (aliases.length > 0) entities.push({ id: `syn-${id}`, type, name: aliases[0]!.text, aliases });
  }
  return entities;
}

// ---------------------------------------------------------------------------------------------------------------
// Text

const EN = ('the of and to in a is that for on with as was by at from said it an be has have are were this which ' +
  'government minister president military forces border troops exercise week report officials statement country ' +
  'security agreement would could after before during under against between their its new first last year years ' +
  'people state army defence treaty talks meeting capital region city village river road bridge airport station ' +
  'according sources told reporters analysts expected plans announced confirmed denied database baseline westward').split(' ');
const RU = ('и в не на что с по как из за от к для о его это но был года также при после министр президент ' +
  'армия границы войска учения неделе доклад заявил страны безопасности соглашение было будет власти города ' +
  'районе области реки дороги аэропорта станции сообщили источники аналитики планы объявил подтвердил').split(' ');
const PUNCT = [', ', ', ', '. ', ' ', ' ', ' ', ' ', ' ', ' — ', ': ', '; ', ' (', ') ', '’s ', '" ', ' «', '» '];

/** Mention texts: every alias of both catalogs, Cyrillic ones also in a case form. */
function mentionPool(catalogs: IndexEntity[][], r: () => number): string[] {
  const pool: string[] = [];
  for (const cat of catalogs) {
    for (const ent of cat) {
      for (const a of ent.aliases) {
        if (a.inflect === 'ru' && r() < 0.6) pool.push(pick(r, inflectRu(a.text)));
        else pool.push(a.text);
      }
    }
  }
  return pool;
}

function makeText(bytes: number, seed: readonly string[], synthetic: readonly string[]): string {
  const r = prng(42);
  const parts: string[] = [];
  let len = 0;
  let sinceMention = 0;
  let sentenceStart = true;
  let mentionFlip = false;
  while (len < bytes) {
    let w: string;
    if (sinceMention >= 40 + Math.floor(r() * 10)) {
      // Alternate the catalogs, so both have matches in the same text.
      w = mentionFlip ? pick(r, seed) : pick(r, synthetic);
      mentionFlip = !mentionFlip;
      sinceMention = 0;
    } else {
      w = r() < 0.3 ? pick(r, RU) : pick(r, EN);
      if (sentenceStart) w = w.charAt(0).toUpperCase() + w.slice(1);
      if (r() < 0.02) w = String(1990 + Math.floor(r() * 40));
      sinceMention++;
    }
    const p = r() < 0.85 ? ' ' : pick(r, PUNCT);
    sentenceStart = p === '. ';
    const piece = w + p + (r() < 0.01 ? '\n\n' : '');
    parts.push(piece);
    len += piece.length;
  }
  return parts.join('').slice(0, bytes);
}

// ---------------------------------------------------------------------------------------------------------------
// Measure

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time<T>(f: () => T): [number, T] {
  const t0 = performance.now();
  const v = f();
  return [performance.now() - t0, v];
}

interface Row {
  catalog: string;
  aliases: number;
  size: string;
  buildCold: number;
  buildWarm: number;
  find: number;
  findMin: number;
  mbps: number;
  matches: number;
}

function main(): void {
  const t0 = performance.now();
  const seed = seedCatalog();
  const synthetic = syntheticCatalog(10_000);
  const r = prng(3);
  const text5 = makeText(5 * 1024 * 1024, mentionPool([seed.entities], r), mentionPool([synthetic], r));
  const texts: Array<[string, string]> = [
    ['1 MB', text5.slice(0, 1024 * 1024)],
    ['5 MB', text5],
  ];
  const catalogs: Array<[string, IndexEntity[]]> = [
    [seed.name, seed.entities],
    ['synthetic 10k', synthetic],
  ];
  const rows: Row[] = [];
  for (const [name, entities] of catalogs) {
    const [buildCold, index] = time(() => buildIndex(entities));
    const warm: number[] = [];
    for (let i = 0; i < 7; i++) warm.push(time(() => buildIndex(entities))[0]);
    for (const [size, text] of texts) {
      for (let i = 0; i < WARMUPS; i++) findMentions(text, index);
      const runs: number[] = [];
      let matches = 0;
      for (let i = 0; i < RUNS; i++) {
        const [ms, found] = time(() => findMentions(text, index));
        runs.push(ms);
        matches = found.length;
      }
      const find = median(runs);
      rows.push({ catalog: name, aliases: aliasCount(index), size, buildCold, buildWarm: median(warm), find, findMin: Math.min(...runs), mbps: text.length / (1024 * 1024) / (find / 1000), matches });
    }
  }

  // Build time of the 10k catalog without the Russian case forms, to separate trie cost from inflection cost.
  const plain = synthetic.map((x) => ({ ...x, aliases: x.aliases.map(({ inflect: _inflect, ...a }) => a) }));
  buildIndex(plain);
  const plainBuild = median(Array.from({ length: 7 }, () => time(() => buildIndex(plain))[0]));

  const f = (n: number, d = 1): string => n.toFixed(d);
  const lines: string[] = [];
  lines.push(`# Matcher benchmark (Node ${process.version}, ${new Date().toISOString().slice(0, 10)})`, '');
  lines.push(`findMentions: median of ${RUNS} runs after ${WARMUPS} warm-ups, one call on the whole text; text is English with ~30% Russian words, a mention every ~45 words. buildIndex: first call (cold: includes lazy character tables) and median of 7 later calls (warm).`, '');
  lines.push('| catalog | aliases | text | buildIndex cold ms | buildIndex warm ms | findMentions ms (median) | ms/MB | MB/s | fastest run ms/MB | matches |');
  lines.push('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const x of rows) {
    const mb = x.size === '1 MB' ? 1 : 5;
    lines.push(`| ${x.catalog} | ${x.aliases} | ${x.size} | ${f(x.buildCold)} | ${f(x.buildWarm)} | ${f(x.find)} | ${f(x.find / mb)} | ${f(x.mbps)} | ${f(x.findMin / mb)} | ${x.matches} |`);
  }
  lines.push('', '| text | findMentions cost ratio 10k / seed |', '|---|---:|');
  for (const [size] of texts) {
    const a = rows.find((x) => x.size === size && x.catalog === seed.name)!;
    const b = rows.find((x) => x.size === size && x.catalog === 'synthetic 10k')!;
    lines.push(`| ${size} | ${f(b.find / a.find, 2)} |`);
  }
  const inflected = synthetic.reduce((n, x) => n + x.aliases.filter((a) => a.inflect).length, 0);
  lines.push('', `The synthetic catalog marks ${inflected} Cyrillic aliases inflect: 'ru', so its index also holds their case forms. buildIndex of the same 10k catalog without inflect: ${f(plainBuild)} ms (warm median).`);
  lines.push('', ...prebuiltSection(catalogs, texts[0]![1]));
  lines.push('', `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} at the end (other work on the machine inflates medians).`);
  lines.push('', `Total bench time: ${f((performance.now() - t0) / 1000)} s.`);
  // Hand-written notes below the marker (browser figures, bundle sizes) survive a re-run.
  const previous = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  const at = previous.indexOf(NOTES_MARKER);
  lines.push('', NOTES_MARKER, '', at >= 0 ? previous.slice(at + NOTES_MARKER.length).replace(/^\n+/, '') : '');
  const md = lines.join('\n').replace(/\n*$/, '\n');
  process.stdout.write(md);
  writeFileSync(OUT, md);
}

// ---------------------------------------------------------------------------------------------------------------
// Prebuilt index: serializeIndex size, loadIndex cold (fresh process) and warm, extendIndex with personal entities

const PERSONAL_SYL = ['zu', 'qa', 'xe', 'wy', 'jo', 'fi', 'ho', 'ub', 'ev', 'ix'];
const PERSONAL_CYR = ['зу', 'ща', 'хе', 'жы', 'йо', 'фи', 'хо', 'уб', 'эв', 'ыц'];

/** `n` reader's entities × 3 aliases (full name, surname, Cyrillic surname with inflect 'ru'), none clashing with `taken`. */
function personalCatalog(n: number, taken: ReadonlySet<string>): IndexEntity[] {
  const r = prng(99);
  const seen = new Set(taken);
  const out: IndexEntity[] = [];
  const word = (syl: readonly string[], k: number): string => Array.from({ length: k }, () => pick(r, syl)).join('');
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  while (out.length < n) {
    const last = cap(word(PERSONAL_SYL, 4));
    const cyr = cap(word(PERSONAL_CYR, 3)) + 'ов';
    const texts = [`${pick(r, LATIN_FIRST)} ${last}`, last, cyr];
    if (texts.some((t) => seen.has(foldForSearch(t)))) continue;
    for (const t of texts) seen.add(foldForSearch(t));
    out.push({ id: `user:${out.length}`, type: 'person', name: texts[0]!, aliases: [{ text: texts[0]! }, { text: last }, { text: cyr, inflect: 'ru' }], personal: true });
  }
  return out;
}

/** Runs this file in a fresh Node process (same tsx loader) for cold timings; returns its JSON answer. */
function inChild<T>(...args: string[]): T {
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', ...args], { encoding: 'utf8' });
  return JSON.parse(out) as T;
}

interface LoadTimes {
  parse: number;
  cold: number;
  warm: number;
}
interface ExtendTimes {
  cold: number;
  warm: number;
  tryWarm: number;
}

/** Child side: cold = the first call in this process, warm = median of 7 later calls. */
function child(args: string[]): void {
  const [mode, file, extra] = args;
  const read = (f: string): string => readFileSync(f, 'utf8');
  if (mode === 'load') {
    const json = read(file!);
    const [parse, s] = time(() => JSON.parse(json) as SerializedIndex);
    const [cold] = time(() => loadIndex(s));
    const warm = median(Array.from({ length: 7 }, () => time(() => loadIndex(s))[0]));
    process.stdout.write(JSON.stringify({ parse, cold, warm } satisfies LoadTimes));
  } else if (mode === 'build') {
    const json = read(file!);
    const [parse, entities] = time(() => JSON.parse(json) as IndexEntity[]);
    const [cold] = time(() => buildIndex(entities));
    const warm = median(Array.from({ length: 7 }, () => time(() => buildIndex(entities))[0]));
    process.stdout.write(JSON.stringify({ parse, cold, warm } satisfies LoadTimes));
  } else if (mode === 'extend') {
    const base = loadIndex(JSON.parse(read(file!)) as SerializedIndex);
    const personal = JSON.parse(read(extra!)) as IndexEntity[];
    const [cold] = time(() => extendIndex(base, personal));
    // Alternated, so neither variant gets the warmer JIT or the quieter heap.
    const warm: number[] = [];
    const tryWarm: number[] = [];
    for (let i = 0; i < 7; i++) {
      warm.push(time(() => extendIndex(base, personal))[0]);
      tryWarm.push(time(() => tryExtendIndex(base, personal))[0]);
    }
    process.stdout.write(JSON.stringify({ cold, warm: median(warm), tryWarm: median(tryWarm) } satisfies ExtendTimes));
  } else throw new Error(`unknown child mode ${mode}`);
}

/** Each timing over COLD_PROCESSES fresh processes: median and minimum (cold timings on a shared machine vary a lot). */
const COLD_PROCESSES = 5;
type Spread<T> = { [K in keyof T]: { med: number; min: number } };
function inChildren<T extends object>(...args: string[]): Spread<T> {
  const runs = Array.from({ length: COLD_PROCESSES }, () => inChild<T>(...args) as Record<string, number>);
  const out: Record<string, { med: number; min: number }> = {};
  for (const k of Object.keys(runs[0]!)) {
    const xs = runs.map((r) => r[k]!);
    out[k] = { med: median(xs), min: Math.min(...xs) };
  }
  return out as Spread<T>;
}

function sameResults(a: MatchIndex, b: MatchIndex, text: string, what: string): void {
  if (JSON.stringify(findMentions(text, a)) !== JSON.stringify(findMentions(text, b))) throw new Error(`bench: ${what} finds other mentions than buildIndex`);
}

function prebuiltSection(catalogs: Array<[string, IndexEntity[]]>, text: string): string[] {
  const f = (n: number, d = 1): string => n.toFixed(d);
  /** "median (min)" of a spread timing. */
  const m = (x: { med: number; min: number }, d = 2): string => `${x.med.toFixed(d)} (${x.min.toFixed(d)})`;
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  const dir = mkdtempSync(join(tmpdir(), 'backstory-bench-'));
  const lines: string[] = [];
  try {
    lines.push('## Prebuilt index (serializeIndex / loadIndex / extendIndex)', '');
    lines.push(
      `Sizes: UTF-8 bytes of JSON.stringify and gzip -9 of that. Cold: the first call in a fresh Node process after its imports; warm: median of 7 later calls in that process; each as "median (minimum)" over ${COLD_PROCESSES} processes. JSON.parse of the file is timed apart (in the content script the bundle's object literal is parsed with the script). The 'auto' layout is compact below ${FAST_LAYOUT_EDGES} edges and fast from there; base64 is the default encoding. The buildIndex rows start from the catalog JSON (IndexBundle.entities) instead.`,
      '',
    );
    lines.push('| catalog | aliases | entries / edges | input | JSON | gzipped | JSON.parse ms | buildIndex / loadIndex cold ms | warm ms |');
    lines.push('|---|---:|---:|---|---:|---:|---:|---:|---:|');
    const loaded: Array<[string, IndexEntity[], MatchIndex, string]> = [];
    for (const [name, entities] of catalogs) {
      const index = buildIndex(entities);
      const fe = join(dir, 'entities.json');
      const ents = JSON.stringify(entities);
      writeFileSync(fe, ents);
      const head = `| ${name} | ${aliasCount(index)} | ${index.entries.length} / ${index.edgeCount}`;
      const bc = inChildren<LoadTimes>('build', fe);
      lines.push(`${head} | catalog JSON → buildIndex | ${kb(Buffer.byteLength(ents))} | ${kb(gzipSync(ents, { level: 9 }).length)} | ${m(bc.parse)} | ${m(bc.cold)} | ${m(bc.warm)} |`);
      const variants: Array<[string, SerializeOptions]> = [
        ['compact, base64', { layout: 'compact' }],
        ['fast, base64', { layout: 'fast' }],
        ['compact, numbers', { layout: 'compact', encoding: 'numbers' }],
        ['fast, numbers', { layout: 'fast', encoding: 'numbers' }],
      ];
      for (const [label, options] of variants) {
        const json = JSON.stringify(serializeIndex(index, options));
        const file = join(dir, 'index.json');
        writeFileSync(file, json);
        const t = inChildren<LoadTimes>('load', file);
        const fromJson = loadIndex(JSON.parse(json) as SerializedIndex);
        sameResults(index, fromJson, text, `loadIndex ${label} (${name})`);
        if (label === 'compact, base64' || label === 'fast, base64') {
          if ((label === 'fast, base64') === index.edgeCount >= FAST_LAYOUT_EDGES) loaded.push([name, entities, fromJson, json]);
        }
        lines.push(`${head} | serialized: ${label} | ${kb(Buffer.byteLength(json))} | ${kb(gzipSync(json, { level: 9 }).length)} | ${m(t.parse)} | ${m(t.cold)} | ${m(t.warm)} |`);
      }
    }

    lines.push('', 'findMentions on the 1 MB text with the loaded (auto layout) index, whose edge table is sized from its edge count rather than from buildIndex\'s estimate: median of 7 runs.', '');
    lines.push('| catalog | findMentions ms, built | findMentions ms, loaded |', '|---|---:|---:|');
    for (const [name, entities, fromJson] of loaded) {
      const built = buildIndex(entities);
      const runs = (ix: MatchIndex): number => {
        for (let i = 0; i < WARMUPS; i++) findMentions(text, ix);
        return median(Array.from({ length: RUNS }, () => time(() => findMentions(text, ix))[0]));
      };
      lines.push(`| ${name} | ${f(runs(built))} | ${f(runs(fromJson))} |`);
    }

    lines.push(
      '',
      "extendIndex: reader's entities × 3 aliases each (full name, surname, and a Cyrillic surname with inflect 'ru', which brings ~12 case forms) added to the loaded (auto layout) index. Cold: the first call on a freshly loaded base in a fresh process (it also builds the base's id set once, and compiles the builder and the Russian inflection); warm: median of 7, each \"median (minimum)\" over the processes. tryExtendIndex reports clashes instead of throwing. The last column is the same result without a prebuilt base.",
      '',
    );
    lines.push('| base | personal aliases | extendIndex cold ms | extendIndex warm ms | tryExtendIndex warm ms | buildIndex(base + personal) warm ms |', '|---|---:|---:|---:|---:|---:|');
    for (const [name, entities, fromJson, json] of loaded) {
      const taken = new Set(entities.flatMap((x) => x.aliases.map((a) => foldForSearch(a.text))));
      const everyone = personalCatalog(1000, taken);
      for (const personal of [everyone.slice(0, 20), everyone]) {
        const fb = join(dir, 'base.json');
        const fp = join(dir, 'personal.json');
        writeFileSync(fb, json);
        writeFileSync(fp, JSON.stringify(personal));
        const ex = inChildren<ExtendTimes>('extend', fb, fp);
        const all = [...entities, ...personal];
        sameResults(buildIndex(all), extendIndex(fromJson, personal), text + personal.map((p) => p.aliases[2]!.text + 'ом').join(' '), `extendIndex (${name})`);
        buildIndex(all);
        const full = median(Array.from({ length: 7 }, () => time(() => buildIndex(all))[0]));
        lines.push(`| ${name} | ${personal.length} × 3 | ${m(ex.cold)} | ${m(ex.warm)} | ${m(ex.tryWarm)} | ${f(full)} |`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (process.argv[2] === '--child') child(process.argv.slice(3));
else main();
