// Russian/Belarusian case forms of catalog names, generated once when the index is built (never at match time).

/*
 * What is covered (singular nominative in, the six cases out: nom, gen, dat, acc, ins, prep):
 *
 * Russian words
 *   - hard/soft consonant nouns and surnames: Минск → Минска/Минску/Минском/Минске; -ов/-ев/-ин/-ын surnames also get
 *     -ым (Суриков → Суриковым, Путин → Путиным); after ж/ш/ч/щ/ц the instrumental is -ем (Лукашевичем). A few fleeting
 *     vowels (Павел → Павла, Лев → Льва, Орёл → Орла) come from a small list; other fleeting vowels are not handled.
 *   - -й: Макей → Макея/Макею/Макеем/Макее; -ий nouns (Дмитрий → Дмитрия/Дмитрию/Дмитрием/Дмитрии).
 *   - -а/-я nouns: Москва → Москвы/Москве/Москву/Москвой/Москвою, Польша → Польши/Польше/Польшу/Польшей;
 *     -ия: Россия → России/Россию/Россией; -ья (Илья), -ея (Корея).
 *   - -ь nouns: feminine when the ending says so (-сть, -знь, ж/ш/ч/щ+ь, -русь: Беларусь → Беларуси/Беларусью),
 *     otherwise both the masculine and the feminine set (Кремль → Кремля … and the harmless Кремлью).
 *   - neuter -о/-е nouns: государство → государства/государству/государством/государстве, -ие/-ье (Управление →
 *     Управления…). Capitalised -о/-е/-и/-у/-ю words are taken as indeclinable names: Лукашенко, Бабарико, Гродно, Сочи.
 *   - adjectives (masculine -ый/-ий/-ой, feminine -ая/-яя, neuter -ое/-ее, plural -ые/-ие) and -ский surnames:
 *     Зеленский → Зеленского/Зеленскому/Зеленским/Зеленском; Тихановская → Тихановской/Тихановскую.
 *   - plural nouns in -ы (Штаты → Штатов/Штатам/Штатами/Штатах) and lowercase -и.
 * Belarusian words (the word has і or ў, or э after a consonant): the same classes with Belarusian endings: Мінск →
 * Мінска/Мінску/Мінскам, Лукашэнка → Лукашэнкі/Лукашэнку/Лукашэнкам, Сурыкаў → Сурыкава/Сурыкавым, Расія →
 * Расіі/Расію/Расіяй. A -ь word spelt alike in both languages gets both sets (Беларусь → Беларуси and Беларусі,
 * Беларуссю); other Russian spellings do not, since Belarusian text spells the stem differently (Масква, Мінск) and
 * needs its own alias.
 *
 * Phrases: the words before the first noun (adjectives) and that noun agree in case; later lowercase words are a
 * complement and stay as they are (Министерство обороны → Министерства обороны; Союзное государство → Союзного
 * государства); later capitalised words of an all-capitalised phrase may be a name in apposition or a genitive, so
 * they get both their own case form and the unchanged one (Совет Министров → Совета Министров), except in a person's
 * name, where they just agree (Александр Макей → Александра Макея). In a hyphenated compound only the last part
 * inflects (Санкт-Петербург → Санкт-Петербурга; Запад-2017 stays). All-caps words (ОДКБ) and non-Cyrillic words never
 * change.
 *
 * The generator errs on the side of extra forms (a form no one writes costs one trie entry and never matches), never
 * on missing the common ones. Forms are capped at MAX_FORMS per alias.
 */

/** [nom, gen, dat, acc, ins, prep], each with its variants. */
type Slots = string[][];
type Endings = Array<string | string[]>;

const MAX_FORMS = 96;
const VEL = 'гкх';
const SIB = 'жшчщ';
const SIBC = 'жшчщц';
const CONSONANTS = 'бвгджзйклмнпрстфхцчшщў';

const RE_WORD_SPLIT = /([\p{L}\p{M}\p{N}]+)/u;
const RE_CYRILLIC_WORD = /^[\u0400-\u04ff\u0300-\u036f]+$/;
const RE_SINGLE_DASH = /^[-\u2010-\u2015\u2212]$/;

const FLEETING: Record<string, string> = { павел: 'павл', лев: 'льв', орёл: 'орл', орел: 'орл' };

function withEndings(word: string, cut: number, ends: Endings): Slots {
  const stem = word.slice(0, word.length - cut);
  return ends.map((e) => (Array.isArray(e) ? e : [e]).map((x) => stem + x));
}

function union(a: Slots | null, b: Slots | null): Slots | null {
  if (!a) return b;
  if (!b) return a;
  return a.map((slot, i) => [...new Set([...slot, ...(b[i] ?? [])])]);
}

