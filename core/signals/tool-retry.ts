import { quote } from './format.js';
import { errorInToolResult } from './looks-like-error.js';
import type { SignalDetector } from './make-signal.js';
import { makeSignal } from './make-signal.js';
import { noisyOr } from './strength.js';
import { collectToolInvocations, type ToolInvocation } from './tool-calls.js';
import { andMore } from './trace-spans.js';

/** How much one repeat adds (noisy-or): a call after a failed one is a clear retry; identical arguments suggest a loop. */
const RETRY_AFTER_ERROR = 0.5;
const IDENTICAL_REPEAT = 0.35;
const ADJUSTED_RETRY = 0.25;

/** Arguments compared as JSON with sorted keys when they parse, else as whitespace-collapsed text. */
export function canonicalArguments(args: string | null): string {
  if (args === null) return '';
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  };
  try {
    return JSON.stringify(sortKeys(JSON.parse(args)));
  } catch {
    return args.replace(/\s+/g, ' ').trim();
  }
}

const failed = (call: ToolInvocation) =>
  call.error !== null || (call.result !== null && errorInToolResult(call.result) !== null);

interface ToolRepeats {
  name: string;
  calls: number;
  adjusted: number;
  identical: number;
  afterError: number;
  weights: number[];
  /** The arguments of the last retry with adjusted arguments. */
  lastArguments: string | null;
}

/** Repeats of one tool: a call counts once its turn or its arguments were already seen. */
function repeatsOf(name: string, calls: ToolInvocation[]): ToolRepeats {
  const repeats: ToolRepeats = {
    name,
    calls: calls.length,
    adjusted: 0,
    identical: 0,
    afterError: 0,
    weights: [],
    lastArguments: null,
  };
  const turns = new Set<string>();
  const argsSeen = new Set<string>();
  let errored = false;
  for (const call of calls) {
    const args = canonicalArguments(call.arguments);
    const identical = argsSeen.has(args);
    // Different arguments within one model turn are a fan-out (parallel calls), not a retry.
    const retry = identical || (turns.size > 0 && !turns.has(call.turn));
    if (retry) {
      if (identical) {
        repeats.identical++;
      } else {
        repeats.adjusted++;
        repeats.lastArguments = call.arguments;
      }
      if (errored) repeats.afterError++;
      repeats.weights.push(errored ? RETRY_AFTER_ERROR : identical ? IDENTICAL_REPEAT : ADJUSTED_RETRY);
    }
    turns.add(call.turn);
    argsSeen.add(args);
    errored ||= failed(call);
  }
  return repeats;
}

const describeRepeats = (r: ToolRepeats): string => {
  const parts: string[] = [];
  if (r.adjusted > 0) {
    const last = r.lastArguments ? ` (last ${quote(r.lastArguments, 60)})` : '';
    parts.push(`${r.adjusted} ${r.adjusted === 1 ? 'retry' : 'retries'} with adjusted arguments${last}`);
  }
  if (r.identical > 0) {
    parts.push(`${r.identical} ${r.identical === 1 ? 'repeat' : 'repeats'} with identical arguments`);
  }
  const afterError =
    r.afterError > 0 ? `, ${r.afterError === r.adjusted + r.identical ? 'all' : r.afterError} after an error` : '';
  return `called tool ${quote(r.name, 60)} ${r.calls} times: ${parts.join(', ')}${afterError}`;
};

/**
 * tool_retry: the same tool called again in one trace, in a later model turn with adjusted
 * arguments, or with arguments identical to an earlier call (a loop). Strength grows with the
 * number of repeats (noisy-or of per-repeat weights; a repeat after a failed call weighs most).
 */
export const detectToolRetry: SignalDetector = (input) => {
  const byTool = new Map<string, ToolInvocation[]>();
  for (const call of collectToolInvocations(input.spans)) {
    const list = byTool.get(call.name) ?? [];
    list.push(call);
    byTool.set(call.name, list);
  }
  const repeated = [...byTool]
    .map(([name, calls]) => repeatsOf(name, calls))
    .filter((r) => r.weights.length > 0)
    .sort((a, b) => b.weights.length - a.weights.length || noisyOr(b.weights) - noisyOr(a.weights));
  const top = repeated[0];
  if (top === undefined) return null;
  return makeSignal(
    'tool_retry',
    noisyOr(repeated.flatMap((r) => r.weights)),
    describeRepeats(top) + andMore(repeated.length - 1, 'retried tool', 'retried tools'),
    {
      tool: top.name,
      calls: top.calls,
      adjustedRetries: top.adjusted,
      identicalRepeats: top.identical,
      afterError: top.afterError,
      retriedTools: repeated.length,
    },
  );
};
