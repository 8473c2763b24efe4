import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeSignalsWithNotes } from '../core/signals/compute-signals.js';
import { llm, signalInput, span } from '../core/signals/signal-fixtures.js';

/**
 * Precision and recall of the invented_citation signal on generated answers labelled invented or
 * not. Dev answers (test/fixtures/signals/generate-citation-dev.mjs) were used for tuning; held-out
 * answers come from a different generator (generate-citation-heldout.mjs) and were not.
 */
interface Item {
  question: string;
  docs: unknown[];
  answer: string;
  invented: boolean;
}

const load = (name: string): Item[] =>
  JSON.parse(readFileSync(new URL(`./fixtures/signals/${name}`, import.meta.url), 'utf8'));

const fires = (item: Item) =>
  computeSignalsWithNotes(
    signalInput([
      span({ kind: 'retrieval', at: 500, content: { retrievedDocuments: item.docs } }),
      llm({ question: item.question, answer: item.answer, at: 1_000 }),
    ]),
  ).signals.some((s) => s.name === 'invented_citation');

const measure = (items: Item[]) => {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const item of items) {
    const hit = fires(item);
    if (hit && item.invented) tp++;
    else if (hit) fp++;
    else if (item.invented) fn++;
  }
  return { n: items.length, precision: tp / (tp + fp), recall: tp / (tp + fn) };
};

const report = (name: string, m: ReturnType<typeof measure>) =>
  console.log(`invented_citation ${name}: n=${m.n} precision=${m.precision.toFixed(3)} recall=${m.recall.toFixed(3)}`);

describe('invented_citation on labelled answers', () => {
  it('reaches its floors on the dev answers', () => {
    const m = measure(load('citation-dev.json'));
    report('dev', m);
    expect(m.precision).toBeGreaterThanOrEqual(0.95);
    expect(m.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('reaches its floors on the held-out answers', () => {
    const m = measure(load('citation-heldout.json'));
    report('held-out', m);
    // Measured once before any floor was set: precision 1.000, recall 0.619 (styles the extractor
    // does not read, e.g. `(doc 5)` and bullet lists under a `References:` line, are missed).
    expect(m.precision).toBeGreaterThanOrEqual(0.95);
    expect(m.recall).toBeGreaterThanOrEqual(0.58);
  });
});
