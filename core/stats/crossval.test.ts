import { describe, expect, it } from 'vitest';
import { pooledMcc } from './agreement.js';
import { confusionMatrix, mcc, pairVerdicts, type Verdict } from './confusion.js';
import { crossValidate, type FitFold } from './crossval.js';
import { createRng } from './random.js';
import { tuneThreshold } from './threshold.js';

const randomLabels = (n: number, seed: string): Verdict[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => (rng() < 0.5 ? 'fail' : 'pass'));
};

const mccOf = (humans: Verdict[], predicted: Verdict[]) => mcc(confusionMatrix(pairVerdicts(humans, predicted)));

describe('crossValidate', () => {
  it('never lets an item’s own label reach its prediction', async () => {
    const labels = randomLabels(60, 'labels');
    const items = labels.map((_, i) => ({ id: i }));
    // A model that memorizes its training labels and otherwise guesses the training majority.
    const memorize: FitFold = (trainIdx, { testIdx }) => {
      for (const i of testIdx) expect(trainIdx).not.toContain(i);
      const memory = new Map(trainIdx.map((i) => [i, labels[i]!]));
      const fails = trainIdx.filter((i) => labels[i] === 'fail').length;
      const majority: Verdict = fails * 2 > trainIdx.length ? 'fail' : 'pass';
      return {
        predict: (i) => {
          const verdict = memory.get(i) ?? majority;
          return { score: verdict === 'pass' ? 1 : 0, verdict };
        },
      };
    };
    // In-sample, memorization is perfect: the check below could fail.
    const inSample = await memorize(
      items.map((_, i) => i),
      { index: 0, repeat: 0, testIdx: [] },
    );
    const inSampleVerdicts = await Promise.all(items.map(async (_, i) => (await inSample.predict(i)).verdict));
    expect(mccOf(labels, inSampleVerdicts)).toBe(1);

    const cv = await crossValidate(items, labels, memorize, { k: 5, seed: 'cv' });
    expect(cv.k).toBe(5);
    const [run] = cv.runs;
    expect(mccOf(labels, run!.verdicts)!).toBeLessThan(0.5);
    expect(run!.verdicts.filter((v, i) => v === labels[i]).length).toBeLessThan(labels.length);
  });

  it('returns every item once, in item order, with its fold', async () => {
    const labels = randomLabels(30, 'order');
    const seen: number[] = [];
    const cv = await crossValidate(
      labels,
      labels,
      async () => ({
        predict: async (i) => {
          seen.push(i);
          return { score: i / 100, verdict: 'pass' };
        },
      }),
      { seed: 2 },
    );
    expect([...seen].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    expect(cv.runs[0]!.scores).toEqual(labels.map((_, i) => i / 100));
    expect(new Set(cv.runs[0]!.folds).size).toBe(5);
  });

  it('uses 5 folds at small n (no leave-one-out) and repeats with fresh fold assignments', async () => {
    const labels = randomLabels(12, 'small');
    const trainSizes: number[] = [];
    const cv = await crossValidate(
      labels,
      labels,
      (train) => {
        trainSizes.push(train.length);
        return { predict: () => ({ score: 1, verdict: 'pass' }) };
      },
      { seed: 1, repeats: 3 },
    );
    expect(cv.k).toBe(5);
    expect(cv.runs).toHaveLength(3);
    expect(trainSizes).toHaveLength(15);
    expect(trainSizes.every((n) => n >= 9 && n <= 10)).toBe(true);
    expect(cv.runs[1]!.folds).not.toEqual(cv.runs[0]!.folds);
  });

  it('does not score a training-majority predictor as anti-correlated (the leave-one-out artifact)', async () => {
    // Under leave-one-out with 10 + 10 labels every held-out item leaves its training fold with a
    // majority of the other class, so this predictor is always wrong: MCC −1. Stratified folds keep
    // the training folds balanced, so it predicts one class and is not measurable instead.
    const labels: Verdict[] = [...Array(10).fill('fail'), ...Array(10).fill('pass')];
    const majority: FitFold = (train) => {
      const fails = train.filter((i) => labels[i] === 'fail').length;
      const verdict: Verdict = fails * 2 > train.length ? 'fail' : 'pass';
      return { predict: () => ({ score: verdict === 'pass' ? 1 : 0, verdict }) };
    };
    const cv = await crossValidate(labels, labels, majority, { seed: 'bias', repeats: 3 });
    expect(
      pooledMcc(
        labels,
        cv.runs.map((r) => r.verdicts),
      ),
    ).toBeNull();
  });

  it('tunes a threshold inside each fold and predicts separable data perfectly out of fold', async () => {
    const labels = randomLabels(40, 'sep');
    const scores = labels.map((l, i) => (l === 'pass' ? 0.6 + (i % 7) / 20 : 0.05 + (i % 5) / 20));
    const fit: FitFold = (train) => {
      const { threshold } = tuneThreshold(
        train.map((i) => scores[i]!),
        train.map((i) => labels[i]!),
      );
      return { predict: (i) => ({ score: scores[i]!, verdict: scores[i]! >= threshold ? 'pass' : 'fail' }) };
    };
    const cv = await crossValidate(scores, labels, fit, { seed: 'sep' });
    expect(cv.runs[0]!.verdicts).toEqual(labels);
  });

  it('rejects bad predictions', async () => {
    const labels: Verdict[] = ['fail', 'pass'];
    await expect(
      crossValidate(labels, labels, () => ({ predict: () => ({ score: Number.NaN, verdict: 'pass' }) }), { seed: 1 }),
    ).rejects.toThrow(RangeError);
  });
});
