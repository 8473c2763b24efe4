import { Hono, type MiddlewareHandler } from 'hono';
import type { Activities } from '../activities/registry.js';
import { computeReleaseScorecard } from '../api/scorecard.js';
import { roleAllows } from '../core/auth.js';
import { AppError } from '../core/errors.js';
import { GROUPINGS, type Grouping } from '../core/scorecard/build.js';
import { loadScorecard } from '../db/scorecard.js';
import { WithAlerts } from './alerts.js';
import { loadAlertSummary } from './drift-data.js';
import { ErrorPage } from './error-page.js';
import { ScorecardPage } from './scorecard-page.js';
import type { WebDeps, WebEnv } from './web-env.js';

export type ScorecardPageDeps = WebDeps & { activities: Pick<Activities, 'runEvaluator'> };

/** GET /scorecard (?by=release|prompt_version|model_version) and the admin's "compute" form. */
export const createScorecardPages = (deps: ScorecardPageDeps, signedIn: MiddlewareHandler<WebEnv>) => {
  const app = new Hono<WebEnv>();

  app.get('/scorecard', signedIn, async (c) => {
    const caller = c.get('caller');
    const asked = c.req.query('by') ?? 'release';
    if (!(GROUPINGS as readonly string[]).includes(asked)) {
      return c.html(
        <ErrorPage who={caller.name} title="No such grouping" message={`Group by ${GROUPINGS.join(', ')}.`} />,
        400,
      );
    }
    const [s, alerts] = await Promise.all([
      loadScorecard(deps.pool, caller.projectId, asked as Grouping),
      loadAlertSummary(deps.pool, caller.projectId),
    ]);
    const release = c.req.query('computed');
    const evaluated = Number(c.req.query('evaluated'));
    return c.html(
      <WithAlerts summary={alerts}>
        <ScorecardPage
          who={caller.name}
          s={s}
          canCompute={roleAllows(caller.role, 'manage')}
          computed={release && Number.isInteger(evaluated) ? { release, evaluated } : null}
        />
      </WithAlerts>,
    );
  });

  app.post('/scorecard/compute', signedIn, async (c) => {
    const caller = c.get('caller');
    if (!roleAllows(caller.role, 'manage')) {
      return c.html(
        <ErrorPage who={caller.name} title="Not allowed" message="Only an admin can compute a release's results." />,
        403,
      );
    }
    const form = await c.req.parseBody();
    const release = typeof form.release === 'string' ? form.release.trim() : '';
    if (!release || release.length > 200) {
      return c.html(<ErrorPage who={caller.name} title="No release" message="Say which release to compute." />, 400);
    }
    try {
      const out = await computeReleaseScorecard(deps, caller.projectId, release);
      const evaluated = out.runs.reduce((a, r) => a + r.evaluated, 0);
      return c.redirect(
        `/scorecard?${new URLSearchParams({ by: 'release', computed: release, evaluated: String(evaluated) })}`,
        303,
      );
    } catch (err) {
      if (!(err instanceof AppError && (err.code === 'not_found' || err.code === 'conflict'))) throw err;
      return c.html(<ErrorPage who={caller.name} title="Nothing computed" message={err.message} />, 400);
    }
  });
  return app;
};
