import { createHash } from 'node:crypto';
import type { Attributes, DecodedSpan, JsonValue } from '../otlp/types.js';
import type { ImportRow } from './row.js';

/** Where an imported trace came from: a file of examples, another tool's export, or the synthetic bootstrap. */
export type ImportSource = 'jsonl' | 'csv' | 'langfuse' | 'langsmith' | 'phoenix' | 'synthetic';

const hex = (s: string, length: number) => createHash('sha256').update(s).digest('hex').slice(0, length);

/** The trace id of an imported row: derived from source and row id, so a re-import is the same trace. */
export const importTraceId = (source: ImportSource, rowId: string) => hex(`evalloop-import\n${source}\n${rowId}`, 32);

const ms = (t: number) => BigInt(Math.round(t)) * 1_000_000n;

const message = (role: string, content: string) => ({ role, parts: [{ type: 'text', content }] });

/**
 * An import row as OTLP spans in the GenAI conventions the normalizer reads: an `invoke_agent`
 * root (session, user, tags, import markers), a `retrieval` span with the documents, a `chat` span
 * with system instructions, input and output messages, model and tokens, and one `execute_tool`
 * span per tool call (status error when it failed). Ids are derived from the row id.
 */
export const importRowToSpans = (row: ImportRow, source: ImportSource, now: number): DecodedSpan[] => {
  const traceId = importTraceId(source, row.id);
  const spanId = (n: number) => hex(`${traceId}\n${n}`, 16);
  const start =
    row.timestamp === undefined ? now : typeof row.timestamp === 'number' ? row.timestamp : Date.parse(row.timestamp);
  const total = row.latencyMs ?? 1;
  const resource: Attributes = { 'service.name': 'evalloop-import' };
  if (row.release) resource['service.version'] = row.release;
  if (row.environment) resource['deployment.environment.name'] = row.environment;
  const span = (
    n: number,
    parent: number | null,
    name: string,
    from: number,
    to: number,
    attributes: Attributes,
    error?: string,
  ): DecodedSpan => ({
    resource: { attributes: resource, schemaUrl: '' },
    scope: { name: 'evalloop.import', version: '1', attributes: {} },
    traceId,
    spanId: spanId(n),
    parentSpanId: parent === null ? '' : spanId(parent),
    traceState: '',
    name,
    kind: 1,
    startTimeUnixNano: ms(start + from),
    endTimeUnixNano: ms(start + Math.max(from, to)),
    attributes,
    events: [],
    links: [],
    status: error ? { code: 2, message: error } : { code: 0, message: '' },
  });

  const root: Attributes = {
    'gen_ai.operation.name': 'invoke_agent',
    'evalloop.source': source,
    'evalloop.import.id': row.id,
  };
  if (row.synthetic) root['evalloop.synthetic'] = true;
  if (row.session) root['session.id'] = row.session;
  if (row.user) root['user.id'] = row.user;
  if (row.promptVersion) root['evalloop.prompt_version'] = row.promptVersion;
  if (row.tags && Object.keys(row.tags).length > 0) root.metadata = JSON.stringify(row.tags);

  const spans = [span(0, null, `invoke_agent ${source} import`, 0, total, root)];
  let n = 1;
  if (row.documents?.length) {
    spans.push(
      span(n++, 0, 'retrieval', 0, total * 0.1, {
        'gen_ai.operation.name': 'retrieval',
        'gen_ai.retrieval.query.text': row.input,
        // Title and source as metadata: where the GenAI normalizer (core/normalize/documents.ts) reads them.
        'gen_ai.retrieval.documents': JSON.stringify(
          row.documents.map(({ title, source, ...d }) => ({ ...d, metadata: { title, source } })),
        ),
      }),
    );
  }
  const chat: Attributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.input.messages': JSON.stringify([message('user', row.input)]),
  };
  if (row.output !== undefined)
    chat['gen_ai.output.messages'] = JSON.stringify([{ ...message('assistant', row.output), finish_reason: 'stop' }]);
  if (row.system) chat['gen_ai.system_instructions'] = JSON.stringify([{ type: 'text', content: row.system }]);
  if (row.model) chat['gen_ai.request.model'] = row.model;
  if (row.inputTokens !== undefined) chat['gen_ai.usage.input_tokens'] = row.inputTokens;
  if (row.outputTokens !== undefined) chat['gen_ai.usage.output_tokens'] = row.outputTokens;
  spans.push(span(n++, 0, `chat ${row.model ?? 'model'}`, total * 0.1, total * 0.9, chat));
  for (const [i, call] of (row.toolCalls ?? []).entries()) {
    const attributes: Attributes = {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': call.name,
      'gen_ai.tool.call.id': `call_${i}`,
    };
    if (call.arguments !== undefined)
      attributes['gen_ai.tool.call.arguments'] =
        typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments as JsonValue);
    if (call.result !== undefined) attributes['gen_ai.tool.call.result'] = call.result;
    spans.push(span(n++, 0, `execute_tool ${call.name}`, total * 0.5, total * 0.6, attributes, call.error));
  }
  return spans;
};
