/** The four failure modes of the research assistant (the seed article's), as the demo creates them. */
export type FailureModeKey = 'invented_citation' | 'wrong_tool' | 'ignored_tool_result' | 'over_budget';

export interface DemoFailureMode {
  key: FailureModeKey;
  title: string;
  /** What counts as this failure, for reviewers and judges. */
  rubric: string;
}

/** Longest answer, in characters, that needs no summary line. */
export const RESPONSE_BUDGET_CHARS = 1200;

export const failureModes: DemoFailureMode[] = [
  {
    key: 'invented_citation',
    title: 'Invented citation',
    rubric:
      'Fail when the answer cites a source that is not among the retrieved documents: a reference number higher ' +
      'than the number of documents retrieved (e.g. [5] when three were retrieved), or a quoted passage that ' +
      'appears in none of the retrieved documents (including a real passage with a changed figure). Citations that ' +
      'point at a retrieved document and quotes copied from one are fine, even when the answer is brief.',
  },
  {
    key: 'wrong_tool',
    title: 'Wrong tool',
    rubric:
      'Fail when the assistant calls a tool that cannot answer the question instead of the one that can: ' +
      'web_search for recent or changing facts, encyclopedia_lookup for settled reference facts, calculator for ' +
      'arithmetic, get_weather for forecasts, convert_currency for money conversions. Calling the weather tool for a ' +
      'currency question, or the calculator with a guessed exchange rate, fails even if the final answer happens to ' +
      'be right. A retry of the right tool after a transient error is fine.',
  },
  {
    key: 'ignored_tool_result',
    title: 'Ignored tool result',
    rubric:
      'Fail when the right tool returned the answer but the final reply does not use it: it answers from prior ' +
      'knowledge ("from what I recall", "based on my training data", or with no hedge at all) and states a value ' +
      'that differs from or contradicts the tool result. A reply that reports the tool result, even in other words ' +
      'or rounded, passes.',
  },
  {
    key: 'over_budget',
    title: 'Over the response budget',
    rubric:
      `Fail when the answer is longer than ${RESPONSE_BUDGET_CHARS.toLocaleString('en-US')} characters and has no ` +
      'summary line (a line starting with "TL;DR:") that gives the answer up front, or when it was cut off at the ' +
      'token limit. Long answers that carry a TL;DR line are fine; so are short ones.',
  },
];

export const failureModeKeys = failureModes.map((m) => m.key);