function isCapitalised(word: string): boolean {
  const first = word.charAt(0);
  return first !== first.toLowerCase();
}

function isAllCaps(word: string): boolean {
  return word.length >= 2 && word === word.toUpperCase() && word !== word.toLowerCase();
}

/** Whether the word reads as an adjective (decides where the head noun of a phrase is). */
function isAdjectiveLike(w: string): boolean {
  if (/(ый|ой|ая|яя|ое|ее|ые)$/.test(w)) return true;
  if (/[сцкгхжшчщн]ий$/.test(w)) return true;
  if (/[кгхжшчщ]ие$/.test(w)) return true;
  return /(скі|цкі|ны|вы|ае|ыя)$/.test(w);
}

function ruParadigm(word: string, w: string, cap: boolean): Slots | null {
  // The letter before a one-letter ending (prev) and before a two-letter one (prev2) pick the spelling variant.
  const prev = w.charAt(w.length - 2);
  const prev2 = w.charAt(w.length - 3);
  const fleeting = FLEETING[w];
  if (fleeting !== undefined) {
    const stem = cap ? fleeting.charAt(0).toUpperCase() + fleeting.slice(1) : fleeting;
    return [[word], [stem + 'а'], [stem + 'у'], [word, stem + 'а'], [stem + 'ом'], [stem + 'е']];
  }
  if (w.endsWith('ый')) return withEndings(word, 2, ['ый', 'ого', 'ому', ['ый', 'ого'], 'ым', 'ом']);
  if (w.endsWith('ой')) {
    return withEndings(word, 2, ['ой', 'ого', 'ому', ['ой', 'ого'], VEL.includes(prev2) || 'жш'.includes(prev2) ? 'им' : 'ым', 'ом']);
  }
  if (w.endsWith('ий')) {
    const noun = withEndings(word, 2, ['ий', 'ия', 'ию', ['ий', 'ия'], 'ием', 'ии']);
    if (VEL.includes(prev2)) {
      const adj = withEndings(word, 2, ['ий', 'ого', 'ому', ['ий', 'ого'], 'им', 'ом']);
      return prev2 === 'г' ? union(adj, noun) : adj;
    }
    if (SIB.includes(prev2)) return withEndings(word, 2, ['ий', ['его', 'ого'], ['ему', 'ому'], ['ий', 'его', 'ого'], 'им', ['ем', 'ом']]);
    if (prev2 === 'н') return union(withEndings(word, 2, ['ий', 'его', 'ему', ['ий', 'его'], 'им', 'ем']), noun);
    return noun;
  }
  if (w.endsWith('ая')) return withEndings(word, 2, ['ая', 'ой', 'ой', 'ую', ['ой', 'ою'], 'ой']);
  if (w.endsWith('яя')) return withEndings(word, 2, ['яя', 'ей', 'ей', 'юю', ['ей', 'ею'], 'ей']);
  if (w.endsWith('ое')) return withEndings(word, 2, ['ое', 'ого', 'ому', 'ое', VEL.includes(prev2) || 'жш'.includes(prev2) ? 'им' : 'ым', 'ом']);
  if (w.endsWith('ее')) return withEndings(word, 2, ['ее', 'его', 'ему', 'ее', 'им', 'ем']);
  if (w.endsWith('ые')) return withEndings(word, 2, ['ые', 'ых', 'ым', ['ые', 'ых'], 'ыми', 'ых']);
  if (w.endsWith('ие')) {
    const adj = withEndings(word, 2, ['ие', 'их', 'им', ['ие', 'их'], 'ими', 'их']);
    const noun = withEndings(word, 2, ['ие', 'ия', 'ию', 'ие', 'ием', 'ии']);
    if (VEL.includes(prev2) || SIB.includes(prev2)) return adj;
    return prev2 === 'н' ? union(adj, noun) : noun;
  }
  if (w.endsWith('ье')) return withEndings(word, 2, ['ье', 'ья', 'ью', 'ье', 'ьем', 'ье']);
  if (w.endsWith('о')) {
    if (cap && !/(ство|тво)$/.test(w)) return null;
    return withEndings(word, 1, ['о', 'а', 'у', 'о', 'ом', 'е']);
  }
  if (w.endsWith('е')) {
    if (cap) return null;
    return SIBC.includes(prev) ? withEndings(word, 1, ['е', 'а', 'у', 'е', 'ем', 'е']) : withEndings(word, 1, ['е', 'я', 'ю', 'е', 'ем', 'е']);
  }
  if (w.endsWith('а')) {
    const gen = VEL.includes(prev) || SIB.includes(prev) ? 'и' : 'ы';
    const ins = SIBC.includes(prev) ? ['ей', 'ею', 'ой'] : ['ой', 'ою'];
    return withEndings(word, 1, ['а', gen, 'е', 'у', ins, 'е']);
  }
  if (w.endsWith('ия')) return withEndings(word, 2, ['ия', 'ии', 'ии', 'ию', ['ией', 'иею'], 'ии']);
  if (w.endsWith('ья')) return withEndings(word, 2, ['ья', 'ьи', 'ье', 'ью', ['ьей', 'ьею'], 'ье']);
  if (w.endsWith('я')) return withEndings(word, 1, ['я', 'и', 'е', 'ю', ['ей', 'ею'], 'е']);
  if (w.endsWith('ь')) {
    const fem = withEndings(word, 1, ['ь', 'и', 'и', 'ь', 'ью', 'и']);
    if (/(сть|знь|[жшчщ]ь|русь)$/.test(w)) return fem;
    return union(withEndings(word, 1, ['ь', 'я', 'ю', ['ь', 'я'], 'ем', 'е']), fem);
  }
  if (w.endsWith('й')) return withEndings(word, 1, ['й', 'я', 'ю', ['й', 'я'], 'ем', 'е']);
  if (w.endsWith('ы')) return withEndings(word, 1, ['ы', ['ов', ''], 'ам', ['ы', 'ов'], 'ами', 'ах']);
  if (w.endsWith('и')) {
    if (cap) return null;
    return withEndings(word, 1, ['и', ['ей', 'ов', ''], ['ам', 'ям'], ['и', 'ей', 'ов'], ['ами', 'ями'], ['ах', 'ях']]);
  }
  const last = w.charAt(w.length - 1);
  if (!CONSONANTS.includes(last) || last === 'ў') return null;
  const ins = /(ов|ев|ёв|ин|ын)$/.test(w) ? ['ым', 'ом'] : SIBC.includes(last) ? ['ем', 'ом'] : ['ом'];
  return withEndings(word, 0, ['', 'а', 'у', ['', 'а'], ins, 'е']);
}

