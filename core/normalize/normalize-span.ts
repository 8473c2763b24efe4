import type { DecodedLogRecord, DecodedSpan } from '../otlp/types.js';
import { readAiSdk } from './ai-sdk.js';
import { asText, decodeDoubleEncoded, getAttr } from './attributes.js';
import { detectConvention } from './convention.js';
import { liftDocumentFields } from './documents.js';
import { readError } from './errors.js';
import { readGenAiCurrent } from './genai-current.js';
import { readGenAiLegacy } from './genai-legacy.js';
import { detectKind } from './kind.js';
import { readLangfuse } from './langfuse.js';
import { logBelongsTo } from './log-events.js';
import { linkToolResults } from './messages.js';
import { readOpenInference } from './openinference.js';
import { readOpenLlmetry } from './openllmetry.js';
import { mergeSources, type PartialSource } from './source-fields.js';
import { computeTags } from './tags.js';
import type { Message, NormalizedSpan, TagMapping, ToolCall } from './types.js';
import { normalizeFinishReason, normalizeProvider } from './vocabulary.js';

/** The leading system message(s) as the system instructions, when none were recorded separately. */
function systemMessagesText(messages: Message[]): string | null {
  const texts: string[] = [];
  for (const message of messages) {
    if (message.role !== 'system' && message.role !== 'developer') break;
    if (message.content !== '') texts.push(message.content);
  }
  return texts.length > 0 ? texts.join('\n') : null;
}

/** Conventions that are not specific to GenAI: `enduser.id` ranks after `user.id`, before Traceloop's. */
function readGeneric(span: DecodedSpan): PartialSource {
  return { userId: asText(getAttr(span.attributes, 'enduser.id')) };
}

/**
 * Normalizes one decoded span, plus the OTLP log records correlated with it, into the canonical
 * NormalizedSpan. Every convention is read and, field by field, the first non-empty source wins in
 * cheat-sheet order: OTel GenAI current, GenAI legacy (log and span events), OpenInference, generic
 * OTel, OpenLLMetry, Langfuse. Log records that name a different span are ignored.
 *
 * Never throws on odd input: malformed JSON strings are kept as text, wrongly typed values are
 * ignored, and the work is linear in the size of the span and its logs.
 */
export function normalizeSpan(span: DecodedSpan, logs: DecodedLogRecord[], mapping: TagMapping): NormalizedSpan {
  const ownLogs = logs.filter((log) => logBelongsTo(log, span));
  const entries = Object.entries(span.attributes);
  const fields = mergeSources([
    readGenAiCurrent(span, ownLogs),
    readAiSdk(span, entries),
    readGenAiLegacy(span, ownLogs),
    readOpenInference(span, entries),
    readGeneric(span),
    readOpenLlmetry(span, entries),
    readLangfuse(span),
  ]);
  const hasModel = fields.requestModel !== null || fields.responseModel !== null;
  const hasMessages = fields.inputMessages.length > 0 || fields.outputMessages.length > 0;
  const kind = detectKind(span, hasModel, hasMessages);
  const error = readError(span);

  let toolCalls: ToolCall[];
  if (kind === 'tool') {
    const { tool } = fields;
    toolCalls = [
      {
        id: tool.id,
        name: tool.name ?? span.name,
        arguments: decodeDoubleEncoded(tool.arguments),
        result: decodeDoubleEncoded(tool.result),
        error: error.isError ? (error.errorMessage ?? error.errorType ?? 'error') : null,
      },
    ];
  } else {
    toolCalls = fields.outputMessages.flatMap((message) => message.toolCalls);
  }
  linkToolResults(fields.inputMessages, kind === 'tool' ? [] : toolCalls);

  const { usage } = fields;
  const total = usage.total ?? (usage.input !== null && usage.output !== null ? usage.input + usage.output : null);
  const finishReasons = (
    fields.finishReasons.length > 0
      ? fields.finishReasons
      : fields.outputMessages.flatMap((message) => (message.finishReason === null ? [] : [message.finishReason]))
  ).map(normalizeFinishReason);
  for (const message of fields.outputMessages) {
    if (message.finishReason !== null) message.finishReason = normalizeFinishReason(message.finishReason);
  }

  return {
    kind,
    convention: detectConvention(span, ownLogs, entries),
    provider: normalizeProvider(fields.provider),
    requestModel: fields.requestModel,
    responseModel: fields.responseModel,
    systemInstructions: fields.systemInstructions ?? systemMessagesText(fields.inputMessages),
    inputMessages: fields.inputMessages,
    outputMessages: fields.outputMessages,
    finishReasons,
    toolDefinitions: fields.toolDefinitions,
    toolCalls,
    retrievedDocuments: fields.retrievedDocuments.map(liftDocumentFields),
    usage: { ...usage, total },
    sessionId: fields.sessionId,
    userId: fields.userId,
    tags: computeTags(span, mapping, fields.agentName, entries),
    input: kind === 'tool' ? decodeDoubleEncoded(fields.input) : fields.input,
    output: kind === 'tool' ? decodeDoubleEncoded(fields.output) : fields.output,
    isError: error.isError,
    errorType: error.errorType,
    errorMessage: error.errorMessage,
  };
}
