import { describe, expect, it } from 'vitest';
import { MAX_SIMILARITY_CHARS, normalizeText, textSimilarity, trigramDice, wordJaccard } from './similarity.js';

describe('normalizeText', () => {
  it('lower-cases and drops punctuation and extra whitespace', () => {
    expect(normalizeText('  Where is   my ORDER #12345?!\n')).toBe('where is my order 12345');
    expect(normalizeText('Ｆｕｌｌｗｉｄｔｈ, café')).toBe('fullwidth café');
  });
});

describe('textSimilarity', () => {
  it.each([
    ['How do I reset my password?', 'how can I reset my password'],
    ['How do I reset my password?', 'I forgot my password, how do I reset it?'],
    ['What is the refund policy for damaged items?', 'whats your refund policy if the item arrived damaged'],
    ['Cancel my subscription please', 'please cancel my subscripton'],
  ])('scores a rephrasing as similar: %j ~ %j', (a, b) => {
    expect(textSimilarity(a, b)).toBeGreaterThanOrEqual(0.6);
  });

  it.each([
    ['How do I reset my password?', 'What is the weather in Paris tomorrow?'],
    ['Summarize the attached quarterly report for the board', 'Translate this paragraph into French please'],
    ['What are the opening hours of the store on Sunday?', 'What are the shipping costs to Canada?'],
  ])('scores unrelated text as dissimilar: %j vs %j', (a, b) => {
    expect(textSimilarity(a, b)).toBeLessThan(0.4);
  });

  it('scores texts equal after normalization as 1 and empty against text as 0', () => {
    expect(textSimilarity('Where is my order?', 'where is my order')).toBe(1);
    expect(textSimilarity('', 'where is my order')).toBe(0);
    expect(wordJaccard('', '')).toBe(1);
    expect(trigramDice('abc', '')).toBe(0);
  });

  it('reads only the first MAX_SIMILARITY_CHARS characters', () => {
    const head = 'x'.repeat(MAX_SIMILARITY_CHARS);
    const started = performance.now();
    expect(textSimilarity(head + 'a b c '.repeat(200_000), head + 'q r s '.repeat(200_000))).toBe(1);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
