import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { retryAfterMs } from '../activities/judge-retry.js';
import { createJudgeRunner } from '../activities/judge-runner.js';
import type { AppError } from '../core/errors.js';
import type { EvalItem } from '../core/evaluators/types.js';
import { createMemoryJudgeCache } from '../core/judge/cache.js';
import { flipRate } from '../core/judge/consistency.js';
import { isJudgeFailure, type JudgeFailure, type JudgeOutcome } from '../core/judge/outcome.js';
import type { JudgeConfig } from '../core/judge/prompt.js';
import { type LlmStub, type StubReply, type StubRequest, startLlmStub } from './helpers/llm-stub.js';

const MODEL = 'judge-model-2025-01-01';

const config: JudgeConfig = {
  kind: 'judge',
  rubric: 'FAIL when the answer states a fact that none of the retrieved documents supports.',
  model: MODEL,
  provider: 'openai',
  fewShot: [
    {
      input: 'When was the Eiffel Tower built?',
      output: 'It was built in 1999 by NASA.',
      verdict: 'fail',
      critique: 'The documents say 1887-1889; "NASA" appears nowhere.',
    },
    { input: 'Who wrote Hamlet?', output: 'Shakespeare, per doc 1.', verdict: 'pass', critique: null },
  ],
};

const itemOf = (traceId: string, overrides: Partial<EvalItem> = {}): EvalItem => ({
  traceId,
  input: `What is the refund window? (${traceId})`,
  output: 'Refunds are accepted within 30 days [doc-2].',
  systemInstructions: 'You are the support assistant of Acme. Cite documents.',
  messages: [],
  toolDefinitions: [],
  toolCalls: [
    {
      id: 'call_1',
      name: 'lookup_order',
      arguments: '{"orderId":"A-17"}',
      result: '{"status":"delivered","days_ago":12}',
      error: null,
    },
  ],
  retrievedDocuments: [
    { id: 'doc-2', content: 'Refund policy: items may be returned within 30 days.', score: 0.9, metadata: null },
  ],
  outputTokens: 12,
  hasError: false,
  ...overrides,
});

const verdict = (score: number, justification = 'The 30-day window is stated in doc-2.'): StubReply => ({
  kind: 'text',
  content: JSON.stringify({ justification, score }),
  usage: { prompt_tokens: 1_000, completion_tokens: 50 },
});

let stub: LlmStub;
let script: (req: StubRequest, index: number) => StubReply | Promise<StubReply>;
let client: OpenAI;

beforeAll(async () => {
  stub = await startLlmStub((req, index) => script(req, index));
  client = new OpenAI({ apiKey: 'test-key', baseURL: stub.baseURL });
});
afterAll(async () => {
  await stub.stop();
});
beforeEach(() => {
  stub.requests.length = 0;
  script = () => verdict(1);
});

const expectFailure = (outcome: JudgeOutcome): JudgeFailure => {
  if (!isJudgeFailure(outcome)) throw new Error(`expected a failure, got score ${outcome.score}`);
  return outcome;
};

const expectEvaluation = (outcome: JudgeOutcome) => {
  if (isJudgeFailure(outcome)) throw new Error(`expected an evaluation, got ${outcome.kind}: ${outcome.message}`);
  return outcome;
};

describe('judge: well-formed replies', () => {
  it('parses score and justification, records tokens and cost, and sends the pinned structured request', async () => {
    script = () => verdict(0, 'The output claims 30 days; doc-2 supports it, but nothing else.');
    const runner = createJudgeRunner({
      client,
      pricing: { [MODEL]: { inputPerMillion: 2, outputPerMillion: 8 } },
    });
    const outcome = expectEvaluation(await runner.judge(config, itemOf('t1')));

    expect(outcome.score).toBe(0);
    expect(outcome.explanation).toBe('The output claims 30 days; doc-2 supports it, but nothing else.');
    expect(outcome.cached).toBe(false);
    expect(outcome.cost).toEqual({ inputTokens: 1_000, outputTokens: 50, usd: (1_000 * 2 + 50 * 8) / 1_000_000 });

    expect(stub.requests).toHaveLength(1);
    const body = stub.requests[0]!.body;
    expect(body.model).toBe(MODEL);
    expect(body.temperature).toBe(0);
    expect(body.seed).toBe(0);
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.response_format.json_schema.schema.required).toEqual(['justification', 'score']);
    // Evidence before score: the justification property comes first in the schema the model fills in.
    expect(Object.keys(body.response_format.json_schema.schema.properties)).toEqual(['justification', 'score']);

    const messages = body.messages as { role: string; content: string }[];
    expect(messages[0]!.role).toBe('system');
    expect(messages[0]!.content).toContain(config.rubric);
    expect(messages[0]!.content).toMatch(/justification FIRST/);
    // Two few-shot examples as earlier exchanges, then the item.
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(messages[1]!.content).toContain('It was built in 1999 by NASA.');
    expect(JSON.parse(messages[2]!.content)).toEqual({
      justification: 'The documents say 1887-1889; "NASA" appears nowhere. Verdict: FAIL.',
      score: 0,
    });
    expect(JSON.parse(messages[4]!.content).score).toBe(1);

    const last = messages.at(-1)!.content;
    expect(last).toContain('What is the refund window? (t1)');
    expect(last).toContain('Refunds are accepted within 30 days [doc-2].');
    expect(last).toContain('You are the support assistant of Acme.');
    expect(last).toContain('<document id="doc-2">\nRefund policy: items may be returned within 30 days.');
    expect(last).toContain('<tool_call name="lookup_order" id="call_1">');
    expect(last).toContain('{"orderId":"A-17"}');
    expect(last).toContain('{"status":"delivered","days_ago":12}');
  });

  it('gives usd null for a model missing from the pricing table, but still counts tokens', async () => {
    const runner = createJudgeRunner({ client });
    const outcome = expectEvaluation(await runner.judge(config, itemOf('t2')));
    expect(outcome.cost).toEqual({ inputTokens: 1_000, outputTokens: 50, usd: null });
  });
});

