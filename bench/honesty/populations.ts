import type { LabeledItem } from '../../core/calibration/calibrate.js';
import type { EvalItem } from '../../core/evaluators/types.js';
import type { Verdict } from '../../core/stats/confusion.js';
import { createRng, type Rng } from '../../core/stats/random.js';

/** A labeled population with known ground truth: thousands of items, labels from a hidden mechanism. */
export interface Population {
  name: string;
  /** What truly separates failures, for the report ('nothing' for noise). */
  mechanism: string;
  items: LabeledItem[];
}

const pick = <T>(rng: Rng, xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
const chance = (rng: Rng, p: number) => rng() < p;

const TOPICS = [
  ['refund', 'Refunds are issued to the original payment method within 5 business days.'],
  ['export', 'Invoices can be exported as CSV from Billing, then Export all.'],
  ['password', 'Passwords are reset from the sign-in page with the Forgot password link.'],
  ['shipping', 'Standard shipping takes 3 to 7 days; express takes 1 to 2 days.'],
  ['plan', 'The Team plan includes 10 seats and priority support.'],
  ['api', 'API keys are created under Settings, Developer, API keys.'],
  ['cancel', 'Subscriptions can be cancelled at any time from the Plan page.'],
  ['invoice', 'Invoices are emailed on the first day of each billing period.'],
] as const;
const OPENERS = ['Sure.', 'Happy to help.', 'Good question.', 'Here is what I found.', 'Thanks for asking.', ''];
const FILLERS = [
  'Let me know if anything else comes up.',
  'You can also find this in the help center.',
  'This applies to every workspace on the account.',
  'The change takes effect right away.',
  'Admins can see the full history in the audit log.',
  'Most customers finish this in a couple of minutes.',
  'Our support team can walk you through it if needed.',
];
const HEDGES = [
  'I think',
  'probably',
  'I am not entirely sure, but',
  'it might be that',
  'as far as I know',
  'I believe',
  'possibly',
  'if I remember correctly',
];
const APOLOGIES = ['Sorry for the trouble.', 'I apologize for the confusion.', 'Unfortunately I cannot do that.'];

interface Draft {
  topic: (typeof TOPICS)[number];
  sentences: string[];
  citations: number[];
  docs: number;
  tool: string;
  expectedTool: string;
}

const draft = (rng: Rng): Draft => {
  const topic = pick(rng, TOPICS);
  const sentences = [pick(rng, OPENERS), topic[1]];
  const extra = Math.floor(rng() * 3);
  for (let i = 0; i < extra; i++) sentences.push(pick(rng, FILLERS));
  const docs = 2 + Math.floor(rng() * 3);
  return {
    topic,
    sentences: sentences.filter(Boolean),
    citations: chance(rng, 0.6) ? [1 + Math.floor(rng() * docs)] : [],
    docs,
    tool: `search_${topic[0]}`,
    expectedTool: `search_${topic[0]}`,
  };
};

const render = (d: Draft, id: string): EvalItem => {
  const cites = d.citations.map((c) => ` [${c}]`).join('');
  const output = `${d.sentences.join(' ')}${cites}`;
  return {
    traceId: id,
    input: `How does ${d.topic[0]} work?`,
    output,
    systemInstructions: 'You are a support assistant. Cite the documents you use as [n].',
    messages: [],
    toolDefinitions: [],
    toolCalls: [
      { id: null, name: d.tool, arguments: JSON.stringify({ query: d.topic[0] }), result: d.topic[1], error: null },
    ],
    retrievedDocuments: Array.from({ length: d.docs }, (_, i) => ({
      id: `doc-${i + 1}`,
      content: i === 0 ? d.topic[1] : `${pick(TOPICS_RNG, FILLERS)} (${d.topic[0]} guide, part ${i + 1})`,
      score: 1 - i / 10,
      metadata: null,
    })),
    outputTokens: Math.round(output.length / 4),
    hasError: false,
  };
};
const TOPICS_RNG = createRng('documents');

/** Flips a share of labels: human reviewers disagree with the mechanism sometimes. */
const noisy = (rng: Rng, verdict: Verdict, rate: number): Verdict =>
  chance(rng, rate) ? (verdict === 'fail' ? 'pass' : 'fail') : verdict;

type Family = (rng: Rng, failRate: number) => { d: Draft; verdict: Verdict };

/** The families a population is drawn from: each a failure mechanism of a real support assistant. */
export const FAMILIES: Record<string, { mechanism: string; make: Family }> = {
  hedging: {
    mechanism: 'hedged answers (any of 8 hedge phrases) fail; 8% label noise',
    make: (rng, failRate) => {
      const d = draft(rng);
      const fail = chance(rng, failRate);
      if (fail) d.sentences.splice(1, 0, `${pick(rng, HEDGES)} ${d.topic[1].toLowerCase()}`);
      else if (chance(rng, 0.05)) d.sentences.push(`${pick(rng, HEDGES)} that is all.`);
      return { d, verdict: noisy(rng, fail ? 'fail' : 'pass', 0.08) };
    },
  },
  'weak-hedging': {
    mechanism: 'failures hedge only 45% of the time, passes 20%: a weak signal (true MCC ≈ 0.25)',
    make: (rng, failRate) => {
      const d = draft(rng);
      const fail = chance(rng, failRate);
      if (chance(rng, fail ? 0.45 : 0.2)) d.sentences.splice(1, 0, `${pick(rng, HEDGES)}, yes.`);
      return { d, verdict: fail ? 'fail' : 'pass' };
    },
  },
  'invented-citation': {
    mechanism: 'a citation beyond the retrieved documents fails; 5% label noise',
    make: (rng, failRate) => {
      const d = draft(rng);
      const fail = chance(rng, failRate);
      if (fail) d.citations = [d.docs + 1 + Math.floor(rng() * 3)];
      return { d, verdict: noisy(rng, fail ? 'fail' : 'pass', 0.05) };
    },
  },
  'over-budget': {
    mechanism: 'answers padded past ~600 characters fail; 10% label noise',
    make: (rng, failRate) => {
      const d = draft(rng);
      const fail = chance(rng, failRate);
      if (fail) for (let i = 0; i < 6 + Math.floor(rng() * 6); i++) d.sentences.push(pick(rng, FILLERS));
      return { d, verdict: noisy(rng, fail ? 'fail' : 'pass', 0.1) };
    },
  },
  'wrong-tool': {
    mechanism: 'calling another topic’s search tool fails; 5% label noise',
    make: (rng, failRate) => {
      const d = draft(rng);
      const fail = chance(rng, failRate);
      if (fail)
        d.tool = `search_${
          pick(
            rng,
            TOPICS.filter((t) => t[0] !== d.topic[0]),
          )[0]
        }`;
      return { d, verdict: noisy(rng, fail ? 'fail' : 'pass', 0.05) };
    },
  },
  'apology-mix': {
    mechanism: 'apologies fail only on refund/cancel topics (an interaction: no single phrase works everywhere)',
    make: (rng, failRate) => {
      const d = draft(rng);
      const sensitive = d.topic[0] === 'refund' || d.topic[0] === 'cancel';
      const apologize = chance(rng, 0.35);
      if (apologize) d.sentences.push(pick(rng, APOLOGIES));
      const fail = apologize && sensitive ? chance(rng, Math.min(1, failRate * 6)) : chance(rng, failRate * 0.3);
      return { d, verdict: fail ? 'fail' : 'pass' };
    },
  },
  noise: {
    mechanism: 'nothing: labels are independent of the trace',
    make: (rng, failRate) => {
      const d = draft(rng);
      if (chance(rng, 0.3)) d.sentences.splice(1, 0, `${pick(rng, HEDGES)} so.`);
      if (chance(rng, 0.3)) for (let i = 0; i < 6; i++) d.sentences.push(pick(rng, FILLERS));
      if (chance(rng, 0.2)) d.citations = [d.docs + 1];
      return { d, verdict: chance(rng, failRate) ? 'fail' : 'pass' };
    },
  },
};

/** A population of `size` items from one family, with its own seed and production fail rate. */
export const makePopulation = (family: string, seed: string, size: number, failRate: number): Population => {
  const f = FAMILIES[family];
  if (!f) throw new Error(`unknown family ${family}`);
  const rng = createRng(`${family}:${seed}`);
  const items = Array.from({ length: size }, (_, i) => {
    const { d, verdict } = f.make(rng, failRate);
    const item = render(d, `${family}-${seed}-${i}`);
    return { item, human: { traceId: item.traceId, verdict, score: null, critique: null, dissent: 0 } };
  });
  return { name: `${family}#${seed}`, mechanism: f.mechanism, items };
};
