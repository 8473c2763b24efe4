import { describe, expect, it } from 'vitest';
import { compileBannedPhrasesRule } from './banned-phrases.js';
import { foldText } from './fold-text.js';
import { hugeText, makeItem, message } from './item-fixtures.js';
import type { FieldPath } from './types.js';

const rule = (phrases: string[], field: FieldPath = 'output') =>
  compileBannedPhrasesRule({ kind: 'banned_phrases', phrases, field });

describe('foldText', () => {
  it.each([
    ['As an AI, language-model!', 'as an ai language model '],
    ['CAFÉ  naïve\tRésumé', 'cafe naive resume'],
    ['cafe\u0301', 'cafe'],
    ['ＦＵＬＬ ﬁne', 'full fine'],
    ['Don’t STRASSE Straße', 'dont strasse strasse'],
    ['😀 hi 😀', ' hi '],
    ['lan\u00adguage\u200bmodel', 'languagemodel'],
    ['İstanbul ½ ①', 'istanbul 1 2 1'],
    ['Ⅻ שָׁלוֹם ΩΜΈΓΑΣ', 'xii שלום ωμεγασ'],
    ['', ''],
  ])('%j → %j', (text, folded) => {
    expect(foldText(text)).toBe(folded);
  });

  /** The definition, written the slow way. */
  const reference = (text: string) =>
    text
      .replace(/[\p{Cf}'`\u00b4\u2018\u2019\u02bc]/gu, '')
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/ß/g, 'ss')
      .replace(/ς/g, 'σ')
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ');

  it('agrees with the slow definition on random text', () => {
    const alphabet = [..."aZ 9.,-'’´éÉe\u0301ßẞﬁＡ😀שָׁ中文ا\u00ad\u200d\t\n!İΣς½"];
    let seed = 7;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 2000; n++) {
      const text = Array.from(
        { length: Math.floor(rand() * 20) },
        () => alphabet[Math.floor(rand() * alphabet.length)],
      ).join('');
      expect(foldText(text), JSON.stringify(text)).toBe(reference(text));
    }
  });
});

describe('banned_phrases', () => {
  const phrases = ['as an AI language model', 'I cannot help', 'naïve', 'café', 'ai', '我不能'];
  it.each([
    ['As an A.I. language model...', 1],
    ['As an AI — language   model, I refuse.', 0],
    ['AS AN AI\nLANGUAGE MODEL', 0],
    ['i CANNOT help', 0],
    ['I cannot helpfully answer', 1],
    ['That is naive.', 0],
    ['Un cafe\u0301 noir', 0],
    ['He said so', 1],
    ['AI!', 0],
    ['对不起，我不能回答', 0],
    ['😀😀😀', 1],
    ['', 1],
    ['שלום, as an ai language model', 0],
  ])('%j → %d', (output, score) => {
    expect(rule(phrases)(makeItem({ output })).score).toBe(score);
  });

  it('names the phrases found', () => {
    expect(rule(phrases)(makeItem({ output: 'As an AI language model, I cannot help.' })).explanation).toBe(
      'the output contains banned phrases "as an AI language model", "I cannot help", "ai"',
    );
    expect(rule(['sorry'])(makeItem({ output: 'fine' })).explanation).toBe(
      'the output contains none of the 1 banned phrases',
    );
  });

  it('looks at the chosen field', () => {
    const item = makeItem({ output: 'fine', messages: [message('assistant', 'Sorry about that')] });
    expect(rule(['sorry'], 'output')(item).score).toBe(1);
    expect(rule(['sorry'], 'any_message')(item).score).toBe(0);
  });

  it('scans a 1 MB output in bounded time', () => {
    const output = `${hugeText()} as an AI language model`;
    const start = performance.now();
    expect(rule(phrases)(makeItem({ output })).score).toBe(0);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it.each([
    [[], 'phrases'],
    [['ok', '?!'], 'phrases[1]'],
  ])('refuses %j naming the field', (bad, field) => {
    expect(() => rule(bad)).toThrow(expect.objectContaining({ name: 'EvaluatorConfigError', field }));
  });
});
