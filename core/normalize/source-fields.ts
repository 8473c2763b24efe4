import type { Message, RetrievedDocument, TokenUsage, ToolDefinition } from './types.js';

/** What a tool span says about its own call (before errors are attached). */
export interface ToolFields {
  id: string | null;
  name: string | null;
  arguments: string | null;
  result: string | null;
}

/**
 * The fields one attribute convention can contribute. Each convention reader fills what it
 * finds; `mergeSources` then takes, field by field, the first non-empty value in priority order.
 */
export interface SourceFields {
  provider: string | null;
  requestModel: string | null;
  responseModel: string | null;
  systemInstructions: string | null;
  inputMessages: Message[];
  outputMessages: Message[];
  finishReasons: string[];
  toolDefinitions: ToolDefinition[];
  retrievedDocuments: RetrievedDocument[];
  usage: TokenUsage;
  sessionId: string | null;
  userId: string | null;
  agentName: string | null;
  input: string | null;
  output: string | null;
  tool: ToolFields;
}

/** A convention reader's contribution: any subset of the fields, usage and tool field by field. */
export type PartialSource = Partial<Omit<SourceFields, 'usage' | 'tool'>> & {
  usage?: Partial<TokenUsage>;
  tool?: Partial<ToolFields>;
};

function pick<T>(sources: PartialSource[], get: (s: PartialSource) => T | null | undefined): T | null {
  for (const source of sources) {
    const value = get(source);
    if (value !== null && value !== undefined && value !== '') return value;
  }
  return null;
}

function pickList<T>(sources: PartialSource[], get: (s: PartialSource) => T[] | undefined): T[] {
  for (const source of sources) {
    const value = get(source);
    if (value !== undefined && value.length > 0) return value;
  }
  return [];
}

/** Merges convention readings: for each field the first source (in the given order) with a non-empty value wins. */
export function mergeSources(sources: PartialSource[]): SourceFields {
  return {
    provider: pick(sources, (s) => s.provider),
    requestModel: pick(sources, (s) => s.requestModel),
    responseModel: pick(sources, (s) => s.responseModel),
    systemInstructions: pick(sources, (s) => s.systemInstructions),
    inputMessages: pickList(sources, (s) => s.inputMessages),
    outputMessages: pickList(sources, (s) => s.outputMessages),
    finishReasons: pickList(sources, (s) => s.finishReasons),
    toolDefinitions: pickList(sources, (s) => s.toolDefinitions),
    retrievedDocuments: pickList(sources, (s) => s.retrievedDocuments),
    usage: {
      input: pick(sources, (s) => s.usage?.input),
      output: pick(sources, (s) => s.usage?.output),
      total: pick(sources, (s) => s.usage?.total),
      cacheRead: pick(sources, (s) => s.usage?.cacheRead),
      cacheWrite: pick(sources, (s) => s.usage?.cacheWrite),
      reasoning: pick(sources, (s) => s.usage?.reasoning),
    },
    sessionId: pick(sources, (s) => s.sessionId),
    userId: pick(sources, (s) => s.userId),
    agentName: pick(sources, (s) => s.agentName),
    input: pick(sources, (s) => s.input),
    output: pick(sources, (s) => s.output),
    tool: {
      id: pick(sources, (s) => s.tool?.id),
      name: pick(sources, (s) => s.tool?.name),
      arguments: pick(sources, (s) => s.tool?.arguments),
      result: pick(sources, (s) => s.tool?.result),
    },
  };
}
