/** A label as frozen in a dataset version. */
export interface FrozenLabel {
  id: string;
  traceId: string;
  /** null = "no failure". */
  failureMode: string | null;
  verdict: 'pass' | 'fail';
  score: number | null;
  critique: string | null;
  reviewer: string;
  createdAt: string;
}

/** The human ground truth of one trace for one failure mode. */
export interface HumanVerdict {
  traceId: string;
  verdict: 'pass' | 'fail';
  /** Graded modes: the human score 0..1 when given. */
  score: number | null;
  /** The critique behind the verdict (for few-shot examples and disagreement reports). */
  critique: string | null;
  /** Labels of this mode that disagree with the verdict (reviewer disagreement), for the report. */
  dissent: number;
}

/**
 * Ground truth for `mode`: a trace with labels of this mode takes their majority verdict (ties:
 * the latest label decides); a trace labeled only "no failure" or only with other modes is a
 * negative (pass) example for this mode.
 */
export const humanVerdicts = (labels: FrozenLabel[], mode: string): HumanVerdict[] => {
  const byTrace = new Map<string, FrozenLabel[]>();
  for (const l of labels) byTrace.set(l.traceId, [...(byTrace.get(l.traceId) ?? []), l]);
  const out: HumanVerdict[] = [];
  for (const [traceId, list] of byTrace) {
    const own = list.filter((l) => l.failureMode === mode).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    if (own.length === 0) {
      out.push({ traceId, verdict: 'pass', score: null, critique: list.at(-1)?.critique ?? null, dissent: 0 });
      continue;
    }
    const fails = own.filter((l) => l.verdict === 'fail').length;
    const passes = own.length - fails;
    const latest = own.at(-1)!;
    const verdict = fails === passes ? latest.verdict : fails > passes ? 'fail' : 'pass';
    const backing = own.filter((l) => l.verdict === verdict).at(-1)!;
    const scores = own.map((l) => l.score).filter((s): s is number => s !== null);
    out.push({
      traceId,
      verdict,
      score: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
      critique: backing.critique,
      dissent: verdict === 'fail' ? passes : fails,
    });
  }
  return out.sort((a, b) => a.traceId.localeCompare(b.traceId));
};
