import { describe, expect, it } from 'vitest';
import type { RetrievedDocument } from '../normalize/types.js';
import { compileCitationRule } from './citation.js';
import { document, hugeText, makeItem } from './item-fixtures.js';

const docs: RetrievedDocument[] = [
  document('Refunds are accepted within 30 days of purchase with a receipt.', 'kb-refunds'),
  document('Shipping to   Canada takes 5–7 business days. Express shipping is available.', 'kb-shipping'),
  document('Le café est fermé le dimanche. 😀 שלום עולם'),
];
const rule = compileCitationRule({ kind: 'citation' });

describe('citation', () => {
  it.each<[string, string, RetrievedDocument[], number, string]>([
    ['nothing to check', 'Hello there.', docs, 1, 'nothing to check: no citations or quoted passages'],
    ['empty output', '', [], 1, 'nothing to check'],
    [
      'valid numbered citations',
      'Refunds take 30 days [1]; shipping 5–7 days [2][3].',
      docs,
      1,
      'all 3 citations are grounded',
    ],
    ['repeated citation counts once', 'A [1]. B [1].', docs, 1, 'all 1 citations are grounded'],
    [
      'out of range',
      'See [1] and [4].',
      docs,
      0.5,
      '1 of 2 citations grounded: "[4]" refers to no retrieved document (3 documents retrieved)',
    ],
    ['index zero', 'See [0].', docs, 0, '"[0]" refers to no retrieved document'],
    ['no documents retrieved', 'As shown in [2].', [], 0, 'cites "[2]" but no documents were retrieved'],
    [
      'quote found, despite case, spacing and trailing punctuation',
      'The policy says "shipping to canada takes 5–7 business days."',
      docs,
      1,
      'all 1 quotes are grounded',
    ],
    ['curly quote found', 'It reads “Le café est fermé le dimanche.”', docs, 1, 'grounded'],
    ['quote with an ellipsis', 'It says "Refunds are accepted … with a receipt".', docs, 1, 'grounded'],
    [
      'fabricated quote',
      'The policy says "refunds are accepted within 90 days of purchase" [1].',
      docs,
      0.5,
      'quote "refunds are accepted within 90 days of purchase" is in no retrieved document',
    ],
    ['short quotes are not checked', 'They call it "express shipping" here.', docs, 1, 'nothing to check'],
    [
      'quote with no documents',
      'He said "this is a long enough quote to check".',
      [],
      0,
      'but no documents were retrieved',
    ],
    [
      'a JSON output is not full of quotes',
      '{"answer": "refunds are accepted within ninety days always", "source": "[1]"}',
      docs,
      1,
      'all 1 citations are grounded',
    ],
    ['RTL quote', 'הוא אמר “Le café est fermé le dimanche. 😀 שלום עולם”', docs, 1, 'grounded'],
  ])('%s', (_, output, retrievedDocuments, score, explanation) => {
    const e = rule(makeItem({ output, retrievedDocuments }));
    expect(e.score).toBeCloseTo(score, 10);
    expect(e.explanation).toContain(explanation);
  });

  it('resolves keys that are document ids, before positions', () => {
    const byId = compileCitationRule({ kind: 'citation', pattern: '\\[source:\\s*([^\\]]+)\\]' });
    const item = (output: string) => makeItem({ output, retrievedDocuments: docs });
    expect(byId(item('[source: kb-refunds] and [source: kb-shipping, 3]')).score).toBe(1);
    expect(byId(item('[source: kb-returns]')).explanation).toContain(
      '"[source: kb-returns]" refers to no retrieved document',
    );
    const numericIds = [document('a', '7'), document('b', '8')];
    expect(rule(makeItem({ output: 'see [7]', retrievedDocuments: numericIds })).score).toBe(1);
  });

  it('skips quotes when told to', () => {
    const citationsOnly = compileCitationRule({ kind: 'citation', checkQuotes: false });
    const e = citationsOnly(makeItem({ output: 'He said "this is a long enough quote to check".' }));
    expect(e).toEqual({ score: 1, explanation: 'nothing to check: no citations' });
  });

  it('honours minQuoteWords', () => {
    const strict = compileCitationRule({ kind: 'citation', minQuoteWords: 2 });
    expect(strict(makeItem({ output: 'They call it "overnight shipping".', retrievedDocuments: docs })).score).toBe(0);
  });

  it('checks a 1 MB output in bounded time', () => {
    const output = `${hugeText()} [1] [9] "${'word '.repeat(20)}" ${'"'.repeat(10_000)}`;
    const start = performance.now();
    const e = rule(makeItem({ output, retrievedDocuments: docs }));
    expect(e.score).toBeCloseTo(1 / 3, 10);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it.each([
    [{ pattern: '\\[\\d+\\]' }, 'pattern'],
    [{ pattern: '\\[(\\d+)\\](?=\\s)' }, 'pattern'],
    [{ minQuoteWords: 0 }, 'minQuoteWords'],
    [{ checkQuotes: 'yes' }, 'checkQuotes'],
  ])('refuses %j naming the field', (over, field) => {
    const config = { kind: 'citation', ...over } as never;
    expect(() => compileCitationRule(config)).toThrow(expect.objectContaining({ name: 'EvaluatorConfigError', field }));
  });
});
