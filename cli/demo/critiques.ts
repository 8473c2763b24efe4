import { type FailureModeKey, RESPONSE_BUDGET_CHARS } from './failure-modes.js';
import type { Rng } from './rng.js';
import type { TraceTruth } from './types.js';

const budget = RESPONSE_BUDGET_CHARS.toLocaleString('en-US');

/** What a careful reviewer writes when the call is right: the concrete facts behind it. */
const rightCall = (rng: Rng, t: TraceTruth): string => {
  const e = t.evidence;
  const n = t.documents;
  switch (e.mode) {
    case null:
      if (e.summarized) return `Long, but the TL;DR line gives the answer (${t.fact}) up front, so it's fine.`;
      if (e.flakyTool) {
        return `First ${t.expectedTool} call failed, the retry worked and the answer (${t.fact}) matches the tool.`;
      }
      if (e.quoted) return `The quote is verbatim from source [1] and the answer (${t.fact}) is right.`;
      return rng.pick([
        `Correct: ${t.fact} matches the ${t.expectedTool} result, and the citations point at the ${n} retrieved sources.`,
        `Agrees with the tool (${t.fact}) and only cites [1]–[${n}].`,
        `Fine. Short, correct (${t.fact}), grounded in the sources.`,
      ]);
    case 'invented_citation':
      if (e.variant === 'named_source') {
        return `Cites ${e.citation}, which was never retrieved; only the ${n} knowledge-base documents were available.`;
      }
      if (e.variant === 'misquote') {
        return rng.pick([
          `The passage quoted as ${e.citation} is not in that document. The source actually says ${t.fact}.`,
          `Quote attributed to ${e.citation} doesn't appear in any retrieved source; it was made up.`,
        ]);
      }
      return rng.pick([
        `Cites ${e.citation}, but only ${n} documents were retrieved, so that source doesn't exist.`,
        `${e.citation} points past the retrieved sources (there are ${n}). Invented reference.`,
        `Reference ${e.citation} matches no retrieved document; only [1]–[${n}] exist.`,
      ]);
    case 'wrong_tool': {
      const opening = rng.pick([
        `Called ${e.called} for a question that needs ${t.expectedTool}.`,
        `Wrong tool: ${e.called} can't answer "${t.question}"; it should have used ${t.expectedTool}.`,
      ]);
      const errored = e.errored ? ` The ${e.called} call errored, as you'd expect.` : '';
      const outcome = {
        from_documents: ' The answer happens to be right, but only because the sources had it.',
        gave_up: ' Then it gave up instead of calling the right tool.',
        wrong_value: ` The stated value is wrong; ${t.expectedTool} would have returned ${t.fact}.`,
      }[e.answered];
      return opening + errored + outcome;
    }
    case 'ignored_tool_result': {
      const hedged = e.hedge === '(no hedge)' ? '' : `, prefaced with "${e.hedge}"`;
      return rng.pick([
        `The ${t.expectedTool} result says ${t.fact}, but the answer states ${e.stated}${hedged}. It ignored the tool.`,
        `Answered from memory (${e.stated}) instead of using the tool result (${t.fact}).`,
        `Tool returned ${t.fact}; the reply contradicts it with ${e.stated}.`,
      ]);
    }
    case 'over_budget':
      if (e.truncated) {
        return `Runs into the token limit and is cut off mid-sentence (${e.chars} characters); no summary line.`;
      }
      return rng.pick([
        `${e.chars} characters and no TL;DR line for a one-line question; the answer (${t.fact}) is buried in padding.`,
        `Way over the ${budget}-character budget (${e.chars}) with no summary line.`,
      ]);
  }
};

/** A call that says "fine" although the trace fails. */
const misses = (t: TraceTruth) => [
  'Looks fine to me.',
  'Reads correctly and cites its sources.',
  `Answer seems plausible for "${t.question}".`,
  'No issues spotted.',
];

/** A call of `mode` on a trace that does not have it: a vague doubt, no facts. */
const falseAlarms: Record<FailureModeKey, string[]> = {
  invented_citation: ['Not sure the cited source really says this.', 'The citation looks off to me.'],
  wrong_tool: ['Would have expected a different tool here.', 'Not convinced that was the right tool to call.'],
  ignored_tool_result: ["Doesn't seem to use the tool output.", 'Feels like it answered from memory.'],
  over_budget: ['Longer than it needs to be.', 'Too wordy for a simple question.'],
};

/** The critique a reviewer writes for calling `call` (a failure mode, or null for "fine") on the trace. */
export const writeCritique = (rng: Rng, truth: TraceTruth, call: FailureModeKey | null): string => {
  if (call === truth.mode) return rightCall(rng, truth);
  if (call === null) return rng.pick(misses(truth));
  return rng.pick(falseAlarms[call]);
};
