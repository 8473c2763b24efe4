import { Documents, Messages, ToolCallView, ToolDefinitions } from './messages.js';
import type { UiSpan } from './trace-data.js';
import { fmtMs, fmtNum, Text } from './widgets.js';

/**
 * Small traces (up to this many spans) carry every span's content in the page, open where it
 * matters; larger ones carry the tree only and load a span's content when it is opened.
 */
export const INLINE_LIMIT = 12;

const hasUsage = (s: UiSpan) => s.usage.input !== null || s.usage.output !== null || s.usage.total !== null;

const tokens = (s: UiSpan) =>
  hasUsage(s) ? `${fmtNum(s.usage.input)} in · ${fmtNum(s.usage.output)} out · ${fmtNum(s.usage.total)} total` : '';

/** The line standing for an LLM span's repeated conversation history. */
const Repeated = ({ span, nameOf }: { span: UiSpan; nameOf: (id: string) => string }) =>
  span.repeated > 0 && span.repeatedFrom ? (
    <p class="muted small repeated">
      {span.repeated} earlier message{span.repeated === 1 ? '' : 's'} as in span{' '}
      <a href={`#span-${span.repeatedFrom}`}>{nameOf(span.repeatedFrom)}</a>
      {span.inputMessages.length > 0 ? ', then:' : ' (nothing new).'}
    </p>
  ) : null;

/** Everything recorded on one span, each part only when present; repeated history once. */
export const SpanBody = ({ span, nameOf }: { span: UiSpan; nameOf: (id: string) => string }) => (
  <div class="body">
    <div class="row small muted">
      <span>{span.kind}</span>
      {span.model && <span>model {span.model}</span>}
      {span.provider && <span>provider {span.provider}</span>}
      <span>starts at +{fmtMs(span.offsetMs)}</span>
      <span>took {fmtMs(span.durationMs)}</span>
      {hasUsage(span) && <span>tokens: {tokens(span)}</span>}
    </div>
    {span.isError && (
      <div class="msg" style="border-color:var(--bad)">
        <div class="role" style="color:var(--bad)">
          error {span.errorType && `· ${span.errorType}`}
        </div>
        <Text text={span.errorMessage ?? span.statusMessage ?? 'error status'} />
      </div>
    )}
    {span.systemInstructions && (
      <>
        <h3>System instructions</h3>
        <Text text={span.systemInstructions} />
      </>
    )}
    {(span.inputMessages.length > 0 || span.repeated > 0) && (
      <>
        <h3>Input messages</h3>
        <Repeated span={span} nameOf={nameOf} />
        <Messages messages={span.inputMessages} />
      </>
    )}
    {span.outputMessages.length > 0 && (
      <>
        <h3>Output messages</h3>
        <Messages messages={span.outputMessages} />
      </>
    )}
    {span.toolDefinitions.length > 0 && (
      <>
        <h3>Tools offered ({span.toolDefinitions.length})</h3>
        <ToolDefinitions tools={span.toolDefinitions} />
      </>
    )}
    {span.kind !== 'llm' && span.toolCalls.length > 0 && (
      <>
        <h3>Tool call</h3>
        {span.toolCalls.map((call) => (
          <ToolCallView call={call} />
        ))}
      </>
    )}
    {span.retrievedDocuments.length > 0 && (
      <>
        <h3>Retrieved documents ({span.retrievedDocuments.length})</h3>
        <Documents docs={span.retrievedDocuments} />
      </>
    )}
    {span.input !== null && span.inputMessages.length === 0 && span.repeated === 0 && span.toolCalls.length === 0 && (
      <>
        <h3>Input</h3>
        <Text text={span.input} />
      </>
    )}
    {span.output !== null && span.outputMessages.length === 0 && span.toolCalls.length === 0 && (
      <>
        <h3>Output</h3>
        <Text text={span.output} />
      </>
    )}
  </div>
);

/**
 * The span tree as a waterfall: one row per span (indented name, kind, duration, a bar placed
 * on the trace's timeline, tokens); each row opens onto the span's content.
 */
export const SpanTree = ({
  spans,
  featured,
  traceId,
}: {
  spans: UiSpan[];
  featured: string | null;
  traceId: string;
}) => {
  const end = spans.reduce((m, s) => Math.max(m, s.offsetMs + s.durationMs), 0) || 1;
  const inline = spans.length <= INLINE_LIMIT;
  const names = new Map(spans.map((s) => [s.spanId, s.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  return (
    <div class="spans" id="spans">
      {spans.map((s) => {
        const left = (100 * s.offsetMs) / end;
        const width = Math.max(0.3, (100 * s.durationMs) / end);
        const lane = s.isError ? 'error' : s.kind;
        return (
          <details
            class={`span${s.isError ? ' error' : ''}`}
            id={`span-${s.spanId}`}
            open={inline && s.spanId !== featured && (s.isError || ['llm', 'tool', 'retrieval'].includes(s.kind))}
            data-span-src={inline ? undefined : `/traces/${traceId}/spans/${s.spanId}`}
          >
            <summary>
              <span class="name" style={`padding-left:${Math.min(s.depth, 20) * 14}px`} title={s.name}>
                <span class={`badge${s.kind === 'llm' ? ' info' : s.kind === 'tool' ? ' warn' : ''}`}>{s.kind}</span>{' '}
                {s.name}
                {s.isError && <span class="badge bad"> error</span>}
              </span>
              <span class="num small">{fmtMs(s.durationMs)}</span>
              <span class="lane" title={`+${fmtMs(s.offsetMs)} for ${fmtMs(s.durationMs)}`}>
                <span
                  class={lane}
                  style={`left:${left.toFixed(2)}%;width:${Math.min(width, 100 - left).toFixed(2)}%`}
                />
              </span>
              <span class="small muted num">
                {hasUsage(s) ? `${fmtNum(s.usage.input)} → ${fmtNum(s.usage.output)} tok` : ''}
              </span>
            </summary>
            {inline ? (
              <SpanBody span={s} nameOf={nameOf} />
            ) : (
              <div class="body muted small">
                <a href={`/traces/${traceId}/spans/${s.spanId}`}>Load this span's content</a>
              </div>
            )}
          </details>
        );
      })}
    </div>
  );
};
