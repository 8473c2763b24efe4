import {
  type Answer,
  correctAnswer,
  ignoredResultAnswer,
  inventedCitationAnswer,
  overBudgetAnswer,
  summarizedLongAnswer,
  wrongToolAnswer,
} from './answers.js';
import { type FailureModeKey, failureModeKeys } from './failure-modes.js';
import { userFeedback } from './feedback.js';
import { demoReleases, type FailureRates, releaseFailureRates, releaseProfile } from './releases.js';
import type { Rng } from './rng.js';
import {
  chatSpan,
  type GenAiMessage,
  MAX_OUTPUT_TOKENS,
  retrievalSpan,
  rootSpan,
  SYSTEM_PROMPT,
  tokensOf,
  toolSpan,
} from './spans.js';
import { rightResult, wrongCall } from './tools.js';
import { encyclopediaTopics } from './topics-encyclopedia.js';
import { liveTopics } from './topics-live.js';
import { searchTopics } from './topics-search.js';
import type { DemoSpan, DemoTrace, Json, ToolName, Topic, TraceTruth, TruthEvidence } from './types.js';

export { failureModes } from './failure-modes.js';
export { defaultFailureRates, demoReleases, releaseFailureRates } from './releases.js';

/** Every question the simulated research assistant is asked. */
export const topics: Topic[] = [...encyclopediaTopics, ...searchTopics, ...liveTopics];

export interface GenerateOptions {
  /** Default: the baseline release. */
  release?: string;
  /** Per-mode failure rates before the release's multipliers (default ≈5% each). */
  failureRates?: Partial<FailureRates>;
}

const pickMode = (rng: Rng, rates: FailureRates): FailureModeKey | null => {
  let roll = rng.next();
  for (const key of failureModeKeys) {
    if (roll < rates[key]) return key;
    roll -= rates[key];
  }
  return null;
};

/** Typical tool latencies (ms). */
const toolLatency: Record<ToolName, [number, number]> = {
  web_search: [300, 1400],
  encyclopedia_lookup: [80, 400],
  calculator: [2, 15],
  get_weather: [150, 700],
  convert_currency: [80, 300],
};

interface Call {
  tool: ToolName;
  args: Record<string, Json>;
  outcome: { result: Record<string, Json> } | { error: { type: string; message: string } };
}

const flakyErrors = [
  { type: 'TimeoutError', message: 'upstream did not answer within 10 s', ms: 10_000 },
  { type: 'HTTPError', message: '503 Service Unavailable', ms: 400 },
];

/**
 * One simulated research-assistant trace: the agent span, a retrieval, one model turn per tool call
 * (with the tool span) and a final answering turn, as plain data with its ground truth.
 */
