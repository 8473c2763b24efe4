import { Hono } from 'hono';
import { z } from 'zod';
import { roleAllows } from '../core/auth.js';
import { AppError } from '../core/errors.js';
import { flippedTraceIds, withoutUnconsentedFlips } from '../core/gate/consent-view.js';
import { renderJUnit, renderMarkdown } from '../core/gate/report.js';
import type { GateResult } from '../core/gate/types.js';
import { unreviewableTraceIds } from '../db/consent.js';
import { findGateRun, type GateRunRow, listGateRuns } from '../db/gate-runs.js';
import { findGateWaiver, type GateWaiver, insertGateWaiver, listGateWaivers } from '../db/gate-waivers.js';
import { type AppEnv, type Caller, type KeyLookup, requirePermission } from './auth.js';
import { type GateRequest, type GateStartDeps, startGate } from './gate-start.js';
import { validate } from './validate.js';

export interface GateRouteDeps extends GateStartDeps {
  lookupKey: KeyLookup;
  /** Redacts trace text for non-admin callers (api/redaction.ts). */
  redactTrace: <T>(caller: Caller, value: T) => Promise<T>;
}

export const startBody = z.object({
  release: z.string().min(1).max(200),
  baseline: z.string().min(1).max(200).optional().describe('default: the last release whose gate passed'),
  datasetVersionId: z.uuid().optional().describe('with outputs: the dataset version whose inputs they answer'),
  outputs: z
    .array(
      z.object({ item: z.string().min(1), output: z.string(), context: z.record(z.string(), z.unknown()).optional() }),
    )
    .max(20_000)
    .optional()
    .describe('candidate outputs, one per dataset item (the item is the trace id of the dataset input)'),
  policy: z
    .object({
      tolerance: z.number().min(0).lt(1),
      alpha: z.number().gt(0).lt(0.5),
      floor: z.number().min(0).max(1),
      minItems: z.number().int().min(1),
    })
    .partial()
    .optional(),
  rerun: z.boolean().default(false).describe('run a new gate even when a decided one has the same evidence'),
});

const MAX_WAIT_SECONDS = 300;

export const listQuery = z.object({ release: z.string().optional() });

export const waitQuery = z.object({ wait: z.coerce.number().min(0).max(MAX_WAIT_SECONDS).default(0) });

/**
 * A gate run as a caller may see it. Flipped items' keys are users' inputs: for every non-admin
 * role (ci keys included) they are redacted like trace text, one redaction session per item, items
 * of traces without consent to review are left out (counted in `hiddenNoConsent`), and
 * the Markdown report is rendered again from the redacted result (the stored one is the admin's).
 */
const viewGateRun = async (
  deps: GateRouteDeps,
  caller: Caller,
  run: GateRunRow,
): Promise<GateRunRow & { waiver: GateWaiver | null; outcome: string }> => {
  const waiver = await findGateWaiver(deps.pool, caller.projectId, run.id);
  const outcome = waiver ? 'waived' : run.status;
  if (!run.result || typeof run.result !== 'object') return { ...run, waiver, outcome };
  let result = run.result as GateResult;
  if (!roleAllows(caller.role, 'manage')) {
    const all = Array.isArray(result.decisions) ? result.decisions : [];
    const hidden = await unreviewableTraceIds(deps.pool, caller.projectId, flippedTraceIds(all));
    const decisions = await Promise.all(
      withoutUnconsentedFlips(all, hidden).map(async (d) => ({
        ...d,
        flipped: await Promise.all(
          d.flipped.map(async (f) => ({ ...f, key: (await deps.redactTrace(caller, { key: f.key })).key })),
        ),
      })),
    );
    result = { ...result, decisions };
  }
  return {
    ...run,
    result,
    waiver,
    outcome,
    markdown: run.markdown ? renderMarkdown(result, { baseUrl: deps.publicUrl, gateId: run.id, waiver }) : null,
  };
};

