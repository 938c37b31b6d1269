// Tests of the Russian/Belarusian case form generator.
import { describe, expect, it } from 'vitest';
import { inflectRu } from './inflect';

const has = (alias: string, ...forms: string[]): void => {
  const got = inflectRu(alias);
  for (const f of forms) expect(got, `${alias} → ${f}`).toContain(f);
};

describe('inflectRu', () => {
  it('returns the alias itself first', () => {
    expect(inflectRu('Макей')[0]).toBe('Макей');
    expect(inflectRu('NATO')).toEqual(['NATO']);
  });

  it('inflects the issue examples', () => {
    has('Макей', 'Макей', 'Макея', 'Макею', 'Макеем', 'Макее');
    has('Суриков', 'Сурикова', 'Сурикову', 'Суриковым', 'Сурикове');
    has('Минск', 'Минска', 'Минску', 'Минском', 'Минске');
    has('Москва', 'Москвы', 'Москве', 'Москву', 'Москвой', 'Москвою');
    has('Беларусь', 'Беларуси', 'Беларусью');
    has('Россия', 'России', 'Россию', 'Россией');
    has('Польша', 'Польши', 'Польше', 'Польшу', 'Польшей');
    has('Союзное государство', 'Союзного государства', 'Союзному государству', 'Союзным государством', 'Союзном государстве');
  });

  it('covers common noun and adjective patterns', () => {
    has('Зеленский', 'Зеленского', 'Зеленскому', 'Зеленским', 'Зеленском');
    has('Тихановская', 'Тихановской', 'Тихановскую');
    has('Дмитрий', 'Дмитрия', 'Дмитрию', 'Дмитрием', 'Дмитрии');
    has('Путин', 'Путина', 'Путиным');
    has('Лукашевич', 'Лукашевича', 'Лукашевичем');
    has('Кремль', 'Кремля', 'Кремлю', 'Кремлем', 'Кремле');
    has('Корея', 'Кореи', 'Корее', 'Корею', 'Кореей');
    has('Павел', 'Павла', 'Павлу', 'Павлом');
    has('Соединённые Штаты', 'Соединённых Штатов', 'Соединённым Штатам');
    has('Министерство обороны', 'Министерства обороны', 'Министерством обороны');
    has('Управление', 'Управления', 'Управлении');
    has('Александр Макей', 'Александра Макея', 'Александру Макею');
    has('Совет Министров', 'Совета Министров', 'Советом Министров');
    has('Санкт-Петербург', 'Санкт-Петербурга', 'Санкт-Петербурге');
    has('Государственный пограничный комитет', 'Государственного пограничного комитета');
  });

  it('covers Belarusian spellings', () => {
    has('Мінск', 'Мінска', 'Мінску', 'Мінскам');
    has('Лукашэнка', 'Лукашэнкі', 'Лукашэнку', 'Лукашэнкам');
    has('Беларусь', 'Беларусі', 'Беларуссю');
    has('Сурыкаў', 'Сурыкава', 'Сурыкаву', 'Сурыкавым');
    has('Расія', 'Расіі', 'Расію', 'Расіяй');
  });

  it('leaves indeclinable words alone', () => {
    expect(inflectRu('Лукашенко')).toEqual(['Лукашенко']);
    expect(inflectRu('Бабарико')).toEqual(['Бабарико']);
    expect(inflectRu('ОДКБ')).toEqual(['ОДКБ']);
    expect(inflectRu('Запад-2017')).toEqual(['Запад-2017']);
    expect(inflectRu('Lukashenko')).toEqual(['Lukashenko']);
    expect(inflectRu('Сочи')).toEqual(['Сочи']);
    expect(inflectRu('Александр Лукашенко')).toEqual(expect.arrayContaining(['Александра Лукашенко', 'Александром Лукашенко']));
    expect(inflectRu('Александр Лукашенко').every((f) => f.endsWith(' Лукашенко'))).toBe(true);
  });

  it('agrees the parts of a person’s name without keeping them unchanged', () => {
    const forms = inflectRu('Иван Петров', { person: true });
    expect(forms).toEqual(expect.arrayContaining(['Ивана Петрова', 'Ивану Петрову', 'Иваном Петровым', 'Иване Петрове']));
    expect(forms).not.toContain('Ивану Петров');
    expect(inflectRu('Иван Петров')).toContain('Ивану Петров');
  });

  it('keeps complements after the head noun unchanged', () => {
    expect(inflectRu('Министерство обороны').every((f) => f.endsWith(' обороны'))).toBe(true);
  });

  it('stays bounded on long phrases', () => {
    expect(inflectRu('Белая Красная Синяя Зелёная Жёлтая Чёрная Оранжевая Лиловая').length).toBeLessThanOrEqual(96);
  });
});
