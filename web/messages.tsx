import type { Message, RetrievedDocument, ToolCall, ToolDefinition } from '../core/normalize/types.js';
import { Json, Text } from './widgets.js';

/** One tool call: name, arguments, and its result or error. */
export const ToolCallView = ({ call, durationMs }: { call: ToolCall; durationMs?: number }) => (
  <div class={`msg tool${call.error ? ' error' : ''}`}>
    <div class="row" style="gap:8px">
      <span class="role">tool call</span>
      <b class="mono">{call.name}</b>
      {call.id && <span class="muted small mono">{call.id}</span>}
      {durationMs !== undefined && <span class="muted small">{Math.round(durationMs)} ms</span>}
      {call.error ? (
        <span class="badge bad">error</span>
      ) : (
        call.result !== null && <span class="badge good">result</span>
      )}
    </div>
    <h3>Arguments</h3>
    <Json value={call.arguments ?? ''} />
    {call.result !== null && (
      <>
        <h3>Result</h3>
        <Text text={call.result} />
      </>
    )}
    {call.error && (
      <>
        <h3>Error</h3>
        <Text text={call.error} />
      </>
    )}
  </div>
);

/** A conversation: each message with its role, text, requested tool calls and answered call id. */
export const Messages = ({ messages }: { messages: Message[] }) => (
  <div class="messages">
    {messages.map((m) => (
      <div class={`msg ${m.role}`}>
        <div class="role">
          {m.role}
          {m.toolCallId && <span class="mono"> · answers {m.toolCallId}</span>}
          {m.finishReason && <span> · finish: {m.finishReason}</span>}
        </div>
        {m.content !== '' && <Text text={m.content} />}
        {m.toolCalls.map((call) => (
          <div class="small">
            <span class="badge warn">calls {call.name}</span> <Json value={call.arguments ?? ''} />
          </div>
        ))}
      </div>
    ))}
  </div>
);

/** The tools the model was offered: name, description, and the parameter schema (collapsed). */
export const ToolDefinitions = ({ tools }: { tools: ToolDefinition[] }) => (
  <div>
    {tools.map((t) => (
      <details class="tooldef">
        <summary>
          <b class="mono">{t.name}</b> {t.description && <span class="muted">— {t.description}</span>}
        </summary>
        <Json value={t.parameters} />
      </details>
    ))}
  </div>
);

/** Documents a retrieval returned, with their titles, ids, sources and scores. */
export const Documents = ({ docs }: { docs: RetrievedDocument[] }) => (
  <div>
    {docs.map((d, i) => (
      <div class="msg">
        <div class="role">
          {d.title ? `[${i + 1}] ${d.title}` : `document ${d.id ?? `#${i + 1}`}`}
          {d.title && d.id && <span> · {d.id}</span>}
          {d.source && <span> · {d.source}</span>}
          {typeof d.score === 'number' && <span> · score {d.score.toFixed(3)}</span>}
        </div>
        <Text text={d.content} />
      </div>
    ))}
  </div>
);
