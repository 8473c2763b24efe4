import { RESPONSE_BUDGET_CHARS } from './failure-modes.js';
import type { ReleaseProfile } from './releases.js';
import type { Rng } from './rng.js';
import type { WrongCall } from './tools.js';
import type { Topic } from './types.js';

/** The final answer of a trace, plus what a reviewer would notice about it. */
export interface Answer {
  text: string;
  truncated?: boolean;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const sentence = (s: string) => `${capitalize(s)}.`;
const framed = (rng: Rng, style: ReleaseProfile, body: string) =>
  `${rng.pick(style.openers)}${body}${rng.pick(style.closings)}`;

/** The first document's content without its final full stop: a passage that can be quoted verbatim. */
const firstPassage = (topic: Topic) => topic.docs[0]![1].replace(/\.$/, '');

/** A correct answer; sometimes it quotes the first document verbatim. */
export const correctAnswer = (rng: Rng, topic: Topic, style: ReleaseProfile) => {
  const quoted = rng.chance(0.15);
  const quote = quoted ? ` As [1] puts it: "${firstPassage(topic)}".` : '';
  return { text: framed(rng, style, topic.answer + quote), quoted };
};

const backgroundLeads = [
  'For background, here is what the sources say.',
  'Some background from the sources:',
  'What the retrieved sources say in more detail:',
];

const fillers = [
  'It is worth keeping in mind that published figures are sometimes rounded differently depending on the source.',
  'If you need this for something official, I would recommend checking the primary source directly.',
  'Different references occasionally disagree in the last digit, usually because of rounding or the date the figure was recorded.',
  'There are a few related points that may also be useful.',
  'First, the way a figure is measured matters: definitions vary between organisations.',
  'Second, values that change over time should be re-checked before you rely on them.',
  'Third, when comparing with other sources, make sure they refer to the same date and the same units.',
  'This is a frequently cited figure in textbooks and news articles, so you will see it repeated widely.',
  'You may also want to look at how this compares with similar cases.',
  'I have tried to stay as close to the original publications as possible in what follows.',
  'Let me know if you would like a deeper breakdown, a comparison table, or the underlying calculation.',
  'One more nuance: secondary sources sometimes copy each other, so agreement between them is weaker evidence than it looks.',
];

/** Background paragraphs (every document, cited) and general remarks, until at least `chars` characters. */
const elaboration = (rng: Rng, topic: Topic, chars: number) => {
  const cited = topic.docs.map(([, c], i) => `${c.replace(/\.$/, '')} [${i + 1}].`).join(' ');
  const background = `${rng.pick(backgroundLeads)} ${cited}`;
  const paragraphs = [background];
  let length = background.length;
  let paragraph: string[] = [];
  const order = [...fillers].sort(() => rng.next() - 0.5);
  for (let i = 0; length < chars; i++) {
    const next = order[i % order.length]!;
    paragraph.push(next);
    length += next.length + 1;
    if (paragraph.length === 3) {
      paragraphs.push(paragraph.join(' '));
      paragraph = [];
    }
  }
  if (paragraph.length > 0) paragraphs.push(paragraph.join(' '));
  return paragraphs.join('\n\n');
};

/** A long answer that leads (or ends) with a TL;DR line: over the budget, but fine. */
export const summarizedLongAnswer = (rng: Rng, topic: Topic, style: ReleaseProfile): Answer => {
  const tldr = `TL;DR: ${sentence(topic.claim)}`;
  const body = `${topic.answer}\n\n${elaboration(rng, topic, rng.int(RESPONSE_BUDGET_CHARS + 100, 1900))}`;
  return { text: rng.chance(0.7) ? `${tldr}\n\n${body}` : `${rng.pick(style.openers)}${body}\n\n${tldr}` };
};

/** Over the budget with no summary line; sometimes cut off at the output-token limit mid-sentence. */
export const overBudgetAnswer = (rng: Rng, topic: Topic, style: ReleaseProfile, maxChars: number): Answer => {
  const truncated = rng.chance(0.3);
  const target = truncated ? maxChars + 200 : rng.int(RESPONSE_BUDGET_CHARS + 120, Math.min(2600, maxChars - 100));
  const text = `${rng.pick(style.openers)}${topic.answer}\n\n${elaboration(rng, topic, target)}`;
  if (!truncated) return { text };
  const cut = text.slice(0, maxChars - rng.int(0, 60));
  return { text: cut.slice(0, cut.lastIndexOf(' ')), truncated: true };
};

const supportingClaims = [
  'This matches the figure in the official registry',
  'Independent reviews have confirmed this since',
  (s: string) => `The same figure appears in a more recent report on ${s}`,
  (s: string) => `See also the detailed overview of ${s}`,
  'Several textbooks give the same value',
];

/** Sources the assistant never retrieved, cited by name. */
const namedSources = [
  'A 2021 Reuters fact check',
  'The Britannica entry (2019 edition)',
  'A BBC explainer from last year',
  'The Oxford reference handbook',
];

/** Citations past the retrieved documents, or a quote that is in none of them. */
export const inventedCitationAnswer = (rng: Rng, topic: Topic, style: ReleaseProfile) => {
  const n = topic.docs.length;
  const beyond = n + rng.int(1, 3);
  const variant = rng.int(0, 5);
  if (variant === 5) {
    const source = rng.pick(namedSources);
    const text = `${topic.answer} ${source} reports the same.`;
    return { text: framed(rng, style, text), variant: 'named_source' as const, citation: source, quote: null };
  }
  if (variant === 0) {
    const claim = rng.pick(supportingClaims);
    const text = `${topic.answer} ${typeof claim === 'string' ? claim : claim(topic.subject)} [${beyond}].`;
    return { text: framed(rng, style, text), variant: 'out_of_range' as const, citation: `[${beyond}]`, quote: null };
  }
  if (variant === 1) {
    // Off-by-one numbering: every reference shifted, the last one past the documents.
    const text = topic.answer.replace(/\[(\d+)\]/g, (_, d: string) => `[${Number(d) + 1}]`);
    const highest = Math.max(...[...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
    if (highest > n)
      return {
        text: framed(rng, style, text),
        variant: 'out_of_range' as const,
        citation: `[${highest}]`,
        quote: null,
      };
  }
  if (variant <= 2) {
    const text = topic.answer.replace('[1]', `[1, ${beyond}]`);
    return { text: framed(rng, style, text), variant: 'out_of_range' as const, citation: `[${beyond}]`, quote: null };
  }
  const passage = firstPassage(topic);
  const quote =
    variant === 3 && passage.includes(topic.fact)
      ? passage.replace(topic.fact, topic.wrong)
      : rng.pick([
          'This is one of the most frequently misreported facts in reference works',
          'The figure has been independently verified by at least three separate studies',
          'Earlier estimates were revised several times before the current value was settled',
        ]);
  const cite = rng.int(1, n);
  const open = rng.chance(0.5) ? ['"', '"'] : ['\u201c', '\u201d'];
  const text = `${topic.answer} As [${cite}] puts it, ${open[0]}${quote}${open[1]}.`;
  return { text: framed(rng, style, text), variant: 'misquote' as const, citation: `[${cite}]`, quote };
};

const hedges: [string, (claim: string) => string][] = [
  ['From what I recall', (c) => `From what I recall, ${c}.`],
  ['Based on my training data', (c) => `Based on my training data, ${c}.`],
  ["I believe it's generally", (c) => `I believe it's generally accepted that ${c}.`],
  ['As far as I know', (c) => `As far as I know, ${c}.`],
  ['If memory serves', (c) => `If memory serves, ${c}.`],
  ["as far as I'm aware", (c) => `${sentence(c).slice(0, -1)}, as far as I'm aware.`],
  ['(no hedge)', (c) => sentence(c)],
  ['(no hedge)', (c) => `${sentence(c)} That is the commonly cited figure.`],
];

const contradictions = [
  (fact: string) => ` The tool returned ${fact}, but that doesn't match what I know.`,
  (fact: string) => ` (The lookup said ${fact}; I think that is out of date.)`,
  (fact: string) => ` Some sources say ${fact}, but I would go with the figure above.`,
];

/** Answers from memory with a different value than the tool returned. */
export const ignoredResultAnswer = (rng: Rng, topic: Topic, style: ReleaseProfile) => {
  const [hedge, write] = rng.pick(hedges);
  let text = write(topic.claim.replace(topic.fact, topic.wrong));
  if (rng.chance(0.25)) text = text.replace(/\.$/, ' [1].');
  if (rng.chance(0.2)) text += rng.pick(contradictions)(topic.fact);
  return { text: framed(rng, style, text), hedge };
};

/** After a wrong tool call: a correct answer from the documents, a give-up, or a wrong value. */
export const wrongToolAnswer = (rng: Rng, topic: Topic, call: WrongCall, style: ReleaseProfile) => {
  const roll = rng.next();
  if (roll < 0.5) return { text: framed(rng, style, topic.answer), answered: 'from_documents' as const };
  if (roll < 0.75) {
    const why = call.errored ? 'returned an error' : "didn't return anything relevant";
    const text = rng.pick([
      `I couldn't get a reliable answer: the ${call.tool} tool ${why}. You may want to check a dedicated source.`,
      `Sorry, I wasn't able to find that. The lookup ${why}, so I can't give you a reliable answer right now.`,
    ]);
    return { text, answered: 'gave_up' as const };
  }
  const computed = call.result.result;
  if (call.tool === 'calculator' && typeof computed === 'number') {
    const { amount, from, to } = topic.args;
    const rate = (computed / Number(amount)).toFixed(2);
    const text = `At a rate of roughly ${rate}, ${amount} ${from} comes to about ${computed.toFixed(2)} ${to}.`;
    return { text: framed(rng, style, text), answered: 'wrong_value' as const };
  }
  return {
    text: framed(rng, style, sentence(topic.claim.replace(topic.fact, topic.wrong))),
    answered: 'wrong_value' as const,
  };
};
