import type { FailureModeKey } from './failure-modes.js';
import type { UserFeedback } from './feedback.js';

export type ToolName = 'web_search' | 'encyclopedia_lookup' | 'calculator' | 'get_weather' | 'convert_currency';

/** A JSON value as tools take and return them. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One question the research assistant is asked, with everything a correct run produces. */
export interface Topic {
  id: string;
  /** The right tool for the question. */
  tool: ToolName;
  /** What the question is about ("Eiffel Tower", "Oslo"): wrong tools are called with it. */
  subject: string;
  /** Ways users ask it (the first is the canonical one). */
  questions: string[];
  /** Arguments of the right tool call. */
  args: Record<string, Json>;
  /** The right tool's result; derived from the documents for web_search and encyclopedia_lookup. */
  result?: Record<string, Json>;
  /** The fact the tool returns, verbatim in `claim`, `answer` and the first document. */
  fact: string;
  /** A plausible wrong value a model answering from memory states instead. */
  wrong: string;
  /** A sentence (no citation, lower-case start) stating the fact. */
  claim: string;
  /** The correct answer, citing the documents as [1], [2]. */
  answer: string;
  /** Retrieved documents: [source title, content]; 2 to 4. */
  docs: [string, string][];
}

/** One span of a simulated trace, relative to the trace's start. */
export interface DemoSpan {
  /** Local reference, unique in the trace ('root', 'retrieval', 'chat-1', 'tool-1', …). */
  ref: string;
  parentRef: string | null;
  name: string;
  kind: 'internal' | 'client';
  startMs: number;
  durationMs: number;
  attributes: Record<string, string | number | boolean | string[]>;
  error?: { type: string; message: string };
}

/** Mode-specific facts of a trace's ground truth: what a reviewer would point at. */
export type TruthEvidence =
  | { mode: null; chars: number; summarized: boolean; flakyTool: boolean; quoted: boolean }
  | {
      mode: 'invented_citation';
      variant: 'out_of_range' | 'misquote' | 'named_source';
      citation: string;
      quote: string | null;
    }
  | { mode: 'wrong_tool'; called: ToolName; errored: boolean; answered: 'from_documents' | 'gave_up' | 'wrong_value' }
  | { mode: 'ignored_tool_result'; stated: string; hedge: string }
  | { mode: 'over_budget'; chars: number; truncated: boolean };

/** The ground truth of one simulated trace. */
export interface TraceTruth {
  mode: FailureModeKey | null;
  topicId: string;
  question: string;
  release: string;
  expectedTool: ToolName;
  /** The tools called, in order. */
  calledTools: ToolName[];
  /** The value the right tool returns. */
  fact: string;
  documents: number;
  answer: string;
  evidence: TruthEvidence;
}

/** A simulated trace as plain data: the agent turns it into OpenTelemetry spans. */
export interface DemoTrace {
  traceId?: string;
  sessionId: string;
  userId: string;
  question: string;
  release: string;
  spans: DemoSpan[];
  /** What the user said about the answer afterwards, if anything. */
  feedback: UserFeedback | null;
  truth: TraceTruth;
}
