import type { EvalItem } from '../evaluators/types.js';

/**
 * Synthetic traces for the classifier tests: an agent calls a lookup tool, then either answers
 * from the tool's result (pass) or ignores it and answers from prior knowledge (fail). The failure
 * has no single tell-tale phrase: a dozen hedging phrasings, with shared filler text in both classes.
 */

export function evalItem(init: Partial<EvalItem> = {}): EvalItem {
  return {
    traceId: 'trace',
    input: '',
    output: '',
    systemInstructions: null,
    messages: [],
    toolDefinitions: [],
    toolCalls: [],
    retrievedDocuments: [],
    outputTokens: null,
    hasError: false,
    ...init,
  };
}

/** mulberry32: a small seeded PRNG, so fixtures are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Topic {
  tool: string;
  question: (x: string) => string;
  subjects: string[];
  result: (x: string, n: number) => string;
  fact: (x: string, n: number) => string;
  filler: string[];
}

const TOPICS: Topic[] = [
  {
    tool: 'get_weather',
    question: (x) => `What's the weather like in ${x} right now?`,
    subjects: ['Lisbon', 'Oslo', 'Denver', 'Osaka', 'Nairobi', 'Lima'],
    result: (x, n) => `${x}: ${n % 35}°C, light rain, wind ${n % 40} km/h`,
    fact: (x, n) => `it is ${n % 35}°C in ${x} with light rain and wind around ${n % 40} km/h`,
    filler: [
      'Weather can change quickly over the course of a day, especially near the coast.',
      'If you are heading out, a light jacket and an umbrella are sensible choices.',
      'Forecasts for the afternoon often differ from morning conditions.',
      'Wind chill can make it feel a few degrees colder than the thermometer says.',
    ],
  },
  {
    tool: 'get_quote',
    question: (x) => `How is ${x} stock trading today?`,
    subjects: ['ACME', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark'],
    result: (x, n) => `${x} last trade ${100 + (n % 300)}.${n % 100} USD (${n % 2 ? '+' : '-'}${n % 5}.${n % 10}%)`,
    fact: (x, n) => `${x} is at ${100 + (n % 300)}.${n % 100} USD, ${n % 2 ? 'up' : 'down'} ${n % 5}.${n % 10}% today`,
    filler: [
      'Share prices move throughout the trading session in response to news and volume.',
      'Past performance is not a guarantee of future results.',
      'Many investors look at longer-term trends rather than daily moves.',
      'Trading volume and market sentiment both play a role in intraday swings.',
    ],
  },
  {
    tool: 'order_status',
    question: (x) => `Where is my order ${x}?`,
    subjects: ['#4411', '#9820', '#1357', '#2468', '#7001', '#5150'],
    result: (x, n) => `order ${x}: shipped, carrier DHL, expected delivery in ${1 + (n % 6)} days`,
    fact: (x, n) => `order ${x} has shipped with DHL and should arrive in ${1 + (n % 6)} days`,
    filler: [
      'Delivery times can vary depending on the carrier and your location.',
      'You will receive an email notification when the package is out for delivery.',
      'If the parcel does not arrive, our support team can open an investigation.',
      'Tracking information usually updates a few times a day.',
    ],
  },
  {
    tool: 'flight_status',
    question: (x) => `Is flight ${x} on time?`,
    subjects: ['BA117', 'LH400', 'AF22', 'UA901', 'KL641', 'IB6250'],
    result: (x, n) => `${x}: delayed ${10 + (n % 90)} min, gate B${n % 40}, departs ${10 + (n % 12)}:${n % 6}0`,
    fact: (x, n) => `${x} is delayed by ${10 + (n % 90)} minutes and now leaves from gate B${n % 40}`,
    filler: [
      'Airlines update departure boards frequently, so keep an eye on the screens.',
      'Arriving at the airport early leaves time for security checks.',
      'Gate changes are common at busy hubs during peak hours.',
      'Connecting passengers should check their onward flight as well.',
    ],
  },
];

const GROUNDED_OPENERS = [
  (tool: string) => `According to the ${tool} result, `,
  (tool: string) => `The ${tool} lookup just returned this: `,
  (tool: string) => `I checked ${tool}, and `,
  () => 'Per the data I just retrieved, ',
  () => 'The tool output shows that ',
  () => 'Here is what the live data says: ',
  (tool: string) => `Looking at the response from ${tool}, `,
  () => 'The latest reading I fetched says ',
  () => 'The lookup confirms that ',
  () => '',
];
const GROUNDED_CLOSERS = ['', ' This is the current value from the tool.', ' I pulled this just now.', ' [1]'];

const PRIOR_OPENERS = [
  'Based on my training data, ',
  'From what I recall, ',
  "I believe it's generally the case that ",
  'As far as I know, ',
  'If I remember correctly, ',
  'Typically, ',
  'Historically speaking, ',
  'In my experience, ',
  "I'm fairly sure that ",
  'Generally speaking, ',
  'My understanding is that ',
  'Last I heard, ',
];
const PRIOR_CLOSERS = [
  '',
  ' Things may have changed since my knowledge cutoff.',
  ' That was true as of my last update.',
  ' This can vary, so treat it as a rough guide.',
];
const SHARED_CLOSERS = ['', ' Let me know if you need anything else.', ' Hope this helps!', ' Anything else?'];

export interface LabeledItems {
  items: EvalItem[];
  labels: ('pass' | 'fail')[];
}

/**
 * `count` labeled items, alternating pass and fail, each output ~1–3 KB. `withTools: false` drops
 * the tool calls, leaving only input/output text (an uploaded candidate output).
 */
export function groundingFixture(count: number, seed: number, options: { withTools?: boolean } = {}): LabeledItems {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const items: EvalItem[] = [];
  const labels: ('pass' | 'fail')[] = [];
  for (let i = 0; i < count; i++) {
    const pass = i % 2 === 0;
    const topic = pick(TOPICS);
    const subject = pick(topic.subjects);
    const n = Math.floor(random() * 10_000);
    const priorN = n + 1 + Math.floor(random() * 500);
    const answer = pass
      ? `${pick(GROUNDED_OPENERS)(topic.tool)}${topic.fact(subject, n)}.${pick(GROUNDED_CLOSERS)}`
      : `${pick(PRIOR_OPENERS)}${topic.fact(subject, priorN)}.${pick(PRIOR_CLOSERS)}`;
    const filler: string[] = [];
    const sentences = 8 + Math.floor(random() * 25);
    for (let s = 0; s < sentences; s++) filler.push(pick(topic.filler));
    const split = Math.floor(random() * filler.length);
    const output = [...filler.slice(0, split), answer, ...filler.slice(split)].join(' ') + pick(SHARED_CLOSERS);
    items.push(
      evalItem({
        traceId: `t${seed}-${i}`,
        input: topic.question(subject),
        output,
        toolCalls:
          options.withTools === false
            ? []
            : [{ id: `c${i}`, name: topic.tool, arguments: null, result: topic.result(subject, n), error: null }],
      }),
    );
    labels.push(pass ? 'pass' : 'fail');
  }
  return { items, labels };
}
