import { quote } from './format.js';
import { errorInToolResult } from './looks-like-error.js';
import type { SignalDetector } from './make-signal.js';
import { makeSignal } from './make-signal.js';
import { noisyOr } from './strength.js';
import { collectToolInvocations } from './tool-calls.js';
import { andMore } from './trace-spans.js';

/** A recorded failure (error status, exception) is surer than a result that reads like an error. */
const RECORDED_ERROR = 0.6;
const ERROR_LIKE_RESULT = 0.45;

/**
 * tool_error: tool calls that failed: an error status or recorded error, or a result that reads as
 * one (see errorInToolResult). The explanation names the first failing tool and its error.
 */
export const detectToolError: SignalDetector = (input) => {
  const failures = collectToolInvocations(input.spans).flatMap((call) => {
    if (call.error !== null) return [{ call, error: call.error, weight: RECORDED_ERROR }];
    const fromResult = call.result === null ? null : errorInToolResult(call.result);
    return fromResult === null ? [] : [{ call, error: fromResult, weight: ERROR_LIKE_RESULT }];
  });
  const first = failures[0];
  if (first === undefined) return null;
  const verb = first.weight === RECORDED_ERROR ? 'failed' : 'returned an error';
  return makeSignal(
    'tool_error',
    noisyOr(failures.map((f) => f.weight)),
    `tool ${quote(first.call.name, 60)} ${verb}: ${quote(first.error)}${andMore(failures.length - 1, 'tool error', 'tool errors')}`,
    {
      tool: first.call.name,
      errors: failures.length,
      recorded: failures.filter((f) => f.weight === RECORDED_ERROR).length,
    },
  );
};