describe('judge: replies that are not a verdict', () => {
  it.each([
    ['not JSON', { kind: 'text', content: 'The answer passes. Score: 1' }, /not JSON/],
    ['JSON in a code fence', { kind: 'text', content: '```json\n{"justification":"ok","score":1}\n```' }, /not JSON/],
    ['a score above 1', { kind: 'text', content: '{"justification":"ok","score":2}' }, /score/],
    ['no justification', { kind: 'text', content: '{"score":1}' }, /justification/],
    [
      'a reply cut at the token limit',
      { kind: 'text', content: '{"justification":"the', finishReason: 'length' },
      /cut off/,
    ],
  ] satisfies [string, StubReply, RegExp][])(
    '%s is a terminal malformed failure, not retried',
    async (_, reply, message) => {
      script = () => reply;
      const runner = createJudgeRunner({ client, baseDelayMs: 1 });
      const failure = expectFailure(await runner.judge(config, itemOf('m1')));
      expect(failure).toMatchObject({ kind: 'malformed', retryable: false, attempts: 1 });
      expect(failure.message).toMatch(message);
      expect(stub.requests).toHaveLength(1);
    },
  );

  it('a refusal is a terminal failure carrying the refusal text', async () => {
    script = () => ({ kind: 'refusal', refusal: 'I cannot help with evaluating this content.' });
    const runner = createJudgeRunner({ client, baseDelayMs: 1 });
    const failure = expectFailure(await runner.judge(config, itemOf('r1')));
    expect(failure).toMatchObject({ kind: 'refusal', retryable: false });
    expect(failure.message).toContain('I cannot help with evaluating this content.');
    expect(stub.requests).toHaveLength(1);
  });

  it('judgeMany counts failures by kind and gives the failed items no score', async () => {
    script = (req) =>
      req.body.messages.at(-1).content.includes('(bad)') ? { kind: 'text', content: 'nope' } : verdict(1);
    const runner = createJudgeRunner({ client });
    const result = await runner.judgeMany(config, [itemOf('ok'), itemOf('bad'), itemOf('ok2')]);
    expect(result.failures).toEqual({ malformed: 1, refusal: 0, http: 0 });
    expect(result.items.map((i) => i.traceId)).toEqual(['ok', 'bad', 'ok2']);
    expect(isJudgeFailure(result.items[1]!.outcomes[0]!)).toBe(true);
    expect(result.cost).toEqual({ inputTokens: 2_000, outputTokens: 100, usd: null });
  });
});