function byParadigm(word: string, w: string, cap: boolean): Slots | null {
  if (/(скі|цкі|кі|гі|хі)$/.test(w)) return withEndings(word, 1, ['і', 'ага', 'аму', ['і', 'ага'], 'ім', 'ім']);
  if (w.endsWith('ы')) return withEndings(word, 1, ['ы', 'ага', 'аму', ['ы', 'ага'], 'ым', 'ым']);
  if (w.endsWith('ая')) return withEndings(word, 2, ['ая', 'ай', 'ай', 'ую', ['ай', 'аю'], 'ай']);
  if (w.endsWith('ае')) return withEndings(word, 2, ['ае', 'ага', 'аму', 'ае', 'ым', 'ым']);
  if (w.endsWith('ыя')) return withEndings(word, 2, ['ыя', 'ых', 'ым', ['ыя', 'ых'], 'ымі', 'ых']);
  if (w.endsWith('ія')) {
    return union(
      withEndings(word, 2, ['ія', 'іх', 'ім', ['ія', 'іх'], 'імі', 'іх']),
      withEndings(word, 2, ['ія', 'іі', 'іі', 'ію', ['іяй', 'іяю'], 'іі']),
    );
  }
  if (w.endsWith('а')) return withEndings(word, 1, ['а', ['ы', 'і'], ['е', 'ы', 'і', 'у'], 'у', ['ой', 'ою', 'ай', 'аю', 'ам'], ['е', 'ы', 'і', 'у']]);
  if (w.endsWith('я')) return withEndings(word, 1, ['я', 'і', 'і', 'ю', ['яй', 'яю', 'ёй', 'ёю'], 'і']);
  if (w.endsWith('о')) {
    if (cap && !/(ства|тва|ство|тво)$/.test(w)) return null;
    return withEndings(word, 1, ['о', 'а', 'у', 'о', 'ам', 'е']);
  }
  if (w.endsWith('ь')) {
    const stem = word.slice(0, -1);
    const doubled = stem + stem.charAt(stem.length - 1) + 'ю';
    const fem: Slots = [[word], [stem + 'і'], [stem + 'і'], [word], [doubled, stem + 'ю'], [stem + 'і']];
    return union(fem, withEndings(word, 1, ['ь', 'я', 'ю', ['ь', 'я'], 'ем', 'і']));
  }
  if (w.endsWith('й')) return withEndings(word, 1, ['й', 'я', 'ю', ['й', 'я'], 'ем', ['і', 'ю']]);
  if (/[аое]ў$/.test(w)) {
    const stem = word.slice(0, -1) + 'в';
    return [[word], [stem + 'а'], [stem + 'у'], [word, stem + 'а'], [stem + 'ым'], [stem + 'е']];
  }
  if (/[ыі]н$/.test(w)) return withEndings(word, 0, ['', 'а', 'у', ['', 'а'], ['ым', 'ам'], 'е']);
  const last = w.charAt(w.length - 1);
  if (!CONSONANTS.includes(last)) return null;
  return withEndings(word, 0, ['', 'а', 'у', ['', 'а'], ['ам', 'ом'], ['е', 'у']]);
}

