import { formatCount, formatDecimal, formatMs, quote } from './format.js';
import type { SignalDetector } from './make-signal.js';
import { makeSignal } from './make-signal.js';
import { robustZ, strengthFromZ, Z_CAP } from './robust.js';
import type { RobustBaseline, Signal, SignalInput } from './types.js';

/** "route 'answer' / prompt v7 / gpt-4o": the group the baselines describe. */
export function describeGroup(input: SignalInput): string {
  const { rollup } = input;
  const group = input.baselines.group ?? {
    route: rollup.rootSpanName,
    promptVersion: rollup.promptVersion,
    model: rollup.modelVersion ?? rollup.models[0] ?? null,
  };
  const parts: string[] = [];
  if (group.route) parts.push(`route ${quote(group.route, 40)}`);
  if (group.promptVersion) parts.push(`prompt ${/^\d/.test(group.promptVersion) ? 'v' : ''}${group.promptVersion}`);
  if (group.model) parts.push(group.model);
  return parts.length > 0 ? parts.join(' / ') : 'this project';
}

interface Metric {
  value: number | null;
  baseline: RobustBaseline | null;
  /** "used 9,400 output tokens" / "took 48.2 s". */
  describe: (value: number) => string;
  /** "1,540" / "9.1 s". */
  format: (value: number) => string;
  key: string;
}

type Measured = { metric: Metric; value: number; baseline: RobustBaseline; z: number; strength: number };

/** The metric's robust z against its baseline, or a reason why there is none. */
function measure(metric: Metric, input: SignalInput): Measured | { reason: string } | null {
  const { value, baseline } = metric;
  if (value === null) return null;
  const group = describeGroup(input);
  if (baseline === null || baseline.n === 0) return { reason: `no baseline yet for ${group}` };
  if (baseline.n < input.settings.minBaseline) {
    return {
      reason: `only ${formatCount(baseline.n)} baseline traces for ${group} (needs ${input.settings.minBaseline})`,
    };
  }
  const z = robustZ(value, baseline);
  return { metric, value, baseline, z, strength: strengthFromZ(z, input.settings.outlierZ) };
}

function outlierSignal(
  name: 'token_spike' | 'latency_outlier',
  metrics: Metric[],
  input: SignalInput,
  notes: string[],
): Signal | null {
  const measured: Measured[] = [];
  const reasons = new Set<string>();
  for (const metric of metrics) {
    const result = measure(metric, input);
    if (result === null) continue;
    if ('reason' in result) reasons.add(result.reason);
    else measured.push(result);
  }
  const what = name === 'token_spike' ? 'token spike' : 'latency outlier';
  if (measured.length === 0) for (const reason of reasons) notes.push(`${what} unknown: ${reason}`);
  const best = measured.filter((m) => m.strength > 0).sort((a, b) => b.strength - a.strength)[0];
  if (best === undefined) return null;
  const { metric, value, baseline, z } = best;
  const ratio =
    baseline.median > 0 ? `${formatDecimal(value / baseline.median)}× the median of` : 'against a median of';
  const zText = z >= Z_CAP ? `z ≥ ${Z_CAP}` : `z = ${formatDecimal(z)}`;
  const evidence: Signal['evidence'] = {};
  for (const m of measured) {
    evidence[m.metric.key] = m.value;
    evidence[`${m.metric.key}Median`] = m.baseline.median;
    evidence[`${m.metric.key}Z`] = Math.round(m.z * 100) / 100;
  }
  evidence.baselineN = baseline.n;
  return makeSignal(
    name,
    best.strength,
    `${metric.describe(value)}, ${ratio} ${metric.format(baseline.median)} for ${describeGroup(input)} (${zText}, n = ${formatCount(baseline.n)})`,
    evidence,
  );
}

/** token_spike: output or total tokens far above the group's robust baseline (the stronger of the two is told). */
export const detectTokenSpike: SignalDetector = (input, notes) =>
  outlierSignal(
    'token_spike',
    [
      {
        key: 'outputTokens',
        value: input.rollup.outputTokens,
        baseline: input.baselines.outputTokens,
        describe: (v) => `used ${formatCount(v)} output tokens`,
        format: formatCount,
      },
      {
        key: 'totalTokens',
        value: input.rollup.totalTokens,
        baseline: input.baselines.totalTokens,
        describe: (v) => `used ${formatCount(v)} tokens in total`,
        format: formatCount,
      },
    ],
    input,
    notes,
  );

/** latency_outlier: the trace took far longer than the group's robust baseline. */
export const detectLatencyOutlier: SignalDetector = (input, notes) =>
  outlierSignal(
    'latency_outlier',
    [
      {
        key: 'latencyMs',
        value: input.rollup.latencyMs,
        baseline: input.baselines.latencyMs,
        describe: (v) => `took ${formatMs(v)}`,
        format: formatMs,
      },
    ],
    input,
    notes,
  );