describe('judge: retries', () => {
  it('waits out Retry-After on a 429, then succeeds', async () => {
    script = (_, index) =>
      index === 0 ? { kind: 'error', status: 429, message: 'slow down', headers: { 'retry-after': '1' } } : verdict(1);
    const runner = createJudgeRunner({ client, baseDelayMs: 1 });
    const started = performance.now();
    const outcome = expectEvaluation(await runner.judge(config, itemOf('429')));
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(outcome.score).toBe(1);
    expect(stub.requests).toHaveLength(2);
  });

  it('retries a 500 twice, then succeeds', async () => {
    script = (_, index) => (index < 2 ? { kind: 'error', status: 500, message: 'boom' } : verdict(0.5));
    const runner = createJudgeRunner({ client, baseDelayMs: 5 });
    const outcome = expectEvaluation(await runner.judge(config, itemOf('500')));
    expect(outcome.score).toBe(0.5);
    expect(stub.requests).toHaveLength(3);
  });

  it.each([400, 401, 404, 422])('does not retry HTTP %i: one request, a terminal bad_request', async (status) => {
    script = () => ({ kind: 'error', status, message: 'no' });
    const runner = createJudgeRunner({ client, baseDelayMs: 1 });
    const failure = expectFailure(await runner.judge(config, itemOf(`s${status}`)));
    expect(failure).toMatchObject({ kind: 'http', retryable: false, attempts: 1 });
    expect(failure.error?.code).toBe('bad_request');
    expect(failure.message).toContain(String(status));
    expect(stub.requests).toHaveLength(1);
  });

  it('retries timeouts, then fails retryably after maxRetries', async () => {
    script = () => ({ ...verdict(1), delayMs: 400 });
    const runner = createJudgeRunner({ client, timeoutMs: 100, maxRetries: 2, baseDelayMs: 5 });
    const failure = expectFailure(await runner.judge(config, itemOf('slow')));
    expect(failure).toMatchObject({ kind: 'http', retryable: true, attempts: 3 });
    expect((failure.error as AppError).code).toBe('upstream_failed');
    expect(failure.message).toMatch(/timed out after 100 ms/);
    expect(stub.requests).toHaveLength(3);
  });

  it('gives up on a persistent 503 after maxRetries with a retryable failure', async () => {
    script = () => ({ kind: 'error', status: 503, message: 'overloaded' });
    const runner = createJudgeRunner({ client, maxRetries: 3, baseDelayMs: 1 });
    const failure = expectFailure(await runner.judge(config, itemOf('503')));
    expect(failure).toMatchObject({ kind: 'http', retryable: true, attempts: 4 });
    expect(stub.requests).toHaveLength(4);
  });

  it.each([
    ['seconds', { 'retry-after': '2' }, 2_000],
    ['an HTTP date', { 'retry-after': new Date(1_700_000_003_000).toUTCString() }, 3_000],
    ['milliseconds', { 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    ['nothing', {}, undefined],
    ['garbage', { 'retry-after': 'soon' }, undefined],
  ])('reads Retry-After given as %s', (_, headers, expected) => {
    expect(retryAfterMs(new Headers(headers), 1_700_000_000_000)).toBe(expected);
  });
});

describe('judge: concurrency, cache, samples', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    const slow = await startLlmStub(() => verdict(1), { latencyMs: 40 });
    try {
      const runner = createJudgeRunner({ client: new OpenAI({ apiKey: 'k', baseURL: slow.baseURL }), concurrency: 4 });
      const items = Array.from({ length: 20 }, (_, i) => itemOf(`c${i}`));
      const result = await runner.judgeMany(config, items);
      expect(result.failures).toEqual({ malformed: 0, refusal: 0, http: 0 });
      expect(slow.requests).toHaveLength(20);
      expect(slow.maxInFlight).toBeLessThanOrEqual(4);
      expect(slow.maxInFlight).toBeGreaterThanOrEqual(2);
    } finally {
      await slow.stop();
    }
  });

  it('answers a repeated (evaluator, item, sample) from the cache without a request', async () => {
    const cache = createMemoryJudgeCache();
    const runner = createJudgeRunner({ client, cache });
    const first = expectEvaluation(await runner.judge(config, itemOf('k1')));
    const second = expectEvaluation(await runner.judge(config, itemOf('k1')));
    expect(stub.requests).toHaveLength(1);
    expect(second).toEqual({ ...first, cached: true });

    // Same content under another trace id is the same item; another sample, rubric or version is not.
    await runner.judge(config, { ...itemOf('k1'), traceId: 'other-trace' });
    expect(stub.requests).toHaveLength(1);
    await runner.judge(config, itemOf('k1'), { sample: 1 });
    await runner.judge({ ...config, rubric: `${config.rubric} Be brief.` }, itemOf('k1'));
    await runner.judge(config, itemOf('k1'), { evaluatorVersionId: 'ev_2' });
    expect(stub.requests).toHaveLength(4);
    expect(cache.size()).toBe(4);
  });

  it('makes each sample a distinct request, so repeated runs can disagree (flip rate)', async () => {
    script = (req) => verdict(req.body.seed % 2 === 0 ? 1 : 0);
    const runner = createJudgeRunner({ client, cache: createMemoryJudgeCache() });
    const result = await runner.judgeMany(config, [itemOf('f1'), itemOf('f2')], { samples: 3 });

    expect(stub.requests).toHaveLength(6);
    expect(stub.requests.map((r) => r.body.seed).sort()).toEqual([0, 0, 1, 1, 2, 2]);
    const scores = result.items.map((i) => i.outcomes.map((o) => expectEvaluation(o).score));
    expect(scores).toEqual([
      [1, 0, 1],
      [1, 0, 1],
    ]);
    expect(flipRate(scores)).toEqual({ items: 2, flipped: 2, rate: 1 });
  });
});
