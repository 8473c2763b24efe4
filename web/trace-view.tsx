import { Documents, Messages, ToolCallView, ToolDefinitions } from './messages.js';
import { SpanTree } from './span-tree.js';
import { fullInput, type UiSpan, type UiTrace } from './trace-data.js';
import { fmtMs, fmtNum, Text } from './widgets.js';

const llmError = (s: UiSpan) => {
  const message = s.errorMessage ?? s.statusMessage;
  if (!message) return s.errorType ?? 'error status';
  return s.errorType && message !== s.errorType ? `${s.errorType}: ${message}` : message;
};

/** Trace totals: timing, tokens, calls, errors, models. */
const Summary = ({ trace }: { trace: UiTrace }) => (
  <div class="stats" id="totals">
    <div>
      <span class="muted small">latency</span>
      <b>{fmtMs(trace.latencyMs)}</b>
    </div>
    <div>
      <span class="muted small">input tokens</span>
      <b>{fmtNum(trace.inputTokens)}</b>
    </div>
    <div>
      <span class="muted small">output tokens</span>
      <b>{fmtNum(trace.outputTokens)}</b>
    </div>
    <div>
      <span class="muted small">total tokens</span>
      <b>{fmtNum(trace.totalTokens)}</b>
    </div>
    <div>
      <span class="muted small">LLM calls</span>
      <b>{trace.llmCalls}</b>
    </div>
    <div>
      <span class="muted small">tool calls</span>
      <b>
        {trace.toolCalls}
        {trace.toolErrors > 0 && <span class="badge bad">{trace.toolErrors} failed</span>}
      </b>
    </div>
    <div>
      <span class="muted small">spans</span>
      <b>{trace.spanCount}</b>
    </div>
    <div>
      <span class="muted small">models</span>
      <b class="small">{trace.models.join(', ') || '–'}</b>
    </div>
  </div>
);

/** Tokens and duration of every LLM call; folded away when there are many. */
const LlmCalls = ({ llm }: { llm: UiSpan[] }) => {
  if (llm.length === 0) return null;
  const table = (
    <table class="queue small">
      <thead>
        <tr>
          <th>LLM call</th>
          <th>model</th>
          <th class="num">input</th>
          <th class="num">output</th>
          <th class="num">total</th>
          <th class="num">time</th>
        </tr>
      </thead>
      <tbody>
        {llm.map((s) => (
          <tr>
            <td>
              <a href={`#span-${s.spanId}`}>{s.name}</a>
            </td>
            <td>{s.model ?? '–'}</td>
            <td class="num">{fmtNum(s.usage.input)}</td>
            <td class="num">{fmtNum(s.usage.output)}</td>
            <td class="num">{fmtNum(s.usage.total)}</td>
            <td class="num">{fmtMs(s.durationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return llm.length <= 6 ? (
    table
  ) : (
    <details>
      <summary class="small">tokens of each of the {llm.length} LLM calls</summary>
      {table}
    </details>
  );
};

/** The last LLM call's full context: what the model saw when it produced the final answer. */
const Conversation = ({
  span,
  input,
  llmCount,
  trace,
}: {
  span: UiSpan | null;
  /** The span's whole input, repeated history included. */
  input: UiSpan['inputMessages'];
  llmCount: number;
  trace: UiTrace;
}) => {
  if (!span)
    return (
      <>
        <h3>Input</h3>
        <Text text={trace.input} />
        <h3>Output</h3>
        <Text text={trace.output} />
      </>
    );
  return (
    <>
      <p class="muted small">
        The context of <a href={`#span-${span.spanId}`}>{span.name}</a>
        {llmCount > 1 ? ` (the last of ${llmCount} LLM calls; the others are in the span tree below)` : ''}.
      </p>
      {span.isError && <div class="banner bad small">This LLM call failed: {llmError(span)}</div>}
      <h3>System prompt</h3>
      {span.systemInstructions ? (
        <Text text={span.systemInstructions} />
      ) : (
        <span class="muted small">(none recorded outside the messages)</span>
      )}
      <h3>Messages</h3>
      {input.length > 0 ? <Messages messages={input} /> : <Text text={span.input ?? trace.input} />}
      <h3>Answer</h3>
      {span.outputMessages.length > 0 ? (
        <Messages messages={span.outputMessages} />
      ) : (
        <Text text={span.output ?? trace.output} />
      )}
      {span.toolDefinitions.length > 0 && (
        <>
          <h3>Tools offered ({span.toolDefinitions.length})</h3>
          <ToolDefinitions tools={span.toolDefinitions} />
        </>
      )}
    </>
  );
};

/** What the model saw and did in one trace, all of it already redacted for the viewer. */
export const TraceView = ({ trace, spans, traceId }: { trace: UiTrace; spans: UiSpan[]; traceId: string }) => {
  const llm = spans.filter((s) => s.kind === 'llm').sort((a, b) => a.offsetMs - b.offsetMs);
  const featured = llm.at(-1) ?? null;
  const toolSpans = spans.filter((s) => s.kind !== 'llm' && s.toolCalls.length > 0);
  const calls =
    toolSpans.length > 0
      ? toolSpans.flatMap((s) => s.toolCalls.map((call) => ({ call, durationMs: s.durationMs as number | undefined })))
      : llm.flatMap((s) =>
          s.outputMessages.flatMap((m) => m.toolCalls.map((call) => ({ call, durationMs: undefined }))),
        );
  const docs = spans.flatMap((s) => s.retrievedDocuments);
  return (
    <div id="trace">
      <section class="card">
        <h2>Totals</h2>
        <Summary trace={trace} />
        <div style="margin-top:10px">
          <LlmCalls llm={llm} />
        </div>
      </section>
      <section class="card" id="conversation">
        <h2>What the model saw</h2>
        <Conversation
          span={featured}
          input={featured ? fullInput(spans, featured) : []}
          llmCount={llm.length}
          trace={trace}
        />
      </section>
      {calls.length > 0 && (
        <section class="card" id="tool-calls">
          <h2>Tool calls ({calls.length})</h2>
          {calls.map(({ call, durationMs }) => (
            <ToolCallView call={call} durationMs={durationMs} />
          ))}
        </section>
      )}
      {docs.length > 0 && (
        <section class="card" id="documents">
          <h2>Retrieved documents ({docs.length})</h2>
          <Documents docs={docs} />
        </section>
      )}
      <section class="card">
        <h2>Spans and timing</h2>
        <SpanTree spans={spans} featured={featured?.spanId ?? null} traceId={traceId} />
      </section>
    </div>
  );
};