// First names and common words recur across a catalog; their paradigms are computed once.
const paradigmCache = new Map<string, Slots | null>();
const CACHE_LIMIT = 5000;

/** Case forms of one Cyrillic word, or null if it does not inflect. */
function wordParadigm(word: string): Slots | null {
  let slots = paradigmCache.get(word);
  if (slots === undefined) {
    slots = computeParadigm(word);
    if (paradigmCache.size >= CACHE_LIMIT) paradigmCache.clear();
    paradigmCache.set(word, slots);
  }
  return slots;
}

function computeParadigm(word: string): Slots | null {
  if (!RE_CYRILLIC_WORD.test(word) || isAllCaps(word)) return null;
  const w = word.toLowerCase();
  const cap = isCapitalised(word);
  const belarusian = /[іў]/.test(w) || /[бвгджзклмнпрстфхцчшщ]э/.test(w);
  if (belarusian) return byParadigm(word, w, cap);
  const ru = ruParadigm(word, w, cap);
  // Most names are spelt differently in Belarusian (Масква, Мінск) and need their own alias; -ь nouns such as
  // Беларусь are spelt alike, so they also get the Belarusian endings (Беларусі, Беларуссю).
  return w.endsWith('ь') && !/[иъщ]/.test(w) ? union(ru, byParadigm(word, w, cap)) : ru;
}

/**
 * All forms of `alias` under Russian/Belarusian inflection, the alias itself first. Non-Cyrillic aliases come back
 * alone. See the header for which words and phrases are covered. `person`: the alias names a person, so its later
 * capitalised words are parts of the name (Иван Петров → Ивана Петрова), never a genitive complement, which halves
 * the forms.
 */
export function inflectRu(alias: string, opts?: { person?: boolean }): string[] {
  const parts = alias.split(RE_WORD_SPLIT);
  // parts alternate separator, word, separator, …, separator; words sit at odd indexes.
  const wordIdx: number[] = [];
  for (let i = 1; i < parts.length; i += 2) wordIdx.push(i);
  if (wordIdx.length === 0) return [alias];

  // Units: words joined by a single dash form one compound, of which only the last word inflects.
  const inflectable: number[] = [];
  for (let k = 0; k < wordIdx.length; k++) {
    const i = wordIdx[k]!;
    const next = parts[i + 1] ?? '';
    const joined = k + 1 < wordIdx.length && RE_SINGLE_DASH.test(next);
    if (!joined) inflectable.push(i);
  }

  const variants = new Map<number, Slots>();
  let headSeen = false;
  let allCapitalised = true;
  let headCapitalised = false;
  for (const i of inflectable) {
    const word = parts[i]!;
    const cap = isCapitalised(word);
    const slots = wordParadigm(word);
    if (!headSeen) {
      allCapitalised &&= cap;
      if (slots) variants.set(i, slots);
      if (!isAdjectiveLike(word.toLowerCase()) || i === inflectable[inflectable.length - 1]) {
        headSeen = true;
        headCapitalised = cap;
      }
      continue;
    }
    allCapitalised &&= cap;
    if (!slots || !cap || !headCapitalised || !allCapitalised) continue;
    // A word that may already be a genitive complement (Совет Министров) also keeps its written form.
    const lw = word.toLowerCase();
    const maybeGenitive = opts?.person !== true && /(ов|ев|ёв|ин|ых|их|[аяыі])$/.test(lw) && !/(ая|яя)$/.test(lw);
    variants.set(i, maybeGenitive ? slots.map((s) => [word, ...s]) : slots);
  }
  if (variants.size === 0) return [alias];

  const out = new Set<string>([alias]);
  for (let slot = 0; slot < 6 && out.size < MAX_FORMS; slot++) {
    let acc: string[] = [''];
    for (let i = 0; i < parts.length; i++) {
      const v = variants.get(i);
      const options = v ? (v[slot] ?? [parts[i]!]) : [parts[i]!];
      const nextAcc: string[] = [];
      for (const prefix of acc) for (const o of options) if (nextAcc.length < MAX_FORMS) nextAcc.push(prefix + o);
      acc = nextAcc;
    }
    for (const f of acc) {
      if (out.size >= MAX_FORMS) break;
      out.add(f);
    }
  }
  return [...out];
}