/** Longest waiver reason accepted (the database allows 2,000 characters). */
export const MAX_WAIVER_REASON = 2000;

export const waiveBody = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'reason: say why this gate may be let through')
    .max(MAX_WAIVER_REASON, `reason: at most ${MAX_WAIVER_REASON} characters`)
    .describe('why the blocked or inconclusive gate may be let through (kept with who and when)'),
});

/**
 * Release gates: start (a new run per release and evidence; the decided verdict is reused while the
 * evidence is unchanged, unless `rerun`), read with long-polling, history.
 */
export const createGateRoutes = (deps: GateRouteDeps) => {
  const app = new Hono<AppEnv>();
  const gate = requirePermission(deps.lookupKey, 'gate');

  app.post('/', gate, validate('json', startBody), async (c) => {
    const body = c.req.valid('json');
    const projectId = c.get('caller').projectId;
    if (body.outputs && !body.datasetVersionId) {
      throw new AppError(
        'bad_request',
        'datasetVersionId: uploaded outputs answer a dataset version’s inputs; name it',
        {
          field: 'datasetVersionId',
        },
      );
    }
    let outputs: GateRequest['outputs'] = null;
    if (body.outputs && body.datasetVersionId) {
      const { rows } = await deps.pool.query<{ trace_id: string; input: string | null }>(
        `select t.trace_id, t.input from dataset_version_labels dl join labels l on l.id = dl.label_id
         join traces t on t.project_id = l.project_id and t.trace_id = l.trace_id
         join dataset_versions v on v.id = dl.dataset_version_id join datasets d on d.id = v.dataset_id
         where dl.dataset_version_id = $1 and d.project_id = $2`,
        [body.datasetVersionId, projectId],
      );
      const inputs = new Map(rows.map((r) => [r.trace_id, r.input ?? '']));
      const seen = new Set<string>();
      body.outputs.forEach((o, i) => {
        if (!inputs.has(o.item)) {
          throw new AppError('bad_request', `outputs.${i}.item: "${o.item}" is not an item of that dataset version`, {
            field: `outputs.${i}.item`,
          });
        }
        if (seen.has(o.item)) {
          throw new AppError('bad_request', `outputs.${i}.item: "${o.item}" has an output already; give one per item`, {
            field: `outputs.${i}.item`,
          });
        }
        seen.add(o.item);
      });
      outputs = body.outputs.map((o) => ({
        item: o.item,
        input: inputs.get(o.item) ?? '',
        output: o.output,
        context: o.context ?? null,
      }));
    }
    const started = await startGate(deps, {
      projectId,
      release: body.release,
      baseline: body.baseline ?? null,
      datasetVersionId: body.datasetVersionId ?? null,
      outputs,
      policy: body.policy,
      rerun: body.rerun,
    });
    const { created, ...answer } = started;
    return c.json(answer, created ? 202 : 200);
  });

  app.get('/', gate, validate('query', listQuery), async (c) => {
    const projectId = c.get('caller').projectId;
    const runs = await listGateRuns(deps.pool, projectId, c.req.valid('query').release);
    const waivers = await listGateWaivers(
      deps.pool,
      projectId,
      runs.map((r) => r.id),
    );
    return c.json({
      gates: runs.map((r) => {
        const waiver = waivers.get(r.id) ?? null;
        return { ...r, waiver, outcome: waiver ? 'waived' : r.status };
      }),
    });
  });

  const manage = requirePermission(deps.lookupKey, 'manage');

  /**
   * Waives a blocked or inconclusive gate run (admins only): the waiver (who, when, why) is stored
   * immutably and the run's outcome becomes "waived"; its verdict and evidence are unchanged.
   */
  app.post('/:id/waive', manage, validate('json', waiveBody), async (c) => {
    const caller = c.get('caller');
    const id = c.req.param('id');
    const run = await findGateRun(deps.pool, caller.projectId, id);
    if (!run) throw new AppError('not_found', `no gate ${id}`);
    if (run.status !== 'blocked' && run.status !== 'inconclusive') {
      throw new AppError('conflict', `gate ${id} is ${run.status}: only a blocked or inconclusive gate can be waived`);
    }
    const waiver = await insertGateWaiver(deps.pool, {
      gateId: id,
      projectId: caller.projectId,
      waivedBy: caller.name,
      keyId: caller.keyId,
      reason: c.req.valid('json').reason,
    });
    if (!waiver) {
      const first = await findGateWaiver(deps.pool, caller.projectId, id);
      throw new AppError(
        'conflict',
        `gate ${id} was waived already by ${first?.waivedBy ?? 'someone'} at ${first?.createdAt ?? '?'}; a waiver cannot be changed`,
      );
    }
    console.info(`audit: gate ${id} waived by ${caller.name} (key ${caller.keyId}): ${waiver.reason}`);
    return c.json({ gate: { id, status: run.status, outcome: 'waived' }, waiver }, 201);
  });

  /** Runs a decided gate again (admins): fresh evidence, a new gate run, as `evalloop gate --rerun`. */
  app.post('/:id/rerun', manage, async (c) => {
    const caller = c.get('caller');
    const id = c.req.param('id');
    const run = await findGateRun(deps.pool, caller.projectId, id);
    if (!run) throw new AppError('not_found', `no gate ${id}`);
    if (run.source !== 'traces') {
      throw new AppError(
        'conflict',
        `gate ${id} judged uploaded outputs: upload them again with POST /api/gates (rerun: true)`,
      );
    }
    const { created, ...answer } = await startGate(deps, {
      projectId: caller.projectId,
      release: run.release,
      baseline: run.baseline,
      datasetVersionId: null,
      outputs: null,
      policy: undefined,
      rerun: true,
    });
    return c.json(answer, created ? 202 : 200);
  });

  app.get('/:id', gate, validate('query', waitQuery), async (c) => {
    const projectId = c.get('caller').projectId;
    const id = c.req.param('id');
    const deadline = Date.now() + c.req.valid('query').wait * 1000;
    // Gate ids name their project: any other workflow id is not this caller's to look at.
    const own = id.startsWith(`gate:${projectId}:`);
    for (;;) {
      const run = await findGateRun(deps.pool, projectId, id);
      const engine = own ? await deps.engine.status(id) : null;
      if (!run && !engine) throw new AppError('not_found', `no gate ${id}`);
      const failed = engine?.state === 'ERROR' || engine?.state === 'CANCELLED';
      const decided = run && run.status !== 'running';
      if (decided || failed || Date.now() >= deadline) {
        return c.json({
          gate: run ? await viewGateRun(deps, c.get('caller'), run) : { id, status: 'running' },
          state: decided ? 'decided' : failed ? 'failed' : 'running',
          engine,
        });
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  });
  /**
   * The decided gate's report for a curl-only CI job: `junit` (JUnit XML, an inconclusive gating
   * evaluator as an <error>) or `markdown`. Built from the same view as GET /:id, so users' inputs
   * are redacted for every non-admin key. 409 while the gate is undecided.
   */
  app.get('/:id/:format{junit|markdown}', gate, async (c) => {
    const caller = c.get('caller');
    const id = c.req.param('id');
    const run = await findGateRun(deps.pool, caller.projectId, id);
    if (!run) throw new AppError('not_found', `no gate ${id}`);
    if (!run.result) {
      throw new AppError(
        'conflict',
        `gate ${id} is ${run.status}: no report yet (GET /api/gates/:id?wait=30 waits for it)`,
      );
    }
    const view = await viewGateRun(deps, caller, run);
    return c.req.param('format') === 'junit'
      ? c.body(renderJUnit(view.result as GateResult, view.waiver), 200, {
          'content-type': 'application/xml; charset=utf-8',
        })
      : c.body(view.markdown ?? '', 200, { 'content-type': 'text/markdown; charset=utf-8' });
  });
  return app;
};