export const generateTrace = (rng: Rng, options: GenerateOptions = {}): DemoTrace => {
  const release = options.release ?? demoReleases.baseline;
  const style = releaseProfile(release);
  const mode = pickMode(rng, releaseFailureRates(release, options.failureRates));
  const topic = rng.pick(topics);
  const question = rng.pick(topic.questions);
  const right: Call = { tool: topic.tool, args: topic.args, outcome: { result: rightResult(topic) } };
  const calls: Call[] = [right];
  let answer: Answer;
  let evidence: TruthEvidence;
  let pressure = false;

  if (mode === 'wrong_tool') {
    const first = wrongCall(rng, topic, question);
    calls.splice(0, 1, { tool: first.tool, args: first.args, outcome: { result: first.result } });
    if (rng.chance(0.25)) {
      const again = wrongCall(rng, topic, question);
      calls.push({ tool: again.tool, args: again.args, outcome: { result: again.result } });
    }
    const reply = wrongToolAnswer(rng, topic, first, style);
    answer = reply;
    evidence = { mode, called: first.tool, errored: first.errored, answered: reply.answered };
  } else if (mode === 'invented_citation') {
    const reply = inventedCitationAnswer(rng, topic, style);
    answer = reply;
    pressure = rng.chance(0.4);
    evidence = { mode, variant: reply.variant, citation: reply.citation, quote: reply.quote };
  } else if (mode === 'ignored_tool_result') {
    const reply = ignoredResultAnswer(rng, topic, style);
    answer = reply;
    evidence = { mode, stated: topic.wrong, hedge: reply.hedge };
  } else if (mode === 'over_budget') {
    answer = overBudgetAnswer(rng, topic, style, MAX_OUTPUT_TOKENS * 4);
    evidence = { mode, chars: answer.text.length, truncated: answer.truncated === true };
  } else {
    const summarized = rng.chance(0.06);
    const flaky = !summarized && rng.chance(0.04);
    const reply = summarized
      ? { ...summarizedLongAnswer(rng, topic, style), quoted: false }
      : correctAnswer(rng, topic, style);
    if (flaky) calls.unshift({ tool: topic.tool, args: topic.args, outcome: { error: rng.pick(flakyErrors) } });
    answer = reply;
    pressure = rng.chance(0.02);
    evidence = { mode: null, chars: reply.text.length, summarized, flakyTool: flaky, quoted: reply.quoted };
  }

  const spans: DemoSpan[] = [];
  const sessionId = `sess_${rng.hex(12)}`;
  const userId = `user-${String(rng.int(1, 400)).padStart(4, '0')}`;
  const retrieval = retrievalSpan(rng, topic, question, rng.between(2, 10));
  spans.push(retrieval);
  // Retrieval that pulled whole pages into the prompt: the input nears the context window.
  const baseInput =
    tokensOf(SYSTEM_PROMPT) + 420 + topic.docs.reduce((n, [t, c]) => n + tokensOf(t + c), 0) + tokensOf(question);
  let inputTokens = baseInput + (pressure ? rng.int(62_000, 118_000) : 0);
  let clock = retrieval.startMs + retrieval.durationMs;
  const messages: GenAiMessage[] = [{ role: 'user', parts: [{ type: 'text', content: question }] }];
  const responseId = () => `chatcmpl-${rng.hex(24)}`;

  calls.forEach((call, i) => {
    const callId = `call_${rng.hex(24)}`;
    const request = { type: 'tool_call', id: callId, name: call.tool, arguments: call.args };
    const outputTokens = rng.int(16, 34);
    clock += rng.between(2, 15);
    const chatMs = rng.between(450, 1300);
    const output: GenAiMessage = { role: 'assistant', parts: [request], finish_reason: 'tool_call' };
    spans.push(
      chatSpan({
        ref: `chat-${i + 1}`,
        startMs: clock,
        durationMs: chatMs,
        topic,
        input: [...messages],
        output,
        inputTokens,
        outputTokens,
        responseId: responseId(),
      }),
    );
    clock += chatMs + rng.between(1, 5);
    const error =
      'error' in call.outcome
        ? flakyErrors.find((e) => e.type === (call.outcome as { error: { type: string } }).error.type)
        : undefined;
    const [low, high] = toolLatency[call.tool];
    const toolMs = error ? error.ms + rng.between(0, 30) : rng.between(low, high);
    spans.push(
      toolSpan({
        ref: `tool-${i + 1}`,
        startMs: clock,
        durationMs: toolMs,
        name: call.tool,
        callId,
        args: call.args,
        outcome: call.outcome,
      }),
    );
    clock += toolMs;
    const response = 'result' in call.outcome ? call.outcome.result : { error: call.outcome.error.message };
    messages.push({ role: 'assistant', parts: [request] });
    messages.push({ role: 'tool', parts: [{ type: 'tool_call_response', id: callId, response }] });
    inputTokens += outputTokens + tokensOf(JSON.stringify(response)) + 12;
  });

  const truncated = answer.truncated === true;
  const outputTokens = truncated ? MAX_OUTPUT_TOKENS : Math.ceil(answer.text.length / 3.8);
  const finish = truncated ? 'length' : 'stop';
  clock += rng.between(2, 15);
  const finalMs = 350 + outputTokens * rng.between(11, 16);
  const output: GenAiMessage = {
    role: 'assistant',
    parts: [{ type: 'text', content: answer.text }],
    finish_reason: finish,
  };
  spans.push(
    chatSpan({
      ref: `chat-${calls.length + 1}`,
      startMs: clock,
      durationMs: finalMs,
      topic,
      input: [...messages],
      output,
      inputTokens,
      outputTokens,
      responseId: responseId(),
    }),
  );
  clock += finalMs + rng.between(2, 8);
  spans.unshift(rootSpan(clock, sessionId, userId));

  const truth: TraceTruth = {
    mode,
    topicId: topic.id,
    question,
    release,
    expectedTool: topic.tool,
    calledTools: calls.map((c) => c.tool),
    fact: topic.fact,
    documents: topic.docs.length,
    answer: answer.text,
    evidence,
  };
  return { sessionId, userId, question, release, spans, feedback: userFeedback(rng, evidence), truth };
};
