import { formatCount, formatPercent, formatTokens, quote } from './format.js';
import type { SignalDetector } from './make-signal.js';
import { makeSignal } from './make-signal.js';
import { type ContextLimit, resolveContextLimit } from './model-limits.js';
import { smoothstep } from './strength.js';
import { llmSpans, modelOf, spanLabel } from './trace-spans.js';
import type { SignalSpan } from './types.js';

/** Below this share of the context window there is no pressure; at FULL_PRESSURE the strength is 1. */
export const PRESSURE_START = 0.5;
export const FULL_PRESSURE = 0.95;

/** Context-pressure strength: 0 up to 50 % of the window, rising smoothly to 1 at ≥ 95 %. */
export function pressureStrength(ratio: number): number {
  return smoothstep((ratio - PRESSURE_START) / (FULL_PRESSURE - PRESSURE_START));
}

const limitOf = (span: SignalSpan, overrides: Record<string, number>) => {
  for (const model of [span.responseModel, span.requestModel]) {
    const limit = model ? resolveContextLimit(model, overrides) : null;
    if (model && limit) return { model, limit };
  }
  return null;
};

/** Two counts that read the same when shortened ("128k of the 128k") are written out in full. */
const usedOf = (used: number, limit: number) => {
  const a = formatTokens(used);
  const b = formatTokens(limit);
  return a === b && used !== limit ? [formatCount(used), formatCount(limit)] : [a, b];
};

/**
 * context_pressure: the largest share of its model's context window that any LLM call's input
 * used. Models with no known limit (built-in table or project settings) give a note, not a guess.
 */
export const detectContextPressure: SignalDetector = (input, notes) => {
  const llm = llmSpans(input.spans);
  const measured = llm.filter((s) => s.inputTokens !== null && s.inputTokens > 0);
  if (llm.length > 0 && measured.length === 0) {
    notes.push('context pressure unknown: no LLM call recorded its input-token count');
  }
  let worst: { span: SignalSpan; model: string; limit: ContextLimit; ratio: number } | null = null;
  const unknownModels = new Set<string>();
  for (const span of measured) {
    const found = limitOf(span, input.settings.contextLimits);
    if (found === null) {
      const model = modelOf(span);
      if (model === null) notes.push(`context pressure unknown: ${spanLabel(span)} records no model name`);
      else unknownModels.add(model);
      continue;
    }
    const ratio = span.inputTokens! / found.limit.tokens;
    if (worst === null || ratio > worst.ratio) worst = { span, ...found, ratio };
  }
  for (const model of unknownModels) {
    notes.push(
      `context pressure unknown: no context limit known for model ${quote(model)} (add it in project settings)`,
    );
  }
  if (worst === null) return null;
  const { span, model, limit, ratio } = worst;
  const [used, window] = usedOf(span.inputTokens!, limit.tokens);
  const over = ratio > 1 ? ' — more than the window; check the limit in project settings' : '';
  return makeSignal(
    'context_pressure',
    pressureStrength(ratio),
    `input used ${used} of the ${window}-token context of ${model} (${formatPercent(ratio)})${over}`,
    {
      inputTokens: span.inputTokens,
      contextLimit: limit.tokens,
      model,
      limitSource: limit.source,
      ratio: Math.round(ratio * 1000) / 1000,
      spanId: span.spanId,
    },
  );
};
