import type { Message, RetrievedDocument, ToolCall, ToolDefinition } from '../normalize/types.js';

/**
 * What an evaluator sees of one trace (or of one uploaded candidate output): the user input,
 * the final output, the conversation, and the context the model had. Built from a stored trace
 * by `evalItemFromTrace`, or from an uploaded {input, output} pair.
 */
export interface EvalItem {
  traceId: string;
  /** The user's request (the trace's first user input). */
  input: string;
  /** The final answer ('' when the trace produced none). */
  output: string;
  systemInstructions: string | null;
  /** Every message of every LLM call, in order (inputs then outputs per call). */
  messages: Message[];
  /** Tools offered to the model in this trace. */
  toolDefinitions: ToolDefinition[];
  /** Every tool call made (tool spans, else calls requested by the model), with results and errors. */
  toolCalls: ToolCall[];
  retrievedDocuments: RetrievedDocument[];
  outputTokens: number | null;
  hasError: boolean;
}

/** Where a text check looks. */
export type FieldPath = 'output' | 'input' | 'any_message' | 'tool_arguments' | 'tool_results';

/** The evaluator kinds and their configuration. Every kind scores 0..1 where 1 = passes (no failure). */
export type EvaluatorConfig =
  | { kind: 'regex'; pattern: string; flags?: string; mode: 'must_match' | 'must_not_match'; field: FieldPath }
  | { kind: 'json_schema'; schema: Record<string, unknown>; target: 'output' | 'tool_arguments'; tool?: string }
  | {
      kind: 'length';
      unit: 'chars' | 'tokens';
      max: number;
      min?: number;
      /** Over budget passes only when the output contains a summary matching this (case-insensitive) regex. */
      summaryPattern?: string;
    }
  | { kind: 'banned_phrases'; phrases: string[]; field: FieldPath }
  | {
      kind: 'tool_args';
      /** When the input matches `inputPattern`, `tool` must be among the calls (wrong-tool check). */
      expectations?: { inputPattern: string; tool: string }[];
      /** Fail on calls to tools not declared in the trace (default true). */
      rejectUnknownTools?: boolean;
    }
  | {
      kind: 'citation';
      /** Regex whose first group is a citation key (default: numbered references such as [2] or [1, 3]). */
      pattern?: string;
      /** Also require every "quoted passage" of ≥ minQuoteWords words to appear in a document (default true). */
      checkQuotes?: boolean;
      minQuoteWords?: number;
    }
  | {
      kind: 'judge';
      rubric: string;
      /** Pinned model snapshot and provider (OpenAI-compatible endpoint). */
      model: string;
      provider: string;
      fewShot: FewShotExample[];
    }
  | { kind: 'classifier'; model: ClassifierModel }
  | { kind: 'composite'; op: 'all' | 'any'; children: EvaluatorConfig[] };

export type EvaluatorKind = EvaluatorConfig['kind'];

/** A labeled example shown to a judge (drawn only from training labels). */
export interface FewShotExample {
  input: string;
  output: string;
  verdict: 'pass' | 'fail';
  critique: string | null;
}

/** A trained logistic-regression text classifier (see core/classifier). */
export interface ClassifierModel {
  /** Hashed feature space size. */
  dimensions: number;
  /** Word n-gram and character n-gram ranges used for features. */
  wordNgrams: [number, number];
  charNgrams: [number, number];
  /** Dense (length dimensions + structural slots), or sparse when `weightIndices` is present. */
  weights: number[];
  bias: number;
  /** When present, `weights[k]` is the weight of feature `weightIndices[k]` and every other weight is 0. */
  weightIndices?: number[];
  /** Structural trace feature names, in slot order after the hashed slots (absent: none). */
  structuralFeatures?: string[];
  /** Training means of the structural features, subtracted before weighting (absent: 0). */
  structuralMeans?: number[];
  /** Readable text of the strongest features, by feature index, recorded at training time. */
  featureNames?: Record<string, string>;
  /** Set when the training labels had one class only: the model then scores every item the same. */
  singleClass?: 'pass' | 'fail';
}

/** One evaluation: score 0..1 (1 = pass), an explanation where there is one, and what it cost. */
export interface Evaluation {
  score: number;
  explanation: string | null;
  cost?: { inputTokens: number; outputTokens: number; usd: number | null };
}

/** An evaluator version's decision rule: score ≥ threshold → pass. */
export const verdictOf = (score: number, threshold: number): 'pass' | 'fail' => (score >= threshold ? 'pass' : 'fail');
