import { quote } from './format.js';
import type { SignalSpan } from './types.js';

/** The spans in start order (ties keep their input order). */
export function spansByStart(spans: readonly SignalSpan[]): SignalSpan[] {
  return [...spans].sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : 0));
}

/** The LLM spans in start order. */
export function llmSpans(spans: readonly SignalSpan[]): SignalSpan[] {
  return spansByStart(spans).filter((s) => s.kind === 'llm');
}

/** The LLM span that ended last (the call whose answer the user saw), or undefined. */
export function lastLlmSpan(spans: readonly SignalSpan[]): SignalSpan | undefined {
  return llmSpans(spans).reduce<SignalSpan | undefined>(
    (last, s) => (last === undefined || Date.parse(s.endTime) >= Date.parse(last.endTime) ? s : last),
    undefined,
  );
}

/** The model a span reports: the response model (a dated snapshot) before the requested alias. */
export function modelOf(span: SignalSpan): string | null {
  return span.responseModel ?? span.requestModel;
}

/** How a span is named in explanations: "span 'chat gpt-4o'". */
export function spanLabel(span: SignalSpan): string {
  return `span ${quote(span.name, 60)}`;
}

/** A " (and 2 more failed spans)" suffix, or '' when there is nothing more. */
export function andMore(count: number, one: string, many: string): string {
  return count > 0 ? ` (and ${count} more ${count === 1 ? one : many})` : '';
}
