import type { Message } from './types.js';

/** What a LangChain.js serialized message (`{lc:1, type:"constructor", id:[…], kwargs}`) says about tool calls. */
interface SerializedIds {
  toolCalls: { id: string | null; name: string | null }[];
  toolCallId: string | null;
}

type Loose = Record<string, unknown>;
const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

const parse = (text: string | null): unknown => {
  if (!text?.startsWith('{')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The kwargs of a LangChain.js constructor-serialized message, or null. */
const kwargsOf = (value: unknown): Loose | null =>
  isObj(value) && value.lc === 1 && value.type === 'constructor' && isObj(value.kwargs) ? value.kwargs : null;

const idsOf = (value: unknown): SerializedIds | null => {
  const kwargs = kwargsOf(value);
  if (!kwargs) return null;
  const calls = Array.isArray(kwargs.tool_calls) ? kwargs.tool_calls.filter(isObj) : [];
  return {
    toolCalls: calls.map((c) => ({ id: str(c.id), name: str(c.name) })),
    toolCallId: str(kwargs.tool_call_id),
  };
};

/**
 * The serialized messages of an OpenInference LangChain.js LLM span, aligned with its flattened
 * messages: `input.value` = `{"messages":[[msg, …]]}`, `output.value` = `{"generations":[[{message}, …]]}`.
 */
export function serializedMessageIds(text: string | null, side: 'input' | 'output'): (SerializedIds | null)[] {
  const parsed = parse(text);
  if (!isObj(parsed)) return [];
  if (side === 'input') {
    const batches = parsed.messages;
    return Array.isArray(batches) && Array.isArray(batches[0]) ? batches[0].map(idsOf) : [];
  }
  const generations = parsed.generations;
  if (!Array.isArray(generations) || !Array.isArray(generations[0])) return [];
  return generations[0].map((g) => (isObj(g) ? idsOf(g.message) : null));
}

/**
 * OpenInference for LangChain.js records no `tool_call.id` / `message.tool_call_id` attributes;
 * the ids are only in the serialized messages. Fills the missing ones, position by position, where
 * the tool name agrees (never overwrites an id the attributes gave).
 */
export function fillToolCallIds(messages: Message[], serialized: (SerializedIds | null)[]): Message[] {
  if (serialized.length !== messages.length) return messages;
  return messages.map((message, i) => {
    const ids = serialized[i];
    if (!ids) return message;
    const toolCalls = message.toolCalls.map((call, k) => {
      const source = ids.toolCalls[k];
      return call.id === null && source?.id && (source.name === null || source.name === call.name)
        ? { ...call, id: source.id }
        : call;
    });
    const toolCallId = message.toolCallId ?? (message.role === 'tool' ? ids.toolCallId : null);
    return { ...message, toolCalls, toolCallId };
  });
}

/**
 * A LangChain.js TOOL span's output, `{"output":{lc:1, id:[…,"ToolMessage"], kwargs:{content, tool_call_id}}}`
 * (or the serialized ToolMessage itself): its content and call id.
 */
export function serializedToolMessage(text: string | null): { id: string | null; content: string } | null {
  const parsed = parse(text);
  const inner = isObj(parsed) && isObj(parsed.output) ? parsed.output : parsed;
  const kwargs = kwargsOf(inner);
  if (!kwargs || !isObj(inner) || !Array.isArray(inner.id) || inner.id[inner.id.length - 1] !== 'ToolMessage') {
    return null;
  }
  if (kwargs.content === undefined) return null;
  return {
    id: str(kwargs.tool_call_id),
    content: typeof kwargs.content === 'string' ? kwargs.content : JSON.stringify(kwargs.content),
  };
}
