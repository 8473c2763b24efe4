import type pg from 'pg';
import type { Activities } from '../activities/registry.js';
import { resolvePolicy } from '../core/gate/decide.js';
import { evidenceFingerprint, summarizeEvidence } from '../core/gate/evidence.js';
import type { GatePolicy } from '../core/gate/types.js';
import { loadGateEvidence } from '../db/gate-evidence.js';
import {
  countGateRuns,
  ensureGateRun,
  findGateByEvidence,
  lastPassingRelease,
  markGateReused,
  saveGateOutputs,
  withGateLock,
} from '../db/gate-runs.js';
import type { Engine } from '../workflows/engine.js';
import { gateIdOf } from '../workflows/gate.js';

export interface GateStartDeps {
  pool: pg.Pool;
  engine: Engine;
  publicUrl: string;
  activities: Pick<Activities, 'closeTraces'>;
}

export interface GateRequest {
  projectId: string;
  release: string;
  baseline: string | null;
  datasetVersionId: string | null;
  /** Uploaded outputs with the dataset inputs they answer (already checked against the dataset version). */
  outputs: { item: string; input: string; output: string; context: unknown }[] | null;
  policy: Partial<GatePolicy> | undefined;
  /** Run a new gate even when a decided one has the same evidence. */
  rerun: boolean;
}

/** What POST /api/gates answers. */
export interface GateStart {
  id: string;
  status: string;
  /** True when a decided verdict was handed out again because its evidence is unchanged. */
  reused: boolean;
  /** The reused run (id, when it was decided): set only when `reused`. */
  reusedFrom: { id: string; createdAt: string; decidedAt: string | null } | null;
  evidence: { fingerprint: string; candidate: number; baseline: number; evaluators: number };
  /** 202 for a new run, 200 otherwise. */
  created: boolean;
}

/**
 * Passes of trace closing a request may run before it fingerprints the evidence (500 traces each).
 * A gate asked right after its traffic was sent must see that traffic: open traces have no release
 * yet. Past this many, the request cannot know the evidence and starts a new run (never reuses).
 */
const MAX_CLOSE_PASSES = 20;

/**
 * Starts the gate of a release, or hands back the run whose evidence is the same. The evidence
 * (core/gate/evidence.ts) is read after closing the project's open traces: the candidate's traces
 * with their last span times (or the uploaded outputs), the baseline and its traces, the evaluator
 * versions and the policy. A decided run with that evidence is reused (and counted as reused) unless
 * `rerun`; a running one is joined (identical concurrent requests, reruns included, start one run);
 * one that failed is run again under the next run number. Finding and numbering happen under an
 * advisory lock per evidence.
 */
export const startGate = async (deps: GateStartDeps, r: GateRequest): Promise<GateStart> => {
  const policy = resolvePolicy(r.policy);
  // Spans that arrive while this runs are a race either way; a backlog left unclosed is not.
  let settled = true;
  if (!r.datasetVersionId) {
    settled = false;
    for (let pass = 0; pass < MAX_CLOSE_PASSES && !settled; pass++) {
      settled = !(await deps.activities.closeTraces({ projectId: r.projectId, idleSeconds: 0 })).more;
    }
  }
  const baseline =
    r.baseline ?? (r.datasetVersionId ? null : await lastPassingRelease(deps.pool, r.projectId, r.release));
  const evidence = await loadGateEvidence(deps.pool, {
    projectId: r.projectId,
    release: r.release,
    baseline,
    datasetVersionId: r.datasetVersionId,
    ...(r.outputs ? { outputs: r.outputs } : {}),
    policy,
  });
  const fingerprint = evidenceFingerprint(evidence);
  const summary = { fingerprint, ...summarizeEvidence(evidence) };
  const prefix = gateIdOf(r.projectId, r.release, fingerprint);
  return withGateLock(deps.pool, prefix, async (): Promise<GateStart> => {
    const existing = settled ? await findGateByEvidence(deps.pool, r.projectId, r.release, fingerprint) : null;
    if (existing) {
      if (existing.status === 'running') {
        // Joined, also by --rerun: a run of this evidence is under way. Unless its workflow is gone.
        const engine = await deps.engine.status(existing.id);
        if (engine && engine.state !== 'ERROR' && engine.state !== 'CANCELLED') {
          return { ...answer(existing.id, 'running', summary), created: false };
        }
      } else if (!r.rerun) {
        await markGateReused(deps.pool, existing.id);
        return {
          ...answer(existing.id, existing.status, summary),
          reused: true,
          reusedFrom: { id: existing.id, createdAt: existing.createdAt, decidedAt: existing.decidedAt },
          created: false,
        };
      }
    }
    const id = gateIdOf(r.projectId, r.release, fingerprint, (await countGateRuns(deps.pool, r.projectId, prefix)) + 1);
    await ensureGateRun(deps.pool, {
      id,
      projectId: r.projectId,
      release: r.release,
      baseline,
      source: r.datasetVersionId ? 'upload' : 'traces',
      datasetVersionId: r.datasetVersionId,
      evidence: fingerprint,
      evidenceSummary: summarizeEvidence(evidence),
    });
    if (r.outputs) await saveGateOutputs(deps.pool, id, r.outputs);
    await deps.engine.enqueue('gate', id, {
      projectId: r.projectId,
      release: r.release,
      baseline,
      datasetVersionId: r.datasetVersionId,
      policy: r.policy,
      publicUrl: deps.publicUrl,
    });
    return { ...answer(id, 'running', summary), created: true };
  });
};

const answer = (id: string, status: string, evidence: GateStart['evidence']) => ({
  id,
  status,
  reused: false,
  reusedFrom: null,
  evidence,
});
