/**
 * The release gate pages' data: a light listing query (no stored results or Markdown are read for
 * the history) and a defensive reader of a stored `GateResult` (core/gate/types.ts) into the
 * shapes the pages draw; anything missing or malformed becomes null / empty.
 */
import type pg from 'pg';
import { formatLevel, formatP, formatPoints, formatRate } from '../core/gate/format.js';

export interface GateListRow {
  id: string;
  release: string;
  baseline: string | null;
  source: string;
  /** running | pass | blocked | inconclusive | error */
  status: string;
  /** Names of the gating evaluators that blocked (empty unless blocked). */
  blockedBy: string[];
  /** What an inconclusive gate lacked (evaluators | candidate | items | baseline). */
  missing: string[];
  reuseCount: number;
  lastReusedAt: string | null;
  summary: string | null;
  decisions: number | null;
  error: string | null;
  createdAt: string;
  decidedAt: string | null;
  /** Who waived the gate (an admin), if anyone did: its outcome is then "waived". */
  waivedBy: string | null;
}

/** The project's gates, newest first (optionally one release); reads only the result's small fields. */
export const loadGateList = async (pool: pg.Pool, projectId: string, release: string | null, limit = 200) =>
  (
    await pool.query(
      `select g.id, release, baseline, source, status,
              case when jsonb_typeof(result->'blockedBy') = 'array' then result->'blockedBy' else '[]'::jsonb end
                as "blockedBy",
              case when jsonb_typeof(result->'missing') = 'array' then result->'missing' else '[]'::jsonb end
                as missing,
              result->>'summary' as summary, reuse_count as "reuseCount", last_reused_at::text as "lastReusedAt",
              case when jsonb_typeof(result->'decisions') = 'array' then jsonb_array_length(result->'decisions') end
                as decisions,
              error, g.created_at::text as "createdAt", decided_at::text as "decidedAt", w.waived_by as "waivedBy"
       from gate_runs g left join gate_waivers w on w.gate_id = g.id
       where g.project_id = $1 and ($2::text is null or release = $2)
       order by g.created_at desc, g.id limit $3`,
      [projectId, release, limit],
    )
  ).rows.map((r) => ({
    ...r,
    blockedBy: (r.blockedBy as unknown[]).filter((n) => typeof n === 'string'),
    missing: (r.missing as unknown[]).filter((n) => typeof n === 'string'),
  })) as GateListRow[];

export interface FlipView {
  key: string;
  traceId: string;
  baselineTraceId: string;
  from: string;
  to: string;
}

export interface DecisionView {
  evaluator: { id: string; name: string; failureMode: string; status: string; version: string; mcc: number | null };
  /** pass | block | inconclusive (older runs: insufficient) */
  decision: string;
  blocking: boolean;
  reason: string;
  baselineRate: number | null;
  candidateRate: number | null;
  diff: number | null;
  correctedBaselineRate: number | null;
  correctedCandidateRate: number | null;
  nCandidate: number | null;
  nBaseline: number | null;
  /** Which comparison ran, with its p-value or interval ("McNemar p = 0.012 (40 paired, 6↓ 1↑)"). */
  test: string;
  /** pass → fail first, then fail → pass (as stored, re-sorted to be sure). */
  flipped: FlipView[];
  policy: { tolerance: number | null; alpha: number | null; floor: number | null; minItems: number | null };
}

export interface GateResultView {
  verdict: string | null;
  blockedBy: string[];
  missing: string[];
  summary: string | null;
  decisions: DecisionView[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const describeTest = (n: Obj, policy: DecisionView['policy']) => {
  const nCandidate = num(n.nCandidate);
  switch (n.test) {
    case 'mcnemar': {
      const p = num(n.pValue);
      const flips = `${num(n.passToFail) ?? '?'}↓ ${num(n.failToPass) ?? '?'}↑`;
      return `McNemar ${p === null ? 'p –' : formatP(p)} (${num(n.nShared) ?? '?'} paired, ${flips})`;
    }
    case 'unpaired':
      return `Newcombe ${formatLevel(policy.alpha ?? 0.05)} [${formatPoints(num(n.ciLower))}, ${formatPoints(num(n.ciUpper))}]`;
    case 'floor-only':
      return policy.floor ? `floor ${formatRate(policy.floor)} only` : 'no baseline';
    case 'none':
      return `${nCandidate ?? 0} items < ${policy.minItems ?? '?'}`;
    default:
      return str(n.test) ?? '–';
  }
};

const readFlip = (f: unknown): FlipView[] => {
  const o = obj(f);
  const traceId = str(o.traceId);
  const baselineTraceId = str(o.baselineTraceId);
  if (!traceId || !baselineTraceId) return [];
  return [{ key: str(o.key) ?? '', traceId, baselineTraceId, from: str(o.from) ?? '?', to: str(o.to) ?? '?' }];
};

const readDecision = (d: unknown): DecisionView => {
  const o = obj(d);
  const e = obj(o.evaluator);
  const n = obj(o.numbers);
  const p = obj(o.policy);
  const policy = { tolerance: num(p.tolerance), alpha: num(p.alpha), floor: num(p.floor), minItems: num(p.minItems) };
  const flipped = arr(o.flipped).flatMap(readFlip);
  const rank = (f: FlipView) => (f.from === 'pass' && f.to === 'fail' ? 0 : 1);
  return {
    evaluator: {
      id: str(e.id) ?? '',
      name: str(e.name) ?? '(unnamed)',
      failureMode: str(e.failureMode) ?? '–',
      status: str(e.status) ?? '–',
      version: e.version === undefined || e.version === null ? '?' : String(e.version),
      mcc: num(e.mcc),
    },
    decision: str(o.decision) ?? '?',
    blocking: o.blocking === true,
    reason: str(o.reason) ?? '',
    baselineRate: num(n.baselineRate),
    candidateRate: num(n.candidateRate),
    diff: num(n.diff),
    correctedBaselineRate: num(n.correctedBaselineRate),
    correctedCandidateRate: num(n.correctedCandidateRate),
    nCandidate: num(n.nCandidate),
    nBaseline: num(n.nBaseline),
    test: describeTest(n, policy),
    flipped: flipped
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map((x) => x.f),
    policy,
  };
};

/** A stored gate result (null when the gate has none yet). */
export const readGateResult = (r: unknown): GateResultView | null => {
  if (!r || typeof r !== 'object') return null;
  const o = obj(r);
  return {
    verdict: str(o.verdict),
    blockedBy: arr(o.blockedBy).flatMap((n) => (typeof n === 'string' ? [n] : [])),
    missing: arr(o.missing).flatMap((n) => (typeof n === 'string' ? [n] : [])),
    summary: str(o.summary),
    decisions: arr(o.decisions)
      .filter((d) => d && typeof d === 'object')
      .map(readDecision),
  };
};
