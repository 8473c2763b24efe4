import { describe, expect, it } from 'vitest';
import type { ClassifierModel, EvalItem } from '../evaluators/types.js';
import { evalItem, groundingFixture, type LabeledItems, seededRandom } from './fixtures.js';
import { scoreWithClassifier, trainClassifier } from './train.js';

const accuracy = (model: ClassifierModel, { items, labels }: LabeledItems) =>
  items.filter((item, i) => (scoreWithClassifier(model, item).score >= 0.5 ? 'pass' : 'fail') === labels[i]).length /
  items.length;

/** Words that only the failing (answered-from-memory) outputs of the fixture use. */
const HEDGES =
  /my|recall|believe|generally|as far|know|remember|typically|historically|experience|sure|understanding|heard|last|knowledge|cutoff|update|rough|guide|vary|based/;

const train = groundingFixture(100, 1);
const heldOut = groundingFixture(200, 2);
const model = trainClassifier(train.items, train.labels);

/** Pseudo-text with a large vocabulary: every item brings thousands of unseen n-grams. */
function babble(seed: number, words: number): string {
  const random = seededRandom(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from({ length: words }, () =>
    Array.from({ length: 2 + Math.floor(random() * 8) }, () => letters[Math.floor(random() * 26)]).join(''),
  ).join(' ');
}

describe('trainClassifier', () => {
  it('separates held-out answers that ignore the tool result from grounded ones', () => {
    expect(accuracy(model, heldOut)).toBeGreaterThanOrEqual(0.85);
  });

  it('does so from the text alone, without tool calls in the trace', () => {
    const textOnly = trainClassifier(groundingFixture(100, 3, { withTools: false }).items, train.labels);
    expect(accuracy(textOnly, groundingFixture(200, 4, { withTools: false }))).toBeGreaterThanOrEqual(0.85);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(trainClassifier(train.items, train.labels))).toBe(JSON.stringify(model));
  });

  it('round-trips through JSON with identical scores and explanations', () => {
    const restored: ClassifierModel = JSON.parse(JSON.stringify(model));
    for (const item of heldOut.items.slice(0, 20)) {
      expect(scoreWithClassifier(restored, item)).toEqual(scoreWithClassifier(model, item));
    }
  });

  it('keeps the stored model small: sparse weights, at most maxWeights of them', () => {
    expect(JSON.stringify(model).length).toBeLessThan(100_000);
    const items = Array.from({ length: 60 }, (_, i) => evalItem({ output: babble(i, 300) }));
    const labels = items.map((_, i): 'pass' | 'fail' => (i % 2 ? 'pass' : 'fail'));
    const capped = trainClassifier(items, labels, { maxWeights: 500 });
    expect(capped.weightIndices!.filter((index) => index < capped.dimensions).length).toBeLessThanOrEqual(500);
    expect(accuracy(capped, { items, labels })).toBe(1);
  });

  it('names the phrases it leans on', () => {
    const fails = heldOut.items.filter((_, i) => heldOut.labels[i] === 'fail');
    const named = fails.filter((item) => {
      const explanation = scoreWithClassifier(model, item).explanation ?? '';
      const leansFail = /leans fail: ([^;]*)/.exec(explanation)?.[1] ?? '';
      return HEDGES.test(leansFail);
    });
    expect(named.length / fails.length).toBeGreaterThanOrEqual(0.7);
    expect(Object.values(model.featureNames ?? {}).filter((name) => HEDGES.test(name)).length).toBeGreaterThanOrEqual(
      5,
    );
  });

  it('returns a flagged constant model when every label is the same', () => {
    const constant = trainClassifier(train.items.slice(0, 5), Array(5).fill('fail'));
    expect(constant.singleClass).toBe('fail');
    const evaluation = scoreWithClassifier(constant, heldOut.items[0]!);
    expect(evaluation.score).toBeCloseTo(1 / 7, 4);
    expect(evaluation.explanation).toMatch(/fail labels only/);
  });

  it('trains on two examples, empty outputs and unicode, and scores them finitely', () => {
    const items: EvalItem[] = [
      evalItem({ output: '' }),
      evalItem({ input: '東京の天気は?', output: '晴れです、気温は 21°C 🙂' }),
      evalItem({ output: 'Ｆｕｌｌｗｉｄｔｈ ﬁne' }),
    ];
    const tiny = trainClassifier(items.slice(0, 2), ['fail', 'pass']);
    for (const item of items) expect(Number.isFinite(scoreWithClassifier(tiny, item).score)).toBe(true);
    expect(scoreWithClassifier(tiny, items[1]!).score).toBeGreaterThan(scoreWithClassifier(tiny, items[0]!).score);
  });

  it('learns that empty outputs fail, and says so', () => {
    const answers = ['晴れです 🙂', 'Ｆｕｌｌｗｉｄｔｈ ﬁne', 'Yes.', 'Готово', 'مرحبا بالعالم'];
    const items = [...answers.map((output) => evalItem({ output })), ...answers.map(() => evalItem({ output: ' ' }))];
    const empty = trainClassifier(items, [
      ...answers.map(() => 'pass' as const),
      ...answers.map(() => 'fail' as const),
    ]);
    const evaluation = scoreWithClassifier(empty, evalItem({ output: '' }));
    expect(evaluation.score).toBeLessThan(0.5);
    expect(evaluation.explanation).toMatch(/^leans fail: .*\[empty output: high\]/);
  });

  it('scores a huge output in bounded time', () => {
    const huge = evalItem({ output: `From what I recall, ${babble(9, 400_000)}` });
    const started = performance.now();
    const { score } = scoreWithClassifier(model, huge);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(score).toBeGreaterThanOrEqual(0);
  });

  it('scores a stored dense model (no weightIndices) like its sparse form', () => {
    const dense: ClassifierModel = { ...model, weightIndices: undefined, weights: [] };
    dense.weights = Array(model.dimensions + (model.structuralFeatures?.length ?? 0)).fill(0);
    model.weightIndices!.forEach((index, k) => {
      dense.weights[index] = model.weights[k]!;
    });
    const item = heldOut.items[3]!;
    expect(scoreWithClassifier(dense, item).score).toBeCloseTo(scoreWithClassifier(model, item).score, 12);
  });
});
