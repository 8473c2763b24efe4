import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaptures } from './helpers/python-captures.js';
import { startTestServer, type TestServer } from './helpers/server.js';

/**
 * Real OTLP/HTTP protobuf bodies recorded from Python instrumentations (test/fixtures/python/record.py
 * against a local OpenAI stand-in), posted as-is. No Python at test time.
 */

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, asserted field by field
type Json = any;

const MODEL = 'gpt-4o-mini';
const SYSTEM = 'You are a weather assistant. Answer in one sentence.';
const TOOL_RESULT = '{"city": "Paris", "temp_c": 18, "sky": "cloudy"}';
const SESSION = 'session-py-42';
const USER = 'user-py-7';
const ANSWERS = {
  plain: 'Sunny and 24°C in Paris.',
  tool: 'It is 18°C and cloudy in Paris.',
  next: 'Tomorrow: light rain, 19°C.',
};
const TOOL_DEFINITION = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Posts every committed body of one instrumentation to its own project; returns its traces by scenario. */
const ingest = async (instrumentation: string, project = instrumentation) => {
  const keys = await server.createProject(project);
  const captures = readCaptures(instrumentation);
  expect(captures.length).toBeGreaterThan(0);
  for (const capture of captures) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${keys.ingest}`,
      'content-type': capture.sidecar.contentType,
    };
    if (capture.sidecar.compressed) headers['content-encoding'] = capture.sidecar.contentEncoding;
    const response = await fetch(`${server.url}/v1/${capture.sidecar.signal}`, {
      method: 'POST',
      headers,
      body: capture.body,
    });
    expect(response.status, capture.file).toBe(200);
    await response.arrayBuffer();
  }
  await server.runtime.activities.closeTraces({ idleSeconds: 0 });
  const { rows } = await server.runtime.pool.query(
    'select trace_id, root_span_name from traces where project_id = $1',
    [project],
  );
  const byScenario: Record<string, Json> = {};
  for (const row of rows) {
    const response = await fetch(`${server.url}/api/traces/${row.trace_id}`, {
      headers: { authorization: `Bearer ${keys.admin}` },
    });
    expect(response.status).toBe(200);
    byScenario[String(row.root_span_name).replace(/^weather /, '')] = (await response.json()) as Json;
  }
  return byScenario;
};

/** All spans of a trace, depth first. */
const flatten = (spans: Json[]): Json[] => spans.flatMap((s) => [s, ...flatten(s.children ?? [])]);
const llmSpans = (result: Json) => flatten(result.spans).filter((s) => s.kind === 'llm');
const msg = (role: string, content: string) => ({ role, content });

interface Subject {
  name: string;
  scenarios: string[];
  /** Whether the instrumentation sends the offered tools' definitions. */
  toolDefinitions: boolean;
}

const subjects: Subject[] = [
  {
    name: 'openinference-openai',
    scenarios: ['plain', 'tool', 'session', 'stream'],
    toolDefinitions: true,
  },
  {
    name: 'openinference-langchain',
    scenarios: ['plain', 'tool', 'session'],
    toolDefinitions: true,
  },
  {
    name: 'openllmetry',
    scenarios: ['plain', 'tool', 'session', 'stream'],
    toolDefinitions: true,
  },
  { name: 'pydantic-ai', scenarios: ['plain', 'tool', 'session'], toolDefinitions: true },
];

describe.each(subjects)('Python $name → evalloop', (subject) => {
  let traces: Record<string, Json>;
  beforeAll(async () => {
    traces = await ingest(subject.name);
  });

  it('every recorded scenario is one closed trace', () => {
    expect(Object.keys(traces).sort()).toEqual([...subject.scenarios].sort());
    for (const { trace } of Object.values(traces)) expect(trace).toMatchObject({ status: 'closed', has_error: false });
  });

  it('plain chat: provider, models, system prompt, messages, tokens, rollup', () => {
    const result = traces.plain;
    const [llm, ...others] = llmSpans(result);
    expect(others).toEqual([]);
    expect(llm).toMatchObject({
      kind: 'llm',
      provider: 'openai',
      requestModel: MODEL,
      responseModel: MODEL,
      inputMessages: [msg('system', SYSTEM), msg('user', 'What is the weather like in Paris today?')],
      outputMessages: [msg('assistant', ANSWERS.plain)],
      finishReasons: ['stop'],
      usage: { input: 40, output: 6, total: 46 },
    });
    expect(result.trace).toMatchObject({
      release: '1.4.0',
      input: 'What is the weather like in Paris today?',
      output: ANSWERS.plain,
      input_tokens: 40,
      output_tokens: 6,
      total_tokens: 46,
      llm_calls: 1,
      tool_calls: 0,
    });
  });

  // Issue 11 item 5: a system prompt given only as a system message fills systemInstructions.
  it('plain chat: the system prompt is lifted into systemInstructions', () => {
    expect(llmSpans(traces.plain)[0].systemInstructions).toEqual(expect.stringContaining(SYSTEM));
  });

  it('tool round trip: definitions, the requested call, its result in the next call, rollup', () => {
    const result = traces.tool;
    const [first, second] = llmSpans(result);
    expect(llmSpans(result)).toHaveLength(2);
    const call = { id: 'call_weather_1', name: 'get_weather' };
    expect(first).toMatchObject({
      inputMessages: [msg('system', SYSTEM), msg('user', 'What is the weather in Paris?')],
      outputMessages: [{ role: 'assistant', toolCalls: [call] }],
      toolCalls: [call],
      // Every spelling (`tool_calls`, `tool_call`) normalizes to the GenAI value.
      finishReasons: ['tool_call'],
    });
    expect(JSON.parse(first.toolCalls[0].arguments)).toEqual({ city: 'Paris' });
    if (subject.toolDefinitions) expect(first.toolDefinitions).toMatchObject([TOOL_DEFINITION]);
    expect(second).toMatchObject({
      inputMessages: [
        msg('system', SYSTEM),
        msg('user', 'What is the weather in Paris?'),
        { role: 'assistant', toolCalls: [{ ...call, result: TOOL_RESULT }] },
        { role: 'tool', content: TOOL_RESULT, toolCallId: 'call_weather_1' },
      ],
      outputMessages: [msg('assistant', ANSWERS.tool)],
      finishReasons: ['stop'],
    });
    expect(result.trace).toMatchObject({
      input: 'What is the weather in Paris?',
      output: ANSWERS.tool,
      llm_calls: 2,
      tool_calls: 1,
      tool_errors: 0,
      input_tokens: 37 + 112,
      output_tokens: 30 + 7,
    });
  });

  it('multi-turn session: session and user on the trace, the history in the second call', () => {
    const result = traces.session;
    const [, second] = llmSpans(result);
    expect(second.inputMessages).toMatchObject([
      msg('system', SYSTEM),
      msg('user', 'What is the weather in Paris?'),
      msg('assistant', ANSWERS.plain),
      msg('user', 'And tomorrow?'),
    ]);
    expect(result.trace).toMatchObject({
      session_id: SESSION,
      user_id: USER,
      input: 'What is the weather in Paris?',
      output: ANSWERS.next,
      llm_calls: 2,
      input_tokens: 37 + 65,
      output_tokens: 12,
    });
  });
});

describe('Python instrumentation specifics', () => {
  it('OpenInference openai: session and user on every LLM span; a streamed reply keeps its usage', async () => {
    const traces = await ingest('openinference-openai', 'oi-openai-specifics');
    for (const llm of llmSpans(traces.session)) expect(llm).toMatchObject({ sessionId: SESSION, userId: USER });
    expect(llmSpans(traces.stream)[0]).toMatchObject({
      outputMessages: [msg('assistant', ANSWERS.plain)],
      usage: { input: 15, output: 6, total: 21 },
    });
  });

  it('OpenLLMetry: the stream assembled with its usage; association properties give the session', async () => {
    const traces = await ingest('openllmetry', 'openllmetry-specifics');
    expect(llmSpans(traces.stream)[0]).toMatchObject({
      outputMessages: [msg('assistant', ANSWERS.plain)],
      usage: { input: 15, output: 6 },
    });
    expect(traces.session.spans[0]).toMatchObject({ kind: 'chain', sessionId: SESSION, userId: USER });
  });

  it('Pydantic AI: agent and tool spans, the tool call with its arguments and result', async () => {
    const traces = await ingest('pydantic-ai', 'pydantic-ai-specifics');
    const spans = flatten(traces.tool.spans);
    expect(spans.map((s) => s.kind)).toEqual(['other', 'agent', 'llm', 'tool', 'llm']);
    const tool = spans[3];
    expect(tool.toolCalls).toMatchObject([{ id: 'call_weather_1', name: 'get_weather', result: TOOL_RESULT }]);
    expect(JSON.parse(tool.toolCalls[0].arguments)).toEqual({ city: 'Paris' });
    // Each agent run carries its own gen_ai.conversation.id; the app's session.id still wins on the trace.
    expect(spans[1].sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  // The LangChain TOOL span (OpenInference 0.1.80) has `input.value` = "Paris" (the lone argument; no
  // JSON arguments and no call id attribute in the body) and `output.value` = the serialized ToolMessage
  // `{"type":"tool","data":{"content":…,"tool_call_id":"call_weather_1",…}}`: the envelope is unwrapped.
  it('OpenInference LangChain: the tool span has the call id and the plain result', async () => {
    const traces = await ingest('openinference-langchain', 'oi-langchain-specifics');
    const tool = flatten(traces.tool.spans).find((s) => s.kind === 'tool');
    expect(tool.toolCalls).toMatchObject([
      { id: 'call_weather_1', name: 'get_weather', arguments: 'Paris', result: TOOL_RESULT },
    ]);
  });

  // Langfuse v3 puts its own `langfuse.observation.*` attributes on its OTLP spans (core/normalize/langfuse.ts).
  // Its OpenAI drop-in records no provider, response model or finish reason: those stay null / empty.
  it('Langfuse v3: generations are LLM spans with model, messages, tools, usage; session and rollup', async () => {
    const traces = await ingest('langfuse', 'langfuse-specifics');
    expect(Object.keys(traces).sort()).toEqual(['plain', 'session', 'tool']);
    expect(llmSpans(traces.plain)).toMatchObject([
      {
        name: 'OpenAI-generation',
        requestModel: MODEL,
        inputMessages: [msg('system', SYSTEM), msg('user', 'What is the weather like in Paris today?')],
        outputMessages: [msg('assistant', ANSWERS.plain)],
        usage: { input: 40, output: 6, total: 46 },
      },
    ]);
    const [first, second] = llmSpans(traces.tool);
    const call = { id: 'call_weather_1', name: 'get_weather' };
    expect(first).toMatchObject({ toolCalls: [call], toolDefinitions: [TOOL_DEFINITION] });
    expect(JSON.parse(first.toolCalls[0].arguments)).toEqual({ city: 'Paris' });
    expect(second.inputMessages).toMatchObject([
      msg('system', SYSTEM),
      msg('user', 'What is the weather in Paris?'),
      { role: 'assistant', toolCalls: [{ ...call, result: TOOL_RESULT }] },
      { role: 'tool', content: TOOL_RESULT, toolCallId: 'call_weather_1' },
    ]);
    expect(traces.tool.trace).toMatchObject({
      input: 'What is the weather in Paris?',
      output: ANSWERS.tool,
      llm_calls: 2,
      tool_calls: 1,
      input_tokens: 37 + 112,
      output_tokens: 30 + 7,
    });
    expect(traces.session.trace).toMatchObject({
      session_id: SESSION,
      user_id: USER,
      output: ANSWERS.next,
      llm_calls: 2,
      input_tokens: 37 + 65,
    });
    expect(llmSpans(traces.session)[1].inputMessages).toHaveLength(4);
  });
});
