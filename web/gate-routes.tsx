import { Hono, type MiddlewareHandler } from 'hono';
import { roleAllows } from '../core/auth.js';
import { flippedTraceIds, withoutUnconsentedFlips } from '../core/gate/consent-view.js';
import { unreviewableTraceIds } from '../db/consent.js';
import { loadGateExplanations } from '../db/gate-evidence.js';
import { findGateRun } from '../db/gate-runs.js';
import { findGateWaiver } from '../db/gate-waivers.js';
import { WithAlerts } from './alerts.js';
import { loadAlertSummary } from './drift-data.js';
import { ErrorPage } from './error-page.js';
import { loadGateList, readGateResult } from './gate-data.js';
import { GatePage } from './gate-page.js';
import { GatesPage } from './gates-page.js';
import { loadOpenTakeovers } from './gating-notice.js';
import type { WebDeps, WebEnv } from './web-env.js';

/** Flipped items listed per evaluator on a gate page (the rest are counted). */
const MAX_FLIPS = 100;

/**
 * The release gate pages: the gate history and one gate's verdict with its flipped items. Read-only;
 * item keys are users' inputs (trace text), so they are redacted for non-admins like trace text.
 */
export const createGateRoutes = (deps: WebDeps, signedIn: MiddlewareHandler<WebEnv>) => {
  const app = new Hono<WebEnv>();

  app.get('/gates', signedIn, async (c) => {
    const caller = c.get('caller');
    const release = c.req.query('release')?.trim() || null;
    const [rows, alerts, takeovers] = await Promise.all([
      loadGateList(deps.pool, caller.projectId, release),
      loadAlertSummary(deps.pool, caller.projectId),
      loadOpenTakeovers(deps.pool, caller.projectId),
    ]);
    return c.html(
      <WithAlerts summary={alerts}>
        <GatesPage who={caller.name} rows={rows} release={release} takeovers={takeovers} />
      </WithAlerts>,
    );
  });

  app.get('/gates/:id', signedIn, async (c) => {
    const caller = c.get('caller');
    const id = c.req.param('id');
    const [run, alerts] = await Promise.all([
      id.length <= 200 ? findGateRun(deps.pool, caller.projectId, id) : null,
      loadAlertSummary(deps.pool, caller.projectId),
    ]);
    if (!run)
      return c.html(<ErrorPage who={caller.name} title="No such gate" message={`No release gate ${id}.`} />, 404);
    const result = readGateResult(run.result);
    // Non-admins never see flipped items of traces without consent to review (counted instead).
    const all = result?.decisions ?? [];
    const admin = roleAllows(caller.role, 'manage');
    const hidden = admin
      ? new Set<string>()
      : await unreviewableTraceIds(deps.pool, caller.projectId, flippedTraceIds(all));
    const listed = withoutUnconsentedFlips(all, hidden).flatMap((d) => d.flipped.slice(0, MAX_FLIPS));
    const [waiver, verdicts] = await Promise.all([
      findGateWaiver(deps.pool, caller.projectId, run.id),
      loadGateExplanations(deps.pool, caller.projectId, run.id, [
        ...new Set(listed.flatMap((f) => [f.traceId, f.baselineTraceId])),
      ]),
    ]);
    const names = new Map(
      (result?.decisions ?? []).map((d) => [d.evaluator.id, `${d.evaluator.name} v${d.evaluator.version}`]),
    );
    const verdictsOf = (side: 'candidate' | 'baseline', traceId: string) =>
      verdicts
        .filter((v) => v.side === side && v.traceId === traceId)
        .map((v) => ({ ...v, evaluator: names.get(v.evaluatorVersionId) ?? v.evaluatorVersionId }))
        .sort((a, b) => a.evaluator.localeCompare(b.evaluator));
    // One redaction per item: each key is one user input (the same question asked of both releases),
    // and the evaluators' explanations on its two traces quote it.
    const decisions = await Promise.all(
      withoutUnconsentedFlips(all, hidden).map(async (d) => ({
        ...d,
        flippedTotal: d.flipped.length,
        flipped: await Promise.all(
          d.flipped.slice(0, MAX_FLIPS).map(async (f) => ({
            ...f,
            ...(await deps.redactTrace(caller, {
              key: f.key,
              candidate: verdictsOf('candidate', f.traceId),
              baseline: verdictsOf('baseline', f.baselineTraceId),
            })),
          })),
        ),
      })),
    );
    return c.html(
      <WithAlerts summary={alerts}>
        <GatePage
          who={caller.name}
          run={run}
          summary={result?.summary ?? null}
          decisions={decisions}
          unredacted={admin}
          admin={admin}
          waiver={waiver}
        />
      </WithAlerts>,
    );
  });

  return app;
};
